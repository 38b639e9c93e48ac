//! The line parser: a zero-copy iterator over the entries (HELP, TYPE, UNIT, samples) of an
//! exposition, in either format, lenient or strict.

use std::borrow::Cow;

use crate::{
    labels::{unescape, Labels},
    rules::Rules,
    scan::{
        is_blank, label_name_end, metric_name_end, parse_millis, parse_seconds, parse_value,
        quoted_end, skip_blanks,
    },
    Error, ErrorKind, Format, MetricType,
};

/// How to parse: which format, and whether to enforce every rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The format of the text.
    pub format: Format,
    /// `false` (the default) accepts what Prometheus's own scraper accepts; `true` enforces
    /// every rule of the OpenMetrics suite (OpenMetrics) or of prometheus/common's parser
    /// (Prometheus text).
    pub strict: bool,
}

impl Options {
    /// Lenient parsing of `format`.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            strict: false,
        }
    }

    /// Strict parsing of `format`.
    pub fn strict(format: Format) -> Self {
        Self {
            format,
            strict: true,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self::new(Format::Prometheus)
    }
}

/// One sample line.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample<'a> {
    /// The sample's name (for a histogram bucket, `name_bucket`).
    pub name: &'a str,
    /// The labels, borrowed from the input.
    pub labels: Labels<'a>,
    /// The value; NaN and ±Inf included.
    pub value: f64,
    /// The timestamp in milliseconds since the Unix epoch, when the line has one.
    pub timestamp_ms: Option<i64>,
    /// An OpenMetrics exemplar, when the line has one.
    pub exemplar: Option<Exemplar<'a>>,
    /// The 1-based line the sample is on.
    pub line: usize,
}

/// An OpenMetrics exemplar: `# {labels} value [timestamp]` after a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemplar<'a> {
    /// The exemplar's labels (often a trace ID).
    pub labels: Labels<'a>,
    /// Its value.
    pub value: f64,
    /// Its timestamp in milliseconds, when given.
    pub timestamp_ms: Option<i64>,
}

/// One meaningful line of an exposition.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<'a> {
    /// `# HELP name text`, with the text's escapes decoded.
    Help {
        /// The metric family name.
        name: &'a str,
        /// The help text.
        text: Cow<'a, str>,
    },
    /// `# TYPE name type`.
    Type {
        /// The metric family name.
        name: &'a str,
        /// Its type.
        kind: MetricType,
    },
    /// `# UNIT name unit` (OpenMetrics).
    Unit {
        /// The metric family name.
        name: &'a str,
        /// The unit, such as `seconds`.
        unit: &'a str,
    },
    /// A sample.
    Sample(Sample<'a>),
}

/// A zero-copy iterator over the entries of an exposition. After the first error it
/// yields nothing more.
#[derive(Debug)]
pub struct Parser<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    options: Options,
    saw_eof: bool,
    finished: bool,
    early_error: Option<Error>,
    rules: Rules<'a>,
}

impl<'a> Parser<'a> {
    /// A parser over `input`. Invalid UTF-8 is reported, at its position, as the first
    /// item. A leading byte-order mark is skipped in lenient mode and an error in strict.
    pub fn new(input: &'a [u8], options: Options) -> Self {
        match std::str::from_utf8(input) {
            Ok(text) => Self::from_str(text, options),
            Err(e) => {
                let valid = input.get(..e.valid_up_to()).unwrap_or_default();
                let line = memchr::memchr_iter(b'\n', valid).count() + 1;
                let line_start = memchr::memrchr(b'\n', valid).map_or(0, |p| p + 1);
                let before = std::str::from_utf8(valid.get(line_start..).unwrap_or_default())
                    .map_or(0, |s| s.chars().count());
                let mut parser = Self::from_str("", options);
                parser.early_error = Some(Error::new(line, before + 1, ErrorKind::InvalidUtf8));
                parser
            }
        }
    }

