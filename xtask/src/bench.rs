//! `cargo xtask bench`: measurements recorded in BENCHMARKS.md.

pub(crate) fn run() -> Result<(), String> {
    Err(
        "no benchmarks yet: the parser and relay benchmarks are still to be written \
         (issues 3 and 4)"
            .to_owned(),
    )
}
