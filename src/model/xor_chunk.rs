//! Compressed points, as Prometheus's tsdb keeps them (`tsdb/chunkenc/xor.go`, after
//! Facebook's Gorilla paper): a chunk is a bit stream holding its first timestamp and value
//! whole, then each timestamp as the change of its delta in a variable-width bucket and
//! each value as the XOR with the one before, stored as its meaningful bits only. Regular
//! scrapes of slowly changing values cost one or two bytes a point instead of sixteen.
//!
//! One addition: a chunk whose first value is a whole number (most counters, and histogram
//! buckets) codes its values like its timestamps, as the change of their delta. A counter
//! growing at a steady rate then costs a few bits a point where XOR costs the bits of its
//! increment. The first value that is not a whole number switches the rest of the chunk to
//! XOR, so every bit pattern still round-trips. `BENCHMARKS.md` has the measurements.
//!
//! The store appends to an XOR chunk while it fills, and packs it again once full
//! (`sealed_chunk.rs`), knowing all its points.

use crate::model::{
    bit_stream::{BitReader, BitWriter},
    point::Point,
};

/// Writes a delta of deltas: `0` for none, else the first of `buckets` (prefix, prefix
/// width, value width) that holds it, else `full` (prefix, width) and all 64 bits.
fn push_bucketed(bits: &mut BitWriter, dod: i64, buckets: &[(u64, u32, u32)], full: (u64, u32)) {
    if dod == 0 {
        bits.push(0, 1);
        return;
    }
    for &(prefix, prefix_width, width) in buckets {
        let limit = 1i64 << (width - 1);
        if (-limit..limit).contains(&dod) {
            bits.push(prefix, prefix_width);
            bits.push(dod as u64, width);
            return;
        }
    }
    bits.push(full.0, full.1);
    bits.push(dod as u64, 64);
}

/// Reads what [`push_bucketed`] wrote with `buckets`: the delta of deltas, or `None` when
/// the prefix went past every bucket (the caller reads what follows).
fn read_bucketed(reader: &mut BitReader<'_>, buckets: &[(u64, u32, u32)]) -> Option<Option<i64>> {
    if !reader.bit()? {
        return Some(Some(0));
    }
    for &(_, _, width) in buckets {
        if !reader.bit()? {
            let raw = reader.read(width)?;
            // Sign-extend the bucket's width.
            let shift = 64 - width;
            return Some(Some(((raw << shift) as i64) >> shift));
        }
    }
    Some(None)
}

/// The delta-of-delta buckets: a prefix, then a signed value of this many bits.
const BUCKETS: [(u64, u32, u32); 3] = [(0b10, 2, 14), (0b110, 3, 17), (0b1110, 4, 20)];

/// The value delta-of-delta buckets of a whole-number chunk: a prefix, then a signed value
/// of this many bits. `0` alone is a delta-of-delta of zero; `111110` a full 64 bits;
/// `111111` an escape, followed by the value's 64 bits, after which the chunk is XOR.
const VALUE_BUCKETS: [(u64, u32, u32); 4] = [
    (0b10, 2, 6),
    (0b110, 3, 11),
    (0b1110, 4, 18),
    (0b11110, 5, 30),
];

/// The largest magnitude coded as a whole number: every integer up to it is exact in an f64.
const WHOLE_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53

/// `value` as a whole number, when it is one (and not -0, whose sign would be lost).
pub(crate) fn whole(value: f64) -> Option<i64> {
    (value.fract() == 0.0
        && value.abs() <= WHOLE_LIMIT
        && !(value == 0.0 && value.is_sign_negative()))
    .then_some(value as i64)
}

/// One chunk of points, appended in order and read back exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XorChunk {
    bits: BitWriter,
    count: u32,
    last_t: i64,
    last_delta: i64,
    last_value: u64,
    last_whole_delta: i64,
    leading: u8,
    trailing: u8,
    /// Values are coded as whole-number deltas of deltas (until an escape).
    whole: bool,
    /// An XOR window has been written since the chunk turned to XOR, so the next value
    /// may reuse it.
    window: bool,
}

impl XorChunk {
    /// An empty chunk.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many points it holds.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The point written last, read back without decoding.
    pub fn last(&self) -> Option<Point> {
        (self.count > 0).then(|| (self.last_t, f64::from_bits(self.last_value)))
    }

