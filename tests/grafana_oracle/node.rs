//! Runs `oracle.cjs` in Node with the project's `node_modules` (where `cargo xtask test`
//! installs `@grafana/data`), handing it the cases and reading Grafana's answers.

use std::{
    io::Write as _,
    path::Path,
    process::{Command, Stdio},
};

use serde_json::Value;

/// Grafana's answers to `asked` (the JSON `oracle.cjs` reads), or `None` when Node or
/// `@grafana/data` is missing and the run may skip (a failure under `cargo xtask test`).
pub(crate) fn ask_grafana(asked: &Value) -> Option<Value> {
    let root = fedview_testkit::paths::workspace_root();
    let library = root.join("node_modules/@grafana/data/package.json");
    if !fedview_testkit::paths::require(&library, "@grafana/data (npm ci installs it)") {
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/grafana_oracle/oracle.cjs");
    let mut node = match Command::new("node")
        .arg(&script)
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(node) => node,
        Err(e) => {
            fedview_testkit::paths::skip(&format!("node cannot run: {e}"));
            return None;
        }
    };
    let input = serde_json::to_vec(asked).expect("cases as JSON");
    node.stdin
        .take()
        .expect("node's stdin")
        .write_all(&input)
        .expect("cases written to node");
    let output = node.wait_with_output().expect("node finishes");
    assert!(
        output.status.success(),
        "oracle.cjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("Grafana's answers as JSON"))
}
