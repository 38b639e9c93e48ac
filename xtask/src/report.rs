//! Writing results into BENCHMARKS.md: the date, the machine, and one section per
//! benchmark, replaced in place between `<!-- bench:NAME -->` markers.

use std::path::Path;

use crate::command::first_line;

/// Today's date, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    first_line("date", &["-u", "+%Y-%m-%d"]).unwrap_or_else(|| "unknown date".to_owned())
}

/// The machine in one line: CPU model, cores and memory.
pub(crate) fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let gib = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{model}, {cores} cores, {gib:.0} GiB, Debian 12")
}

/// Replaces (or appends) section `name` of the markdown file at `path` with `body`.
pub(crate) fn replace_section(path: &Path, name: &str, body: &str) -> Result<(), String> {
    let start = format!("<!-- bench:{name} -->");
    let end = format!("<!-- /bench:{name} -->");
    let current = std::fs::read_to_string(path).unwrap_or_else(|_| {
        "# Benchmarks\n\nEvery figure here was written by `cargo xtask bench` on the machine and \
         date it names. These machines are noisy, so compare figures within one run, as \
         ratios, not across runs.\n"
            .to_owned()
    });
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    let updated = match (current.find(&start), current.find(&end)) {
        (Some(a), Some(b)) if a < b => {
            let tail = current.get(b + end.len()..).unwrap_or_default();
            format!("{}{section}{tail}", current.get(..a).unwrap_or_default())
        }
        _ => format!("{}\n{section}\n", current.trim_end()),
    };
    std::fs::write(path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
