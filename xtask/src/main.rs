//! `cargo xtask`: installs what fedview needs and runs it (`serve`), checks it (`test`) or
//! measures it (`bench`).

mod bench;
mod bench_alerts;
mod bench_boards;
mod bench_cli;
mod bench_large;
mod bench_lighthouse;
mod bench_parser;
mod bench_promql;
mod bench_relay;
mod bench_sizes;
mod bench_soak;
mod bench_viewer;
mod build;
mod command;
mod compress;
mod dist;
mod first_load;
mod fuzz;
mod install;
mod profile;
mod report;
mod screenshots;
mod serve;
mod test;
mod wasm_bench;
mod webdriver;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup   install what is missing for building and serving the app (the wasm target, trunk,
          wasm-bindgen-cli, wasm-opt), and nothing else; then `trunk serve` works offline
  serve   install what is missing, build the app in release and serve it with the demo
          upstream on http://127.0.0.1:8080 (until Ctrl-C)
  test    install what is missing, then run fmt, clippy, the native tests, the wasm tests
          in headless Chromium and the end-to-end tests
  dist    build the one binary to deploy: the relay with the app embedded, in
          target/dist/fedview-relay
  bench   run the benchmarks and record them in BENCHMARKS.md (`bench parser`, `bench relay`,
          `bench viewer`, `bench large`, `bench boards`, `bench promql` or `bench lighthouse`:
          one); `bench soak [--minutes N] [--series S] [--churn PODS] [--keep MINUTES]`, only
          when named: a wall display left running on a churning upstream
  fuzz    fuzz the parser for SECONDS (default 60), seeded from ../shared/testdata
  screenshots  retake docs/viewer-light.png and docs/viewer-dark.png from the demo";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "setup" => install::build_tools(),
        "dist" => dist::run(),
        "serve" => serve::run(),
        "test" => test::run(),
        "bench" => bench::run(),
        "fuzz" => fuzz::run(),
        "screenshots" => screenshots::run(),
        "" | "help" | "-h" | "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown task {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
