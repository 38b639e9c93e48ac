//! Debian's `prometheus-node-exporter`, exporting this machine's real metrics on a free
//! loopback port, for a test's Prometheus to scrape (`Prometheus::start_with_scrapes`).

use std::{path::PathBuf, process::Command, time::Duration};

use crate::{free_port, http, wait_until, Process, TempDir};

/// Where Debian's package puts the exporter.
pub const NODE_EXPORTER_BIN: &str = "/usr/bin/prometheus-node-exporter";

/// A running node exporter; stopped when dropped.
#[derive(Debug)]
pub struct NodeExporter {
    /// The loopback port it listens on.
    pub port: u16,
    process: Process,
    _dir: TempDir,
}

impl NodeExporter {
    /// Whether the exporter is installed; prints why a test skips (or panics under CI)
    /// when it is not.
    pub fn available() -> bool {
        crate::require(
            &PathBuf::from(NODE_EXPORTER_BIN),
            "Debian's prometheus-node-exporter package",
        )
    }

    /// Starts the exporter on a free port and waits until it serves its metrics.
    pub fn start() -> Self {
        let dir = TempDir::new("fedview-node-exporter");
        let port = free_port();
        let mut command = Command::new(NODE_EXPORTER_BIN);
        command
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--log.level=warn");
        let process = Process::spawn(
            "prometheus-node-exporter",
            command,
            &dir.path().join("node-exporter.log"),
        );
        let mut exporter = Self {
            port,
            process,
            _dir: dir,
        };
        wait_until(
            "the node exporter to serve its metrics",
            Duration::from_secs(30),
            || {
                exporter.process.assert_running();
                let answer = http::get(port, "/metrics", "")?;
                (answer.status == 200 && answer.body.contains("node_uname_info")).then_some(())
            },
        );
        exporter
    }

    /// The scrape job for a test Prometheus (`Prometheus::start_with_scrapes`): job `node`,
    /// every second, as Node Exporter Full's `job` variable finds it.
    pub fn scrape_job(&self) -> String {
        self.scrape_job_named("node")
    }

    /// Like [`NodeExporter::scrape_job`], under the job name `job` (kube-prometheus's
    /// boards ask for `job="node-exporter"`).
    pub fn scrape_job_named(&self, job: &str) -> String {
        format!(
            "  - job_name: {job}\n    static_configs:\n      - targets: ['127.0.0.1:{}']\n",
            self.port
        )
    }
}
