//! A real Prometheus (Debian's `/usr/bin/prometheus`) shaped like the WG2 upstream:
//! everything under `/metrics/v1/prometheus/<id>`, basic auth with a bcrypt-hashed secret,
//! scraping itself every second.

use std::{path::PathBuf, process::Command, time::Duration};

use base64::Engine as _;

use crate::{free_port, http, random_hex, wait_until, Process, TempDir};

/// Where Debian's package puts the server.
pub const PROMETHEUS_BIN: &str = "/usr/bin/prometheus";
/// Where Debian's package puts its tool (used to backfill history).
pub const PROMTOOL_BIN: &str = "/usr/bin/promtool";

/// A running Prometheus upstream; stopped (and its folder removed) when dropped.
#[derive(Debug)]
pub struct Prometheus {
    /// The instance identifier in the route prefix.
    pub id: String,
    /// The basic-auth user name (WG2's client ID).
    pub client_id: String,
    /// The basic-auth password (WG2's client secret).
    pub secret: String,
    /// The loopback port it listens on.
    pub port: u16,
    process: Process,
    _dir: TempDir,
}

impl Prometheus {
    /// Whether the Prometheus binary is installed; prints why a test skips (or panics
    /// under CI) when it is not.
    pub fn available() -> bool {
        crate::require(
            &PathBuf::from(PROMETHEUS_BIN),
            "Debian's prometheus package",
        )
    }

    /// Starts Prometheus on a free port with a fresh identifier and credentials, and waits
    /// until it answers the health check with them and has scraped itself once.
    pub fn start() -> Self {
        Self::start_with_scrapes("")
    }

    /// Like [`Prometheus::start`], with more scrape jobs: YAML list items indented by two
    /// spaces (`  - job_name: …`), appended to `scrape_configs`.
    pub fn start_with_scrapes(extra_jobs: &str) -> Self {
        Self::start_in(TempDir::new("fedview-prometheus"), extra_jobs)
    }

    /// Like [`Prometheus::start_with_scrapes`], loading the rules files `rules` (evaluated
    /// every second, as every group without an interval of its own).
    pub fn start_with_rules(extra_jobs: &str, rules: &[&std::path::Path]) -> Self {
        let files: Vec<String> = rules
            .iter()
            .map(|path| format!("  - {}\n", path.display()))
            .collect();
        Self::start_in(
            TempDir::new("fedview-prometheus"),
            &format!("{extra_jobs}rule_files:\n{}", files.concat()),
        )
    }

    /// Like [`Prometheus::start`], with its storage filled beforehand from `openmetrics`
    /// (OpenMetrics text with timestamps, ending in `# EOF`) by Debian's
    /// `promtool tsdb create-blocks-from openmetrics`: history that no scrape could gather
    /// in a test's time.
    pub fn start_backfilled(openmetrics: &str) -> Self {
        let dir = TempDir::new("fedview-prometheus");
        let input = dir.path().join("backfill.om");
        std::fs::write(&input, openmetrics).expect("cannot write the backfill");
        let output = Command::new(PROMTOOL_BIN)
            .args(["tsdb", "create-blocks-from", "openmetrics"])
            .arg(&input)
            .arg(dir.path().join("data"))
            .output()
            .expect("cannot run promtool");
        assert!(
            output.status.success(),
            "promtool could not backfill: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        Self::start_in(dir, "")
    }

    fn start_in(dir: TempDir, extra_jobs: &str) -> Self {
        let Identity {
            id,
            client_id,
            secret,
            port,
            prefix,
            hash,
        } = Identity::fresh();

        let web = dir.path().join("web.yml");
        std::fs::write(
            &web,
            format!("basic_auth_users:\n  {client_id}: '{hash}'\n"),
        )
        .expect("cannot write the web config");
        let config = dir.path().join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
                 scrape_configs:\n  - job_name: prometheus\n    metrics_path: {prefix}/metrics\n\
                 \x20   basic_auth:\n      username: {client_id}\n      password: {secret}\n\
                 \x20   static_configs:\n      - targets: ['127.0.0.1:{port}']\n{extra_jobs}"
            ),
        )
        .expect("cannot write the Prometheus config");

