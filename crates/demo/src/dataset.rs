//! A believable mobile-core metric set whose values are pure functions of time, so every
//! poll sees counters that only grow (apart from one deliberate reset) and gauges that move,
//! and a range query can be answered for any past instant.

use std::fmt::Write as _;

use super::selector::Selector;

/// How often the demo "scrapes" itself: federate shows the latest scrape.
pub(crate) const SCRAPE_INTERVAL_MS: i64 = 15_000;
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

/// Series one region contributes.
const SERIES_PER_REGION: usize = 2 + 2 + 2 + 6 + 6 + 3 * (LATENCY_BUCKETS.len() + 3) + 5 + 1;

/// What `api/v1/metadata` says of a family.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FamilyInfo {
    /// The family name.
    pub(crate) name: &'static str,
    /// Its Prometheus type.
    pub(crate) kind: &'static str,
    /// Its help text.
    pub(crate) help: &'static str,
    /// Its unit (empty when none).
    pub(crate) unit: &'static str,
}

/// The families of the data set, with their metadata.
pub(crate) const FAMILIES: [FamilyInfo; 8] = [
    FamilyInfo {
        name: "mobile_subscribers_attached",
        kind: "gauge",
        help: "Subscribers attached to the network, by radio access technology.",
        unit: "",
    },
    FamilyInfo {
        name: "sms_messages_total",
        kind: "counter",
        help: "SMS messages handled, mobile-originated (mo) and mobile-terminated (mt).",
        unit: "",
    },
    FamilyInfo {
        name: "voice_calls_total",
        kind: "counter",
        help: "Voice calls set up, by direction.",
        unit: "",
    },
    FamilyInfo {
        name: "data_bytes_total",
        kind: "counter",
        help: "User-plane bytes carried, by APN and direction.",
        unit: "bytes",
    },
    FamilyInfo {
        name: "sip_responses_total",
        kind: "counter",
        help: "SIP responses sent, by status code.",
        unit: "",
    },
    FamilyInfo {
        name: "diameter_request_duration_seconds",
        kind: "histogram",
        help: "Diameter request latency, by application.",
        unit: "seconds",
    },
    FamilyInfo {
        name: "sms_delivery_latency_seconds",
        kind: "summary",
        help: "Time from SMS submission to delivery report.",
        unit: "seconds",
    },
    FamilyInfo {
        name: "up",
        kind: "gauge",
        help: "Whether the core node's exporter answered its last scrape.",
        unit: "",
    },
];

/// One series of the data set: its identity, and how its value moves with time.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SeriesDef {
    /// The sample name (for a histogram bucket, `…_bucket`).
    pub(crate) name: String,
    /// Label pairs, sorted by name.
    pub(crate) labels: Vec<(&'static str, String)>,
    /// How the value follows the clock.
    shape: Shape,
    /// The pod (the region's core node) it belongs to, counted from 0.
    pod: usize,
}

impl SeriesDef {
    /// The series' value at `t` seconds.
    pub(crate) fn value_at(&self, t: f64) -> f64 {
        self.shape.value_at(t)
    }
}

/// How a series' value follows the clock: every value is a pure function of time, so any
/// past instant can be answered without storing anything.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// A gauge around `level`, swinging by about `swing`.
    Gauge { level: f64, swing: f64, seed: f64 },
    /// A counter at about `rate` per second, times `factor`, rounded down when `floor` (a
    /// histogram bucket: its share of the count).
    Counter {
        rate: f64,
        seed: f64,
        factor: f64,
        floor: bool,
    },
    /// A counter that starts again from zero every `period` seconds.
    Sawtooth { per_second: f64, period: f64 },
    /// A latency quantile wobbling around `seconds`.
    Wobble { seconds: f64, seed: f64 },
    /// Always the same value.
    Constant(f64),
}

impl Shape {
    fn counter(rate: f64, seed: f64) -> Self {
        Self::Counter {
            rate,
            seed,
            factor: 1.0,
            floor: false,
        }
    }

