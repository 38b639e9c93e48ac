//! Parses one input many times, for a profiler: `profile FILE [iterate|families] [N]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_default();
    let mode = args.next().unwrap_or_else(|| "iterate".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let parse = match mode.as_str() {
        "families" => promtext_bench::promtext_families,
        _ => promtext_bench::promtext_iterate,
    };
    let started = std::time::Instant::now();
    let mut samples = 0;
    for _ in 0..rounds {
        samples += parse(&text).unwrap_or_default();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{mode}: {samples} samples, {:.0} MB/s",
        (text.len() * rounds) as f64 / seconds / 1e6
    );
}
