//! The store worker's core, natively: a poll from its command to its answer, generations
//! that drop answers for replaced data, history joined to polled points only while the
//! view asks for it, and one kind of `query_range` request for every use of it.

use std::collections::BTreeMap;

use super::*;
use crate::{
    board::requests::PanelKey,
    model::credentials::Credentials,
    model::range_series::RangeSeries,
    net::api::Answer as HttpAnswer,
    net::range_query::Range,
    worker::protocol::{StoreView, ViewRequest},
};

/// The core's clock in these tests: a fixed "now", 2026-12-04 12:00 UTC.
const NOW_MS: i64 = 1_796_385_600_000;

fn now() -> f64 {
    NOW_MS as f64
}

fn core() -> StoreCore {
    StoreCore::new(now)
}

fn credentials() -> Credentials {
    Credentials {
        relay: "http://127.0.0.1:1".into(),
        id: "demo".into(),
        client_id: "demo".into(),
        secret: "demo".into(),
    }
}

/// A federate answer with `up` for two instances, and a counter, at `at_ms`.
fn federate(at_ms: i64) -> HttpAnswer {
    let body = format!(
        "# TYPE up untyped\nup{{instance=\"a\",job=\"node\"}} 1 {at_ms}\nup{{instance=\"b\",job=\"node\"}} 0 {at_ms}\n\
         # TYPE requests_total counter\nrequests_total{{code=\"200\"}} 42 {at_ms}\n"
    );
    HttpAnswer {
        status: 200,
        content_type: Some("text/plain; version=0.0.4".into()),
        body: body.into_bytes(),
    }
}

/// The one answer in `work`.
fn answer(mut work: Vec<Work>) -> Answer {
    assert_eq!(work.len(), 1, "one answer: {work:?}");
    match work.remove(0) {
        Work::Answer(answer) => answer,
        other => panic!("an answer, not {other:?}"),
    }
}

/// The one request in `work`.
fn request(mut work: Vec<Work>) -> Fetch {
    assert_eq!(work.len(), 1, "one request: {work:?}");
    match work.remove(0) {
        Work::Fetch(fetch) => fetch,
        other => panic!("a request, not {other:?}"),
    }
}

/// What the upstream's metadata says of the counter in [`federate`].
fn metadata() -> Vec<(String, MetricKind, String, String)> {
    vec![(
        "requests_total".into(),
        MetricKind::Counter,
        "Requests served.".into(),
        String::new(),
    )]
}

/// A poll of the `node` job for the data of `generation`, every 30 s, 6 hours kept.
fn poll_command(generation: u64) -> Command {
    Command::Poll {
        credentials: credentials(),
        selectors: "{job=\"node\"}".into(),
        generation,
        retention: crate::worker::protocol::Retention {
            history_s: 21_600,
            poll_s: 30,
        },
    }
}

/// Polls `core` (at generation `generation`) and feeds it `body`'s answer and metadata;
/// the poll's answer.
fn poll(core: &mut StoreCore, generation: u64, body: HttpAnswer) -> Answer {
    let work = core.command(poll_command(generation));
    let Some(Work::Fetch(Fetch::Federate { at_ms, .. })) = work.first() else {
        panic!("a poll fetches federation first: {work:?}");
    };
    let at_ms = *at_ms;
    let work = core.fetched(Fetched::Federate {
        credentials: credentials(),
        generation,
        at_ms,
        answer: Ok(body),
    });
    match work.first() {
        Some(Work::Fetch(Fetch::Metadata { report, .. })) => {
            let report = *report;
            answer(core.fetched(Fetched::Metadata {
                generation,
                at_ms,
                report,
                metadata: metadata(),
            }))
        }
        _ => answer(work),
    }
}

/// What the page would show for `request`.
fn view(core: &mut StoreCore, request: ViewRequest) -> StoreView {
    let mut work = core.command(Command::Show(request));
    match work.pop() {
        Some(Work::Answer(Answer::View(view))) => *view,
        other => panic!("a view last, not {other:?}"),
    }
}

