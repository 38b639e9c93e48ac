//! Grafana's units: a value written as Grafana writes it for a unit id (`percent`,
//! `bytes`, `s`, `reqps`, …) and a `decimals` setting, read from Grafana's
//! `valueFormats` (`toFixed`, `scaledUnits`, the SI and binary prefixes, the time and
//! duration formatters, `simpleCountUnit`, `currency`, and the `prefix:`, `suffix:`,
//! `si:`, `count:` and `currency:` forms). An id Grafana does not know is written after the
//! number, as Grafana does.

use std::fmt;

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

/// `value` in the unit Grafana calls `unit` (none: a plain number), with `decimals`
/// digits after the point, or as many as Grafana picks for the value when `None`.
pub fn format_value(unit: Option<&str>, value: f64, decimals: Option<i32>) -> Formatted {
    let id = unit.unwrap_or("");
    if let Some(formatted) = known(id, value, decimals) {
        return formatted;
    }
    if let Some((kind, rest)) = id.split_once(':') {
        if let Some(formatted) = custom(kind, rest, value, decimals) {
            return formatted;
        }
    }
    fixed_unit(id, value, decimals)
}

/// The units Grafana lists, by id.
fn known(id: &str, value: f64, decimals: Option<i32>) -> Option<Formatted> {
    const SHORT: [&str; 9] = [
        "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint", " Sext", " Sept",
    ];
    let formatted = match id {
        "" | "none" => fixed_unit("", value, decimals),
        "short" => scaled(value, decimals, 1000.0, &SHORT),
        "percent" => Formatted::with_suffix(to_fixed(value, decimals), "%"),
        "percentunit" => Formatted::with_suffix(to_fixed(value * 100.0, decimals), "%"),
        "sci" => Formatted::number(scientific(value, decimals)),
        "hex" => Formatted::number(hex(value, decimals)),
        "hex0x" => {
            let text = hex(value, decimals);
            Formatted::number(match text.strip_prefix('-') {
                Some(rest) => format!("-0x{rest}"),
                None => format!("0x{text}"),
            })
        }
        // Data (IEC): factors of 1024.
        "bits" => binary(value, decimals, "b", 0),
        "bytes" => binary(value, decimals, "B", 0),
        "kbytes" => binary(value, decimals, "B", 1),
        "mbytes" => binary(value, decimals, "B", 2),
        "gbytes" => binary(value, decimals, "B", 3),
        "tbytes" => binary(value, decimals, "B", 4),
        "pbytes" => binary(value, decimals, "B", 5),
        // Time.
        "ns" => nanoseconds(value, decimals),
        "µs" | "us" => microseconds(value, decimals),
        "ms" => milliseconds(value, decimals),
        "s" => seconds(value, decimals),
        "m" => minutes(value, decimals),
        "h" => hours(value, decimals),
        "d" => days(value, decimals),
        "dtdurationms" => Formatted::number(duration(value, decimals, 0.001)),
        "dtdurations" => Formatted::number(duration(value, decimals, 1.0)),
        "dthms" => clock_hms(value, false),
        "dtdhms" => clock_hms(value, true),
        "timeticks" => seconds(value / 100.0, decimals),
        "clockms" => Formatted::number(clock(value, decimals)),
        "clocks" => Formatted::number(clock(value * 1000.0, decimals)),
        // Throughput.
        "cps" | "ops" | "reqps" | "rps" | "wps" | "iops" | "cpm" | "opm" | "rpm" | "wpm" => {
            count(value, decimals, id)
        }
        _ => {
            if let Some((unit, offset)) = decimal_unit(id) {
                decimal(value, decimals, unit, offset)
            } else if let Some(symbol) = fixed_symbol(id) {
                fixed_unit(symbol, value, decimals)
            } else if let Some((symbol, after)) = currency_symbol(id) {
                currency(value, decimals, symbol, after)
            } else {
                return None;
            }
        }
    };
    Some(formatted)
}

/// `prefix:…`, `suffix:…`, `si:…`, `count:…` and `currency:…` units.
fn custom(kind: &str, rest: &str, value: f64, decimals: Option<i32>) -> Option<Formatted> {
    Some(match kind {
        "prefix" => Formatted {
            prefix: rest.to_owned(),
            text: to_fixed(value, decimals),
            suffix: String::new(),
        },
        "suffix" => Formatted::with_suffix(to_fixed(value, decimals), &format!(" {rest}")),
        "si" => {
            let (offset, unit) = match rest.chars().next().and_then(si_offset) {
                Some(offset) if rest.chars().count() > 1 => (
                    offset,
                    &rest[rest.chars().next().map_or(0, char::len_utf8)..],
                ),
                _ => (0, rest),
            };
            decimal(value, decimals, unit, offset)
        }
        "count" => count(value, decimals, rest),
        "currency" => currency(value, decimals, rest, false),
        _ => return None,
    })
}

