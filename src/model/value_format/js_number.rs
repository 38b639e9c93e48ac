//! Numbers written as Grafana's JavaScript writes them: `String(n)`, `Math.round`,
//! `toExponential`, `toString(16)`, and `toLocaleString` / `Intl.NumberFormat` in English.
//! Grafana's units are built on these, so their corner cases (exponents, ties, grouping)
//! are JavaScript's, not Rust's.

/// JavaScript's `Math.round`: halves go towards +∞.
pub(crate) fn js_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// A number as JavaScript's `String(n)` writes it: the shortest digits that read back as
/// the same number, with an exponent outside 1e-6..1e21.
pub(crate) fn js_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs();
    if !(1e-6..1e21).contains(&magnitude) {
        return with_signed_exponent(&format!("{x:e}"));
    }
    format!("{x}")
}

/// `1.5e3` written as JavaScript writes it, `1.5e+3`.
fn with_signed_exponent(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) if !exponent.starts_with('-') => {
            format!("{mantissa}e+{exponent}")
        }
        _ => text.to_owned(),
    }
}

/// How a browser in English writes infinity (`toLocaleString`).
pub(crate) fn locale_infinity(x: f64) -> String {
    if x > 0.0 { "∞" } else { "-∞" }.to_owned()
}

/// How many decimals Grafana shows for `value` when none are set (`getDecimalsForValue`):
/// two significant digits for a fraction (three when its leading digits pass 2.25), none
/// for a whole number.
pub(crate) fn decimals_for(value: f64) -> i32 {
    let log10 = (value.abs().ln() / std::f64::consts::LN_10).floor();
    let mut dec = -log10 + 1.0;
    let magnitude = 10f64.powf(-dec);
    let norm = value.abs() / magnitude;
    if norm > 2.25 {
        dec += 1.0;
    }
    if value % 1.0 == 0.0 {
        dec = 0.0;
    }
    dec.max(0.0) as i32
}

/// Grafana's `toFixed`: `value` rounded to `decimals` and padded with zeros, or to the
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

/// A decimal number as digits and where the point goes: `digits` × 10^(`point` − len).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    digits: Vec<u8>,
    /// How many of the digits come before the point (may be ≤ 0 or past the end).
    point: i32,
}

impl Decimal {
    /// The magnitude of `x` from Rust's scientific writing of it (`{:e}`, shortest, or
    /// `{:.N e}`, exact to N digits).
    fn parse(scientific: &str) -> Self {
        let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        let digits: Vec<u8> = mantissa
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        Self {
            digits,
            point: exponent + 1,
        }
    }

    /// The shortest digits that read back as `x` (as JavaScript and ICU take a double).
    fn shortest(x: f64) -> Self {
        Self::parse(&format!("{:e}", x.abs()))
    }

    /// Every digit of `x`'s exact binary value.
    fn exact(x: f64) -> Self {
        let mut exact = Self::parse(&format!("{:.767e}", x.abs()));
        while exact.digits.len() > 1 && exact.digits.last() == Some(&0) {
            exact.digits.pop();
        }
        exact
    }

    /// Rounded to keep `keep` digits (from the first), halves away from zero.
    fn round_to(&mut self, keep: i32) {
        if keep < 0 {
            self.digits = vec![0];
            return;
        }
        let keep = keep as usize;
        if self.digits.len() <= keep {
            return;
        }
        let up = self.digits[keep] >= 5;
        self.digits.truncate(keep);
        if up {
            let mut i = keep;
            loop {
                if i == 0 {
                    // 9.99 became 10.0: one digit more before the point, as many kept.
                    self.digits.insert(0, 1);
                    self.digits.truncate(keep.max(1));
                    self.point += 1;
                    break;
                }
                i -= 1;
                if self.digits[i] == 9 {
                    self.digits[i] = 0;
                } else {
                    self.digits[i] += 1;
                    break;
                }
            }
        }
        if self.digits.is_empty() {
            self.digits.push(0);
        }
    }

    /// The digits before the point and after it (to `fraction` places at least).
    fn fixed(&self, min_fraction: usize) -> (String, String) {
        let digit = |i: i32| -> char {
            if i >= 0 && (i as usize) < self.digits.len() {
                char::from(b'0' + self.digits[i as usize])
            } else {
                '0'
            }
        };
        let whole: String = if self.point <= 0 {
            "0".to_owned()
        } else {
            (0..self.point).map(digit).collect()
        };
        let last = self.digits.len() as i32 - self.point;
        let places = last.max(min_fraction as i32).max(0);
        let fraction: String = (0..places).map(|i| digit(self.point + i)).collect();
        (whole, fraction)
    }
}

