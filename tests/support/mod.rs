//! Helpers the end-to-end tests share: a Chromium session and form filling.
#![cfg(not(target_arch = "wasm32"))]
#![allow(dead_code)]

use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use fedview_testkit::ChromeDriver;
use hyper_util::client::legacy::connect::HttpConnector;

/// How long a page may take to show an expected text.
pub(crate) const PATIENCE: Duration = Duration::from_secs(30);

/// A headless Chromium session through `driver`.
pub(crate) async fn browser(driver: &ChromeDriver) -> Client {
    // chromedriver speaks plain HTTP on loopback: no TLS stack needed.
    ClientBuilder::new(HttpConnector::new())
        .capabilities(driver.capabilities())
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| panic!("cannot start Chromium: {e}\n{}", driver.log()))
}

/// Replaces the text of the field with id `id`.
pub(crate) async fn type_into(client: &Client, id: &str, text: &str) {
    let field = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no field #{id}: {e}"));
    field.clear().await.expect("clear a field");
    field.send_keys(text).await.expect("type into a field");
}

/// Clicks the element matching `css`.
pub(crate) async fn click(client: &Client, css: &str) {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// The text of the element matching `css`, or empty.
pub(crate) async fn text_of(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Waits until the text of `css` satisfies `done`; returns it.
pub(crate) async fn wait_for_text(
    client: &Client,
    css: &str,
    what: &str,
    done: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + PATIENCE * 2;
    loop {
        let text = text_of(client, css).await;
        if done(&text) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "waited for {what} in {css}; it shows {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot under `target/e2e/`.
pub(crate) async fn screenshot(client: &Client, name: &str) {
    let dir = fedview_testkit::workspace_root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).expect("create target/e2e");
    let png = client.screenshot().await.expect("take a screenshot");
    std::fs::write(dir.join(name), png).expect("save the screenshot");
}
