//! The worker's warm-up: a small made-up poll, parsed, stored and summarised once when the
//! worker starts, while the user is still filling in the connection form.
//!
//! The browser compiles a wasm function the first time it runs, with its quick baseline
//! compiler. A real first poll would otherwise pay for compiling the whole ingest path
//! (the parser, the store, the overview's summaries) on top of its own work.

use crate::{analysis::overview::Overview, model::series_store::SeriesStore};

/// Parses and stores two polls of a small exposition of every kind, into a store and a
/// board that are then dropped.
pub fn warm_up() {
    let mut store = SeriesStore::new(10);
    let mut board = Overview::new(10);
    for poll in 1..=2_i64 {
        let text = exposition(poll as f64);
        let at_ms = poll * 15_000;
        if store.ingest(text.as_bytes(), None, at_ms).is_ok() {
            board.after_poll(&store, at_ms);
        }
    }
}

/// A poll with a counter, a gauge, a histogram and a summary over a few label values,
/// labels out of order as some exporters write them.
fn exposition(poll: f64) -> String {
    let mut text =
        String::from("# HELP warm_requests_total Requests.\n# TYPE warm_requests_total counter\n");
    for region in 0..4 {
        text.push_str(&format!(
            "warm_requests_total{{region=\"r{region}\",code=\"200\"}} {} 1\n",
            poll * 10.0 + f64::from(region)
        ));
    }
    text.push_str("# TYPE warm_sessions gauge\n");
    for region in 0..4 {
        text.push_str(&format!(
            "warm_sessions{{region=\"r{region}\"}} {}\n",
            poll * 0.5
        ));
    }
    text.push_str("# TYPE warm_latency_seconds histogram\n");
    for (i, le) in ["0.1", "1", "+Inf"].iter().enumerate() {
        text.push_str(&format!(
            "warm_latency_seconds_bucket{{le=\"{le}\"}} {}\n",
            poll * (i as f64 + 1.0)
        ));
    }
    text.push_str(&format!(
        "warm_latency_seconds_sum {}\nwarm_latency_seconds_count {}\n",
        poll * 1.5,
        poll * 3.0
    ));
    text.push_str("# TYPE warm_rtt_seconds summary\n");
    for quantile in ["0.5", "0.99"] {
        text.push_str(&format!(
            "warm_rtt_seconds{{quantile=\"{quantile}\"}} {}\n",
            poll * 0.01
        ));
    }
    text.push_str(&format!(
        "warm_rtt_seconds_sum {}\nwarm_rtt_seconds_count {}\n",
        poll,
        poll * 100.0
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_made_up_poll_parses_into_every_kind() {
        let mut store = SeriesStore::new(10);
        let report = store
            .ingest(exposition(1.0).as_bytes(), None, 15_000)
            .expect("the warm-up poll parses");
        assert_eq!(report.new_series, 4 + 4 + 5 + 4);
        assert_eq!(store.families().len(), 4);
        warm_up();
    }
}
