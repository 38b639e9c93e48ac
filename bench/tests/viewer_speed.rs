//! The viewer's hot paths in headless Chromium, as the app runs them: ingesting one poll of
//! the 25,207-line sample into the series store; drawing 100 series of 1,660 points
//! (decimated to the canvas width) with plotters on a canvas; loading 24 h of history at one
//! point per pixel for 100 series (reading Prometheus's JSON, joining it to the polled
//! points, drawing); and counting the sample's cardinality. Printed as `WASMBENCH` lines for
//! `cargo xtask bench viewer`.
#![cfg(target_arch = "wasm32")]

use fedview::{
    analysis::cardinality::Cardinality,
    analysis::chart_data::{lines, HistoryIndex, LineRequest},
    analysis::decimate::{columns_for, min_max},
    analysis::chart_line::ChartLine,
    draw::chart::{draw, Bounds, ChartSpec, Theme},
    model::series_store::SeriesStore,
    model::units::Unit,
    net::range_query::{parse_matrix, step_seconds},
};
use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod clock;
use clock::{median, now_ms};

const LARGE: &[u8] =
    include_bytes!("../../../shared/testdata/samples/prometheus-common-pr510/large-metrics.txt");

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

/// A canvas `width` pixels wide, attached to the page.
fn canvas(width: u32) -> web_sys::HtmlCanvasElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .expect("a canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas.set_width(width);
    canvas.set_height(360);
    document
        .body()
        .expect("a body")
        .append_child(&canvas)
        .expect("attach");
    canvas
}

#[wasm_bindgen_test]
fn cardinality_of_the_large_sample() {
    let mut store = SeriesStore::new(720);
    store.ingest(LARGE, None, 1_000).expect("the sample parses");
    let mut runs = Vec::new();
    let mut series = 0;
    for _ in 0..15 {
        let t0 = now_ms();
        let counts = Cardinality::of(store.current());
        runs.push(now_ms() - t0);
        series = counts.series;
    }
    assert!(series > 25_000);
    console_log!(
        "WASMBENCH beyond\tcardinality of the 25,207-line sample ({series} series)\t{:.1}",
        median(runs)
    );
}

#[wasm_bindgen_test]
fn history_of_24_hours_for_100_series() {
    const WIDTH: u32 = 1034; // a 960-pixel plot: 74 px of value labels and a 10 px margin
    let canvas = canvas(WIDTH);
    let end: i64 = 1_700_000_000_000;
    let start = end - 86_400_000;
    let step = step_seconds(end - start, 960);
    // The answer Prometheus gives for rate(sip_responses_total[105s]): 100 series, one
    // point per step, values as strings. Built outside the timing.
    let labels = |s: u32| {
        serde_json::json!({"code": format!("{}", 200 + s % 10), "region": format!("r{}", s / 10),
            "instance": "core-1:9100", "job": "sip"})
    };
    let result: Vec<serde_json::Value> = (0..100u32)
        .map(|s| {
            let values: Vec<serde_json::Value> = (0..=(end - start) / 1000 / step)
                .map(|i| {
                    let t = (start / 1000 + i * step) as f64;
                    serde_json::json!([t, format!("{}", f64::from(s) + (i as f64 / 40.0).sin())])
                })
                .collect();
            serde_json::json!({"metric": labels(s), "values": values})
        })
        .collect();
    let body = serde_json::json!({"status": "success",
        "data": {"resultType": "matrix", "result": result}})
    .to_string();
    // One poll of the same 100 counters, as the store holds them when history arrives.
    let poll: String = (0..100u32)
        .map(|s| {
            let l = labels(s);
            format!(
                "sip_responses_total{{code=\"{}\",instance=\"core-1:9100\",job=\"sip\",region=\"{}\"}} {s} {end}\n",
                l["code"].as_str().unwrap_or_default(),
                l["region"].as_str().unwrap_or_default()
            )
        })
        .collect();
    let mut store = SeriesStore::new(720);
    store
        .ingest(poll.as_bytes(), None, end)
        .expect("the poll parses");
    let family = store
        .family("sip_responses_total")
        .expect("the family")
        .clone();
    let mut reads = Vec::new();
    let mut totals = Vec::new();
    let mut points = 0;
    for _ in 0..11 {
        let t0 = now_ms();
        let series = parse_matrix(200, body.as_bytes()).expect("the answer reads");
        let t1 = now_ms();
        let index = HistoryIndex::new(&series);
        let request = LineRequest {
            show_all: true,
            ..LineRequest::default()
        };
        let shown = lines(&store, &family, &request, &index).lines;
        points = shown.iter().map(|l| l.points.len()).sum::<usize>();
        let decimated = shown
            .into_iter()
            .map(|l| ChartLine {
                points: min_max(&l.points, start, end, columns_for(f64::from(WIDTH))),
                ..l
            })
            .collect();
        let spec = ChartSpec {
            unit: Unit::None,
            rate: true,
            start,
            end,
            utc_offset_minutes: 0,
            lines: decimated,
            styles: Vec::new(),
            grafana_unit: None,
            bounds: Bounds::default(),
        };
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).expect("a backend");
        draw(&backend.into_drawing_area(), &spec, Theme::LIGHT).expect("draws");
        reads.push(t1 - t0);
        totals.push(now_ms() - t0);
    }
    assert!(points >= 96_000, "{points} points");
    console_log!(
        "WASMBENCH beyond\thistory 24 h, 100 series x {} points ({:.1} MB JSON): read the answer\t{:.1}",
        points / 100,
        body.len() as f64 / 1e6,
        median(reads)
    );
    console_log!(
        "WASMBENCH beyond\thistory 24 h, 100 series: read + join to polls + draw\t{:.1}",
        median(totals)
    );
}

#[wasm_bindgen_test]
fn draw_100_series_of_1660_points() {
    let canvas = canvas(1200);
    let lines: Vec<ChartLine> = (0..100u32)
        .map(|s| ChartLine {
            label: format!("series {s}"),
            points: (0..1660u32)
                .map(|i| {
                    (
                        i64::from(i) * 15_000,
                        f64::from(s) + (f64::from(i) / 40.0 + f64::from(s)).sin() * 3.0,
                    )
                })
                .collect(),
            color: s as usize,
            dashed: false,
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
            styles: Vec::new(),
            grafana_unit: None,
            bounds: Bounds::default(),
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
