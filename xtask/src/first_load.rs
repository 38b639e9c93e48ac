//! What the browser fetches before the user connects: the release app opened in Chromium
//! from the release relay, left alone for a few seconds once its form is usable, and every
//! file the relay was asked for in that time weighed as the relay sends it (the build's
//! brotli copy). Workers count too: their requests reach the relay like the page's.

use std::{path::Path, time::Duration};

use fedview_testkit::{wait_until, ChromeDriver};

use crate::{
    command::root,
    webdriver::{demo_relay_logged, Session},
};

/// The files asked for before connecting, and their bytes with brotli.
pub(crate) struct FirstLoad {
    /// `(file in dist/, bytes with brotli)`, in the order asked.
    pub(crate) files: Vec<(String, u64)>,
}

impl FirstLoad {
    /// All of it, in bytes.
    pub(crate) fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    /// The files' names, comma-separated.
    pub(crate) fn names(&self) -> String {
        self.files
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How long the page is left alone once its form is usable: anything it starts on its own
/// (a worker, a prefetch) has asked by then.
const LEFT_ALONE: Duration = Duration::from_secs(4);

/// Opens the app as a new user does and weighs what it asked for before any click.
pub(crate) fn measure() -> Result<FirstLoad, String> {
    let relay = demo_relay_logged(&[]);
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.open(&relay.origin())?;
    wait_until("the form to be usable", Duration::from_secs(20), || {
        session
            .script("return performance.getEntriesByName('fedview-interactive').length > 0;")
            .ok()?
            .as_bool()
            .filter(|&usable| usable)
    });
    std::thread::sleep(LEFT_ALONE);
    let dist = root().join("dist");
    // The relay's own readiness probe (`/healthz`, from the test kit) is no file of the app.
    let files = requested(&relay.log())
        .into_iter()
        .filter(|file| dist.join(file).is_file())
        .map(|file| {
            let bytes = as_sent(&dist, &file);
            (file, bytes)
        })
        .collect();
    Ok(FirstLoad { files })
}

/// The files the relay's log says were asked for (`uri=/…`), each once, in order; `/` is
/// `index.html`.
fn requested(log: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for line in log
        .lines()
        .filter(|l| l.contains("started processing request"))
    {
        let Some(uri) = line
            .split("uri=")
            .nth(1)
            .and_then(|rest| rest.split([' ', '}']).next())
        else {
            continue;
        };
        let path = uri.split('?').next().unwrap_or(uri).trim_start_matches('/');
        let file = if path.is_empty() { "index.html" } else { path };
        if !files.iter().any(|f| f == file) {
            files.push(file.to_owned());
        }
    }
    files
}

/// A file's bytes as the relay sends it to a browser that takes brotli: its `.br` copy
/// where the build made one, else the file itself.
fn as_sent(dist: &Path, file: &str) -> u64 {
    let plain = dist.join(file);
    let mut brotli = plain.clone().into_os_string();
    brotli.push(".br");
    std::fs::metadata(&brotli)
        .or_else(|_| std::fs::metadata(&plain))
        .map_or(0, |m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_files_are_read_from_the_relays_log_once_each() {
        let log = "\
DEBUG request{method=GET uri=/ version=HTTP/1.1}: tower_http::trace::on_request: started processing request
DEBUG request{method=GET uri=/ version=HTTP/1.1}: tower_http::trace::on_response: finished processing request latency=1 ms status=200
DEBUG request{method=GET uri=/fedview-ab_bg.wasm version=HTTP/1.1}: tower_http::trace::on_request: started processing request
DEBUG request{method=GET uri=/fedview-ab_bg.wasm?v=1 version=HTTP/1.1}: tower_http::trace::on_request: started processing request";
        assert_eq!(requested(log), ["index.html", "fedview-ab_bg.wasm"]);
    }
}
