//! Where the workspace and the shared test data are, and what to do when something a test
//! needs is missing: fail where nothing may be skipped (`CI=true`, or under `cargo xtask
//! test`, which sets `FEDVIEW_NO_SKIP=1`), and elsewhere skip in a way people see.

use std::{
    io::Write as _,
    path::{Path, PathBuf},
};

/// Set by `cargo xtask test`: a missing folder or tool is a failure, as in CI.
pub const NO_SKIP_VAR: &str = "FEDVIEW_NO_SKIP";
/// Where skipped tests are listed, one line each, for `cargo xtask` to count and print.
pub const SKIP_LOG_VAR: &str = "FEDVIEW_SKIP_LOG";

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Whether this run is CI.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether nothing may be skipped: CI, or `cargo xtask test`.
pub fn nothing_may_skip() -> bool {
    is_ci() || std::env::var(NO_SKIP_VAR).is_ok_and(|v| v == "1" || v == "true")
}

/// Skips the calling test because of `why`, or fails it where nothing may be skipped.
///
/// The reason goes straight to the process's stderr, past libtest's capture, so a plain
/// `cargo test` shows it even when the test "passes"; it is also appended to the file named
/// by `FEDVIEW_SKIP_LOG`, when set.
pub fn skip(why: &str) {
    assert!(
        !nothing_may_skip(),
        "{why} (nothing may be skipped under CI=true or `cargo xtask test`: this is a failure)"
    );
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let line = format!("SKIPPED {test}: {why}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    if let Some(log) = std::env::var_os(SKIP_LOG_VAR) {
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = file.write_all(line.as_bytes());
        }
    }
}

/// Checks that `path` exists. Missing, it fails where nothing may be skipped, and
/// otherwise says why the calling test skips and returns `false`.
pub fn require(path: &Path, what: &str) -> bool {
    if path.exists() {
        return true;
    }
    skip(&format!(
        "{what} is missing: {} does not exist",
        path.display()
    ));
    false
}

/// `../shared/testdata` relative to the workspace root, or `None` (after saying why) when
/// it is missing and skipping is allowed.
pub fn testdata_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/testdata");
    require(&dir, "the shared test data folder").then_some(dir)
}
