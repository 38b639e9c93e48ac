//! Parser throughput compiled to wasm32 and run in headless Chromium: the same parsers and
//! inputs as the native benchmark. Each result is printed as a `WASMBENCH` line that
//! `cargo xtask bench parser` collects. The inputs are read from ../shared/testdata at
//! compile time (nothing is copied into the project).
#![cfg(target_arch = "wasm32")]

use promtext_bench::PARSERS;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const INPUTS: [(&str, &str); 3] = [
    (
        "large-metrics",
        include_str!("../../../shared/testdata/samples/prometheus-common-pr510/large-metrics.txt"),
    ),
    (
        "node-exporter",
        include_str!(
            "../../../shared/testdata/samples/node_exporter/collector/fixtures/e2e-output.txt"
        ),
    ),
    (
        "alltypes-237mfs",
        include_str!("../../../shared/testdata/prometheus-textparse/main/alltypes.237mfs.prom.txt"),
    ),
];

mod clock;
use clock::now_ms;

#[wasm_bindgen_test]
fn throughput_in_chromium() {
    for (input, text) in INPUTS {
        let expected = PARSERS[0].1(text);
        for (name, parse) in PARSERS {
            if name.starts_with("prometheus-parse") {
                // It stamps every scrape with `SystemTime::now()`, which panics (and aborts
                // the page) on wasm32-unknown-unknown: it cannot run in a browser at all.
                console_log!("WASMBENCH {input}\t{name}\tcannot run in a browser");
                continue;
            }
            let Some(_) = parse(text) else {
                console_log!("WASMBENCH {input}\t{name}\tfailed");
                continue;
            };
            // Repeat until at least 1.5 s have passed (and at least 5 runs); keep the median.
            let mut runs = Vec::new();
            let started = now_ms();
            while runs.len() < 5 || now_ms() - started < 1500.0 {
                let t0 = now_ms();
                let read = parse(text);
                runs.push(now_ms() - t0);
                assert!(read.is_some() && expected.is_some());
                if runs.len() >= 200 {
                    break;
                }
            }
            runs.sort_by(f64::total_cmp);
            let median = runs[runs.len() / 2];
            let mb_per_s = text.len() as f64 / 1e6 / (median / 1000.0);
            console_log!("WASMBENCH {input}\t{name}\t{mb_per_s:.1}");
        }
    }
}
