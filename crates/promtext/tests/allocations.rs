//! Parsing allocates nothing per sample in the common, escape-free case: a counting global
//! allocator watches a whole pass over the 25,207-series sample.

use std::alloc::System;

use promtext::{Entry, Format, Options, Parser};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn a_lenient_pass_allocates_nothing_per_sample() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let input = std::fs::read(data.join("samples/prometheus-common-pr510/large-metrics.txt"))
        .expect("large-metrics.txt");
    let escapes = input.windows(2).filter(|w| w == b"\\\\").count();

    let region = Region::new(GLOBAL);
    let mut samples = 0usize;
    let mut label_bytes = 0usize;
    let mut checksum = 0.0f64;
    for entry in Parser::new(&input, Options::new(Format::Prometheus)) {
        match entry.expect("the sample parses") {
            Entry::Sample(sample) => {
                samples += 1;
                checksum += sample.value;
                for label in sample.labels.iter() {
                    label_bytes += label.name.len() + label.value.len();
                }
            }
            Entry::Help { text, .. } => label_bytes += text.len(),
            _ => {}
        }
    }
    let stats = region.change();

    assert!(samples > 25_000, "{samples} samples");
    assert!(label_bytes > 0 && checksum.is_finite());
    assert_eq!(escapes, 0, "the input was expected to be escape-free");
    assert_eq!(
        stats.allocations, 0,
        "{} allocations ({} bytes) while parsing {samples} samples",
        stats.allocations, stats.bytes_allocated
    );
}
