//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::{
    build,
    command::{self, cmd},
    install,
};

/// What `cargo xtask test` sets so that no test may skip (read by `fedview-testkit`).
const NO_SKIP: (&str, &str) = ("FEDVIEW_NO_SKIP", "1");

/// The relay's feature that mounts the demo upstream, on for every development build.
const DEMO: &str = "fedview-relay/demo";

/// The folders of third-party test data the suites read, under `../shared/testdata`.
const TESTDATA: [&str; 5] = [
    "openmetrics/parsers",
    "prometheus-common-expfmt",
    "prometheus-textparse",
    "samples",
    "dashboards",
];

pub(crate) fn run() -> Result<(), String> {
    // As strict as CI: missing data is a failure here, before anything is installed.
    let data = command::root().join("../shared/testdata");
    let missing: Vec<&str> = TESTDATA
        .iter()
        .filter(|dir| !data.join(dir).is_dir())
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the shared test data is missing: {} lacks {} (the tests read third-party \
             suites and samples from ../shared/testdata beside the project)",
            data.display(),
            missing.join(", ")
        ));
    }
    layers()?;
    install::build_tools()?;
    install::test_packages()?;
    install::python_packages()?;

    command::run(&mut cmd("cargo", &["fmt", "--all", "--", "--check"]))?;
    command::run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            DEMO,
            "--",
            "-D",
            "warnings",
        ],
    ))?;
    command::run(&mut cmd(
        "cargo",
        &[
            "clippy",
            "--package",
            "fedview",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))?;

    // The end-to-end tests serve this build through the relay.
    build::app_release()?;

    // The relay as production builds it carries no demo.
    production_relay_has_no_demo()?;

    // Native unit and integration tests, the end-to-end tests among them; those start the
    // relay binary with its demo, so it is built first.
    command::run(&mut cmd(
        "cargo",
        &["build", "--package", "fedview-relay", "--features", "demo"],
    ))?;
    command::run(
        cmd("cargo", &["test", "--workspace", "--features", DEMO]).env(NO_SKIP.0, NO_SKIP.1),
    )?;

    // Component tests in headless Chromium (see webdriver.json for its flags).
    let mut wasm = cmd(
        "cargo",
        &[
            "test",
            "--package",
            "fedview",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    wasm.env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env(NO_SKIP.0, NO_SKIP.1)
        .env_remove("GECKODRIVER")
        .env_remove("SAFARIDRIVER");
    command::run(&mut wasm)?;

    println!("xtask test: all checks passed");
    Ok(())
}

/// Builds the relay without its `demo` feature, as `cargo xtask dist` does, and checks that
/// `--demo` is refused with a clear message and that no PromQL engine is linked in.
fn production_relay_has_no_demo() -> Result<(), String> {
    command::run(&mut cmd("cargo", &["build", "--package", "fedview-relay"]))?;
    let binary = command::root().join("target/debug/fedview-relay");
    // A build with the demo would start serving instead of exiting: give it a deadline.
    let mut relay = std::process::Command::new(&binary)
        .args(["--demo", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while relay.try_wait().map_err(|e| e.to_string())?.is_none() {
        if std::time::Instant::now() > deadline {
            let _ = relay.kill();
            let _ = relay.wait();
            return Err(format!(
                "the production relay {} accepted --demo and kept serving",
                binary.display()
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let refused = relay.wait_with_output().map_err(|e| e.to_string())?;
    let said = String::from_utf8_lossy(&refused.stderr);
    if refused.status.success() || !said.contains("has no demo upstream") {
        return Err(format!(
            "the production relay should refuse --demo, but exited with {} saying {said:?}",
            refused.status
        ));
    }
    let bytes = std::fs::read(&binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    if bytes.windows(13).any(|w| w == b"promql_parser") {
        return Err(format!(
            "{} links the demo's PromQL engine (promql_parser)",
            binary.display()
        ));
    }
    println!("production relay: refuses --demo, no promql_parser inside");
    Ok(())
}

/// The layering of `src/`: no folder imports one above it (`app/`, `components/`), the pure
/// folders name neither yew nor web_sys, and no folders import each other in a circle.
/// Checked by the shared tool beside the project (see ARCHITECTURE.md).
fn layers() -> Result<(), String> {
    let tool = command::root().join("../shared/tools/layers.py");
    if !tool.is_file() {
        return Err(format!(
            "the layering check is missing: {} (it lives beside the project in ../shared/tools)",
            tool.display()
        ));
    }
    command::run(&mut cmd("python3", &[&tool.display().to_string(), "src"]))
}
