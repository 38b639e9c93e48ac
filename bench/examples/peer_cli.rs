//! The smallest command a peer parser could ship, for the whole-process comparison with the
//! `promtext` command: `peer_cli PARSER FILE` reads the file, parses it the way the peer's
//! documentation shows, and exits 0 when it parsed all of it, 1 when not (2: usage).
//! PARSER is one of `prometheus-parse`, `nom-openmetrics`, `prom_text_format_parser`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(parser), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: peer_cli PARSER FILE");
        return ExitCode::from(2);
    };
    let parse = match parser.as_str() {
        "prometheus-parse" => promtext_bench::prometheus_parse,
        "nom-openmetrics" => promtext_bench::nom_openmetrics,
        "prom_text_format_parser" => promtext_bench::prom_text_format_parser,
        other => {
            eprintln!("peer_cli: unknown parser {other:?}");
            return ExitCode::from(2);
        }
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("peer_cli: cannot read {path}");
        return ExitCode::from(2);
    };
    match parse(&text) {
        Some(_) => ExitCode::SUCCESS,
        None => ExitCode::from(1),
    }
}