/// The offset from no prefix of an SI prefix letter.
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

/// Units with SI prefixes (factors of 1000): the unit and how many prefixes up it starts.
fn decimal_unit(id: &str) -> Option<(&'static str, i32)> {
    Some(match id {
        "decbits" => ("b", 0),
        "decbytes" => ("B", 0),
        "deckbytes" => ("B", 1),
        "decmbytes" => ("B", 2),
        "decgbytes" => ("B", 3),
        "dectbytes" => ("B", 4),
        "decpbytes" => ("B", 5),
        "pps" => ("pps", 0),
        "bps" => ("bps", 0),
        "Bps" => ("B/s", 0),
        "KBs" => ("B/s", 1),
        "Kbits" => ("bps", 1),
        "MBs" => ("B/s", 2),
        "Mbits" => ("bps", 2),
        "GBs" => ("B/s", 3),
        "Gbits" => ("bps", 3),
        "TBs" => ("B/s", 4),
        "Tbits" => ("bps", 4),
        "PBs" => ("B/s", 5),
        "Pbits" => ("bps", 5),
        "hertz" | "rothz" => ("Hz", 0),
        "flops" => ("FLOP/s", 0),
        "mflops" => ("FLOP/s", 2),
        "gflops" => ("FLOP/s", 3),
        "tflops" => ("FLOP/s", 4),
        "watt" => ("W", 0),
        "kwatt" => ("W", 1),
        "megwatt" => ("W", 2),
        "gwatt" => ("W", 3),
        "mwatt" => ("W", -1),
        "voltamp" => ("VA", 0),
        "kvoltamp" => ("VA", 1),
        "voltampreact" => ("var", 0),
        "kvoltampreact" => ("var", 1),
        "watth" => ("Wh", 0),
        "kwatth" => ("Wh", 1),
        "joule" => ("J", 0),
        "ev" => ("eV", 0),
        "amp" => ("A", 0),
        "kamp" => ("A", 1),
        "mamp" => ("A", -1),
        "volt" => ("V", 0),
        "kvolt" => ("V", 1),
        "mvolt" => ("V", -1),
        "dBm" => ("dBm", 0),
        "ohm" => ("Ω", 0),
        "kohm" => ("Ω", 1),
        "Mohm" => ("Ω", 2),
        "farad" => ("F", 0),
        "µfarad" => ("F", -2),
        "nfarad" => ("F", -3),
        "pfarad" => ("F", -4),
        "ffarad" => ("F", -5),
        "henry" => ("H", 0),
        "mhenry" => ("H", -1),
        "µhenry" => ("H", -2),
        "lumens" => ("Lm", 0),
        "massmg" => ("g", -1),
        "massg" => ("g", 0),
        "masskg" => ("g", 1),
        "lengthmm" => ("m", -1),
        "lengthm" => ("m", 0),
        "lengthkm" => ("m", 1),
        "pressurembar" => ("bar", -1),
        "pressurebar" => ("bar", 0),
        "pressurekbar" => ("bar", 1),
        "pressurepa" => ("Pa", 0),
        "mlitre" => ("L", -1),
        "litre" => ("L", 0),
        _ => return None,
    })
}

/// Units written as a symbol after the number.
fn fixed_symbol(id: &str) -> Option<&'static str> {
    Some(match id {
        "humidity" => "%H",
        "dB" => "dB",
        "pixel" => "px",
        "degree" => "°",
        "radian" => "rad",
        "celsius" => "°C",
        "fahrenheit" | "farenheit" => "°F",
        "kelvin" => "K",
        "ppm" => "ppm",
        "conppb" => "ppb",
        "velocityms" => "m/s",
        "velocitykmh" => "km/h",
        "velocitymph" => "mph",
        "velocityknot" => "kn",
        "lengthft" => "ft",
        "lengthmi" => "mi",
        "masst" => "t",
        "rotrpm" => "rpm",
        "rotrads" => "rad/s",
        "rotdegs" => "°/s",
        "flowgpm" => "gpm",
        "flowcms" => "cms",
        "flowcfs" => "cfs",
        "flowcfm" => "cfm",
        "litreh" => "L/h",
        "flowlpm" => "L/min",
        "lux" => "lux",
        "m3" => "m³",
        "dm3" => "dm³",
        "gallons" => "gal",
        "pressurehpa" => "hPa",
        "pressurekpa" => "kPa",
        "Wm2" => "W/m²",
        _ => return None,
    })
}

