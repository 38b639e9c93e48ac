// Grafana's own answers, from its data library (@grafana/data, pinned in package.json), for
// the differential tests in this folder. Reads one JSON object on stdin:
//   { "units":    [[unitId, value, decimals | null], ...],
//     "reducers": [[reducerId, [value | null, ...]], ...] }
// and writes the same shape back, each case replaced by Grafana's answer:
//   tables:   per case, the frames transformDataFrame gives, each [[name, [cell as text]]]
//             (numbers as JavaScript writes them, text as it is, null as null)
//   display:  [[text, color], ...] per case, one pair per value the panel shows, as a
//             stat, gauge or bar gauge panel shows a panel's JSON over those series
//   cells:    per case, a table panel's columns after applyFieldOverrides: each
//             [header, hidden, align, [[text, color, background], ...]] (see cells())
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
    const field = { name: 'Value', type: grafana.FieldType.number, config: {}, values: values.map(fromText) };
    return number(grafana.reduceField({ field, reducers: [id] })[id]);
  });
}

// The standard field options as Grafana's core registers them for every panel
// (public/app/core/components/OptionsUI/registry.tsx), each with @grafana/data's own
// override processor: applyFieldOverrides reads defaults and overrides through them.
function fieldConfigRegistry() {
  const item = (id, process, extra = {}) => ({
    id,
    path: id,
    name: id,
    process,
    shouldApply: () => true,
    override: () => null,
    editor: () => null,
    ...extra,
  });
  const numeric = { shouldApply: (field) => field.type === grafana.FieldType.number };
  return new grafana.FieldConfigOptionsRegistry(() => [
    item('unit', grafana.unitOverrideProcessor),
    item('fieldMinMax', grafana.booleanOverrideProcessor, numeric),
    item('min', grafana.numberOverrideProcessor, numeric),
    item('max', grafana.numberOverrideProcessor, numeric),
    item('decimals', grafana.numberOverrideProcessor, numeric),
    item('displayName', grafana.displayNameOverrideProcessor),
    item('noValue', grafana.stringOverrideProcessor),
    item('mappings', grafana.valueMappingsOverrideProcessor),
    item('thresholds', grafana.thresholdsOverrideProcessor),
    item('color', grafana.identityOverrideProcessor),
    item('links', grafana.dataLinksOverrideProcessor),
    // The table panel's own field options (public/app/plugins/panel/table), under custom.
    ...['cellOptions', 'align', 'hidden', 'width', 'minWidth', 'inspect', 'filterable'].map((path) =>
      item(`custom.${path}`, grafana.identityOverrideProcessor, { path, isCustom: true }),
    ),
  ]);
}

// What the stat, gauge and bar gauge plugins add to a panel's field config before it is
// drawn: the default thresholds (green, then red at 80) where it has none, and the base
// step at -Infinity (JSON cannot hold it, so files write null).
function withPluginDefaults(fieldConfig) {
  const config = JSON.parse(JSON.stringify(fieldConfig ?? { defaults: {}, overrides: [] }));
  config.defaults = config.defaults ?? {};
  config.overrides = config.overrides ?? [];
  const thresholds = config.defaults.thresholds;
  if (!thresholds || !Array.isArray(thresholds.steps) || thresholds.steps.length === 0) {
    config.defaults.thresholds = {
      mode: 'absolute',
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 80 },
      ],
    };
  }
  const steps = config.defaults.thresholds.steps;
  steps[0].value = -Infinity;
  for (const override of config.overrides) {
    for (const property of override.properties ?? []) {
      if (property.id === 'thresholds' && property.value?.steps?.length) {
        property.value.steps[0].value = -Infinity;
      }
    }
  }
  config.defaults.color = config.defaults.color ?? { mode: 'thresholds' };
  return config;
}

// A page draws in one theme, but these cases switch between two. Grafana's colour
// schemes keep the first theme's colours (and the spline through them) once worked out,
// so each switch clears what the schemes built from named colours keep.
const schemesFromNames = grafana.fieldColorModeRegistry
  .list()
  .filter((mode) => mode.getNamedColors !== undefined);
const themes = {};
let lastTheme;
function theme(name) {
  themes[name] = themes[name] ?? grafana.createTheme({ colors: { mode: name } });
  if (lastTheme !== name) {
    for (const mode of schemesFromNames) {
      mode.interpolator = undefined;
      mode.colorCache = undefined;
    }
    lastTheme = name;
  }
  return themes[name];
}

function display(cases) {
  const registry = fieldConfigRegistry();
  return cases.map(({ panel, series, names, theme: themeName }) => {
    const data = series.map((values, i) =>
      grafana.toDataFrame({
        // Series from two queries, in turn (as fedview's side of the test has them).
        refId: i % 2 === 0 ? 'A' : 'B',
        fields: [
          { name: 'Time', type: grafana.FieldType.time, values: values.map((_, t) => t * 1000) },
          { name: names[i], type: grafana.FieldType.number, values: values.map(fromText), config: {} },
        ],
      }),
    );
    const fieldConfig = withPluginDefaults(panel.fieldConfig);
    const replaceVariables = (text) => text;
    const processed = grafana.applyFieldOverrides({
      data,
      fieldConfig,
      fieldConfigRegistry: registry,
      replaceVariables,
      theme: theme(themeName),
      timeZone: 'utc',
    });
    const reduceOptions = panel.options?.reduceOptions ?? {};
    const shown = grafana.getFieldDisplayValues({
      data: processed,
      fieldConfig,
      reduceOptions: {
        calcs: reduceOptions.calcs ?? ['lastNotNull'],
        fields: reduceOptions.fields,
        values: reduceOptions.values,
        limit: reduceOptions.limit,
      },
      replaceVariables,
      theme: theme(themeName),
      timeZone: 'utc',
    });
    return shown.map((value) => [
      grafana.formattedValueToString(value.display),
      value.display.color ?? '',
    ]);
  });
}

