//! Bit streams for the compressed chunks: a writer that appends values of any width up to
//! 64 bits, most significant bit first, into 64-bit words, and a reader that takes them
//! back. Reading past the end gives `None`, never a panic, so a damaged stream ends a
//! chunk's points early instead of crashing the store.

/// A growing bit stream, most significant bit first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BitWriter {
    words: Vec<u64>,
    /// Bits written.
    len: usize,
}

impl BitWriter {
    /// Appends the low `width` bits of `value` (a width of 0 writes nothing).
    pub(crate) fn push(&mut self, value: u64, width: u32) {
        if width == 0 {
            return;
        }
        let value = if width >= 64 {
            value
        } else {
            value & ((1u64 << width) - 1)
        };
        let width = width.min(64);
        let used = (self.len % 64) as u32;
        if used == 0 {
            self.push_word(0);
        }
        let free = 64 - used;
        if width <= free {
            if let Some(last) = self.words.last_mut() {
                *last |= value << (free - width);
            }
        } else {
            if let Some(last) = self.words.last_mut() {
                *last |= value >> (width - free);
            }
            self.push_word(value << (64 - (width - free)));
        }
        self.len += width as usize;
    }

    fn push_word(&mut self, word: u64) {
        if self.words.len() == self.words.capacity() {
            // Grow by a few words at a time: a chunk being filled is a few hundred bytes,
            // and doubling would leave a third of it spare on average.
            self.words.reserve_exact(GROWTH_WORDS);
        }
        self.words.push(word);
    }

    /// `count` one bits.
    pub(crate) fn push_ones(&mut self, mut count: u32) {
        while count > 0 {
            let width = count.min(64);
            self.push(u64::MAX, width);
            count -= width;
        }
    }

    /// Appends every bit `other` holds.
    pub(crate) fn append(&mut self, other: &BitWriter) {
        let mut left = other.len;
        for &word in &other.words {
            let width = left.min(64) as u32;
            self.push(word >> (64 - width), width);
            left -= width as usize;
        }
    }

    /// Bits written so far.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The words written so far.
    pub(crate) fn words(&self) -> &[u64] {
        &self.words
    }

    /// Heap bytes it takes, spare capacity included.
    pub(crate) fn bytes(&self) -> usize {
        self.words.capacity() * 8
    }

    /// The words, without spare capacity.
    pub(crate) fn into_words(self) -> Box<[u64]> {
        self.words.into_boxed_slice()
    }
}

/// Words a growing stream reserves at a time.
const GROWTH_WORDS: usize = 4;

/// Reads a bit stream: `len` bits of `words`.
#[derive(Debug, Clone)]
pub(crate) struct BitReader<'a> {
    words: &'a [u64],
    len: usize,
    at: usize,
}

impl<'a> BitReader<'a> {
    /// A reader of the first `len` bits of `words`, from bit `at`.
    pub(crate) fn new(words: &'a [u64], len: usize, at: usize) -> Self {
        Self {
            words,
            len: len.min(words.len() * 64),
            at,
        }
    }

    /// The next `width` bits (up to 64), or `None` past the end.
    pub(crate) fn read(&mut self, width: u32) -> Option<u64> {
        if width == 0 {
            return Some(0);
        }
        if width > 64 || self.at + width as usize > self.len {
            return None;
        }
        let value = self.peek() >> (64 - width);
        self.at += width as usize;
        Some(value)
    }

    /// The next bit, or `None` past the end.
    pub(crate) fn bit(&mut self) -> Option<bool> {
        self.read(1).map(|b| b == 1)
    }

    /// The next 64 bits without moving, zeros past the end of the words.
    pub(crate) fn peek(&self) -> u64 {
        let word = self.at / 64;
        let used = (self.at % 64) as u32;
        let first = self.words.get(word).copied().unwrap_or(0);
        if used == 0 {
            first
        } else {
            let second = self.words.get(word + 1).copied().unwrap_or(0);
            (first << used) | (second >> (64 - used))
        }
    }

    /// Moves on `width` bits, or gives `None` when that passes the end.
    pub(crate) fn skip(&mut self, width: u32) -> Option<()> {
        if self.at + width as usize > self.len {
            return None;
        }
        self.at += width as usize;
        Some(())
    }

    /// Bits read so far.
    pub(crate) fn position(&self) -> usize {
        self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_reads_back_across_word_edges() {
        let mut writer = BitWriter::default();
        let mut expected = Vec::new();
        for width in 1..=64u32 {
            let value = 0xdead_beef_cafe_f00d_u64.rotate_left(width) >> (64 - width);
            writer.push(value, width);
            expected.push((value, width));
        }
        writer.push_ones(70);
        let mut reader = BitReader::new(writer.words(), writer.len(), 0);
        for (value, width) in expected {
            assert_eq!(reader.read(width), Some(value), "width {width}");
        }
        assert_eq!(reader.peek().leading_ones(), 64);
        assert_eq!(reader.skip(64), Some(()));
        assert_eq!(reader.read(6), Some(0b11_1111));
        assert_eq!(reader.read(1), None, "past the end");
        assert_eq!(reader.skip(1), None);
    }
}