#[test]
fn a_poll_goes_from_its_command_to_its_answer_with_metadata_for_new_series() {
    let mut core = core();
    let work = core.command(Command::Poll {
        credentials: credentials(),
        selectors: "up".into(),
        generation: 0,
        retention: crate::worker::protocol::Retention {
            history_s: 21_600,
            poll_s: 30,
        },
    });
    assert_eq!(
        work,
        vec![
            Work::Fetch(Fetch::Federate {
                credentials: credentials(),
                selectors: "up".into(),
                generation: 0,
                at_ms: NOW_MS,
            }),
            Work::WarmUp(WarmUp::Poll),
        ],
        "the request goes first, the warm-up after it, once"
    );
    let Answer::Polled {
        generation,
        outcome: Ok(report),
        ..
    } = poll(&mut core, 0, federate(NOW_MS))
    else {
        panic!("the poll worked");
    };
    assert_eq!((generation, report.samples, report.new_series), (0, 3, 3));
    let shown = view(&mut core, ViewRequest::default());
    assert_eq!(shown.summary.series, 3);
    assert_eq!(shown.summary.families, 2);
    let requests = shown
        .list
        .entries
        .iter()
        .find(|f| f.name == "requests_total")
        .expect("the counter is listed");
    assert_eq!(requests.help.as_deref(), Some("Requests served."));

    // A second poll finds no new series: it answers at once, without asking for metadata.
    let again = poll(&mut core, 0, federate(NOW_MS + 30_000));
    assert!(matches!(again, Answer::Polled { outcome: Ok(r), .. } if r.new_series == 0));
    assert!(
        !core
            .command(Command::Poll {
                credentials: credentials(),
                selectors: "up".into(),
                generation: 0,
                retention: crate::worker::protocol::Retention {
                    history_s: 21_600,
                    poll_s: 30,
                },
            })
            .contains(&Work::WarmUp(WarmUp::Poll)),
        "the poll's path is warmed up once"
    );
}

#[test]
fn a_poll_answered_after_a_dump_replaced_the_data_is_dropped() {
    let mut core = core();
    poll(&mut core, 0, federate(NOW_MS));
    let Answer::DumpOpened { generation, .. } = answer(core.command(Command::OpenDump {
        name: "x.prom".into(),
        bytes: b"# TYPE dumped gauge\ndumped 7\n".to_vec(),
    })) else {
        panic!("the dump opens");
    };
    assert_eq!(generation, 1, "a dump is a new generation");
    // The poll started before the dump comes back now.
    let late = core.fetched(Fetched::Federate {
        credentials: credentials(),
        generation: 0,
        at_ms: NOW_MS,
        answer: Ok(federate(NOW_MS)),
    });
    assert!(
        matches!(
            answer(late),
            Answer::Polled {
                generation: 0,
                outcome: Err(_),
                ..
            }
        ),
        "superseded"
    );
    let shown = view(&mut core, ViewRequest::default());
    assert_eq!(shown.generation, 1);
    assert_eq!(shown.summary.series, 1, "only the dump's series");
    // Going back to live data empties the store, as another generation.
    assert_eq!(
        answer(core.command(Command::Reset)),
        Answer::Reset { generation: 2 }
    );
    assert_eq!(view(&mut core, ViewRequest::default()).summary.series, 0);
}

/// The history of `up` over the last hour.
fn up_key() -> HistoryKey {
    HistoryKey {
        family: "up".into(),
        filters: BTreeMap::new(),
        raw: false,
        range: Range::Last(3_600_000),
    }
}

/// An hour of `up` for instance `a`, a point a minute, ending before `NOW_MS`.
fn up_history() -> RangeResult {
    let points: Vec<Point> = (1..=60).map(|m| (NOW_MS - m * 60_000, 1.0)).rev().collect();
    RangeResult {
        query: "up".into(),
        start: NOW_MS - 3_600_000,
        end: NOW_MS,
        step_s: 60,
        series: vec![RangeSeries {
            name: Some("up".into()),
            labels: vec![
                ("instance".into(), "a".into()),
                ("job".into(), "node".into()),
            ],
            points,
        }],
    }
}

