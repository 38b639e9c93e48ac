//! Byte-level scanning shared by the line parser and the label iterator: names, numbers,
//! and quoted label values. Every function takes a position and never indexes past the end.

use crate::{ErrorKind, Format};

/// Character classes, one bit each, looked up by byte: cheaper than chains of comparisons
/// in the loops that walk names.
const METRIC_START: u8 = 1;
const METRIC_CHAR: u8 = 2;
const LABEL_START: u8 = 4;
const LABEL_CHAR: u8 = 8;

// `b` runs over 0..256 here, and a `u8` below: both always index inside the 256 entries.
#[allow(clippy::indexing_slicing)]
const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let alpha = c.is_ascii_alphabetic() || c == b'_';
        let digit = c.is_ascii_digit();
        let colon = c == b':';
        let mut class = 0;
        if alpha || colon {
            class |= METRIC_START | METRIC_CHAR;
        }
        if digit {
            class |= METRIC_CHAR | LABEL_CHAR;
        }
        if alpha {
            class |= LABEL_START | LABEL_CHAR;
        }
        table[b] = class;
        b += 1;
    }
    table
};

#[inline]
#[allow(clippy::indexing_slicing)]
fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

/// Whether `b` may start a metric name (`[a-zA-Z_:]`).
#[inline]
pub(crate) fn is_metric_start(b: u8) -> bool {
    class(b) & METRIC_START != 0
}

/// Whether `b` may continue a metric name (`[a-zA-Z0-9_:]`).
#[inline]
pub(crate) fn is_metric_char(b: u8) -> bool {
    class(b) & METRIC_CHAR != 0
}

/// Whether `b` may start a label name (`[a-zA-Z_]`).
#[inline]
pub(crate) fn is_label_start(b: u8) -> bool {
    class(b) & LABEL_START != 0
}

/// Whether `b` may continue a label name (`[a-zA-Z0-9_]`).
#[inline]
pub(crate) fn is_label_char(b: u8) -> bool {
    class(b) & LABEL_CHAR != 0
}

/// The end of the metric name starting at `at`, or `None` when none starts there.
#[inline]
pub(crate) fn metric_name_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at) {
        Some(&b) if is_metric_start(b) => {}
        _ => return None,
    }
    let mut end = at + 1;
    while bytes.get(end).is_some_and(|&b| is_metric_char(b)) {
        end += 1;
    }
    Some(end)
}

/// The end of the label name starting at `at`, or `None` when none starts there.
#[inline]
pub(crate) fn label_name_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at) {
        Some(&b) if is_label_start(b) => {}
        _ => return None,
    }
    let mut end = at + 1;
    while bytes.get(end).is_some_and(|&b| is_label_char(b)) {
        end += 1;
    }
    Some(end)
}

/// Whether `b` is blank in Prometheus text (space or tab).
#[inline]
pub(crate) fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The first position at or after `at` that is not blank.
#[inline]
pub(crate) fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|&b| is_blank(b)) {
        at += 1;
    }
    at
}

/// A quoted value starting just after its opening `"`: returns the position of the closing
/// `"` and whether any `\` escape occurs. `strict_escapes` rejects escapes other than `\\`,
/// `\"` and `\n`.
#[inline]
pub(crate) fn quoted_end(
    bytes: &[u8],
    at: usize,
    strict_escapes: bool,
) -> Result<(usize, bool), (usize, ErrorKind)> {
    let mut pos = at;
    let mut escaped = false;
    loop {
        // Label values are mostly short: a plain loop beats memchr's set-up for the first
        // bytes, and memchr takes over for long values.
        let found = if bytes.len() - pos.min(bytes.len()) <= 32 || pos - at < 24 {
            let mut i = pos;
            loop {
                match bytes.get(i) {
                    Some(b'"' | b'\\' | b'\n') => break Some(i),
                    Some(_) if i - pos >= 24 => {
                        let rest = bytes.get(i..).unwrap_or_default();
                        break memchr::memchr3(b'"', b'\\', b'\n', rest).map(|o| i + o);
                    }
                    Some(_) => i += 1,
                    None => break None,
                }
            }
        } else {
            let rest = bytes.get(pos..).unwrap_or_default();
            memchr::memchr3(b'"', b'\\', b'\n', rest).map(|o| pos + o)
        };
        let Some(found) = found else {
            return Err((bytes.len(), ErrorKind::Expected("closing '\"'")));
        };
        match bytes.get(found) {
            Some(b'"') => return Ok((found, escaped)),
            Some(b'\\') => {
                escaped = true;
                match bytes.get(found + 1) {
                    Some(b'\\' | b'"' | b'n') => {}
                    Some(b'\n') | None => {
                        return Err((found + 1, ErrorKind::Expected("closing '\"'")))
                    }
                    Some(_) if strict_escapes => return Err((found, ErrorKind::InvalidEscape)),
                    Some(_) => {}
                }
                pos = found + 2;
            }
            _ => return Err((found, ErrorKind::Expected("closing '\"'"))),
        }
    }
}

