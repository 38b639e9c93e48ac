//! The demo's PromQL, served by its own router, checked two ways over one table of expressions:
//! - each expected answer is computed here, from the demo's own federate answers at the
//!   instants the expression reads (never from the evaluator);
//! - the same table runs against Debian's Prometheus 2.42, filled with the same federate
//!   answers, and both must return the same series, labels and values.

use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};

use fedview_demo::Demo;
use fedview_testkit::{http, prometheus::basic_authorization, Prometheus};
use promtext::{Entry, Format, Options, Parser};
use serde_json::Value;

const DEMO: &str = "/metrics/v1/prometheus/demo";
/// Three regions: oslo, bergen and trondheim.
const SERIES: usize = 171;
const STEP_MS: i64 = 15_000;

type Labels = BTreeMap<String, String>;

/// One series and its value at one instant.
type Point = (Labels, f64);

/// What an expression should return.
#[derive(Debug, Clone)]
enum Expect {
    Vector(Vec<Point>),
    Scalar(f64),
    Matrix(Vec<(Labels, Vec<(i64, f64)>)>),
    /// An HTTP status, Prometheus's `errorType`, and words the message must hold.
    Error(u16, &'static str, &'static str),
    /// Refused by the demo (HTTP 400, `bad_data`, naming what): a real Prometheus answers.
    Unsupported(&'static str),
}

/// The demo's federate answers, read at any instant.
struct Federation {
    demo: Demo,
    /// The evaluation instant, Unix milliseconds (a scrape instant).
    t: i64,
}

impl Federation {
    /// Every series at `ms`, parsed from the federate text.
    fn at(&self, ms: i64) -> Vec<Point> {
        let text = self.demo.federate_all(ms);
        Parser::new(text.as_bytes(), Options::new(Format::Prometheus))
            .filter_map(|e| match e.expect("the federate answer parses") {
                Entry::Sample(s) => {
                    assert_eq!(s.timestamp_ms, Some(ms), "federate stamps the scrape");
                    let mut labels: Labels = s
                        .labels
                        .iter()
                        .map(|l| (l.name.to_owned(), l.value.clone().into_owned()))
                        .collect();
                    labels.insert("__name__".to_owned(), s.name.to_owned());
                    Some((labels, s.value))
                }
                _ => None,
            })
            .collect()
    }

    /// The series called `name` with every label in `only`, at `ms`.
    fn select(&self, ms: i64, name: &str, only: &[(&str, &str)]) -> Vec<Point> {
        self.at(ms)
            .into_iter()
            .filter(|(l, _)| l.get("__name__").is_some_and(|n| n == name))
            .filter(|(l, _)| {
                only.iter()
                    .all(|(k, v)| l.get(*k).map_or("", String::as_str) == *v)
            })
            .collect()
    }

    /// At the evaluation instant.
    fn now(&self, name: &str, only: &[(&str, &str)]) -> Vec<Point> {
        self.select(self.t, name, only)
    }

    /// Each series' values over the `seconds` before `end`, both ends included, oldest first.
    fn window(
        &self,
        end: i64,
        seconds: i64,
        name: &str,
        only: &[(&str, &str)],
    ) -> Vec<(Labels, Vec<f64>)> {
        let mut series: BTreeMap<Labels, Vec<f64>> = BTreeMap::new();
        let mut ms = end - seconds * 1000;
        while ms <= end {
            for (labels, v) in self.select(ms, name, only) {
                series.entry(labels).or_default().push(v);
            }
            ms += STEP_MS;
        }
        series.into_iter().collect()
    }

