//! The `fedview-relay` binary, started as its own process on a free port.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use crate::{free_port, http, wait_until, workspace_root, Process, TempDir};

/// A running relay; stopped when dropped.
#[derive(Debug)]
pub struct Relay {
    /// The loopback port it listens on.
    pub port: u16,
    process: Process,
    _dir: TempDir,
}

/// Where cargo builds the debug relay binary (`cargo xtask test` builds it first; the
/// relay's own tests pass cargo's exact path to [`Relay::start_at`] instead).
pub fn relay_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("debug").join("fedview-relay")
}

impl Relay {
    /// Starts the relay with `--upstream upstream` plus `args`, and waits for `/healthz`.
    pub fn start(upstream: &str, args: &[&str]) -> Self {
        Self::start_with_env(upstream, args, &[])
    }

    /// Like [`Relay::start`], with extra environment variables (such as `RUST_LOG`).
    pub fn start_with_env(upstream: &str, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_at(&relay_binary(), upstream, args, env)
    }

    /// Starts the relay binary at `binary`.
    pub fn start_at(binary: &Path, upstream: &str, args: &[&str], env: &[(&str, &str)]) -> Self {
        assert!(
            binary.exists(),
            "{} is missing: build it with `cargo build -p fedview-relay` \
             (`cargo xtask test` does)",
            binary.display()
        );
        let dir = TempDir::new("fedview-relay");
        let port = free_port();
        let mut command = Command::new(binary);
        command
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--upstream")
            .arg(upstream)
            .args(args)
            .envs(env.iter().copied());
        let mut process = Process::spawn("fedview-relay", command, &dir.path().join("relay.log"));
        wait_until("the relay to listen", Duration::from_secs(30), || {
            process.assert_running();
            http::get(port, "/healthz", "").filter(|a| a.status == 200)
        });
        Self {
            port,
            process,
            _dir: dir,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The relay's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Everything the relay has logged so far.
    pub fn log(&self) -> String {
        self.process.output()
    }

    /// Stops the relay now (also done on drop).
    pub fn stop(&mut self) {
        self.process.stop();
    }
}
