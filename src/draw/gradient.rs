//! Colours that change with where a line is on the value axis (Grafana's `hue` and
//! `scheme` gradient modes): the colour at a value, the plot cut into bands of one colour,
//! and the part of a line inside a band.

use plotters::style::RGBColor;

/// How a line's colour changes with where it is on the value axis (Grafana's `hue` and
/// `scheme` gradient modes).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueColors {
    /// From `bottom` at the foot of the plot to `top` at its head (`hue`: the line's colour
    /// turned 15° one way and the other).
    Vertical {
        /// At the foot.
        bottom: RGBColor,
        /// At the head.
        top: RGBColor,
    },
    /// Each colour from its value up, the first from -∞ (`scheme` over thresholds).
    Steps(Vec<(f64, RGBColor)>),
    /// Colours spread evenly from `min` to `max`, held beyond them (`scheme` over a
    /// continuous colour scheme).
    Continuous {
        /// Where the first colour is.
        min: f64,
        /// Where the last is.
        max: f64,
        /// The colours, in order.
        colors: Vec<RGBColor>,
    },
}

/// Bands a gradient that changes smoothly is drawn in.
pub(crate) const GRADIENT_BANDS: usize = 24;

impl ValueColors {
    /// The colour at value `v` on a plot from `low` to `high`.
    pub(crate) fn at(&self, v: f64, (low, high): (f64, f64)) -> RGBColor {
        let share = |from: f64, to: f64| {
            let s = (v - from) / (to - from);
            if s.is_finite() {
                s.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        match self {
            Self::Vertical { bottom, top } => mix(*bottom, *top, share(low, high)),
            Self::Steps(steps) => steps
                .iter()
                .take_while(|(from, _)| v >= *from)
                .last()
                .or(steps.first())
                .map_or(RGBColor(0, 0, 0), |(_, c)| *c),
            Self::Continuous { min, max, colors } => {
                let at = share(*min, *max) * (colors.len().saturating_sub(1)) as f64;
                let (i, rest) = (at.floor() as usize, at.fract());
                match (colors.get(i), colors.get(i + 1)) {
                    (Some(a), Some(b)) => mix(*a, *b, rest),
                    (Some(a), None) => *a,
                    _ => RGBColor(0, 0, 0),
                }
            }
        }
    }

    /// The plot from `low` to `high` cut into bands of one colour each: at each step for
    /// thresholds, else evenly.
    pub(crate) fn bands(&self, (low, high): (f64, f64)) -> Vec<(f64, f64, RGBColor)> {
        let edges: Vec<f64> = match self {
            Self::Steps(steps) => std::iter::once(low)
                .chain(
                    steps
                        .iter()
                        .map(|(from, _)| *from)
                        .filter(|v| *v > low && *v < high),
                )
                .chain(std::iter::once(high))
                .collect(),
            _ => (0..=GRADIENT_BANDS)
                .map(|i| low + (high - low) * i as f64 / GRADIENT_BANDS as f64)
                .collect(),
        };
        edges
            .windows(2)
            .filter(|w| w[1] > w[0])
            .map(|w| (w[0], w[1], self.at((w[0] + w[1]) / 2.0, (low, high))))
            .collect()
    }
}

/// `a` blended towards `b` by `share` (0–1), channel by channel, as a canvas gradient does.
fn mix(a: RGBColor, b: RGBColor, share: f64) -> RGBColor {
    let channel =
        |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * share).round() as u8;
    RGBColor(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// The parts of polyline `run` between the values `bottom` and `top`, each a polyline.
pub(crate) fn line_in_band(run: &[(i64, f64)], bottom: f64, top: f64) -> Vec<Vec<(i64, f64)>> {
    let mut pieces: Vec<Vec<(i64, f64)>> = Vec::new();
    let mut joined = false;
    for pair in run.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let dy = q.1 - p.1;
        let (t0, t1) = if dy == 0.0 {
            if p.1 >= bottom && p.1 <= top {
                (0.0, 1.0)
            } else {
                (1.0, 0.0)
            }
        } else {
            let (a, b) = ((bottom - p.1) / dy, (top - p.1) / dy);
            (a.min(b).max(0.0), a.max(b).min(1.0))
        };
        if t0 >= t1 {
            joined = false;
            continue;
        }
        let at = |t: f64| (p.0 + ((q.0 - p.0) as f64 * t).round() as i64, p.1 + dy * t);
        match pieces.last_mut() {
            Some(piece) if joined && t0 == 0.0 => piece.push(at(t1)),
            _ => pieces.push(vec![at(t0), at(t1)]),
        }
        joined = t1 == 1.0;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_coloured_by_value_is_cut_where_it_crosses_a_step() {
        let steps = ValueColors::Steps(vec![
            (f64::NEG_INFINITY, RGBColor(0, 255, 0)),
            (80.0, RGBColor(255, 0, 0)),
        ]);
        let bands = steps.bands((0.0, 100.0));
        assert_eq!(
            bands,
            vec![
                (0.0, 80.0, RGBColor(0, 255, 0)),
                (80.0, 100.0, RGBColor(255, 0, 0))
            ]
        );
        // From 60 to 100 over 40 s: green up to 80 (20 s in), red after.
        let run = [(0, 60.0), (40_000, 100.0)];
        assert_eq!(
            line_in_band(&run, 0.0, 80.0),
            vec![vec![(0, 60.0), (20_000, 80.0)]]
        );
        assert_eq!(
            line_in_band(&run, 80.0, 100.0),
            vec![vec![(20_000, 80.0), (40_000, 100.0)]]
        );
        // A hue gradient: the foot's colour at the bottom, the head's at the top.
        let hue = ValueColors::Vertical {
            bottom: RGBColor(0, 0, 0),
            top: RGBColor(200, 100, 0),
        };
        assert_eq!(hue.at(50.0, (0.0, 100.0)), RGBColor(100, 50, 0));
        assert_eq!(hue.bands((0.0, 100.0)).len(), GRADIENT_BANDS);
    }
}
