//! A full chunk of points, packed once for keeps. The chunk being filled is an XOR chunk
//! (`xor_chunk.rs`), cheap to append to; when it is full it is packed again, knowing all
//! its points, the way FLAC packs a block of audio:
//!
//! - timestamps and values are two sequences of integers: timestamps as they are, values
//!   as whole numbers when every value of the chunk is one, else as their bit patterns
//!   mapped so that a larger float is a larger integer;
//! - each sequence is predicted from its own past with the fixed polynomial of the order
//!   (1 to 4) that leaves the smallest residuals in this chunk: order 1 is the change from
//!   the point before, order 2 the change of that change (Gorilla's delta of deltas), and
//!   orders 3 and 4 follow a smooth curve, such as a counter whose rate swings;
//! - the residuals lose the low zero bits they all share, and are written as Rice codes,
//!   with the parameter that costs least in each of up to 8 parts of the chunk; a residual
//!   far larger than its neighbours is escaped and written whole.
//!
//! Regular scrapes cost no bits for their timestamps, a constant costs none for its values,
//! and every bit pattern round-trips: NaN payloads, ±∞, -0 and Prometheus's stale marker
//! included. `BENCHMARKS.md` has the measurements against Prometheus's XOR chunks.

use crate::model::{
    bit_stream::{BitReader, BitWriter},
    point::Point,
    xor_chunk::whole,
};

/// The highest order of prediction tried.
const MAX_ORDER: usize = 4;
/// Rice quotients from this one up are escaped: the residual follows whole.
const ESCAPE: u32 = 24;
/// Chunks are cut into at most 2^3 parts, each with its own Rice parameter.
const MAX_PARTS_LOG: u32 = 3;
/// Bits that say a part's Rice parameter.
const PARAMETER_BITS: u32 = 6;

/// A full chunk of points, read-only and packed: its bits alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedChunk {
    words: Box<[u64]>,
}

impl SealedChunk {
    /// Packs `points`, oldest first.
    pub fn pack(points: &[Point]) -> Self {
        let times: Vec<i64> = points.iter().map(|&(t, _)| t).collect();
        let all_whole = points.iter().all(|&(_, v)| whole(v).is_some());
        let values: Vec<i64> = points
            .iter()
            .map(|&(_, v)| match all_whole.then(|| whole(v)).flatten() {
                Some(n) => n,
                None => ordered(v.to_bits()),
            })
            .collect();
        let mut time_bits = BitWriter::default();
        write_sequence(&mut time_bits, &times);
        let mut out = BitWriter::default();
        push_sized(&mut out, points.len() as u64);
        push_sized(&mut out, time_bits.len() as u64);
        out.push(u64::from(all_whole), 1);
        out.append(&time_bits);
        write_sequence(&mut out, &values);
        Self {
            words: out.into_words(),
        }
    }

    /// How many points it holds.
    pub fn len(&self) -> usize {
        let mut reader = BitReader::new(&self.words, self.words.len() * 64, 0);
        read_sized(&mut reader).map_or(0, |n| n as usize)
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Heap bytes it takes.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }

    /// The points, oldest first.
    pub fn iter(&self) -> SealedIter<'_> {
        // A header that does not read (never written so) gives no points.
        SealedIter::new(&self.words).unwrap_or_else(|| SealedIter {
            times: Sequence::default(),
            values: Sequence::default(),
            time_reader: BitReader::new(&self.words, 0, 0),
            value_reader: BitReader::new(&self.words, 0, 0),
            whole: false,
            count: 0,
            left: 0,
        })
    }
}

/// The points of a [`SealedChunk`], decoded as they are read.
#[derive(Debug, Clone)]
pub struct SealedIter<'a> {
    times: Sequence,
    values: Sequence,
    time_reader: BitReader<'a>,
    value_reader: BitReader<'a>,
    whole: bool,
    count: usize,
    left: usize,
}

