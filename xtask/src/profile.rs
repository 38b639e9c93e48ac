//! A CPU profile of the page while a benchmark runs, for finding where its main thread's
//! time goes: Chrome's sampling profiler through the DevTools protocol, summed by
//! function (self time). Set `FEDVIEW_PROFILE=FILE` and the benchmarks that support it
//! write the summary there. Function names show when the page's wasm keeps its names
//! (a build with `data-wasm-opt="0"` in `index.html`).

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::webdriver::Session;

/// Where the summary goes, if a profile was asked for.
pub(crate) fn wanted() -> Option<String> {
    std::env::var("FEDVIEW_PROFILE")
        .ok()
        .filter(|f| !f.is_empty())
}

/// Starts sampling every 100 µs.
pub(crate) fn start(session: &Session) -> Result<(), String> {
    session.cdp("Profiler.enable", json!({}))?;
    session.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))?;
    session.cdp("Profiler.start", json!({})).map(drop)
}

/// Stops sampling and writes the 60 functions with the most self time to `file`.
pub(crate) fn stop(session: &Session, file: &str) -> Result<(), String> {
    let profile = session.cdp("Profiler.stop", json!({}))?["profile"].clone();
    let summary = summary(&profile);
    std::fs::write(file, summary).map_err(|e| format!("{file}: {e}"))
}

/// Self time per function, in ms, largest first, as lines of text.
fn summary(profile: &Value) -> String {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let names: HashMap<u64, String> = nodes
        .iter()
        .filter_map(|n| {
            let frame = &n["callFrame"];
            let name = frame["functionName"].as_str().unwrap_or("");
            let url = frame["url"].as_str().unwrap_or("");
            let file = url.rsplit('/').next().unwrap_or(url);
            Some((n["id"].as_u64()?, format!("{name} ({file})")))
        })
        .collect();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut self_ms: HashMap<String, f64> = HashMap::new();
    // Each sample's time is the delta to the next one.
    for (i, sample) in samples.iter().enumerate() {
        let Some(id) = sample.as_u64() else { continue };
        let micros = deltas.get(i + 1).and_then(Value::as_f64).unwrap_or(0.0);
        let name = names.get(&id).cloned().unwrap_or_default();
        *self_ms.entry(name).or_default() += micros / 1000.0;
    }
    let total: f64 = self_ms
        .iter()
        .filter(|(name, _)| !name.starts_with("(idle)"))
        .map(|(_, ms)| ms)
        .sum();
    let mut rows: Vec<(String, f64)> = self_ms.into_iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = format!("busy (not idle): {total:.0} ms\n");
    for (name, ms) in rows.into_iter().take(60) {
        out.push_str(&format!("{ms:8.1} ms  {name}\n"));
    }
    out
}