/// JavaScript's `toExponential(decimals)`, or with as many digits as the value needs.
pub(crate) fn to_exponential(value: f64, decimals: Option<i32>) -> String {
    if !value.is_finite() {
        return js_string(value);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let Some(decimals) = decimals else {
        return format!(
            "{sign}{}",
            with_signed_exponent(&format!("{:e}", value.abs()))
        );
    };
    let mut number = if value == 0.0 {
        Decimal {
            digits: vec![0],
            point: 1,
        }
    } else {
        Decimal::exact(value)
    };
    number.round_to(decimals + 1);
    let exponent = if value == 0.0 { 0 } else { number.point - 1 };
    let mut digits: String = number.digits.iter().map(|d| char::from(b'0' + d)).collect();
    while digits.len() < (decimals + 1) as usize {
        digits.push('0');
    }
    let mantissa = if decimals > 0 {
        format!("{}.{}", &digits[..1], &digits[1..])
    } else {
        digits
    };
    let exponent_sign = if exponent < 0 { "-" } else { "+" };
    format!("{sign}{mantissa}e{exponent_sign}{}", exponent.abs())
}

/// JavaScript's `toString(16)`, upper case: the digits of the value's binary fraction up
/// to its precision (as V8's `DoubleToRadixCString` writes them).
pub(crate) fn to_hex(value: f64) -> String {
    if !value.is_finite() {
        return js_string(value);
    }
    const RADIX: f64 = 16.0;
    const DIGITS: &[u8] = b"0123456789ABCDEF";
    let negative = value < 0.0;
    let value = value.abs();
    let mut integer = value.floor();
    let mut fraction = value - integer;
    let next_up = f64::from_bits(value.to_bits() + 1);
    let mut delta = (0.5 * (next_up - value)).max(f64::from_bits(1));
    let mut fraction_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= RADIX;
            delta *= RADIX;
            let digit = fraction as usize;
            fraction_digits.push(digit as u8);
            fraction -= digit as f64;
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                // Round up, carrying into the digits already written.
                loop {
                    match fraction_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(d) if (d as f64) + 1.0 < RADIX => {
                            fraction_digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    let mut whole: Vec<u8> = Vec::new();
    // Digits past a double's precision are written as zeros.
    while integer / RADIX >= 2f64.powi(53) {
        integer /= RADIX;
        whole.push(b'0');
    }
    loop {
        let remainder = integer % RADIX;
        whole.push(DIGITS[remainder as usize]);
        integer = (integer - remainder) / RADIX;
        if integer <= 0.0 {
            break;
        }
    }
    whole.reverse();
    let mut text = String::from(if negative { "-" } else { "" });
    text.push_str(&String::from_utf8_lossy(&whole));
    if !fraction_digits.is_empty() {
        text.push('.');
        text.extend(
            fraction_digits
                .iter()
                .map(|d| char::from(DIGITS[*d as usize])),
        );
    }
    text
}

/// `Intl.NumberFormat('en-US')` with these fraction digits: the shortest digits of the
/// value rounded half away from zero, thousands grouped with commas.
pub(crate) fn locale_number(value: f64, min_fraction: usize, max_fraction: usize) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return locale_infinity(value);
    }
    let mut number = Decimal::shortest(value);
    if value == 0.0 {
        number = Decimal {
            digits: vec![0],
            point: 1,
        };
    }
    number.round_to(number.point + max_fraction as i32);
    let (whole, fraction) = number.fixed(min_fraction);
    let fraction = fraction.trim_end_matches('0');
    let fraction = if fraction.len() < min_fraction {
        format!("{fraction:0<min_fraction$}")
    } else {
        fraction.to_owned()
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_corner_cases() {
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(0.499_999_999_999_999_94), 0.0);
        assert_eq!(js_string(1e21), "1e+21");
        assert_eq!(js_string(1.5e-7), "1.5e-7");
        assert_eq!(to_exponential(1.25, Some(1)), "1.3e+0");
        assert_eq!(to_exponential(-123_456.0, Some(2)), "-1.23e+5");
        assert_eq!(to_exponential(0.000_12, None), "1.2e-4");
        assert_eq!(to_exponential(99_700.0, Some(1)), "1.0e+5");
        assert_eq!(to_exponential(992_000.0, Some(0)), "1e+6");
        assert_eq!(to_hex(255.0), "FF");
        assert_eq!(to_hex(0.5), "0.8");
        assert_eq!(to_hex(-1.25), "-1.4");
        assert_eq!(locale_number(1_234.567_8, 0, 3), "1,234.568");
        assert_eq!(locale_number(2.5, 0, 0), "3");
        assert_eq!(locale_number(-0.0001, 0, 3), "-0");
        assert_eq!(locale_number(1e21, 0, 3), "1,000,000,000,000,000,000,000");
    }
}
