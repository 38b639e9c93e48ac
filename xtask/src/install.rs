//! Installing what fedview needs, each piece only when it is absent, saying what and why.

use std::path::Path;

use crate::command::{cmd, first_line, node_bin, run};

/// The trunk release that runs on rustc 1.95 (0.22 needs 1.96.1).
const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate pinned in the workspace `Cargo.toml`.
const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// The binaryen release pinned in `package.json` and `Trunk.toml`.
const WASM_OPT_VERSION: &str = "123";
/// The axe-core release pinned in `package.json`: the accessibility test injects it.
const AXE_VERSION: &str = "4.14.1";
/// The `@grafana/data` release pinned in `package.json`: the Grafana differential tests
/// run it in Node as their oracle.
const GRAFANA_DATA_VERSION: &str = "13.2.3";
/// The twiggy release `cargo xtask bench sizes` runs on the page's wasm.
const TWIGGY_VERSION: &str = "0.8.0";
/// Debian packages the tests run against, with the file each one provides.
const DEBIAN_PACKAGES: [(&str, &str); 4] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("prometheus", "/usr/bin/prometheus"),
    (
        "prometheus-node-exporter",
        "/usr/bin/prometheus-node-exporter",
    ),
];

/// Everything the app build and its browser tests need: the wasm target, trunk,
/// wasm-bindgen-cli, and the npm packages (wasm-opt, axe-core).
pub(crate) fn build_tools() -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages()
}

fn wasm_target() -> Result<(), String> {
    let installed = first_line("rustup", &["target", "list", "--installed"]).is_some()
        && cmd("rustup", &["target", "list", "--installed"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"));
    if installed {
        return Ok(());
    }
    println!("installing the Rust target wasm32-unknown-unknown");
    run(&mut cmd(
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    ))
}

fn trunk() -> Result<(), String> {
    if first_line("trunk", &["--version"]).is_some_and(|v| v == format!("trunk {TRUNK_VERSION}")) {
        return Ok(());
    }
    println!("installing trunk {TRUNK_VERSION} (this takes about 8 minutes on 2 cores)");
    run(&mut cmd(
        "cargo",
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
    ))
}

fn wasm_bindgen() -> Result<(), String> {
    let wanted = format!("wasm-bindgen {WASM_BINDGEN_VERSION}");
    if first_line("wasm-bindgen", &["--version"]).is_some_and(|v| v == wanted)
        && first_line("wasm-bindgen-test-runner", &["--version"]).is_some()
    {
        return Ok(());
    }
    println!("installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (a few minutes)");
    // `--locked` fails here on a registry-index lag (webpki-roots), so it is left off.
    run(&mut cmd(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ],
    ))
}

/// twiggy, for `cargo xtask bench sizes` only (the tests do not need it).
pub(crate) fn twiggy() -> Result<(), String> {
    if first_line("twiggy", &["--version"]).is_some_and(|v| v.ends_with(TWIGGY_VERSION)) {
        return Ok(());
    }
    println!("installing twiggy {TWIGGY_VERSION} (a few minutes)");
    run(&mut cmd(
        "cargo",
        &["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"],
    ))
}

fn npm_packages() -> Result<(), String> {
    let wasm_opt = node_bin().join("wasm-opt");
    let wanted = format!("version {WASM_OPT_VERSION}");
    let current = wasm_opt
        .exists()
        .then(|| first_line(&wasm_opt.to_string_lossy(), &["--version"]))
        .flatten();
    let has = |package: &str, version: &str| {
        std::fs::read_to_string(node_bin().join(format!("../{package}/package.json")))
            .unwrap_or_default()
            .contains(&format!("\"version\": \"{version}\""))
    };
    if current.is_some_and(|v| v.contains(&wanted))
        && has("axe-core", AXE_VERSION)
        && has("@grafana/data", GRAFANA_DATA_VERSION)
    {
        return Ok(());
    }
    println!(
        "installing wasm-opt {WASM_OPT_VERSION} (npm package binaryen), axe-core {AXE_VERSION} \
         and @grafana/data {GRAFANA_DATA_VERSION} from package-lock.json"
    );
    run(&mut cmd("npm", &["ci", "--no-audit", "--no-fund"]))
}

/// The Debian packages the tests need: installed with apt-get when running as root,
/// otherwise named in the error.
pub(crate) fn test_packages() -> Result<(), String> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names = missing.join(" ");
    if first_line("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!(
            "the tests need Debian packages that are not installed: {names}\n\
             install them with: sudo apt-get update && sudo apt-get install -y {names}"
        ));
    }
    println!("installing Debian packages: {names}");
    run(&mut cmd("apt-get", &["update"]))?;
    let mut install = cmd("apt-get", &["install", "-y", "--no-install-recommends"]);
    install
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut install)
}

/// The Python reference parser the differential tests compare with.
pub(crate) fn python_packages() -> Result<(), String> {
    let present = cmd("python3", &["-c", "import prometheus_client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    println!("installing the Python package prometheus_client (the differential tests' reference)");
    run(&mut cmd(
        "python3",
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            "crates/promtext/tests/reference/requirements.txt",
        ],
    ))
}
