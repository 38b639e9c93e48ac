//! Where the workspace and the shared test data are, and what to do when something a test
//! needs is missing: fail under `CI=true`, skip with a printed reason elsewhere.

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Whether this run is CI, where nothing may be skipped.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Checks that `path` exists. Missing, it panics under CI and otherwise prints why the
/// calling test skips and returns `false`.
pub fn require(path: &Path, what: &str) -> bool {
    if path.exists() {
        return true;
    }
    let message = format!("{what} is missing: {} does not exist", path.display());
    assert!(
        !is_ci(),
        "{message} (CI=true: this is a failure, not a skip)"
    );
    eprintln!("SKIPPED: {message}");
    false
}

/// `../shared/testdata` relative to the workspace root, or `None` (after printing why)
/// when it is missing outside CI.
pub fn testdata_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared/testdata");
    require(&dir, "the shared test data folder").then_some(dir)
}
