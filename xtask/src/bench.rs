//! `cargo xtask bench [parser|relay]`: runs the benchmarks and records each result, with
//! its date, machine and command, in its own section of BENCHMARKS.md.

use crate::{bench_parser, bench_relay, command::root, report::replace_section};

/// Every benchmark, by name.
const BENCHMARKS: [&str; 2] = ["parser", "relay"];

pub(crate) fn run() -> Result<(), String> {
    let wanted: Vec<String> = std::env::args().skip(2).collect();
    for name in BENCHMARKS {
        if wanted.is_empty() || wanted.iter().any(|w| w == name) {
            let section = match name {
                "parser" => bench_parser::run()?,
                _ => bench_relay::run()?,
            };
            replace_section(&root().join("BENCHMARKS.md"), name, &section)?;
            println!("{section}");
        }
    }
    Ok(())
}
