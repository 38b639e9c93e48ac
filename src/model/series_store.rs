//! The in-browser series store: one bounded ring of compressed points per series (an XOR
//! chunk being filled, packed again when full, and full chunks dropped whole when the ring
//! is full), filled one poll at a time from a federate answer, with the families the series
//! belong to.

use std::hash::Hasher as _;

// Series keys are hashed once or twice per sample. FxHash is several times cheaper than the
// default SipHash in wasm; SipHash's resistance to crafted keys guards servers, not a tab
// reading its own operator's metrics.
use rustc_hash::{FxHashMap as HashMap, FxHasher};

use promtext::{Entry, Format, Options, Parser};

use crate::{
    model::metric_kind::{companion_of, family_of, MetricKind},
    model::{sealed_chunk::SealedChunk, xor_chunk::XorChunk},
};

/// How many points each series keeps by default: 6 hours at the default 30 s poll.
pub const DEFAULT_POINTS_PER_SERIES: usize = 720;

use crate::model::labels::Symbols;
pub use crate::model::labels::{SeriesLabels, Sym};

use crate::model::point::Point;

mod forgetting;
use forgetting::Forgetting;
pub use forgetting::{
    DEFAULT_BUDGET_BYTES, DEFAULT_RETENTION_MS, SHORTEST_RETENTION_MS, SWEEP_PARTS,
};

/// The most points a series keeps, whatever the retention (a week at 5 s is 120,960).
pub const MAX_POINTS_PER_SERIES: usize = 131_072;

/// Samples stored per call of [`SeriesStore::store_samples`].
const STORE_BATCH: usize = 1024;

/// Points in a chunk, at most (Prometheus cuts its XOR chunks at 120 samples).
const CHUNK_POINTS: usize = 120;

/// A series' points, oldest first: full chunks compressed and sealed, the chunk being
/// filled, and the latest point kept whole (so that a repeated timestamp replaces it).
/// When the ring is full the oldest chunk goes whole, so a series keeps between
/// `limit - chunk + 1` and `limit` points.
///
/// There are 100,000 of these at a large instance, so every byte counts: the chunk being
/// filled is an XOR chunk, cheap to append to, and is packed into a [`SealedChunk`] once
/// full, which takes about half the bytes; it is sealed only when the next point arrives,
/// so it always holds the point before the latest (read back without decoding); and the
/// ring's sizes fit in `u16`s.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoints {
    sealed: Vec<SealedChunk>,
    open: XorChunk,
    latest: Option<Point>,
    chunk_points: u16,
    /// Where the chunk being filled is cut: `chunk_points`, except for a series' first
    /// chunk (see [`SeriesPoints::staggered`]).
    cut: u16,
    max_sealed: u16,
}

impl SeriesPoints {
    /// An empty ring keeping at most `limit` points.
    pub fn new(limit: usize) -> Self {
        Self::staggered(limit, 0)
    }

    /// An empty ring keeping at most `limit` points, whose first chunk is cut `offset`
    /// points short (modulo a chunk). Series that start on the same poll with different
    /// offsets seal their chunks on different polls, so that a poll packs a share of the
    /// chunks rather than every chunk of the store at once.
    pub fn staggered(limit: usize, offset: usize) -> Self {
        let chunk_points = (limit / 6).clamp(1, CHUNK_POINTS);
        Self {
            sealed: Vec::new(),
            open: XorChunk::new(),
            latest: None,
            chunk_points: chunk_points as u16,
            cut: (chunk_points - offset % chunk_points) as u16,
            max_sealed: u16::try_from((limit / chunk_points).saturating_sub(1)).unwrap_or(u16::MAX),
        }
    }

    /// Keeps at most `limit` points from now on: the oldest chunks go at the next point if
    /// there are more.
    pub fn set_limit(&mut self, limit: usize) {
        let chunk_points = usize::from(self.chunk_points).max(1);
        self.max_sealed =
            u16::try_from((limit / chunk_points).saturating_sub(1)).unwrap_or(u16::MAX);
    }

