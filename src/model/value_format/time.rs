//! Grafana's time units (`valueFormats/dateTimeFormatters.ts`): values that step up from
//! nanoseconds to years (with "mins", "hours", … once past one), durations written out in
//! words, `hh:mm:ss` and clocks, and dates (in UTC: fedview has no time zone setting).

use super::{
    catalogue::{DurationScale, TimeUnit},
    js_number::{js_string, to_fixed},
    Formatted,
};

/// `toFixedScaled`: the scaled value, and the unit made plural past one.
fn scaled(value: f64, decimals: Option<i32>, unit: &str) -> Formatted {
    let plural = value.abs() > 1.0 && matches!(unit, " min" | " hour" | " day" | " week" | " year");
    Formatted {
        prefix: String::new(),
        text: to_fixed(value, decimals),
        suffix: if plural {
            format!("{unit}s")
        } else {
            unit.to_owned()
        },
    }
}

/// The value in its own unit, unscaled and never plural.
fn plain(value: f64, decimals: Option<i32>, unit: &str) -> Formatted {
    Formatted {
        prefix: String::new(),
        text: to_fixed(value, decimals),
        suffix: unit.to_owned(),
    }
}

/// A value in a time unit that steps up (and, for seconds, down) to the unit it reads
/// best in.
pub(super) fn time(unit: TimeUnit, value: f64, decimals: Option<i32>) -> Formatted {
    let size = value.abs();
    match unit {
        TimeUnit::Nanoseconds => {
            if size < 1e3 {
                plain(value, decimals, " ns")
            } else if size < 1e6 {
                scaled(value / 1e3, decimals, " µs")
            } else if size < 1e9 {
                scaled(value / 1e6, decimals, " ms")
            } else if size < 6e10 {
                scaled(value / 1e9, decimals, " s")
            } else if size < 36e11 {
                scaled(value / 6e10, decimals, " min")
            } else if size < 864e11 {
                scaled(value / 36e11, decimals, " hour")
            } else {
                scaled(value / 864e11, decimals, " day")
            }
        }
        TimeUnit::Microseconds => {
            if size < 1e3 {
                plain(value, decimals, " µs")
            } else if size < 1e6 {
                scaled(value / 1e3, decimals, " ms")
            } else {
                scaled(value / 1e6, decimals, " s")
            }
        }
        TimeUnit::Milliseconds => {
            if size < 1e3 {
                plain(value, decimals, " ms")
            } else if size < 6e4 {
                scaled(value / 1e3, decimals, " s")
            } else if size < 36e5 {
                scaled(value / 6e4, decimals, " min")
            } else if size < 864e5 {
                scaled(value / 36e5, decimals, " hour")
            } else if size < 31536e6 {
                scaled(value / 864e5, decimals, " day")
            } else {
                scaled(value / 31536e6, decimals, " year")
            }
        }
        TimeUnit::Seconds => seconds(value, decimals),
        TimeUnit::Ticks => seconds(value / 100.0, decimals),
        TimeUnit::Minutes => {
            if size < 60.0 {
                plain(value, decimals, " min")
            } else if size < 1440.0 {
                scaled(value / 60.0, decimals, " hour")
            } else if size < 10080.0 {
                scaled(value / 1440.0, decimals, " day")
            } else if size < 604_800.0 {
                scaled(value / 10080.0, decimals, " week")
            } else {
                scaled(value / 525_948.0, decimals, " year")
            }
        }
        TimeUnit::Hours => {
            if size < 24.0 {
                plain(value, decimals, " hour")
            } else if size < 168.0 {
                scaled(value / 24.0, decimals, " day")
            } else if size < 8760.0 {
                scaled(value / 168.0, decimals, " week")
            } else {
                scaled(value / 8760.0, decimals, " year")
            }
        }
        TimeUnit::Days => {
            if size < 7.0 {
                scaled(value, decimals, " day")
            } else if size < 365.0 {
                scaled(value / 7.0, decimals, " week")
            } else {
                scaled(value / 365.0, decimals, " year")
            }
        }
    }
}