    fn value_at(self, t: f64) -> f64 {
        match self {
            Self::Gauge { level, swing, seed } => gauge(level, swing, seed, t),
            Self::Counter {
                rate,
                seed,
                factor,
                floor,
            } => {
                let v = counter(rate, seed, t) * factor;
                if floor {
                    v.floor()
                } else {
                    v
                }
            }
            Self::Sawtooth { per_second, period } => (per_second * t.rem_euclid(period)).floor(),
            Self::Wobble { seconds, seed } => seconds * (1.0 + 0.2 * (t / 120.0 + seed).sin()),
            Self::Constant(v) => v,
        }
    }
}

/// One series at one instant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series<'a> {
    /// The series.
    pub(crate) def: &'a SeriesDef,
    /// The value at the instant asked for.
    pub(crate) value: f64,
}

/// The demo's series, spread over as many regions as it takes to reach the series count,
/// sorted by name and labels.
#[derive(Debug)]
pub(crate) struct Dataset {
    series: Vec<SeriesDef>,
    /// How many pods (regions) there are.
    pods: usize,
    /// Pods replaced at each scrape (0: none). A replaced pod comes back under a new
    /// `instance`, so all of its series leave and as many new ones come, as a deployment
    /// replaces pods.
    churn: usize,
}

impl Dataset {
    /// A data set of about `series` series (at least one region's worth).
    pub(crate) fn new(series: usize) -> Self {
        let count = series.div_ceil(SERIES_PER_REGION).max(1);
        let mut out = Vec::with_capacity(count * SERIES_PER_REGION);
        for index in 0..count {
            let region = match index {
                0 => "oslo".to_owned(),
                1 => "bergen".to_owned(),
                2 => "trondheim".to_owned(),
                n => format!("region-{n}"),
            };
            let seed = index as f64 * 0.37 + 1.0;
            let first = out.len();
            region_series(&mut out, &region, seed);
            for def in out.get_mut(first..).into_iter().flatten() {
                def.pod = index;
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.labels.cmp(&b.labels)));
        Self {
            series: out,
            pods: count,
            churn: 0,
        }
    }

    /// The same data set with `pods` of its pods replaced at every scrape.
    pub(crate) fn churning(mut self, pods: usize) -> Self {
        self.churn = pods.min(self.pods);
        self
    }

    /// Which incarnation of `pod` is up at scrape `scrape` (`None` without churn): each
    /// pod lives `pods / churn` scrapes, and the pods' turns are staggered so that `churn`
    /// of them are replaced at each scrape.
    fn incarnation(&self, pod: usize, scrape: i64) -> Option<i64> {
        if self.churn == 0 {
            return None;
        }
        let lifetime = i64::try_from(self.pods / self.churn).unwrap_or(1).max(1);
        let pod = i64::try_from(pod).unwrap_or(0);
        Some((scrape + pod).div_euclid(lifetime))
    }

    /// The instant federate reports at `now_ms`: the latest scrape.
    pub(crate) fn scrape_time(now_ms: i64) -> i64 {
        now_ms - now_ms.rem_euclid(SCRAPE_INTERVAL_MS)
    }

    /// Every series, sorted by name and labels.
    pub(crate) fn series(&self) -> &[SeriesDef] {
        &self.series
    }

