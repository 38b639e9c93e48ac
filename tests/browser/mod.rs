//! Helpers the component tests in headless Chromium share: a fresh element to render
//! into, and waiting for an element to appear.
#![cfg(target_arch = "wasm32")]
#![allow(dead_code)]

use gloo_timers::future::TimeoutFuture;
use web_sys::Element;

/// A fresh element in the test page to render into.
pub(crate) fn mount() -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = document.create_element("div").expect("create a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("append the root");
    root
}

/// Yields to Yew's scheduler until `selector` matches inside `root` (at most two seconds).
pub(crate) async fn find(root: &Element, selector: &str) -> Element {
    for _ in 0..200 {
        if let Ok(Some(found)) = root.query_selector(selector) {
            return found;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("{selector} never appeared")
}
