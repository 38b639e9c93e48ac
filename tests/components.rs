//! Component tests in headless Chromium (`cargo xtask test` runs them through
//! wasm-bindgen-test-runner): the app renders its connection panel, and the form explains
//! what is missing before it makes any request.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast as _;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

mod browser;

use browser::{find, mount};

wasm_bindgen_test_configure!(run_in_browser);

/// Yields until `root`'s `selector` text satisfies `done` (at most 100 turns).
async fn text_when(root: &Element, selector: &str, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        let text = root
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default();
        if done(&text) {
            return text;
        }
        TimeoutFuture::new(0).await;
    }
    panic!("{selector} never reached the expected text")
}

#[wasm_bindgen_test]
async fn connection_panel_has_labelled_fields() {
    let root = mount();
    yew::Renderer::<fedview::App>::with_root(root.clone()).render();
    find(&root, "#check-health").await;
    for (id, label) in [
        ("identifier", "Identifier"),
        ("client-id", "Client ID"),
        ("client-secret", "Client secret"),
        ("relay-url", "Relay URL"),
    ] {
        let shown = root
            .query_selector(&format!("label[for={id}]"))
            .ok()
            .flatten()
            .and_then(|l| l.text_content());
        assert_eq!(shown.as_deref(), Some(label), "label of #{id}");
    }
    let secret = find(&root, "#client-secret").await;
    assert_eq!(secret.get_attribute("type").as_deref(), Some("password"));
    let relay = find(&root, "#relay-url")
        .await
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("an input");
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    assert_eq!(
        relay.value(),
        origin,
        "the relay defaults to the page's origin"
    );
}

#[wasm_bindgen_test]
async fn an_empty_form_says_what_is_missing() {
    let root = mount();
    yew::Renderer::<fedview::App>::with_root(root.clone()).render();
    let button = find(&root, "#check-health")
        .await
        .dyn_into::<HtmlElement>()
        .expect("a button");
    button.click();
    let text = text_when(&root, "#health", |t| !t.is_empty()).await;
    assert!(text.contains("Enter the identifier"), "{text}");
}

#[wasm_bindgen_test]
async fn fetch_panel_defaults_and_snippets_mask_the_secret() {
    let root = mount();
    yew::Renderer::<fedview::App>::with_root(root.clone()).render();
    let selectors = find(&root, "#selectors")
        .await
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .expect("a textarea");
    assert_eq!(selectors.value(), "{__name__=~\".+\"}");
    let interval = find(&root, "#poll-seconds")
        .await
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("an input");
    assert_eq!(interval.value(), "30");
    assert_eq!(interval.min(), "5");
    let live = find(&root, "#live").await;
    assert_eq!(live.text_content().as_deref(), Some("Go live"));

    // Type a secret; the snippets mask it until "Reveal secret".
    let secret = find(&root, "#client-secret")
        .await
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("an input");
    secret.set_value("very-secret-value");
    let event = web_sys::InputEvent::new("input").expect("an input event");
    secret.dispatch_event(&event).expect("dispatch");
    let masked = text_when(&root, "#snippet-grafana", |t| {
        t.contains("basicAuthPassword")
    })
    .await;
    assert!(!masked.contains("very-secret-value"), "{masked}");
    find(&root, "#reveal-secret")
        .await
        .dyn_into::<HtmlElement>()
        .expect("a button")
        .click();
    text_when(&root, "#snippet-grafana", |t| {
        t.contains("very-secret-value")
    })
    .await;
}

#[wasm_bindgen_test]
async fn fetching_without_credentials_says_what_is_missing() {
    let root = mount();
    yew::Renderer::<fedview::App>::with_root(root.clone()).render();
    find(&root, "#fetch-now")
        .await
        .dyn_into::<HtmlElement>()
        .expect("a button")
        .click();
    let status = text_when(&root, "#fetch-status", |t| t.contains("Incomplete")).await;
    assert!(status.contains("Enter the identifier"), "{status}");
    let list = text_when(&root, ".metrics", |t| !t.is_empty()).await;
    assert!(
        list.contains("Fetch federation to see metrics here."),
        "{list}"
    );
}