    /// Heap bytes it takes.
    pub fn bytes(&self) -> usize {
        self.bits.bytes()
    }

    /// Appends a point. Any timestamp and any bit pattern of the value round-trip.
    pub fn push(&mut self, t: i64, value: f64) {
        let bits = value.to_bits();
        match self.count {
            0 => {
                self.bits.push(t as u64, 64);
                self.bits.push(bits, 64);
                self.whole = whole(value).is_some();
                self.bits.push(u64::from(self.whole), 1);
                self.last_delta = 0;
                self.last_whole_delta = 0;
            }
            _ => {
                let delta = t.wrapping_sub(self.last_t);
                let dod = delta.wrapping_sub(self.last_delta);
                self.push_dod(dod);
                if self.whole {
                    self.push_whole(value, bits);
                } else {
                    self.push_value(bits);
                }
                self.last_delta = delta;
            }
        }
        self.last_t = t;
        self.last_value = bits;
        self.count += 1;
    }

    fn push_dod(&mut self, dod: i64) {
        push_bucketed(&mut self.bits, dod, &BUCKETS, (0b1111, 4));
    }

    fn push_whole(&mut self, value: f64, bits: u64) {
        let (Some(now), Some(before)) = (whole(value), whole(f64::from_bits(self.last_value)))
        else {
            // Not a whole number: escape, and XOR from here on.
            self.bits.push(0b11_1111, 6);
            self.bits.push(bits, 64);
            self.whole = false;
            return;
        };
        let delta = now.wrapping_sub(before);
        let dod = delta.wrapping_sub(self.last_whole_delta);
        self.last_whole_delta = delta;
        push_bucketed(&mut self.bits, dod, &VALUE_BUCKETS, (0b11_1110, 6));
    }

    fn push_value(&mut self, bits: u64) {
        let xor = bits ^ self.last_value;
        if xor == 0 {
            self.bits.push(0, 1);
            return;
        }
        self.bits.push(1, 1);
        let leading = xor.leading_zeros().min(31);
        let trailing = xor.trailing_zeros();
        let (window_leading, window_trailing) = (u32::from(self.leading), u32::from(self.trailing));
        // Reuse the previous window when the meaningful bits fit in it.
        if self.window && leading >= window_leading && trailing >= window_trailing {
            self.bits.push(0, 1);
            let width = 64 - window_leading - window_trailing;
            self.bits.push(xor >> window_trailing, width);
            return;
        }
        let width = 64 - leading - trailing;
        self.bits.push(1, 1);
        self.bits.push(u64::from(leading), 5);
        // 64 meaningful bits are written as 0: a width of 0 cannot occur.
        self.bits.push(u64::from(width % 64), 6);
        self.bits.push(xor >> trailing, width);
        // Both under 64, so they fit a byte.
        self.leading = leading as u8;
        self.trailing = trailing as u8;
        self.window = true;
    }

    /// The points, oldest first.
    pub fn iter(&self) -> XorIter<'_> {
        XorIter::new(self.bits.words(), self.bits.len(), self.count as usize)
    }
}

impl<'a> XorIter<'a> {
    fn new(words: &'a [u64], len: usize, count: usize) -> Self {
        Self {
            reader: BitReader::new(words, len, 0),
            left: count,
            first: true,
            t: 0,
            delta: 0,
            value: 0,
            leading: 0,
            trailing: 0,
            whole: false,
            whole_value: 0,
            whole_delta: 0,
        }
    }
}

/// The points of an [`XorChunk`].
#[derive(Debug, Clone)]
pub struct XorIter<'a> {
    reader: BitReader<'a>,
    left: usize,
    first: bool,
    t: i64,
    delta: i64,
    value: u64,
    leading: u32,
    trailing: u32,
    whole: bool,
    whole_value: i64,
    whole_delta: i64,
}

