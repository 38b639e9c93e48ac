//! The store's tests: families, rings, chunks, hashes, and series forgotten.

use super::*;

const POLL: &str = "# TYPE up untyped\nup{job=\"a\"} 1 1000\nup{job=\"b\"} 0 1000\n\
    # TYPE rpc_seconds_bucket untyped\nrpc_seconds_bucket{le=\"1\"} 3 1000\nrpc_seconds_bucket{le=\"+Inf\"} 4 1000\n\
    # TYPE rpc_seconds_count untyped\nrpc_seconds_count 4 1000\n\
    # TYPE requests_total untyped\nrequests_total{code=\"200\"} 10\n";

#[test]
fn groups_series_into_families_by_name_rules() {
    let mut store = SeriesStore::new(10);
    let report = store.ingest(POLL.as_bytes(), None, 5_000).expect("parses");
    assert_eq!(
        report,
        IngestReport {
            samples: 6,
            new_series: 6,
            micros: 0,
            overview_micros: 0,
        }
    );
    let names: Vec<(&str, MetricKind, usize)> = store
        .families()
        .iter()
        .map(|f| (f.name.as_str(), f.kind, f.series.len()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("requests_total", MetricKind::Counter, 1),
            ("rpc_seconds", MetricKind::Histogram, 3),
            ("up", MetricKind::Unknown, 2),
        ]
    );
    // A sample without a timestamp takes the poll's time.
    let requests = store
        .family("requests_total")
        .and_then(|f| f.series.first().copied());
    assert_eq!(
        requests.and_then(|i| store.get(i)).and_then(Series::latest),
        Some((5_000, 10.0))
    );
}

#[test]
fn each_poll_appends_one_point_and_the_oldest_go() {
    let mut store = SeriesStore::new(3);
    for poll in 0..5 {
        let text = format!("a{{x=\"1\"}} {poll} {}\n", poll * 1000);
        store.ingest(text.as_bytes(), None, 0).expect("parses");
    }
    let series = store.series().next().expect("one series");
    assert_eq!(
        series.points.iter().collect::<Vec<_>>(),
        vec![(2000, 2.0), (3000, 3.0), (4000, 4.0)]
    );
    assert_eq!(store.polls(), 5);
}

#[test]
fn a_repeated_timestamp_replaces_instead_of_duplicating() {
    let mut store = SeriesStore::new(10);
    store.ingest(b"a 1 1000\n", None, 0).expect("parses");
    store.ingest(b"a 1 1000\n", None, 0).expect("parses");
    assert_eq!(store.series().next().map(|s| s.points.len()), Some(1));
}

#[test]
fn a_broken_answer_loses_nothing() {
    let mut store = SeriesStore::new(10);
    store.ingest(b"a 1 1000\n", None, 0).expect("parses");
    let error = store
        .ingest(b"a 2 2000\nb{ 3\n", None, 0)
        .expect_err("broken");
    assert_eq!(error.line, 2);
    assert_eq!(store.series().next().map(|s| s.points.len()), Some(1));
}

#[test]
fn label_order_does_not_split_a_series() {
    let mut store = SeriesStore::new(10);
    store
        .ingest(b"a{x=\"1\",y=\"2\"} 1 1000\n", None, 0)
        .expect("parses");
    store
        .ingest(b"a{y=\"2\",x=\"1\"} 2 2000\n", None, 0)
        .expect("parses");
    assert_eq!(store.len(), 1);
}

#[test]
fn metadata_overrides_name_rules() {
    let mut store = SeriesStore::new(10);
    store
        .ingest(b"queue_depth 3 1000\nerrors_count 2 1000\n", None, 0)
        .expect("parses");
    // `_count` without a histogram or summary to join stands alone.
    assert!(store.family("errors_count").is_some());
    store.apply_metadata("queue_depth", MetricKind::Gauge, "Jobs waiting.", "");
    let family = store.family("queue_depth").expect("family");
    assert_eq!(
        (family.kind, family.help.as_deref()),
        (MetricKind::Gauge, Some("Jobs waiting."))
    );
}