/// Currencies: the symbol, and whether it follows the number.
fn currency_symbol(id: &str) -> Option<(&'static str, bool)> {
    Some(match id {
        "currencyUSD" => ("$", false),
        "currencyGBP" => ("£", false),
        "currencyEUR" => ("€", false),
        "currencyJPY" => ("¥", false),
        "currencyRUB" => ("₽", false),
        "currencyUAH" => ("₴", false),
        "currencyBRL" => ("R$", false),
        "currencyDKK" | "currencyISK" | "currencyNOK" | "currencySEK" => ("kr", true),
        "currencyCZK" => ("czk", false),
        "currencyCHF" => ("CHF", false),
        "currencyPLN" => ("PLN", false),
        "currencyBTC" => ("฿", false),
        "currencyZAR" => ("R", false),
        "currencyINR" => ("₹", false),
        "currencyKRW" => ("₩", false),
        _ => return None,
    })
}

/// JavaScript's `Math.round`: halves go up.
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// A number as JavaScript's `String(n)` writes it.
fn js_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{x:e}");
        return match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        };
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    format!("{x}")
}

/// How a browser in English writes infinity (`toLocaleString`).
fn locale_infinity(x: f64) -> String {
    if x > 0.0 { "∞" } else { "-∞" }.to_owned()
}

/// How many decimals Grafana shows for `value` when none are set: two significant
/// digits for a fraction (three when the mantissa is over 2.25), none for an integer.
fn decimals_for(value: f64) -> i32 {
    let log10 = (value.abs().ln() / std::f64::consts::LN_10).floor();
    let mut dec = -log10 + 1.0;
    let magnitude = 10f64.powf(-dec);
    let norm = value / magnitude;
    if norm > 2.25 {
        dec += 1.0;
    }
    if value % 1.0 == 0.0 {
        dec = 0.0;
    }
    dec.max(0.0) as i32
}

/// Grafana's `toFixed`: `value` rounded to `decimals` (padded with zeros), or to the
/// decimals Grafana picks for it.
pub fn to_fixed(value: f64, decimals: Option<i32>) -> String {
    if value.is_infinite() {
        return locale_infinity(value);
    }
    if value.is_nan() {
        return "NaN".to_owned();
    }
    let decimals = decimals.unwrap_or_else(|| decimals_for(value));
    if value == 0.0 {
        return format!("{:.*}", decimals.max(0) as usize, 0.0);
    }
    let factor = if decimals == 0 {
        1.0
    } else {
        10f64.powi(decimals.max(0))
    };
    let formatted = js_string(js_round(value * factor) / factor);
    if formatted.contains('e') {
        return formatted;
    }
    let precision = formatted
        .find('.')
        .map_or(0, |point| formatted.len() - point - 1) as i32;
    if precision < decimals {
        let zeros = "0".repeat((decimals - precision) as usize);
        return if precision == 0 {
            format!("{formatted}.{zeros}")
        } else {
            format!("{formatted}{zeros}")
        };
    }
    formatted
}

/// `value` over `factor` raised to its order of magnitude, with that order's suffix from
/// `suffixes` (Grafana's `scaledUnits`).
fn scaled(value: f64, decimals: Option<i32>, factor: f64, suffixes: &[&str]) -> Formatted {
    if value.is_nan() {
        return Formatted::number("NaN".to_owned());
    }
    if value.is_infinite() {
        return Formatted::number(locale_infinity(value));
    }
    let last = suffixes.len() as f64 - 1.0;
    let order = (value.abs().log10() / factor.log10()).floor();
    let index = order.clamp(0.0, last);
    Formatted::with_suffix(
        to_fixed(value / factor.powf(index), decimals),
        suffixes[index as usize],
    )
}

/// A unit with binary prefixes (Ki, Mi, …), starting `offset` prefixes up.
fn binary(value: f64, decimals: Option<i32>, unit: &str, offset: usize) -> Formatted {
    const PREFIXES: [&str; 9] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];
    let suffixes: Vec<String> = PREFIXES[offset.min(8)..]
        .iter()
        .map(|p| format!(" {p}{unit}"))
        .collect();
    let suffixes: Vec<&str> = suffixes.iter().map(String::as_str).collect();
    scaled(value, decimals, 1024.0, &suffixes)
}

