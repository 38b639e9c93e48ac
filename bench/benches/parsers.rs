//! Throughput of promtext and its peers on the same real inputs, in the same run.
//!
//! A peer that fails on an input, or leaves part of it unread, is left out for that input
//! (and says so), since timing a parser that stops early would flatter it.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use promtext_bench::{promtext_iterate, INPUTS, PARSERS};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata")
}

fn parsers(c: &mut Criterion) {
    for (input, path) in INPUTS {
        let full = testdata().join(path);
        let text = std::fs::read_to_string(&full)
            .unwrap_or_else(|e| panic!("{}: {e} (the shared test data is needed)", full.display()));
        let expected = promtext_iterate(&text).unwrap_or_default();
        let mut group = c.benchmark_group(input);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(20);
        for (name, parse) in PARSERS {
            let Some(read) = parse(&text) else {
                eprintln!("{input}: {name} failed or left input unread; not measured");
                continue;
            };
            eprintln!("{input}: {name} produced {read} samples (promtext: {expected})");
            group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
                b.iter(|| parse(text))
            });
        }
        // The physical ceiling: one memchr pass over the bytes, finding every line end.
        group.bench_with_input(
            BenchmarkId::from_parameter("memchr newline scan (ceiling)"),
            &text,
            |b, text| b.iter(|| memchr::memchr_iter(b'\n', text.as_bytes()).count()),
        );
        group.finish();
    }
}

criterion_group!(benches, parsers);
criterion_main!(benches);
