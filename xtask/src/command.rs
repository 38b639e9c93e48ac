//! Running commands from the workspace root, echoing them first, with the project's tool
//! folders first on `PATH`.

use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    process::Command,
};

/// The workspace root: the parent of this crate's folder.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where cargo puts what it builds, as cargo itself says (`CARGO_TARGET_DIR` and
/// `.cargo/config.toml` included); `target/` when it cannot say.
pub(crate) fn target_dir() -> PathBuf {
    cmd("cargo", &["metadata", "--format-version", "1", "--no-deps"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .and_then(|out| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
        .and_then(|m| m["target_directory"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| root().join("target"))
}

/// A binary built by `cargo build --release`.
pub(crate) fn release_binary(name: &str) -> PathBuf {
    target_dir().join("release").join(name)
}

/// The folder npm installs `wasm-opt` into (see `package.json`).
pub(crate) fn node_bin() -> PathBuf {
    root().join("node_modules").join(".bin")
}

/// `PATH` with the project's npm tools and cargo's install folder in front.
pub(crate) fn tool_path() -> OsString {
    let mut dirs = vec![node_bin()];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// A command run from the workspace root with [`tool_path`].
pub(crate) fn cmd(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root())
        .env("PATH", tool_path());
    command
}

/// Runs `command`, echoing it, and fails with its name when it does not succeed.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let shown = describe(command);
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs `command`, echoing it; what it printed on stdout, or why it failed.
pub(crate) fn output(command: &mut Command) -> Result<String, String> {
    let shown = describe(command);
    println!("$ {shown}");
    let output = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!("`{shown}` failed ({})", output.status))
    }
}

/// The first line a command prints, or `None` when it cannot run.
pub(crate) fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let output = cmd(program, args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines().next().map(|l| l.trim().to_owned())
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