    /// Every series with its value at `t` seconds, sorted by name and labels.
    pub(crate) fn series_at(&self, t: f64) -> impl Iterator<Item = Series<'_>> {
        self.series.iter().map(move |def| Series {
            def,
            value: def.value_at(t),
        })
    }

    /// The federate answer at `now_ms` for `selectors` (their union): every metric name
    /// `untyped`, no HELP, and the scrape's millisecond timestamp on every sample, as
    /// Prometheus's `/federate` writes it.
    pub(crate) fn federate(&self, now_ms: i64, selectors: &[Selector]) -> String {
        let ts = Self::scrape_time(now_ms);
        let scrape = ts.div_euclid(SCRAPE_INTERVAL_MS);
        let mut out = String::with_capacity(self.series.len() * 130);
        let mut current = "";
        for s in self.series_at(ts as f64 / 1000.0) {
            let def = s.def;
            if !selectors
                .iter()
                .any(|sel| sel.matches(&def.name, &def.labels))
            {
                continue;
            }
            if def.name != current {
                let _ = writeln!(out, "# TYPE {} untyped", def.name);
                current = &def.name;
            }
            out.push_str(&def.name);
            out.push('{');
            for (i, (name, value)) in def.labels.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match self.incarnation(def.pod, scrape) {
                    Some(incarnation) if *name == "instance" => {
                        let (host, port) = value.split_once(':').unwrap_or((value, ""));
                        let _ = write!(out, "{name}=\"{host}-{incarnation}:{port}\"");
                    }
                    _ => {
                        let _ = write!(out, "{name}=\"{value}\"");
                    }
                }
            }
            let _ = writeln!(out, "}} {} {ts}", s.value);
        }
        out
    }
}

/// A counter growing at about `rate` per second with a gentle wave; it restarts from zero
/// at midnight UTC, like a process that restarts nightly.
fn counter(rate: f64, seed: f64, t: f64) -> f64 {
    let day = t.rem_euclid(86_400.0);
    let period = 900.0;
    // d/dt (day + A sin(day / P)) = 1 + (A/P) cos(..) > 0 for A < P: never decreases.
    (rate * seed * (day + 0.5 * period * (day / period).sin())).floor()
}

fn gauge(level: f64, swing: f64, seed: f64, t: f64) -> f64 {
    (level * seed + swing * ((t / 300.0) + seed).sin() + 0.3 * swing * (t / 37.0).cos()).round()
}

