//! `cargo xtask bench [sizes|parser|relay|viewer|large|boards|alerts|promql|lighthouse]`: runs the benchmarks and records each result, with
//! its date, machine and command, in its own section of BENCHMARKS.md. `cargo xtask bench
//! soak [--minutes N] [--series S] [--churn PODS] [--keep MINUTES]` runs only when named:
//! it takes as long as it is told to.

use crate::{
    bench_alerts, bench_boards, bench_large, bench_lighthouse, bench_parser, bench_promql,
    bench_relay, bench_sizes, bench_soak, bench_viewer, command::root, report::replace_section,
};

/// Every benchmark, by name.
const BENCHMARKS: [&str; 9] = [
    "sizes",
    "parser",
    "relay",
    "viewer",
    "large",
    "boards",
    "alerts",
    "promql",
    "lighthouse",
];

pub(crate) fn run() -> Result<(), String> {
    let wanted: Vec<String> = std::env::args().skip(2).collect();
    if wanted.first().is_some_and(|w| w == "soak") {
        let section = bench_soak::run(wanted.get(1..).unwrap_or_default())?;
        replace_section(&root().join("BENCHMARKS.md"), "soak", &section)?;
        println!("{section}");
        return Ok(());
    }
    if let Some(file) = crate::profile::wanted() {
        // A profile is for finding where time goes, not a figure: Node Exporter Full only,
        // nothing written to BENCHMARKS.md.
        bench_boards::profile_node_exporter_full()?;
        println!("profile of Node Exporter Full's first run: {file}");
        return Ok(());
    }
    for name in BENCHMARKS {
        if wanted.is_empty() || wanted.iter().any(|w| w == name) {
            let section = match name {
                "sizes" => bench_sizes::run()?,
                "parser" => bench_parser::run()?,
                "relay" => bench_relay::run()?,
                "large" => bench_large::run()?,
                "boards" => bench_boards::run()?,
                "alerts" => bench_alerts::run()?,
                "promql" => bench_promql::run()?,
                "lighthouse" => bench_lighthouse::run()?,
                _ => bench_viewer::run()?,
            };
            replace_section(&root().join("BENCHMARKS.md"), name, &section)?;
            println!("{section}");
        }
    }
    Ok(())
}
