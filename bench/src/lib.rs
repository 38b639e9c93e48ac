//! The parsers compared, each called the way its own documentation shows. Each returns the
//! number of samples it produced, or `None` when it failed or left input unread, so the
//! benchmark can leave out a parser that did not do the whole job.

use promtext::{Entry, Format, Options, Parser};

/// The benchmark inputs: `(short name, path under ../shared/testdata)`.
pub const INPUTS: [(&str, &str); 3] = [
    (
        "large-metrics",
        "samples/prometheus-common-pr510/large-metrics.txt",
    ),
    (
        "node-exporter",
        "samples/node_exporter/collector/fixtures/e2e-output.txt",
    ),
    (
        "alltypes-237mfs",
        "prometheus-textparse/main/alltypes.237mfs.prom.txt",
    ),
];

/// promtext's iterator, decoding every sample's name, labels and value; nothing is kept.
pub fn promtext_iterate(text: &str) -> Option<usize> {
    let mut samples = 0;
    for entry in Parser::from_str(text, Options::new(Format::Prometheus)) {
        if let Entry::Sample(sample) = entry.ok()? {
            samples += 1;
            std::hint::black_box((sample.name, sample.value, sample.timestamp_ms));
            for label in sample.labels.iter() {
                std::hint::black_box(label);
            }
        }
    }
    Some(samples)
}

/// promtext's family view: every sample kept, grouped under its family.
pub fn promtext_families(text: &str) -> Option<usize> {
    promtext::parse(text.as_bytes(), Options::new(Format::Prometheus))
        .ok()
        .map(|families| families.iter().map(|f| f.samples.len()).sum())
}

/// `prometheus-parse` 0.2.5: takes owned lines.
/// It folds each histogram and summary into one sample, so its count is lower.
pub fn prometheus_parse(text: &str) -> Option<usize> {
    prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
        .ok()
        .map(|scrape| scrape.samples.len())
}

/// `nom-openmetrics` 0.2.0, Prometheus mode.
pub fn nom_openmetrics(text: &str) -> Option<usize> {
    match nom_openmetrics::parser::prometheus(text) {
        Ok((rest, families)) if rest.trim().is_empty() => {
            Some(families.iter().map(|f| f.samples.len()).sum())
        }
        _ => None,
    }
}

/// `prom_text_format_parser` 0.1.0.
pub fn prom_text_format_parser(text: &str) -> Option<usize> {
    prom_text_format_parser::Scrape::parse(text)
        .ok()
        .map(|scrape| scrape.metrics.iter().map(|m| m.samples.len()).sum())
}

/// Every parser under its name.
pub const PARSERS: [(&str, fn(&str) -> Option<usize>); 5] = [
    ("promtext (iterate)", promtext_iterate),
    ("promtext (families)", promtext_families),
    ("prometheus-parse 0.2.5", prometheus_parse),
    ("nom-openmetrics 0.2.0", nom_openmetrics),
    ("prom_text_format_parser 0.1.0", prom_text_format_parser),
];