    /// `f` over each series' window ending at the evaluation instant, names dropped.
    fn over(
        &self,
        seconds: i64,
        name: &str,
        only: &[(&str, &str)],
        f: impl Fn(&[f64]) -> f64,
    ) -> Vec<Point> {
        self.window(self.t, seconds, name, only)
            .into_iter()
            .map(|(l, values)| (unnamed(l), f(&values)))
            .collect()
    }
}

fn unnamed(mut labels: Labels) -> Labels {
    labels.remove("__name__");
    labels
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The increase over samples a scrape apart, a drop counting as a restart from zero.
fn increase(values: &[f64]) -> f64 {
    values
        .windows(2)
        .map(|w| if w[1] < w[0] { w[1] } else { w[1] - w[0] })
        .sum()
}

/// The samples grouped by the labels in `by`, values listed.
fn group_by(points: Vec<Point>, by: &[&str]) -> BTreeMap<Labels, Vec<f64>> {
    let mut groups: BTreeMap<Labels, Vec<f64>> = BTreeMap::new();
    for (l, v) in points {
        let key = l
            .into_iter()
            .filter(|(k, _)| by.contains(&k.as_str()))
            .collect();
        groups.entry(key).or_default().push(v);
    }
    groups
}

fn sum_by(points: Vec<Point>, by: &[&str]) -> Vec<Point> {
    group_by(points, by)
        .into_iter()
        .map(|(l, v)| (l, v.iter().sum()))
        .collect()
}

fn map(points: Vec<Point>, f: impl Fn(f64) -> f64) -> Vec<Point> {
    points
        .into_iter()
        .map(|(l, v)| (unnamed(l), f(v)))
        .collect()
}

/// The φ-quantile as Prometheus interpolates between ranks.
fn rank_quantile(q: f64, values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = q * (sorted.len() as f64 - 1.0);
    let lower = rank.floor() as usize;
    let upper = (lower + 1).min(sorted.len() - 1);
    let weight = rank - rank.floor();
    sorted[lower] * (1.0 - weight) + sorted[upper] * weight
}

/// The φ-quantile of a classic histogram given as (upper bound, cumulative count).
fn bucket_quantile(q: f64, mut buckets: Vec<(f64, f64)>) -> f64 {
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total = buckets.last().map_or(0.0, |b| b.1);
    let rank = q * total;
    let i = buckets
        .iter()
        .position(|b| b.1 >= rank)
        .unwrap_or(buckets.len() - 1);
    if i == buckets.len() - 1 {
        return buckets[i - 1].0;
    }
    let (start, below) = if i == 0 {
        (0.0, 0.0)
    } else {
        (buckets[i - 1].0, buckets[i - 1].1)
    };
    start + (buckets[i].0 - start) * ((rank - below) / (buckets[i].1 - below))
}

fn le(labels: &Labels) -> f64 {
    match labels.get("le").map(String::as_str) {
        Some("+Inf") => f64::INFINITY,
        Some(v) => v.parse().expect("a bucket bound"),
        None => panic!("a bucket without le"),
    }
}

/// The table: at least 60 expressions, each with the answer worked out from federate.
fn table(f: &Federation) -> Vec<(String, Expect)> {
    let t = f.t;
    let at_s = |ms: i64| ms / 1000;
    let sel = |name: &str, only: &[(&str, &str)]| f.now(name, only);
    let mut cases: Vec<(String, Expect)> = Vec::new();
    let mut case = |q: String, e: Expect| cases.push((q, e));
    use Expect::*;

    // Selectors: all four matchers, regexes anchored.
    case("up".into(), Vector(sel("up", &[])));
    case(
        "up{region=\"oslo\"}".into(),
        Vector(sel("up", &[("region", "oslo")])),
    );
    let sip = sel("sip_responses_total", &[]);
    let code = |l: &Labels| l["code"].clone();
    case(
        "sip_responses_total{code!=\"200\"}".into(),
        Vector(
            sip.iter()
                .filter(|(l, _)| code(l) != "200")
                .cloned()
                .collect(),
        ),
    );
    case(
        "sip_responses_total{code=~\"4..\"}".into(),
        Vector(
            sip.iter()
                .filter(|(l, _)| code(l).starts_with('4'))
                .cloned()
                .collect(),
        ),
    );
    case(
        "sip_responses_total{code!~\"1..|2..\"}".into(),
        Vector(
            sip.iter()
                .filter(|(l, _)| !code(l).starts_with('1') && !code(l).starts_with('2'))
                .cloned()
                .collect(),
        ),
    );
    case(
        "sip_responses_total{code=~\"5\"}".into(),
        Vector(Vec::new()),
    );
    case(
        "sip_responses_total{code=~\"50.\",region!~\"os.*\"}".into(),
        Vector(
            sip.iter()
                .filter(|(l, _)| code(l) == "503" && l["region"] != "oslo")
                .cloned()
                .collect(),
        ),
    );
    let mut sms_family = sel("sms_messages_total", &[]);
    sms_family.extend(sel("sms_delivery_latency_seconds", &[]));
    sms_family.extend(sel("sms_delivery_latency_seconds_sum", &[]));
    sms_family.extend(sel("sms_delivery_latency_seconds_count", &[]));
    case("{__name__=~\"sms_.*\"}".into(), Vector(sms_family));
    case(
        "data_bytes_total{apn=\"ims\",direction=\"uplink\"}".into(),
        Vector(sel(
            "data_bytes_total",
            &[("apn", "ims"), ("direction", "uplink")],
        )),
    );

    // Range vectors, offset and @.
    let up_window = |end: i64| {
        f.window(end, 60, "up", &[])
            .into_iter()
            .map(|(l, values)| {
                let points = values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (end - 60_000 + i as i64 * STEP_MS, *v))
                    .collect();
                (l, points)
            })
            .collect::<Vec<_>>()
    };
    case("up[1m]".into(), Matrix(up_window(t)));
    case("up[1m] offset 5m".into(), Matrix(up_window(t - 300_000)));
    case(
        "mobile_subscribers_attached offset 1h".into(),
        Vector(f.select(t - 3_600_000, "mobile_subscribers_attached", &[])),
    );
    case(
        format!("mobile_subscribers_attached @ {}", at_s(t - 600_000)),
        Vector(f.select(t - 600_000, "mobile_subscribers_attached", &[])),
    );
    case(
        format!("sms_messages_total @ {} offset 1m", at_s(t - 600_000)),
        Vector(f.select(t - 660_000, "sms_messages_total", &[])),
    );
    case(
        "voice_calls_total offset -1m".into(),
        Vector(f.select(t + 60_000, "voice_calls_total", &[])),
    );
    // In an instant query, start() and end() are the query's own time.
    case(
        "sms_messages_total @ end() offset 1m".into(),
        Vector(f.select(t - 60_000, "sms_messages_total", &[])),
    );
    case(
        "max(rate(sms_messages_total[1m] @ start()))".into(),
        Vector(vec![(
            Labels::new(),
            f.over(60, "sms_messages_total", &[], |v| increase(v) / 60.0)
                .iter()
                .map(|p| p.1)
                .fold(f64::NEG_INFINITY, f64::max),
        )]),
    );

    // Range functions. Windows end on a scrape and span whole scrapes, so nothing is
    // extrapolated and the expected values are plain differences.
    case(
        "rate(sms_messages_total[1m])".into(),
        Vector(f.over(60, "sms_messages_total", &[], |v| increase(v) / 60.0)),
    );
    case(
        "rate(sip_responses_total{code=\"503\"}[5m])".into(),
        Vector(f.over(300, "sip_responses_total", &[("code", "503")], |v| {
            increase(v) / 300.0
        })),
    );
    case(
        "irate(sip_responses_total{code=\"503\"}[1m])".into(),
        Vector(f.over(60, "sip_responses_total", &[("code", "503")], |v| {
            increase(&v[v.len() - 2..]) / 15.0
        })),
    );
    case(
        "increase(voice_calls_total[5m])".into(),
        Vector(f.over(300, "voice_calls_total", &[], increase)),
    );
    case(
        "delta(mobile_subscribers_attached[2m])".into(),
        Vector(f.over(120, "mobile_subscribers_attached", &[], |v| {
            v[v.len() - 1] - v[0]
        })),
    );
    case(
        "deriv(mobile_subscribers_attached[2m])".into(),
        Vector(f.over(120, "mobile_subscribers_attached", &[], |v| {
            let n = v.len() as f64;
            let xs: Vec<f64> = (0..v.len()).map(|i| i as f64 * 15.0).collect();
            let (mx, my) = (xs.iter().sum::<f64>() / n, v.iter().sum::<f64>() / n);
            let cov: f64 = xs.iter().zip(v).map(|(x, y)| (x - mx) * (y - my)).sum();
            let var: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
            cov / var
        })),
    );
    let gauges = "mobile_subscribers_attached";
    case(
        format!("avg_over_time({gauges}[1m])"),
        Vector(f.over(60, gauges, &[], |v| v.iter().sum::<f64>() / v.len() as f64)),
    );
    case(
        format!("min_over_time({gauges}[1m])"),
        Vector(f.over(60, gauges, &[], |v| {
            v.iter().copied().fold(f64::INFINITY, f64::min)
        })),
    );
    case(
        format!("max_over_time({gauges}[1m])"),
        Vector(f.over(60, gauges, &[], |v| {
            v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        })),
    );
    case(
        format!("sum_over_time({gauges}[1m])"),
        Vector(f.over(60, gauges, &[], |v| v.iter().sum())),
    );
    case(
        format!("count_over_time({gauges}[1m])"),
        Vector(f.over(60, gauges, &[], |v| v.len() as f64)),
    );
    // last_over_time keeps the metric name.
    case(
        format!("last_over_time({gauges}[1m])"),
        Vector(sel(gauges, &[])),
    );

    // Aggregations.
    case(
        "sum(sms_messages_total)".into(),
        Vector(sum_by(sel("sms_messages_total", &[]), &[])),
    );
    let sip_rates = f.over(300, "sip_responses_total", &[], |v| increase(v) / 300.0);
    case(
        "sum by (region) (rate(sip_responses_total[5m]))".into(),
        Vector(sum_by(sip_rates.clone(), &["region"])),
    );
    case(
        "sum(rate(sip_responses_total[5m])) by (code)".into(),
        Vector(sum_by(sip_rates, &["code"])),
    );
    case(
        "sum without (instance, direction) (sms_messages_total)".into(),
        Vector(sum_by(sel("sms_messages_total", &[]), &["job", "region"])),
    );
    let subscribers = sel("mobile_subscribers_attached", &[]);
    case(
        "avg by (rat) (mobile_subscribers_attached)".into(),
        Vector(
            group_by(subscribers.clone(), &["rat"])
                .into_iter()
                .map(|(l, v)| (l, v.iter().sum::<f64>() / v.len() as f64))
                .collect(),
        ),
    );
    case(
        "min(mobile_subscribers_attached)".into(),
        Vector(vec![(
            Labels::new(),
            subscribers
                .iter()
                .map(|p| p.1)
                .fold(f64::INFINITY, f64::min),
        )]),
    );
    case(
        "max by (region) (mobile_subscribers_attached)".into(),
        Vector(
            group_by(subscribers.clone(), &["region"])
                .into_iter()
                .map(|(l, v)| (l, v.iter().copied().fold(f64::NEG_INFINITY, f64::max)))
                .collect(),
        ),
    );
    case("count(up)".into(), Vector(vec![(Labels::new(), 3.0)]));
    case(
        "count by (code) (sip_responses_total)".into(),
        Vector(
            group_by(sel("sip_responses_total", &[]), &["code"])
                .into_iter()
                .map(|(l, v)| (l, v.len() as f64))
                .collect(),
        ),
    );
    case(
        "group by (job) (up)".into(),
        Vector(vec![(labels(&[("job", "mobile-core")]), 1.0)]),
    );
    case("stddev(up)".into(), Vector(vec![(Labels::new(), 0.0)]));
    let mut by_size = subscribers.clone();
    by_size.sort_by(|a, b| b.1.total_cmp(&a.1));
    case(
        "topk(2, mobile_subscribers_attached)".into(),
        Vector(by_size[..2].to_vec()),
    );
    let smallest_per_region: Vec<Point> = ["oslo", "bergen", "trondheim"]
        .iter()
        .map(|r| {
            sel("sip_responses_total", &[("region", r)])
                .into_iter()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .expect("a region's responses")
        })
        .collect();
    case(
        "bottomk by (region) (1, sip_responses_total)".into(),
        Vector(smallest_per_region),
    );
    let values: Vec<f64> = subscribers.iter().map(|p| p.1).collect();
    case(
        "quantile(0.5, mobile_subscribers_attached)".into(),
        Vector(vec![(Labels::new(), rank_quantile(0.5, &values))]),
    );
    case(
        "quantile by (rat) (0.9, mobile_subscribers_attached)".into(),
        Vector(
            group_by(subscribers.clone(), &["rat"])
                .into_iter()
                .map(|(l, v)| (l, rank_quantile(0.9, &v)))
                .collect(),
        ),
    );
    case(
        "count_values(\"value\", up)".into(),
        Vector(vec![(labels(&[("value", "1")]), 3.0)]),
    );
    case(
        "count_values by (region) (\"v\", up)".into(),
        Vector(
            ["oslo", "bergen", "trondheim"]
                .iter()
                .map(|r| (labels(&[("region", r), ("v", "1")]), 1.0))
                .collect(),
        ),
    );

    // histogram_quantile over summed bucket rates, and over raw buckets.
    let bucket_rates = f.over(300, "diameter_request_duration_seconds_bucket", &[], |v| {
        increase(v) / 300.0
    });
    let mut by_app: BTreeMap<Labels, Vec<(f64, f64)>> = BTreeMap::new();
    for (l, bounds) in group_by(bucket_rates.clone(), &["application", "le"]) {
        let bound = le(&l);
        let app = labels(&[("application", &l["application"])]);
        by_app
            .entry(app)
            .or_default()
            .push((bound, bounds.iter().sum()));
    }
    case(
        "histogram_quantile(0.9, sum by (le, application) (rate(diameter_request_duration_seconds_bucket[5m])))".into(),
        Vector(by_app.into_iter().map(|(l, b)| (l, bucket_quantile(0.9, b))).collect()),
    );
    let mut raw: BTreeMap<Labels, Vec<(f64, f64)>> = BTreeMap::new();
    for (mut l, v) in sel(
        "diameter_request_duration_seconds_bucket",
        &[("region", "oslo")],
    ) {
        let bound = le(&l);
        l.remove("le");
        raw.entry(unnamed(l)).or_default().push((bound, v));
    }
    case(
        "histogram_quantile(0.5, diameter_request_duration_seconds_bucket{region=\"oslo\"})".into(),
        Vector(
            raw.into_iter()
                .map(|(l, b)| (l, bucket_quantile(0.5, b)))
                .collect(),
        ),
    );

    // Arithmetic and comparison with scalars.
    let up = sel("up", &[]);
    case("up * 2".into(), Vector(map(up.clone(), |v| v * 2.0)));
    case("2 - up".into(), Vector(map(up.clone(), |v| 2.0 - v)));
    case(
        "sms_messages_total / 1000".into(),
        Vector(map(sel("sms_messages_total", &[]), |v| v / 1000.0)),
    );
    case(
        "mobile_subscribers_attached > 130000".into(),
        Vector(
            subscribers
                .iter()
                .filter(|p| p.1 > 130_000.0)
                .cloned()
                .collect(),
        ),
    );
    case(
        "mobile_subscribers_attached > bool 130000".into(),
        Vector(map(subscribers.clone(), |v| {
            f64::from(u8::from(v > 130_000.0))
        })),
    );
    case("0 < up".into(), Vector(up.clone()));
    case("2 ^ 3 + 1".into(), Scalar(9.0));
    case("5 % 3".into(), Scalar(2.0));
    case("1 > bool 2".into(), Scalar(0.0));
    case("-up".into(), Vector(map(up.clone(), |v| -v)));

    // Between vectors, with on/ignoring and group_left/group_right.
    let sms_mo = sel("sms_messages_total", &[("direction", "mo")]);
    let sms_mt = sel("sms_messages_total", &[("direction", "mt")]);
    let region_of = |l: &Labels| l["region"].clone();
    let mt_by_region: BTreeMap<String, f64> =
        sms_mt.iter().map(|(l, v)| (region_of(l), *v)).collect();
    case(
        "sms_messages_total{direction=\"mo\"} + ignoring(direction) sms_messages_total{direction=\"mt\"}".into(),
        Vector(sms_mo.iter().map(|(l, v)| {
            let mut out = unnamed(l.clone());
            out.remove("direction");
            (out, v + mt_by_region[&region_of(l)])
        }).collect()),
    );
    case(
        "sms_messages_total{direction=\"mo\"} < bool ignoring(direction) sms_messages_total{direction=\"mt\"}".into(),
        Vector(sms_mo.iter().map(|(l, v)| {
            let mut out = unnamed(l.clone());
            out.remove("direction");
            (out, f64::from(u8::from(*v < mt_by_region[&region_of(l)])))
        }).collect()),
    );
    let sms_sum = sum_by(sel("sms_messages_total", &[]), &["region"]);
    let calls_sum: BTreeMap<Labels, f64> = sum_by(sel("voice_calls_total", &[]), &["region"])
        .into_iter()
        .collect();
    case(
        "sum by (region) (sms_messages_total) / on(region) sum by (region) (voice_calls_total)"
            .into(),
        Vector(
            sms_sum
                .iter()
                .map(|(l, v)| (l.clone(), v / calls_sum[l]))
                .collect(),
        ),
    );
    // One-to-one matching `on` labels keeps only those labels.
    let calls_mo: BTreeMap<String, f64> = sel("voice_calls_total", &[("direction", "mo")])
        .iter()
        .map(|(l, v)| (l["instance"].clone(), *v))
        .collect();
    case(
        "sms_messages_total{direction=\"mo\"} / on(instance) voice_calls_total{direction=\"mo\"}"
            .into(),
        Vector(
            sms_mo
                .iter()
                .map(|(l, v)| {
                    (
                        labels(&[("instance", &l["instance"])]),
                        v / calls_mo[&l["instance"]],
                    )
                })
                .collect(),
        ),
    );
    let region_total: BTreeMap<String, f64> = sms_sum
        .iter()
        .map(|(l, v)| (l["region"].clone(), *v))
        .collect();
    let sms = sel("sms_messages_total", &[]);
    case(
        "sms_messages_total / on(region) group_left sum by (region) (sms_messages_total)".into(),
        Vector(
            sms.iter()
                .map(|(l, v)| (unnamed(l.clone()), v / region_total[&region_of(l)]))
                .collect(),
        ),
    );
    case(
        "sum by (region) (sms_messages_total) * on(region) group_right sms_messages_total".into(),
        Vector(
            sms.iter()
                .map(|(l, v)| (unnamed(l.clone()), v * region_total[&region_of(l)]))
                .collect(),
        ),
    );
    let five_g: BTreeMap<String, f64> = sel("mobile_subscribers_attached", &[("rat", "5g")])
        .iter()
        .map(|(l, v)| (region_of(l), *v))
        .collect();
    case(
        "sms_messages_total * on(region) group_left(rat) mobile_subscribers_attached{rat=\"5g\"}"
            .into(),
        Vector(
            sms.iter()
                .map(|(l, v)| {
                    let mut out = unnamed(l.clone());
                    out.insert("rat".into(), "5g".into());
                    (out, v * five_g[&region_of(l)])
                })
                .collect(),
        ),
    );
    let four_g = sel("mobile_subscribers_attached", &[("rat", "4g")]);
    case(
        "mobile_subscribers_attached{rat=\"4g\"} > ignoring(rat) mobile_subscribers_attached{rat=\"5g\"}".into(),
        Vector(four_g.iter().filter(|(l, v)| *v > five_g[&region_of(l)]).map(|(l, v)| {
            let mut out = l.clone();
            out.remove("rat");
            (out, *v)
        }).collect()),
    );
    // Set operators; oslo's 503 counter restarts at the evaluation instant (noon).
    let restarted: Vec<String> = sel("sip_responses_total", &[("code", "503")])
        .iter()
        .filter(|p| p.1 > 0.0)
        .map(|(l, _)| region_of(l))
        .collect();
    case(
        "up and on(region) sip_responses_total{code=\"503\"} > 0".into(),
        Vector(
            up.iter()
                .filter(|(l, _)| restarted.contains(&region_of(l)))
                .cloned()
                .collect(),
        ),
    );
    case(
        "up unless on(region) up{region=\"oslo\"}".into(),
        Vector(
            up.iter()
                .filter(|(l, _)| region_of(l) != "oslo")
                .cloned()
                .collect(),
        ),
    );
    case(
        "up{region=\"oslo\"} or up{region=\"bergen\"}".into(),
        Vector(
            up.iter()
                .filter(|(l, _)| region_of(l) != "trondheim")
                .cloned()
                .collect(),
        ),
    );

    // Rounding and clamping.
    let latency = sel("sms_delivery_latency_seconds", &[]);
    case(
        "abs(-1 * mobile_subscribers_attached)".into(),
        Vector(map(subscribers.clone(), f64::abs)),
    );
    case(
        "ceil(sms_delivery_latency_seconds)".into(),
        Vector(map(latency.clone(), f64::ceil)),
    );
    case(
        "floor(sms_delivery_latency_seconds)".into(),
        Vector(map(latency.clone(), f64::floor)),
    );
    case(
        "round(sms_delivery_latency_seconds)".into(),
        Vector(map(latency.clone(), |v| (v + 0.5).floor())),
    );
    case(
        "round(sms_delivery_latency_seconds, 0.1)".into(),
        Vector(map(latency, |v| (v * 10.0 + 0.5).floor() / 10.0)),
    );
    case(
        "clamp(mobile_subscribers_attached, 50000, 130000)".into(),
        Vector(map(subscribers.clone(), |v| v.clamp(50_000.0, 130_000.0))),
    );
    case(
        "clamp_min(mobile_subscribers_attached, 130000)".into(),
        Vector(map(subscribers.clone(), |v| v.max(130_000.0))),
    );
    case(
        "clamp_max(mobile_subscribers_attached, 50000)".into(),
        Vector(map(subscribers, |v| v.min(50_000.0))),
    );

    // Labels.
    case(
        "label_replace(up, \"host\", \"$1\", \"instance\", \"core-(.*):9100\")".into(),
        Vector(
            up.iter()
                .map(|(l, v)| {
                    let mut out = l.clone();
                    out.insert("host".into(), region_of(l));
                    (out, *v)
                })
                .collect(),
        ),
    );
    case(
        "label_replace(up, \"host\", \"$1\", \"instance\", \"core\")".into(),
        Vector(up.clone()),
    );
    case(
        "label_join(up, \"where\", \"/\", \"region\", \"job\")".into(),
        Vector(
            up.iter()
                .map(|(l, v)| {
                    let mut out = l.clone();
                    out.insert("where".into(), format!("{}/mobile-core", region_of(l)));
                    (out, *v)
                })
                .collect(),
        ),
    );

    // time(), vector(), scalar(), timestamp().
    case("time()".into(), Scalar(t as f64 / 1000.0));
    case("vector(1)".into(), Vector(vec![(Labels::new(), 1.0)]));
    case("scalar(up{region=\"oslo\"})".into(), Scalar(1.0));
    case("scalar(up)".into(), Scalar(f64::NAN));
    case(
        "timestamp(up)".into(),
        Vector(map(up.clone(), |_| t as f64 / 1000.0)),
    );
    case(
        "timestamp(up offset 1m)".into(),
        Vector(map(up, |_| (t - 60_000) as f64 / 1000.0)),
    );

    // Errors, as Prometheus gives them.
    case(
        "sum(rate(sip_responses_total[5m])".into(),
        Error(400, "bad_data", "parse"),
    );
    case("rate(up)".into(), Error(400, "bad_data", "rate"));
    case(
        "nonexistent_function(up)".into(),
        Error(400, "bad_data", "nonexistent_function"),
    );
    case(
        "sms_messages_total + ignoring(direction) sms_messages_total".into(),
        Error(422, "execution", "many-to-many"),
    );
    case(
        "predict_linear(up[5m], 60)".into(),
        Unsupported("predict_linear"),
    );
    case(
        "max_over_time(rate(up[1m])[5m:1m])".into(),
        Unsupported("subqueries"),
    );
    cases
}

/// An answer from an API: status and body.
fn ask(
    port: u16,
    prefix: &str,
    auth: &str,
    endpoint: &str,
    params: &str,
    post: bool,
) -> (u16, Value) {
    let answer = if post {
        http::raw(
            port,
            &format!(
                "POST {prefix}/api/v1/{endpoint} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAuthorization: {auth}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{params}",
                params.len()
            ),
        )
    } else {
        http::get(port, &format!("{prefix}/api/v1/{endpoint}?{params}"), &format!("Authorization: {auth}\r\n"))
    }
    .unwrap_or_else(|| panic!("no answer to {endpoint}?{params}"));
    let body =
        serde_json::from_str(answer.body.trim()).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    (answer.status, body)
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn metric_labels(metric: &Value) -> Labels {
    metric
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn number(v: &Value) -> f64 {
    match v.as_str() {
        Some("NaN") => f64::NAN,
        Some("+Inf") => f64::INFINITY,
        Some("-Inf") => f64::NEG_INFINITY,
        Some(s) => s.parse().expect("a number"),
        None => panic!("not a sample value: {v}"),
    }
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

/// What an instant query answered, in the table's terms.
fn answered(status: u16, body: &Value) -> Expect {
    if status != 200 {
        let kind = body["errorType"].as_str().unwrap_or_default();
        let kind = if kind == "bad_data" {
            "bad_data"
        } else if kind == "execution" {
            "execution"
        } else {
            "other"
        };
        return Expect::Error(status, kind, "");
    }
    let data = &body["data"];
    let result = &data["result"];
    match data["resultType"].as_str() {
        Some("scalar") => Expect::Scalar(number(&result[1])),
        Some("vector") => Expect::Vector(
            result
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| (metric_labels(&s["metric"]), number(&s["value"][1])))
                .collect(),
        ),
        Some("matrix") => Expect::Matrix(
            result
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    let points = s["values"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| {
                            (
                                (p[0].as_f64().expect("a time") * 1000.0).round() as i64,
                                number(&p[1]),
                            )
                        })
                        .collect();
                    (metric_labels(&s["metric"]), points)
                })
                .collect(),
        ),
        other => panic!("unexpected result type {other:?}: {body}"),
    }
}

/// Whether `got` is `want`: the same series with the same values (in any order), or the
/// same kind of error.
fn agree(query: &str, want: &Expect, got: &Expect, body: &Value) -> Result<(), String> {
    let sorted = |mut v: Vec<Point>| {
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    match (want, got) {
        (Expect::Scalar(a), Expect::Scalar(b)) if same(*a, *b) => Ok(()),
        (Expect::Vector(a), Expect::Vector(b)) => {
            let (a, b) = (sorted(a.clone()), sorted(b.clone()));
            let labels_a: Vec<&Labels> = a.iter().map(|p| &p.0).collect();
            let labels_b: Vec<&Labels> = b.iter().map(|p| &p.0).collect();
            if labels_a != labels_b {
                return Err(format!(
                    "{query}: series differ:\n  want {labels_a:?}\n  got  {labels_b:?}"
                ));
            }
            for ((l, x), (_, y)) in a.iter().zip(&b) {
                if !same(*x, *y) {
                    return Err(format!("{query}: {l:?} should be {x}, is {y}"));
                }
            }
            Ok(())
        }
        (Expect::Matrix(a), Expect::Matrix(b)) => {
            let mut a = a.clone();
            let mut b = b.clone();
            a.sort_by(|x, y| x.0.cmp(&y.0));
            b.sort_by(|x, y| x.0.cmp(&y.0));
            let same_points = |p: &[(i64, f64)], q: &[(i64, f64)]| {
                p.len() == q.len() && p.iter().zip(q).all(|(x, y)| x.0 == y.0 && same(x.1, y.1))
            };
            if a.len() == b.len()
                && a.iter()
                    .zip(&b)
                    .all(|(x, y)| x.0 == y.0 && same_points(&x.1, &y.1))
            {
                Ok(())
            } else {
                Err(format!(
                    "{query}: matrices differ:\n  want {a:?}\n  got  {b:?}"
                ))
            }
        }
        (Expect::Error(status, kind, words), Expect::Error(s, k, _)) => {
            let message = body["error"].as_str().unwrap_or_default();
            if status == s && kind == k && message.contains(words) {
                Ok(())
            } else {
                Err(format!("{query}: wanted a {status} {kind} error about {words:?}, got {s} {k}: {message}"))
            }
        }
        (Expect::Unsupported(what), Expect::Error(400, "bad_data", _)) => {
            let message = body["error"].as_str().unwrap_or_default();
            if message.contains(what) {
                Ok(())
            } else {
                Err(format!(
                    "{query}: the refusal should name {what:?}: {message}"
                ))
            }
        }
        _ => Err(format!("{query}: wanted {want:?}, got {body}")),
    }
}

/// The demo's own router, served on a free loopback port from a thread of its own until
/// dropped: what the relay mounts behind `--demo`.
struct DemoServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn demo_server() -> DemoServer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    let port = listener.local_addr().expect("its address").port();
    listener.set_nonblocking(true).expect("non-blocking");
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
            axum::serve(listener, fedview_demo::router(SERIES, 0))
                .with_graceful_shutdown(async move {
                    while !stopping.load(Ordering::Relaxed) {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                })
                .await
                .expect("the demo serves");
        });
    });
    DemoServer {
        port,
        stop,
        thread: Some(thread),
    }
}

