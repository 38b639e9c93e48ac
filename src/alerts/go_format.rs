//! Numbers and text written as Go writes them, for annotation templates: `fmt`'s verbs
//! (`printf "%.2f" $value`, a bare `{{ $value }}`, which is `%v`) and Prometheus's
//! `humanize` family. Prometheus expands templates with Go's `text/template`, so an
//! annotation reads the same in fedview only if its numbers are written the way Go's
//! `strconv` writes them: `1e+06`, not `1000000`; `+Inf`, not `inf`.

/// `value` as Go's `%v` writes a float64: the shortest digits that read back the same,
/// with an exponent below 1e-4 and from 1e6 on (`1e+06`).
pub fn float_v(value: f64) -> String {
    format_g(value, None, false)
}

/// Go's `%g` (`precision` significant digits, or the shortest that read back when `None`):
/// `%e` when the exponent is below -4 or at least the precision (6 for the shortest, as
/// `strconv` has it), else `%f`, trailing zeros dropped.
fn format_g(value: f64, precision: Option<usize>, plus: bool) -> String {
    if let Some(special) = special(value, plus) {
        return special;
    }
    let sign = sign(value, plus);
    let value = value.abs();
    if value == 0.0 {
        return format!("{sign}0");
    }
    // The digits and the exponent, rounded to the precision.
    let scientific = match precision {
        Some(p) => format!("{:.*e}", p.max(1) - 1, value),
        None => format!("{value:e}"),
    };
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let limit = match precision {
        None => 6,
        Some(p) => {
            let p = p.max(1) as i32;
            // Go lowers the precision to the digits there are, when they are all before
            // the point.
            if p > digits.len() as i32 && digits.len() as i32 > exponent {
                digits.len() as i32
            } else {
                p
            }
        }
    };
    if exponent < -4 || exponent >= limit {
        let rest = &digits[1..];
        let point = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{}{point}e{exponent_sign}{:02}",
            &digits[..1],
            exponent.abs()
        );
    }
    let point_at = exponent + 1;
    let text = if point_at <= 0 {
        format!("0.{}{digits}", "0".repeat((-point_at) as usize))
    } else if point_at as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point_at as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point_at as usize],
            &digits[point_at as usize..]
        )
    };
    format!("{sign}{text}")
}

/// Go's `%e` with `precision` digits after the point (6 by default).
fn format_e(value: f64, precision: Option<usize>, plus: bool) -> String {
    if let Some(special) = special(value, plus) {
        return special;
    }
    let text = format!("{:.*e}", precision.unwrap_or(6), value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!(
        "{}{mantissa}e{exponent_sign}{:02}",
        sign(value, plus),
        exponent.abs()
    )
}

/// Go's `%f` with `precision` digits after the point (6 by default).
fn format_f(value: f64, precision: Option<usize>, plus: bool) -> String {
    if let Some(special) = special(value, plus) {
        return special;
    }
    format!(
        "{}{:.*}",
        sign(value, plus),
        precision.unwrap_or(6),
        value.abs()
    )
}

/// How Go writes infinities and NaN.
fn special(value: f64, plus: bool) -> Option<String> {
    if value.is_nan() {
        Some(if plus { "+NaN" } else { "NaN" }.to_owned())
    } else if value.is_infinite() {
        Some(if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned())
    } else {
        None
    }
}

/// The sign Go writes before a number: `-` when negative (negative zero included), `+`
/// with the `+` flag.
fn sign(value: f64, plus: bool) -> &'static str {
    if value.is_sign_negative() {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    }
}

/// A value a template passes to `printf`: text or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Argument {
    /// Text.
    Text(String),
    /// A number (Go's float64).
    Number(f64),
}

/// Go's `fmt.Sprintf(format, arguments...)` for the verbs rule files use: `%v`, `%s`,
/// `%q`, `%d`, `%f`, `%e`, `%g`, `%x` and `%%`, with flags, width and precision. A verb
/// that does not fit its argument is written as Go writes it (`%!d(float64=1.5)`).
pub fn sprintf(format: &str, arguments: &[Argument]) -> String {
    let mut out = String::new();
    let mut next = arguments.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut minus, mut plus, mut zero) = (false, false, false);
        while let Some(&flag) = chars.peek() {
            match flag {
                '-' => minus = true,
                '+' => plus = true,
                '0' => zero = true,
                ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            width.push(d);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            precision = Some(digits.parse().unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(argument) = next.next() else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        let text = match (verb, argument) {
            ('v' | 's', Argument::Text(text)) => match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text.clone(),
            },
            ('q', Argument::Text(text)) => format!("{text:?}"),
            ('v', Argument::Number(v)) => match precision {
                Some(p) => format_g(*v, Some(p), plus),
                None => format_g(*v, None, plus),
            },
            ('f' | 'F', Argument::Number(v)) => format_f(*v, precision, plus),
            ('e', Argument::Number(v)) => format_e(*v, precision, plus),
            ('g', Argument::Number(v)) => format_g(*v, precision, plus),
            ('d', Argument::Number(v)) if v.fract() == 0.0 && v.is_finite() => {
                format!("%!d(float64={})", float_v(*v))
            }
            (_, Argument::Number(v)) => format!("%!{verb}(float64={})", float_v(*v)),
            (_, Argument::Text(text)) => format!("%!{verb}(string={text})"),
        };
        let width: usize = width.parse().unwrap_or(0);
        let length = text.chars().count();
        if length >= width {
            out.push_str(&text);
        } else if minus {
            out.push_str(&text);
            out.push_str(&" ".repeat(width - length));
        } else if zero && matches!(argument, Argument::Number(_)) {
            let (sign, digits) = match text.strip_prefix(['-', '+']) {
                Some(rest) => (&text[..1], rest),
                None => ("", text.as_str()),
            };
            out.push_str(sign);
            out.push_str(&"0".repeat(width - length));
            out.push_str(digits);
        } else {
            out.push_str(&" ".repeat(width - length));
            out.push_str(&text);
        }
    }
    for extra in next {
        let text = match extra {
            Argument::Text(t) => format!("string={t}"),
            Argument::Number(v) => format!("float64={}", float_v(*v)),
        };
        out.push_str(&format!("%!(EXTRA {text})"));
    }
    out
}

