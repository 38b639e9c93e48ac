//! Embeds the built app (`dist/` at the workspace root, or `FEDVIEW_DIST`) into the relay
//! when the `embed-app` feature is on: writes `$OUT_DIR/embedded_app.rs` with one
//! `include_bytes!` per file, and its `.br` and `.gz` copies beside it. Without the feature
//! or without a built app, the table is empty and the relay says so at start-up.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
};

fn main() {
    println!("cargo:rerun-if-env-changed=FEDVIEW_DIST");
    println!("cargo:rerun-if-changed=build.rs");
    // The manifest's folder as cargo gives it when it runs this script, not as it was when
    // the script was compiled: a script binary reused from another checkout sharing the
    // target folder would otherwise look for that checkout's `dist/`.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let dist =
        std::env::var_os("FEDVIEW_DIST").map_or_else(|| manifest.join("../../dist"), PathBuf::from);
    let embed = std::env::var_os("CARGO_FEATURE_EMBED_APP").is_some();
    let mut table = String::from("static ASSETS: &[Asset] = &[\n");
    if embed {
        println!("cargo:rerun-if-changed={}", dist.display());
        let mut files = Vec::new();
        collect(&dist, &mut files);
        files.sort();
        for file in &files {
            let name = file.to_string_lossy();
            if name.ends_with(".gz") || name.ends_with(".br") {
                continue;
            }
            let Ok(relative) = file.strip_prefix(&dist) else {
                continue;
            };
            let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
            let copy = |suffix: &str| {
                let path = PathBuf::from(format!("{name}.{suffix}"));
                if path.is_file() {
                    format!("Some(include_bytes!({:?}))", path.display().to_string())
                } else {
                    "None".to_owned()
                }
            };
            let _ = writeln!(
                table,
                "    Asset {{ path: {url:?}, identity: include_bytes!({:?}), gzip: {}, br: {} }},",
                file.display().to_string(),
                copy("gz"),
                copy("br")
            );
        }
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(e) = std::fs::write(out.join("embedded_app.rs"), table) {
        panic!("cannot write the embedded app table: {e}");
    }
}

/// Every file under `dir`, recursively (nothing when it does not exist).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
