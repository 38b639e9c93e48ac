//! End to end: the Alerts tab in headless Chromium, against Debian's Prometheus through
//! the relay. A rules file with one broken rule is pasted: the broken rule is named with
//! its line, the others are kept and watched live; the one that holds fires, and the
//! header strip and the page title count it; the one with a long `for` is pending; the
//! annotation is expanded; a rule is run over the last hour; the upstream's own rules show
//! read-only; kiosk mode shows the firing alert in a band; the rules export as a file
//! Debian's `promtool` accepts, without the credentials; and they are still there after a
//! reload.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{click, js, wait_for_text, Stack};

const RULES: &str = r#"groups:
- name: e2e
  interval: 1s
  rules:
  - alert: PrometheusUp
    expr: up{job="prometheus"} == 1
    labels:
      severity: info
    annotations:
      summary: '{{ $labels.job }} is up ({{ $value }})'
  - alert: Broken
    expr: rate(up[5m]
  - alert: Waiting
    expr: up == 1
    for: 1h
"#;

/// The state the Alerts tab shows for rule `name`.
async fn rule_state(stack: &Stack, name: &str) -> String {
    js(
        &stack.client,
        &format!("const r = document.querySelector('details.rule[data-rule=\"{name}\"]'); return r ? r.dataset.state : '';"),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Checks health with the stack's credentials and waits until the app is connected.
async fn connect(stack: &Stack) {
    stack.connect().await;
    click(&stack.client, "#check-health").await;
    wait_for_text(&stack.client, "#status-strip", "the header strip", |t| {
        t.contains("Connected to")
    })
    .await;
}

/// Pastes `rules` into the Alerts tab's import box and imports them.
async fn paste_rules(stack: &Stack, rules: &str) {
    let literal = serde_json::to_string(rules).expect("a string");
    js(
        &stack.client,
        &format!(
            "document.getElementById('rules-yaml').value = {literal};
             document.getElementById('rules-import').click();"
        ),
    )
    .await;
}

/// Waits until the rule form is open with `title`.
async fn form_titled(client: &fantoccini::Client, title: &str) {
    wait_for_text(client, "#rule-form-title", "the rule form", |t| t == title).await;
}

/// Opens rule `name` on the tab and reads its first alert's annotation.
async fn annotation_of(stack: &Stack, name: &str) -> String {
    js(
        &stack.client,
        &format!("document.querySelector('details.rule[data-rule=\"{name}\"]').open = true;"),
    )
    .await;
    wait_for_text(
        &stack.client,
        &format!("details.rule[data-rule='{name}'] .annotation"),
        "the annotation",
        |t| !t.is_empty(),
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn rules_are_imported_watched_counted_and_exported() {
    // The upstream evaluates a rule of its own, which the tab shows read-only.
    let dir = fedview_testkit::TempDir::new("fedview-upstream-rules");
    let upstream_rules = dir.path().join("upstream.yml");
    std::fs::write(
        &upstream_rules,
        "groups:\n- name: upstream\n  rules:\n  - alert: UpstreamWatchdog\n    expr: vector(1)\n",
    )
    .expect("write the upstream's rules");
    let Some(stack) =
        Stack::open_with_scrapes(&format!("rule_files:\n  - {}\n", upstream_rules.display())).await
    else {
        return;
    };
    let client = &stack.client;
    connect(&stack).await;
    click(client, "#tab-alerts").await;
    paste_rules(&stack, RULES).await;
    let errors = wait_for_text(client, "#rules-errors", "the broken rule", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        errors.contains("\"Broken\"") && errors.contains("line 11") && errors.contains("parse"),
        "{errors}"
    );
    let note = wait_for_text(client, "#rules-note", "the import's note", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        note.contains("Read 2 rules from pasted text") && note.contains("1 rule could not"),
        "{note}"
    );

    // Watched live: up == 1 fires at once, the strip and the title count it.
    wait_for_text(client, "#strip-alerts", "the firing count", |t| {
        t == "1 alert firing"
    })
    .await;
    let title = js(client, "return document.title;").await;
    assert!(
        title
            .as_str()
            .unwrap_or_default()
            .starts_with("(1 firing) "),
        "{title}"
    );
    assert_eq!(rule_state(&stack, "PrometheusUp").await, "firing");
    assert_eq!(rule_state(&stack, "Waiting").await, "pending");
    // Opened, a rule shows its alerts with their annotations.
    let summary = annotation_of(&stack, "PrometheusUp").await;
    assert_eq!(summary, "summary: prometheus is up (1)");
    // Firing is listed before pending.
    let order = support::strings(
        client,
        "return [...document.querySelectorAll('details.rule')].map(r => r.dataset.rule);",
    )
    .await;
    assert_eq!(order, ["PrometheusUp", "Waiting"]);
    // The evaluations went through the relay to the upstream's query API.
    assert!(
        stack
            .relay
            .log()
            .lines()
            .any(|l| l.contains("uri=/metrics/v1/prometheus/")
                && l.contains("api/v1/query?query=up")),
        "no rule query reached the relay"
    );

    // When would it have fired over the last hour? Since Prometheus started scraping,
    // once, and it still fires: one firing stretch on the timeline, reaching the end.
    click(
        client,
        "details.rule[data-rule='PrometheusUp'] button.backtest-window[data-window='1 h']",
    )
    .await;
    let summary = wait_for_text(
        client,
        "details.rule[data-rule='PrometheusUp'] .backtest-summary",
        "the backtest",
        |t| !t.is_empty(),
    )
    .await;
    assert!(
        summary.contains("3600 evaluations") && summary.contains("fired once"),
        "{summary}"
    );
    assert_eq!(
        support::count_of(
            client,
            "details.rule[data-rule='PrometheusUp'] rect.stretch-firing"
        )
        .await,
        1
    );
    // The query itself is drawn above, on the same time axis: one series (up is 1), one
    // line from where Prometheus's data starts to the end of the window, on the timeline's
    // right, at the same x as the firing stretch.
    let drawn = js(
        client,
        "const rule = document.querySelector('details.rule[data-rule=\"PrometheusUp\"]');\
         const lines = [...rule.querySelectorAll('.backtest-query polyline')];\
         const firing = rule.querySelector('rect.stretch-firing');\
         const first = lines[0]?.getAttribute('points').split(' ')[0].split(',').map(Number);\
         return [lines.length, rule.querySelector('.backtest-query .series').textContent,\
                 first ? Math.abs(first[0] - Number(firing.getAttribute('x'))) : -1];",
    )
    .await;
    assert_eq!(drawn[0], 1, "{drawn}");
    assert!(
        drawn[1]
            .as_str()
            .is_some_and(|t| t.starts_with("The query (1 series)")),
        "{drawn}"
    );
    assert!(
        drawn[2].as_f64().is_some_and(|d| (0.0..=2.0).contains(&d)),
        "{drawn}"
    );

    // The upstream's own rules, through the relay's read-only api/v1/rules.
    let upstream = wait_for_text(client, "#upstream-rules", "the upstream's rules", |t| {
        t.contains("UpstreamWatchdog")
    })
    .await;
    assert!(upstream.contains("firing"), "{upstream}");

    // Kiosk mode: the firing alert in a band across the top.
    click(client, "#enter-kiosk").await;
    let band = wait_for_text(client, "#kiosk-alerts", "the kiosk band", |t| !t.is_empty()).await;
    assert!(
        band.contains("1 alert firing")
            && band.contains("PrometheusUp")
            && band.contains("job=prometheus"),
        "{band}"
    );
    click(client, "#exit-kiosk").await;
    click(client, "#tab-alerts").await;

    // Exported: a file Prometheus loads, without the credentials.
    click(client, "#rules-export").await;
    let file = stack.driver.download_dir().join("fedview-rules.yml");
    let exported =
        fedview_testkit::wait_until("the rules file", std::time::Duration::from_secs(20), || {
            std::fs::read_to_string(&file)
                .ok()
                .filter(|t| t.contains("Waiting"))
        });
    for secret in [&stack.prometheus.secret, &stack.prometheus.client_id] {
        assert!(
            !exported.contains(secret.as_str()),
            "a credential is in the export"
        );
    }
    assert!(!exported.contains("Broken"), "{exported}");
    let output = std::process::Command::new("/usr/bin/promtool")
        .args(["check", "rules"])
        .arg(&file)
        .output()
        .expect("run promtool");
    assert!(
        output.status.success(),
        "promtool: {}{}\n{exported}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    // Kept on the device: after a reload the rules are there again.
    client.refresh().await.expect("reload");
    support::wait_for_the_app(client).await;
    click(client, "#tab-alerts").await;
    wait_for_text(client, "#alerts-summary", "the rules kept", |t| {
        t.contains("2 alerting rules")
    })
    .await;
}

/// Records each notification the page shows (the browser's own `Notification` still shows
/// it): a headless browser has no screen to look at.
const NOTIFICATION_RECORDER: &str = "window.fedviewShown = [];
    if (window.Notification) {
      const Shown = window.Notification;
      window.Notification = class extends Shown {
        constructor(title, options) {
          super(title, options);
          window.fedviewShown.push([title, options?.body ?? '']);
        }
      };
    }";

#[tokio::test(flavor = "current_thread")]
async fn notifications_are_turned_on_by_a_click_and_shown_when_an_alert_starts_firing() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let client = &stack.client;
    support::before_every_page(client, NOTIFICATION_RECORDER).await;
    client.refresh().await.expect("reload");
    support::open_the_app(client).await;
    connect(&stack).await;
    click(client, "#tab-alerts").await;
    // Nothing is asked of the browser before the click.
    let asked = js(client, "return Notification.permission;").await;
    assert_eq!(asked, "default");
    // Refused: the page says so, and how to allow them.
    support::set_permission(client, "notifications", "denied").await;
    click(client, "#notifications-toggle").await;
    wait_for_text(client, "#notifications", "the browser's refusal", |t| {
        t.contains("blocks notifications")
    })
    .await;
    // Allowed: on, kept on the device.
    support::set_permission(client, "notifications", "granted").await;
    click(client, "#notifications-toggle").await;
    wait_for_text(client, "#notifications", "notifications on", |t| {
        t.contains("notifications are on")
    })
    .await;
    let kept = js(
        client,
        "return localStorage.getItem('fedview.notifications');",
    )
    .await;
    assert_eq!(kept, "on");

    // A rule that fires two seconds after it is imported: one notification, with its
    // summary, and no more while it keeps firing.
    let rules = "groups:\n- name: notified\n  interval: 1s\n  rules:\n  - alert: PrometheusWatched\n    expr: up{job=\"prometheus\"} == 1\n    for: 2s\n    annotations:\n      summary: '{{ $labels.job }} is watched'\n";
    paste_rules(&stack, rules).await;
    wait_for_text(client, "#strip-alerts", "the firing count", |t| {
        t == "1 alert firing"
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let shown = js(client, "return window.fedviewShown;").await;
    assert_eq!(
        shown,
        serde_json::json!([["PrometheusWatched is firing", "prometheus is watched"]])
    );

    // Turned off: nothing more, and forgotten on the device.
    click(client, "#notifications-toggle").await;
    wait_for_text(
        client,
        "#notifications-toggle",
        "the button to turn them on",
        |t| t.contains("Turn on"),
    )
    .await;
    let kept = js(
        client,
        "return localStorage.getItem('fedview.notifications');",
    )
    .await;
    assert_eq!(kept, serde_json::Value::Null);
}

#[tokio::test(flavor = "current_thread")]
async fn a_rule_is_written_from_a_query_checked_saved_and_watched() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let client = &stack.client;
    connect(&stack).await;
    // Written on the PromQL page, where completion, the check and Explain are.
    click(client, "#tab-query").await;
    let query = "up{job=\"prometheus\"} == 1";
    support::type_into(client, "promql", query).await;
    click(client, "#promql-to-rule").await;
    form_titled(client, "New alerting rule").await;
    assert_eq!(support::value_of(client, "rule-expr").await, query);
    support::type_into(client, "rule-name", "Written").await;
    // A new group, evaluated every second (a minute unless told).
    assert_eq!(support::value_of(client, "rule-interval").await, "1m");
    support::type_into(client, "rule-interval", "1s").await;
    support::type_into(client, "rule-for", "soon").await;
    support::type_into(
        client,
        "rule-annotations",
        "summary: {{ $labels.job }} is written",
    )
    .await;
    // A broken duration: said, and nothing typed is lost.
    click(client, "#rule-save").await;
    let errors = wait_for_text(client, "#rule-form-errors", "why it was not saved", |t| {
        !t.is_empty()
    })
    .await;
    assert!(errors.contains("soon"), "{errors}");
    assert_eq!(support::value_of(client, "rule-name").await, "Written");
    assert_eq!(support::count_of(client, "details.rule").await, 0);
    // Mended, it is saved and watched: it fires after its second.
    support::type_into(client, "rule-for", "1s").await;
    click(client, "#rule-save").await;
    wait_for_text(client, "#rules-note", "the rule saved", |t| {
        t == "Saved the rule \"Written\"."
    })
    .await;
    wait_for_text(client, "#strip-alerts", "the firing count", |t| {
        t == "1 alert firing"
    })
    .await;
    assert_eq!(rule_state(&stack, "Written").await, "firing");
    let summary = annotation_of(&stack, "Written").await;
    assert_eq!(summary, "summary: prometheus is written");

    // Changed: its expression goes to the PromQL page and comes back.
    click(client, "details.rule[data-rule='Written'] .rule-change").await;
    form_titled(client, "Change the alerting rule").await;
    assert_eq!(support::value_of(client, "rule-for").await, "1s");
    click(client, "#rule-write-query").await;
    let editor = support::value_of(client, "promql").await;
    assert_eq!(editor, query);
    let back = wait_for_text(client, "#promql-to-rule", "the way back", |t| {
        t.starts_with("Back to the rule")
    })
    .await;
    assert_eq!(back, "Back to the rule \"Written\"");
    support::type_into(client, "promql", "up == 1").await;
    click(client, "#promql-to-rule").await;
    form_titled(client, "Change the alerting rule").await;
    assert_eq!(support::value_of(client, "rule-expr").await, "up == 1");
    click(client, "#rule-save").await;
    wait_for_text(
        client,
        "details.rule[data-rule='Written'] summary",
        "the rule",
        |t| t.contains("Written"),
    )
    .await;
    let rules = support::count_of(client, "details.rule").await;
    assert_eq!(rules, 1, "the change replaced the rule");
}