/// Prometheus's `humanize`: SI prefixes (k, M, G … and m, u, n … below one) on four
/// significant digits.
pub fn humanize(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format_g(value, Some(4), false);
    }
    let mut v = value;
    let mut prefix = "";
    if v.abs() >= 1.0 {
        for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
            if v.abs() < 1000.0 {
                break;
            }
            prefix = p;
            v /= 1000.0;
        }
    } else {
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if v.abs() >= 1.0 {
                break;
            }
            prefix = p;
            v *= 1000.0;
        }
    }
    format!("{}{prefix}", format_g(v, Some(4), false))
}

/// Prometheus's `humanize1024`: binary prefixes (ki, Mi, …) on four significant digits.
pub fn humanize_1024(value: f64) -> String {
    if value.abs() <= 1.0 || !value.is_finite() {
        return format_g(value, Some(4), false);
    }
    let mut v = value;
    let mut prefix = "";
    for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
        if v.abs() < 1024.0 {
            break;
        }
        prefix = p;
        v /= 1024.0;
    }
    format!("{}{prefix}", format_g(v, Some(4), false))
}

/// Prometheus's `humanizePercentage`: a ratio as a percentage on four significant digits.
pub fn humanize_percentage(value: f64) -> String {
    format!("{}%", format_g(value * 100.0, Some(4), false))
}

/// Prometheus's `humanizeDuration`: seconds as `1d 2h 3m 4s`, or with a prefix below one
/// second (`1.5ms`).
pub fn humanize_duration(value: f64) -> String {
    if !value.is_finite() {
        return format_g(value, Some(4), false);
    }
    if value == 0.0 {
        return format!("{}s", format_g(value, Some(4), false));
    }
    if value.abs() >= 1.0 {
        let sign = if value < 0.0 { "-" } else { "" };
        let v = value.abs();
        let whole = v as i64;
        let (seconds, minutes, hours, days) = (
            whole % 60,
            (whole / 60) % 60,
            (whole / 3600) % 24,
            whole / 86_400,
        );
        if days != 0 {
            return format!("{sign}{days}d {hours}h {minutes}m {seconds}s");
        }
        if hours != 0 {
            return format!("{sign}{hours}h {minutes}m {seconds}s");
        }
        if minutes != 0 {
            return format!("{sign}{minutes}m {seconds}s");
        }
        return format!("{sign}{}s", format_g(v, Some(4), false));
    }
    let mut v = value;
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}s", format_g(v, Some(4), false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_as_go_writes_them() {
        // fmt.Sprint and fmt.Sprintf, Go 1.19 (Debian's prometheus 2.42 is built with it).
        for (value, v) in [
            (0.5, "0.5"),
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0"),
            (f64::INFINITY, "+Inf"),
            (f64::NAN, "NaN"),
            (100.0, "100"),
        ] {
            assert_eq!(float_v(value), v, "{value}");
        }
        let number = |v: f64| [Argument::Number(v)];
        assert_eq!(sprintf("%.2f", &number(12.3456)), "12.35");
        assert_eq!(sprintf("%.0f", &number(2.5)), "2");
        assert_eq!(sprintf("%.4g", &number(123456.0)), "1.235e+05");
        assert_eq!(sprintf("%.4g", &number(0.5)), "0.5");
        assert_eq!(sprintf("%.4g", &number(12.0)), "12");
        assert_eq!(sprintf("%d%%", &number(5.0)), "%!d(float64=5)%");
        assert_eq!(
            sprintf(
                "%s on %s",
                &[Argument::Text("a".into()), Argument::Text("b".into())]
            ),
            "a on b"
        );
    }

    #[test]
    fn humanize_writes_prefixes_as_prometheus() {
        assert_eq!(humanize(1234.0), "1.234k");
        assert_eq!(humanize(0.0012), "1.2m");
        assert_eq!(humanize(0.0), "0");
        assert_eq!(humanize(1e9), "1G");
        assert_eq!(humanize_1024(2048.0), "2ki");
        assert_eq!(humanize_percentage(0.123456), "12.35%");
        assert_eq!(humanize_duration(90061.0), "1d 1h 1m 1s");
        assert_eq!(humanize_duration(1.5), "1.5s");
        assert_eq!(humanize_duration(0.0015), "1.5ms");
    }
}
