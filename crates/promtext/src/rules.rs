//! The rules strict mode adds on top of the syntax: how families are grouped and ordered,
//! and what their samples may hold. Lenient mode checks none of them.

use std::collections::HashSet;

use crate::{Entry, Format, MetricType, Options, Sample};

/// The state strict checking carries from line to line.
#[derive(Debug)]
pub(crate) struct Rules<'a> {
    active: bool,
    format: Format,
    /// Families whose block has been left; none may come back.
    closed: HashSet<&'a str>,
    current: Option<Family<'a>>,
}

#[derive(Debug)]
struct Family<'a> {
    name: &'a str,
    kind: Option<MetricType>,
    saw_help: bool,
    saw_unit: bool,
    saw_sample: bool,
}

impl<'a> Family<'a> {
    fn new(name: &'a str) -> Self {
        Self {
            name,
            kind: None,
            saw_help: false,
            saw_unit: false,
            saw_sample: false,
        }
    }
}

impl<'a> Rules<'a> {
    pub(crate) fn new(options: Options) -> Self {
        Self {
            active: options.strict,
            format: options.format,
            closed: HashSet::new(),
            current: None,
        }
    }

    /// Switches to family `name`, closing the current one.
    fn enter(&mut self, name: &'a str) -> Result<(), String> {
        if self.current.as_ref().is_some_and(|f| f.name == name) {
            return Ok(());
        }
        if self.closed.contains(name) {
            return Err(format!(
                "metric family {name:?} appears again after other families"
            ));
        }
        if let Some(previous) = self.current.take() {
            self.closed.insert(previous.name);
        }
        self.current = Some(Family::new(name));
        Ok(())
    }

    pub(crate) fn metadata(&mut self, entry: &Entry<'a>) -> Result<(), String> {
        if !self.active {
            return Ok(());
        }
        let name = match entry {
            Entry::Help { name, .. } | Entry::Type { name, .. } | Entry::Unit { name, .. } => *name,
            Entry::Sample(_) => return Ok(()),
        };
        self.enter(name)?;
        let Some(family) = self.current.as_mut() else {
            return Ok(());
        };
        match entry {
            Entry::Help { .. } => {
                if family.saw_help {
                    return Err(format!("second HELP line for metric name {name:?}"));
                }
                family.saw_help = true;
            }
            Entry::Type { kind, .. } => {
                if family.kind.is_some() {
                    return Err(format!("second TYPE line for metric name {name:?}"));
                }
                family.kind = Some(*kind);
            }
            Entry::Unit { unit, .. } => {
                if family.saw_unit {
                    return Err(format!("second UNIT line for metric name {name:?}"));
                }
                family.saw_unit = true;
                if !unit.is_empty() && !name.ends_with(&format!("_{unit}")) {
                    return Err(format!(
                        "metric name {name:?} does not end with its unit {unit:?}"
                    ));
                }
            }
            Entry::Sample(_) => {}
        }
        if family.saw_sample {
            return Err(format!("metadata for {name:?} after its samples"));
        }
        Ok(())
    }

    pub(crate) fn sample(&mut self, sample: &Sample<'a>) -> Result<(), String> {
        if !self.active {
            return Ok(());
        }
        let family = self.family_of(sample.name);
        self.enter(family)?;
        if let Some(current) = self.current.as_mut() {
            current.saw_sample = true;
        }
        let _ = self.format;
        Ok(())
    }

    /// The family a sample belongs to: the current family when the name is one of its
    /// sample names, otherwise the sample's own name.
    fn family_of(&self, sample: &'a str) -> &'a str {
        if let Some(current) = &self.current {
            if sample == current.name {
                return current.name;
            }
            let kind = current.kind.unwrap_or_default();
            let suffixes = if kind == MetricType::Unknown && self.format == Format::Prometheus {
                &[][..]
            } else {
                kind.suffixes()
            };
            if let Some(rest) = sample.strip_prefix(current.name) {
                if suffixes.contains(&rest) {
                    return current.name;
                }
            }
        }
        sample
    }

    pub(crate) fn finish(&mut self) -> Result<(), String> {
        Ok(())
    }
}
