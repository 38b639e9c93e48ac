//! The worker's warm-ups: three made-up polls of about 1,400 series, parsed, stored and
//! summarised, and the views the page asks for next (the overview, a click on a family of
//! each kind) worked out from them; all then dropped.
//!
//! The browser compiles a wasm function the first time it runs, with its quick baseline
//! compiler, and recompiles it with its optimising one only once it has run a while. A
//! real first poll would otherwise run the whole ingest path (the parser, the store, the
//! overview's summaries) as baseline code. A warm-up of a few series did not help; one of a
//! thousand took the first 25,000-series poll from 74–79 ms to 50–61 ms (see
//! `BENCHMARKS.md`).
//!
//! - [`warm_up`], the whole of it, runs a second after the worker starts, while the user
//!   is still filling in the connection form, and not at all when a poll or a dump came
//!   first: then it would only compete for the cores with the work it prepares for (run
//!   at start, it made opening a dump right after the page loaded block the page for
//!   57–82 ms).
//! - [`warm_ingest`], the polls alone, runs while a first poll that came before it is on
//!   its way: the network's wait hides it, and the answer then finds the parser and the
//!   store optimised.

use crate::{
    analysis::overview::Overview,
    model::series_store::SeriesStore,
    worker::{
        protocol::ViewRequest,
        views::{show, ViewCache},
    },
};

/// A poll's path alone: [`WARM_POLLS`] made-up polls parsed, stored and summarised, then
/// dropped.
pub fn warm_ingest() {
    std::hint::black_box(polled());
}

/// The whole warm-up: the polls of [`warm_ingest`], the overview's summaries after each,
/// then the views the page asks for next (the overview after the first poll, then a click
/// on a family of each kind), all worked out and dropped.
pub fn warm_up() {
    let (store, board) = polled();
    let mut cache = ViewCache::default();
    let overview = ViewRequest {
        overview: true,
        panel_pixels: 300,
        ..ViewRequest::default()
    };
    std::hint::black_box(show(&store, &board, 1, &[], &overview, &mut cache));
    for family in [
        "warm_latency_seconds",
        "warm_requests_total",
        "warm_rtt_seconds",
    ] {
        let click = ViewRequest {
            selected: Some(family.to_owned()),
            plot_pixels: 1000,
            ..ViewRequest::default()
        };
        std::hint::black_box(show(
            &store,
            &board,
            1,
            &[],
            &click,
            &mut ViewCache::default(),
        ));
    }
}

/// A store and an overview board after [`WARM_POLLS`] made-up polls.
fn polled() -> (SeriesStore, Overview) {
    let mut store = SeriesStore::new(10);
    let mut board = Overview::new(10);
    for poll in 1..=WARM_POLLS {
        let text = exposition(poll as f64);
        let at_ms = poll * 15_000;
        if store.ingest(text.as_bytes(), None, at_ms).is_ok() {
            board.after_poll(&store, at_ms);
        }
    }
    (store, board)
}

/// Polls in the warm-up.
const WARM_POLLS: i64 = 3;
/// Series of the counter and of the gauge in each warm-up poll.
const REGIONS: u32 = 500;

/// A poll with a counter, a gauge, a histogram and a summary over a few label values,
/// labels out of order as some exporters write them.
fn exposition(poll: f64) -> String {
    let mut text =
        String::from("# HELP warm_requests_total Requests.\n# TYPE warm_requests_total counter\n");
    for region in 0..REGIONS {
        text.push_str(&format!(
            "warm_requests_total{{region=\"r{region}\",code=\"200\"}} {} 1\n",
            poll * 10.0 + f64::from(region)
        ));
    }
    text.push_str("# TYPE warm_sessions gauge\n");
    for region in 0..REGIONS {
        text.push_str(&format!(
            "warm_sessions{{region=\"r{region}\"}} {}\n",
            poll * 0.5
        ));
    }
    text.push_str("# TYPE warm_latency_seconds histogram\n");
    for region in 0..REGIONS / 4 {
        for (i, le) in ["0.1", "1", "+Inf"].iter().enumerate() {
            text.push_str(&format!(
                "warm_latency_seconds_bucket{{region=\"r{region}\",le=\"{le}\"}} {}\n",
                poll * (i as f64 + 1.0)
            ));
        }
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
        assert_eq!(
            report.new_series,
            2 * REGIONS as usize + 3 * (REGIONS as usize / 4) + 2 + 4
        );
        assert_eq!(store.families().len(), 4);
        let (store, board) = polled();
        assert_eq!(store.polls(), WARM_POLLS as usize);
        assert_eq!(
            board.times().len(),
            WARM_POLLS as usize,
            "a summary per poll"
        );
        warm_ingest();
        warm_up();
    }
}
