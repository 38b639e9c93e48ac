//! The page's clock and the median, shared by the benchmarks that run in the browser.

/// `performance.now()`, in ms.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The median of `runs`.
#[allow(dead_code)] // not every benchmark takes medians
pub fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}
