//! One value written and coloured as a field's config says, as Grafana's display
//! processor (`getDisplayProcessor`) does it for a stat's reduced value and a table's
//! cell: a value mapping's text and colour first; then a number (or a text that reads as
//! one, where the field has a unit) in its unit and decimals, coloured by its threshold,
//! a fixed colour, the classic palette or a continuous scheme over the field's range;
//! text as it is; nothing at all as the `noValue` text. What has no colour of its own
//! takes the colour of -∞.

use std::borrow::Cow;

use crate::{
    board::{
        color_scheme::scheme_color,
        display::{css_color, percent_of, series_color, ColorBy, SeriesStyle, Thresholds},
        model::Panel,
        value_mapping::{mapping_result, text_mapping_result, MappingResult, ValueMapping},
    },
    model::value_format::{date_text, format_value},
};

/// JavaScript's regular expressions, as Grafana runs them (`stringToJsRegex`: `/…/flags`
/// as written, a bare pattern anchored at both ends). The page runs them in the browser;
/// native tests bring their own.
pub trait JsRegex {
    /// Whether `pattern` matches `text`.
    fn matches(&self, pattern: &str, text: &str) -> bool;
    /// `text` with `pattern`'s first match (every match, with the `g` flag) replaced by
    /// `with` (`$1` for a group), as `String.replace` does; `None` when it does not match.
    fn replace(&self, pattern: &str, text: &str, with: &str) -> Option<String>;
}

/// What one field is shown with: the panel's field config with the overrides that match
/// the field put over it, as Grafana's `applyFieldOverrides` builds a field's.
#[derive(Debug)]
pub struct FieldConfig<'a> {
    /// Its unit.
    pub unit: Option<String>,
    /// Its decimals.
    pub decimals: Option<i32>,
    /// Its thresholds.
    pub thresholds: Cow<'a, Thresholds>,
    /// How it is coloured.
    pub color: Cow<'a, ColorBy>,
    /// Its value mappings, an override's before the panel's.
    pub mappings: Cow<'a, [ValueMapping]>,
    /// What it shows without a value.
    pub no_value: Option<String>,
    /// The range colours and percentage thresholds are worked out over.
    pub range: (f64, f64),
}

impl<'a> FieldConfig<'a> {
    /// The config of a field of `panel` whose matching overrides give `style`, over a
    /// panel whose numbers span `data_range`. The panel's `decimals`, `min` and `max`
    /// are for fields of numbers only (`numbers`), as Grafana's standard options apply
    /// them; an override sets them on any field.
    pub fn of(
        panel: &'a Panel,
        style: &SeriesStyle,
        data_range: (Option<f64>, Option<f64>),
        numbers: bool,
    ) -> Self {
        let display = &panel.display;
        let panels = |v: Option<f64>| v.filter(|_| numbers);
        let min = style.min.or(panels(display.min));
        let max = style.max.or(panels(display.max));
        // Grafana's calculateRange: the field's own min and max when it has both, else the
        // lowest and highest value of all the panel's fields in place of what it lacks.
        let range = match (min, max) {
            (Some(min), Some(max)) => (min, max),
            // A field of text without both is scaled over 0–100 (`getMinMaxAndDelta`).
            _ if !numbers => (0.0, 100.0),
            (min, max) => (
                // With no value at all Grafana's ends are null, which its arithmetic reads as 0.
                min.or(data_range.0).unwrap_or(0.0),
                max.or(data_range.1).unwrap_or(0.0),
            ),
        };
        // An override's mappings come before the panel's; without any, the panel's are lent.
        let mappings = match &style.mappings {
            Some(own) => Cow::Owned(own.iter().chain(&display.mappings).cloned().collect()),
            None => Cow::Borrowed(display.mappings.as_slice()),
        };
        FieldConfig {
            unit: style.unit.clone().or_else(|| panel.unit.clone()),
            decimals: style.decimals.or(display.decimals.filter(|_| numbers)),
            thresholds: style
                .thresholds
                .clone()
                .map_or(Cow::Borrowed(&display.thresholds), Cow::Owned),
            color: style
                .color_by
                .clone()
                .map_or(Cow::Borrowed(&display.color), Cow::Owned),
            mappings,
            no_value: style.no_value.clone().or_else(|| display.no_value.clone()),
            range,
        }
    }

    /// A number (or none) written and coloured: the `index`th field, named `name`, in the
    /// theme (`dark`).
    pub fn number(
        &self,
        value: Option<f64>,
        index: usize,
        name: &str,
        dark: bool,
    ) -> (String, String) {
        let mapped = mapping_result(&self.mappings, value);
        self.shown(mapped.cloned(), value, None, index, name, dark)
    }

    /// A text written and coloured, as a string field's cell is: mapped, else read as a
    /// number where the field has a unit, else as it is.
    pub fn text(
        &self,
        text: &str,
        index: usize,
        name: &str,
        dark: bool,
        regex: &impl JsRegex,
    ) -> (String, String) {
        let mapped = text_mapping_result(&self.mappings, text, |pattern, with| {
            regex.replace(pattern, text, with)
        });
        // A string field without a unit is written as text (Grafana's `string` unit).
        let numeric = match self.unit.as_deref() {
            None | Some("string") => None,
            Some(_) => js_to_number(text),
        };
        self.shown(mapped, numeric, Some(text), index, name, dark)
    }

