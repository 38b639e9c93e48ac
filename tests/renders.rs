//! Render counts, in headless Chromium: with the demo dashboard open, typing in the metric
//! search renders no board panel again (each panel takes its data as props and skips a
//! render when they are unchanged), while a change a panel does show (the theme) renders
//! them all. `fedview::components::board_panel::renders()` counts panel renders. The
//! dashboard opens from a link: the app reads imported files in a worker, which a component
//! test has not got.
#![cfg(target_arch = "wasm32")]

use fedview::{
    app::{state::Tab, view_url::ViewUrl},
    components::board_panel::renders,
};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod browser;

use browser::{find, mount};

wasm_bindgen_test_configure!(run_in_browser);

/// Clicks `selector` inside `root`.
async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .await
        .dyn_into::<HtmlElement>()
        .expect("an element")
        .click();
}

/// Types `text` into the input `selector`, one character (and one input event) at a time.
async fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).await.dyn_into().expect("an input");
    for c in text.chars() {
        input.set_value(&format!("{}{c}", input.value()));
        let event = web_sys::InputEvent::new("input").expect("an input event");
        input.dispatch_event(&event).expect("dispatch");
        TimeoutFuture::new(0).await;
    }
}

/// Waits until the render count has stood still for 300 ms, and returns it.
async fn settled() -> u64 {
    let mut last = renders();
    let mut still = 0;
    while still < 30 {
        TimeoutFuture::new(10).await;
        let now = renders();
        still = if now == last { still + 1 } else { 0 };
        last = now;
    }
    last
}

#[wasm_bindgen_test]
async fn typing_in_the_metric_search_renders_no_board_panel() {
    // The demo's dashboard, read as the worker reads it, opened from a link to it.
    let board = fedview::promql::worker::read(fedview::components::board_import::DEMO_DASHBOARD)
        .expect("the demo dashboard reads");
    let link = ViewUrl {
        tab: Tab::Boards,
        board: Some(board),
        ..ViewUrl::default()
    };
    web_sys::window()
        .expect("a window")
        .location()
        .set_hash(&link.to_fragment())
        .expect("set the link");
    let root = mount();
    yew::Renderer::<fedview::App>::with_root(root.clone()).render();
    type_into(&root, "#identifier", "demo").await;
    find(&root, ".board-panel").await;
    let panels = root
        .query_selector_all(".board-panel")
        .expect("panels")
        .length();
    assert!(panels >= 4, "the demo dashboard shows its panels: {panels}");
    let before = settled().await;
    assert!(
        before >= u64::from(panels),
        "each panel rendered at least once"
    );

    type_into(&root, "#metric-search", "node_netwo").await;
    let after = settled().await;
    assert_eq!(
        after - before,
        0,
        "typing ten characters in the metric search rendered board panels again"
    );
    let search: HtmlInputElement = find(&root, "#metric-search")
        .await
        .dyn_into()
        .expect("an input");
    assert_eq!(
        search.value(),
        "node_netwo",
        "the search took every character"
    );

    // The count does count: a new theme renders every panel again.
    click(&root, "#theme-toggle").await;
    let themed = settled().await;
    assert!(
        themed >= after + u64::from(panels),
        "a new theme renders each panel again: {after} then {themed}"
    );
}
