//! What keeping the overview board costs beside ingest: six federate answers of the relay's
//! demo with `series` series, 15 s apart, each ingested as the worker ingests it and then
//! added to the overview's summaries. Prints the milliseconds of each step per poll.
//! Native, so a lower bound for the worker's wasm.
//!
//! `cargo run --release --example overview_cost -- 100000`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let series: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let demo = fedview_demo::Demo::new(series);
    let mut store = fedview::model::series_store::SeriesStore::default();
    let mut board = fedview::analysis::overview::Overview::default();
    let start = 1_800_000_000_000_i64;
    let (mut ingest, mut summaries) = (Vec::new(), Vec::new());
    for poll in 0..6 {
        let at = start + poll * 15_000;
        let text = demo.federate_all(at);
        let t0 = std::time::Instant::now();
        if let Err(e) = store.ingest(text.as_bytes(), None, 0) {
            eprintln!("poll {poll}: {e}");
            std::process::exit(1);
        }
        let t1 = std::time::Instant::now();
        board.after_poll(&store, at);
        ingest.push((t1 - t0).as_secs_f64() * 1000.0);
        summaries.push(t1.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{series} series; ingest ms per poll {ingest:.1?}; overview ms per poll {summaries:.1?}"
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}
