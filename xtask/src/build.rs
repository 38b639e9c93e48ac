//! Building the app with trunk, offline, with the tools `install` put in place, and
//! precompressing it for the relay.

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

/// The relay in release as it is deployed: the app embedded, no demo.
pub(crate) fn relay_production() -> Result<(), String> {
    run(&mut cmd(
        "cargo",
        &["build", "--release", "--package", "fedview-relay"],
    ))
}
