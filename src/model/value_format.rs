//! Grafana's units: a value written as Grafana 13 writes it for a unit id (`percent`,
//! `bytes`, `s`, `reqps`, …) and a `decimals` setting. Every id Grafana lists is in
//! `catalogue.rs`, built from the same formatters as Grafana's `valueFormats` (`toFixed`,
//! `scaledUnits`, the SI and binary prefixes, the time and duration formatters,
//! `simpleCountUnit`, `currency`); the `prefix:`, `suffix:`, `si:`, `count:`,
//! `currency:` (and `currency:financial:`), `bool:` and `time:` forms are read here. An id
//! Grafana does not know is written after the number, as Grafana does.
//! `tests/grafana_oracle` compares every unit with `@grafana/data`'s own answers.

mod catalogue;
mod js_number;
mod time;

use std::fmt;

use catalogue::{unit, Unit};
pub(crate) use js_number::js_round;
pub use js_number::to_fixed;
use js_number::{js_string, locale_infinity, locale_number, to_exponential, to_hex};

/// A value written for display: what goes before the number, the number, what follows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Formatted {
    /// Before the number (a currency symbol).
    pub prefix: String,
    /// The number.
    pub text: String,
    /// After the number (the unit, with its SI prefix).
    pub suffix: String,
}

impl fmt::Display for Formatted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.prefix, self.text, self.suffix)
    }
}

impl Formatted {
    fn number(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }

    fn with_suffix(text: String, suffix: &str) -> Self {
        Self {
            text,
            suffix: suffix.to_owned(),
            ..Self::default()
        }
    }
}

/// Every unit id Grafana lists (`getValueFormats()`), in its order.
pub fn unit_ids() -> &'static [&'static str] {
    const fn ids() -> [&'static str; catalogue::UNITS.len()] {
        let mut ids = [""; catalogue::UNITS.len()];
        let mut i = 0;
        while i < ids.len() {
            ids[i] = catalogue::UNITS[i].0;
            i += 1;
        }
        ids
    }
    const IDS: [&str; catalogue::UNITS.len()] = ids();
    &IDS
}

/// `ms` (since the epoch, already at the reader's offset) written in a moment.js-style
/// `pattern` (`YYYY-MM-DD HH:mm:ss`, `…ss.SSS`), as Grafana writes a time field.
pub fn date_text(ms: f64, pattern: &str) -> String {
    time::date_time(ms, pattern).text
}

/// `value` in the unit Grafana calls `unit` (none: a plain number), with `decimals`
/// digits after the point, or as many as Grafana picks for the value when `None`.
pub fn format_value(unit_id: Option<&str>, value: f64, decimals: Option<i32>) -> Formatted {
    let id = unit_id.unwrap_or("");
    if id.is_empty() {
        return fixed_unit("", value, decimals);
    }
    if let Some(unit) = unit(id) {
        return write(unit, value, decimals);
    }
    if let Some((kind, rest)) = id.split_once(':') {
        if let Some(formatted) = custom(kind, rest, value, decimals) {
            return formatted;
        }
    }
    fixed_unit(id, value, decimals)
}