/// Yesterday at noon UTC: a scrape instant in the past, away from the nightly restart.
fn evaluation_instant() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    now - now % 86_400_000 - 43_200_000
}

#[test]
fn the_table_covers_what_the_issue_lists() {
    let f = Federation {
        demo: Demo::new(SERIES),
        t: evaluation_instant(),
    };
    let cases = table(&f);
    assert!(cases.len() >= 60, "{} expressions", cases.len());
    let text: String = cases.iter().map(|(q, _)| format!("{q}\n")).collect();
    for needle in [
        "=~",
        "!~",
        "!=",
        "[1m]",
        "offset",
        "@ ",
        "rate(",
        "irate(",
        "increase(",
        "delta(",
        "deriv(",
        "avg_over_time",
        "min_over_time",
        "max_over_time",
        "sum_over_time",
        "count_over_time",
        "last_over_time",
        "sum by",
        "without",
        "avg by",
        "min(",
        "max by",
        "count(",
        "topk",
        "bottomk",
        "quantile(",
        "count_values",
        "histogram_quantile",
        " on(",
        "ignoring(",
        "group_left",
        "group_right",
        "bool",
        "abs(",
        "ceil(",
        "floor(",
        "round(",
        "clamp(",
        "clamp_min",
        "clamp_max",
        "label_replace",
        "label_join",
        "time()",
        "vector(",
        "scalar(",
        "timestamp(",
    ] {
        assert!(text.contains(needle), "nothing in the table uses {needle}");
    }
}

