//! Grafana's value mappings (`fieldConfig.defaults.mappings`): a value, a range, a pattern
//! or a special value (null, NaN, …) shown as a text, a colour, or both, in place of the
//! value written in its unit. Read, written back, and matched as Grafana's
//! `getValueMappingResult` (`packages/grafana-data/src/utils/valueMappings.ts`) matches
//! them: the first mapping that matches wins.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::board::display::Thresholds;

/// What a matched value shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MappingResult {
    /// The text shown instead of the value, if any.
    pub text: Option<String>,
    /// The colour (a Grafana colour name or a CSS colour) instead of the threshold's.
    pub color: Option<String>,
    /// Its place among the mappings, as Grafana keeps it.
    pub index: Option<i64>,
}

/// Which special value a mapping matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpecialMatch {
    /// No value (`null`).
    Null,
    /// Not a number.
    NaN,
    /// Either.
    NullAndNaN,
    /// `true`.
    True,
    /// `false`.
    False,
    /// The empty text.
    Empty,
}

impl SpecialMatch {
    /// Grafana's name of it (`options.match`).
    fn grafana(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::NaN => "nan",
            Self::NullAndNaN => "null+nan",
            Self::True => "true",
            Self::False => "false",
            Self::Empty => "empty",
        }
    }

    /// The match Grafana calls `name`.
    fn from_grafana(name: &str) -> Option<Self> {
        [
            Self::Null,
            Self::NaN,
            Self::NullAndNaN,
            Self::True,
            Self::False,
            Self::Empty,
        ]
        .into_iter()
        .find(|m| m.grafana() == name)
    }
}

/// One mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValueMapping {
    /// Exact values, written as JavaScript writes a number ("1", "0.5"), each to a result.
    Value(Vec<(String, MappingResult)>),
    /// Values from `from` to `to`, both included; a missing end is open. (Grafana reads a
    /// `null` end as 0, as JavaScript's `isNaN(null)` is false.)
    Range {
        /// The low end.
        from: Option<f64>,
        /// The high end.
        to: Option<f64>,
        /// What it shows.
        result: MappingResult,
    },
    /// Texts matching a pattern. Grafana matches only text values, so the numbers of a
    /// stat never match one.
    Regex {
        /// The pattern.
        pattern: String,
        /// What it shows.
        result: MappingResult,
    },
    /// A special value.
    Special {
        /// Which.
        matches: SpecialMatch,
        /// What it shows.
        result: MappingResult,
    },
}

/// The mappings in Grafana's `mappings` list; those of an unknown type are left out. An
/// old-style mapping (`"type": 1` value to text, `2` range to text, from before Grafana 8)
/// is upgraded as Grafana's `upgradeOldAngularValueMapping` upgrades it, with the colour
/// `thresholds` give a numeric text.
pub fn read_mappings(list: &Value, thresholds: &Thresholds) -> Vec<ValueMapping> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            if m.get("type").is_some_and(Value::is_number) {
                read_old_mapping(m, thresholds)
            } else {
                read_mapping(m)
            }
        })
        .collect()
}

/// An old-style mapping, upgraded: a value of `"null"` (or a range with a `"null"` end)
/// becomes a special null mapping.
fn read_old_mapping(value: &Value, thresholds: &Thresholds) -> Option<ValueMapping> {
    let text = value.get("text").and_then(Value::as_str).map(str::to_owned);
    // The colour the thresholds would have given the text, read as a number.
    let absolute = Thresholds {
        percentage: false,
        ..thresholds.clone()
    };
    let color = text
        .as_deref()
        .and_then(|t| t.trim().parse::<f64>().ok())
        .and_then(|n| absolute.step_for(n, 0.0, 0.0))
        .map(|step| step.color.clone());
    let result = MappingResult {
        text,
        color,
        index: None,
    };
    let null = || ValueMapping::Special {
        matches: SpecialMatch::Null,
        result: result.clone(),
    };
    let as_text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value.get("type").and_then(Value::as_i64)? {
        1 => {
            let key = as_text(value.get("value")?)?;
            Some(if key == "null" {
                null()
            } else {
                ValueMapping::Value(vec![(key, result.clone())])
            })
        }
        2 => {
            let from = value.get("from").and_then(as_text);
            let to = value.get("to").and_then(as_text);
            if from.as_deref() == Some("null") || to.as_deref() == Some("null") {
                return Some(null());
            }
            // JavaScript's `+text`: empty is 0, anything not a number is open.
            let end = |t: Option<String>| {
                t.and_then(|t| {
                    let t = t.trim();
                    if t.is_empty() {
                        Some(0.0)
                    } else {
                        t.parse::<f64>().ok()
                    }
                })
            };
            Some(ValueMapping::Range {
                from: end(from),
                to: end(to),
                result,
            })
        }
        _ => None,
    }
}

