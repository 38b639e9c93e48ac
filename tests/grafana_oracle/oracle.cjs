// Grafana's own answers, from its data library (@grafana/data, pinned in package.json), for
// the differential tests in this folder. Reads one JSON object on stdin:
//   { "units":    [[unitId, value, decimals | null], ...],
//     "reducers": [[reducerId, [value | null, ...]], ...] }
// and writes the same shape back, each case replaced by Grafana's answer:
//   units:    [prefix, text, suffix]   (formattedValueToString is their concatenation)
//   reducers: the number as JavaScript writes it ("NaN", "Infinity" included), a boolean,
//             or null (numbers go as text so that no JSON reader rounds them)
'use strict';

// @grafana/data reads the browser's language when it builds its date formats.
globalThis.navigator = { language: 'en-US', languages: ['en-US'] };
const grafana = require('@grafana/data');

function units(cases) {
  return cases.map(([id, value, decimals]) => {
    const formatted = grafana.getValueFormat(id)(value, decimals ?? undefined);
    return [formatted.prefix ?? '', String(formatted.text), formatted.suffix ?? ''];
  });
}

function number(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  return Object.is(value, -0) ? '-0' : String(value);
}

function reducers(cases) {
  return cases.map(([id, values]) => {
    // A new field each time: reduceField keeps what it worked out in the field's state.
    const field = { name: 'Value', type: grafana.FieldType.number, config: {}, values };
    return number(grafana.reduceField({ field, reducers: [id] })[id]);
  });
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const asked = JSON.parse(input);
  const answers = {};
  if (asked.unit_ids) answers.unit_ids = grafana.getValueFormats().flatMap((c) => c.submenu.map((s) => s.value));
  if (asked.units) answers.units = units(asked.units);
  if (asked.reducers) answers.reducers = reducers(asked.reducers);
  process.stdout.write(JSON.stringify(answers));
});