#[test]
fn instant_queries_answer_what_federate_says() {
    let server = demo_server();
    let auth = basic_authorization("demo", "demo");
    let f = Federation {
        demo: Demo::new(SERIES),
        t: evaluation_instant(),
    };

    // The demo's router federates exactly what this test reads in-process.
    let live = http::get(
        server.port,
        &format!("{DEMO}/federate?match[]=up"),
        &format!("Authorization: {auth}\r\n"),
    )
    .expect("federate");
    let stamp: i64 = live
        .body
        .lines()
        .find(|l| l.starts_with("up{"))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|s| s.trim().parse().ok())
        .expect("a stamped sample");
    let ours: Vec<String> = f
        .demo
        .federate_all(stamp)
        .lines()
        .filter(|l| l.starts_with("up{"))
        .map(str::to_owned)
        .collect();
    assert!(
        ours.iter().all(|l| live.body.contains(l.as_str())),
        "{ours:?} vs {}",
        live.body
    );

    let mut failures = Vec::new();
    for (i, (query, want)) in table(&f).iter().enumerate() {
        // Every other query goes as a form-encoded POST, as the Prometheus UI sends them.
        let params = format!("query={}&time={}", encode(query), f.t / 1000);
        let (status, body) = ask(server.port, DEMO, &auth, "query", &params, i % 2 == 1);
        if let Err(e) = agree(query, want, &answered(status, &body), &body) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the table disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_range_query_answers_each_step_as_an_instant_query_would() {
    let server = demo_server();
    let auth = basic_authorization("demo", "demo");
    let t = evaluation_instant();
    let query = "sum by (region) (rate(sip_responses_total[5m]))";
    let params = format!(
        "query={}&start={}&end={}&step=60",
        encode(query),
        (t - 600_000) / 1000,
        t / 1000
    );
    let (status, body) = ask(server.port, DEMO, &auth, "query_range", &params, false);
    assert_eq!(status, 200, "{body}");
    let Expect::Matrix(series) = answered(status, &body) else {
        panic!("a matrix: {body}")
    };
    assert_eq!(series.len(), 3, "one series per region");
    for step in 0..=10 {
        let at = t - 600_000 + step * 60_000;
        let f = Federation {
            demo: Demo::new(SERIES),
            t: at,
        };
        let want: BTreeMap<Labels, f64> = sum_by(
            f.over(300, "sip_responses_total", &[], |v| increase(v) / 300.0),
            &["region"],
        )
        .into_iter()
        .collect();
        for (labels, points) in &series {
            let (pt, v) = points[step as usize];
            assert_eq!(pt, at);
            assert!(
                same(want[labels], v),
                "{labels:?} at {at}: {} vs {v}",
                want[labels]
            );
        }
    }
    let (status, body) = ask(
        server.port,
        DEMO,
        &auth,
        "query_range",
        &format!(
            "query=up[1m]&start={}&end={}&step=60",
            t / 1000 - 60,
            t / 1000
        ),
        true,
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("range vector"),
        "{body}"
    );
}

#[test]
fn prometheus_2_42_agrees_with_the_demo_on_every_expression() {
    if !Prometheus::available() {
        return;
    }
    let t = evaluation_instant();
    let demo = Demo::new(SERIES);
    // Two hours of history before the instant, and a little after it (for `offset -1m`).
    let mut prometheus =
        Prometheus::start_backfilled(&demo.federated_history(t - 2 * 3_600_000, t + 120_000, None));
    let server = demo_server();
    let demo_auth = basic_authorization("demo", "demo");
    let real_auth = prometheus.authorization_header();
    let f = Federation { demo, t };
    let mut failures = Vec::new();
    let mut compared = 0;
    for (query, want) in table(&f) {
        if matches!(want, Expect::Unsupported(_)) {
            continue;
        }
        let params = format!("query={}&time={}", encode(&query), t / 1000);
        let (s1, b1) = ask(server.port, DEMO, &demo_auth, "query", &params, false);
        let (s2, b2) = ask(
            prometheus.port,
            &prometheus.prefix(),
            real_auth.trim_start_matches("Authorization: ").trim(),
            "query",
            &params,
            false,
        );
        let (ours, theirs) = (answered(s1, &b1), answered(s2, &b2));
        let theirs = match theirs {
            // Prometheus words its errors its own way: agree on status and kind.
            Expect::Error(s, k, _) => Expect::Error(s, k, ""),
            other => other,
        };
        if let Err(e) = agree(&query, &theirs, &ours, &b1) {
            failures.push(format!("{e}\n  Prometheus said {b2}"));
        }
        compared += 1;
    }
    prometheus.stop();
    assert!(compared >= 60, "{compared} compared");
    assert!(
        failures.is_empty(),
        "{} of {compared} disagree with Prometheus 2.42:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