fn seconds(value: f64, decimals: Option<i32>) -> Formatted {
    let size = value.abs();
    if value == 0.0 {
        return plain_text("0", " s");
    }
    if size < 1e-6 {
        scaled(value * 1e9, decimals, " ns")
    } else if size < 1e-3 {
        scaled(value * 1e6, decimals, " µs")
    } else if size < 1.0 {
        scaled(value * 1e3, decimals, " ms")
    } else if size < 60.0 {
        plain(value, decimals, " s")
    } else if size < 3600.0 {
        scaled(value / 60.0, decimals, " min")
    } else if size < 86400.0 {
        scaled(value / 3600.0, decimals, " hour")
    } else if size < 604_800.0 {
        scaled(value / 86400.0, decimals, " day")
    } else if size < 31_536_000.0 {
        scaled(value / 604_800.0, decimals, " week")
    } else {
        scaled(value / 31_556_900.0, decimals, " year")
    }
}

fn plain_text(text: &str, suffix: &str) -> Formatted {
    Formatted {
        prefix: String::new(),
        text: text.to_owned(),
        suffix: suffix.to_owned(),
    }
}

/// The parts of a duration, largest first, with their length in seconds.
const PARTS: [(&str, f64); 8] = [
    ("year", 31_536_000.0),
    ("month", 2_592_000.0),
    ("week", 604_800.0),
    ("day", 86_400.0),
    ("hour", 3_600.0),
    ("minute", 60.0),
    ("second", 1.0),
    ("millisecond", 1e-3),
];

/// Grafana's `toDuration`: "1 year, 2 months", one part more per decimal.
pub(super) fn duration(value: f64, decimals: Option<i32>, scale: DurationScale) -> Formatted {
    let (name, seconds) = match scale {
        DurationScale::Milliseconds => ("millisecond", 1e-3),
        DurationScale::Seconds => ("second", 1.0),
    };
    if value == 0.0 {
        return plain_text("0", &format!(" {name}s"));
    }
    if value < 0.0 {
        let mut formatted = duration(-value, decimals, scale);
        formatted.suffix.push_str(" ago");
        return formatted;
    }
    let mut left = value * (seconds * 1e3);
    let mut parts = Vec::new();
    let mut started = false;
    let mut more = decimals.unwrap_or(0);
    for (part, seconds) in PARTS {
        if more < 0 {
            break;
        }
        let interval = seconds * 1e3;
        let count = left / interval;
        if count >= 1.0 || started {
            started = true;
            let whole = count.floor();
            let plural = if whole == 1.0 { "" } else { "s" };
            parts.push(format!("{} {part}{plural}", js_string(whole)));
            left %= interval;
            more -= 1;
        }
    }
    plain_text(&parts.join(", "), "")
}

/// Two digits at least, as Grafana pads hours, minutes and seconds.
fn two_digits(n: f64) -> String {
    if n > 9.0 {
        js_string(n)
    } else {
        format!("0{}", js_string(n))
    }
}

/// `dthms`: `hh:mm:ss` of a value in seconds.
pub(super) fn hours_minutes_seconds(value: f64) -> Formatted {
    if value < 0.0 {
        let mut formatted = hours_minutes_seconds(-value);
        formatted.suffix.push_str(" ago");
        return formatted;
    }
    let hours = (value / 3600.0).floor();
    let minutes = (value % 3600.0 / 60.0).floor();
    let seconds = (value % 3600.0 % 60.0).floor();
    plain_text(
        &format!(
            "{}:{}:{}",
            two_digits(hours),
            two_digits(minutes),
            two_digits(seconds)
        ),
        "",
    )
}

/// `dtdhms`: `d d hh:mm:ss` of a value in seconds.
pub(super) fn days_hours_minutes_seconds(value: f64) -> Formatted {
    if value < 0.0 {
        let mut formatted = days_hours_minutes_seconds(-value);
        formatted.suffix.push_str(" ago");
        return formatted;
    }
    let days = (value / 86_400.0).floor();
    let day_text = if days > 0.0 {
        format!("{} d ", js_string(days))
    } else {
        String::new()
    };
    let rest = hours_minutes_seconds(value - days * 86_400.0);
    plain_text(&format!("{day_text}{}", rest.text), "")
}

