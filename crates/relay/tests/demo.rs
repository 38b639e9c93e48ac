//! The embedded demo upstream (`--demo`), driven through the relay binary as the app drives
//! it: credentials, federation with selectors, metadata and range queries.

use std::path::Path;

use fedview_testkit::{free_port, http, prometheus::basic_authorization, Relay};
use promtext::{Entry, Format, Options, Parser};

const DEMO: &str = "/metrics/v1/prometheus/demo";

fn demo(series: &str) -> Relay {
    let dead = format!("http://127.0.0.1:{}", free_port());
    Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &dead,
        &["--demo", "--demo-series", series],
        &[],
    )
}

fn get(relay: &Relay, target: &str, user: &str, password: &str) -> http::Answer {
    let auth = format!("Authorization: {}\r\n", basic_authorization(user, password));
    http::get(relay.port, target, &auth).unwrap_or_else(|| panic!("no answer to {target}"))
}

/// A federated series: name, label pairs and value.
type Federated = (String, Vec<(String, String)>, f64);

/// Series names and label sets in a federate answer (bodies are chunked: strip framing).
fn federated(body: &str) -> Vec<Federated> {
    let text: String = body
        .lines()
        .filter(|l| l.starts_with('#') || l.contains(' '))
        .map(|l| format!("{l}\n"))
        .collect();
    Parser::new(text.as_bytes(), Options::new(Format::Prometheus))
        .filter_map(|e| match e.expect("the demo's federation parses") {
            Entry::Sample(s) => Some((
                s.name.to_owned(),
                s.labels
                    .iter()
                    .map(|l| (l.name.to_owned(), l.value.into_owned()))
                    .collect(),
                s.value,
            )),
            _ => None,
        })
        .collect()
}

fn encode(selector: &str) -> String {
    form_urlencoded::byte_serialize(selector.as_bytes()).collect()
}

#[test]
fn only_demo_demo_gets_in() {
    let relay = demo("500");
    assert_eq!(
        get(&relay, &format!("{DEMO}/-/healthy"), "demo", "demo").status,
        200
    );
    assert_eq!(
        get(&relay, &format!("{DEMO}/-/healthy"), "demo", "nope").status,
        401
    );
    assert_eq!(
        get(&relay, &format!("{DEMO}/federate"), "x", "demo").status,
        401
    );
}

#[test]
fn federation_honours_each_matcher_kind() {
    let relay = demo("500");
    let fetch = |selector: &str| {
        let answer = get(
            &relay,
            &format!("{DEMO}/federate?match[]={}", encode(selector)),
            "demo",
            "demo",
        );
        assert_eq!(answer.status, 200, "{selector}: {}", answer.body);
        federated(&answer.body)
    };
    let everything = fetch("{__name__=~\".+\"}");
    assert!(everything.len() >= 500, "{} series", everything.len());
    // Federation marks every family untyped and stamps every sample, like Prometheus.
    let regions: std::collections::BTreeSet<String> = everything
        .iter()
        .filter_map(|(_, labels, _)| {
            labels
                .iter()
                .find(|(n, _)| n == "region")
                .map(|(_, v)| v.clone())
        })
        .collect();

    let sms = fetch("sms_messages_total{direction=\"mo\"}");
    assert_eq!(sms.len(), regions.len());
    assert!(sms.iter().all(|(n, l, _)| n == "sms_messages_total"
        && l.contains(&("direction".to_owned(), "mo".to_owned()))));

    let not_oslo = fetch("up{region!=\"oslo\"}");
    assert_eq!(not_oslo.len(), regions.len() - 1);

    let buckets = fetch("{__name__=~\"diameter_.*_bucket\",application=~\"g.\"}");
    assert_eq!(buckets.len(), regions.len() * 2 * 9);

    let no_5g = fetch("mobile_subscribers_attached{rat!~\"5.\"}");
    assert!(no_5g
        .iter()
        .all(|(_, l, _)| l.contains(&("rat".to_owned(), "4g".to_owned()))));

    let bad = get(
        &relay,
        &format!("{DEMO}/federate?match[]={}", encode("{x=~\"(\"}")),
        "demo",
        "demo",
    );
    assert_eq!(bad.status, 400);
}

#[test]
fn scales_to_the_series_count_asked_for() {
    let relay = demo("5000");
    let answer = get(
        &relay,
        &format!(
            "{DEMO}/federate?match[]={}",
            encode("{job=\"mobile-core\"}")
        ),
        "demo",
        "demo",
    );
    let series = federated(&answer.body).len();
    assert!((5000..5100).contains(&series), "{series} series");
}

