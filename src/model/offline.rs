//! Offline dumps: an exposition from a dropped file or pasted text, read into a fresh
//! store with no relay and no credentials. A parse error names the line and shows it.

use crate::model::series_store::{IngestReport, SeriesStore};

/// The largest dump the app reads: larger files would not fit a browser tab's memory once
/// parsed, so they get a clear refusal instead.
pub const MAX_DUMP_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// Why a dump could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpError {
    /// A short title.
    pub title: String,
    /// Where and what.
    pub detail: String,
}

/// Reads `body` (named `source`) into a new store, timestamped `now_ms` where samples have
/// no timestamp of their own.
///
/// # Errors
/// The first parse error with its line, column and the line's text; or an empty dump.
pub fn open(
    source: &str,
    body: &[u8],
    now_ms: i64,
) -> Result<(SeriesStore, IngestReport), DumpError> {
    let mut store = SeriesStore::default();
    let report = store.ingest(body, None, now_ms).map_err(|e| DumpError {
        title: format!("{source} could not be read"),
        detail: format!(
            "Line {}, column {}: {}.{}",
            e.line,
            e.column,
            e.message(),
            excerpt(body, e.line)
                .map(|line| format!(" The line reads: {line}"))
                .unwrap_or_default()
        ),
    })?;
    if report.samples == 0 {
        return Err(DumpError {
            title: format!("{source} holds no samples"),
            detail: "Drop or paste a Prometheus or OpenMetrics exposition, such as a saved /metrics or /federate answer.".to_owned(),
        });
    }
    Ok((store, report))
}

/// Line `line` (1-based) of `body`, shortened to 120 characters.
fn excerpt(body: &[u8], line: usize) -> Option<String> {
    let text = body.split(|&b| b == b'\n').nth(line.checked_sub(1)?)?;
    let text = String::from_utf8_lossy(text);
    let text = text.trim_end_matches('\r');
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    Some(short)
}

/// The refusal for a file of `bytes` bytes over [`MAX_DUMP_BYTES`], if it is.
pub fn too_large(source: &str, bytes: f64) -> Option<DumpError> {
    (bytes > MAX_DUMP_BYTES).then(|| DumpError {
        title: format!("{source} is too large"),
        detail: format!(
            "It holds {:.0} MiB; fedview reads dumps up to {:.0} MiB. Narrow it with a match[] selector when saving it.",
            bytes / 1_048_576.0,
            MAX_DUMP_BYTES / 1_048_576.0
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_a_dump_into_a_fresh_store() {
        let (store, report) =
            open("dump.txt", b"# TYPE up gauge\nup{job=\"a\"} 1\n", 5).expect("opens");
        assert_eq!(report.samples, 1);
        assert_eq!(store.polls(), 1);
        assert!(store.family("up").is_some());
    }

    #[test]
    fn a_parse_error_names_and_shows_the_line() {
        let error = open("dump.txt", b"up 1\nup{job=\"a\" 2\n", 0).expect_err("broken");
        assert_eq!(error.title, "dump.txt could not be read");
        assert!(
            error.detail.starts_with("Line 2, column "),
            "{}",
            error.detail
        );
        assert!(
            error.detail.ends_with("The line reads: up{job=\"a\" 2"),
            "{}",
            error.detail
        );
    }

    #[test]
    fn empty_and_huge_dumps_are_refused() {
        assert_eq!(
            open("x", b"# just a comment\n", 0)
                .map(|_| ())
                .expect_err("empty")
                .title,
            "x holds no samples"
        );
        assert!(too_large("big.txt", 1e9).is_some_and(|e| e.detail.contains("954 MiB")));
        assert!(too_large("ok.txt", 1e6).is_none());
    }
}
