//! Durations as Prometheus writes them in rule files (`for: 5m`, `interval: 1h30m`): its
//! `model.Duration`, read and written the same way, so that a rule fedview exports loads in
//! Prometheus unchanged.

/// Each unit Prometheus knows, largest first, in milliseconds.
const UNITS: [(&str, u64); 7] = [
    ("y", 365 * 86_400_000),
    ("w", 7 * 86_400_000),
    ("d", 86_400_000),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// `text` (`1h30m`, `5m`, `0s`, `0`) in milliseconds, or why Prometheus would refuse it:
/// units in the order y, w, d, h, m, s, ms, each at most once, each a whole number.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let refuse = || format!("not a valid duration string: {text:?}");
    if text == "0" {
        return Ok(0);
    }
    if text.is_empty() {
        return Err(refuse());
    }
    let mut rest = text;
    let mut next_unit = 0;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(refuse());
        }
        let number: u64 = rest[..digits].parse().map_err(|_| refuse())?;
        rest = &rest[digits..];
        // "ms" before "m", so that "5ms" is not five minutes and an "s".
        let (at, (unit, millis)) = UNITS
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, (unit, _))| rest.starts_with(unit))
            .max_by_key(|(_, (unit, _))| unit.len())
            .ok_or_else(refuse)?;
        rest = &rest[unit.len()..];
        next_unit = at + 1;
        total = number
            .checked_mul(*millis)
            .and_then(|m| total.checked_add(m))
            .ok_or_else(refuse)?;
    }
    Ok(total)
}

/// `millis` as Prometheus writes a duration: `0s`, `5m`, `1h30m`, `90d` (years and weeks
/// only when they divide it exactly).
pub fn format_duration(millis: u64) -> String {
    if millis == 0 {
        return "0s".to_owned();
    }
    let mut rest = millis;
    let mut text = String::new();
    for (unit, size) in UNITS {
        let exact_only = matches!(unit, "y" | "w");
        if exact_only && rest % size != 0 {
            continue;
        }
        let count = rest / size;
        if count > 0 {
            text.push_str(&format!("{count}{unit}"));
            rest -= count * size;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_and_write_as_prometheus() {
        assert_eq!(parse_duration("5m"), Ok(300_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration("250ms"), Ok(250));
        assert_eq!(parse_duration("1m5ms"), Ok(60_005));
        assert_eq!(parse_duration("0"), Ok(0));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("30m1h").is_err(), "units out of order");
        assert!(parse_duration("1.5h").is_err());
        assert!(parse_duration("").is_err());
        assert_eq!(format_duration(5_400_000), "1h30m");
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(7 * 86_400_000), "1w");
        assert_eq!(format_duration(90 * 86_400_000), "90d");
        assert_eq!(format_duration(60_005), "1m5ms");
    }
}
