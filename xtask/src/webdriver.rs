//! A WebDriver session over loopback HTTP, for the tasks that drive Chromium outside the
//! test suites (the load benchmark, the documentation screenshots), and the demo relay they
//! drive it against.

use std::time::{Duration, Instant};

use fedview_testkit::{http, wait_until, ChromeDriver, NodeExporter, Prometheus, Relay};
use serde_json::{json, Value};

use crate::command::root;

/// The release relay serving `dist/` with the demo upstream, on a free port.
pub(crate) fn demo_relay() -> Relay {
    demo_relay_with(&[])
}

/// Like [`demo_relay`], with more relay flags (such as `--demo-series`).
pub(crate) fn demo_relay_with(flags: &[&str]) -> Relay {
    let binary = crate::command::release_binary("fedview-relay");
    let dist = root().join("dist");
    let dist = dist.to_string_lossy();
    let mut args = vec!["--demo", "--static", &dist];
    args.extend_from_slice(flags);
    Relay::start_at(&binary, "http://127.0.0.1:9", &args, &[])
}

/// Like [`demo_relay_with`], logging every request with its latency (`tower_http` at
/// debug level), for timing requests the page's worker makes.
pub(crate) fn demo_relay_logged(flags: &[&str]) -> Relay {
    let binary = crate::command::release_binary("fedview-relay");
    let dist = root().join("dist");
    let dist = dist.to_string_lossy();
    let mut args = vec!["--demo", "--static", &dist];
    args.extend_from_slice(flags);
    Relay::start_at(
        &binary,
        "http://127.0.0.1:9",
        &args,
        &[("RUST_LOG", "tower_http=debug"), ("NO_COLOR", "1")],
    )
}

/// The latency the relay logged for its latest request whose URI contains `part`, in ms.
pub(crate) fn logged_latency_ms(relay: &Relay, part: &str) -> Option<f64> {
    relay
        .log()
        .lines()
        .rfind(|l| l.contains("finished processing request") && l.contains(part))?
        .split("latency=")
        .nth(1)?
        .split(' ')
        .next()?
        .parse()
        .ok()
}

/// The most requests whose URI contains `part` that the relay had in flight at once, read
/// from its log (see [`flights`]).
pub(crate) fn most_in_flight(relay: &Relay, part: &str) -> usize {
    flights(relay, part).most
}

/// Requests whose URI contains `part`, read from the relay's log: each request's "started
/// processing" line counts one up, its "finished processing" line one down (the relay
/// serves on one thread, so its log is in order).
struct Flights {
    started: usize,
    now: usize,
    most: usize,
}

fn flights(relay: &Relay, part: &str) -> Flights {
    let mut flights = Flights {
        started: 0,
        now: 0,
        most: 0,
    };
    for line in relay.log().lines().filter(|l| l.contains(part)) {
        if line.contains("started processing request") {
            flights.started += 1;
            flights.now += 1;
            flights.most = flights.most.max(flights.now);
        } else if line.contains("finished processing request") {
            flights.now = flights.now.saturating_sub(1);
        }
    }
    flights
}

/// Waits until the relay has answered every request whose URI contains `part` and started
/// none for `quiet` (at most `limit`); gives how many it answered.
pub(crate) fn wait_until_answered(
    relay: &Relay,
    part: &str,
    quiet: Duration,
    limit: Duration,
) -> usize {
    let deadline = Instant::now() + limit;
    let mut last = flights(relay, part);
    let mut since = Instant::now();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let now = flights(relay, part);
        if now.started != last.started || now.now > 0 {
            since = Instant::now();
        } else if since.elapsed() >= quiet {
            return now.started;
        }
        last = now;
    }
    last.started
}

/// A script that fills the connection form with the demo's credentials.
pub(crate) const CONNECT_DEMO: &str = "
    for (const [id, value] of [['identifier', 'demo'], ['client-id', 'demo'], ['client-secret', 'demo']]) {
        const field = document.getElementById(id);
        field.value = value;
        field.dispatchEvent(new InputEvent('input', {bubbles: true}));
    }
";

/// Debian's Prometheus scraping this machine's `prometheus-node-exporter`, and the release
/// relay serving `dist/` in front of it (no demo): what a real board is measured and pictured
/// against. Keep all three alive while they are used.
pub(crate) fn node_exporter_stack() -> (NodeExporter, Prometheus, Relay) {
    node_exporter_stack_with(&[])
}

