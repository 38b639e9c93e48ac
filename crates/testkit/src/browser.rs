//! Headless Chromium through Debian's chromedriver, with the flags this machine needs: no
//! sandbox as root, and no background networking on a closed network.

use std::{path::PathBuf, process::Command, time::Duration};

use serde_json::{json, Map, Value};

use crate::{free_port, http, wait_until, Process, TempDir};

/// Where Debian's `chromium-driver` package puts the driver.
pub const CHROMEDRIVER_BIN: &str = "/usr/bin/chromedriver";

/// The Chromium command-line flags every browser test uses.
pub const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,800",
];

/// A running chromedriver; stopped when dropped, taking its browsers with it.
#[derive(Debug)]
pub struct ChromeDriver {
    /// The loopback port it listens on.
    pub port: u16,
    process: Process,
    dir: TempDir,
}

impl ChromeDriver {
    /// Whether chromedriver is installed; prints why a test skips (or panics under CI).
    pub fn available() -> bool {
        crate::require(
            &PathBuf::from(CHROMEDRIVER_BIN),
            "Debian's chromium-driver package",
        )
    }

    /// Starts chromedriver on a free port and waits until it is ready.
    pub fn start() -> Self {
        let dir = TempDir::new("fedview-chromedriver");
        let port = free_port();
        let mut command = Command::new(CHROMEDRIVER_BIN);
        command.arg(format!("--port={port}"));
        let mut process = Process::spawn("chromedriver", command, &dir.path().join("driver.log"));
        wait_until("chromedriver to be ready", Duration::from_secs(30), || {
            process.assert_running();
            http::get(port, "/status", "").filter(|a| a.status == 200)
        });
        Self { port, process, dir }
    }

    /// The WebDriver URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Capabilities for a headless Chromium with a fresh profile folder.
    pub fn capabilities(&self) -> Map<String, Value> {
        let profile = self
            .dir
            .path()
            .join(format!("profile-{}", crate::random_hex(4)));
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": args,
                "prefs": {
                    "download.default_directory": self.download_dir(),
                    "download.prompt_for_download": false,
                },
            },
        });
        match capabilities {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// Where the browser saves downloads.
    pub fn download_dir(&self) -> PathBuf {
        self.dir.path().join("downloads")
    }

    /// The resident memory (`VmRSS`) of each Chromium renderer process this driver started,
    /// in KiB: only this driver's, so a browser that another run has open is not counted.
    pub fn renderers_resident_kib(&self) -> Vec<u64> {
        let driver = self.process.pid();
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains("--type=renderer"))
            })
            .filter(|&pid| crate::process::descends_from(pid, driver))
            .filter_map(|pid| Some(crate::resident_kib(pid)?.0))
            .collect()
    }

    /// Everything the driver has logged so far.
    pub fn log(&self) -> String {
        self.process.output()
    }
}
