//! The rules strict mode adds on top of the syntax. Lenient mode checks none of them.
//!
//! OpenMetrics (its conformance suite): families are contiguous and their names do not
//! clash; metadata comes once and before samples; each sample name fits its family's type;
//! counters, buckets, counts and sums are not negative or NaN; buckets ascend, end with
//! `+Inf` and agree with `_count`; a label group (a MetricPoint) is contiguous; a series'
//! timestamps do not go backwards; exemplars sit only on `_total` and `_bucket` samples and
//! stay within 128 characters; info is 1 and stateset 0 or 1.
//!
//! Prometheus text (prometheus/common's parser): HELP and TYPE at most once per family,
//! TYPE before the family's samples, no `__name__` label, and `le`/`quantile` labels that
//! are numbers.

use std::collections::{HashMap, HashSet};

use crate::{labels::Labels, scan::parse_value, Entry, Format, MetricType, Options, Sample};

/// The state strict checking carries from line to line.
#[derive(Debug)]
pub(crate) struct Rules<'a> {
    active: bool,
    format: Format,
    /// Every family seen, by name.
    families: HashMap<&'a str, Seen>,
    /// OpenMetrics: sample names some family may produce, to catch clashes.
    claimed: HashSet<String>,
    /// The family being read.
    current: Option<&'a str>,
    /// OpenMetrics: the label group being read in the current family.
    group: Option<Group>,
    /// OpenMetrics: groups of the current family already left.
    left_groups: HashSet<String>,
    /// The previous sample's name, raw labels and timestamp.
    previous: Option<(&'a str, &'a str, Option<i64>)>,
}

/// What is known about a family.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    kind: Option<MetricType>,
    help: bool,
    unit: bool,
    samples: bool,
    /// OpenMetrics: the family's block has ended; it may not come back.
    closed: bool,
}

/// One MetricPoint of a histogram-like or summary family: its samples seen so far.
#[derive(Debug, Default)]
struct Group {
    key: String,
    last_le: Option<f64>,
    last_bucket: Option<f64>,
    inf_bucket: Option<f64>,
    negative_le: bool,
    count: Option<f64>,
    sum: Option<f64>,
    /// `_count`/`_sum` (or `_gcount`/`_gsum`) came: no more buckets.
    totals_started: bool,
}

type Rule = Result<(), String>;

impl<'a> Rules<'a> {
    pub(crate) fn new(options: Options) -> Self {
        Self {
            active: options.strict,
            format: options.format,
            families: HashMap::new(),
            claimed: HashSet::new(),
            current: None,
            group: None,
            left_groups: HashSet::new(),
            previous: None,
        }
    }

    fn om(&self) -> bool {
        self.format == Format::OpenMetrics
    }

    /// Makes `name` the current family, closing the previous one (OpenMetrics).
    fn enter(&mut self, name: &'a str) -> Rule {
        if self.current == Some(name) {
            return Ok(());
        }
        self.close_group()?;
        self.left_groups.clear();
        if self.om() {
            if let Some(previous) = self.current.and_then(|p| self.families.get_mut(p)) {
                previous.closed = true;
            }
            if self.families.get(name).is_some_and(|f| f.closed) {
                return Err(format!(
                    "metric family {name:?} appears again after other families"
                ));
            }
            if !self.families.contains_key(name) {
                self.claim(name, MetricType::Unknown)?;
            }
        }
        self.families.entry(name).or_default();
        self.current = Some(name);
        Ok(())
    }

