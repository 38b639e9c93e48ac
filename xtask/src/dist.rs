//! `cargo xtask dist`: the one binary to deploy. Builds the app (precompressed), then the
//! relay in release with the app embedded (and without the demo upstream), and copies it to
//! `target/dist/fedview-relay`.

use crate::{build, command::root, install};

pub(crate) fn run() -> Result<(), String> {
    install::build_tools()?;
    build::app_release()?;
    let built = build::relay_production()?;
    let out = root().join("target/dist");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let binary = out.join("fedview-relay");
    std::fs::copy(&built, &binary).map_err(|e| format!("{}: {e}", built.display()))?;
    let size = std::fs::metadata(&binary).map_or(0, |m| m.len());
    println!(
        "{}: {:.1} MB, the app embedded; copy it anywhere and run it \
         (see the README's Deployment section)",
        binary.display(),
        size as f64 / 1e6
    );
    Ok(())
}