fn push(
    out: &mut Vec<SeriesDef>,
    name: &str,
    base: &[(&'static str, String)],
    extra: &[(&'static str, String)],
    shape: Shape,
) {
    let mut labels: Vec<(&'static str, String)> = base.iter().chain(extra).cloned().collect();
    labels.sort();
    out.push(SeriesDef {
        name: name.to_owned(),
        labels,
        shape,
        pod: 0,
    });
}

fn region_series(out: &mut Vec<SeriesDef>, region: &str, seed: f64) {
    let base = [
        ("instance", format!("core-{region}:9100")),
        ("job", "mobile-core".to_owned()),
        ("region", region.to_owned()),
    ];
    for (rat, level) in [("4g", 120_000.0), ("5g", 45_000.0)] {
        let shape = Shape::Gauge {
            level,
            swing: level * 0.08,
            seed,
        };
        push(
            out,
            "mobile_subscribers_attached",
            &base,
            &[("rat", rat.to_owned())],
            shape,
        );
    }
    for (i, direction) in DIRECTIONS.iter().enumerate() {
        let d = [("direction", (*direction).to_owned())];
        let sms = Shape::counter(8.0 + i as f64 * 3.0, seed);
        push(out, "sms_messages_total", &base, &d, sms);
        let calls = Shape::counter(2.5 + i as f64, seed);
        push(out, "voice_calls_total", &base, &d, calls);
    }
    for (i, apn) in APNS.iter().enumerate() {
        for (direction, scale) in [("downlink", 1.0), ("uplink", 0.15)] {
            let rate = 4.0e7 * scale / (i as f64 + 1.0).powi(2);
            let extra = [
                ("apn", (*apn).to_owned()),
                ("direction", direction.to_owned()),
            ];
            push(
                out,
                "data_bytes_total",
                &base,
                &extra,
                Shape::counter(rate, seed),
            );
        }
    }
    for (code, rate) in SIP_CODES {
        let shape = if code == "503" && region == "oslo" {
            // The deliberate counter reset: it starts again from zero every 10 minutes.
            Shape::Sawtooth {
                per_second: rate * 6.0,
                period: RESET_PERIOD_S,
            }
        } else {
            Shape::counter(rate, seed)
        };
        let extra = [("code", code.to_owned())];
        push(out, "sip_responses_total", &base, &extra, shape);
    }
    let family = "diameter_request_duration_seconds";
    for (application, mean) in DIAMETER_APPS {
        let app = ("application", application.to_owned());
        let count = Shape::counter(50.0, seed);
        for le in LATENCY_BUCKETS {
            let share = Shape::Counter {
                rate: 50.0,
                seed,
                factor: 1.0 - (-le / mean).exp(),
                floor: true,
            };
            let extra = [app.clone(), ("le", le.to_string())];
            push(out, &format!("{family}_bucket"), &base, &extra, share);
        }
        let inf = [app.clone(), ("le", "+Inf".to_owned())];
        push(out, &format!("{family}_bucket"), &base, &inf, count);
        let sum = Shape::Counter {
            rate: 50.0,
            seed,
            factor: mean,
            floor: false,
        };
        push(
            out,
            &format!("{family}_sum"),
            &base,
            std::slice::from_ref(&app),
            sum,
        );
        push(out, &format!("{family}_count"), &base, &[app], count);
    }
    let family = "sms_delivery_latency_seconds";
    for (quantile, seconds) in [("0.5", 0.8), ("0.9", 2.1), ("0.99", 6.5)] {
        let extra = [("quantile", quantile.to_owned())];
        push(out, family, &base, &extra, Shape::Wobble { seconds, seed });
    }
    let sum = Shape::Counter {
        rate: 10.0,
        seed,
        factor: 1.1,
        floor: false,
    };
    push(out, &format!("{family}_sum"), &base, &[], sum);
    push(
        out,
        &format!("{family}_count"),
        &base,
        &[],
        Shape::counter(10.0, seed),
    );
    push(out, "up", &base, &[], Shape::Constant(1.0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything() -> Vec<Selector> {
        vec![Selector::parse("{__name__=~\".+\"}").expect("a selector")]
    }

    #[test]
    fn scales_to_the_series_count_asked_for() {
        for asked in [1, 500, 25_000] {
            let text = Dataset::new(asked).federate(1_700_000_000_000, &everything());
            let series = text.lines().filter(|l| !l.starts_with('#')).count();
            assert!(series >= asked, "{asked} asked, {series} made");
            assert!(
                series < asked + SERIES_PER_REGION,
                "{asked} asked, {series} made"
            );
        }
    }

    #[test]
    fn selectors_filter_the_federation() {
        let data = Dataset::new(120);
        let only = |s: &str| data.federate(1_700_000_000_000, &[Selector::parse(s).expect("ok")]);
        let sms = only("sms_messages_total{direction=\"mo\"}");
        assert_eq!(
            sms.lines().filter(|l| !l.starts_with('#')).count(),
            3,
            "{sms}"
        );
        assert!(
            only("{region=~\"oslo|bergen\",__name__=\"up\"}")
                .lines()
                .count()
                == 3
        );
        assert!(only("nothing_here").is_empty());
    }

    #[test]
    fn churn_replaces_as_many_pods_as_asked_at_every_scrape() {
        let data = Dataset::new(25_000).churning(20);
        let series_at = |scrape: i64| -> std::collections::BTreeSet<String> {
            data.federate(scrape * SCRAPE_INTERVAL_MS, &everything())
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.rsplit_once("} ").map(|(key, _)| key.to_owned()))
                .collect()
        };
        let first = series_at(1_000);
        for scrape in 1_001..1_005 {
            let next = series_at(scrape);
            assert_eq!(next.len(), first.len(), "as many series live");
            let replaced = next.difference(&series_at(scrape - 1)).count();
            // 20 pods of 57 series (439 pods: each lives 21 scrapes, so 20 or 21 turn over).
            assert!(
                (20 * SERIES_PER_REGION..=21 * SERIES_PER_REGION).contains(&replaced),
                "{replaced} new series at scrape {scrape}"
            );
        }
        assert!(first.iter().any(|s| s.contains("instance=\"core-oslo-")));
        let steady = Dataset::new(500);
        assert!(steady
            .federate(0, &everything())
            .contains("instance=\"core-oslo:9100\""));
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