#[test]
fn metadata_names_types_help_and_units() {
    let relay = demo("500");
    let answer = get(&relay, &format!("{DEMO}/api/v1/metadata"), "demo", "demo");
    assert_eq!(answer.status, 200);
    let body: serde_json::Value =
        serde_json::from_str(answer.body.trim()).unwrap_or_else(|e| panic!("{e}: {}", answer.body));
    let kind = |name: &str| body["data"][name][0]["type"].as_str().map(str::to_owned);
    assert_eq!(kind("sms_messages_total").as_deref(), Some("counter"));
    assert_eq!(
        kind("diameter_request_duration_seconds").as_deref(),
        Some("histogram")
    );
    assert_eq!(
        kind("sms_delivery_latency_seconds").as_deref(),
        Some("summary")
    );
    assert_eq!(
        kind("mobile_subscribers_attached").as_deref(),
        Some("gauge")
    );
    assert_eq!(body["data"]["data_bytes_total"][0]["unit"], "bytes");
}

#[test]
fn counters_only_grow_apart_from_the_deliberate_reset() {
    let relay = demo("500");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // One hour at 15 s steps, yesterday at noon: in the past, and away from the nightly
    // restart at midnight UTC.
    let end = now - now % 86_400 - 43_200;
    let start = end - 3_600;
    let range = |selector: &str| {
        let answer = get(
            &relay,
            &format!(
                "{DEMO}/api/v1/query_range?query={}&start={start}&end={end}&step=15",
                encode(selector)
            ),
            "demo",
            "demo",
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
        let body: serde_json::Value = serde_json::from_str(answer.body.trim()).expect("JSON");
        body["data"]["result"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|series| {
                series["values"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|p| p[1].as_str().and_then(|v| v.parse::<f64>().ok()))
                    .collect::<Vec<f64>>()
            })
            .collect::<Vec<_>>()
    };
    let resets = |values: &[f64]| values.windows(2).filter(|w| w[1] < w[0]).count();

    let sms = range("sms_messages_total");
    assert!(!sms.is_empty());
    for values in &sms {
        assert_eq!(values.len(), 241);
        assert_eq!(resets(values), 0, "an SMS counter went down");
    }
    let deliberate = range("sip_responses_total{code=\"503\",region=\"oslo\"}");
    let values = deliberate.first().expect("the resetting series");
    assert_eq!(resets(values), 6, "one reset every 10 minutes over an hour");

    // rate() gives per-second increases, never negative across the deliberate reset.
    let rates = range("rate(sip_responses_total{code=\"503\",region=\"oslo\"}[1m])");
    let rates = rates.first().expect("a rate series");
    assert_eq!(rates.len(), 241);
    assert!(rates.iter().all(|r| *r >= 0.0), "{rates:?}");
    assert!(rates.iter().any(|r| *r > 0.0), "{rates:?}");

    let bad = get(
        &relay,
        &format!(
            "{DEMO}/api/v1/query_range?query={}&start=0&end=1&step=1",
            encode("predict_linear(up[5m], 60)")
        ),
        "demo",
        "demo",
    );
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("bad_data"), "{}", bad.body);
    assert!(bad.body.contains("predict_linear"), "{}", bad.body);
}

#[test]
fn label_values_are_those_of_the_series_a_selector_matches() {
    let relay = demo("5000");
    let values = |target: &str| -> Vec<String> {
        let answer = get(&relay, target, "demo", "demo");
        assert_eq!(answer.status, 200, "{}", answer.body);
        let json: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
        json["data"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let regions = values(&format!("{DEMO}/api/v1/label/region/values"));
    assert!(regions.len() > 3, "{regions:?}");
    // Each region has one instance: narrowing by region narrows the instances.
    let instances = values(&format!(
        "{DEMO}/api/v1/label/instance/values?match[]={}",
        encode("up{region=~\"oslo|bergen\"}")
    ));
    assert_eq!(instances, ["core-bergen:9100", "core-oslo:9100"]);
    // Label names too: those of the series matched, for completion inside `metric{…}`.
    let names = values(&format!(
        "{DEMO}/api/v1/labels?match[]={}",
        encode("sip_responses_total")
    ));
    assert_eq!(names, ["__name__", "code", "instance", "job", "region"]);
    assert!(values(&format!("{DEMO}/api/v1/labels")).contains(&"apn".to_owned()));
    let bad = get(
        &relay,
        &format!(
            "{DEMO}/api/v1/label/instance/values?match[]={}",
            encode("up{")
        ),
        "demo",
        "demo",
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
}
