//! A sample's label set, borrowed from the input and decoded lazily: iterating allocates
//! only for values that contain escapes.

use std::borrow::Cow;

use crate::scan::{label_name_end, quoted_end, skip_blanks};

/// One label: a name and a value (unescaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label<'a> {
    /// The label name, borrowed from the input.
    pub name: &'a str,
    /// The label value, borrowed unless it held escapes.
    pub value: Cow<'a, str>,
}

/// The labels of a sample or exemplar: the already validated text between `{` and `}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels<'a> {
    raw: &'a str,
}

impl<'a> Labels<'a> {
    pub(crate) fn new(raw: &'a str) -> Self {
        Self { raw }
    }

    /// The text between the braces, exactly as in the input (escapes not decoded).
    pub fn as_raw(&self) -> &'a str {
        self.raw
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// How many labels there are.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// The labels in input order.
    pub fn iter(&self) -> LabelIter<'a> {
        LabelIter {
            bytes: self.raw.as_bytes(),
            text: self.raw,
            pos: 0,
        }
    }

    /// The value of label `name`, if present.
    pub fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        self.iter().find(|l| l.name == name).map(|l| l.value)
    }
}

impl<'a> IntoIterator for Labels<'a> {
    type Item = Label<'a>;
    type IntoIter = LabelIter<'a>;

    fn into_iter(self) -> LabelIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Labels<'a> {
    type Item = Label<'a>;
    type IntoIter = LabelIter<'a>;

    fn into_iter(self) -> LabelIter<'a> {
        self.iter()
    }
}

/// Iterator over [`Labels`].
#[derive(Debug, Clone)]
pub struct LabelIter<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for LabelIter<'a> {
    type Item = Label<'a>;

    fn next(&mut self) -> Option<Label<'a>> {
        let bytes = self.bytes;
        let start = skip_blanks(bytes, self.pos);
        let name_end = label_name_end(bytes, start)?;
        let mut at = skip_blanks(bytes, name_end);
        if bytes.get(at) != Some(&b'=') {
            return None;
        }
        at = skip_blanks(bytes, at + 1);
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let (close, escaped) = quoted_end(bytes, at + 1, false).ok()?;
        let name = self.text.get(start..name_end)?;
        let raw = self.text.get(at + 1..close)?;
        let value = if escaped {
            unescape_label_value(raw)
        } else {
            Cow::Borrowed(raw)
        };
        at = skip_blanks(bytes, close + 1);
        if bytes.get(at) == Some(&b',') {
            at += 1;
        }
        self.pos = at;
        Some(Label { name, value })
    }
}

/// Decodes `\\`, `\"` and `\n`; any other `\x` is kept as written.
pub(crate) fn unescape_label_value(raw: &str) -> Cow<'_, str> {
    unescape(raw, true)
}

/// Decodes the escapes of HELP text: `\\` and `\n`, plus `\"` when `quote` is set
/// (OpenMetrics). Any other `\x` is kept as written.
pub(crate) fn unescape(raw: &str, quote: bool) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('"') if quote => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_and_unescapes() {
        let labels = Labels::new(r#"a="1",b = "x\"y\\z\n" , c="",d="\t","#);
        let got: Vec<(&str, String)> = labels
            .iter()
            .map(|l| (l.name, l.value.into_owned()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a", "1".to_owned()),
                ("b", "x\"y\\z\n".to_owned()),
                ("c", String::new()),
                ("d", "\\t".to_owned()),
            ]
        );
        assert_eq!(labels.get("a").as_deref(), Some("1"));
        assert_eq!(labels.len(), 4);
        assert!(Labels::new("").is_empty());
    }

    #[test]
    fn plain_values_borrow() {
        let labels = Labels::new(r#"job="node""#);
        assert!(matches!(
            labels.iter().next().map(|l| l.value),
            Some(Cow::Borrowed("node"))
        ));
    }

    #[test]
    fn help_escapes_differ_by_format() {
        assert_eq!(unescape(r#"a \"b\" \\ \n"#, false), "a \\\"b\\\" \\ \n");
        assert_eq!(unescape(r#"a \"b\" \\ \n"#, true), "a \"b\" \\ \n");
    }
}