#[test]
fn an_answer_for_replaced_data_adds_nothing() {
    let mut store = SeriesStore::new(10);
    let live = store.generation();
    store.ingest(b"live 1 1000\n", None, 0).expect("parses");
    // The user opens a dump while a poll is in flight.
    let mut dump = SeriesStore::new(10);
    dump.ingest(b"dumped 7 1000\n", None, 0).expect("parses");
    let opened = store.replace(dump);
    assert_ne!(opened, live, "a new source, a new generation");
    assert!(store.ingest_for(live, b"live 2 2000\n", None, 0).is_none());
    let names: Vec<&str> = store.series().map(|s| &*s.name).collect();
    assert_eq!(names, vec!["dumped"], "the dump holds only the dump");
    let added = store
        .ingest_for(opened, b"dumped 8 2000\n", None, 0)
        .map(|r| r.map(|report| report.samples));
    assert_eq!(added, Some(Ok(1)), "an answer for the current data is kept");
}

#[test]
fn the_ring_drops_whole_chunks() {
    let mut points = SeriesPoints::new(720);
    for i in 0..720 {
        points.push(i * 30_000, i as f64);
    }
    assert_eq!(points.len(), 720);
    assert_eq!(points.iter().next(), Some((0, 0.0)));
    // One more fills a sixth chunk: the oldest 120 points go at once.
    points.push(720 * 30_000, 720.0);
    assert_eq!(points.len(), 601);
    assert_eq!(points.iter().next(), Some((120 * 30_000, 120.0)));
    assert_eq!(points.back(), Some((720 * 30_000, 720.0)));
    let times: Vec<i64> = points.iter().map(|(t, _)| t).collect();
    assert!(
        times.windows(2).all(|w| w[1] - w[0] == 30_000),
        "in order, none lost"
    );
}

#[test]
fn series_that_start_together_pack_their_chunks_on_different_polls() {
    let mut store = SeriesStore::new(720);
    let mut most = 0;
    for poll in 0..800_i64 {
        let text: String = (0..240)
            .map(|i| {
                format!(
                    "requests_total{{pod=\"p{i}\"}} {} {}\n",
                    poll * i,
                    poll * 15_000
                )
            })
            .collect();
        let before: Vec<usize> = store.series().map(|s| s.points.open.len()).collect();
        store
            .ingest(text.as_bytes(), None, 0)
            .expect("a valid answer");
        let packed = store
            .series()
            .zip(&before)
            .filter(|(s, &n)| s.points.open.len() < n)
            .count();
        most = most.max(packed);
    }
    // 240 series, 120 points a chunk: two chunks a poll, not 240 every 120th poll.
    assert!(most <= 2, "{most} chunks packed in one poll");
    let points: Vec<Point> = store.get(7).expect("series 7").points.iter().collect();
    assert!(
        (601..=720).contains(&points.len()),
        "{} points kept",
        points.len()
    );
    assert!(
        points.windows(2).all(|w| w[1].0 - w[0].0 == 15_000),
        "none lost"
    );
}

#[test]
fn the_point_before_the_latest_is_known_on_both_sides_of_a_chunk_boundary() {
    let mut points = SeriesPoints::new(60);
    assert_eq!(points.previous(), None);
    for i in 0..200_i64 {
        points.push(i * 1000, i as f64 * 0.5);
        let expected = (i > 0).then(|| ((i - 1) * 1000, (i - 1) as f64 * 0.5));
        assert_eq!(points.previous(), expected, "after point {i}");
        assert!(points.len() <= 60, "{} points kept", points.len());
        let all: Vec<Point> = points.iter().collect();
        assert_eq!(all.last(), Some(&(i * 1000, i as f64 * 0.5)));
        assert!(all.windows(2).all(|w| w[1].0 - w[0].0 == 1000), "none lost");
    }
}

#[test]
fn a_repeated_timestamp_replaces_the_latest_point_only() {
    let mut points = SeriesPoints::new(10);
    points.push(1000, 1.0);
    points.push(2000, 2.0);
    points.push(2000, 2.5);
    assert_eq!(
        points.iter().collect::<Vec<_>>(),
        vec![(1000, 1.0), (2000, 2.5)]
    );
}

