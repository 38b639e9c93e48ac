//! The viewer's hot paths in headless Chromium, as the app runs them: ingesting one poll of
//! the 25,207-series sample into the series store, and drawing 100 series of 1,660 points
//! (decimated to the canvas width) with plotters on a canvas. Printed as `WASMBENCH` lines
//! for `cargo xtask bench viewer`.
#![cfg(target_arch = "wasm32")]

use fedview::{
    chart::{draw, ChartLine, ChartSpec, Theme},
    decimate::{columns_for, min_max},
    series_store::SeriesStore,
    units::Unit,
};
use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const LARGE: &[u8] =
    include_bytes!("../../../shared/testdata/samples/prometheus-common-pr510/large-metrics.txt");

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

#[wasm_bindgen_test]
fn ingest_one_poll() {
    let mut first = Vec::new();
    let mut steady = Vec::new();
    for round in 0..15 {
        let mut store = SeriesStore::new(720);
        let t0 = now_ms();
        let report = store.ingest(LARGE, None, 1_000).expect("the sample parses");
        first.push(now_ms() - t0);
        assert!(report.new_series > 25_000);
        let t0 = now_ms();
        store
            .ingest(LARGE, None, 31_000 + round)
            .expect("the sample parses");
        steady.push(now_ms() - t0);
    }
    console_log!(
        "WASMBENCH viewer\tingest, first poll (25,121 new series, 3.5 MB)\t{:.1}",
        median(first)
    );
    console_log!(
        "WASMBENCH viewer\tingest, later poll (one point per series)\t{:.1}",
        median(steady)
    );
}

#[wasm_bindgen_test]
fn draw_100_series_of_1660_points() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .expect("a canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas.set_width(1200);
    canvas.set_height(360);
    document
        .body()
        .expect("a body")
        .append_child(&canvas)
        .expect("attach");
    let lines: Vec<ChartLine> = (0..100)
        .map(|s| ChartLine {
            label: format!("series {s}"),
            points: (0..1660)
                .map(|i| {
                    (
                        i64::from(i) * 15_000,
                        f64::from(s) + (f64::from(i) / 40.0 + f64::from(s)).sin() * 3.0,
                    )
                })
                .collect(),
            color: s as usize,
        })
        .collect();
    let end = 1659 * 15_000;
    let mut frames = Vec::new();
    for _ in 0..20 {
        let t0 = now_ms();
        let decimated = lines
            .iter()
            .map(|l| ChartLine {
                points: min_max(&l.points, 0, end, columns_for(1200.0)),
                ..l.clone()
            })
            .collect();
        let spec = ChartSpec {
            unit: Unit::Seconds,
            rate: false,
            start: 0,
            end,
            utc_offset_minutes: 0,
            lines: decimated,
        };
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).expect("a backend");
        draw(&backend.into_drawing_area(), &spec, Theme::LIGHT).expect("draws");
        frames.push(now_ms() - t0);
    }
    console_log!(
        "WASMBENCH viewer\tdraw 100 series x 1,660 points (decimate + plot)\t{:.1}",
        median(frames)
    );
}