fn read_mapping(value: &Value) -> Option<ValueMapping> {
    let options = value.get("options")?.as_object()?;
    let result = |v: Option<&Value>| v.map(read_result).unwrap_or_default();
    Some(match value.get("type")?.as_str()? {
        "value" => ValueMapping::Value(
            options
                .iter()
                .map(|(key, r)| (key.clone(), read_result(r)))
                .collect(),
        ),
        "range" => ValueMapping::Range {
            from: range_end(options.get("from")),
            to: range_end(options.get("to")),
            result: result(options.get("result")),
        },
        "regex" => ValueMapping::Regex {
            pattern: options.get("pattern")?.as_str()?.to_owned(),
            result: result(options.get("result")),
        },
        "special" => ValueMapping::Special {
            matches: SpecialMatch::from_grafana(options.get("match")?.as_str()?)?,
            result: result(options.get("result")),
        },
        _ => return None,
    })
}

/// A range's end as Grafana compares with it: absent is open, `null` is 0.
fn range_end(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Null => Some(0.0),
        other => other.as_f64(),
    }
}

fn read_result(value: &Value) -> MappingResult {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    MappingResult {
        text: text("text"),
        color: text("color"),
        index: value.get("index").and_then(Value::as_i64),
    }
}

/// `mappings` as Grafana's `mappings` list.
pub fn mappings_json(mappings: &[ValueMapping]) -> Value {
    Value::Array(mappings.iter().map(mapping_json).collect())
}

fn mapping_json(mapping: &ValueMapping) -> Value {
    match mapping {
        ValueMapping::Value(options) => {
            let options: Map<String, Value> = options
                .iter()
                .map(|(key, result)| (key.clone(), result_json(result)))
                .collect();
            json!({"type": "value", "options": options})
        }
        ValueMapping::Range { from, to, result } => {
            let mut options = Map::new();
            if let Some(from) = from {
                options.insert("from".into(), json!(from));
            }
            if let Some(to) = to {
                options.insert("to".into(), json!(to));
            }
            options.insert("result".into(), result_json(result));
            json!({"type": "range", "options": options})
        }
        ValueMapping::Regex { pattern, result } => json!({
            "type": "regex",
            "options": {"pattern": pattern, "result": result_json(result)},
        }),
        ValueMapping::Special { matches, result } => json!({
            "type": "special",
            "options": {"match": matches.grafana(), "result": result_json(result)},
        }),
    }
}

fn result_json(result: &MappingResult) -> Value {
    let mut out = Map::new();
    if let Some(text) = &result.text {
        out.insert("text".into(), json!(text));
    }
    if let Some(color) = &result.color {
        out.insert("color".into(), json!(color));
    }
    if let Some(index) = result.index {
        out.insert("index".into(), json!(index));
    }
    Value::Object(out)
}

/// What the first of `mappings` that matches `value` (`None` for no value) shows, if one
/// does.
pub fn mapping_result(mappings: &[ValueMapping], value: Option<f64>) -> Option<&MappingResult> {
    mappings.iter().find_map(|mapping| match mapping {
        ValueMapping::Value(options) => {
            let key = js_number(value?);
            options.iter().find(|(k, _)| *k == key).map(|(_, r)| r)
        }
        ValueMapping::Range { from, to, result } => {
            in_range(value.filter(|v| !v.is_nan())?, *from, *to).then_some(result)
        }
        ValueMapping::Regex { .. } => None,
        ValueMapping::Special { matches, result } => {
            let hit = match matches {
                SpecialMatch::Null => value.is_none(),
                SpecialMatch::NaN => value.is_some_and(f64::is_nan),
                SpecialMatch::NullAndNaN => value.is_none_or(f64::is_nan),
                SpecialMatch::True | SpecialMatch::False | SpecialMatch::Empty => false,
            };
            hit.then_some(result)
        }
    })
}

/// Whether `v` lies from `from` to `to`, both included, a missing end open.
fn in_range(v: f64, from: Option<f64>, to: Option<f64>) -> bool {
    from.is_none_or(|from| v >= from) && to.is_none_or(|to| v <= to)
}

