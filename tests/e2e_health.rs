//! End to end: headless Chromium → relay (serving the trunk-built app) → a real Prometheus
//! shaped like the WG2 upstream. The user fills the connection form and checks health.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::{Client, Locator};
use support::{screenshot, type_into, Stack, PATIENCE};

/// Clicks Check health.
async fn press_check_health(client: &Client) {
    client
        .find(Locator::Id("check-health"))
        .await
        .expect("the Check health button")
        .click()
        .await
        .expect("click Check health");
}

/// Clicks Check health and waits for a verdict titled `title`; returns the whole text.
async fn check_health(client: &Client, title: &str) -> String {
    press_check_health(client).await;
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let shown = client
            .find(Locator::Css("#health .health-title"))
            .await
            .ok();
        if let Some(element) = shown {
            if element.text().await.is_ok_and(|t| t == title) {
                let whole = client.find(Locator::Id("health")).await.expect("#health");
                return whole.text().await.unwrap_or_default();
            }
        }
        let current = match client.find(Locator::Id("health")).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        assert!(
            std::time::Instant::now() < deadline,
            "waited {PATIENCE:?} for {title:?}; the page shows {current:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn health_check_reports_healthy_rejected_and_unreachable() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    stack.connect().await;
    let Stack {
        prometheus,
        mut relay,
        driver: _driver,
        client,
    } = stack;

    // Healthy: the side panels fold into the header strip, which says so; the verdict's
    // detail is one click away, under "Panels".
    press_check_health(&client).await;
    let strip = support::wait_for_text(&client, "#status-strip", "the header strip", |t| {
        t.contains("Connected to")
    })
    .await;
    assert!(strip.contains(&prometheus.id), "{strip}");
    support::click(&client, "#open-panels").await;
    let healthy = support::wait_for_text(&client, "#health", "the verdict", |t| {
        t.starts_with("Healthy")
    })
    .await;
    assert!(healthy.contains("accepted these credentials"), "{healthy}");

    screenshot(&client, "health-healthy.png").await;

    // The secret was typed into a password field: it must not show as text anywhere.
    let page = client.source().await.expect("page source");
    assert!(
        !page.contains(&prometheus.secret),
        "the secret is visible in the page"
    );

    type_into(&client, "client-secret", "not-the-secret").await;
    let rejected = check_health(&client, "Credentials rejected").await;
    assert!(rejected.contains("metrics.prometheus.read"), "{rejected}");
    assert!(rejected.contains("401"), "{rejected}");

    relay.stop();
    let unreachable = check_health(&client, "Relay unreachable").await;
    assert!(unreachable.contains(&relay.origin()), "{unreachable}");

    // The relay logged requests but never the credentials.
    let log = relay.log();
    assert!(
        !log.contains(&prometheus.secret),
        "the relay logged the secret"
    );

    client.close().await.expect("close the browser");
}
