//! What carrying a board's answers from the store's worker to the page costs, per encoding,
//! in headless Chromium: gloo-worker's bincode (what fedview sends), serde_json, and
//! serde-wasm-bindgen (JavaScript objects, no bytes). Each is timed on both sides, with the
//! structured clone `postMessage` makes between them: encoding (in the worker), the clone,
//! and decoding (on the page, the part that holds up the page's thread).
//!
//! The message is a board of 125 panels answered: each panel 3 lines of 780 points (a
//! half-width panel of a 1,600-pixel window, one point per pixel) with 40-character
//! labels, the shape of Node Exporter Full's time series panels. Printed as `WASMBENCH`
//! lines for `cargo xtask bench viewer`.
#![cfg(target_arch = "wasm32")]

use fedview::{
    analysis::chart_line::ChartLine,
    board::requests::PanelKey,
    worker::protocol::{Answer, QueryAnswer},
};
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod clock;
use clock::{median, now_ms};

const PANELS: usize = 125;
const LINES: usize = 3;
const POINTS: usize = 780;

/// The board's answers, as the worker sends them: one message per panel.
fn answers() -> Vec<Answer> {
    (0..PANELS)
        .map(|panel| {
            let lines = (0..LINES)
                .map(|line| ChartLine {
                    label: format!("{{instance=\"node-{panel:03}:9100\", mode=\"m{line}\"}}"),
                    points: (0..POINTS)
                        .map(|i| {
                            let t = 1_765_000_000_000 + i as i64 * 15_000;
                            (t, (i as f64 * 0.37 + panel as f64).sin() * 1e6 + 2e6)
                        })
                        .collect(),
                    color: line,
                    dashed: false,
                })
                .collect();
            let query = format!("rate(node_cpu_seconds_total{{instance=\"node-{panel}\"}}[1m])");
            Answer::PanelAnswered {
                key: PanelKey {
                    query: query.clone(),
                    legend: Some("{{mode}}".to_owned()),
                    start: 1_765_000_000_000,
                    end: 1_765_011_700_000,
                    step_s: 15,
                    shift_s: 0,
                    table: false,
                },
                outcome: Ok(QueryAnswer {
                    query,
                    step_s: 15,
                    series: LINES,
                    points: LINES * POINTS,
                    lines,
                    ..QueryAnswer::default()
                }),
            }
        })
        .collect()
}

/// `postMessage`'s copy of a message, as `structuredClone` makes it.
fn structured_clone(value: &JsValue) -> JsValue {
    let global = js_sys::global();
    let clone: js_sys::Function = js_sys::Reflect::get(&global, &"structuredClone".into())
        .expect("structuredClone")
        .dyn_into()
        .expect("a function");
    clone.call1(&global, value).expect("cloned")
}

/// One way to carry an answer: to a JavaScript value in the worker, and back on the page.
struct Codec {
    name: &'static str,
    encode: fn(&Answer) -> JsValue,
    decode: fn(JsValue) -> Answer,
}

const CODECS: [Codec; 3] = [
    Codec {
        name: "bincode (gloo-worker's, fedview's now)",
        encode: |a| js_sys::Uint8Array::from(&bincode::serialize(a).expect("bincode")[..]).into(),
        decode: |v| {
            bincode::deserialize(&v.unchecked_into::<js_sys::Uint8Array>().to_vec())
                .expect("bincode")
        },
    },
    Codec {
        name: "serde_json",
        encode: |a| JsValue::from_str(&serde_json::to_string(a).expect("json")),
        decode: |v| serde_json::from_str(&v.as_string().expect("a string")).expect("json"),
    },
    Codec {
        name: "serde-wasm-bindgen",
        encode: |a| serde_wasm_bindgen::to_value(a).expect("to a JS value"),
        decode: |v| serde_wasm_bindgen::from_value(v).expect("from a JS value"),
    },
];

#[wasm_bindgen_test]
fn a_boards_answers_each_way() {
    let answers = answers();
    for codec in CODECS {
        let (mut encode, mut clone, mut decode) = (Vec::new(), Vec::new(), Vec::new());
        let (mut bytes, mut exact) = (0, true);
        for _ in 0..7 {
            let t0 = now_ms();
            let sent: Vec<JsValue> = answers.iter().map(codec.encode).collect();
            let t1 = now_ms();
            let arrived: Vec<JsValue> = sent.iter().map(structured_clone).collect();
            let t2 = now_ms();
            let read: Vec<Answer> = arrived.into_iter().map(codec.decode).collect();
            let t3 = now_ms();
            // Compared without printing: a failed comparison's text would be megabytes.
            exact &= read == answers;
            encode.push(t1 - t0);
            clone.push(t2 - t1);
            decode.push(t3 - t2);
            bytes = sent
                .iter()
                .map(|v| {
                    v.dyn_ref::<js_sys::Uint8Array>()
                        .map(|b| b.length() as usize)
                        .or_else(|| v.as_string().map(|s| s.len()))
                        .unwrap_or(0)
                })
                .sum::<usize>();
        }
        let name = codec.name;
        console_log!(
            "WASMBENCH messages\t{name}\tencode, in the worker\t{:.1}",
            median(encode)
        );
        console_log!(
            "WASMBENCH messages\t{name}\tpostMessage's copy\t{:.1}",
            median(clone)
        );
        console_log!(
            "WASMBENCH messages\t{name}\tdecode, on the page\t{:.1}",
            median(decode)
        );
        console_log!("WASMBENCH bytes\t{name}\tbytes\t{bytes}");
        console_log!("WASMBENCH exact\t{name}\tthe same answers back\t{exact}");
    }
}
