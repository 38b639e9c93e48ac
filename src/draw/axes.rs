//! A chart's value scales and where their axes go, as Grafana's time series keys and
//! places them: the series of one unit and one placement share a scale; an `auto` scale's
//! axis goes on the left when there is none there yet, else on the right; `hidden` keeps
//! a scale without an axis. The first scale with its axis on the left (else the first)
//! is the chart's own; the others are drawn through it, each stretched from its own
//! range onto the chart's, and the first of them on the right gets its labels there.

/// Where a series wants its value axis (`custom.axisPlacement`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Axis {
    /// Left for the first scale, right for the others.
    #[default]
    Auto,
    /// On the left.
    Left,
    /// On the right.
    Right,
    /// Not drawn.
    Hidden,
}

/// Which side a scale's axis is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The left.
    Left,
    /// The right.
    Right,
    /// Neither.
    None,
}

/// One value scale: the unit and placement its series share, where its axis goes, its
/// series (by index) and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The unit its axis is written in (`None`: the chart's).
    pub unit: Option<String>,
    /// The placement its series asked for.
    pub axis: Axis,
    /// Where its axis is drawn.
    pub side: Side,
    /// Its series, by their index among the chart's lines.
    pub lines: Vec<usize>,
    /// Its low and high ends.
    pub range: (f64, f64),
}

/// The scales of a chart's series, each given by its unit and placement, in the order
/// the series come; `range_of(lines)` works out a scale's range from its series.
pub fn scales(
    keys: &[(Option<String>, Axis)],
    range_of: impl Fn(&[usize]) -> (f64, f64),
) -> Vec<Scale> {
    let mut scales: Vec<Scale> = Vec::new();
    for (i, (unit, axis)) in keys.iter().enumerate() {
        match scales
            .iter_mut()
            .find(|s| s.unit == *unit && s.axis == *axis)
        {
            Some(scale) => scale.lines.push(i),
            None => scales.push(Scale {
                unit: unit.clone(),
                axis: *axis,
                side: Side::None,
                lines: vec![i],
                range: (0.0, 1.0),
            }),
        }
    }
    let mut left = false;
    for scale in &mut scales {
        scale.side = match scale.axis {
            Axis::Left => Side::Left,
            Axis::Right => Side::Right,
            Axis::Hidden => Side::None,
            Axis::Auto if left => Side::Right,
            Axis::Auto => Side::Left,
        };
        left |= scale.side == Side::Left;
        scale.range = range_of(&scale.lines);
    }
    scales
}

/// The index of the chart's own scale: the first on the left, else the first.
pub fn primary(scales: &[Scale]) -> usize {
    scales
        .iter()
        .position(|s| s.side == Side::Left)
        .unwrap_or(0)
}

/// The scale whose axis is drawn on the right, if any.
pub fn right(scales: &[Scale]) -> Option<usize> {
    scales.iter().position(|s| s.side == Side::Right)
}

/// `v` on a scale from `from` moved onto the chart's scale `to`.
pub fn onto(v: f64, from: (f64, f64), to: (f64, f64)) -> f64 {
    let span = from.1 - from.0;
    if span == 0.0 || !span.is_finite() {
        return v;
    }
    to.0 + (v - from.0) / span * (to.1 - to.0)
}

/// About `count` round values from `low` to `high` for an axis's labels (steps of 1, 2 or
/// 5 times a power of ten, the nearest to an even split).
pub fn ticks((low, high): (f64, f64), count: usize) -> Vec<f64> {
    let raw = (high - low) / count.max(1) as f64;
    if raw <= 0.0 || !raw.is_finite() {
        return Vec::new();
    }
    let power = 10f64.powf(raw.log10().floor());
    // The round step nearest the raw one, by ratio.
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(power);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_unit_gets_an_axis_on_the_right_as_in_grafana() {
        let keys = [
            (Some("bytes".to_owned()), Axis::Auto),
            (Some("percent".to_owned()), Axis::Auto),
            (Some("bytes".to_owned()), Axis::Auto),
            (Some("bytes".to_owned()), Axis::Hidden),
        ];
        let scales = scales(&keys, |lines| (0.0, lines.len() as f64));
        assert_eq!(scales.len(), 3);
        assert_eq!(
            (scales[0].side, scales[0].lines.clone()),
            (Side::Left, vec![0, 2])
        );
        assert_eq!(
            (scales[1].side, scales[1].lines.clone()),
            (Side::Right, vec![1])
        );
        assert_eq!(scales[2].side, Side::None);
        assert_eq!((primary(&scales), right(&scales)), (0, Some(1)));
        // Everything on the right: the chart's own scale is drawn there.
        let all_right = super::scales(&[(None, Axis::Right)], |_| (0.0, 1.0));
        assert_eq!((primary(&all_right), right(&all_right)), (0, Some(0)));
    }

    #[test]
    fn values_move_between_scales_and_ticks_are_round() {
        assert_eq!(onto(50.0, (0.0, 100.0), (0.0, 1.0)), 0.5);
        assert_eq!(
            ticks((0.0, 1.0), 5),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks((3.0, 97.0), 4), vec![20.0, 40.0, 60.0, 80.0]);
    }
}