impl XorIter<'_> {
    fn read_whole(&mut self) -> Option<u64> {
        let dod = match read_bucketed(&mut self.reader, &VALUE_BUCKETS)? {
            Some(dod) => dod,
            None if self.reader.bit()? => {
                // The escape: this value whole, XOR from here on.
                self.whole = false;
                return self.reader.read(64);
            }
            None => self.reader.read(64)? as i64,
        };
        self.whole_delta = self.whole_delta.wrapping_add(dod);
        self.whole_value = self.whole_value.wrapping_add(self.whole_delta);
        Some((self.whole_value as f64).to_bits())
    }

    fn read_dod(&mut self) -> Option<i64> {
        match read_bucketed(&mut self.reader, &BUCKETS)? {
            Some(dod) => Some(dod),
            None => Some(self.reader.read(64)? as i64),
        }
    }

    fn read_value(&mut self) -> Option<u64> {
        if !self.reader.bit()? {
            return Some(self.value);
        }
        if self.reader.bit()? {
            self.leading = self.reader.read(5)? as u32;
            let width = match self.reader.read(6)? as u32 {
                0 => 64,
                w => w,
            };
            self.trailing = 64 - self.leading - width;
        }
        let width = 64 - self.leading - self.trailing;
        let meaningful = self.reader.read(width)?;
        Some(self.value ^ (meaningful << self.trailing))
    }
}