    /// A time (ms since the epoch) written and coloured, as a time field's cell is: mapped,
    /// else as its date unit writes it, else as Grafana's `dateTimeAsSystem`
    /// (`YYYY-MM-DD HH:mm:ss`, with milliseconds when the field spans under a minute), at
    /// the reader's offset from UTC.
    pub fn time(
        &self,
        ms: i64,
        with_ms: bool,
        utc_offset_minutes: i32,
        index: usize,
        name: &str,
        dark: bool,
    ) -> (String, String) {
        let value = ms as f64;
        let mapped = mapping_result(&self.mappings, Some(value)).cloned();
        let local = value + f64::from(utc_offset_minutes) * 60_000.0;
        let date_unit = self
            .unit
            .as_deref()
            .filter(|u| u.starts_with("dateTime") || u.starts_with("time:"));
        let text =
            mapped
                .as_ref()
                .and_then(|m| m.text.clone())
                .unwrap_or_else(|| match date_unit {
                    Some(unit) => format_value(Some(unit), local, None).to_string(),
                    None if with_ms => date_text(local, "YYYY-MM-DD HH:mm:ss.SSS"),
                    None => date_text(local, "YYYY-MM-DD HH:mm:ss"),
                });
        let color = match mapped.as_ref().and_then(|m| m.color.as_deref()) {
            Some(color) => css_color(color, dark),
            None => self.color_of(value, index, name, dark),
        };
        (text, color)
    }

    /// The display of a value: its mapping (`mapped`), its number (`numeric`) and, for a
    /// text, the text.
    fn shown(
        &self,
        mapped: Option<MappingResult>,
        numeric: Option<f64>,
        text: Option<&str>,
        index: usize,
        name: &str,
        dark: bool,
    ) -> (String, String) {
        let mut shown = mapped.as_ref().and_then(|m| m.text.clone());
        let mut color = mapped
            .as_ref()
            .and_then(|m| m.color.as_deref())
            .map(|c| css_color(c, dark));
        if let Some(v) = numeric.filter(|v| !v.is_nan()) {
            shown = shown
                .or_else(|| Some(format_value(self.unit.as_deref(), v, self.decimals).to_string()));
            color = color.or_else(|| Some(self.color_of(v, index, name, dark)));
        }
        let shown = shown.unwrap_or_else(|| match (text, numeric) {
            (Some(text), _) if !text.is_empty() => text.to_owned(),
            (None, Some(_)) => "NaN".to_owned(),
            _ => self.no_value.clone().unwrap_or_default(),
        });
        let color = color.unwrap_or_else(|| self.color_of(f64::NEG_INFINITY, index, name, dark));
        (shown, color)
    }

    /// The colour of a number (-∞ for a value that is not one), as Grafana's scale works
    /// it out: its threshold, a fixed colour, the `index`th series' palette colour, or a
    /// continuous scheme's colour where it lies in the field's range.
    pub fn color_of(&self, value: f64, index: usize, name: &str, dark: bool) -> String {
        let (min, max) = self.range;
        let percent = percent_of(value, min, max);
        let threshold = || {
            let at = if self.thresholds.percentage {
                percent * 100.0
            } else {
                value
            };
            let step = self
                .thresholds
                .steps
                .iter()
                .take_while(|step| step.value.is_none_or(|start| at >= start))
                .last()
                .or(self.thresholds.steps.first());
            step.map_or_else(|| css_color("green", dark), |s| css_color(&s.color, dark))
        };
        match self.color.as_ref() {
            ColorBy::Thresholds => threshold(),
            ColorBy::Fixed(color) => css_color(color, dark),
            ColorBy::Series => series_color(index, dark),
            ColorBy::Scheme(scheme) => {
                scheme_color(scheme, percent, index, name, dark, |c| css_color(c, dark))
                    .unwrap_or_else(threshold)
            }
        }
    }
}

/// A text as Grafana's `anyToNumber` reads it (lodash's `toNumber`): an empty text is
/// no number; blanks around it are dropped; `0x`, `0b` and `0o` numbers in their base;
/// anything else as JavaScript's `Number()` reads it. `None` where it is not a number.
pub fn js_to_number(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Some(0.0);
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0b", 2),
        ("0B", 2),
        ("0o", 8),
        ("0O", 8),
    ] {
        if let Some(digits) = trimmed.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).ok().map(|v| v as f64);
        }
    }
    match trimmed {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust reads "inf", "nan" and "infinity", which JavaScript does not.
    if trimmed
        .chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    let body = trimmed.trim_start_matches(['+', '-']);
    if body.starts_with(['e', 'E']) || body.is_empty() {
        return None;
    }
    trimmed.parse().ok()
}

/// The lowest and highest of `values` (NaN left out), as Grafana's
/// `findNumericFieldMinMax` finds them.
pub fn data_range(values: impl Iterator<Item = f64>) -> (Option<f64>, Option<f64>) {
    values
        .filter(|v| !v.is_nan())
        .fold((None, None), |(lo, hi): (Option<f64>, Option<f64>), v| {
            (
                Some(lo.map_or(v, |lo| lo.min(v))),
                Some(hi.map_or(v, |hi| hi.max(v))),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_as_numbers_as_lodash_reads_them() {
        assert_eq!(js_to_number("200"), Some(200.0));
        assert_eq!(js_to_number(" 1e3 "), Some(1000.0));
        assert_eq!(js_to_number("0x1f"), Some(31.0));
        assert_eq!(js_to_number("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(js_to_number("a:9100"), None);
        assert_eq!(js_to_number("inf"), None);
        assert_eq!(js_to_number(""), None);
        assert_eq!(js_to_number(" "), Some(0.0));
    }
}
