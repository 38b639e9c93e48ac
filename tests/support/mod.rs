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

/// Opens the app from the first screen `index.html` holds, as a user who picks "Open
/// without connecting" does (a new user's page loads the app's code only when they act),
/// and waits for it.
pub(crate) async fn open_the_app(client: &Client) {
    // A returning user's page loads the app by itself: the first screen's button may be
    // gone (or go while it is clicked) by then.
    let first_screen = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#open-app, #theme-toggle"))
        .await
        .unwrap_or_else(|e| panic!("neither the first screen nor the app: {e}"));
    if first_screen.attr("id").await.ok().flatten().as_deref() == Some("open-app") {
        let _ = first_screen.click().await;
    }
    wait_for_the_app(client).await;
}

/// Waits until the app has rendered over the first screen `index.html` holds (its theme
/// button is the app's own): the app's code loads only once the user acts on that first
/// screen (or at once for a returning user), so opening the page does not wait for it.
pub(crate) async fn wait_for_the_app(client: &Client) {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("theme-toggle"))
        .await
        .unwrap_or_else(|e| panic!("the app did not start: {e}"));
}

/// Sizes the window so that the page's viewport is `width` × `height` CSS pixels (the
/// window's own frame is added to what `set_window_size` is given).
pub(crate) async fn viewport(client: &Client, width: u32, height: u32) {
    client
        .set_window_size(width, height)
        .await
        .expect("size the window");
    let inner = js(client, "return [window.innerWidth, window.innerHeight];").await;
    let frame = |i: usize, wanted: u32| {
        let inner = inner[i].as_f64().expect("a size") as u32;
        wanted + wanted.saturating_sub(inner)
    };
    client
        .set_window_size(frame(0, width), frame(1, height))
        .await
        .expect("size the window");
}

