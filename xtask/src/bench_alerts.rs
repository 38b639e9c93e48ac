//! `cargo xtask bench alerts`: 200 alerting rules watched every 15 s, on the path a user
//! takes, in headless Chromium against the release relay's demo. The rules are pasted on the
//! Alerts tab (read in the PromQL worker); then, for a minute with the tab open (its 200
//! rules on screen, the heaviest view of them), every group is evaluated by the store's
//! worker at its interval. The page's long tasks (over 50 ms) are recorded from the import
//! on, and the relay's log says how many rule queries went out and how long they took.

use std::{thread::sleep, time::Duration};

use fedview_testkit::ChromeDriver;

use crate::{
    build,
    report::{machine, today},
    webdriver::{demo_relay_logged, Session, CONNECT_DEMO},
};

/// Rules, in groups of 50.
const RULES: usize = 200;
/// How long the rules are watched, in seconds.
const WATCHED_S: u64 = 60;

/// A rules file of [`RULES`] alerting rules on the demo's data, in groups of 50 every
/// 15 s: thresholds spread so that some fire, some are pending and most are inactive.
fn rules_file() -> String {
    let mut text = String::from("groups:\n");
    for group in 0..RULES / 50 {
        text.push_str(&format!(
            "- name: bench-{group}\n  interval: 15s\n  rules:\n"
        ));
        for i in 0..50 {
            let n = group * 50 + i;
            let threshold = 1e6 * (n as f64 + 1.0);
            text.push_str(&format!(
                "  - alert: Bench{n}\n    expr: sum by (region) (rate(data_bytes_total[5m])) > {threshold}\n    for: {}s\n    labels:\n      severity: info\n    annotations:\n      summary: '{{{{ $labels.region }}}} at {{{{ $value | humanize }}}}B/s'\n",
                if n % 2 == 0 { 0 } else { 30 }
            ));
        }
    }
    text
}

/// In the page: records every long task from now on in `window.fedviewTasks`.
const WATCH_TASKS: &str = "
    window.fedviewTasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries())
        window.fedviewTasks.push([e.startTime, e.duration]); }).observe({type: 'longtask'});
    window.fedviewT0 = performance.now();";

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    let relay = demo_relay_logged(&[]);
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.resize(1280, 900)?;
    session.open(&relay.origin())?;
    session.wait_for_app();
    session.script(CONNECT_DEMO)?;
    sleep(Duration::from_millis(300));
    session.script("document.getElementById('check-health').click();")?;
    session.wait_for(
        "the header strip",
        20,
        "document.getElementById('strip-fetch') !== null",
    );
    session.script("document.getElementById('tab-alerts').click();")?;
    sleep(Duration::from_millis(500));
    session.script(WATCH_TASKS)?;
    let literal = serde_json::to_string(&rules_file()).map_err(|e| e.to_string())?;
    session.script(&format!(
        "document.getElementById('rules-yaml').value = {literal};
         document.getElementById('rules-import').click();"
    ))?;
    session.wait_for(
        "the rules on the tab",
        30,
        &format!("document.querySelectorAll('details.rule').length === {RULES}"),
    );
    let imported = session
        .script("return performance.now() - window.fedviewT0;")?
        .as_f64()
        .unwrap_or_default();
    let import_tasks = longest_since(&session, 0.0)?;
    let from = session
        .script("return performance.now();")?
        .as_f64()
        .unwrap_or_default();
    let queries_before = rule_queries(&relay).len();
    sleep(Duration::from_secs(WATCHED_S));
    let watched = longest_since(&session, from)?;
    let latencies = rule_queries(&relay);
    let queries = latencies.len() - queries_before;
    let mut after: Vec<f64> = latencies[queries_before..].to_vec();
    after.sort_by(f64::total_cmp);
    let median = after.get(after.len() / 2).copied().unwrap_or(f64::NAN);
    let firing = session
        .script(
            "const s = document.getElementById('strip-alerts'); return s ? s.textContent : '';",
        )?
        .as_str()
        .unwrap_or_default()
        .to_owned();
    Ok(format!(
        "## Alerts: 200 rules watched\n\n{} · {} · `cargo xtask bench alerts` (Debian's \
         Chromium, headless, 1280×900; release app and relay, the relay's demo upstream; \
         {RULES} alerting rules in {} groups every 15 s, pasted on the Alerts tab and watched \
         for {WATCHED_S} s with the tab open)\n\n\
         | what | measured | target |\n|---|---:|---:|\n\
         | pasting the file → its {RULES} rules on the tab (read in the PromQL worker) | {imported:.0} ms | |\n\
         | longest main-thread task from the paste to the rules on the tab (0: none over 50 ms) | {:.0} ms | ≤ 50 ms |\n\
         | rule queries sent through the relay while watched | {queries} | {} expected ({RULES} a round, a round every 15 s and one at the start) |\n\
         | longest main-thread task while watched ({} tasks over 50 ms) | {:.0} ms | ≤ 50 ms |\n\
         | a rule query's median time at the relay (the relay logs whole ms) | {median:.0} ms | |\n\
         | the strip at the end | {firing} | |\n",
        today(),
        machine(),
        RULES / 50,
        import_tasks.1,
        RULES as u64 * (WATCHED_S / 15 + 1),
        watched.0,
        watched.1,
    ))
}

/// How many long tasks started after `from` (ms on the page's clock), and the longest.
fn longest_since(session: &Session, from: f64) -> Result<(usize, f64), String> {
    let found = session.script(&format!(
        "const t = window.fedviewTasks.filter(e => e[0] >= {from});
         return [t.length, Math.max(0, ...t.map(e => e[1]))];"
    ))?;
    Ok((
        found[0].as_u64().unwrap_or_default() as usize,
        found[1].as_f64().unwrap_or_default(),
    ))
}

/// The latency of every rule query the relay answered, in ms, in order (a rule query is
/// an instant query whose `query` starts as the bench's rules do).
fn rule_queries(relay: &fedview_testkit::Relay) -> Vec<f64> {
    relay
        .log()
        .lines()
        .filter(|l| l.contains("finished processing request"))
        .filter(|l| l.contains("api/v1/query?query=sum%20by%20%28region%29"))
        .filter_map(|l| {
            let at = l.find("latency=")? + "latency=".len();
            let rest = &l[at..];
            let number: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let value: f64 = number.parse().ok()?;
            // tower_http writes "latency=12 ms" (or µs, s).
            let unit = rest[number.len()..].trim_start();
            Some(if unit.starts_with("ms") {
                value
            } else if unit.starts_with("µs") || unit.starts_with("us") {
                value / 1000.0
            } else {
                value * 1000.0
            })
        })
        .collect()
}