fn write(unit: Unit, value: f64, decimals: Option<i32>) -> Formatted {
    match unit {
        Unit::Fixed(symbol) => fixed_unit(symbol, value, decimals),
        Unit::Si(symbol, offset) => si(value, decimals, symbol, offset),
        Unit::Binary(symbol, offset) => binary(value, decimals, symbol, offset),
        Unit::Scaled(factor, suffixes) => scaled(value, decimals, factor, suffixes, 0),
        Unit::Count(symbol) => count(value, decimals, symbol),
        Unit::Currency(symbol, after) => currency(value, decimals, symbol, after),
        Unit::Bool(yes, no) => boolean(value, yes, no),
        Unit::Text => Formatted::number(js_string(value)),
        Unit::Percent => Formatted::with_suffix(to_fixed(value, decimals), "%"),
        Unit::Ratio => Formatted::with_suffix(to_fixed(100.0 * value, decimals), "%"),
        Unit::Hex => Formatted::number(hex(value, decimals)),
        Unit::Hex0x => {
            let text = hex(value, decimals);
            Formatted::number(match text.strip_prefix('-') {
                Some(rest) => format!("-0x{rest}"),
                None => format!("0x{text}"),
            })
        }
        Unit::Scientific => Formatted::number(to_exponential(value, decimals)),
        Unit::Locale => Formatted::number(locale_number(
            value,
            0,
            decimals.map_or(3, |d| d.clamp(0, 100) as usize),
        )),
        Unit::Time(time_unit) => time::time(time_unit, value, decimals),
        Unit::Duration(scale) => time::duration(value, decimals, scale),
        Unit::HoursMinutesSeconds => time::hours_minutes_seconds(value),
        Unit::DaysHoursMinutesSeconds => time::days_hours_minutes_seconds(value),
        Unit::Clock(scale) => time::clock(value * scale, decimals),
        Unit::DateTime(pattern) => time::date_time(value, pattern),
        Unit::FromNow => time::date_time(value, "YYYY-MM-DD HH:mm:ss"),
    }
}

/// `prefix:…`, `suffix:…`, `si:…`, `count:…`, `currency:…`, `bool:…` and `time:…` units.
fn custom(kind: &str, rest: &str, value: f64, decimals: Option<i32>) -> Option<Formatted> {
    Some(match kind {
        "prefix" => {
            let mut formatted = fixed_unit("", value, decimals);
            formatted.prefix = rest.to_owned();
            formatted
        }
        "suffix" => fixed_unit(rest, value, decimals),
        "si" => {
            let first = rest.chars().next();
            match first.and_then(si_offset) {
                Some(offset) if offset != 0 => {
                    let unit = &rest[first.map_or(0, char::len_utf8)..];
                    si(value, decimals, unit, offset)
                }
                _ => si(value, decimals, rest, 0),
            }
        }
        "count" => count(value, decimals, rest),
        "currency" => match rest.split(':').collect::<Vec<_>>().as_slice() {
            ["financial", symbol, more @ ..] => {
                if symbol.is_empty() {
                    fixed_unit("", value, decimals)
                } else {
                    financial(value, decimals, symbol, more.first() == Some(&"suffix"))
                }
            }
            _ => currency(value, decimals, rest, false),
        },
        "bool" => match rest.split_once('/') {
            Some((yes, no)) => boolean(value, yes, no),
            None => boolean(value, rest, "-"),
        },
        "time" => time::date_time(value, rest),
        _ => return None,
    })
}

/// The offset from no prefix of an SI prefix letter (µ in either of its spellings).
fn si_offset(c: char) -> Option<i32> {
    Some(match c {
        'f' => -5,
        'p' => -4,
        'n' => -3,
        'µ' | 'μ' => -2,
        'm' => -1,
        'k' => 1,
        'M' => 2,
        'G' => 3,
        'T' => 4,
        'P' => 5,
        'E' => 6,
        'Z' => 7,
        'Y' => 8,
        _ => return None,
    })
}

/// Grafana's `scaledUnits(factor, suffixes, offset)`: `value` over `factor` raised to its
/// order of magnitude, with that order's suffix; `offset` is where the unit without a
/// prefix sits in `suffixes`, so values below one can take the prefixes below it.
fn scaled(
    value: f64,
    decimals: Option<i32>,
    factor: f64,
    suffixes: &[&str],
    offset: i32,
) -> Formatted {
    if value.is_nan() {
        return Formatted::number("NaN".to_owned());
    }
    if value.is_infinite() {
        return Formatted::number(locale_infinity(value));
    }
    let last = suffixes.len() as i32 - 1;
    let order = if value == 0.0 {
        0
    } else {
        (value.abs().log10() / factor.log10()).floor() as i32
    };
    let suffix = suffixes[(offset + order).clamp(0, last) as usize];
    let power = order.clamp(-offset, last - offset);
    Formatted::with_suffix(
        to_fixed(value / factor.powf(f64::from(power)), decimals),
        suffix,
    )
}