/// Loads `up_history()` for `generation`; the answer.
fn load_history(core: &mut StoreCore, generation: u64) -> Answer {
    let fetch = request(core.command(Command::LoadHistory {
        credentials: credentials(),
        key: up_key(),
        query: "up".into(),
        start: NOW_MS - 3_600_000,
        end: NOW_MS,
        step_s: 60,
        generation,
    }));
    let Fetch::Range { then, .. } = fetch else {
        panic!("history is a range query: {fetch:?}");
    };
    answer(core.fetched(Fetched::Range {
        then,
        result: Ok(up_history()),
    }))
}

/// How many points the charted `up`'s line for instance `a` has.
fn points_of_a(view: &StoreView) -> usize {
    let family = view.family.as_ref().expect("up is charted");
    family
        .lines
        .lines
        .iter()
        .find(|l| l.label.contains("instance=\"a\""))
        .map_or(0, |l| l.points.len())
}

#[test]
fn history_joins_the_polled_points_only_while_the_view_asks_for_it() {
    let mut core = core();
    poll(&mut core, 0, federate(NOW_MS));
    let Answer::HistoryLoaded {
        outcome: Ok(load),
        generation: 0,
        ..
    } = load_history(&mut core, 0)
    else {
        panic!("the history loads");
    };
    assert_eq!((load.series, load.points, load.step_s), (1, 60, 60));
    let charted = |history: Option<HistoryKey>| ViewRequest {
        selected: Some("up".into()),
        history,
        plot_pixels: 4000,
        ..ViewRequest::default()
    };
    let with = view(&mut core, charted(Some(up_key())));
    assert!(with.history);
    assert_eq!(points_of_a(&with), 61, "an hour of history, then the poll");
    let without = view(&mut core, charted(None));
    assert!(!without.history);
    assert_eq!(points_of_a(&without), 1, "the poll alone");
    let other = HistoryKey {
        raw: true,
        ..up_key()
    };
    assert!(
        !view(&mut core, charted(Some(other))).history,
        "history loaded for another view is not joined"
    );

    // History asked for data since replaced is answered but not kept.
    assert_eq!(
        answer(core.command(Command::Reset)),
        Answer::Reset { generation: 1 }
    );
    poll(&mut core, 1, federate(NOW_MS));
    load_history(&mut core, 0);
    assert_eq!(points_of_a(&view(&mut core, charted(Some(up_key())))), 1);
}

/// A panel's query for `key`, answered with `result`: what the page gets.
fn panel_answer(
    core: &mut StoreCore,
    key: PanelKey,
    result: RangeResult,
) -> (PanelKey, QueryAnswer) {
    let Fetch::Range { then, .. } = request(core.command(Command::PanelQuery {
        credentials: credentials(),
        key,
        plot_pixels: 600,
    })) else {
        panic!("a panel asks a range query");
    };
    let Answer::PanelAnswered {
        key,
        outcome: Ok(answer),
    } = answer(core.fetched(Fetched::Range {
        then,
        result: Ok(result),
    }))
    else {
        panic!("the panel is answered");
    };
    (key, answer)
}

/// A panel's key for `query` over the hour before `NOW_MS`.
fn panel_key(query: &str, table: bool) -> PanelKey {
    PanelKey {
        query: query.into(),
        start: NOW_MS - 3_600_000,
        end: NOW_MS,
        step_s: 60,
        legend: None,
        shift_s: 0,
        table,
    }
}