/// A unit with SI prefixes (k, M, …), starting `offset` prefixes from none (negative:
/// below, as milli).
fn decimal(value: f64, decimals: Option<i32>, unit: &str, offset: i32) -> Formatted {
    const PREFIXES: [&str; 14] = [
        "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y",
    ];
    let start = (5 + offset).clamp(0, 13) as usize;
    let suffixes: Vec<String> = PREFIXES[start..]
        .iter()
        .map(|p| format!(" {p}{unit}"))
        .collect();
    let suffixes: Vec<&str> = suffixes.iter().map(String::as_str).collect();
    scaled(value, decimals, 1000.0, &suffixes)
}

/// A count per unit of time (`reqps`, `ops`, …): K, M, B, T and the symbol.
fn count(value: f64, decimals: Option<i32>, symbol: &str) -> Formatted {
    let mut formatted = scaled(value, decimals, 1000.0, &["", "K", "M", "B", "T"]);
    formatted.suffix = format!("{} {symbol}", formatted.suffix);
    formatted
}

/// Money: K, M, B, T, the symbol before (or, for `after`, behind) the number.
fn currency(value: f64, decimals: Option<i32>, symbol: &str, after: bool) -> Formatted {
    let mut formatted = scaled(value.abs(), decimals, 1000.0, &["", "K", "M", "B", "T"]);
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

/// A number and a unit after it, with a space (none when the unit is empty).
fn fixed_unit(unit: &str, value: f64, decimals: Option<i32>) -> Formatted {
    let text = to_fixed(value, decimals);
    if unit.is_empty() {
        Formatted::number(text)
    } else {
        Formatted::with_suffix(text, &format!(" {unit}"))
    }
}

/// The first of `steps` (upper bound, divisor, unit) that `value` is under, else the last
/// one's divisor and unit.
fn stepped(value: f64, decimals: Option<i32>, steps: &[(f64, f64, &str)]) -> Formatted {
    let magnitude = value.abs();
    let (_, divisor, unit) = steps
        .iter()
        .find(|(below, _, _)| magnitude < *below)
        .or(steps.last())
        .copied()
        .unwrap_or((0.0, 1.0, ""));
    Formatted::with_suffix(to_fixed(value / divisor, decimals), unit)
}

fn nanoseconds(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (1e3, 1.0, " ns"),
            (1e6, 1e3, " µs"),
            (1e9, 1e6, " ms"),
            (6e10, 1e9, " s"),
            (3.6e12, 6e10, " min"),
            (8.64e13, 3.6e12, " hour"),
            (f64::INFINITY, 8.64e13, " day"),
        ],
    )
}

fn microseconds(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (1e3, 1.0, " µs"),
            (1e6, 1e3, " ms"),
            (f64::INFINITY, 1e6, " s"),
        ],
    )
}

fn milliseconds(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (1e3, 1.0, " ms"),
            (6e4, 1e3, " s"),
            (3.6e6, 6e4, " min"),
            (8.64e7, 3.6e6, " hour"),
            (3.1536e10, 8.64e7, " day"),
            (f64::INFINITY, 3.1536e10, " year"),
        ],
    )
}

fn seconds(value: f64, decimals: Option<i32>) -> Formatted {
    if value == 0.0 {
        return Formatted::with_suffix("0".to_owned(), " s");
    }
    stepped(
        value,
        decimals,
        &[
            (1e-6, 1e-9, " ns"),
            (1e-3, 1e-6, " µs"),
            (1.0, 1e-3, " ms"),
            (60.0, 1.0, " s"),
            (3_600.0, 60.0, " min"),
            (86_400.0, 3_600.0, " hour"),
            (604_800.0, 86_400.0, " day"),
            (31_536_000.0, 604_800.0, " week"),
            (f64::INFINITY, 3.15569e7, " year"),
        ],
    )
}

fn minutes(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (60.0, 1.0, " min"),
            (1_440.0, 60.0, " hour"),
            (10_080.0, 1_440.0, " day"),
            (604_800.0, 10_080.0, " week"),
            (f64::INFINITY, 5.25948e5, " year"),
        ],
    )
}

fn hours(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (24.0, 1.0, " hour"),
            (168.0, 24.0, " day"),
            (8_760.0, 168.0, " week"),
            (f64::INFINITY, 8_760.0, " year"),
        ],
    )
}

fn days(value: f64, decimals: Option<i32>) -> Formatted {
    stepped(
        value,
        decimals,
        &[
            (7.0, 1.0, " day"),
            (365.0, 7.0, " week"),
            (f64::INFINITY, 365.0, " year"),
        ],
    )
}

