//! Seeded case generation: the same cases on every run, many of them, spread over what
//! real panels hold (values over 25 orders of magnitude, both signs, integers, series with
//! nulls, repeated values and counter resets).

/// SplitMix64: small, seedable and good enough to spread cases.
#[derive(Debug)]
pub(crate) struct Cases(u64);

impl Cases {
    pub(crate) fn seeded(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }

    /// A value as panels hold them: any sign, magnitudes from 1e-12 to 1e13, and now and
    /// then a round number, a whole number or zero.
    pub(crate) fn value(&mut self) -> f64 {
        let sign = if self.below(4) == 0 { -1.0 } else { 1.0 };
        // (-1 × 0 is -0, which real data holds too.)
        let magnitude = match self.below(10) {
            0 => 0.0,
            1 => (self.below(2000) as f64).round(),
            2 => *self.pick(&[
                0.5, 1.0, 1.5, 2.5, 10.0, 60.0, 100.0, 1000.0, 1024.0, 3600.0,
            ]),
            _ => {
                let exponent = self.below(26) as i32 - 12;
                let mantissa = 1.0 + self.unit() * 9.0;
                // Three significant digits, as measurements read.
                let mantissa = (mantissa * 100.0).round() / 100.0;
                mantissa * 10f64.powi(exponent)
            }
        };
        sign * magnitude
    }

    /// A series as a panel's query returns it: mostly a counter or a gauge, with nulls
    /// where a scrape was missed.
    pub(crate) fn series(&mut self) -> Vec<Option<f64>> {
        let len = self.below(12);
        let nulls = self.below(3);
        let shape = self.below(4);
        let mut level = self.value().abs();
        (0..len)
            .map(|_| {
                if nulls > 0 && self.below(5) < nulls {
                    return None;
                }
                if self.below(25) == 0 {
                    // 0/0, as Prometheus answers it.
                    return Some(f64::NAN);
                }
                Some(match shape {
                    // A counter, reset now and then.
                    0 => {
                        if self.below(8) == 0 {
                            level = self.below(5) as f64;
                        } else {
                            level += self.below(100) as f64;
                        }
                        level
                    }
                    // Few distinct values.
                    1 => self.below(3) as f64,
                    // All zero.
                    2 if self.below(2) == 0 => 0.0,
                    _ => self.value(),
                })
            })
            .collect()
    }
}