#[test]
fn every_range_query_is_one_kind_of_request() {
    let mut core = core();
    let panel = PanelKey {
        query: "rate(requests_total[5m])".into(),
        start: NOW_MS - 3_600_000,
        end: NOW_MS,
        step_s: 15,
        legend: Some("{{code}}".into()),
        shift_s: 0,
        table: false,
    };
    let requests = [
        Command::LoadHistory {
            credentials: credentials(),
            key: up_key(),
            query: "up".into(),
            start: 1,
            end: 2,
            step_s: 3,
            generation: 0,
        },
        Command::Query {
            credentials: credentials(),
            index: 0,
            query: "up".into(),
            start: 1,
            end: 2,
            step_s: 3,
            plot_pixels: 600,
            generation: 0,
        },
        Command::PanelQuery {
            credentials: credentials(),
            key: panel.clone(),
            plot_pixels: 600,
        },
    ]
    .map(|command| request(core.command(command)));
    assert!(requests.iter().all(|r| matches!(r, Fetch::Range { .. })));
    let Fetch::Range {
        query,
        step_s,
        then,
        ..
    } = requests[2].clone()
    else {
        unreachable!()
    };
    assert_eq!((query.as_str(), step_s), (panel.query.as_str(), 15));
    // The panel's answer is named by its legend format.
    let mut result = up_history();
    result.series[0].labels = vec![("code".into(), "200".into())];
    let Answer::PanelAnswered {
        key,
        outcome: Ok(lines),
    } = answer(core.fetched(Fetched::Range {
        then,
        result: Ok(result),
    }))
    else {
        panic!("the panel is answered");
    };
    assert_eq!(key, panel);
    assert_eq!(lines.lines[0].label, "200");
}

#[test]
fn a_variables_values_go_back_to_that_variable() {
    let mut core = core();
    let query = VariableQuery::LabelValues {
        label: "instance".into(),
        selector: Some("up".into()),
    };
    let fetch = request(core.command(Command::VariableOptions {
        credentials: credentials(),
        name: "instance".into(),
        query: query.clone(),
        regex: None,
        start: 1,
        end: 2,
    }));
    let Fetch::Options { then, .. } = fetch else {
        panic!("label values: {fetch:?}");
    };
    let values = vec!["node-1".to_owned(), "edge-1".to_owned()];
    assert_eq!(
        answer(core.fetched(Fetched::Options {
            query: query.clone(),
            then,
            result: Ok(values.clone()),
        })),
        Answer::VariableOptions {
            name: "instance".into(),
            query,
            outcome: Ok(values),
        }
    );
}

#[test]
fn a_table_query_answers_a_row_per_series_with_its_latest_value() {
    let mut core = core();
    let (_, answer) = panel_answer(&mut core, panel_key("up", true), up_history());
    assert_eq!(answer.rows.len(), 1);
    assert_eq!(
        answer.rows[0].labels[0],
        ("__name__".to_owned(), "up".to_owned())
    );
    assert_eq!(
        answer.rows[0].labels[1],
        ("instance".to_owned(), "a".to_owned())
    );
    assert_eq!(answer.rows[0].value, Some(1.0));
}

#[test]
fn a_series_of_nan_only_keeps_its_last_point_for_a_stat() {
    let mut core = core();
    let mut result = up_history();
    for point in &mut result.series[0].points {
        point.1 = f64::NAN;
    }
    let (_, answer) = panel_answer(&mut core, panel_key("0/0", false), result);
    assert_eq!(answer.lines.len(), 1);
    assert_eq!(answer.lines[0].points.len(), 1);
    assert!(answer.lines[0].points[0].1.is_nan());
}

thread_local! {
    /// The clock of the tests that need time to pass.
    static CLOCK: std::cell::Cell<i64> = const { std::cell::Cell::new(NOW_MS) };
}

fn moving_now() -> f64 {
    CLOCK.with(std::cell::Cell::get) as f64
}

