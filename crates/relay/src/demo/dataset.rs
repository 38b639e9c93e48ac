//! A believable mobile-core metric set whose values are pure functions of time, so every
//! poll sees counters that only grow (apart from one deliberate reset) and gauges that move.

use std::fmt::Write as _;

/// The demo's series, generated from a few telecom-flavoured families and spread over as
/// many regions as it takes to reach the series count asked for.
#[derive(Debug)]
pub struct Dataset {
    regions: Vec<String>,
}

/// How often the demo "scrapes" itself: federate shows the latest scrape.
const SCRAPE_INTERVAL_MS: i64 = 15_000;
/// The one counter that resets, and how often.
const RESET_PERIOD_S: f64 = 600.0;

const APNS: [&str; 3] = ["internet", "ims", "iot.m2m"];
const DIRECTIONS: [&str; 2] = ["mo", "mt"];
const SIP_CODES: [(&str, f64); 6] = [
    ("200", 40.0),
    ("180", 35.0),
    ("404", 1.5),
    ("486", 3.0),
    ("487", 2.0),
    ("503", 0.4),
];
const DIAMETER_APPS: [(&str, f64); 3] = [("gx", 0.012), ("gy", 0.02), ("s6a", 0.008)];
const LATENCY_BUCKETS: [f64; 8] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/// Series one region contributes (see `write_region`).
const SERIES_PER_REGION: usize = 2 + 2 + 2 + 6 + 6 + 3 * (LATENCY_BUCKETS.len() + 3) + 5 + 1;

impl Dataset {
    /// A data set of about `series` series (at least one region's worth).
    pub fn new(series: usize) -> Self {
        let count = series.div_ceil(SERIES_PER_REGION).max(1);
        let regions = (0..count)
            .map(|i| match i {
                0 => "oslo".to_owned(),
                1 => "bergen".to_owned(),
                2 => "trondheim".to_owned(),
                n => format!("region-{n}"),
            })
            .collect();
        Self { regions }
    }

    /// The federate answer at `now_ms`: every family `untyped`, no HELP, and the scrape's
    /// millisecond timestamp on every sample, as Prometheus's `/federate` writes it.
    pub fn federate(&self, now_ms: i64) -> String {
        let ts = now_ms - now_ms.rem_euclid(SCRAPE_INTERVAL_MS);
        let t = ts as f64 / 1000.0;
        let mut out = String::with_capacity(self.regions.len() * SERIES_PER_REGION * 120);
        let families = [
            "mobile_subscribers_attached",
            "sms_messages_total",
            "voice_calls_total",
            "data_bytes_total",
            "sip_responses_total",
            "diameter_request_duration_seconds",
            "sms_delivery_latency_seconds",
            "up",
        ];
        for family in families {
            let _ = writeln!(out, "# TYPE {family} untyped");
            for (index, region) in self.regions.iter().enumerate() {
                let seed = index as f64 * 0.37 + 1.0;
                write_family(&mut out, family, region, seed, t, ts);
            }
        }
        out
    }
}

/// A counter growing at about `rate` per second with a gentle daily wave; it restarts from
/// zero at midnight UTC, like a process that restarts nightly.
fn counter(rate: f64, seed: f64, t: f64) -> f64 {
    let day = t.rem_euclid(86_400.0);
    let period = 900.0;
    // d/dt (day + A sin(day / P)) = 1 + (A/P) cos(..) > 0 for A < P: never decreases.
    (rate * seed * (day + 0.5 * period * (day / period).sin())).floor()
}

fn gauge(level: f64, swing: f64, seed: f64, t: f64) -> f64 {
    (level * seed + swing * ((t / 300.0) + seed).sin() + 0.3 * swing * (t / 37.0).cos()).round()
}

