//! Building the app with trunk, offline, with the tools `install` put in place, and
//! precompressing it for the relay.

use std::path::PathBuf;

use crate::{
    command::{cmd, root, run},
    compress,
};

/// `trunk build --release` into `dist/`, then a brotli and a gzip copy of each asset.
pub(crate) fn app_release() -> Result<(), String> {
    run(&mut cmd("trunk", &["build", "--release", "--offline"]))?;
    let (files, before, after) = compress::precompress(&root().join("dist"))?;
    println!(
        "precompressed {files} files of dist/: {} KB, {} KB with brotli",
        before / 1000,
        after / 1000
    );
    Ok(())
}

/// The relay in release for development, serving and benchmarks: the app in `dist/`
/// embedded (the default feature) and the demo upstream mounted behind `--demo`.
pub(crate) fn relay_release() -> Result<(), String> {
    run(&mut cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "fedview-relay",
            "--features",
            "demo",
        ],
    ))
}

/// The relay in release as it is deployed: the app embedded, no demo. Returns where cargo
/// put the binary (its target folder may be anywhere `CARGO_TARGET_DIR` says).
pub(crate) fn relay_production() -> Result<PathBuf, String> {
    let args = [
        "build",
        "--release",
        "--package",
        "fedview-relay",
        "--bin",
        "fedview-relay",
        "--message-format=json-render-diagnostics",
    ];
    println!("$ cargo {}", args.join(" "));
    let output = cmd("cargo", &args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("building the relay failed ({})", output.status));
    }
    // Cargo says where it wrote each artifact; the relay's binary is its executable.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "fedview-relay")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo built no fedview-relay executable".to_owned())
}