/// A unit with SI prefixes (k, M, … and m, µ, …), starting `offset` prefixes from none.
fn si(value: f64, decimals: Option<i32>, unit: &str, offset: i32) -> Formatted {
    const PREFIXES: [&str; 14] = [
        "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y",
    ];
    let suffixes: Vec<String> = PREFIXES.iter().map(|p| format!(" {p}{unit}")).collect();
    let suffixes: Vec<&str> = suffixes.iter().map(String::as_str).collect();
    scaled(value, decimals, 1000.0, &suffixes, 5 + offset)
}

/// A unit with binary prefixes (Ki, Mi, …), starting `offset` prefixes up.
fn binary(value: f64, decimals: Option<i32>, unit: &str, offset: i32) -> Formatted {
    const PREFIXES: [&str; 9] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
    let suffixes: Vec<String> = PREFIXES.iter().map(|p| format!(" {p}{unit}")).collect();
    let suffixes: Vec<&str> = suffixes.iter().map(String::as_str).collect();
    scaled(value, decimals, 1024.0, &suffixes, offset)
}

/// A count per unit of time (`reqps`, `ops`, …): K, M, B, T and the symbol.
fn count(value: f64, decimals: Option<i32>, symbol: &str) -> Formatted {
    let mut formatted = scaled(value, decimals, 1000.0, &["", "K", "M", "B", "T"], 0);
    formatted.suffix = format!("{} {symbol}", formatted.suffix);
    formatted
}

/// Money: K, M, B, T, the symbol before (or, for `after`, behind) the number.
fn currency(value: f64, decimals: Option<i32>, symbol: &str, after: bool) -> Formatted {
    let mut formatted = scaled(value.abs(), decimals, 1000.0, &["", "K", "M", "B", "T"], 0);
    if after {
        formatted.suffix = format!("{}{symbol}", formatted.suffix);
    } else {
        formatted.prefix = symbol.to_owned();
    }
    if value < 0.0 {
        formatted.prefix = format!("-{}", formatted.prefix);
    }
    formatted
}

/// `currency:financial:…`: the number in English with its thousands grouped, one
/// decimal at most unless `decimals` says how many.
fn financial(value: f64, decimals: Option<i32>, symbol: &str, after: bool) -> Formatted {
    let (min, max) = match decimals {
        Some(d) => (d.clamp(0, 100) as usize, d.clamp(0, 100) as usize),
        None => (0, 1),
    };
    let text = locale_number(value, min, max);
    if after {
        Formatted::with_suffix(text, symbol)
    } else {
        Formatted {
            prefix: symbol.to_owned(),
            text,
            suffix: String::new(),
        }
    }
}

/// `yes` for a value JavaScript counts as true (not zero, not NaN), else `no`.
fn boolean(value: f64, yes: &str, no: &str) -> Formatted {
    let truthy = value != 0.0 && !value.is_nan();
    Formatted::number(if truthy { yes } else { no }.to_owned())
}

/// A number and a unit after it, with a space (none when the unit is empty).
fn fixed_unit(unit: &str, value: f64, decimals: Option<i32>) -> Formatted {
    let text = to_fixed(value, decimals);
    if unit.is_empty() {
        Formatted::number(text)
    } else {
        Formatted::with_suffix(text, &format!(" {unit}"))
    }
}

/// The value (rounded as `toFixed` rounds it) in upper-case hexadecimal, its fraction
/// included, as JavaScript's `toString(16)` writes it.
fn hex(value: f64, decimals: Option<i32>) -> String {
    let rounded = to_fixed(value, decimals);
    // parseFloat reads the number `toFixed` wrote ("∞" is not one).
    match rounded.parse::<f64>() {
        Ok(number) => to_hex(number),
        Err(_) => "NaN".to_owned(),
    }
}

#[cfg(test)]
mod tests;