fn write_family(out: &mut String, family: &str, region: &str, seed: f64, t: f64, ts: i64) {
    let base = format!("instance=\"core-{region}:9100\",job=\"mobile-core\",region=\"{region}\"");
    match family {
        "mobile_subscribers_attached" => {
            for (rat, level) in [("4g", 120_000.0), ("5g", 45_000.0)] {
                let v = gauge(level, level * 0.08, seed, t);
                let _ = writeln!(out, "{family}{{{base},rat=\"{rat}\"}} {v} {ts}");
            }
        }
        "sms_messages_total" => {
            for (i, direction) in DIRECTIONS.iter().enumerate() {
                let v = counter(8.0 + i as f64 * 3.0, seed, t);
                let _ = writeln!(out, "{family}{{direction=\"{direction}\",{base}}} {v} {ts}");
            }
        }
        "voice_calls_total" => {
            for (i, direction) in DIRECTIONS.iter().enumerate() {
                let v = counter(2.5 + i as f64, seed, t);
                let _ = writeln!(out, "{family}{{direction=\"{direction}\",{base}}} {v} {ts}");
            }
        }
        "data_bytes_total" => {
            for (i, apn) in APNS.iter().enumerate() {
                for (direction, scale) in [("downlink", 1.0), ("uplink", 0.15)] {
                    let rate = 4.0e7 * scale / (i as f64 + 1.0).powi(2);
                    let v = counter(rate, seed, t);
                    let _ = writeln!(
                        out,
                        "{family}{{apn=\"{apn}\",direction=\"{direction}\",{base}}} {v} {ts}"
                    );
                }
            }
        }
        "sip_responses_total" => {
            for (code, rate) in SIP_CODES {
                let v = if code == "503" && region == "oslo" {
                    // The deliberate counter reset: it starts again from zero every 10 minutes.
                    (rate * 6.0 * t.rem_euclid(RESET_PERIOD_S)).floor()
                } else {
                    counter(rate, seed, t)
                };
                let _ = writeln!(out, "{family}{{code=\"{code}\",{base}}} {v} {ts}");
            }
        }
        "diameter_request_duration_seconds" => {
            for (application, mean) in DIAMETER_APPS {
                let count = counter(50.0, seed, t);
                for le in LATENCY_BUCKETS {
                    let share = 1.0 - (-le / mean).exp();
                    let v = (count * share).floor();
                    let _ = writeln!(
                        out,
                        "{family}_bucket{{application=\"{application}\",{base},le=\"{le}\"}} {v} {ts}"
                    );
                }
                let _ = writeln!(
                    out,
                    "{family}_bucket{{application=\"{application}\",{base},le=\"+Inf\"}} {count} {ts}"
                );
                let sum = count * mean;
                let _ = writeln!(
                    out,
                    "{family}_sum{{application=\"{application}\",{base}}} {sum} {ts}"
                );
                let _ = writeln!(
                    out,
                    "{family}_count{{application=\"{application}\",{base}}} {count} {ts}"
                );
            }
        }
        "sms_delivery_latency_seconds" => {
            let wobble = 1.0 + 0.2 * (t / 120.0 + seed).sin();
            for (quantile, seconds) in [("0.5", 0.8), ("0.9", 2.1), ("0.99", 6.5)] {
                let v = seconds * wobble;
                let _ = writeln!(out, "{family}{{{base},quantile=\"{quantile}\"}} {v} {ts}");
            }
            let count = counter(10.0, seed, t);
            let _ = writeln!(out, "{family}_sum{{{base}}} {} {ts}", count * 1.1);
            let _ = writeln!(out, "{family}_count{{{base}}} {count} {ts}");
        }
        _ => {
            let _ = writeln!(out, "{family}{{{base}}} 1 {ts}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_the_series_count_asked_for() {
        for asked in [1, 500, 25_000] {
            let text = Dataset::new(asked).federate(1_700_000_000_000);
            let series = text.lines().filter(|l| !l.starts_with('#')).count();
            assert!(series >= asked, "{asked} asked, {series} made");
            assert!(
                series < asked + SERIES_PER_REGION,
                "{asked} asked, {series} made"
            );
        }
    }

    #[test]
    fn counters_never_decrease_between_polls() {
        let mut t = 1_700_000_000.0;
        let mut last = 0.0;
        for _ in 0..2000 {
            t += 15.0;
            let now = counter(8.0, 1.37, t);
            // Midnight restarts the counter, like a nightly process restart.
            if t.rem_euclid(86_400.0) >= 15.0 {
                assert!(now >= last, "{now} < {last} at {t}");
            }
            last = now;
        }
    }
}