// How Grafana's table (grafana-ui's TableNG) paints a cell from its display value. This
// part is restated from its source (getCellColorInlineStylesFactory,
// getTextColorForAlphaBackground, getTextAlign, displayJsonValue), as @grafana/ui is not
// installed; tinycolor2, the library it calls, runs here.
const tinycolor = require('tinycolor2');
function textOnBackground(color, isDark) {
  const c = tinycolor(color);
  if (c.getAlpha() < 0.3) return isDark ? 'rgb(247, 248, 250)' : 'rgb(32, 34, 38)';
  return c.getBrightness() > 180 ? 'rgb(32, 34, 38)' : 'rgb(247, 248, 250)';
}
function paint(cellOptions, color, isDark) {
  if (!color) return [null, null];
  if (cellOptions.type === 'color-text') return [color, null];
  if (cellOptions.type === 'color-background') {
    const partner = tinycolor(color).darken(10 * (isDark ? 1 : -0.7)).spin(5).toRgbString();
    const background = (cellOptions.mode ?? 'gradient') === 'gradient' ? `linear-gradient(120deg, ${partner}, ${color})` : color;
    return [textOnBackground(color, isDark), background];
  }
  return [null, null];
}
function align(field) {
  const set = field.config.custom?.align;
  if (set === 'left' || set === 'right' || set === 'center') return set;
  return field.type === grafana.FieldType.number ? 'right' : 'left';
}
function jsonText(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, ' ');
  } catch {
    return text;
  }
}

function cells(cases) {
  const registry = fieldConfigRegistry();
  return cases.map(({ panel, columns, theme: themeName }) => {
    const frame = grafana.toDataFrame({
      refId: 'A',
      fields: columns.map(([name, displayName, type, values]) => ({
        name,
        type,
        config: displayName === null ? {} : { displayName },
        // A number comes as ['number', text], so that a column of text can hold one.
        values: values.map((v) => (v === null ? null : Array.isArray(v) ? Number(v[1]) : v)),
      })),
    });
    const fieldConfig = withPluginDefaults(panel.fieldConfig);
    const [processed] = grafana.applyFieldOverrides({
      data: [frame],
      fieldConfig,
      fieldConfigRegistry: registry,
      replaceVariables: (text) => text,
      theme: theme(themeName),
      timeZone: 'utc',
    });
    const isDark = themeName === 'dark';
    return processed.fields.map((field) => {
      const cellOptions = field.config.custom?.cellOptions ?? { type: 'auto' };
      return [
        grafana.getFieldDisplayName(field, processed, [processed]),
        field.config.custom?.hidden === true,
        align(field),
        [...field.values].map((value) => {
          const display = field.display(value);
          let text = grafana.formattedValueToString(display);
          if (cellOptions.type === 'json-view') text = jsonText(text);
          const [color, background] = paint(cellOptions, display.color, isDark);
          return [text, display.color ?? '', color, background];
        }),
      ];
    });
  });
}

// Numbers travel as text so that JSON loses nothing (NaN included).
function fromText(value) {
  return value === null ? null : Number(value);
}

// transformDataFrame finds the transformers in a registry Grafana's app fills; filled here
// with each of the standard ones once (joinByField is listed twice). A CSS library
// @grafana/data loads wants a window once it is loaded.
let transformersReady = false;
function readyTransformers() {
  if (transformersReady) return;
  globalThis.window = globalThis;
  const seen = new Set();
  const items = [];
  for (const transformer of Object.values(grafana.standardTransformers)) {
    if (seen.has(transformer.id)) continue;
    seen.add(transformer.id);
    items.push({ id: transformer.id, aliasIds: transformer.aliasIds, transformation: () => transformer });
  }
  grafana.standardTransformersRegistry.setInit(() => items);
  transformersReady = true;
}

function cellText(value) {
  if (value === null || value === undefined) return null;
  return String(value);
}

async function tables(cases) {
  readyTransformers();
  const { firstValueFrom } = require('rxjs');
  const answers = [];
  for (const { tables: input, transformations } of cases) {
    const frames = input.map(({ refId, columns }) =>
      grafana.toDataFrame({
        refId,
        fields: columns.map(([name, type, cells]) => ({
          name,
          type,
          config: {},
          values: cells.map((cell) => (cell === null ? null : type === 'number' || type === 'time' ? Number(cell) : cell)),
        })),
      }),
    );
    try {
      const out = await firstValueFrom(grafana.transformDataFrame(transformations, frames));
      answers.push(
        out.map((frame) =>
          frame.fields.map((field) => [grafana.getFieldDisplayName(field, frame, out), [...field.values].map(cellText)]),
        ),
      );
    } catch (error) {
      answers.push({ error: String(error) });
    }
  }
  return answers;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const asked = JSON.parse(input);
  const answers = {};
  if (asked.unit_ids) answers.unit_ids = grafana.getValueFormats().flatMap((c) => c.submenu.map((s) => s.value));
  if (asked.units) answers.units = units(asked.units);
  if (asked.reducers) answers.reducers = reducers(asked.reducers);
  if (asked.display) answers.display = display(asked.display);
  if (asked.cells) answers.cells = cells(asked.cells);
  if (asked.tables) answers.tables = await tables(asked.tables);
  process.stdout.write(JSON.stringify(answers));
});
