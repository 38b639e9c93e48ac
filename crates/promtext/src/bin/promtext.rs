//! The `promtext` command: checks an exposition file (or stdin) and optionally prints its
//! samples as JSON lines.
//!
//! Exit 0: it parsed. Exit 1: it did not (`LINE:COL: message` on stderr). Exit 2: usage or
//! I/O error.

use std::{
    io::{self, BufWriter, Read as _, Write as _},
    process::ExitCode,
};

use promtext::{Entry, Format, MetricFamily, MetricType, Options, Parser};

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
    // One streaming pass checks the whole input; nothing is kept. Only a valid input is
    // printed, so a failing run prints no partial JSON.
    if let Some(Err(e)) = Parser::new(&input, options).find(Result::is_err) {
        eprintln!("{}:{}: {}", e.line, e.column, e.message());
        return ExitCode::from(1);
    }
    if args.json {
        if let Err(e) = print_json(Parser::new(&input, options), format) {
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

/// Prints one JSON object per sample, streaming: one reused buffer, no allocation per
/// sample (beyond a label value or help text with escapes to undo).
fn print_json(parser: Parser<'_>, format: Format) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut line: Vec<u8> = Vec::with_capacity(512);
    // The family a sample is printed under, grouped as `promtext::families` groups them
    // (metadata joins the family it names until that family has samples), and whether it
    // has samples yet. Its sample list stays empty.
    let mut current: Option<(MetricFamily<'_>, bool)> = None;
    for entry in parser {
        let Ok(entry) = entry else {
            // Checked before printing: unreachable, but never a panic.
            break;
        };
        let name = match &entry {
            Entry::Help { name, .. } | Entry::Type { name, .. } | Entry::Unit { name, .. } => *name,
            Entry::Sample(sample) => sample.name,
        };
        let joins = match (&entry, &current) {
            (Entry::Sample(_), Some((family, _))) => family.owns(name),
            (_, Some((family, has_samples))) => family.name == name && !has_samples,
            (_, None) => false,
        };
        if !joins {
            let family = MetricFamily {
                name,
                kind: MetricType::Unknown,
                help: None,
                unit: None,
                samples: Vec::new(),
            };
            current = Some((family, false));
        }
        let Some((family, has_samples)) = current.as_mut() else {
            continue;
        };
        let sample = match entry {
            Entry::Help { text, .. } => {
                family.help = Some(text);
                continue;
            }
            Entry::Type { kind, .. } => {
                family.kind = kind;
                continue;
            }
            Entry::Unit { .. } => continue,
            Entry::Sample(sample) => sample,
        };
        *has_samples = true;
        let kind = match (family.kind, format) {
            (MetricType::Unknown, Format::Prometheus) => "untyped",
            (kind, _) => kind.as_str(),
        };
        line.clear();
        line.extend_from_slice(b"{\"name\":");
        json_string(&mut line, sample.name);
        line.extend_from_slice(b",\"labels\":{");
        for (i, label) in sample.labels.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            json_string(&mut line, label.name);
            line.push(b':');
            json_string(&mut line, &label.value);
        }
        line.extend_from_slice(b"},\"value\":");
        json_number(&mut line, sample.value)?;
        line.extend_from_slice(b",\"timestamp_ms\":");
        match sample.timestamp_ms {
            Some(ts) => write!(line, "{ts}")?,
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b",\"type\":");
        json_string(&mut line, kind);
        line.extend_from_slice(b",\"help\":");
        match &family.help {
            Some(help) => json_string(&mut line, help),
            None => line.extend_from_slice(b"null"),
        }
        line.extend_from_slice(b"}\n");
        out.write_all(&line)?;
    }
    out.flush()
}

fn json_number(out: &mut Vec<u8>, value: f64) -> io::Result<()> {
    if value.is_nan() {
        out.extend_from_slice(b"\"NaN\"");
    } else if value == f64::INFINITY {
        out.extend_from_slice(b"\"+Inf\"");
    } else if value == f64::NEG_INFINITY {
        out.extend_from_slice(b"\"-Inf\"");
    } else {
        write!(out, "{value}")?;
    }
    Ok(())
}

/// `text` as a JSON string: runs that need no escape are copied whole.
fn json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.extend_from_slice(escape);
        }
        run = i + 1;
    }
    out.extend_from_slice(bytes.get(run..).unwrap_or_default());
    out.push(b'"');
}