#[test]
fn compressed_points_cost_a_fraction_of_sixteen_bytes() {
    let per_point = |points: &SeriesPoints| points.bytes() as f64 / points.len() as f64;
    // A busy counter: a new value every poll, and federate's timestamps a few ms off
    // the 30 s grid.
    let mut counter = SeriesPoints::new(DEFAULT_POINTS_PER_SERIES);
    let mut value = 1.0e6;
    for i in 0..DEFAULT_POINTS_PER_SERIES as i64 {
        value += (i % 7) as f64 * 3.0;
        counter.push(1_700_000_000_000 + i * 30_000 + i % 5, value);
    }
    assert!(
        per_point(&counter) < 4.0,
        "{:.2} bytes a point",
        per_point(&counter)
    );
    // A gauge that rarely moves, scraped on the grid: two bits a point, plus the
    // chunks' own bookkeeping (about 0.8 bytes a point at 720 points).
    let mut gauge = SeriesPoints::new(DEFAULT_POINTS_PER_SERIES);
    for i in 0..DEFAULT_POINTS_PER_SERIES as i64 {
        gauge.push(
            1_700_000_000_000 + i * 30_000,
            if i % 100 < 50 { 1.0 } else { 0.0 },
        );
    }
    assert!(
        per_point(&gauge) < 1.6,
        "{:.2} bytes a point",
        per_point(&gauge)
    );
}

/// A poll every 5 s of a steady series and one session that lives three polls.
fn session_poll(poll: i64) -> String {
    let session = poll / 3;
    format!(
        "up{{job=\"core\"}} 1\nsession_bytes_total{{imsi=\"2420{session:010}\",node=\"n{}\"}} {poll}\n",
        session % 7
    )
}

#[test]
fn series_that_left_are_forgotten_after_the_window_and_so_are_their_names() {
    // A minute of retention at 5 s polls: 12 polls of history.
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(60_000, 5_000);
    let mut largest = (0, 0);
    for poll in 0..600 {
        store
            .ingest(session_poll(poll).as_bytes(), None, 5_000 * (poll + 1))
            .expect("parses");
        largest = (
            largest.0.max(store.len()),
            largest.1.max(store.symbols.strings()),
        );
    }
    // The steady series, and the sessions of the last minute (14 polls: 6 sessions).
    assert!(largest.0 <= 7, "{} series at most", largest.0);
    assert!(largest.1 <= 30, "{} interned strings at most", largest.1);
    // Two hundred sessions came and went: their slots were taken again.
    assert!(store.series.len() <= 8, "{} slots", store.series.len());
    // What is left still works: the steady series has a window of points, the latest
    // session is found again by its labels, and families list only series that are there.
    let up = store.family("up").and_then(|f| f.series.first().copied());
    let points = up.and_then(|i| store.get(i)).map(|s| s.points.len());
    assert!(points.is_some_and(|n| (12..=13).contains(&n)), "{points:?}");
    let sessions = store.family("session_bytes_total").expect("the family");
    assert!(sessions.series.iter().all(|&i| store.get(i).is_some()));
    assert_eq!(store.live_in(sessions), 1, "one session is live");
    let again = "session_bytes_total{imsi=\"24200000000199\",node=\"n3\"} 600\n";
    let report = store
        .ingest(again.as_bytes(), None, 5_000 * 601)
        .expect("parses");
    assert_eq!(report.new_series, 0, "found again by its labels");
}

#[test]
fn a_series_is_kept_for_the_whole_window_and_then_forgotten() {
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(60_000, 5_000);
    store
        .ingest(b"gone 1\nup 1\n", None, 5_000)
        .expect("parses");
    let mut last_held = 0;
    for poll in 2..40 {
        store.ingest(b"up 1\n", None, 5_000 * poll).expect("parses");
        if store.family("gone").is_some() {
            last_held = poll;
        }
    }
    // Its last sample at 5 s: the poll at 65 s, 60 s on, still holds it; 70 s does not.
    assert_eq!(last_held, 13, "kept 60 s after its last sample, no longer");
    assert_eq!(store.len(), 1);
    assert_eq!(store.families().len(), 1, "its family went with it");
}

#[test]
fn the_poll_before_the_latest_is_kept_whatever_the_window() {
    // A window shorter than a poll: what left since the poll before is still there for
    // "what changed".
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(1_000, 5_000);
    store.ingest(b"a 1\nb 1\n", None, 5_000).expect("parses");
    store.ingest(b"a 2\n", None, 10_000).expect("parses");
    assert!(store.family("b").is_some(), "b left on the latest poll");
    store.ingest(b"a 3\n", None, 15_000).expect("parses");
    assert!(store.family("b").is_none(), "and is gone a poll later");
}

