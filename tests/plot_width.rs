//! A chart's canvas reports its own plotting width (`use_plot_width`), in headless
//! Chromium: once when it appears, and again when the page resizes it, so the page asks
//! for as many points as the chart can draw without any view looking the canvas up by id.
#![cfg(target_arch = "wasm32")]

use std::{cell::RefCell, rc::Rc};

use fedview::{analysis::decimate::plot_pixels, components::plot::use_plot_width};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;
use yew::prelude::*;

mod browser;

use browser::mount;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct ChartProps {
    /// Every width reported, in order.
    reported: Rc<RefCell<Vec<u32>>>,
}

#[component]
fn Chart(props: &ChartProps) -> Html {
    let canvas = use_node_ref();
    let reported = props.reported.clone();
    use_plot_width(
        &canvas,
        Some(Callback::from(move |pixels| {
            reported.borrow_mut().push(pixels)
        })),
    );
    html! { <canvas id="plot-width-chart" ref={canvas} width="600" height="100" /> }
}

/// Waits (up to two seconds) until `reported` ends with `want`.
async fn reported_last(reported: &Rc<RefCell<Vec<u32>>>, want: u32) {
    for _ in 0..200 {
        if reported.borrow().last() == Some(&want) {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("wanted {want} last, reported {:?}", reported.borrow());
}

#[wasm_bindgen_test]
async fn a_canvas_reports_its_width_when_it_appears_and_when_it_is_resized() {
    let root = mount();
    let reported = Rc::new(RefCell::new(Vec::new()));
    yew::Renderer::<Chart>::with_root_and_props(
        root,
        ChartProps {
            reported: reported.clone(),
        },
    )
    .render();

    reported_last(&reported, plot_pixels(600)).await;
    assert_eq!(*reported.borrow(), vec![494], "once, when it appears");

    let canvas: HtmlElement = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("plot-width-chart"))
        .expect("the canvas")
        .dyn_into()
        .expect("an element");
    canvas
        .style()
        .set_property("width", "800px")
        .expect("a width");
    reported_last(&reported, plot_pixels(800)).await;
    assert_eq!(*reported.borrow(), vec![494, 694], "again, once resized");
}
