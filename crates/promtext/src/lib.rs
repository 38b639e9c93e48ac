//! A fast, zero-copy parser for the Prometheus text (0.0.4) and OpenMetrics 1.0 exposition
//! formats.
//!
//! Names, label names and values, and HELP text borrow from the input; only escapes
//! allocate. [`Parser`] is an iterator of [`Entry`] items (HELP, TYPE, UNIT, samples);
//! [`families`] groups them into [`MetricFamily`] values.
//!
//! ```
//! use promtext::{Entry, Format, Options, Parser};
//!
//! let text = b"# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1027 1395066363000\n";
//! let mut samples = Parser::new(text, Options::new(Format::Prometheus)).filter_map(|e| match e {
//!     Ok(Entry::Sample(s)) => Some(s),
//!     _ => None,
//! });
//! let sample = samples.next().unwrap();
//! assert_eq!(sample.name, "http_requests_total");
//! assert_eq!(sample.labels.get("code").as_deref(), Some("200"));
//! assert_eq!(sample.value, 1027.0);
//! assert_eq!(sample.timestamp_ms, Some(1395066363000));
//! ```
//!
//! Lenient parsing (the default) accepts what Prometheus's own scraper accepts. Strict
//! parsing enforces every rule of the OpenMetrics conformance suite, or of
//! prometheus/common's text parser for the Prometheus format. The parser never panics.
#![deny(missing_docs)]
// The parser must not be able to panic, whatever the input: no indexing that can go out of
// bounds, no unwrap or expect on input-derived data.
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

mod error;
mod family;
mod format;
mod labels;
mod metric_type;
mod parser;
mod rules;
mod scan;

pub use error::{Error, ErrorKind};
pub use family::{families, MetricFamily};
pub use format::Format;
pub use labels::{Label, LabelIter, Labels};
pub use metric_type::MetricType;
pub use parser::{Entry, Exemplar, Options, Parser, Sample};

/// Parses a whole exposition into families.
///
/// # Errors
/// The first parse error, with its line and column.
pub fn parse(input: &[u8], options: Options) -> Result<Vec<MetricFamily<'_>>, Error> {
    families(Parser::new(input, options))
}