    /// Appends a point; one at the latest point's timestamp replaces it.
    pub fn push(&mut self, t: i64, value: f64) {
        if let Some((latest_t, latest_value)) = self.latest {
            if latest_t != t {
                if self.open.len() >= usize::from(self.cut) {
                    let full = std::mem::take(&mut self.open);
                    let points: Vec<Point> = full.iter().collect();
                    // The ring's length is bounded: no spare capacity.
                    self.sealed.reserve_exact(1);
                    self.sealed.push(SealedChunk::pack(&points));
                    self.cut = self.chunk_points;
                }
                self.open.push(latest_t, latest_value);
                // A full chunk being filled counts as sealed: the ring never holds more
                // than its limit.
                let mut keep = usize::from(self.max_sealed);
                if self.open.len() >= usize::from(self.cut) {
                    keep = keep.saturating_sub(1);
                }
                if self.sealed.len() > keep {
                    let extra = self.sealed.len() - keep;
                    self.sealed.drain(..extra);
                }
            }
        }
        self.latest = Some((t, value));
    }

    /// How many points it holds.
    pub fn len(&self) -> usize {
        self.sealed.iter().map(SealedChunk::len).sum::<usize>()
            + self.open.len()
            + usize::from(self.latest.is_some())
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.latest.is_none()
    }

    /// The latest point.
    pub fn back(&self) -> Option<Point> {
        self.latest
    }

    /// The point before the latest, kept whole too: the latest rate of a counter needs no
    /// decoding.
    pub fn previous(&self) -> Option<Point> {
        self.open.last()
    }

    /// The points, oldest first, decoded as they are read.
    pub fn iter(&self) -> impl Iterator<Item = Point> + '_ {
        self.sealed
            .iter()
            .flat_map(SealedChunk::iter)
            .chain(self.open.iter())
            .chain(self.latest)
    }

    /// Heap bytes the points take.
    pub fn bytes(&self) -> usize {
        self.sealed.iter().map(SealedChunk::bytes).sum::<usize>()
            + self.open.bytes()
            + self.sealed.capacity() * std::mem::size_of::<SealedChunk>()
    }
}

/// One series: its sample name, labels (sorted by name) and latest points, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The sample name, such as `http_request_duration_seconds_bucket`.
    pub name: Sym,
    /// Label pairs, sorted by name.
    pub labels: SeriesLabels,
    /// Points, oldest first, at most the store's limit.
    pub points: SeriesPoints,
    /// The poll (counted from 1) that first had this series.
    pub first_poll: usize,
    /// The latest poll that had it.
    pub last_poll: usize,
    /// The poll before that which had it (0 when none).
    pub previous_poll: usize,
}

impl Series {
    /// The value of label `name`, if present.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels.get(name)
    }

    /// Whether this is the series of `name` with exactly these (sorted) labels.
    fn is(&self, name: &str, labels: &[(&str, std::borrow::Cow<'_, str>)]) -> bool {
        &*self.name == name
            && self.labels.len() == labels.len()
            && self
                .labels
                .iter()
                .zip(labels)
                .all(|((n, v), (name, value))| &**n == *name && &**v == value.as_ref())
    }

    /// The latest point.
    pub fn latest(&self) -> Option<Point> {
        self.points.back()
    }

    /// The series as Prometheus writes it: `name{label="value", ...}`.
    pub fn text(&self) -> String {
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(n, v)| format!("{n}=\"{v}\""))
            .collect();
        format!("{}{{{}}}", self.name, labels.join(", "))
    }
}

/// A metric family as the viewer shows it: name, kind, help, unit and its series.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// The family name (a histogram's, without `_bucket`).
    pub name: String,
    /// What kind of metric it is (from metadata, else from the name).
    pub kind: MetricKind,
    /// Help text, from metadata or the exposition.
    pub help: Option<String>,
    /// Unit, from metadata or the exposition.
    pub unit: Option<String>,
    /// Indexes into the store's series.
    pub series: Vec<usize>,
}

/// What one poll added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct IngestReport {
    /// Samples read.
    pub samples: usize,
    /// Series seen for the first time.
    pub new_series: usize,
    /// Microseconds the worker took to parse and store it (0 when not timed).
    pub micros: u64,
    /// Microseconds the worker then took to add the poll to the overview's summaries
    /// (0 when not timed).
    pub overview_micros: u64,
}

/// The series seen within the retention window, bounded per series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesStore {
    limit: usize,
    /// Every series by its index; a forgotten series leaves its slot empty until a new
    /// series takes it, so the indexes of the others never move.
    series: Vec<Option<Series>>,
    /// The empty slots.
    free: Vec<usize>,
    /// How long a series that left is kept, and when each recent poll was.
    retention: Forgetting,
    /// Series by the hash of their name and labels.
    index: HashMap<u64, usize>,
    /// The rare series whose hash another series already has, by their full key.
    collided: HashMap<String, usize>,
    /// Every sample name, label name and value, once.
    symbols: Symbols,
    families: Vec<Family>,
    family_index: HashMap<String, usize>,
    polls: usize,
    generation: u64,
}