/// Parses a sample value. Prometheus text takes what Go's `ParseFloat` takes (minus hex);
/// OpenMetrics takes its ABNF: a real number, `NaN`, or a signed `Inf`/`Infinity`.
#[inline]
pub(crate) fn parse_value(text: &str, format: Format, strict: bool) -> Option<f64> {
    let bytes = text.as_bytes();
    // Plain decimal numbers, the common case, go straight to the standard parser.
    let first = *bytes.first()?;
    if first.is_ascii_digit() {
        if strict && format == Format::OpenMetrics && !is_real_number(bytes) {
            return None;
        }
        return text.parse().ok();
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        if strict && format == Format::OpenMetrics && unsigned.len() == text.len() {
            return None;
        }
        return Some(if first == b'-' {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if unsigned.eq_ignore_ascii_case("nan") {
        if strict && unsigned.len() != text.len() {
            return None;
        }
        return Some(f64::NAN);
    }
    if strict && format == Format::OpenMetrics && !is_real_number(bytes) {
        return None;
    }
    // Rust would take "infinity"-like words above; what is left must look numeric.
    if !unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    text.parse().ok()
}

/// OpenMetrics `realnumber`: `[sign] (digits ["." [digits]] / "." digits) [("e"/"E") [sign] digits]`.
fn is_real_number(bytes: &[u8]) -> bool {
    let mut i = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut fraction = 0;
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        fraction = digits(&mut i);
    }
    if whole == 0 && fraction == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

/// Parses a Prometheus millisecond timestamp (a decimal integer).
#[inline]
pub(crate) fn parse_millis(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, bytes.get(1..)?),
        Some(b'+') => (false, bytes.get(1..)?),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(if negative { -value } else { value })
}

/// Parses an OpenMetrics timestamp (seconds, possibly fractional) into milliseconds.
#[inline]
pub(crate) fn parse_seconds(text: &str) -> Option<i64> {
    if !is_real_number(text.as_bytes()) {
        return None;
    }
    let seconds: f64 = text.parse().ok()?;
    // Beyond ±292 million years the conversion saturates at i64's bounds.
    (seconds * 1000.0)
        .round()
        .is_finite()
        .then(|| (seconds * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let nan = f64::NAN;
        let cases: &[(&str, Format, bool, Option<f64>)] = &[
            ("1", Format::Prometheus, false, Some(1.0)),
            ("-1.5e3", Format::Prometheus, false, Some(-1500.0)),
            (".5", Format::Prometheus, false, Some(0.5)),
            ("+Inf", Format::Prometheus, false, Some(f64::INFINITY)),
            ("-inf", Format::Prometheus, false, Some(f64::NEG_INFINITY)),
            ("Inf", Format::Prometheus, false, Some(f64::INFINITY)),
            ("NaN", Format::Prometheus, false, Some(nan)),
            ("nan", Format::Prometheus, false, Some(nan)),
            ("Inf", Format::OpenMetrics, true, None),
            ("+Infinity", Format::OpenMetrics, true, Some(f64::INFINITY)),
            ("1e", Format::OpenMetrics, true, None),
            ("0x1p3", Format::OpenMetrics, true, None),
            ("abc", Format::Prometheus, false, None),
            ("", Format::Prometheus, false, None),
            ("1_000", Format::Prometheus, false, None),
        ];
        for &(text, format, strict, want) in cases {
            let got = parse_value(text, format, strict);
            let same = match (got, want) {
                (Some(a), Some(b)) => a == b || (a.is_nan() && b.is_nan()),
                (None, None) => true,
                _ => false,
            };
            assert!(
                same,
                "{text:?} {format:?} strict={strict}: {got:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_millis("1700000000000"), Some(1_700_000_000_000));
        assert_eq!(parse_millis("-5"), Some(-5));
        assert_eq!(parse_millis("1.5"), None);
        assert_eq!(parse_millis("99999999999999999999"), None);
        assert_eq!(parse_seconds("1700000000.123"), Some(1_700_000_000_123));
        assert_eq!(parse_seconds("1e3"), Some(1_000_000));
        assert_eq!(parse_seconds("NaN"), None);
    }

    #[test]
    fn quoted_values() {
        assert_eq!(quoted_end(br#"abc" rest"#, 0, true), Ok((3, false)));
        assert_eq!(quoted_end(br#"a\"b" rest"#, 0, true), Ok((4, true)));
        assert_eq!(quoted_end(br#"a\\" rest"#, 0, true), Ok((3, true)));
        assert!(quoted_end(br#"a\tb""#, 0, true).is_err());
        assert_eq!(quoted_end(br#"a\tb""#, 0, false), Ok((4, true)));
        assert!(quoted_end(b"abc", 0, false).is_err());
        assert!(quoted_end(b"ab\\", 0, false).is_err());
    }
}