/// Like [`node_exporter_stack`], the relay logging every request with its time (for
/// [`last_answer_after`]).
pub(crate) fn node_exporter_stack_logged() -> (NodeExporter, Prometheus, Relay) {
    node_exporter_stack_with(&[("RUST_LOG", "tower_http=debug"), ("NO_COLOR", "1")])
}

/// The stack of [`node_exporter_stack`], the relay run with `env`.
fn node_exporter_stack_with(env: &[(&str, &str)]) -> (NodeExporter, Prometheus, Relay) {
    let exporter = NodeExporter::start();
    let prometheus = Prometheus::start_with_scrapes(&exporter.scrape_job());
    let relay = relay_for(&prometheus, env);
    (exporter, prometheus, relay)
}

/// The release relay serving `dist/` in front of `prometheus` (no demo), on a free port.
pub(crate) fn release_relay_for(prometheus: &Prometheus) -> Relay {
    relay_for(prometheus, &[])
}

fn relay_for(prometheus: &Prometheus, env: &[(&str, &str)]) -> Relay {
    let dist = root().join("dist");
    Relay::start_at(
        &crate::command::release_binary("fedview-relay"),
        &prometheus.origin(),
        &["--static", &dist.to_string_lossy()],
        env,
    )
}

/// How long after `since` the relay finished its last answer to a query (`query` or
/// `query_range`), in ms, from the times in its log: the upstream's share of a board's load.
pub(crate) fn last_answer_after(relay: &Relay, since: std::time::SystemTime) -> Option<f64> {
    let since = since
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    relay
        .log()
        .lines()
        .filter(|l| l.contains("finished processing request") && l.contains("/api/v1/query"))
        .filter_map(|l| log_time(l.split_whitespace().next()?))
        .filter(|&at| at >= since)
        .map(|at| (at - since) * 1000.0)
        .reduce(f64::max)
}

/// `2026-12-07T13:00:16.404516Z` as seconds since the epoch.
fn log_time(stamp: &str) -> Option<f64> {
    let at = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
    Some(at.timestamp_micros() as f64 / 1e6)
}

/// A script that fills the connection form with `prometheus`'s identifier and credentials.
pub(crate) fn connect_script(prometheus: &Prometheus) -> String {
    format!(
        "for (const [id, value] of [['identifier', {id:?}], ['client-id', {client:?}], ['client-secret', {secret:?}]]) {{
             const field = document.getElementById(id);
             field.value = value;
             field.dispatchEvent(new InputEvent('input', {{bubbles: true}}));
         }}",
        id = prometheus.id,
        client = prometheus.client_id,
        secret = prometheus.secret,
    )
}

/// True once the open board has panels and none of them still says "Loading…".
pub(crate) const BOARD_ANSWERED: &str = "document.querySelectorAll('#boards .board-panel').length > 0 && \
     ![...document.querySelectorAll('#boards .board-panel')].some(p => p.textContent.includes('Loading…'))";

/// A browser session; deleted when dropped.
#[derive(Debug)]
pub(crate) struct Session {
    port: u16,
    id: String,
}