/// The mapping a text value (a table's label cell) matches, as Grafana matches a string:
/// its exact text; a range, by the number `parseFloat` reads at its start; a pattern,
/// whose result's text is the value with the match replaced by it (`replace(pattern,
/// with)` runs the pattern, `None` where it does not match); `true`, `false` and the
/// empty text as special values.
pub fn text_mapping_result(
    mappings: &[ValueMapping],
    text: &str,
    replace: impl Fn(&str, &str) -> Option<String>,
) -> Option<MappingResult> {
    mappings.iter().find_map(|mapping| match mapping {
        ValueMapping::Value(options) => options
            .iter()
            .find(|(k, _)| k == text)
            .map(|(_, r)| r.clone()),
        ValueMapping::Range { from, to, result } => {
            let v = js_parse_float(text).filter(|v| !v.is_nan())?;
            in_range(v, *from, *to).then(|| result.clone())
        }
        ValueMapping::Regex { pattern, result } => {
            let with = result.text.as_deref().unwrap_or_default();
            let replaced = replace(pattern, with)?;
            let mut result = result.clone();
            if result.text.is_some() {
                result.text = Some(replaced);
            }
            Some(result)
        }
        ValueMapping::Special { matches, result } => {
            let hit = match matches {
                SpecialMatch::True => text == "true",
                SpecialMatch::False => text == "false",
                SpecialMatch::Empty => text.is_empty(),
                SpecialMatch::Null | SpecialMatch::NaN | SpecialMatch::NullAndNaN => false,
            };
            hit.then(|| result.clone())
        }
    })
}

/// The number at the start of `text`, as JavaScript's `parseFloat` reads it (blanks
/// before it skipped, `Infinity` included); `None` where there is none.
fn js_parse_float(text: &str) -> Option<f64> {
    let text = text.trim_start();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest.starts_with("Infinity") {
        return Some(sign * f64::INFINITY);
    }
    let bytes = rest.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut end = whole;
    if bytes.get(end) == Some(&b'.') {
        end += 1 + digits(end + 1);
    }
    if end == 0 || (whole == 0 && end == 1) {
        return None;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut at = end + 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent > 0 {
            end = at + exponent;
        }
    }
    rest[..end].parse::<f64>().ok().map(|v| sign * v)
}

