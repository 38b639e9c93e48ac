//! What a click on the biggest family costs the worker: two federate answers of the relay's
//! demo with `series` series, 15 s apart, ingested as the worker ingests them; then the
//! view the page asks for when the family with the most series is clicked, worked out
//! from scratch (no cache) five times. Prints the family and the milliseconds of each.
//! Native, so a lower bound for the worker's wasm.
//!
//! `cargo run --release --example click_cost -- 100000`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use fedview::{
        analysis::overview::Overview,
        model::series_store::SeriesStore,
        worker::{
            protocol::ViewRequest,
            views::{show, ViewCache},
        },
    };

    let series: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let demo = fedview_demo::Demo::new(series);
    let mut store = SeriesStore::default();
    let start = 1_800_000_000_000_i64;
    for poll in 0..2 {
        let text = demo.federate_all(start + poll * 15_000);
        if let Err(e) = store.ingest(text.as_bytes(), None, 0) {
            eprintln!("poll {poll}: {e}");
            std::process::exit(1);
        }
    }
    let Some(biggest) = store.families().iter().max_by_key(|f| f.series.len()) else {
        eprintln!("the demo has no families");
        std::process::exit(1);
    };
    let request = ViewRequest {
        selected: Some(biggest.name.clone()),
        plot_pixels: 1100,
        ..ViewRequest::default()
    };
    let board = Overview::default();
    let times: Vec<f64> = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            let view = show(&store, &board, 1, &[], &request, &mut ViewCache::default());
            std::hint::black_box(view);
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!(
        "{} ({} series of {}): view ms {times:.1?}",
        biggest.name,
        biggest.series.len(),
        store.len()
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}