impl<'a> SealedIter<'a> {
    fn new(words: &'a [u64]) -> Option<Self> {
        let len = words.len() * 64;
        let mut time_reader = BitReader::new(words, len, 0);
        let count = usize::try_from(read_sized(&mut time_reader)?).ok()?;
        let time_len = usize::try_from(read_sized(&mut time_reader)?).ok()?;
        let whole = time_reader.bit()?;
        let mut value_reader =
            BitReader::new(words, len, time_reader.position().checked_add(time_len)?);
        let times = Sequence::start(&mut time_reader, count)?;
        let values = Sequence::start(&mut value_reader, count)?;
        Some(Self {
            times,
            values,
            time_reader,
            value_reader,
            whole,
            count,
            left: count,
        })
    }
}

impl Iterator for SealedIter<'_> {
    type Item = Point;

    fn next(&mut self) -> Option<Point> {
        if self.left == 0 {
            return None;
        }
        let t = self.times.next(&mut self.time_reader, self.count)?;
        let v = self.values.next(&mut self.value_reader, self.count)?;
        self.left -= 1;
        let value = if self.whole {
            v as f64
        } else {
            f64::from_bits(ordered(v as u64) as u64)
        };
        Some((t, value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// A float's bits as an integer that grows with the float: negative floats have their
/// magnitude bits flipped. It is its own inverse.
fn ordered(bits: u64) -> i64 {
    let n = bits as i64;
    if n < 0 {
        n ^ i64::MAX
    } else {
        n
    }
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(z: u64) -> i64 {
    ((z >> 1) as i64) ^ -((z & 1) as i64)
}

/// Significant bits of `z` (0 for 0).
fn bit_len(z: u64) -> u32 {
    64 - z.leading_zeros()
}

/// A number of any size: its bit length in 7 bits, then its bits.
fn push_sized(out: &mut BitWriter, n: u64) {
    let width = bit_len(n);
    out.push(u64::from(width), 7);
    out.push(n, width);
}

fn read_sized(reader: &mut BitReader<'_>) -> Option<u64> {
    let width = reader.read(7)? as u32;
    reader.read(width)
}

/// Writes a sequence: its first number, the order of its prediction, the differences
/// that start the prediction (the first difference at the second number, and so on), and
/// the residuals of the rest.
fn write_sequence(out: &mut BitWriter, xs: &[i64]) {
    let Some(&first) = xs.first() else {
        return;
    };
    push_sized(out, zigzag(first));
    if xs.len() < 2 {
        return;
    }
    // diffs[i][j]: the j-th difference at i (for j ≤ i).
    let mut diffs = vec![[0i64; MAX_ORDER + 1]; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        diffs[i][0] = x;
        for j in 1..=i.min(MAX_ORDER) {
            diffs[i][j] = diffs[i][j - 1].wrapping_sub(diffs[i - 1][j - 1]);
        }
    }
    let starts = |order: usize| (1..order.min(xs.len())).map(|i| diffs[i][i]);
    let residuals = |order: usize| diffs.iter().skip(order).map(move |d| d[order]);
    // The order that leaves the fewest significant bits, the differences that start it
    // included.
    let mut bits = [0u64; MAX_ORDER + 1];
    for (i, d) in diffs.iter().enumerate().skip(1) {
        for (order, total) in bits.iter_mut().enumerate().skip(1) {
            let residual = d[order.min(i)];
            let cost = u64::from(bit_len(zigzag(residual)));
            // A start is written sized: 7 bits more.
            *total += if i < order { cost + 7 } else { cost };
        }
    }
    let order = (1..=MAX_ORDER).min_by_key(|&o| bits[o]).unwrap_or(1);
    out.push(order as u64 - 1, 2);
    for start in starts(order) {
        push_sized(out, zigzag(start));
    }
    if xs.len() <= order {
        return;
    }
    let shared = residuals(order).fold(0u64, |acc, r| acc | r as u64);
    out.push(u64::from(shared == 0), 1);
    if shared == 0 {
        return;
    }
    let shift = shared.trailing_zeros();
    out.push(u64::from(shift), 6);
    let zs: Vec<u64> = residuals(order).map(|r| zigzag(r >> shift)).collect();
    let (parts_log, parameters) = best_parts(&zs);
    out.push(u64::from(parts_log), 2);
    for (range, &k) in parts(zs.len(), parts_log).zip(&parameters) {
        out.push(u64::from(k), PARAMETER_BITS);
        for &z in &zs[range] {
            push_rice(out, z, k);
        }
    }
}

/// How many parts (as log2) to cut `zs` into, and each part's Rice parameter: the cut
/// and the parameters that cost the fewest bits. Each finest part is costed at every
/// parameter near its own best guess, and coarser parts add those costs up.
fn best_parts(zs: &[u64]) -> (u32, Vec<u32>) {
    let finest_log = (0..=MAX_PARTS_LOG)
        .rev()
        .find(|&log| (1usize << log) <= zs.len())
        .unwrap_or(0);
    let finest: Vec<&[u64]> = parts(zs.len(), finest_log).map(|r| &zs[r]).collect();
    let guesses = finest.iter().map(|part| {
        let bits: u64 = part.iter().map(|&z| u64::from(bit_len(z))).sum();
        (bits / part.len().max(1) as u64).saturating_sub(1) as u32
    });
    let (low, high) = guesses.fold((63u32, 0u32), |(lo, hi), g| (lo.min(g), hi.max(g)));
    let (low, high) = (low.saturating_sub(1), (high + 1).min(63));
    // costs[k - low][part]
    let costs: Vec<Vec<u64>> = (low..=high)
        .map(|k| {
            finest
                .iter()
                .map(|part| part.iter().map(|&z| rice_bits(z, k)).sum())
                .collect()
        })
        .collect();
    let mut best: Option<(u64, u32, Vec<u32>)> = None;
    for log in 0..=finest_log {
        let per_part = 1usize << (finest_log - log);
        let mut total = 0;
        let mut parameters = Vec::with_capacity(1 << log);
        for part in 0..1usize << log {
            let span = part * per_part..(part + 1) * per_part;
            let (k, bits) = (low..=high)
                .zip(&costs)
                .map(|(k, row)| (k, row[span.clone()].iter().sum::<u64>()))
                .min_by_key(|&(_, bits)| bits)
                .unwrap_or((0, 0));
            total += bits + u64::from(PARAMETER_BITS);
            parameters.push(k);
        }
        if best.as_ref().is_none_or(|(bits, _, _)| total < *bits) {
            best = Some((total, log, parameters));
        }
    }
    best.map_or((0, vec![0]), |(_, log, parameters)| (log, parameters))
}

/// The ranges of `2^log` parts of `len` residuals.
fn parts(len: usize, log: u32) -> impl Iterator<Item = std::ops::Range<usize>> {
    let count = 1usize << log;
    (0..count).map(move |p| p * len / count..(p + 1) * len / count)
}

fn rice_bits(z: u64, k: u32) -> u64 {
    let quotient = z >> k;
    if quotient < u64::from(ESCAPE) {
        quotient + 1 + u64::from(k)
    } else {
        u64::from(ESCAPE + 7 + bit_len(z))
    }
}

/// A Rice code: the quotient in ones and a zero, then `k` low bits; or, for a quotient of
/// [`ESCAPE`] or more, that many ones, then the residual as a sized number.
fn push_rice(out: &mut BitWriter, z: u64, k: u32) {
    let quotient = z >> k;
    if quotient < u64::from(ESCAPE) {
        let ones = quotient as u32;
        if ones + 1 + k <= 64 {
            // Ones, a zero and the low bits in one go.
            let low = if k == 0 {
                0
            } else {
                z & (u64::MAX >> (64 - k))
            };
            let code = (((1u64 << ones) - 1) << 1).checked_shl(k).unwrap_or(0) | low;
            out.push(code, ones + 1 + k);
        } else {
            out.push_ones(ones);
            out.push(0, 1);
            out.push(z, k);
        }
    } else {
        out.push_ones(ESCAPE);
        push_sized(out, z);
    }
}

fn read_rice(reader: &mut BitReader<'_>, k: u32) -> Option<u64> {
    let quotient = reader.peek().leading_ones();
    if quotient < ESCAPE {
        reader.skip(quotient + 1)?;
        let low = reader.read(k)?;
        Some((u64::from(quotient) << k) | low)
    } else {
        reader.skip(ESCAPE)?;
        read_sized(reader)
    }
}

/// One sequence being decoded.
#[derive(Debug, Clone, Default)]
struct Sequence {
    /// The latest number and its differences up to the order.
    diffs: [i64; MAX_ORDER + 1],
    order: usize,
    /// Every residual is zero.
    zero: bool,
    shift: u32,
    parts_log: u32,
    /// The current part's Rice parameter.
    parameter: u32,
    /// Residuals in all, and read so far.
    residuals: usize,
    read: usize,
    /// Where the current part ends.
    part_end: usize,
    part: usize,
    /// Numbers given so far.
    given: usize,
}

impl Sequence {
    /// Reads a sequence's header: its first number and how the rest is coded. The
    /// differences that start the prediction are read as they come.
    fn start(reader: &mut BitReader<'_>, count: usize) -> Option<Self> {
        let mut sequence = Self::default();
        if count == 0 {
            return Some(sequence);
        }
        sequence.diffs[0] = unzigzag(read_sized(reader)?);
        if count < 2 {
            return Some(sequence);
        }
        sequence.order = reader.read(2)? as usize + 1;
        Some(sequence)
    }

    /// Reads how the residuals are coded, after the differences that start the prediction.
    fn start_residuals(&mut self, reader: &mut BitReader<'_>, count: usize) -> Option<()> {
        self.zero = reader.bit()?;
        self.residuals = count - self.order;
        if !self.zero {
            self.shift = reader.read(6)? as u32;
            self.parts_log = reader.read(2)? as u32;
        }
        Some(())
    }

    /// The next number, of `count`.
    fn next(&mut self, reader: &mut BitReader<'_>, count: usize) -> Option<i64> {
        let i = self.given;
        self.given += 1;
        if i == 0 {
            return Some(self.diffs[0]);
        }
        let residual = if i < self.order {
            unzigzag(read_sized(reader)?)
        } else {
            if i == self.order {
                self.start_residuals(reader, count)?;
            }
            self.residual(reader)?
        };
        let order = self.order.min(i);
        self.diffs[order] = residual;
        for j in (0..order).rev() {
            self.diffs[j] = self.diffs[j].wrapping_add(self.diffs[j + 1]);
        }
        Some(self.diffs[0])
    }

    fn residual(&mut self, reader: &mut BitReader<'_>) -> Option<i64> {
        if self.zero {
            return Some(0);
        }
        if self.read == self.part_end {
            let count = 1usize << self.parts_log;
            self.part += 1;
            self.part_end = self.part * self.residuals / count;
            self.parameter = reader.read(PARAMETER_BITS)? as u32;
            if self.part_end <= self.read {
                // An empty part is never written: the stream is damaged.
                return None;
            }
        }
        self.read += 1;
        Some(unzigzag(read_rice(reader, self.parameter)?) << self.shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(points: &[Point]) -> SealedChunk {
        let chunk = SealedChunk::pack(points);
        let back: Vec<(i64, u64)> = chunk.iter().map(|(t, v)| (t, v.to_bits())).collect();
        let expected: Vec<(i64, u64)> = points.iter().map(|&(t, v)| (t, v.to_bits())).collect();
        assert_eq!(back, expected, "bit for bit");
        assert_eq!(chunk.len(), points.len());
        chunk
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn random(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    fn scrapes(values: impl IntoIterator<Item = f64>) -> Vec<Point> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (1_700_000_000_000 + i as i64 * 15_000, v))
            .collect()
    }

    #[test]
    fn empty_and_single_chunks_round_trip() {
        round_trip(&[]);
        round_trip(&[(0, 0.0)]);
        round_trip(&[(i64::MIN, f64::NAN)]);
        round_trip(&[(i64::MAX, -0.0), (i64::MIN, 1.0)]);
    }

    #[test]
    fn every_special_value_round_trips_in_whole_and_float_chunks() {
        let specials = [
            f64::NAN,
            f64::from_bits(0x7ff0_0000_0000_0002), // Prometheus's stale marker
            f64::from_bits(0x7ff8_dead_beef_0001), // a NaN with a payload
            f64::from_bits(0xfff0_0000_0000_0001), // a negative signalling NaN
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::MAX,
            f64::MIN,
            f64::from_bits(u64::MAX),
            9_007_199_254_740_992.0,
            -9_007_199_254_740_992.0,
            9_007_199_254_740_994.0,
        ];
        for special in specials {
            // A counter that meets one special value, and a run of them alone.
            let mut values: Vec<f64> = (0..40).map(|i| f64::from(i) * 3.0).collect();
            values[17] = special;
            round_trip(&scrapes(values));
            round_trip(&scrapes([special; 5]));
        }
        round_trip(&scrapes(specials));
    }

    #[test]
    fn random_bits_and_times_round_trip() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        for len in [2, 3, 7, 8, 9, 120, 1000] {
            let points: Vec<Point> = (0..len)
                .map(|_| (random(&mut seed) as i64, f64::from_bits(random(&mut seed))))
                .collect();
            round_trip(&points);
            // Whole numbers of any size a float holds exactly, at jittered scrapes.
            let points: Vec<Point> = (0..len)
                .map(|i| {
                    let v = (random(&mut seed) % (1u64 << 54)) as i64 - (1i64 << 53);
                    (i * 15_000 + (random(&mut seed) % 50) as i64, v as f64)
                })
                .collect();
            round_trip(&points);
        }
    }

    #[test]
    fn out_of_order_and_equal_timestamps_round_trip() {
        let times = [5, 5, 5, -3, i64::MAX, i64::MIN, 0, 0, 1 << 40, 7];
        let points: Vec<Point> = times.iter().map(|&t| (t, 1.5)).collect();
        round_trip(&points);
    }

    #[test]
    fn a_counter_with_resets_round_trips() {
        let mut value = 0.0;
        let points = scrapes((0..120).map(|i| {
            value = if i % 37 == 0 { 0.0 } else { value + 3.5 };
            value
        }));
        round_trip(&points);
    }

    #[test]
    fn outliers_are_escaped_in_every_part() {
        // Quiet steps with a huge jump in each part of the chunk.
        let points = scrapes((0..120).map(|i| if i % 15 == 7 { 1e15 } else { f64::from(i) }));
        round_trip(&points);
    }

    #[test]
    fn regular_scrapes_of_a_constant_cost_only_the_header() {
        let chunk = round_trip(&scrapes([1.0; 120]));
        assert!(chunk.bytes() <= 24, "{} bytes", chunk.bytes());
    }

    #[test]
    fn a_counter_whose_rate_swings_costs_about_a_byte_a_point() {
        // A counter growing at ~400/s along a slow wave, rounded down: its third
        // difference is a few units, where its delta of deltas is hundreds.
        let points = scrapes((0..120).map(|i| {
            let t = f64::from(i) * 15.0 + 10_000.0;
            (400.0 * (t + 450.0 * (t / 900.0).sin())).floor()
        }));
        let chunk = round_trip(&points);
        let per_point = chunk.bytes() as f64 / 120.0;
        assert!(per_point <= 1.0, "{per_point} bytes a point");
    }

    #[test]
    fn smooth_fractions_cost_less_than_xor() {
        let points = scrapes((0..120).map(|i| 2.1 * (1.0 + 0.2 * (f64::from(i) / 8.0).sin())));
        let chunk = round_trip(&points);
        let mut xor = crate::model::xor_chunk::XorChunk::new();
        for &(t, v) in &points {
            xor.push(t, v);
        }
        assert!(
            chunk.bytes() * 10 < xor.bytes() * 8,
            "{} bytes packed, {} as XOR",
            chunk.bytes(),
            xor.bytes()
        );
    }
}
