//! fedview's rule manager held against Prometheus's own (Debian's 2.42), on the same rules
//! and the same data. Prometheus loads a rules file (evaluation interval 1 s) and scrapes
//! a target of the test's own, whose values the test steers across the thresholds, and
//! node_exporter as `job="node"` for the node-exporter mixin's alerts, imported as
//! published. At each of Prometheus's evaluations the test evaluates the same rules with
//! fedview's own code (`alerts::alert_state`, the query sent to that Prometheus's
//! `api/v1/query` at the evaluation's time) and compares, alert by alert, the states, the
//! active-since times and the expanded annotations with Prometheus's `api/v1/rules`. Then
//! the backtest of the steered rule, run from `query_range`, is compared with the `ALERTS`
//! series Prometheus recorded over the same window. Prometheus reads its sample at an
//! evaluation before or after the scrape that lands at the same moment, so a state may
//! differ by one evaluation at a transition, and no more: the issue's tolerance.
#![cfg(not(target_arch = "wasm32"))]

use std::{
    collections::BTreeMap,
    io::{Read, Write},
    net::TcpListener,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use fedview::{
    alerts::{
        alert_state::{AlertState, Labels, RuleAlerts, Sample},
        backtest::backtest,
        rules::{Rule, RuleKind},
    },
    promql::rules_file::{read_rules, write_rules},
};
use fedview_testkit::{free_port, http, testdata_dir, NodeExporter, Prometheus, TempDir};
use serde_json::Value;

/// The steered rules: thresholds, `for`, `keep_firing_for`, a label and annotations with
/// the template functions rule files use.
const STEERED: &str = r#"groups:
- name: steered
  interval: 1s
  rules:
  - alert: LoadHigh
    expr: fedview_test_load > 5
    for: 3s
    keep_firing_for: 2s
    labels:
      severity: page
    annotations:
      summary: 'Load on {{ $labels.instance }} is {{ printf "%.2f" $value }} ({{ $value | humanize }})'
      share: '{{ $value | humanizePercentage }} of {{ .Labels.job }}{{ if gt $value 8.0 }}, very high{{ end }}'
  - alert: LoadLow
    expr: fedview_test_load < 0.5
    labels:
      severity: ticket
    annotations:
      summary: '{{ $labels.instance }} idle: {{ $value }}'
      host: '{{ reReplaceAll "^([^:]+):(\\d+)$" "$1 port $2" $labels.instance }} / {{ $labels.instance | stripDomain }} / {{ "node1.example.org:9100" | stripDomain }} {{ "db.example.org" | stripDomain }} {{ reReplaceAll "(?i)EXAMPLE" "x" "Example.org" }}'
      local: '{{ if match "^127\\." $labels.instance }}on this machine{{ else }}elsewhere{{ end }}{{ if match "nomatch" $labels.job }}!{{ end }}'
"#;

/// What the steered target serves, by instance, changed by the test as it goes.
type Loads = Arc<Mutex<BTreeMap<String, f64>>>;

/// Serves `fedview_test_load{instance=…}` on a free port until the test ends.
fn steered_target(loads: Loads) -> u16 {
    let port = free_port();
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the steered target");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let mut body = String::from("# TYPE fedview_test_load gauge\n");
            for (instance, value) in loads.lock().expect("loads").iter() {
                body.push_str(&format!(
                    "fedview_test_load{{instance=\"{instance}\"}} {value}\n"
                ));
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

/// One alert as seen at one evaluation: its state, active-since (ms), value and
/// annotations.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    state: AlertState,
    active_at_ms: i64,
    value: f64,
    annotations: Labels,
}

/// Each rule's alerts at one evaluation, by the alert's labels.
type Snapshot = BTreeMap<Labels, Seen>;

fn get_json(prometheus: &Prometheus, path: &str) -> Value {
    let answer = http::get(
        prometheus.port,
        &format!("{}{path}", prometheus.prefix()),
        &prometheus.authorization_header(),
    )
    .unwrap_or_else(|| panic!("Prometheus answers {path}"));
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    serde_json::from_str(&answer.body).expect("JSON")
}

fn labels_of(value: &Value) -> Labels {
    value
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// RFC 3339 with fractions (Prometheus's `activeAt`, `lastEvaluation`: Go writes UTC as
/// `2026-12-07T16:14:51.123456789Z`) in ms since the epoch; 0 for Go's zero time.
fn rfc3339_ms(text: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| -> i64 {
        text.get(range)
            .and_then(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("not RFC 3339: {text}"))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));
    let rest = &text[19..];
    let (fraction, zone) = match rest.strip_prefix('.') {
        Some(f) => {
            let digits = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
            (&f[..digits], &f[digits..])
        }
        None => ("", rest),
    };
    let millis: i64 = format!("{fraction:0<3}")[..3].parse().unwrap_or(0);
    let offset_minutes = match zone {
        "Z" => 0,
        zone => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (zone[1..3].parse::<i64>().unwrap_or(0) * 60
                + zone[4..6].parse::<i64>().unwrap_or(0))
        }
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    if year < 1970 {
        return 0;
    }
    ((days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60) * 1_000) + millis
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The samples of `expr` at `at_ms`, from Prometheus's own `api/v1/query`.
fn samples(prometheus: &Prometheus, expr: &str, at_ms: i64) -> Vec<Sample> {
    let answer = get_json(
        prometheus,
        &format!(
            "/api/v1/query?query={}&time={}.{:03}",
            encode(expr),
            at_ms.div_euclid(1000),
            at_ms.rem_euclid(1000)
        ),
    );
    answer["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| Sample {
            labels: labels_of(&s["metric"]),
            value: s["value"][1]
                .as_str()
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN),
        })
        .collect()
}

#[test]
fn alerts_are_tracked_as_prometheus_tracks_them() {
    if !Prometheus::available() || !NodeExporter::available() {
        return;
    }
    let Some(testdata) = testdata_dir() else {
        return;
    };
    let node_alerts =
        std::fs::read_to_string(testdata.join("rules/node-exporter-mixin-alerts.yaml"))
            .expect("the node-exporter mixin's alerts");
    let loads: Loads = Arc::new(Mutex::new(
        [("a".to_owned(), 1.0), ("b".to_owned(), 1.0)].into(),
    ));
    let target = steered_target(loads.clone());
    let node = NodeExporter::start();
    let dir = TempDir::new("fedview-rules");
    let steered_file = dir.path().join("steered.yml");
    let node_file = dir.path().join("node.yml");
    std::fs::write(&steered_file, STEERED).expect("write the rules");
    std::fs::write(&node_file, &node_alerts).expect("write the rules");
    let jobs = format!(
        "  - job_name: steered\n    static_configs:\n      - targets: ['127.0.0.1:{target}']\n{}",
        node.scrape_job_named("node")
    );
    let prometheus = Prometheus::start_with_rules(&jobs, &[&steered_file, &node_file]);

    // fedview reads the same files, as an operator imports them.
    // Rules by group and place: Prometheus lists them in the file's order (and two of the
    // mixin's alerts share a name).
    let mut rules: BTreeMap<String, (Rule, RuleAlerts)> = BTreeMap::new();
    for text in [STEERED, node_alerts.as_str()] {
        let read = read_rules(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        for group in read.file.groups {
            for (at, rule) in group.rules.into_iter().enumerate() {
                assert_eq!(rule.kind, RuleKind::Alert);
                rules.insert(
                    format!("{}/{at:02}", group.name),
                    (rule, RuleAlerts::default()),
                );
            }
        }
    }
    assert_eq!(rules.len(), 2 + 26, "every rule read");

    // Prometheus's and fedview's alerts at each of Prometheus's evaluations, by rule.
    let mut theirs: BTreeMap<String, BTreeMap<i64, Snapshot>> = BTreeMap::new();
    let mut ours: BTreeMap<String, BTreeMap<i64, Snapshot>> = BTreeMap::new();
    let start = Instant::now();
    let schedule = |seconds: u64| -> [(&str, f64); 2] {
        match seconds {
            0..=9 => [("a", 1.0), ("b", 1.0)],
            10..=24 => [("a", 7.0), ("b", 1.0)],
            25..=29 => [("a", 1.0), ("b", 9.5)],
            30..=31 => [("a", 7.0), ("b", 9.5)],
            32..=44 => [("a", 1.0), ("b", 0.2)],
            45..=52 => [("a", 6.0), ("b", 0.2)],
            _ => [("a", 1.0), ("b", 1.0)],
        }
    };
    let mut first_ms = None;
    let mut last_ms = 0;
    while start.elapsed() < Duration::from_secs(65) {
        {
            let mut loads = loads.lock().expect("loads");
            for (instance, value) in schedule(start.elapsed().as_secs()) {
                loads.insert(instance.to_owned(), value);
            }
        }
        let answer = get_json(&prometheus, "/api/v1/rules?type=alert");
        for group in answer["data"]["groups"].as_array().into_iter().flatten() {
            for (place, rule) in group["rules"].as_array().into_iter().flatten().enumerate() {
                let key = format!("{}/{place:02}", group["name"].as_str().unwrap_or_default());
                let Some(at) = rule["lastEvaluation"].as_str().map(rfc3339_ms) else {
                    continue;
                };
                if at <= 0 || theirs.get(&key).is_some_and(|s| s.contains_key(&at)) {
                    continue;
                }
                let snapshot: Snapshot = rule["alerts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| {
                        let state = match a["state"].as_str() {
                            Some("firing") => AlertState::Firing,
                            Some("pending") => AlertState::Pending,
                            _ => AlertState::Inactive,
                        };
                        (
                            labels_of(&a["labels"]),
                            Seen {
                                state,
                                active_at_ms: a["activeAt"].as_str().map_or(0, rfc3339_ms),
                                value: a["value"]
                                    .as_str()
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(f64::NAN),
                                annotations: labels_of(&a["annotations"]),
                            },
                        )
                    })
                    .collect();
                theirs.entry(key.clone()).or_default().insert(at, snapshot);
                // fedview evaluates the same rule at the same time.
                let Some((ours_rule, alerts)) = rules.get_mut(&key) else {
                    panic!("Prometheus has a rule fedview did not read: {key}");
                };
                assert_eq!(
                    ours_rule.name,
                    rule["name"].as_str().unwrap_or_default(),
                    "{key}"
                );
                let samples = samples(&prometheus, &ours_rule.expr, at);
                alerts
                    .evaluate(ours_rule, at, &samples, "")
                    .expect("an evaluation");
                let snapshot: Snapshot = alerts
                    .active()
                    .map(|a| {
                        (
                            a.labels.clone(),
                            Seen {
                                state: a.state,
                                active_at_ms: a.active_at_ms,
                                value: a.value,
                                annotations: a.annotations.clone(),
                            },
                        )
                    })
                    .collect();
                ours.entry(key).or_default().insert(at, snapshot);
                if group["name"] == "steered" {
                    first_ms.get_or_insert(at);
                    last_ms = last_ms.max(at);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(150));
    }

    // Compare, evaluation by evaluation.
    let mut compared = 0;
    let mut states_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut annotations_compared = 0;
    for (key, their_snapshots) in &theirs {
        let our_snapshots = &ours[key];
        let times: Vec<i64> = their_snapshots.keys().copied().collect();
        // One evaluation interval, with the few milliseconds Prometheus's timer drifts by.
        let mut steps: Vec<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        steps.sort_unstable();
        let interval = steps.get(steps.len() / 2).copied().unwrap_or(1_000) * 11 / 10;
        for (i, at) in times.iter().enumerate() {
            let ours_now = &our_snapshots[at];
            let near: Vec<&Snapshot> = [i.checked_sub(1), Some(i), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| times.get(j).map(|t| &their_snapshots[t]))
                .collect();
            let labels: std::collections::BTreeSet<&Labels> =
                ours_now.keys().chain(their_snapshots[at].keys()).collect();
            for alert in labels {
                compared += 1;
                let ours_alert = ours_now.get(alert);
                *states_seen
                    .entry(ours_alert.map_or("inactive", |a| a.state.word()))
                    .or_default() += 1;
                let matches = near
                    .iter()
                    .any(|snapshot| match (ours_alert, snapshot.get(alert)) {
                        (None, None) => true,
                        (Some(o), Some(t)) => {
                            o.state == t.state
                                && (o.active_at_ms - t.active_at_ms).abs() <= interval
                        }
                        _ => false,
                    });
                assert!(
                    matches,
                    "{key} at {at}: fedview has {alert:?} as {ours_alert:?}; Prometheus, one \
                     evaluation either side: {:?}",
                    near.iter().map(|s| s.get(alert)).collect::<Vec<_>>()
                );
                // The same alert with the same value has the same annotations.
                if let (Some(o), Some(t)) = (ours_alert, their_snapshots[at].get(alert)) {
                    if o.value == t.value {
                        assert_eq!(o.annotations, t.annotations, "{key}: {alert:?}");
                        annotations_compared += 1;
                    }
                }
            }
        }
    }
    println!(
        "compared {compared} alert states over {} rules; fedview's: {states_seen:?}; \
         {annotations_compared} annotation sets",
        theirs.len()
    );
    assert!(
        states_seen.get("firing").copied().unwrap_or(0) > 10
            && states_seen.get("pending").copied().unwrap_or(0) > 3,
        "the steering made alerts pend and fire: {states_seen:?}"
    );
    assert!(
        annotations_compared > 10,
        "annotations compared: {annotations_compared}"
    );

    // The backtest of LoadHigh over the run, against the ALERTS series Prometheus wrote.
    let (first, last) = (first_ms.expect("evaluations"), last_ms);
    let steps: Vec<i64> = (0..=(last - first) / 1_000)
        .map(|k| first + k * 1_000)
        .collect();
    let range = |expr: &str| -> Vec<(Labels, Vec<(i64, f64)>)> {
        let answer = get_json(
            &prometheus,
            &format!(
                "/api/v1/query_range?query={}&start={}.{:03}&end={}.{:03}&step=1",
                encode(expr),
                first / 1000,
                first % 1000,
                last / 1000,
                last % 1000
            ),
        );
        answer["data"]["result"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let points = s["values"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        let t = (p[0].as_f64().unwrap_or_default() * 1000.0).round() as i64;
                        (
                            t,
                            p[1].as_str()
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(f64::NAN),
                        )
                    })
                    .collect();
                (labels_of(&s["metric"]), points)
            })
            .collect()
    };
    let (high, _) = rules
        .values()
        .find(|(r, _)| r.name == "LoadHigh")
        .expect("LoadHigh");
    let stretches = backtest(high, &range(&high.expr), &steps);
    let recorded = range("ALERTS{alertname=\"LoadHigh\",alertstate=\"firing\"}");
    for (labels, points) in &recorded {
        let mut alert = labels.clone();
        alert.remove("__name__");
        alert.remove("alertstate");
        let times: Vec<i64> = points.iter().map(|p| p.0).collect();
        // Prometheus's firing stretches: runs of consecutive steps.
        let mut theirs: Vec<(i64, i64)> = Vec::new();
        for t in times {
            match theirs.last_mut() {
                Some((_, end)) if t - *end == 1_000 => *end = t,
                _ => theirs.push((t, t)),
            }
        }
        let ours: Vec<(i64, i64)> = stretches
            .iter()
            .filter(|s| s.labels == alert && s.state == AlertState::Firing)
            .map(|s| (s.from_ms, s.to_ms))
            .collect();
        println!("LoadHigh {alert:?}: firing, Prometheus {theirs:?}, backtest {ours:?}");
        assert_eq!(
            ours.len(),
            theirs.len(),
            "{alert:?}: {ours:?} vs {theirs:?}"
        );
        for ((a, b), (c, d)) in ours.iter().zip(&theirs) {
            assert!(
                (a - c).abs() <= 1_000 && (b - d).abs() <= 1_000,
                "{alert:?}: backtest {ours:?}, Prometheus's ALERTS {theirs:?}"
            );
        }
    }
    assert!(!recorded.is_empty(), "Prometheus recorded LoadHigh firing");
}

#[test]
fn an_exported_rules_file_passes_promtool() {
    let Some(testdata) = testdata_dir() else {
        return;
    };
    if !Prometheus::available() {
        return;
    }
    let dir = TempDir::new("fedview-export");
    let demo = fedview_testkit::workspace_root().join("dashboards/demo-alerts.yml");
    for (name, path) in [
        "node-exporter-mixin-alerts.yaml",
        "node-exporter-mixin-rules.yaml",
        "prometheus-mixin-alerts.yaml",
    ]
    .map(|name| (name, testdata.join("rules").join(name)))
    .into_iter()
    .chain([("demo-alerts.yml", demo)])
    {
        let text = std::fs::read_to_string(&path).expect("read");
        let read = read_rules(&text);
        assert!(read.errors.is_empty(), "{name}: {:?}", read.errors);
        if name == "demo-alerts.yml" {
            assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        }
        let exported = write_rules(&read.file);
        let path = dir.path().join(name);
        std::fs::write(&path, &exported).expect("write");
        let output = std::process::Command::new("/usr/bin/promtool")
            .args(["check", "rules"])
            .arg(&path)
            .output()
            .expect("run promtool");
        assert!(
            output.status.success(),
            "promtool check rules {name}: {}{}\n{exported}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // And it reads back the same.
        let again = read_rules(&exported);
        assert_eq!(again.file.groups.len(), read.file.groups.len());
        let rules = |f: &fedview::alerts::rules::RuleFile| -> usize {
            f.groups.iter().map(|g| g.rules.len()).sum()
        };
        assert_eq!(rules(&again.file), rules(&read.file), "{name}");
    }
}