/// The latest instant a JavaScript date can hold, in milliseconds from 1970.
const LAST_DATE_MS: f64 = 8.64e15;

/// A UTC date and time of `ms` milliseconds since 1970, as a JavaScript `Date` holds it
/// (whole milliseconds), or `None` past the dates it can hold.
struct Instant {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millisecond: u32,
}

impl Instant {
    fn utc(ms: f64) -> Option<Self> {
        let ms = ms.trunc();
        if !ms.is_finite() || ms.abs() > LAST_DATE_MS {
            return None;
        }
        let ms = ms as i64;
        let days = ms.div_euclid(86_400_000);
        let in_day = ms.rem_euclid(86_400_000);
        // Howard Hinnant's days-from-civil, inverted.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Self {
            year,
            month,
            day,
            hour: (in_day / 3_600_000) as u32,
            minute: (in_day / 60_000 % 60) as u32,
            second: (in_day / 1000 % 60) as u32,
            millisecond: (in_day % 1000) as u32,
        })
    }

    /// The instant written with moment's tokens (`YYYY`, `MM`, `DD`, `HH`, `h`, `mm`,
    /// `ss`, `SSS`, `a`); `\x` writes `x` as it is.
    fn format(&self, pattern: &str) -> String {
        let mut out = String::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            let token = ["YYYY", "MM", "DD", "HH", "hh", "mm", "ss", "SSS", "h", "a"]
                .into_iter()
                .find(|t| rest.starts_with(t));
            let Some(token) = token else {
                if c == '\\' {
                    rest = &rest[1..];
                    if let Some(escaped) = rest.chars().next() {
                        out.push(escaped);
                        rest = &rest[escaped.len_utf8()..];
                    }
                    continue;
                }
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            };
            let twelve = match self.hour % 12 {
                0 => 12,
                h => h,
            };
            out.push_str(&match token {
                "YYYY" => format!("{:04}", self.year),
                "MM" => format!("{:02}", self.month),
                "DD" => format!("{:02}", self.day),
                "HH" => format!("{:02}", self.hour),
                "hh" => format!("{twelve:02}"),
                "h" => twelve.to_string(),
                "mm" => format!("{:02}", self.minute),
                "ss" => format!("{:02}", self.second),
                "SSS" => format!("{:03}", self.millisecond),
                _ => if self.hour < 12 { "am" } else { "pm" }.to_owned(),
            });
            rest = &rest[token.len()..];
        }
        out
    }
}

/// Grafana's `toClock` of a value in milliseconds: `01h:59m:59s:999ms`, cut to fewer parts
/// by `decimals`.
pub(super) fn clock(ms: f64, decimals: Option<i32>) -> Formatted {
    let written = |pattern: &str| {
        Instant::utc(ms).map_or_else(|| "Invalid date".to_owned(), |i| i.format(pattern))
    };
    let text = if ms < 1e3 {
        written("SSS\\m\\s")
    } else if ms < 6e4 {
        written(if decimals == Some(0) {
            "ss\\s"
        } else {
            "ss\\s:SSS\\m\\s"
        })
    } else if ms < 36e5 {
        written(match decimals {
            Some(0) => "mm\\m",
            Some(1) => "mm\\m:ss\\s",
            _ => "mm\\m:ss\\s:SSS\\m\\s",
        })
    } else {
        let hours = format!("{}h", js_string((ms / 36e5).floor()));
        match decimals {
            Some(0) => hours,
            Some(1) => format!("{hours}:{}", written("mm\\m")),
            Some(2) => format!("{hours}:{}", written("mm\\m:ss\\s")),
            _ => format!("{hours}:{}", written("mm\\m:ss\\s:SSS\\m\\s")),
        }
    };
    plain_text(&text, "")
}

/// A date and time from milliseconds since 1970, in UTC.
pub(super) fn date_time(ms: f64, pattern: &str) -> Formatted {
    let text = Instant::utc(ms).map_or_else(|| "Invalid date".to_owned(), |i| i.format(pattern));
    plain_text(&text, "")
}