/// Grafana's `toDuration`: "1 year, 2 months", one part more per decimal, for a value in
/// units of `scale` seconds.
fn duration(value: f64, decimals: Option<i32>, scale: f64) -> String {
    const UNITS: [(&str, f64); 8] = [
        ("year", 31_536_000.0),
        ("month", 2_592_000.0),
        ("week", 604_800.0),
        ("day", 86_400.0),
        ("hour", 3_600.0),
        ("minute", 60.0),
        ("second", 1.0),
        ("millisecond", 0.001),
    ];
    let scale_name = UNITS
        .iter()
        .find(|(_, seconds)| *seconds == scale)
        .map_or("second", |(name, _)| name);
    if value == 0.0 {
        return format!("0 {scale_name}s");
    }
    if value < 0.0 {
        return format!("{} ago", duration(-value, decimals, scale));
    }
    // In milliseconds, as Grafana counts, so whole milliseconds stay whole.
    let mut left = value * scale * 1000.0;
    let mut parts = Vec::new();
    let mut started = false;
    let mut more = decimals.unwrap_or(0);
    for (name, seconds) in UNITS {
        if more < 0 {
            break;
        }
        let ms = seconds * 1000.0;
        let count = left / ms;
        if count >= 1.0 || started {
            started = true;
            let whole = count.floor();
            let plural = if whole == 1.0 { "" } else { "s" };
            parts.push(format!("{} {name}{plural}", js_string(whole)));
            left %= ms;
            more -= 1;
        }
    }
    parts.join(", ")
}

/// `hh:mm:ss` (and, for `with_days`, `d d ` before it) of a value in seconds.
fn clock_hms(value: f64, with_days: bool) -> Formatted {
    if value < 0.0 {
        let mut formatted = clock_hms(-value, with_days);
        formatted.suffix.push_str(" ago");
        return formatted;
    }
    let (days, rest) = if with_days {
        let days = (value / 86_400.0).floor();
        (days, value - days * 86_400.0)
    } else {
        (0.0, value)
    };
    let hours = (rest / 3_600.0).floor();
    let minutes = ((rest % 3_600.0) / 60.0).floor();
    let seconds = (rest % 3_600.0 % 60.0).floor();
    let hms = format!("{hours:02}:{minutes:02}:{seconds:02}");
    Formatted::number(if days > 0.0 {
        format!("{days} d {hms}")
    } else {
        hms
    })
}

/// Grafana's `toClock` of a value in milliseconds: `01h:59m:59s:999ms`, cut to fewer parts
/// by `decimals`.
fn clock(ms: f64, decimals: Option<i32>) -> String {
    let ms = ms.max(0.0);
    let whole = ms.floor() as u64;
    let (hours, minutes, seconds, millis) = (
        whole / 3_600_000,
        whole / 60_000 % 60,
        whole / 1_000 % 60,
        whole % 1_000,
    );
    if ms < 1_000.0 {
        return format!("{millis:03}ms");
    }
    if ms < 60_000.0 {
        return match decimals {
            Some(0) => format!("{seconds:02}s"),
            _ => format!("{seconds:02}s:{millis:03}ms"),
        };
    }
    if ms < 3_600_000.0 {
        return match decimals {
            Some(0) => format!("{minutes:02}m"),
            Some(1) => format!("{minutes:02}m:{seconds:02}s"),
            _ => format!("{minutes:02}m:{seconds:02}s:{millis:03}ms"),
        };
    }
    match decimals {
        Some(0) => format!("{hours:02}h"),
        Some(1) => format!("{hours:02}h:{minutes:02}m"),
        Some(2) => format!("{hours:02}h:{minutes:02}m:{seconds:02}s"),
        _ => format!("{hours:02}h:{minutes:02}m:{seconds:02}s:{millis:03}ms"),
    }
}

/// `toExponential(decimals)`: `1.23e+5`.
fn scientific(value: f64, decimals: Option<i32>) -> String {
    let text = match decimals {
        Some(d) => format!("{value:.*e}", d.max(0) as usize),
        None => format!("{value:e}"),
    };
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text,
    }
}

/// The value (rounded as `toFixed` rounds it) in upper-case hexadecimal.
fn hex(value: f64, decimals: Option<i32>) -> String {
    let rounded: f64 = to_fixed(value, decimals).parse().unwrap_or(value);
    let magnitude = rounded.abs().trunc() as u64;
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}{magnitude:X}")
}

#[cfg(test)]
mod tests;
