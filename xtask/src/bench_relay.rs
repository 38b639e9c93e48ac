//! The relay benchmark: wrk with 64 connections for 10 s against a real Prometheus shaped
//! like WG2's, directly and through the relay in the same run, on `federate` (about 1 MB,
//! fed by a demo relay Prometheus scrapes) and `-/healthy`; then the relay's memory while
//! it streams a 200 MB answer.

use std::{
    io::{Read as _, Write as _},
    net::TcpStream,
    path::Path,
    process::Command,
    time::{Duration, Instant},
};

use fedview_testkit::{
    http, prometheus::basic_authorization, resident_kib, wait_until, Prometheus, Relay,
    StreamingUpstream,
};

use crate::{
    build,
    command::{self, cmd, first_line},
    report::{machine, today},
};

/// Alternating runs per side and endpoint: the machine is noisy, so more rounds steady the
/// ratio.
const ROUNDS: usize = 4;

/// What wrk reported for one run.
#[derive(Debug, Default)]
struct Load {
    requests: u64,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

pub(crate) fn run() -> Result<String, String> {
    ensure_wrk()?;
    build::relay_release()?;
    let binary = crate::command::release_binary("fedview-relay");

    // A demo relay with 5,000 series for Prometheus to scrape, so federation is ~1 MB.
    let demo = Relay::start_at(
        &binary,
        "http://127.0.0.1:9",
        &["--demo", "--demo-series", "5000"],
        &[],
    );
    let prometheus = Prometheus::start_with_scrapes(&format!(
        "  - job_name: demo\n    honor_labels: true\n    metrics_path: /metrics/v1/prometheus/demo/federate\n\
         \x20   params:\n      'match[]': ['{{job=\"mobile-core\"}}']\n\
         \x20   basic_auth:\n      username: demo\n      password: demo\n\
         \x20   static_configs:\n      - targets: ['127.0.0.1:{}']\n",
        demo.port
    ));
    let relay = Relay::start_at(&binary, &prometheus.origin(), &[], &[]);
    let auth = basic_authorization(&prometheus.client_id, &prometheus.secret);
    let selector: String = form_urlencoded_selector("{job=\"mobile-core\"}");
    let federate = format!("{}/federate?match[]={selector}", prometheus.prefix());
    // About two thirds of the regions (those whose number ends in 0 to 6): about 0.5 MB.
    let selector = form_urlencoded_selector("{job=\"mobile-core\",region=~\".*[0-6]\"}");
    let federate_half = format!("{}/federate?match[]={selector}", prometheus.prefix());
    let healthy = format!("{}/-/healthy", prometheus.prefix());
    let size_of = |path: &str| {
        http::get(prometheus.port, path, &format!("Authorization: {auth}\r\n"))
            .map_or(0, |a| a.body.len())
    };
    let federate_bytes = wait_until(
        "Prometheus to federate the demo series",
        Duration::from_secs(90),
        || {
            let answer = http::get(
                prometheus.port,
                &federate,
                &format!("Authorization: {auth}\r\n"),
            )?;
            (answer.status == 200 && answer.body.len() > 700_000).then_some(answer.body.len())
        },
    );

    let half_bytes = size_of(&federate_half);
    let mut rows = String::new();
    let mut cpu_rows = String::new();
    let endpoints = [
        (
            format!("federate, {} KB", half_bytes / 1000),
            &federate_half,
            "0.9",
            half_bytes,
        ),
        (
            format!("federate, {} KB", federate_bytes / 1000),
            &federate,
            "0.9",
            federate_bytes,
        ),
        ("-/healthy".to_owned(), &healthy, "retired", 0),
    ];
    for (endpoint, path, target, bytes) in endpoints {
        // Alternating rounds, so drift on a noisy machine hits both sides alike. CPU time
        // (user + system) of each server is read around every run.
        let mut direct = Vec::new();
        let mut relayed = Vec::new();
        let mut cpu = CpuPerRequest::default();
        for _ in 0..ROUNDS {
            let before = cpu_seconds(prometheus.pid());
            let load = wrk(
                &format!("http://127.0.0.1:{}{path}", prometheus.port),
                &auth,
            )?;
            cpu.prometheus_direct += cpu_seconds(prometheus.pid()) - before;
            direct.push(load);
            let (before, relay_before) = (cpu_seconds(prometheus.pid()), cpu_seconds(relay.pid()));
            let load = wrk(&format!("http://127.0.0.1:{}{path}", relay.port), &auth)?;
            cpu.prometheus_relayed += cpu_seconds(prometheus.pid()) - before;
            cpu.relay += cpu_seconds(relay.pid()) - relay_before;
            relayed.push(load);
        }
        let direct = average(&direct);
        let relayed = average(&relayed);
        let micros = |seconds: f64, load: &Load| seconds * 1e6 / load.requests.max(1) as f64;
        let relay_micros = micros(cpu.relay, &relayed);
        let per_megabyte = if bytes > 0 {
            format!("{:.2}", relay_micros / 1000.0 / (bytes as f64 / 1e6))
        } else {
            "–".to_owned()
        };
        cpu_rows.push_str(&format!(
            "| `{endpoint}` | {:.0} | {:.0} | {relay_micros:.0} | {per_megabyte} |\n",
            micros(cpu.prometheus_direct, &direct),
            micros(cpu.prometheus_relayed, &relayed),
        ));
        let ratio = relayed.requests_per_second / direct.requests_per_second;
        let target = match target {
            "retired" => "no target".to_owned(),
            number => format!("target {number}×"),
        };
        rows.push_str(&format!(
            "| `{endpoint}` | {:.0} | {:.0} | **{ratio:.2}×** ({target}) | {:.1} / {:.1} | {:+.1} | {} / {} |\n",
            direct.requests_per_second,
            relayed.requests_per_second,
            direct.p99_ms,
            relayed.p99_ms,
            relayed.p99_ms - direct.p99_ms,
            direct.errors,
            relayed.errors,
        ));
    }

    let (before, peak, seconds) = stream_200_mb(&binary)?;
    Ok(format!(
        "## Relay throughput and memory\n\n{} · {} · `cargo xtask bench relay` (wrk {}, 2 \
         threads, 64 connections, 10 s per run, 30 s timeout, {ROUNDS} alternating runs per side averaged; \
         release build of the relay; Debian's Prometheus 2.42 with basic auth and the WG2 \
         route prefix; `federate` answers {:.0} KB)\n\n\
         wrk, Prometheus and the relay share the machine's 2 cores, so the relay competes \
         with the upstream it measures.\n\n\
         | endpoint | direct req/s | relay req/s | relay ÷ direct | p99 ms direct / relay | p99 added ms | errors direct / relay |\n\
         |---|---:|---:|---:|---:|---:|---:|\n{rows}\n\
         CPU time per request (user + system, from `/proc`), in µs: what each server spends \
         on one request, which on a shared 2-core machine is what bounds the ratio; and the \
         relay's per forwarded MB (target ≤ 1.5 ms). The healthy ratio's target is retired: \
         on 2 shared cores a forwarding hop costs about what Prometheus itself spends.\n\n\
         | endpoint | Prometheus, direct µs | Prometheus, behind the relay µs | relay µs | relay ms per MB |\n\
         |---|---:|---:|---:|---:|\n{cpu_rows}\n\
         Streaming 200 MiB through the relay: RSS {:.1} MiB before, {:.1} MiB at peak \
         (+{:.1} MiB), {:.0} MiB/s.\n",
        today(),
        machine(),
        first_line("wrk", &["--version"]).unwrap_or_default().split_whitespace().nth(1).unwrap_or("4"),
        federate_bytes as f64 / 1000.0,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / 1024.0,
        200.0 / seconds,
    ))
}

fn ensure_wrk() -> Result<(), String> {
    if Path::new("/usr/bin/wrk").exists() {
        return Ok(());
    }
    if first_line("id", &["-u"]).as_deref() != Some("0") {
        return Err("the relay benchmark needs wrk: sudo apt-get install -y wrk".to_owned());
    }
    println!("installing Debian's wrk (the load generator)");
    let mut install = cmd(
        "apt-get",
        &["install", "-y", "--no-install-recommends", "wrk"],
    );
    install.env("DEBIAN_FRONTEND", "noninteractive");
    command::run(&mut install)
}

fn form_urlencoded_selector(selector: &str) -> String {
    selector
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn wrk(url: &str, authorization: &str) -> Result<Load, String> {
    let output = Command::new("wrk")
        .args([
            "-t2",
            "-c64",
            "-d10s",
            "--timeout",
            "30s",
            "--latency",
            "-H",
        ])
        .arg(format!("Authorization: {authorization}"))
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut load = Load::default();
    for line in text.lines().map(str::trim) {
        if let Some((count, _)) = line.split_once(" requests in ") {
            load.requests = count.trim().parse().unwrap_or(0);
        } else if let Some(rate) = line.strip_prefix("Requests/sec:") {
            load.requests_per_second = rate.trim().parse().unwrap_or(0.0);
        } else if let Some(latency) = line.strip_prefix("50%") {
            load.p50_ms = milliseconds(latency.trim());
        } else if let Some(latency) = line.strip_prefix("99%") {
            load.p99_ms = milliseconds(latency.trim());
        } else if let Some(count) = line.strip_prefix("Non-2xx or 3xx responses:") {
            load.errors += count.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(socket) = line.strip_prefix("Socket errors:") {
            load.errors += socket
                .split(',')
                .filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    if load.requests_per_second == 0.0 {
        return Err(format!("wrk measured nothing on {url}:\n{text}"));
    }
    Ok(load)
}

/// CPU seconds spent by the servers over a set of runs.
#[derive(Debug, Default)]
struct CpuPerRequest {
    prometheus_direct: f64,
    prometheus_relayed: f64,
    relay: f64,
}

/// User plus system CPU seconds process `pid` has used so far (0 when unreadable).
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks / clock_ticks_per_second()
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks_per_second() -> f64 {
    first_line("getconf", &["CLK_TCK"])
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

fn milliseconds(text: &str) -> f64 {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => number / 1000.0,
        "s" => number * 1000.0,
        "m" => number * 60_000.0,
        _ => number,
    }
}

fn average(runs: &[Load]) -> Load {
    let n = runs.len().max(1) as f64;
    Load {
        requests: runs.iter().map(|r| r.requests).sum(),
        requests_per_second: runs.iter().map(|r| r.requests_per_second).sum::<f64>() / n,
        p50_ms: runs.iter().map(|r| r.p50_ms).sum::<f64>() / n,
        p99_ms: runs.iter().map(|r| r.p99_ms).sum::<f64>() / n,
        errors: runs.iter().map(|r| r.errors).sum(),
    }
}

/// Streams 200 MiB through a relay; returns its RSS before and at peak (KiB) and seconds.
fn stream_200_mb(binary: &Path) -> Result<(u64, u64, f64), String> {
    const TOTAL: u64 = 200 * 1024 * 1024;
    let upstream = StreamingUpstream::start(TOTAL);
    let relay = Relay::start_at(binary, &upstream.origin(), &[], &[]);
    let _ = http::get(relay.port, "/healthz", "");
    let (before, _) = resident_kib(relay.pid()).ok_or("cannot read the relay's memory")?;
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", relay.port)).map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /metrics/v1/prometheus/x/federate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let mut buffer = vec![0u8; 256 * 1024];
    let mut received = 0u64;
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received += n as u64,
            Err(e) => {
                return Err(format!(
                    "the 200 MiB stream broke after {received} bytes: {e}"
                ))
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let (_, peak) = resident_kib(relay.pid()).ok_or("cannot read the relay's memory")?;
    if received < TOTAL {
        return Err(format!("only {received} of {TOTAL} bytes came through"));
    }
    Ok((before, peak, seconds))
}