impl Default for SeriesStore {
    fn default() -> Self {
        Self::new(DEFAULT_POINTS_PER_SERIES)
    }
}

impl SeriesStore {
    /// An empty store keeping at most `limit` points per series.
    pub fn new(limit: usize) -> Self {
        Self {
            limit: limit.max(2),
            series: Vec::new(),
            free: Vec::new(),
            retention: Forgetting::new(),
            index: HashMap::default(),
            collided: HashMap::default(),
            symbols: Symbols::default(),
            families: Vec::new(),
            family_index: HashMap::default(),
            polls: 0,
            generation: 0,
        }
    }

    /// Which data the store holds: raised each time it is replaced by another source's
    /// (a dump, or an empty store on going back to live data). An answer carries the
    /// generation it was asked for, and is dropped when that is no longer the store's.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Replaces everything with `next` under a new generation, which it returns.
    pub fn replace(&mut self, next: SeriesStore) -> u64 {
        let generation = self.generation + 1;
        *self = next;
        self.generation = generation;
        generation
    }

    /// [`Self::ingest`] for an answer asked for at `generation`: `None`, with nothing
    /// added, when the store has since been replaced (a poll still in flight when the user
    /// opened a dump must not write live data into the dump).
    ///
    /// # Errors
    /// The first parse error, with its line and column.
    pub fn ingest_for(
        &mut self,
        generation: u64,
        body: &[u8],
        content_type: Option<&str>,
        now_ms: i64,
    ) -> Option<Result<IngestReport, promtext::Error>> {
        (generation == self.generation).then(|| self.ingest(body, content_type, now_ms))
    }

    /// Heap and inline bytes the store takes: `(points, everything else)`. The points are
    /// the compressed chunks; everything else is the series' names, labels, bookkeeping
    /// and the indexes (an estimate from lengths and capacities: allocator overhead aside).
    pub fn bytes(&self) -> (usize, usize) {
        let points: usize = self.series().map(|s| s.points.bytes()).sum();
        let series: usize = self
            .series
            .capacity()
            .saturating_mul(std::mem::size_of::<Option<Series>>())
            + self.free.capacity() * std::mem::size_of::<usize>()
            + self.series().map(|s| s.labels.bytes()).sum::<usize>();
        // A hash map's slot: its key, value and one control byte.
        let index = self.index.capacity() * (std::mem::size_of::<(u64, usize)>() + 1)
            + self
                .collided
                .keys()
                .map(|k| k.capacity() + std::mem::size_of::<(String, usize)>() + 1)
                .sum::<usize>();
        let symbols = self.symbols.bytes();
        let families: usize = self
            .families
            .iter()
            .map(|f| f.series.capacity() * std::mem::size_of::<usize>() + f.name.capacity() * 2)
            .sum();
        (points, series + index + families + symbols)
    }

    /// The points kept per series.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Every series held: those of the latest poll, and those that left less than the
    /// retention window ago.
    pub fn series(&self) -> impl Iterator<Item = &Series> {
        self.series.iter().flatten()
    }

    /// How many series it holds.
    pub fn len(&self) -> usize {
        self.series.len() - self.free.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Series `index`.
    pub fn get(&self, index: usize) -> Option<&Series> {
        self.series.get(index)?.as_ref()
    }

    /// Every family, sorted by name.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// The family called `name`.
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.family_index
            .get(name)
            .and_then(|&i| self.families.get(i))
    }

    /// How many polls have been ingested.
    pub fn polls(&self) -> usize {
        self.polls
    }

    /// The series the latest poll had.
    pub fn current(&self) -> impl Iterator<Item = &Series> {
        let latest = self.polls;
        self.series().filter(move |s| s.last_poll == latest)
    }

    /// Whether `series` is live: the latest poll had it.
    pub fn is_live(&self, series: &Series) -> bool {
        series.last_poll == self.polls
    }

    /// How many of `family`'s series are live.
    pub fn live_in(&self, family: &Family) -> usize {
        family
            .series
            .iter()
            .filter_map(|&i| self.get(i))
            .filter(|s| self.is_live(s))
            .count()
    }

