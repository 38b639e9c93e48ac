//! Every format and strictness over arbitrary bytes: the parser must return, never panic,
//! and the family view must agree with the entry iterator.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promtext::{Format, Options, Parser};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Prometheus, Format::OpenMetrics] {
        for strict in [false, true] {
            let options = Options { format, strict };
            let entries: Result<Vec<_>, _> = Parser::new(data, options).collect();
            let families = promtext::parse(data, options);
            assert_eq!(entries.is_ok(), families.is_ok());
            if let Ok(entries) = entries {
                for entry in entries {
                    if let promtext::Entry::Sample(sample) = entry {
                        let _ = sample.labels.iter().count();
                    }
                }
            }
        }
    }
});