        let command = server_command(&config, &web, dir.path(), port, &prefix);
        let process = Process::spawn("prometheus", command, &dir.path().join("prometheus.log"));
        let mut prometheus = Self {
            id,
            client_id,
            secret,
            port,
            process,
            _dir: dir,
        };
        let authorization = prometheus.authorization_header();
        let federate = format!("{prefix}/federate?match[]=up");
        wait_until(
            "Prometheus to scrape itself",
            Duration::from_secs(60),
            || {
                prometheus.process.assert_running();
                let answer = http::get(port, &federate, &authorization)?;
                (answer.status == 200 && answer.body.contains("up{")).then_some(())
            },
        );
        prometheus
    }

    /// The base URL, `http://127.0.0.1:<port>`, to use as the relay's `--upstream`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The path prefix, `/metrics/v1/prometheus/<id>`.
    pub fn prefix(&self) -> String {
        format!("/metrics/v1/prometheus/{}", self.id)
    }

    /// The requests Prometheus has served, by handler, from its own
    /// `prometheus_http_requests_total` (summed over codes), leaving out `/metrics`, which
    /// its self-scrape and this very call reach: what the outside world asked it for. Handlers
    /// are named without the route prefix (`/federate`, `/api/v1/metadata`).
    pub fn served(&self) -> std::collections::BTreeMap<String, f64> {
        let answer = crate::http::get(
            self.port,
            &format!("{}/metrics", self.prefix()),
            &self.authorization_header(),
        )
        .expect("Prometheus answers /metrics");
        assert_eq!(answer.status, 200, "Prometheus's /metrics: {}", answer.head);
        let mut served = std::collections::BTreeMap::new();
        for line in answer.body.lines() {
            let Some(rest) = line.strip_prefix("prometheus_http_requests_total{") else {
                continue;
            };
            let Some(handler) = rest
                .split("handler=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
            else {
                continue;
            };
            let count: f64 = line
                .rsplit(' ')
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_default();
            // Behind a route prefix the handler may be named with or without it.
            let prefix = self.prefix();
            let handler = handler.strip_prefix(prefix.as_str()).unwrap_or(handler);
            if handler != "/metrics" && count > 0.0 {
                *served.entry(handler.to_owned()).or_default() += count;
            }
        }
        served
    }

    /// An `Authorization: Basic …` header line (ending in `\r\n`) with the right secret.
    pub fn authorization_header(&self) -> String {
        format!(
            "Authorization: {}\r\n",
            basic_authorization(&self.client_id, &self.secret)
        )
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Stops the server now (also done on drop).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// A fresh upstream identity: instance id, credentials (and the secret's bcrypt hash for
/// the web config), a free port and the route prefix.
pub(crate) struct Identity {
    pub(crate) id: String,
    pub(crate) client_id: String,
    pub(crate) secret: String,
    pub(crate) port: u16,
    pub(crate) prefix: String,
    pub(crate) hash: String,
}

impl Identity {
    pub(crate) fn fresh() -> Self {
        let id = format!("op{}", random_hex(4));
        let secret = random_hex(16);
        let hash = bcrypt::hash(&secret, 5).expect("bcrypt hashing failed");
        Self {
            prefix: format!("/metrics/v1/prometheus/{id}"),
            client_id: format!("client-{}", random_hex(4)),
            port: free_port(),
            id,
            secret,
            hash,
        }
    }
}

/// The Prometheus command line shaped like WG2's upstream: `config`, the web config `web`
/// (basic auth, and TLS when it says so), storage in `dir`, the route prefix `prefix`.
pub(crate) fn server_command(
    config: &std::path::Path,
    web: &std::path::Path,
    dir: &std::path::Path,
    port: u16,
    prefix: &str,
) -> Command {
    let mut command = Command::new(PROMETHEUS_BIN);
    command
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--web.config.file={}", web.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg(format!("--web.route-prefix={prefix}"))
        .arg("--log.level=warn");
    command
}

/// The connections a Prometheus has accepted, from the text of its own `/metrics`
/// (`net_conntrack_listener_conn_accepted_total`): a way to count the connections a
/// client opened to it.
pub fn accepted_connections(metrics: &str) -> f64 {
    metrics
        .lines()
        .find(|l| {
            l.starts_with("net_conntrack_listener_conn_accepted_total{listener_name=\"http\"}")
        })
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.trim().parse().ok())
        .expect("net_conntrack_listener_conn_accepted_total")
}

/// `Basic base64(user:password)`, the value of an `Authorization` header.
pub fn basic_authorization(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}
