//! The `promtext` command: checks an exposition file (or stdin) and optionally prints its
//! samples as JSON lines.
//!
//! Exit 0: it parsed. Exit 1: it did not (`LINE:COL: message` on stderr). Exit 2: usage or
//! I/O error.

use std::{
    io::{self, BufWriter, Read as _, Write as _},
    process::ExitCode,
};

use promtext::{Format, MetricFamily, MetricType, Options};

const USAGE: &str = "\
usage: promtext [--format prometheus|openmetrics|auto] [--strict] [--json] [FILE|-]

Parses a Prometheus text (0.0.4) or OpenMetrics 1.0 exposition from FILE or stdin.
  --format   the format (default: auto, OpenMetrics when the text ends with # EOF)
  --strict   enforce every rule of the format, not just what Prometheus accepts
  --json     print one JSON object per sample";

struct Args {
    format: Option<Format>,
    strict: bool,
    json: bool,
    path: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        format: None,
        strict: false,
        json: false,
        path: None,
    };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (word.clone(), None),
        };
        match flag.as_str() {
            "--strict" => args.strict = true,
            "--json" => args.json = true,
            "--format" => {
                let value = inline
                    .or_else(|| words.next())
                    .ok_or("--format needs a value")?;
                args.format = match value.as_str() {
                    "prometheus" => Some(Format::Prometheus),
                    "openmetrics" => Some(Format::OpenMetrics),
                    "auto" => None,
                    other => return Err(format!("unknown format {other:?}")),
                };
            }
            "-h" | "--help" => return Err(String::new()),
            _ if word.starts_with("--") => return Err(format!("unknown option {word:?}")),
            _ if args.path.is_none() => args.path = Some(word),
            _ => return Err("only one input file may be given".to_owned()),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("promtext: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let input = match read_input(args.path.as_deref()) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("promtext: {e}");
            return ExitCode::from(2);
        }
    };
    let format = args.format.unwrap_or_else(|| Format::detect(&input));
    let options = Options {
        format,
        strict: args.strict,
    };
    let families = match promtext::parse(&input, options) {
        Ok(families) => families,
        Err(e) => {
            eprintln!("{}:{}: {}", e.line, e.column, e.message());
            return ExitCode::from(1);
        }
    };
    if args.json {
        if let Err(e) = print_json(&families, format) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("promtext: {e}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

fn read_input(path: Option<&str>) -> io::Result<Vec<u8>> {
    match path {
        None | Some("-") => {
            let mut input = Vec::new();
            io::stdin().lock().read_to_end(&mut input)?;
            Ok(input)
        }
        Some(path) => {
            std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))
        }
    }
}

fn print_json(families: &[MetricFamily<'_>], format: Format) -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    for family in families {
        let kind = match (family.kind, format) {
            (MetricType::Unknown, Format::Prometheus) => "untyped",
            (kind, _) => kind.as_str(),
        };
        for sample in &family.samples {
            line.clear();
            line.push_str("{\"name\":");
            json_string(&mut line, sample.name);
            line.push_str(",\"labels\":{");
            for (i, label) in sample.labels.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                json_string(&mut line, label.name);
                line.push(':');
                json_string(&mut line, &label.value);
            }
            line.push_str("},\"value\":");
            json_number(&mut line, sample.value);
            line.push_str(",\"timestamp_ms\":");
            match sample.timestamp_ms {
                Some(ts) => line.push_str(&ts.to_string()),
                None => line.push_str("null"),
            }
            line.push_str(",\"type\":");
            json_string(&mut line, kind);
            line.push_str(",\"help\":");
            match &family.help {
                Some(help) => json_string(&mut line, help),
                None => line.push_str("null"),
            }
            line.push_str("}\n");
            out.write_all(line.as_bytes())?;
        }
    }
    out.flush()
}

fn json_number(out: &mut String, value: f64) {
    if value.is_nan() {
        out.push_str("\"NaN\"");
    } else if value == f64::INFINITY {
        out.push_str("\"+Inf\"");
    } else if value == f64::NEG_INFINITY {
        out.push_str("\"-Inf\"");
    } else {
        out.push_str(&value.to_string());
    }
}

fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