    /// A parser over text already known to be UTF-8.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &'a str, options: Options) -> Self {
        let mut parser = Self {
            text,
            pos: 0,
            line: 0,
            options,
            saw_eof: false,
            finished: false,
            early_error: None,
            rules: Rules::new(options),
        };
        if let Some(rest) = text.strip_prefix('\u{feff}') {
            if options.strict {
                parser.early_error = Some(
                    Error::new(1, 1, ErrorKind::UnexpectedLine("byte-order mark"))
                        .with_context("at the start of the text"),
                );
            } else {
                parser.pos = text.len() - rest.len();
            }
        }
        parser
    }

    /// The options this parser uses.
    pub fn options(&self) -> Options {
        self.options
    }

    fn fail(&mut self, error: Error) -> Option<Result<Entry<'a>, Error>> {
        self.finished = true;
        Some(Err(error))
    }

    /// An error at byte `offset` of `line`, the current line; the column counts characters.
    /// An offset past the end of the line (a keyword cut short, such as `# TYPE` with
    /// nothing after it) points just past its last character.
    fn error_at(&self, line: &str, offset: usize, kind: ErrorKind) -> Error {
        let offset = offset.min(line.len());
        let column = line.get(..offset).map_or(offset, |s| s.chars().count()) + 1;
        Error::new(self.line, column, kind)
    }

    fn end_of_input(&mut self) -> Option<Result<Entry<'a>, Error>> {
        self.finished = true;
        let om = self.options.format == Format::OpenMetrics;
        if om && self.options.strict && !self.saw_eof {
            let line = self.line.max(1);
            return self.fail(Error::new(line, 1, ErrorKind::MissingEof));
        }
        if let Err(rule) = self.rules.finish() {
            return self.fail(Error::new(self.line.max(1), 1, ErrorKind::Semantic(rule)));
        }
        None
    }

    fn parse_line(&mut self, line: &'a str) -> Result<Option<Entry<'a>>, Error> {
        let om = self.options.format == Format::OpenMetrics;
        let strict = self.options.strict;
        if self.saw_eof {
            if !strict && line.bytes().all(is_blank) {
                return Ok(None);
            }
            return Err(self.error_at(line, 0, ErrorKind::TextAfterEof));
        }
        match line.as_bytes().first() {
            None => {
                if om && strict {
                    return Err(self.error_at(line, 0, ErrorKind::UnexpectedLine("blank line")));
                }
                Ok(None)
            }
            Some(b'#') => self.comment(line),
            Some(&b) if is_blank(b) => {
                if om && strict {
                    return Err(self.error_at(line, 0, ErrorKind::UnexpectedLine("leading space")));
                }
                let at = skip_blanks(line.as_bytes(), 0);
                if at == line.len() {
                    return Ok(None);
                }
                let trimmed = line.get(at..).unwrap_or_default();
                if trimmed.starts_with('#') {
                    return self.prometheus_comment(trimmed);
                }
                self.sample(trimmed, at).map(Some)
            }
            Some(_) => self.sample(line, 0).map(Some),
        }
    }

    fn comment(&mut self, line: &'a str) -> Result<Option<Entry<'a>>, Error> {
        if self.options.format == Format::OpenMetrics {
            self.openmetrics_comment(line)
        } else {
            self.prometheus_comment(line)
        }
    }

    fn prometheus_comment(&mut self, line: &'a str) -> Result<Option<Entry<'a>>, Error> {
        let bytes = line.as_bytes();
        let start = skip_blanks(bytes, 1);
        let word_end = start
            + bytes
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| !is_blank(b))
                .count();
        let word = line.get(start..word_end).unwrap_or_default();
        if word != "HELP" && word != "TYPE" {
            return Ok(None);
        }
        let name_start = skip_blanks(bytes, word_end);
        if name_start == line.len() {
            // `# HELP` with no name is a comment to Prometheus's parser.
            return Ok(None);
        }
        let Some(name_end) = metric_name_end(bytes, name_start) else {
            return Err(self
                .error_at(line, name_start, ErrorKind::InvalidName)
                .with_context(format!("in # {word}")));
        };
        let name = line.get(name_start..name_end).unwrap_or_default();
        if name_end == line.len() {
            // Nothing after the name: prometheus/common's parser takes it as a comment.
            return Ok(None);
        }
        if !bytes.get(name_end).is_some_and(|&b| is_blank(b)) {
            return Err(self
                .error_at(line, name_end, ErrorKind::InvalidName)
                .with_context(format!("in # {word}")));
        }
        let rest_start = skip_blanks(bytes, name_end);
        let rest = line.get(rest_start..).unwrap_or_default();
        let entry = if word == "HELP" {
            if self.options.strict {
                check_help_escapes(rest).map_err(|offset| {
                    self.error_at(line, rest_start + offset, ErrorKind::InvalidEscape)
                })?;
            }
            Entry::Help {
                name,
                text: unescape(rest, false),
            }
        } else {
            let kind_word = rest.trim_end_matches([' ', '\t']);
            let kind =
                MetricType::parse(kind_word, !self.options.strict, true).ok_or_else(|| {
                    self.error_at(
                        line,
                        rest_start,
                        ErrorKind::UnknownType(kind_word.to_owned()),
                    )
                })?;
            Entry::Type { name, kind }
        };
        self.rules
            .metadata(&entry)
            .map_err(|rule| self.error_at(line, 0, ErrorKind::Semantic(rule)))?;
        Ok(Some(entry))
    }

    fn openmetrics_comment(&mut self, line: &'a str) -> Result<Option<Entry<'a>>, Error> {
        let strict = self.options.strict;
        if line == "# EOF" {
            self.saw_eof = true;
            return Ok(None);
        }
        let Some(rest) = line.strip_prefix("# ") else {
            if strict {
                return Err(self.error_at(line, 0, ErrorKind::UnexpectedLine("comment")));
            }
            return Ok(None);
        };
        let (word, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        if !matches!(word, "HELP" | "TYPE" | "UNIT") {
            if strict {
                return Err(self.error_at(line, 2, ErrorKind::UnexpectedLine("comment")));
            }
            return Ok(None);
        }
        let name_start = 3 + word.len();
        let bytes = line.as_bytes();
        let name_end = metric_name_end(bytes, name_start)
            .filter(|&end| end == line.len() || bytes.get(end) == Some(&b' '))
            .ok_or_else(|| {
                self.error_at(line, name_start, ErrorKind::InvalidName)
                    .with_context(format!("in # {word}"))
            })?;
        let name = line.get(name_start..name_end).unwrap_or_default();
        let value_start = (name_end + 1).min(line.len());
        let value = line.get(value_start..).unwrap_or_default();
        if strict && name_end == line.len() {
            return Err(self.error_at(line, name_end, ErrorKind::Expected("a space and a value")));
        }
        let _ = rest;
        let entry = match word {
            "HELP" => Entry::Help {
                name,
                text: unescape(value, true),
            },
            "TYPE" => {
                let kind = MetricType::parse(value, true, !strict).ok_or_else(|| {
                    self.error_at(line, value_start, ErrorKind::UnknownType(value.to_owned()))
                })?;
                Entry::Type { name, kind }
            }
            _ => Entry::Unit { name, unit: value },
        };
        self.rules
            .metadata(&entry)
            .map_err(|rule| self.error_at(line, 0, ErrorKind::Semantic(rule)))?;
        Ok(Some(entry))
    }

    /// Parses a sample line; `shift` is how far `line` starts into the physical line (for
    /// columns).
    fn sample(&mut self, line: &'a str, shift: usize) -> Result<Entry<'a>, Error> {
        let om = self.options.format == Format::OpenMetrics;
        let strict = self.options.strict;
        let bytes = line.as_bytes();
        let err = |parser: &Self, at: usize, kind: ErrorKind| {
            let mut e = parser.error_at(line, at, kind);
            e.column += shift;
            e
        };
        let name_end = metric_name_end(bytes, 0)
            .ok_or_else(|| err(self, 0, ErrorKind::Expected("a metric name")))?;
        let name = line.get(..name_end).unwrap_or_default();
        let mut at = name_end;
        if !om {
            at = skip_blanks(bytes, at);
        }
        let mut labels = Labels::default();
        // Where the value's separating blanks start: after the name, or after the labels.
        let mut separator = name_end;
        if bytes.get(at) == Some(&b'{') {
            let close = self
                .label_block(line, at, name)
                .map_err(|(pos, kind, context)| {
                    let e = err(self, pos, kind);
                    match context {
                        Some(c) => e.with_context(c),
                        None => e,
                    }
                })?;
            labels = Labels::new(line.get(at + 1..close).unwrap_or_default());
            at = close + 1;
            separator = at;
        }
        // The value, after exactly one space (OpenMetrics) or any blanks (Prometheus).
        if om {
            if bytes.get(at) != Some(&b' ') {
                return Err(err(
                    self,
                    at,
                    ErrorKind::Expected("a space before the value"),
                ));
            }
            at += 1;
        } else {
            let after = skip_blanks(bytes, at);
            // After a label block the blank is optional (`a{b="c"}1`), as in
            // prometheus/common's parser.
            if after == separator && separator == name_end {
                return Err(
                    err(self, at, ErrorKind::Expected("a space before the value"))
                        .with_context(format!("of {name:?}")),
                );
            }
            at = after;
        }
        let value_end = token_end(bytes, at);
        let value_text = line.get(at..value_end).unwrap_or_default();
        let value = parse_value(value_text, self.options.format, strict).ok_or_else(|| {
            err(self, at, ErrorKind::InvalidValue).with_context(format!("{value_text:?}"))
        })?;
        at = value_end;

        let mut timestamp_ms = None;
        let mut exemplar = None;
        if om {
            if bytes.get(at) == Some(&b' ') && bytes.get(at + 1) != Some(&b'#') {
                let start = at + 1;
                let end = token_end(bytes, start);
                let text = line.get(start..end).unwrap_or_default();
                timestamp_ms = Some(parse_seconds(text).ok_or_else(|| {
                    err(self, start, ErrorKind::InvalidTimestamp).with_context(format!("{text:?}"))
                })?);
                at = end;
            }
            if bytes.get(at..at + 3) == Some(b" # ") {
                let (parsed, end) = self
                    .exemplar(line, at + 3)
                    .map_err(|(pos, kind)| err(self, pos, kind))?;
                exemplar = Some(parsed);
                at = end;
            }
            if at != line.len() {
                return Err(err(self, at, ErrorKind::Expected("end of line")));
            }
        } else {
            at = skip_blanks(bytes, at);
            if at < line.len() {
                let end = token_end(bytes, at);
                let text = line.get(at..end).unwrap_or_default();
                timestamp_ms = Some(parse_millis(text).ok_or_else(|| {
                    err(self, at, ErrorKind::InvalidTimestamp).with_context(format!("{text:?}"))
                })?);
                at = skip_blanks(bytes, end);
                if at < line.len() {
                    return Err(err(
                        self,
                        at,
                        ErrorKind::Expected("end of line after the timestamp"),
                    ));
                }
            }
        }
        let sample = Sample {
            name,
            labels,
            value,
            timestamp_ms,
            exemplar,
            line: self.line,
        };
        self.rules
            .sample(&sample)
            .map_err(|rule| err(self, 0, ErrorKind::Semantic(rule)))?;
        Ok(Entry::Sample(sample))
    }

    /// Validates the label block opening at `open`; returns the position of its `}`.
    #[allow(clippy::type_complexity)]
    fn label_block(
        &self,
        text: &str,
        open: usize,
        metric: &str,
    ) -> Result<usize, (usize, ErrorKind, Option<String>)> {
        let bytes = text.as_bytes();
        let om = self.options.format == Format::OpenMetrics;
        let strict = self.options.strict;
        let mut at = open + 1;
        let mut first = true;
        loop {
            if !om {
                at = skip_blanks(bytes, at);
            }
            if bytes.get(at) == Some(&b'}') && (first || !(om && strict)) {
                return Ok(at);
            }
            let name_end = label_name_end(bytes, at).ok_or_else(|| {
                (
                    at,
                    ErrorKind::Expected("a label name or '}'"),
                    Some(format!("in the labels of {metric:?}")),
                )
            })?;
            // Label names are ASCII, so this slice is always on character boundaries.
            let label = text.get(at..name_end).unwrap_or_default();
            if strict {
                self.check_label_name(bytes, open, at, label)?;
            }
            at = name_end;
            if !om {
                at = skip_blanks(bytes, at);
            }
            if bytes.get(at) != Some(&b'=') {
                return Err((
                    at,
                    ErrorKind::Expected("'='"),
                    Some(format!("after label name {label:?}")),
                ));
            }
            at += 1;
            if !om {
                at = skip_blanks(bytes, at);
            }
            if bytes.get(at) != Some(&b'"') {
                return Err((
                    at,
                    ErrorKind::Expected("'\"'"),
                    Some(format!("to open the value of label {label:?}")),
                ));
            }
            let (close, _) = quoted_end(bytes, at + 1, strict && !om).map_err(|(pos, kind)| {
                (pos, kind, Some(format!("in the value of label {label:?}")))
            })?;
            at = close + 1;
            if !om {
                at = skip_blanks(bytes, at);
            }
            match bytes.get(at) {
                Some(b',') => at += 1,
                Some(b'}') => return Ok(at),
                _ => {
                    return Err((
                        at,
                        ErrorKind::Expected("',' or '}'"),
                        Some(format!("after the value of label {label:?}")),
                    ))
                }
            }
            first = false;
        }
    }

    /// Strict mode: no label name twice in one set.
    fn check_label_name(
        &self,
        bytes: &[u8],
        open: usize,
        at: usize,
        label: &str,
    ) -> Result<(), (usize, ErrorKind, Option<String>)> {
        let before =
            std::str::from_utf8(bytes.get(open + 1..at).unwrap_or_default()).unwrap_or_default();
        if Labels::new(before).iter().any(|l| l.name == label) {
            return Err((
                at,
                ErrorKind::Duplicate("label name"),
                Some(format!("{label:?}")),
            ));
        }
        Ok(())
    }

    /// Parses an exemplar starting at `at` (just after ` # `); returns it and its end.
    fn exemplar(
        &self,
        line: &'a str,
        at: usize,
    ) -> Result<(Exemplar<'a>, usize), (usize, ErrorKind)> {
        let bytes = line.as_bytes();
        if bytes.get(at) != Some(&b'{') {
            return Err((at, ErrorKind::Expected("'{' to open the exemplar's labels")));
        }
        let close = self
            .label_block(line, at, "exemplar")
            .map_err(|(pos, kind, _)| (pos, kind))?;
        let labels = Labels::new(line.get(at + 1..close).unwrap_or_default());
        let mut pos = close + 1;
        if bytes.get(pos) != Some(&b' ') {
            return Err((
                pos,
                ErrorKind::Expected("a space before the exemplar's value"),
            ));
        }
        pos += 1;
        let end = token_end(bytes, pos);
        let value = parse_value(
            line.get(pos..end).unwrap_or_default(),
            Format::OpenMetrics,
            self.options.strict,
        )
        .ok_or((pos, ErrorKind::InvalidValue))?;
        pos = end;
        let mut timestamp_ms = None;
        if bytes.get(pos) == Some(&b' ') {
            let start = pos + 1;
            let end = token_end(bytes, start);
            timestamp_ms = Some(
                parse_seconds(line.get(start..end).unwrap_or_default())
                    .ok_or((start, ErrorKind::InvalidTimestamp))?,
            );
            pos = end;
        }
        Ok((
            Exemplar {
                labels,
                value,
                timestamp_ms,
            },
            pos,
        ))
    }
}

/// The end of the token starting at `at`: the next blank, or the end.
#[inline]
fn token_end(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + memchr::memchr2(b' ', b'\t', rest).unwrap_or(rest.len())
}

/// HELP text may escape only `\\`, `\n` (and `\"` in OpenMetrics, which the suite also
/// accepts unescaped). Returns the offset of a bad escape.
fn check_help_escapes(text: &str) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'\\', bytes.get(at..).unwrap_or_default()) {
        let slash = at + offset;
        match bytes.get(slash + 1) {
            Some(b'\\' | b'n' | b'"') => at = slash + 2,
            _ => return Err(slash),
        }
    }
    Ok(())
}

impl<'a> Iterator for Parser<'a> {
    type Item = Result<Entry<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(error) = self.early_error.take() {
            return self.fail(error);
        }
        loop {
            if self.finished {
                return None;
            }
            if self.pos >= self.text.len() {
                return self.end_of_input();
            }
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
            let (line_len, advance) = match memchr::memchr(b'\n', rest) {
                Some(n) => (n, n + 1),
                None => (rest.len(), rest.len()),
            };
            let mut line = self
                .text
                .get(self.pos..self.pos + line_len)
                .unwrap_or_default();
            self.pos += advance;
            self.line += 1;
            if let Some(stripped) = line.strip_suffix('\r') {
                if self.options.strict {
                    let e = self
                        .error_at(
                            line,
                            stripped.len(),
                            ErrorKind::UnexpectedLine("carriage return"),
                        )
                        .with_context("(CRLF line end)");
                    return self.fail(e);
                }
                line = stripped;
            }
            let unterminated = advance == line_len && !line.is_empty();
            if unterminated && self.options.strict && line != "# EOF" {
                // Every line ends with a newline; only OpenMetrics's `# EOF` may end the text.
                let e = self.error_at(
                    line,
                    line.len(),
                    ErrorKind::Expected("a newline at the end of the line"),
                );
                return self.fail(e);
            }
            match self.parse_line(line) {
                Ok(Some(entry)) => return Some(Ok(entry)),
                Ok(None) => continue,
                Err(e) => return self.fail(e),
            }
        }
    }
}

impl std::iter::FusedIterator for Parser<'_> {}
