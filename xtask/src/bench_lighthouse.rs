//! The first-load benchmark as an outside judge sees it: Lighthouse (the npm package
//! `package.json` pins) in its mobile preset (a slow 4G network and a slow phone CPU,
//! simulated) and its desktop preset, with Debian's Chromium, on the release app served
//! by the release relay with its demo upstream.

use std::path::Path;

use serde_json::Value;

use crate::{
    build,
    command::{cmd, node_bin, root},
    report::{machine, today},
    webdriver::demo_relay,
};

/// Runs of the mobile preset; the median of each figure is reported.
const MOBILE_RUNS: usize = 3;

/// What one Lighthouse run measured.
struct Run {
    performance: f64,
    accessibility: f64,
    best_practices: f64,
    lcp_ms: f64,
    tbt_ms: f64,
    fcp_ms: f64,
    tti_ms: f64,
}

/// A figure of the report: its name, how it is read from a run, its unit, and the target.
type Figure = (&'static str, fn(&Run) -> f64, &'static str, &'static str);

/// How Lighthouse loads the page.
#[derive(Clone, Copy)]
enum Preset {
    /// The mobile preset, simulated from a trace at full speed (Lighthouse's default).
    Mobile,
    /// The mobile preset, with the network and CPU throttled while the page loads.
    MobileApplied,
    /// The desktop preset.
    Desktop,
}

/// The median of `figure` over `runs`.
fn median_of(runs: &[Run], figure: fn(&Run) -> f64) -> f64 {
    let mut values: Vec<f64> = runs.iter().map(figure).collect();
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    let lighthouse = node_bin().join("lighthouse");
    if !lighthouse.exists() {
        return Err(format!(
            "{} is missing: run `npm ci` (package.json pins lighthouse)",
            lighthouse.display()
        ));
    }
    let version = crate::command::first_line(&lighthouse.to_string_lossy(), &["--version"])
        .unwrap_or_default();
    let relay = demo_relay();
    let mobile: Vec<Run> = (0..MOBILE_RUNS)
        .map(|_| audit(&lighthouse, &relay.origin(), Preset::Mobile))
        .collect::<Result<_, _>>()?;
    let applied: Vec<Run> = (0..MOBILE_RUNS)
        .map(|_| audit(&lighthouse, &relay.origin(), Preset::MobileApplied))
        .collect::<Result<_, _>>()?;
    let desktop = audit(&lighthouse, &relay.origin(), Preset::Desktop)?;
    let figures: [Figure; 7] = [
        ("performance score", |r| r.performance, "", "≥ 95"),
        ("accessibility score", |r| r.accessibility, "", ""),
        ("best practices score", |r| r.best_practices, "", ""),
        (
            "largest contentful paint",
            |r| r.lcp_ms,
            " ms",
            "≤ 2,500 ms",
        ),
        ("total blocking time", |r| r.tbt_ms, " ms", "≤ 150 ms"),
        ("first contentful paint", |r| r.fcp_ms, " ms", ""),
        ("time to interactive", |r| r.tti_ms, " ms", ""),
    ];
    let mut out = format!(
        "## First load, judged by Lighthouse\n\n{} · {} · `cargo xtask bench lighthouse` \
         (Lighthouse {version}, Debian's Chromium headless; the release app served by the \
         release relay on loopback, before connecting)\n\n\
         | what | mobile preset, simulated (Lighthouse's default), median of {MOBILE_RUNS} (each run) | mobile preset, applied throttling, median of {MOBILE_RUNS} | desktop preset | target (mobile) |\n\
         |---|---:|---:|---:|---:|\n",
        today(),
        machine(),
    );
    for (what, figure, unit, target) in figures {
        let each: Vec<String> = mobile.iter().map(|r| format!("{:.0}", figure(r))).collect();
        out.push_str(&format!(
            "| {what} | {:.0}{unit} ({}) | {:.0}{unit} | {:.0}{unit} | {target} |\n",
            median_of(&mobile, figure),
            each.join(", "),
            median_of(&applied, figure),
            figure(&desktop),
        ));
    }
    out.push_str(
        "\nThe mobile preset stands for a slow 4G network (150 ms round trip, 1.6 Mbit/s) and a \
         CPU four times slower than this machine's. By default Lighthouse *simulates* it: it \
         loads the page at full speed on loopback and estimates the times from that trace. \
         The applied column throttles the network and CPU for real while the page loads \
         (`--throttling-method=devtools`).\n",
    );
    Ok(out)
}

/// One Lighthouse run on `url` in `preset`.
fn audit(lighthouse: &Path, url: &str, preset: Preset) -> Result<Run, String> {
    let report = root().join("target").join("lighthouse.json");
    let mut command = cmd(
        &lighthouse.to_string_lossy(),
        &[
            url,
            "--quiet",
            "--output=json",
            "--only-categories=performance,accessibility,best-practices",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
    );
    command.arg(format!("--output-path={}", report.display()));
    match preset {
        Preset::Mobile => {}
        Preset::MobileApplied => {
            command.arg("--throttling-method=devtools");
        }
        Preset::Desktop => {
            command.arg("--preset=desktop");
        }
    }
    command.env("CHROME_PATH", "/usr/bin/chromium");
    let status = command
        .status()
        .map_err(|e| format!("cannot run lighthouse: {e}"))?;
    if !status.success() {
        return Err(format!("lighthouse failed ({status})"));
    }
    let text =
        std::fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| format!("lighthouse's report: {e}"))?;
    let score = |category: &str| {
        json["categories"][category]["score"]
            .as_f64()
            .unwrap_or(f64::NAN)
            * 100.0
    };
    let audit = |id: &str| {
        json["audits"][id]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    Ok(Run {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        lcp_ms: audit("largest-contentful-paint"),
        tbt_ms: audit("total-blocking-time"),
        fcp_ms: audit("first-contentful-paint"),
        tti_ms: audit("interactive"),
    })
}