impl Iterator for XorIter<'_> {
    type Item = Point;

    fn next(&mut self) -> Option<Point> {
        if self.left == 0 {
            return None;
        }
        if self.first {
            self.first = false;
            self.t = self.reader.read(64)? as i64;
            self.value = self.reader.read(64)?;
            self.whole = self.reader.bit()?;
            self.whole_value = f64::from_bits(self.value) as i64;
        } else {
            let dod = self.read_dod()?;
            self.delta = self.delta.wrapping_add(dod);
            self.t = self.t.wrapping_add(self.delta);
            self.value = if self.whole {
                self.read_whole()?
            } else {
                self.read_value()?
            };
        }
        self.left -= 1;
        Some((self.t, f64::from_bits(self.value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sealed_chunk::SealedChunk;

    fn round_trip(points: &[(i64, u64)]) {
        let mut chunk = XorChunk::new();
        for &(t, bits) in points {
            chunk.push(t, f64::from_bits(bits));
        }
        let back: Vec<(i64, u64)> = chunk.iter().map(|(t, v)| (t, v.to_bits())).collect();
        assert_eq!(back, points, "bit for bit");
        assert_eq!(chunk.len(), points.len());
        let sealed = SealedChunk::pack(&chunk.iter().collect::<Vec<_>>());
        let back: Vec<(i64, u64)> = sealed.iter().map(|(t, v)| (t, v.to_bits())).collect();
        assert_eq!(back, points, "bit for bit, sealed");
        assert_eq!(sealed.len(), points.len());
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn random(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn every_bit_pattern_round_trips() {
        let stale_marker = 0x7ff0_0000_0000_0002; // Prometheus's staleness NaN
        let specials = [
            0,
            f64::NAN.to_bits(),
            stale_marker,
            0x7ff8_dead_beef_0001, // a NaN with a payload
            0xfff0_0000_0000_0001, // a negative signalling NaN
            f64::INFINITY.to_bits(),
            f64::NEG_INFINITY.to_bits(),
            (-0.0f64).to_bits(),
            f64::MIN_POSITIVE.to_bits(),
            1, // the smallest subnormal
            f64::MAX.to_bits(),
            f64::MIN.to_bits(),
            u64::MAX,
        ];
        let points: Vec<(i64, u64)> = specials
            .iter()
            .enumerate()
            .map(|(i, &bits)| (i as i64 * 15_000, bits))
            .collect();
        round_trip(&points);
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let random_bits: Vec<(i64, u64)> = (0..2_000)
            .map(|i| (1_700_000_000_000 + i * 30_000, random(&mut seed)))
            .collect();
        round_trip(&random_bits);
    }

    #[test]
    fn any_timestamps_round_trip() {
        // Equal, going backwards, huge jumps, the extremes, and every bucket's edges.
        let mut times = vec![
            0,
            0,
            -5,
            i64::MAX,
            i64::MIN,
            1,
            1 + 8191,
            1 + 8191 + 8192 * 2,
            -1,
            65_536,
            1 << 40,
            (1 << 40) + 524_287,
            (1 << 40) - 524_288,
        ];
        let mut seed = 42;
        let mut t: i64 = 1_700_000_000_000;
        for _ in 0..2_000 {
            t = t.wrapping_add((random(&mut seed) % 2_000_001) as i64 - 1_000_000);
            times.push(t);
        }
        let points: Vec<(i64, u64)> = times
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, (i as f64).to_bits()))
            .collect();
        round_trip(&points);
    }

    #[test]
    fn every_bucket_edge_of_the_delta_of_delta_round_trips() {
        let mut dods = vec![0i64];
        for width in [14u32, 17, 20] {
            let edge = 1i64 << (width - 1);
            dods.extend([edge - 1, edge, edge + 1, -edge + 1, -edge, -edge - 1]);
        }
        dods.extend([i64::MAX / 4, i64::MIN / 4]);
        let (mut t, mut delta) = (1_700_000_000_000i64, 15_000i64);
        let mut points = vec![(t, 1.0f64.to_bits())];
        for dod in dods {
            delta = delta.wrapping_add(dod);
            t = t.wrapping_add(delta);
            points.push((t, 1.0f64.to_bits()));
        }
        round_trip(&points);
    }

    #[test]
    fn a_counter_with_resets_round_trips() {
        let mut value = 0.0;
        let points: Vec<(i64, u64)> = (0..500)
            .map(|i| {
                value = if i % 97 == 0 { 0.0 } else { value + 3.5 };
                (i * 15_000 + (i % 3), f64::to_bits(value))
            })
            .collect();
        round_trip(&points);
    }

    #[test]
    fn regular_scrapes_cost_about_a_byte_or_two_a_point() {
        let mut chunk = XorChunk::new();
        let mut counter = 1_000.0;
        for i in 0..120 {
            counter += 7.0;
            chunk.push(1_700_000_000_000 + i * 30_000, counter);
        }
        let per_point = chunk.bytes() as f64 / chunk.len() as f64;
        assert!(per_point <= 2.0, "{per_point} bytes a point");
    }

    #[test]
    fn whole_numbers_round_trip_through_every_bucket_and_the_escape() {
        let mut points = Vec::new();
        let mut value: i64 = 1_000;
        let mut delta: i64 = 0;
        let mut t = 1_700_000_000_000i64;
        let mut dods = vec![0i64, 1, -1];
        for width in [8u32, 14, 22, 34] {
            let edge = 1i64 << (width - 1);
            dods.extend([edge - 1, edge, -edge, -edge - 1]);
        }
        dods.push(1 << 45);
        for dod in dods {
            delta += dod;
            value += delta;
            t += 15_000;
            points.push((t, (value as f64).to_bits()));
        }
        // Near 2^53, negative, zero, then not whole: NaN (the stale marker), a fraction, -0.
        for v in [
            9_007_199_254_740_992.0f64,
            -9_007_199_254_740_992.0,
            -3.0,
            0.0,
        ] {
            t += 15_000;
            points.push((t, v.to_bits()));
        }
        for bits in [
            0x7ff0_0000_0000_0002,
            2.5f64.to_bits(),
            (-0.0f64).to_bits(),
            7.0f64.to_bits(),
        ] {
            t += 15_000;
            points.push((t, bits));
        }
        round_trip(&points);
        // A chunk that starts with a fraction is XOR throughout, whole numbers after included.
        let mixed: Vec<(i64, u64)> = [0.5f64, 1.0, 2.0, 1e300, 3.0]
            .iter()
            .enumerate()
            .map(|(i, v)| (i as i64 * 1000, v.to_bits()))
            .collect();
        round_trip(&mixed);
        // Random whole numbers of any size a float holds exactly.
        let mut seed = 7;
        let random_whole: Vec<(i64, u64)> = (0..2_000)
            .map(|i| {
                let v = (random(&mut seed) % (1u64 << 54)) as i64 - (1i64 << 53);
                (i * 15_000, (v as f64).to_bits())
            })
            .collect();
        round_trip(&random_whole);
    }

    #[test]
    fn a_steady_counter_costs_bits_not_bytes() {
        let mut chunk = XorChunk::new();
        let mut counter = 368_565_213_240.0;
        for i in 0..120 {
            // About 6.7 GB per scrape, the increment drifting by up to 300 bytes.
            counter += (6_724_618_539.0 + 300.0 * (i as f64 / 10.0).sin()).floor();
            chunk.push(1_700_000_000_000 + i * 15_000, counter);
        }
        let per_point = chunk.bytes() as f64 / chunk.len() as f64;
        assert!(per_point <= 2.0, "{per_point} bytes a point");
    }
}