impl Session {
    /// A new headless Chromium session through `driver`.
    pub(crate) fn start(driver: &ChromeDriver) -> Result<Self, String> {
        let capabilities = json!({ "capabilities": { "alwaysMatch": driver.capabilities() } });
        let answer = command(driver.port, "POST", "/session", &capabilities)?;
        let id = answer["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no WebDriver session: {answer}"))?
            .to_owned();
        Ok(Self {
            port: driver.port,
            id,
        })
    }

    /// Navigates to `url` and waits for it to load.
    pub(crate) fn open(&self, url: &str) -> Result<(), String> {
        self.call("POST", "/url", &json!({ "url": url })).map(drop)
    }

    /// Sets the browser window's size in pixels.
    pub(crate) fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.call(
            "POST",
            "/window/rect",
            &json!({ "width": width, "height": height }),
        )
        .map(drop)
    }

    /// Pastes `dashboard` (a Grafana or Perses dashboard's text) into the boards tab's
    /// import box and imports it, as a user does.
    pub(crate) fn import_dashboard(&self, dashboard: &str) -> Result<(), String> {
        let literal = serde_json::to_string(dashboard).map_err(|e| e.to_string())?;
        self.script(&format!(
            "document.getElementById('dashboard-json').value = {literal};
             document.getElementById('dashboard-import').click();"
        ))
        .map(drop)
    }

    /// Sizes the window so that the page's viewport is `width` × `height` CSS pixels.
    pub(crate) fn viewport(&self, width: u32, height: u32) -> Result<(), String> {
        self.resize(width, height)?;
        let inner = self.script("return [window.innerWidth, window.innerHeight];")?;
        let frame = |i: usize, wanted: u32| {
            let inner = inner[i].as_f64().unwrap_or(f64::from(wanted)) as u32;
            wanted + wanted.saturating_sub(inner)
        };
        self.resize(frame(0, width), frame(1, height))
    }

    /// Picks `theme` (`light` or `dark`) with the theme button, as a user does.
    pub(crate) fn theme(&self, theme: &str) -> Result<(), String> {
        for _ in 0..3 {
            let now = self.script("return document.documentElement.getAttribute('data-theme');")?;
            if now == theme {
                return Ok(());
            }
            self.script("document.getElementById('theme-toggle').click();")?;
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("the theme button never picked {theme}"))
    }

    /// Runs `source` in the page; its return value.
    pub(crate) fn script(&self, source: &str) -> Result<Value, String> {
        let answer = self.call(
            "POST",
            "/execute/sync",
            &json!({ "script": source, "args": [] }),
        )?;
        Ok(answer["value"].clone())
    }

    /// Waits up to `seconds` until `condition` (a script returning a boolean) is true.
    pub(crate) fn wait_for(&self, what: &str, seconds: u64, condition: &str) {
        let script = format!("return Boolean({condition});");
        wait_until(what, Duration::from_secs(seconds), || {
            self.script(&script).ok()?.as_bool().filter(|&b| b)
        });
    }

    /// Opens the app from the first screen as a user who picks "Open without connecting"
    /// does (a new user's page loads the app only when they act; a returning user's at
    /// once), and waits until it has rendered its form.
    pub(crate) fn wait_for_app(&self) {
        self.wait_for(
            "the first screen",
            20,
            "document.getElementById('open-app') !== null || document.getElementById('fetch-now') !== null",
        );
        let _ = self.script("document.getElementById('open-app')?.click();");
        self.wait_for(
            "the app",
            20,
            "document.getElementById('fetch-now') !== null",
        );
    }

    /// Types `text` into the element matching `css`, as a user's keystrokes.
    pub(crate) fn send_keys(&self, css: &str, text: &str) -> Result<(), String> {
        let found = self.call(
            "POST",
            "/element",
            &json!({ "using": "css selector", "value": css }),
        )?;
        let id = found["value"]
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .ok_or_else(|| format!("no {css}: {found}"))?
            .to_owned();
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            &json!({ "text": text }),
        )
        .map(drop)
    }

    /// A PNG screenshot of the viewport, base64-encoded.
    pub(crate) fn screenshot(&self) -> Result<String, String> {
        let answer = self.call("GET", "/screenshot", &json!({}))?;
        answer["value"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "no screenshot".to_owned())
    }

    /// Runs a Chrome DevTools Protocol command in the page (`Profiler.start`, …); its
    /// result.
    pub(crate) fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        let answer = self.call(
            "POST",
            "/goog/cdp/execute",
            &json!({ "cmd": cmd, "params": params }),
        )?;
        Ok(answer["value"].clone())
    }

    fn call(&self, method: &str, path: &str, body: &Value) -> Result<Value, String> {
        command(
            self.port,
            method,
            &format!("/session/{}{path}", self.id),
            body,
        )
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", &json!({}));
    }
}

/// One WebDriver command; the JSON answer.
fn command(port: u16, method: &str, path: &str, body: &Value) -> Result<Value, String> {
    let body = body.to_string();
    let answer = http::raw(
        port,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .ok_or("chromedriver did not answer")?;
    serde_json::from_str(answer.body.trim()).map_err(|e| format!("{e}: {}", answer.body))
}

#[cfg(test)]
mod tests {
    #[test]
    fn log_times_are_read_as_utc() {
        assert_eq!(super::log_time("1970-01-02T00:00:01.5Z"), Some(86_401.5));
        assert_eq!(
            super::log_time("2026-12-07T13:00:16Z"),
            Some(1_796_648_416.0)
        );
    }
}
