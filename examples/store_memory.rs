//! How many bytes the store keeps per point and per series on the demo's data: `polls`
//! federate answers of the relay's demo with `series` series, 15 s apart, ingested as the
//! worker ingests them. Prints one tab-separated line for `cargo xtask bench large`:
//! series, points, point bytes, other bytes, ms per poll (median), ms for the first poll
//! (which creates every series), ms for the slowest poll after the first (a poll that
//! packs chunks). Native, so pointers are
//! 8 bytes where wasm32's are 4: the per-series figure is an upper bound for the browser.
//!
//! `cargo run --release --example store_memory -- 25000 720`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut args = std::env::args().skip(1);
    let series: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(25_000);
    let polls: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(720);
    let demo = fedview_demo::Demo::new(series);
    let mut store = fedview::model::series_store::SeriesStore::default();
    let start = 1_800_000_000_000_i64;
    let mut times = Vec::new();
    for poll in 0..polls {
        let text = demo.federate_all(start + poll * 15_000);
        let t0 = std::time::Instant::now();
        if let Err(e) = store.ingest(text.as_bytes(), None, 0) {
            eprintln!("poll {poll}: {e}");
            std::process::exit(1);
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let first = times.first().copied().unwrap_or_default();
    let slowest = times.iter().skip(1).copied().fold(0.0, f64::max);
    times.sort_by(f64::total_cmp);
    let points: usize = store.series().map(|s| s.points.len()).sum();
    let (point_bytes, other_bytes) = store.bytes();
    println!(
        "STORE\t{}\t{points}\t{point_bytes}\t{other_bytes}\t{:.1}\t{first:.1}\t{slowest:.1}",
        store.len(),
        times.get(times.len() / 2).copied().unwrap_or_default()
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}
