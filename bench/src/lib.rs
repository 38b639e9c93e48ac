//! The parsers compared, each called the way its own documentation shows, each returning
//! how many samples it read so the benchmark can check that it read the whole input.

use promtext::{Entry, Format, Options, Parser};

/// The benchmark inputs: `(short name, path under ../shared/testdata)`.
pub const INPUTS: [(&str, &str); 3] = [
    ("large-metrics", "samples/prometheus-common-pr510/large-metrics.txt"),
    ("node-exporter", "samples/node_exporter/collector/fixtures/e2e-output.txt"),
    ("alltypes-237mfs", "prometheus-textparse/main/alltypes.237mfs.prom.txt"),
];

/// promtext's iterator, decoding every sample's name, labels and value; nothing is kept.
pub fn promtext_iterate(text: &str) -> usize {
    let mut samples = 0;
    for entry in Parser::from_str(text, Options::new(Format::Prometheus)) {
        if let Ok(Entry::Sample(sample)) = entry {
            samples += 1;
            std::hint::black_box((sample.name, sample.value, sample.timestamp_ms));
            for label in sample.labels.iter() {
                std::hint::black_box(label);
            }
        }
    }
    samples
}

/// promtext's family view: every sample kept, grouped under its family.
pub fn promtext_families(text: &str) -> usize {
    promtext::parse(text.as_bytes(), Options::new(Format::Prometheus))
        .map(|families| families.iter().map(|f| f.samples.len()).sum())
        .unwrap_or(0)
}

/// `prometheus-parse` 0.2.5: takes owned lines.
pub fn prometheus_parse(text: &str) -> usize {
    prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
        .map(|scrape| scrape.samples.len())
        .unwrap_or(0)
}

/// `nom-openmetrics` 0.2.0, Prometheus mode.
pub fn nom_openmetrics(text: &str) -> usize {
    match nom_openmetrics::parser::prometheus(text) {
        Ok((_, families)) => families.iter().map(|f| f.samples.len()).sum(),
        Err(_) => 0,
    }
}

/// `prom_text_format_parser` 0.1.0.
pub fn prom_text_format_parser(text: &str) -> usize {
    prom_text_format_parser::Scrape::parse(text)
        .map(|scrape| scrape.metrics.iter().map(|m| m.samples.len()).sum())
        .unwrap_or(0)
}

/// Every parser under its name.
pub const PARSERS: [(&str, fn(&str) -> usize); 5] = [
    ("promtext (iterate)", promtext_iterate),
    ("promtext (families)", promtext_families),
    ("prometheus-parse 0.2.5", prometheus_parse),
    ("nom-openmetrics 0.2.0", nom_openmetrics),
    ("prom_text_format_parser 0.1.0", prom_text_format_parser),
];
