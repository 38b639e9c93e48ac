//! The relay's command line and environment configuration.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::Parser;

/// `fedview-relay`: lets the fedview app in a browser reach a WG2 hosted Prometheus.
///
/// Only the health check, federation and the read-only Prometheus HTTP API under
/// `/metrics/v1/prometheus/{id}/` are forwarded, and only to the one `--upstream`.
#[derive(Debug, Clone, Parser)]
#[command(name = "fedview-relay", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "FEDVIEW_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The one upstream every request goes to (scheme, host and optional port).
    #[arg(
        long,
        env = "FEDVIEW_UPSTREAM",
        default_value = "https://api.wgtwo.com"
    )]
    pub upstream: String,

    /// Serve the built app (trunk's `dist/`) from this folder on the same origin.
    #[arg(long = "static", env = "FEDVIEW_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,

    /// An origin allowed to call the relay from another page (repeatable). Same-origin use
    /// needs none.
    #[arg(
        long = "allow-origin",
        env = "FEDVIEW_ALLOW_ORIGIN",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,

    /// Answer for identifier `demo` (client ID `demo`, secret `demo`) from an embedded,
    /// changing demo data set instead of the upstream. Only builds with the `demo` feature
    /// have it (the development commands); a production build refuses it.
    #[arg(long, env = "FEDVIEW_DEMO")]
    pub demo: bool,

    /// How many series the demo data set has.
    #[arg(long, env = "FEDVIEW_DEMO_SERIES", default_value_t = 500)]
    pub demo_series: usize,

    /// How many of the demo's pods (57 series each) are replaced at each of its scrapes
    /// (every 15 s): their series leave and new ones come, as deployments replace pods.
    #[arg(long, env = "FEDVIEW_DEMO_CHURN", default_value_t = 0)]
    pub demo_churn: usize,

    /// How long to wait for the upstream's response headers, and for each read of its
    /// body, before answering 504 (e.g. `30s`, `500ms`, `2m`).
    #[arg(long, env = "FEDVIEW_TIMEOUT", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Largest upstream response body to relay, in bytes (default: no limit).
    #[arg(long, env = "FEDVIEW_MAX_BODY", value_name = "BYTES")]
    pub max_body: Option<u64>,

    /// A PEM file of CA certificates to trust for the upstream's TLS certificate, in
    /// addition to the system's roots (for an upstream behind a private CA).
    #[arg(long, env = "FEDVIEW_UPSTREAM_CA", value_name = "FILE")]
    pub upstream_ca: Option<PathBuf>,

    /// How long a client may take to send a request's headers, on a new connection or on a
    /// kept-alive one; the clock starts when the relay begins waiting for the request, so
    /// this is also how long a kept-alive connection may sit idle before it is closed.
    #[arg(long, env = "FEDVIEW_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,

    /// Most client connections open at once; further clients wait to be accepted. Each
    /// takes a file descriptor, so the process's limit (`ulimit -n`) must be higher.
    #[arg(long, env = "FEDVIEW_MAX_CONNECTIONS", default_value_t = 4096)]
    pub max_connections: usize,

    /// Threads serving requests: 1 (the default) serves everything on one thread, which on
    /// a small shared machine avoids waking threads for every piece of a streamed answer;
    /// 0 uses one per core.
    #[arg(long, env = "FEDVIEW_THREADS", default_value_t = 1)]
    pub threads: usize,

    /// While answers stream, handle network events in rounds at most this far apart (e.g.
    /// `0.5ms`; `0` handles each event as it comes). Fewer wake-ups cut the relay's CPU per
    /// forwarded MB by about a third, for at most this much added latency while an answer
    /// streams. Applies to the single-threaded runtime (`--threads 1`) only.
    #[arg(long, env = "FEDVIEW_COALESCE", default_value = "0.5ms", value_parser = parse_duration)]
    pub coalesce: Duration,

    /// Largest request body a client may send (the form-encoded POST of a PromQL query).
    #[arg(
        long,
        env = "FEDVIEW_MAX_REQUEST_BODY",
        value_name = "BYTES",
        default_value_t = 1024 * 1024
    )]
    pub max_request_body: usize,
}

/// Parses `30s`, `500ms`, `250us`, `2m`, `1h`, `7d` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let number: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 30s or 500ms"))?;
    let seconds = match unit {
        "us" | "µs" => number / 1_000_000.0,
        "ms" => number / 1000.0,
        "s" => number,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        "d" => number * 86_400.0,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {text:?}: use us, ms, s, m, h or d"
            ))
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("{text:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("250us"), Ok(Duration::from_micros(250)));
        assert_eq!(parse_duration("0.5ms"), Ok(Duration::from_micros(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("3w").is_err());
        assert!(parse_duration("soon").is_err());
    }
}