    /// Records the sample names a family of `kind` may produce; a name another family
    /// already produces is a clash.
    fn claim(&mut self, name: &str, kind: MetricType) -> Rule {
        let names = std::iter::once(String::new())
            .chain(kind.suffixes().iter().map(|s| (*s).to_owned()))
            .map(|suffix| format!("{name}{suffix}"));
        for sample_name in names {
            let own = sample_name == name && self.families.contains_key(name);
            if !own && !self.claimed.insert(sample_name.clone()) {
                return Err(format!(
                    "metric family {name:?} clashes with another family's sample name {sample_name:?}"
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn metadata(&mut self, entry: &Entry<'a>) -> Rule {
        if !self.active {
            return Ok(());
        }
        let (name, what) = match entry {
            Entry::Help { name, .. } => (*name, "HELP"),
            Entry::Type { name, .. } => (*name, "TYPE"),
            Entry::Unit { name, .. } => (*name, "UNIT"),
            Entry::Sample(_) => return Ok(()),
        };
        if self.om() {
            self.enter(name)?;
        } else {
            self.families.entry(name).or_default();
        }
        let seen = self.families.get(name).copied().unwrap_or_default();
        let again = match entry {
            Entry::Help { .. } => seen.help,
            Entry::Type { .. } => seen.kind.is_some(),
            _ => seen.unit,
        };
        if again {
            return Err(format!("second {what} line for metric name {name:?}"));
        }
        if seen.samples && (self.om() || what == "TYPE") {
            return Err(format!(
                "{what} line for metric name {name:?} after its samples"
            ));
        }
        match entry {
            Entry::Type { kind, .. } if self.om() => self.claim(name, *kind)?,
            Entry::Unit { unit, .. } => {
                if matches!(seen.kind, Some(MetricType::Info | MetricType::StateSet)) {
                    return Err(format!(
                        "{name:?} is an info or stateset family: it has no unit"
                    ));
                }
                if !unit.is_empty() && !name.ends_with(&format!("_{unit}")) {
                    return Err(format!(
                        "metric name {name:?} does not end with its unit {unit:?}"
                    ));
                }
            }
            _ => {}
        }
        if let Some(family) = self.families.get_mut(name) {
            match entry {
                Entry::Help { .. } => family.help = true,
                Entry::Type { kind, .. } => family.kind = Some(*kind),
                _ => family.unit = true,
            }
        }
        Ok(())
    }

    pub(crate) fn sample(&mut self, sample: &Sample<'a>) -> Rule {
        if !self.active {
            return Ok(());
        }
        if sample.labels.iter().any(|l| l.name == "__name__") && !self.om() {
            return Err("label name \"__name__\" is reserved".to_owned());
        }
        let (family, kind, suffix) = self.family_of(sample.name);
        if self.om() {
            self.enter(family)?;
        } else {
            self.families.entry(family).or_default();
        }
        if let Some(seen) = self.families.get_mut(family) {
            seen.samples = true;
        }
        if self.om() {
            self.openmetrics_sample(sample, kind, suffix)?;
        } else {
            prometheus_labels(sample, kind, suffix)?;
        }
        Ok(())
    }

    /// The family a sample belongs to, that family's type, and the sample's suffix.
    fn family_of(&self, sample: &'a str) -> (&'a str, MetricType, &'a str) {
        let candidates: &[&str] = if self.om() {
            &[
                "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
            ]
        } else {
            &["_bucket", "_count", "_sum"]
        };
        for suffix in candidates {
            let Some(base) = sample.strip_suffix(suffix) else {
                continue;
            };
            if let Some((&name, seen)) = self.families.get_key_value(base) {
                let kind = seen.kind.unwrap_or_default();
                let belongs = kind.suffixes().contains(suffix)
                    && (self.om() || matches!(kind, MetricType::Histogram | MetricType::Summary));
                if belongs {
                    let suffix = sample.get(base.len()..).unwrap_or_default();
                    return (name, kind, suffix);
                }
            }
        }
        let kind = self
            .families
            .get(sample)
            .and_then(|f| f.kind)
            .unwrap_or_default();
        (sample, kind, "")
    }

    fn openmetrics_sample(&mut self, sample: &Sample<'a>, kind: MetricType, suffix: &str) -> Rule {
        let name = sample.name;
        // A bare sample name must be one its type allows.
        let bare_ok = matches!(
            kind,
            MetricType::Gauge | MetricType::Unknown | MetricType::StateSet | MetricType::Summary
        );
        if suffix.is_empty() && !bare_ok {
            return Err(format!("a {kind} family has no sample named {name:?}"));
        }
        self.timestamps(sample)?;
        self.exemplar(sample, kind, suffix)?;
        let value = sample.value;
        let negative_or_nan = value.is_nan() || value < 0.0;
        let group_key = group_key(sample.labels);
        if self.group.as_ref().is_none_or(|g| g.key != group_key) {
            self.close_group()?;
            if !self.left_groups.insert(group_key.clone()) {
                return Err(format!(
                    "the samples of {name:?} with labels {{{}}} are not together",
                    sample.labels.as_raw()
                ));
            }
            self.group = Some(Group {
                key: group_key,
                ..Group::default()
            });
        }
        let Some(group) = self.group.as_mut() else {
            return Ok(());
        };
        match (kind, suffix) {
            (MetricType::Counter, "_total") if negative_or_nan => {
                Err(format!("counter {name:?} is negative or NaN"))
            }
            (MetricType::Histogram | MetricType::GaugeHistogram, "_bucket") => {
                bucket(group, sample, negative_or_nan)
            }
            (MetricType::Histogram, "_count")
            | (MetricType::GaugeHistogram, "_gcount")
            | (MetricType::Summary, "_count") => {
                if negative_or_nan {
                    return Err(format!("{name:?} is negative or NaN"));
                }
                // OpenMetrics 1.0: "Count and bucket values MUST be integers" (histogram),
                // "Count MUST be an integer" (summary); gauge histograms follow the
                // histogram's rules.
                if !is_integer(value) {
                    return Err(format!("{name:?} must be an integer, not {value}"));
                }
                group.totals_started = true;
                group.count = Some(value);
                Ok(())
            }
            (MetricType::Histogram, "_sum")
            | (MetricType::GaugeHistogram, "_gsum")
            | (MetricType::Summary, "_sum") => {
                if value.is_nan() || (value < 0.0 && kind != MetricType::GaugeHistogram) {
                    return Err(format!("{name:?} is negative or NaN"));
                }
                group.totals_started = true;
                group.sum = Some(value);
                Ok(())
            }
            (MetricType::Summary, "") => {
                let quantile = sample
                    .labels
                    .get("quantile")
                    .and_then(|q| parse_value(&q, Format::OpenMetrics, true))
                    .filter(|q| (0.0..=1.0).contains(q));
                if quantile.is_none() {
                    return Err(format!(
                        "summary sample {name:?} needs a quantile label between 0 and 1"
                    ));
                }
                if value < 0.0 {
                    return Err(format!("quantile value of {name:?} is negative"));
                }
                Ok(())
            }
            (MetricType::Info, "_info") if value != 1.0 => {
                Err(format!("info sample {name:?} must have value 1"))
            }
            (MetricType::StateSet, "") => {
                let family = name;
                if sample.labels.get(family).is_none() {
                    return Err(format!(
                        "stateset sample {name:?} needs a label named {family:?}"
                    ));
                }
                if value != 0.0 && value != 1.0 {
                    return Err(format!("stateset sample {name:?} must be 0 or 1"));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Consecutive samples of one series: timestamps on all or none, never going back.
    fn timestamps(&mut self, sample: &Sample<'a>) -> Rule {
        let current = (sample.name, sample.labels.as_raw(), sample.timestamp_ms);
        let previous = self.previous.replace(current);
        if let Some((name, labels, before)) = previous {
            if name == current.0 && labels == current.1 {
                match (before, current.2) {
                    (Some(a), Some(b)) if b < a => {
                        return Err(format!("timestamps of {name:?} go backwards"));
                    }
                    (Some(_), None) | (None, Some(_)) => {
                        return Err(format!(
                            "samples of {name:?} mix lines with and without timestamps"
                        ));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn exemplar(&self, sample: &Sample<'a>, kind: MetricType, suffix: &str) -> Rule {
        let Some(exemplar) = &sample.exemplar else {
            return Ok(());
        };
        let allowed = matches!(
            (kind, suffix),
            (MetricType::Counter, "_total")
                | (
                    MetricType::Histogram | MetricType::GaugeHistogram,
                    "_bucket"
                )
        );
        if !allowed {
            return Err(format!("{:?} may not carry an exemplar", sample.name));
        }
        let length: usize = exemplar
            .labels
            .iter()
            .map(|l| l.name.chars().count() + l.value.chars().count())
            .sum();
        if length > 128 {
            return Err(format!(
                "exemplar labels are {length} characters long; at most 128 are allowed"
            ));
        }
        Ok(())
    }

    /// Checks the group just finished (histogram rules that need all its samples).
    fn close_group(&mut self) -> Rule {
        let Some(group) = self.group.take() else {
            return Ok(());
        };
        let Some(family) = self.current else {
            return Ok(());
        };
        let kind = self
            .families
            .get(family)
            .and_then(|f| f.kind)
            .unwrap_or_default();
        if !matches!(kind, MetricType::Histogram | MetricType::GaugeHistogram) {
            return Ok(());
        }
        let has_buckets = group.last_le.is_some();
        if (has_buckets || group.count.is_some() || group.sum.is_some())
            && group.inf_bucket.is_none()
        {
            return Err(format!("histogram {family:?} has no +Inf bucket"));
        }
        if group.count.is_some() != group.sum.is_some() {
            return Err(format!(
                "histogram {family:?} has a count without a sum, or a sum without a count"
            ));
        }
        if let (Some(count), Some(inf)) = (group.count, group.inf_bucket) {
            if count != inf {
                return Err(format!(
                    "the count of histogram {family:?} differs from its +Inf bucket"
                ));
            }
        }
        if kind == MetricType::Histogram && group.negative_le && group.sum.is_some() {
            return Err(format!(
                "histogram {family:?} has negative buckets, so it may not have a sum"
            ));
        }
        if kind == MetricType::GaugeHistogram
            && !group.negative_le
            && group.sum.is_some_and(|s| s < 0.0)
        {
            return Err(format!(
                "gauge histogram {family:?} has a negative sum but no negative buckets"
            ));
        }
        Ok(())
    }

    pub(crate) fn finish(&mut self) -> Rule {
        if !self.active {
            return Ok(());
        }
        self.close_group()
    }
}

/// One bucket of a histogram group: `le` present, ascending, values cumulative.
fn bucket(group: &mut Group, sample: &Sample<'_>, negative_or_nan: bool) -> Rule {
    let name = sample.name;
    if negative_or_nan {
        return Err(format!("bucket {name:?} is negative or NaN"));
    }
    // OpenMetrics 1.0: bucket values of histograms and gauge histograms MUST be integers.
    if !is_integer(sample.value) {
        return Err(format!(
            "bucket {name:?} must be an integer, not {}",
            sample.value
        ));
    }
    if group.totals_started {
        return Err(format!(
            "bucket {name:?} comes after the histogram's count or sum"
        ));
    }
    let le = sample
        .labels
        .get("le")
        .ok_or_else(|| format!("bucket {name:?} has no le label"))?;
    // Infinity is spelled `+Inf` exactly in a bucket bound.
    let spelled_inf = le
        .trim_start_matches(['+', '-'])
        .to_ascii_lowercase()
        .starts_with("inf");
    if spelled_inf && le != "+Inf" {
        return Err(format!(
            "bucket {name:?} spells its le {le:?}; write \"+Inf\""
        ));
    }
    let bound = parse_value(&le, Format::OpenMetrics, true)
        .filter(|b| !b.is_nan())
        .ok_or_else(|| format!("bucket {name:?} has an invalid le {le:?}"))?;
    if group.last_le.is_some_and(|last| bound <= last) {
        return Err(format!(
            "buckets of {name:?} are not in increasing le order"
        ));
    }
    if group.last_bucket.is_some_and(|last| sample.value < last) {
        return Err(format!("buckets of {name:?} are not cumulative"));
    }
    group.last_le = Some(bound);
    group.last_bucket = Some(sample.value);
    group.negative_le |= bound < 0.0;
    if bound == f64::INFINITY {
        group.inf_bucket = Some(sample.value);
    }
    Ok(())
}

/// A whole number: finite, no fraction (`3`, `3.0` and `3e2` are; `2.5` and `+Inf` are not).
fn is_integer(value: f64) -> bool {
    value.is_finite() && value.fract() == 0.0
}

/// The labels that identify a MetricPoint: all but `le` and `quantile`, in name order.
fn group_key(labels: Labels<'_>) -> String {
    let mut pairs: Vec<(&str, String)> = labels
        .iter()
        .filter(|l| l.name != "le" && l.name != "quantile")
        .map(|l| (l.name, l.value.into_owned()))
        .collect();
    pairs.sort();
    let mut key = String::new();
    for (name, value) in pairs {
        key.push_str(name);
        key.push('=');
        key.push_str(&value);
        key.push('\u{0}');
    }
    key
}

/// Prometheus text: a histogram bucket needs a numeric `le`, a summary quantile a numeric
/// `quantile`.
fn prometheus_labels(sample: &Sample<'_>, kind: MetricType, suffix: &str) -> Rule {
    let (label, needed) = match (kind, suffix) {
        (MetricType::Histogram, "_bucket") => ("le", true),
        (MetricType::Summary, "") => ("quantile", true),
        _ => ("", false),
    };
    if !needed {
        return Ok(());
    }
    let value = sample
        .labels
        .get(label)
        .ok_or_else(|| format!("{:?} needs a {label} label", sample.name))?;
    parse_value(&value, Format::Prometheus, false)
        .map(|_| ())
        .ok_or_else(|| {
            format!(
                "{label} label of {:?} is not a number: {value:?}",
                sample.name
            )
        })
}
