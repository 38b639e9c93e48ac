//! Parse errors: where (1-based line and column) and what, in words a person understands.

use std::fmt;

/// What went wrong. New kinds may be added, so match with a wildcard arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not valid UTF-8.
    InvalidUtf8,
    /// A specific character or token was expected.
    Expected(&'static str),
    /// A metric or label name is not valid.
    InvalidName,
    /// A sample value is not a number.
    InvalidValue,
    /// A timestamp is not a number of the format's kind.
    InvalidTimestamp,
    /// A `\` escape that the format does not allow.
    InvalidEscape,
    /// A `# TYPE` names a type the format does not know.
    UnknownType(String),
    /// A metric or label name is repeated where it may appear once.
    Duplicate(&'static str),
    /// OpenMetrics text must end with `# EOF`.
    MissingEof,
    /// Something follows `# EOF`.
    TextAfterEof,
    /// A line the format does not allow here (blank line, stray comment, CR).
    UnexpectedLine(&'static str),
    /// A rule about a family's samples is broken (strict mode): the text says which.
    Semantic(String),
}

/// A parse error at a 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What went wrong.
    pub kind: ErrorKind,
    /// Extra context, such as the name involved.
    pub context: Option<String>,
}

impl Error {
    pub(crate) fn new(line: usize, column: usize, kind: ErrorKind) -> Self {
        Self {
            line,
            column,
            kind,
            context: None,
        }
    }

    pub(crate) fn with_context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    /// The message without the position.
    pub fn message(&self) -> String {
        let mut text = match &self.kind {
            ErrorKind::InvalidUtf8 => "invalid UTF-8".to_owned(),
            ErrorKind::Expected(what) => format!("expected {what}"),
            ErrorKind::InvalidName => "invalid name".to_owned(),
            ErrorKind::InvalidValue => "invalid sample value".to_owned(),
            ErrorKind::InvalidTimestamp => "invalid timestamp".to_owned(),
            ErrorKind::InvalidEscape => "invalid escape sequence".to_owned(),
            ErrorKind::UnknownType(kind) => format!("unknown metric type {kind:?}"),
            ErrorKind::Duplicate(what) => format!("duplicate {what}"),
            ErrorKind::MissingEof => "OpenMetrics text must end with \"# EOF\"".to_owned(),
            ErrorKind::TextAfterEof => "text after \"# EOF\"".to_owned(),
            ErrorKind::UnexpectedLine(what) => format!("unexpected {what}"),
            ErrorKind::Semantic(rule) => rule.clone(),
        };
        if let Some(context) = &self.context {
            text.push(' ');
            text.push_str(context);
        }
        text
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, col {}: {}",
            self.line,
            self.column,
            self.message()
        )
    }
}

impl std::error::Error for Error {}