#[test]
fn a_large_store_is_swept_a_slice_at_a_time() {
    // 64k series leave at once; each poll forgets a sixteenth of the slots' worth.
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(10_000, 5_000);
    let many: String = (0..65_536)
        .map(|i| format!("churn{{pod=\"p{i}\"}} 1\n"))
        .collect();
    store.ingest(many.as_bytes(), None, 5_000).expect("parses");
    let mut held = Vec::new();
    for poll in 2..30 {
        store.ingest(b"up 1\n", None, 5_000 * poll).expect("parses");
        held.push(store.len());
    }
    let drops: Vec<usize> = held.windows(2).map(|w| w[0] - w[1]).collect();
    assert!(
        drops.iter().all(|&d| d <= 65_537 / SWEEP_PARTS + 1),
        "no poll forgets more than its slice: {drops:?}"
    );
    assert_eq!(held.last(), Some(&1), "all gone within {SWEEP_PARTS} polls");
    // New series take the freed slots.
    let again: String = (0..1000)
        .map(|i| format!("next{{pod=\"q{i}\"}} 1\n"))
        .collect();
    store
        .ingest(again.as_bytes(), None, 5_000 * 31)
        .expect("parses");
    assert_eq!(store.series.len(), 65_537, "no slot added");
    assert_eq!(store.len(), 1_001);
}

#[test]
fn retention_sets_how_many_points_a_series_keeps() {
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(60_000, 5_000);
    for poll in 1..=100 {
        store.ingest(b"up 1\n", None, 5_000 * poll).expect("parses");
    }
    let held = store.series().next().map(|s| s.points.len());
    assert!(
        held.is_some_and(|n| (11..=13).contains(&n)),
        "{held:?} points"
    );
    // Longer retention lets the ring grow again.
    store.set_retention(600_000, 5_000);
    for poll in 101..=200 {
        store.ingest(b"up 1\n", None, 5_000 * poll).expect("parses");
    }
    let held = store.series().next().map(|s| s.points.len());
    assert!(held.is_some_and(|n| n > 100), "{held:?} points");
}

#[test]
fn a_hash_shared_by_two_series_keeps_them_apart() {
    let mut store = SeriesStore::new(10);
    store.ingest(b"a 1\n", None, 1_000).expect("parses");
    // As if `b` hashed like `a`: its hash already names `a`'s series.
    store.index.insert(hash_of("b"), 0);
    let report = store.ingest(b"b 2\n", None, 2_000).expect("parses");
    assert_eq!((report.new_series, store.len()), (1, 2));
    let report = store.ingest(b"b 3\na 4\n", None, 3_000).expect("parses");
    assert_eq!(report.new_series, 0, "both found again");
    let points = |name: &str| {
        store
            .series()
            .find(|s| &*s.name == name)
            .map(|s| s.points.iter().map(|p| p.1).collect::<Vec<_>>())
    };
    assert_eq!(points("a"), Some(vec![1.0, 4.0]));
    assert_eq!(points("b"), Some(vec![2.0, 3.0]));
}

#[test]
fn near_its_memory_ceiling_the_store_lowers_its_history_and_shrinks() {
    let mut store = SeriesStore::new(DEFAULT_POINTS_PER_SERIES);
    store.set_retention(6 * 3_600_000, 5_000);
    let poll = |i: i64| -> String {
        (0..2_000)
            .map(|s| format!("g{{s=\"{s}\"}} {}\n", (i * 7 + s) % 1_000))
            .collect()
    };
    for i in 1..=300 {
        store
            .ingest(poll(i).as_bytes(), None, 5_000 * i)
            .expect("parses");
    }
    let (points, other) = store.bytes();
    let full = points + other;
    // Under the ceiling: nothing changes.
    assert_eq!(store.keep_under(full * 2, 5_000), None);
    // Over nine tenths of it: the history is halved, and the store shrinks as polls come.
    assert_eq!(store.keep_under(full, 5_000), Some(3 * 3_600_000));
    assert_eq!(store.retention_ms(), 3 * 3_600_000);
    let mut lowered = store.retention_ms();
    while let Some(next) = store.keep_under(full / 4, 5_000) {
        lowered = next;
    }
    assert_eq!(lowered, SHORTEST_RETENTION_MS, "never below ten minutes");
    for i in 301..=330 {
        store
            .ingest(poll(i).as_bytes(), None, 5_000 * i)
            .expect("parses");
    }
    // Ten minutes at 5 s is 121 points a series, where 300 were held.
    let (after, _) = store.bytes();
    assert!(
        after * 3 < points * 2,
        "{after} bytes of points after lowering, {points} before"
    );
    assert!(store.series().all(|s| s.points.len() <= 121));
}