/// `value` as JavaScript's `String(value)` writes it, the key Grafana looks a value up by.
fn js_number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if value == 0.0 {
        "0".to_owned()
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_mapped_as_grafana_maps_a_string() {
        let list = mappings(
            r#"[{"type": "value", "options": {"up": {"text": "Up"}}},
                {"type": "range", "options": {"from": 10, "to": 20, "result": {"text": "teen"}}},
                {"type": "regex", "options": {"pattern": "(.*):9100", "result": {"text": "$1"}}},
                {"type": "special", "options": {"match": "empty", "result": {"text": "none"}}}]"#,
        );
        // The one pattern below, `(.*):9100`, run by hand (the page runs JavaScript's).
        let replace = |pattern: &str, text: &str, with: &str| {
            assert_eq!(pattern, "(.*):9100");
            text.strip_suffix(":9100")
                .map(|host| with.replace("$1", host))
        };
        let text_of = |text: &str| {
            text_mapping_result(&list, text, |p, w| replace(p, text, w)).and_then(|r| r.text)
        };
        assert_eq!(text_of("up").as_deref(), Some("Up"));
        assert_eq!(
            text_of(" 12 ms").as_deref(),
            Some("teen"),
            "parseFloat reads 12"
        );
        assert_eq!(text_of("node:9100").as_deref(), Some("node"));
        assert_eq!(text_of("").as_deref(), Some("none"));
        assert_eq!(text_of("down"), None);
        assert_eq!(js_parse_float("1.5e3x"), Some(1500.0));
        assert_eq!(js_parse_float(".5"), Some(0.5));
        assert_eq!(js_parse_float("."), None);
        assert_eq!(js_parse_float("-Infinityx"), Some(f64::NEG_INFINITY));
    }

    fn mappings(json: &str) -> Vec<ValueMapping> {
        read_mappings(
            &serde_json::from_str(json).expect("JSON"),
            &Thresholds::default(),
        )
    }

    fn text(mappings: &[ValueMapping], value: Option<f64>) -> Option<&str> {
        mapping_result(mappings, value).and_then(|r| r.text.as_deref())
    }

    // The cases of Grafana's `valueMappings.test.ts`, in today's mapping model.
    #[test]
    fn the_first_matching_mapping_wins() {
        let none = mappings(
            r#"[{"type": "value", "options": {"11": {"text": "elva"}}},
                {"type": "range", "options": {"from": 1, "to": 9, "result": {"text": "1-9"}}}]"#,
        );
        assert_eq!(text(&none, Some(10.0)), None, "no mapping matches 10");
        let first = mappings(
            r#"[{"type": "range", "options": {"from": 1, "to": 20, "result": {"text": "1-20"}}},
                {"type": "value", "options": {"10": {"text": "tio"}}}]"#,
        );
        assert_eq!(text(&first, Some(10.0)), Some("1-20"));
        let ends = mappings(
            r#"[{"type": "range", "options": {"from": 1, "to": 10, "result": {"text": "1-10"}}},
                {"type": "range", "options": {"from": 10, "to": 20, "result": {"text": "10-20"}}}]"#,
        );
        assert_eq!(text(&ends, Some(10.0)), Some("1-10"), "both ends are in");
        assert_eq!(text(&ends, Some(20.0)), Some("10-20"));
        assert_eq!(text(&ends, Some(20.5)), None);
        assert_eq!(text(&ends, None), None, "a range never matches no value");
    }

    #[test]
    fn special_values_and_exact_values() {
        // Node Exporter Full's stat panels: no value reads "N/A".
        let na = mappings(
            r#"[{"options": {"match": "null", "result": {"text": "N/A"}}, "type": "special"}]"#,
        );
        assert_eq!(text(&na, None), Some("N/A"));
        assert_eq!(text(&na, Some(f64::NAN)), None, "NaN is not null");
        assert_eq!(text(&na, Some(0.0)), None);
        let both = mappings(
            r#"[{"type": "special", "options": {"match": "null+nan", "result": {"text": "-", "color": "gray"}}},
                {"type": "value", "options": {"1": {"text": "Up", "color": "green", "index": 0},
                                              "0.5": {"text": "Half"}}}]"#,
        );
        assert_eq!(text(&both, Some(f64::NAN)), Some("-"));
        assert_eq!(
            text(&both, Some(1.0)),
            Some("Up"),
            "1 is looked up as \"1\""
        );
        assert_eq!(text(&both, Some(0.5)), Some("Half"));
        assert_eq!(
            mapping_result(&both, Some(1.0)).and_then(|r| r.color.as_deref()),
            Some("green")
        );
        // A pattern matches text only: never a number.
        let regex = mappings(
            r#"[{"type": "regex", "options": {"pattern": ".*", "result": {"text": "any"}}}]"#,
        );
        assert_eq!(text(&regex, Some(1.0)), None);
    }

    #[test]
    fn open_and_null_range_ends_as_grafana_compares_them() {
        let open =
            mappings(r#"[{"type": "range", "options": {"from": 5, "result": {"text": "≥5"}}}]"#);
        assert_eq!(text(&open, Some(1e12)), Some("≥5"));
        let null_from = mappings(
            r#"[{"type": "range", "options": {"from": null, "to": 5, "result": {"text": "0-5"}}}]"#,
        );
        assert_eq!(text(&null_from, Some(-1.0)), None, "a null end is 0");
        assert_eq!(text(&null_from, Some(3.0)), Some("0-5"));
    }

    #[test]
    fn old_mappings_are_upgraded_as_grafana_upgrades_them() {
        // Argo CD's "Operations" gauge: a null shows "0", coloured as the thresholds
        // colour 0.
        let thresholds = Thresholds {
            percentage: false,
            steps: vec![
                crate::board::display::ThresholdStep {
                    value: None,
                    color: "green".into(),
                },
                crate::board::display::ThresholdStep {
                    value: Some(80.0),
                    color: "red".into(),
                },
            ],
        };
        let read = read_mappings(
            &serde_json::from_str(
                r#"[{"id": 0, "op": "=", "text": "0", "type": 1, "value": "null"},
                    {"id": 1, "text": "high", "type": 1, "value": 90},
                    {"id": 2, "text": "low", "type": 2, "from": "", "to": "10"}]"#,
            )
            .expect("JSON"),
            &thresholds,
        );
        let zero = mapping_result(&read, None).expect("null is mapped");
        assert_eq!(
            (zero.text.as_deref(), zero.color.as_deref()),
            (Some("0"), Some("green"))
        );
        let high = mapping_result(&read, Some(90.0)).expect("90 is mapped");
        assert_eq!(
            (high.text.as_deref(), high.color.as_deref()),
            (Some("high"), None),
            "a text that is not a number takes no threshold colour"
        );
        assert_eq!(text(&read, Some(5.0)), Some("low"), "an empty end is 0");
        assert_eq!(text(&read, Some(-1.0)), None);
    }

    #[test]
    fn mappings_are_written_back_as_they_were_read() {
        let json = r#"[{"type": "value", "options": {"1": {"text": "Up", "color": "green", "index": 0}}},
            {"type": "range", "options": {"from": 0, "to": 10, "result": {"text": "low"}}},
            {"type": "regex", "options": {"pattern": "^a", "result": {"text": "A"}}},
            {"type": "special", "options": {"match": "nan", "result": {"color": "red"}}}]"#;
        let read = mappings(json);
        assert_eq!(read.len(), 4);
        assert_eq!(
            read_mappings(&mappings_json(&read), &Thresholds::default()),
            read
        );
    }
}