/// Polls `core` at `at_ms` (every 30 s is the interval), and takes everything it asks
/// for: metadata answered; every range query (the overview's history and gaps) answered
/// by `history` for its window. Returns the range queries' windows and steps.
fn poll_at(
    core: &mut StoreCore,
    at_ms: i64,
    history: &dyn Fn(i64, i64, i64) -> RangeResult,
) -> Vec<(i64, i64, i64)> {
    CLOCK.with(|clock| clock.set(at_ms));
    let mut work = core.command(poll_command(0));
    let mut ranges = Vec::new();
    while let Some(item) = work.pop() {
        let Work::Fetch(fetch) = item else {
            continue;
        };
        let more = match fetch {
            Fetch::Federate {
                credentials,
                generation,
                at_ms,
                ..
            } => core.fetched(Fetched::Federate {
                credentials,
                generation,
                at_ms,
                answer: Ok(federate(at_ms)),
            }),
            Fetch::Metadata {
                generation,
                at_ms,
                report,
                ..
            } => core.fetched(Fetched::Metadata {
                generation,
                at_ms,
                report,
                metadata: metadata(),
            }),
            Fetch::Range {
                start,
                end,
                step_s,
                then,
                ..
            } => {
                ranges.push((start, end, step_s));
                core.fetched(Fetched::Range {
                    then,
                    result: Ok(history(start, end, step_s)),
                })
            }
            _ => Vec::new(),
        };
        work.extend(more);
    }
    ranges
}

/// `sum(rate(requests_total[5m]))` as the upstream answers it: 2 per second, a point per
/// step.
fn rate_history(start: i64, end: i64, step_s: i64) -> RangeResult {
    let points = (0..)
        .map(|i| start + i * step_s * 1000)
        .take_while(|&t| t <= end)
        .map(|t| (t, 2.0))
        .collect();
    RangeResult {
        query: "sum(rate(requests_total[5m]))".into(),
        start,
        end,
        step_s,
        series: vec![RangeSeries {
            name: None,
            labels: Vec::new(),
            points,
        }],
    }
}

#[test]
fn a_gap_between_polls_is_filled_from_the_upstreams_history() {
    let mut core = StoreCore::new(moving_now);
    let t0 = NOW_MS;
    poll_at(&mut core, t0, &rate_history);
    poll_at(&mut core, t0 + 30_000, &rate_history);
    // The page has put up the overview: its history before the first poll is asked.
    let work = core.command(Command::OverviewHistory {
        credentials: credentials(),
        generation: 0,
        panels: 10,
    });
    assert!(!work.is_empty(), "the overview's history is asked");
    for item in work {
        if let Work::Fetch(Fetch::Range {
            then,
            start,
            end,
            step_s,
            ..
        }) = item
        {
            core.fetched(Fetched::Range {
                then,
                result: Ok(rate_history(start, end, step_s)),
            });
        }
    }
    // A poll on time asks nothing more.
    assert_eq!(poll_at(&mut core, t0 + 60_000, &rate_history), vec![]);
    // Five minutes without a poll (an outage), then the next: the gap is asked, a point
    // per poll interval, for the panel whose history was asked.
    let after = t0 + 60_000 + 300_000;
    let asked = poll_at(&mut core, after, &rate_history);
    assert_eq!(asked, vec![(t0 + 60_001, after - 1, 30)]);
    let overview = view(
        &mut core,
        ViewRequest {
            overview: true,
            panel_pixels: 4_000,
            ..ViewRequest::default()
        },
    )
    .overview
    .expect("the overview");
    let panel = overview
        .groups
        .iter()
        .flat_map(|g| &g.panels)
        .find(|p| p.family == "requests_total")
        .expect("the counter's panel");
    let inside = panel.lines[0]
        .points
        .iter()
        .filter(|&&(t, _)| t0 + 60_000 < t && t < after)
        .count();
    assert!(
        inside >= 9,
        "{inside} points in the gap: {:?}",
        panel.lines[0].points
    );
    let times: Vec<i64> = panel.lines[0].points.iter().map(|p| p.0).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
}

/// `up` of instance `a` as the upstream keeps it: 1, a point per step.
fn up_of_a(start: i64, end: i64, step_s: i64) -> RangeResult {
    RangeResult {
        query: "up".into(),
        start,
        end,
        step_s,
        series: vec![RangeSeries {
            name: Some("up".into()),
            labels: vec![
                ("instance".into(), "a".into()),
                ("job".into(), "node".into()),
            ],
            points: (0..)
                .map(|i| start + i * step_s * 1000)
                .take_while(|&t| t <= end)
                .map(|t| (t, 1.0))
                .collect(),
        }],
    }
}