    /// Parses one federate answer and appends one point per sample. Samples without a
    /// timestamp take `now_ms`. On a parse error nothing is added, and the error says where.
    ///
    /// # Errors
    /// The first parse error, with its line and column.
    pub fn ingest(
        &mut self,
        body: &[u8],
        content_type: Option<&str>,
        now_ms: i64,
    ) -> Result<IngestReport, promtext::Error> {
        let options = Options::new(Format::choose(content_type, body));
        // Parse everything first, so a broken answer loses nothing already collected.
        let mut parsed = Parsed::default();
        let mut parser = Parser::new(body, options);
        while parsed.take(&mut parser, STORE_BATCH)? {}
        let Parsed {
            samples,
            help,
            units,
        } = parsed;
        let mut report = IngestReport {
            samples: samples.len(),
            ..IngestReport::default()
        };
        let poll = self.polls + 1;
        // A first poll creates a series per sample: room for them all at once, instead of
        // growing (and copying) the series and the index a dozen times over.
        let unseen = samples.len().saturating_sub(self.len());
        self.series.reserve(unseen.saturating_sub(self.free.len()));
        self.index.reserve(unseen);
        // In batches, each a call of its own: a browser runs a wasm function's first call
        // to its end in the code it first compiled, and uses the optimised code only from
        // its next call. One call over a first poll's 25,000 new series would run all of
        // them unoptimised.
        for batch in samples.chunks(STORE_BATCH) {
            self.store_samples(batch, poll, now_ms, &mut report);
        }
        for (name, text) in help {
            if let Some(family) = self.family_mut(name) {
                family.help = Some(text);
            }
        }
        for (name, unit) in units {
            if let Some(family) = self.family_mut(name) {
                family.unit = Some(unit.to_owned());
            }
        }
        self.polls += 1;
        self.sweep(now_ms);
        Ok(report)
    }