/// The text of the element matching `css`, or empty.
pub(crate) async fn text_of(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The `value` property of the form field with id `id` (an `<input>`'s WebDriver text is
/// always empty, so it says nothing about what the field holds).
pub(crate) async fn value_of(client: &Client, id: &str) -> String {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no field #{id}: {e}"))
        .prop("value")
        .await
        .unwrap_or_else(|e| panic!("cannot read #{id}'s value: {e}"))
        .unwrap_or_default()
}

/// How many elements match `css` right now.
pub(crate) async fn count_of(client: &Client, css: &str) -> usize {
    client
        .find_all(Locator::Css(css))
        .await
        .map_or(0, |found| found.len())
}

/// Waits until exactly `want` elements match `css`.
pub(crate) async fn wait_for_count(client: &Client, css: &str, what: &str, want: usize) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let now = count_of(client, css).await;
        if now == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "waited for {want} {what} ({css}); there are {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
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

/// Runs `script` in the page; its return value.
pub(crate) async fn js(client: &Client, script: &str) -> serde_json::Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// The strings a page script returns as a list (empty when it returns anything else).
pub(crate) async fn strings(client: &Client, script: &str) -> Vec<String> {
    js(client, script)
        .await
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The palette's first colour (the top line), `rgb(31, 119, 180)`.
pub(crate) const FIRST_LINE: [u8; 3] = [31, 119, 180];

/// How many pixels of canvas `#id` are within `tolerance` (sum of channel differences) of
/// a colour (`near` = true), or farther than it from one (`near` = false). Without a
/// colour, the reference is the canvas's first pixel: the background.
pub(crate) async fn canvas_pixels(
    client: &Client,
    id: &str,
    colour: Option<[u8; 3]>,
    near: bool,
    tolerance: u32,
) -> u64 {
    let reference = colour.map_or_else(
        || "[data[0], data[1], data[2]]".to_owned(),
        |[r, g, b]| format!("[{r}, {g}, {b}]"),
    );
    let compare = if near { "<" } else { ">" };
    let script = format!(
        "const canvas = document.getElementById('{id}');
         if (!canvas) return 0;
         const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
         const [r, g, b] = {reference};
         let n = 0;
         for (let i = 0; i < data.length; i += 4) {{
             if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) {compare} {tolerance}) n++;
         }}
         return n;"
    );
    js(client, &script).await.as_u64().unwrap_or(0)
}

/// Picks `value` in the `<select>` with id `id`, as a user would.
pub(crate) async fn choose(client: &Client, id: &str, value: &str) {
    js(
        client,
        &format!(
            "const s = document.getElementById('{id}'); s.value = '{value}';
             s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ),
    )
    .await;
}

/// Saves a screenshot under `target/e2e/`.
pub(crate) async fn screenshot(client: &Client, name: &str) {
    let dir = fedview_testkit::workspace_root().join("target").join("e2e");
    std::fs::create_dir_all(&dir).expect("create target/e2e");
    let png = client.screenshot().await.expect("take a screenshot");
    std::fs::write(dir.join(name), png).expect("save the screenshot");
}

/// Everything an end-to-end test runs: a WG2-shaped Prometheus, the relay serving the
/// trunk build in front of it, chromedriver and a Chromium session on the app.
pub(crate) struct Stack {
    pub(crate) prometheus: fedview_testkit::Prometheus,
    pub(crate) relay: fedview_testkit::Relay,
    pub(crate) driver: ChromeDriver,
    pub(crate) client: Client,
}

impl Stack {
    /// Starts it all and opens the app, or `None` (after printing why, or panicking under
    /// CI) when Prometheus, chromedriver or the app build is missing.
    pub(crate) async fn open() -> Option<Self> {
        Self::open_with_scrapes("").await
    }

    /// Like [`Stack::open`], with more Prometheus scrape jobs (see
    /// `Prometheus::start_with_scrapes`).
    pub(crate) async fn open_with_scrapes(extra_jobs: &str) -> Option<Self> {
        let dist = fedview_testkit::workspace_root().join("dist");
        if !fedview_testkit::Prometheus::available()
            || !ChromeDriver::available()
            || !fedview_testkit::require(
                &dist.join("index.html"),
                "the app build (run `trunk build --release`)",
            )
        {
            return None;
        }
        let prometheus = fedview_testkit::Prometheus::start_with_scrapes(extra_jobs);
        // The relay logs every request it receives, so tests can see what left the page
        // (and its worker) without asking the browser.
        let relay = fedview_testkit::Relay::start_with_env(
            &prometheus.origin(),
            &["--static", &dist.to_string_lossy()],
            &[("RUST_LOG", "tower_http=debug"), ("NO_COLOR", "1")],
        );
        let driver = ChromeDriver::start();
        let client = browser(&driver).await;
        client.goto(&relay.origin()).await.expect("open the app");
        open_the_app(&client).await;
        Some(Self {
            prometheus,
            relay,
            driver,
            client,
        })
    }

    /// How many requests for the upstream (`/metrics/v1/prometheus/...`) reached the relay,
    /// from the page or its worker, as the relay's log lists them.
    pub(crate) fn upstream_requests(&self) -> usize {
        self.relay
            .log()
            .lines()
            .filter(|l| {
                l.contains("started processing request")
                    && l.contains("uri=/metrics/v1/prometheus/")
            })
            .count()
    }

    /// Fills the connection form with the upstream's identifier and credentials.
    pub(crate) async fn connect(&self) {
        fill_connection(&self.client, &self.prometheus).await;
    }

    /// Connects, fetches once and charts `family`.
    pub(crate) async fn chart(&self, family: &str) {
        self.connect().await;
        let client = &self.client;
        click(client, "#fetch-now").await;
        wait_for_text(client, "#fetch-status", "a first poll", |t| {
            t.contains(", 1 poll (")
        })
        .await;
        type_into(client, "metric-search", family).await;
        click(client, &format!("button.metric[data-name='{family}']")).await;
        wait_for_text(client, "#chart-title", "the chart title", |t| t == family).await;
    }
}

/// An instant query asked of Prometheus itself, not through the relay.
pub(crate) fn direct_query(stack: &Stack, query: &str) -> serde_json::Value {
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    let answer = fedview_testkit::http::get(
        stack.prometheus.port,
        &format!("{}/api/v1/query?query={encoded}", stack.prometheus.prefix()),
        &stack.prometheus.authorization_header(),
    )
    .expect("Prometheus answers");
    serde_json::from_str(&answer.body).expect("JSON")
}

/// Waits until `done` holds (asking every 200 ms, for [`PATIENCE`]), or fails saying `what`.
pub(crate) async fn wait_until<F, Fut>(what: &str, done: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        match done().await {
            Ok(()) => return,
            Err(why) if Instant::now() > deadline => panic!("{what}: {why}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Fills the connection form with `prometheus`'s identifier and credentials.
pub(crate) async fn fill_connection(client: &Client, prometheus: &fedview_testkit::Prometheus) {
    type_into(client, "identifier", &prometheus.id).await;
    type_into(client, "client-id", &prometheus.client_id).await;
    type_into(client, "client-secret", &prometheus.secret).await;
}

/// The demo's credentials, `demo:demo`, as a basic-auth header.
pub(crate) const DEMO_AUTH: &str = "Authorization: Basic ZGVtbzpkZW1v\r\n";

/// One sample of a federate answer: sample name, sorted labels, value and timestamp.
#[derive(Debug, Clone)]
pub(crate) struct Sampled {
    pub(crate) name: String,
    pub(crate) labels: Vec<(String, String)>,
    pub(crate) value: f64,
    pub(crate) timestamp_ms: Option<i64>,
}

impl Sampled {
    /// The value of label `name`.
    pub(crate) fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The demo's whole federate answer through `relay`, by family as a user sees them:
/// federate says `untyped` for everything, so a histogram's `_bucket`, `_count` and `_sum`
/// (and a summary's `_count` and `_sum`) are put together here by their names.
pub(crate) fn demo_families(
    relay: &fedview_testkit::Relay,
) -> std::collections::BTreeMap<String, Vec<Sampled>> {
    let answer = fedview_testkit::http::get(
        relay.port,
        "/metrics/v1/prometheus/demo/federate?match%5B%5D=%7B__name__%3D~%22.%2B%22%7D",
        DEMO_AUTH,
    )
    .expect("the demo answers federate");
    assert_eq!(answer.status, 200, "{}", answer.body);
    let families = promtext::parse(
        answer.body.as_bytes(),
        promtext::Options::new(promtext::Format::Prometheus),
    )
    .expect("the demo's answer parses");
    let names: Vec<&str> = families.iter().map(|f| f.name).collect();
    let family_of = |name: &str| -> String {
        for suffix in ["_bucket", "_count", "_sum"] {
            if let Some(base) = name.strip_suffix(suffix) {
                if names.contains(&format!("{base}_bucket").as_str()) || names.contains(&base) {
                    return base.to_owned();
                }
            }
        }
        name.to_owned()
    };
    let mut grouped: std::collections::BTreeMap<String, Vec<Sampled>> = Default::default();
    for family in &families {
        grouped
            .entry(family_of(family.name))
            .or_default()
            .extend(family.samples.iter().map(|s| {
                let mut labels: Vec<(String, String)> = s
                    .labels
                    .iter()
                    .map(|l| (l.name.to_owned(), l.value.clone().into_owned()))
                    .collect();
                labels.sort();
                Sampled {
                    name: s.name.to_owned(),
                    labels,
                    value: s.value,
                    timestamp_ms: s.timestamp_ms,
                }
            }));
    }
    grouped
}

/// The release app behind the relay's demo upstream, in a Chromium session.
pub(crate) struct DemoApp {
    pub(crate) relay: fedview_testkit::Relay,
    pub(crate) driver: ChromeDriver,
    pub(crate) client: Client,
}

impl DemoApp {
    /// Starts the relay with `--demo` and `flags`, and opens the app in a window
    /// `width` × `height`; `None` (after saying why) when chromedriver or the app build is
    /// missing.
    pub(crate) async fn open(flags: &[&str], width: u32, height: u32) -> Option<Self> {
        let dist = fedview_testkit::workspace_root().join("dist");
        let app = Self::open_build(&dist, flags, width, height).await?;
        open_the_app(&app.client).await;
        Some(app)
    }

    /// Like [`DemoApp::open`], serving the build in `dist`, without waiting for the app to
    /// start (a build without its code never does).
    pub(crate) async fn open_build(
        dist: &std::path::Path,
        flags: &[&str],
        width: u32,
        height: u32,
    ) -> Option<Self> {
        if !ChromeDriver::available()
            || !fedview_testkit::require(
                &dist.join("index.html"),
                "the app build (run `trunk build --release`)",
            )
        {
            return None;
        }
        let dist = dist.to_string_lossy().into_owned();
        let mut args = vec!["--demo", "--static", &dist];
        args.extend_from_slice(flags);
        // The relay logs every request, so tests can see what the page's worker asked.
        let relay = fedview_testkit::Relay::start_with_env(
            "http://127.0.0.1:9",
            &args,
            &[("RUST_LOG", "tower_http=debug"), ("NO_COLOR", "1")],
        );
        let driver = ChromeDriver::start();
        let client = browser(&driver).await;
        client
            .set_window_size(width, height)
            .await
            .expect("size the window");
        client.goto(&relay.origin()).await.expect("open the app");
        Some(Self {
            relay,
            driver,
            client,
        })
    }

    /// The paths (with their queries) of every request that reached the relay, in order.
    pub(crate) fn requests(&self) -> Vec<String> {
        self.relay
            .log()
            .lines()
            .filter(|l| l.contains("started processing request"))
            .filter_map(|l| Some(l.split("uri=").nth(1)?.split(' ').next()?.to_owned()))
            .collect()
    }

    /// The paths (with their queries) of the requests for the upstream that reached the
    /// relay, in order.
    pub(crate) fn upstream_requests(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|uri| uri.starts_with("/metrics/v1/prometheus/"))
            .collect()
    }

    /// Fills the connection form with the demo's credentials, checks health, and waits
    /// until the side panels fold into the header strip.
    pub(crate) async fn connect_healthy(&self) {
        self.connect().await;
        click(&self.client, "#check-health").await;
        wait_for_text(&self.client, "#status-strip", "the header strip", |t| {
            t.contains("Connected to demo")
        })
        .await;
    }

    /// Fills the connection form with the demo's credentials.
    pub(crate) async fn connect(&self) {
        for (id, value) in [
            ("identifier", "demo"),
            ("client-id", "demo"),
            ("client-secret", "demo"),
        ] {
            type_into(&self.client, id, value).await;
        }
    }
}

/// A command of the session's own that fantoccini has no method for: a POST of `body` to
/// `session/{id}/{path}` (chromedriver's `goog/cdp/execute` for Chrome DevTools, or
/// WebDriver's `permissions`).
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Runs `source` in every page the session opens from now on, before the page's own
/// scripts (Chrome DevTools' `Page.addScriptToEvaluateOnNewDocument`).
pub(crate) async fn before_every_page(client: &Client, source: &str) {
    client
        .issue_cmd(SessionCommand {
            path: "goog/cdp/execute",
            body: serde_json::json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": source },
            }),
        })
        .await
        .expect("chromedriver runs a DevTools command");
}

/// Sets the page's permission `name` (such as `notifications`) to `state` (`granted`,
/// `denied` or `prompt`), as the user would in the browser's site settings (WebDriver's
/// "Set Permission", which chromedriver implements).
pub(crate) async fn set_permission(client: &Client, name: &str, state: &str) {
    client
        .issue_cmd(SessionCommand {
            path: "permissions",
            body: serde_json::json!({ "descriptor": { "name": name }, "state": state }),
        })
        .await
        .unwrap_or_else(|e| panic!("set the {name} permission to {state}: {e}"));
}

/// Opens `link` (the app's address with a fragment) and waits for the app: a fragment
/// alone does not reload a page already open, so it is reloaded.
pub(crate) async fn open_link(client: &Client, link: &str) {
    client.goto(link).await.expect("open the link");
    client.refresh().await.expect("reload with the link");
    wait_for_the_app(client).await;
}