#[test]
fn a_gap_in_the_charted_familys_polls_is_filled_from_its_history() {
    let mut core = StoreCore::new(moving_now);
    let t0 = NOW_MS;
    for i in 0..4 {
        poll_at(&mut core, t0 + i * 30_000, &up_of_a);
    }
    // The chart's hour of history, loaded after the polls began.
    let fetch = request(core.command(Command::LoadHistory {
        credentials: credentials(),
        key: up_key(),
        query: "up".into(),
        start: t0 + 90_000 - 3_600_000,
        end: t0 + 90_000,
        step_s: 30,
        generation: 0,
    }));
    let Fetch::Range {
        then, start, end, ..
    } = fetch
    else {
        panic!("history is a range query: {fetch:?}");
    };
    core.fetched(Fetched::Range {
        then,
        result: Ok(up_of_a(start, end, 30)),
    });
    // Five minutes without a poll, then polls again: the gap is asked as the history was.
    let after = t0 + 90_000 + 300_000;
    let asked = poll_at(&mut core, after, &up_of_a);
    assert!(
        asked.contains(&(t0 + 90_001, after - 1, 30)),
        "the history's gap is asked: {asked:?}"
    );
    poll_at(&mut core, after + 30_000, &up_of_a);
    let chart = view(
        &mut core,
        ViewRequest {
            selected: Some("up".into()),
            history: Some(up_key()),
            plot_pixels: 4000,
            ..ViewRequest::default()
        },
    );
    let line = chart
        .family
        .as_ref()
        .and_then(|f| {
            f.lines
                .lines
                .iter()
                .find(|l| l.label.contains("instance=\"a\""))
        })
        .expect("a's line");
    let inside = line
        .points
        .iter()
        .filter(|&&(t, _)| t0 + 90_000 < t && t < after)
        .count();
    assert!(inside >= 9, "{inside} points in the gap");
}

#[test]
fn a_rules_alerts_move_on_from_one_evaluation_to_the_next_and_start_afresh_elsewhere() {
    use crate::alerts::{
        alert_state::{AlertState, Sample},
        rules::Rule,
    };
    let mut core = core();
    let rule = Rule {
        for_ms: 1_000,
        ..Rule::alerting("Down", "up == 0")
    };
    let key = RuleKey {
        group: "g".into(),
        index: 0,
    };
    let sample = Sample {
        labels: [("instance".to_owned(), "b".to_owned())].into(),
        value: 0.0,
    };
    // The evaluation asks the upstream at its time, then answers the rule's alerts.
    let evaluate = |core: &mut StoreCore, at_ms: i64, instance: &str| {
        let fetch = request(core.command(Command::EvaluateRule {
            credentials: credentials(),
            rule: key.clone(),
            definition: rule.clone(),
            at_ms,
        }));
        let Fetch::RuleSamples { definition, .. } = fetch else {
            panic!("a rule query, not {fetch:?}");
        };
        let answer = answer(core.fetched(Fetched::RuleSamples {
            instance: instance.to_owned(),
            rule: key.clone(),
            definition,
            at_ms,
            result: Ok(vec![sample.clone()]),
        }));
        let Answer::RuleEvaluated { outcome, .. } = answer else {
            panic!("a rule's alerts, not {answer:?}");
        };
        let alerts = outcome.expect("alerts");
        (alerts[0].state, alerts[0].active_at_ms)
    };
    assert_eq!(evaluate(&mut core, 0, "a"), (AlertState::Pending, 0));
    assert_eq!(evaluate(&mut core, 1_000, "a"), (AlertState::Firing, 0));
    // Another instance: its alert starts again as pending.
    assert_eq!(
        evaluate(&mut core, 2_000, "b"),
        (AlertState::Pending, 2_000)
    );
}