    /// Appends one point per sample to its series, creating the series not seen before.
    #[inline(never)]
    fn store_samples(
        &mut self,
        samples: &[promtext::Sample<'_>],
        poll: usize,
        now_ms: i64,
        report: &mut IngestReport,
    ) {
        let mut key = String::new();
        // Borrowed label pairs, reused from sample to sample: a known series (every series
        // after the first poll) costs no allocation here.
        let mut pairs: Vec<(&str, std::borrow::Cow<'_, str>)> = Vec::new();
        for sample in samples {
            pairs.clear();
            let mut sorted = true;
            let mut previous = "";
            for label in sample.labels.iter() {
                sorted &= label.name >= previous;
                previous = label.name;
                pairs.push((label.name, label.value));
            }
            if !sorted {
                pairs.sort();
            }
            write_key(
                &mut key,
                sample.name,
                pairs.iter().map(|(n, v)| (*n, v.as_ref())),
            );
            let at = sample.timestamp_ms.unwrap_or(now_ms);
            let hash = hash_of(&key);
            let index = match self.find(hash, &key, sample.name, &pairs) {
                Some(index) => index,
                None => {
                    report.new_series += 1;
                    let labels = self
                        .symbols
                        .labels(pairs.iter().map(|(name, value)| (*name, value.as_ref())));
                    let index = self.add_series(sample.name, labels);
                    remember(&mut self.index, &mut self.collided, hash, &key, index);
                    index
                }
            };
            if let Some(Some(series)) = self.series.get_mut(index) {
                if series.last_poll != poll {
                    series.previous_poll = series.last_poll;
                    series.last_poll = poll;
                }
                // A repeated timestamp (an upstream that has not scraped since) replaces.
                series.points.push(at, sample.value);
            }
        }
    }

    /// The family a stored series belongs to, by the family index as it stands.
    fn family_of_series(&self, series: &Series) -> Option<usize> {
        let has = |label: &str| series.labels.iter().any(|(n, _)| &**n == label);
        let (own, _) = family_of(&series.name, has("le"), has("quantile"));
        companion_of(&series.name)
            .and_then(|base| self.family_index.get(base))
            .filter(|&&i| {
                self.families
                    .get(i)
                    .is_some_and(|f| matches!(f.kind, MetricKind::Histogram | MetricKind::Summary))
            })
            .or_else(|| self.family_index.get(own))
            .copied()
    }

    /// Sets a family's kind, help and unit from the upstream's metadata.
    pub fn apply_metadata(&mut self, name: &str, kind: MetricKind, help: &str, unit: &str) {
        if let Some(family) = self.family_mut(name) {
            family.kind = kind;
            if !help.is_empty() {
                family.help = Some(help.to_owned());
            }
            if !unit.is_empty() {
                family.unit = Some(unit.to_owned());
            }
        }
    }

    /// The series with this key (hashed to `hash`): name and sorted labels.
    fn find(
        &self,
        hash: u64,
        key: &str,
        name: &str,
        labels: &[(&str, std::borrow::Cow<'_, str>)],
    ) -> Option<usize> {
        let &index = self.index.get(&hash)?;
        if self.get(index)?.is(name, labels) {
            Some(index)
        } else {
            self.collided.get(key).copied()
        }
    }

    fn family_mut(&mut self, name: &str) -> Option<&mut Family> {
        let index = *self.family_index.get(name)?;
        self.families.get_mut(index)
    }

    fn add_series(&mut self, name: &str, labels: SeriesLabels) -> usize {
        let index = self.free.pop().unwrap_or(self.series.len());
        let has = |label: &str| labels.iter().any(|(n, _)| &**n == label);
        let (mut family_name, kind) = family_of(name, has("le"), has("quantile"));
        if let Some(base) = companion_of(name) {
            let joins = self
                .family(base)
                .is_some_and(|f| matches!(f.kind, MetricKind::Histogram | MetricKind::Summary));
            if joins {
                family_name = base;
            }
        }
        let series = Series {
            name: self.symbols.get(name),
            labels,
            points: SeriesPoints::staggered(self.limit, index),
            first_poll: self.polls + 1,
            last_poll: 0,
            previous_poll: 0,
        };
        match self.series.get_mut(index) {
            Some(slot) => *slot = Some(series),
            None => self.series.push(Some(series)),
        }
        let family_index = match self.family_index.get(family_name) {
            Some(&i) => i,
            None => {
                // Keep families sorted by name: insert and re-index (new families are rare
                // after the first poll).
                let at = self
                    .families
                    .partition_point(|f| f.name.as_str() < family_name);
                self.families.insert(
                    at,
                    Family {
                        name: family_name.to_owned(),
                        kind,
                        help: None,
                        unit: None,
                        series: Vec::new(),
                    },
                );
                for (i, family) in self.families.iter().enumerate().skip(at) {
                    self.family_index.insert(family.name.clone(), i);
                }
                at
            }
        };
        if let Some(family) = self.families.get_mut(family_index) {
            family.series.push(index);
        }
        index
    }
}

/// What a federate answer holds for the store: its samples, and its families' help and units.
#[derive(Default)]
struct Parsed<'a> {
    samples: Vec<promtext::Sample<'a>>,
    help: Vec<(&'a str, String)>,
    units: Vec<(&'a str, &'a str)>,
}

impl<'a> Parsed<'a> {
    /// Reads up to `most` more entries; `false` once the answer is read to its end. A call
    /// per batch, for the same reason as [`SeriesStore::store_samples`].
    #[inline(never)]
    fn take(&mut self, parser: &mut Parser<'a>, most: usize) -> Result<bool, promtext::Error> {
        for _ in 0..most {
            match parser.next() {
                None => return Ok(false),
                Some(entry) => match entry? {
                    Entry::Sample(sample) => self.samples.push(sample),
                    Entry::Help { name, text } => self.help.push((name, text.into_owned())),
                    Entry::Unit { name, unit } if !unit.is_empty() => self.units.push((name, unit)),
                    _ => {}
                },
            }
        }
        Ok(true)
    }
}

/// Writes a series' key into `key`: its name, then each label's name and value (sorted by
/// name), separated so that no two series share one.
fn write_key<'a>(key: &mut String, name: &str, labels: impl Iterator<Item = (&'a str, &'a str)>) {
    key.clear();
    key.push_str(name);
    for (label, value) in labels {
        key.push('\u{0}');
        key.push_str(label);
        key.push('=');
        key.push_str(value);
    }
}

/// The hash a series is indexed by: of its key (name, then each label's name and value).
fn hash_of(key: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// Indexes series `series`, whose key `key` hashes to `hash`: by hash, or by key when
/// another series has that hash already.
fn remember(
    index: &mut HashMap<u64, usize>,
    collided: &mut HashMap<String, usize>,
    hash: u64,
    key: &str,
    series: usize,
) {
    match index.entry(hash) {
        std::collections::hash_map::Entry::Occupied(_) => {
            collided.insert(key.to_owned(), series);
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(series);
        }
    }
}

/// A store filled with `polls`, one every 10 s from 10 s on (for tests).
#[cfg(test)]
pub(crate) fn polled(polls: &[&str]) -> SeriesStore {
    let mut store = SeriesStore::new(100);
    for (i, poll) in polls.iter().enumerate() {
        store
            .ingest(poll.as_bytes(), None, (i as i64 + 1) * 10_000)
            .expect("parses");
    }
    store
}

#[cfg(test)]
mod tests;
