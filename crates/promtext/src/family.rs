//! The family-level view: samples grouped under their metric family with its type, help
//! and unit.

use std::borrow::Cow;

use crate::{Entry, Error, MetricType, Parser, Sample};

/// A metric family: its metadata and its samples, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFamily<'a> {
    /// The family name (for a histogram, without `_bucket`, `_count` or `_sum`).
    pub name: &'a str,
    /// The type from `# TYPE`, or [`MetricType::Unknown`].
    pub kind: MetricType,
    /// The text from `# HELP`.
    pub help: Option<Cow<'a, str>>,
    /// The unit from `# UNIT` (OpenMetrics).
    pub unit: Option<&'a str>,
    /// The family's samples.
    pub samples: Vec<Sample<'a>>,
}

impl<'a> MetricFamily<'a> {
    fn new(name: &'a str) -> Self {
        Self {
            name,
            kind: MetricType::Unknown,
            help: None,
            unit: None,
            samples: Vec::new(),
        }
    }

    /// Whether `sample` (a sample name) belongs to this family.
    pub fn owns(&self, sample: &str) -> bool {
        match sample.strip_prefix(self.name) {
            Some("") => true,
            Some(suffix) => self.kind.suffixes().contains(&suffix),
            None => false,
        }
    }
}

/// Groups the entries of `parser` into families. A sample joins the family just before it
/// when its name is one of that family's sample names; otherwise it starts a family of its
/// own.
///
/// # Errors
/// The first parse error.
pub fn families<'a>(parser: Parser<'a>) -> Result<Vec<MetricFamily<'a>>, Error> {
    let mut out: Vec<MetricFamily<'a>> = Vec::new();
    for entry in parser {
        let entry = entry?;
        let name = match &entry {
            Entry::Help { name, .. } | Entry::Type { name, .. } | Entry::Unit { name, .. } => *name,
            Entry::Sample(sample) => sample.name,
        };
        let joins = match (&entry, out.last()) {
            (Entry::Sample(_), Some(family)) => family.owns(name),
            (_, Some(family)) => family.name == name && family.samples.is_empty(),
            (_, None) => false,
        };
        if !joins {
            out.push(MetricFamily::new(name));
        }
        let Some(family) = out.last_mut() else {
            continue;
        };
        match entry {
            Entry::Help { text, .. } => family.help = Some(text),
            Entry::Type { kind, .. } => family.kind = kind,
            Entry::Unit { unit, .. } => family.unit = Some(unit),
            Entry::Sample(sample) => family.samples.push(sample),
        }
    }
    Ok(out)
}
