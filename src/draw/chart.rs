//! The chart, drawn with plotters on any backend: a canvas in the browser, an SVG string in
//! native tests. Series arrive already decimated and, for counters, already as rates.

use plotters::{
    coord::{
        types::{RangedCoordf64, RangedCoordi64},
        Shift,
    },
    prelude::*,
    style::RGBColor,
};

use crate::{
    analysis::chart_line::ChartLine,
    analysis::decimate::{PLOT_LEFT, PLOT_RIGHT_MARGIN},
    draw::axes::{self, Axis, Side},
    draw::gaps::runs,
    draw::gradient::{line_in_band, ValueColors},
    model::units::Unit,
    model::value_format::format_value,
};

/// Everything a chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// Unit of the values.
    pub unit: Unit,
    /// Whether values are per-second rates.
    pub rate: bool,
    /// Time range, in ms since the epoch.
    pub start: i64,
    /// End of the time range.
    pub end: i64,
    /// The user's UTC offset in minutes (east positive), for local-time labels.
    pub utc_offset_minutes: i32,
    /// The lines.
    pub lines: Vec<ChartLine>,
    /// How each line is drawn, by index (a line without one is a plain 2 px line).
    pub styles: Vec<LineStyle>,
    /// The value axis in a Grafana unit, with decimals, instead of `unit`.
    pub grafana_unit: Option<(Option<String>, Option<i32>)>,
    /// Where the value axis must start and end, or at least reach.
    pub bounds: Bounds,
}

/// How one line is drawn, as a Grafana time series' field config says.
#[derive(Debug, Clone, PartialEq)]
pub struct LineStyle {
    /// Fill under the line, 0–1.
    pub fill: f64,
    /// The fill fades from `fill` at the top of the plot to nothing at its bottom, as
    /// Grafana's opacity gradient (`getOpacityGradientFn`) does.
    pub fade_fill: bool,
    /// Line width in pixels (0: no line).
    pub width: u32,
    /// A bar per point.
    pub bars: bool,
    /// A dot per point, no line.
    pub points: bool,
    /// Its colour, instead of the palette's.
    pub color: Option<RGBColor>,
    /// Drawn dashed (Grafana's `custom.lineStyle` with `fill: dash` or `dot`).
    pub dashed: bool,
    /// Where a bar sits against its point: -1 before it, 0 around it, 1 after it
    /// (`custom.barAlignment`).
    pub bar_alignment: i8,
    /// A bar's width, as a share of the step between points (`custom.barWidthFactor`;
    /// Grafana's 0.6 by default).
    pub bar_width: f64,
    /// Its colour changes with its value (`gradientMode: hue` or `scheme`).
    pub gradient: Option<ValueColors>,
    /// Where its value axis goes (`custom.axisPlacement`).
    pub axis: Axis,
    /// Its own unit, where it is not the chart's (an override's): it gets a scale of
    /// its own.
    pub unit: Option<String>,
}

impl Default for LineStyle {
    fn default() -> Self {
        Self {
            fill: 0.0,
            fade_fill: false,
            width: 2,
            bars: false,
            points: false,
            color: None,
            dashed: false,
            bar_alignment: 0,
            bar_width: BAR_WIDTH,
            gradient: None,
            axis: Axis::Auto,
            unit: None,
        }
    }
}

/// Grafana's bar width, as a share of the step between points.
pub const BAR_WIDTH: f64 = 0.6;

/// The value axis's range: fixed ends (`min`, `max`), or ends it reaches at least
/// (`soft_min`, `soft_max`); the data's own otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    /// The fixed low end.
    pub min: Option<f64>,
    /// The fixed high end.
    pub max: Option<f64>,
    /// The axis goes at least this low.
    pub soft_min: Option<f64>,
    /// The axis goes at least this high.
    pub soft_max: Option<f64>,
}

impl Bounds {
    /// The data's range `(low, high)` with these bounds applied.
    fn apply(self, (low, high): (f64, f64)) -> (f64, f64) {
        let low = self
            .min
            .unwrap_or_else(|| self.soft_min.map_or(low, |soft| low.min(soft)));
        let high = self
            .max
            .unwrap_or_else(|| self.soft_max.map_or(high, |soft| high.max(soft)));
        if high > low {
            (low, high)
        } else {
            (low, low + 1.0)
        }
    }
}

/// The chart's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Background.
    pub background: RGBColor,
    /// Axis text and lines.
    pub foreground: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
}

impl Theme {
    /// Colours for a light page.
    pub const LIGHT: Self = Self {
        background: RGBColor(255, 255, 255),
        foreground: RGBColor(31, 35, 40),
        grid: RGBColor(225, 228, 232),
    };
    /// Colours for a dark page.
    pub const DARK: Self = Self {
        background: RGBColor(21, 27, 35),
        foreground: RGBColor(230, 237, 243),
        grid: RGBColor(48, 54, 61),
    };
}

/// A palette readable on both themes.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The time under pixel column `x` of a chart `width` pixels wide showing `start..end`,
/// or `None` outside the plotting area.
pub fn time_at(x: f64, width: f64, start: i64, end: i64) -> Option<i64> {
    let right = width - PLOT_RIGHT_MARGIN;
    if x < PLOT_LEFT || x > right || right <= PLOT_LEFT {
        return None;
    }
    let share = (x - PLOT_LEFT) / (right - PLOT_LEFT);
    Some(start + ((end - start) as f64 * share).round() as i64)
}

/// For each line, its point nearest to `t`: `(label, time, value)`.
pub fn nearest(lines: &[ChartLine], t: i64) -> Vec<(String, i64, f64)> {
    lines
        .iter()
        .filter_map(|line| {
            let point = line.points.iter().min_by_key(|(pt, _)| (pt - t).abs())?;
            Some((line.label.clone(), point.0, point.1))
        })
        .collect()
}

/// The value range of the lines, padded, never empty.
fn value_range<'a>(lines: impl IntoIterator<Item = &'a ChartLine>) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for &(_, v) in lines.into_iter().flat_map(|l| l.points.iter()) {
        if v.is_finite() {
            low = low.min(v);
            high = high.max(v);
        }
    }
    if !low.is_finite() {
        return (0.0, 1.0);
    }
    if low == high {
        let pad = if low == 0.0 { 1.0 } else { low.abs() * 0.1 };
        return (low - pad, high + pad);
    }
    let pad = (high - low) * 0.05;
    let low = if low >= 0.0 && low - pad < 0.0 {
        0.0
    } else {
        low - pad
    };
    (low, high + pad)
}

/// `HH:MM:SS` (or `HH:MM` for long ranges) of `ms` at the user's offset.
pub fn clock(ms: i64, utc_offset_minutes: i32, seconds: bool) -> String {
    let local = ms.div_euclid(1000) + i64::from(utc_offset_minutes) * 60;
    let of_day = local.rem_euclid(86_400);
    let (h, m, s) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
    if seconds {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// The time range of `lines`, padded to a minute around a single instant so the first
/// poll shows as a point mid-chart.
pub fn extent(lines: &[ChartLine]) -> (i64, i64) {
    let start = lines
        .iter()
        .filter_map(|l| l.points.first())
        .map(|p| p.0)
        .min()
        .unwrap_or(0);
    let end = lines
        .iter()
        .filter_map(|l| l.points.last())
        .map(|p| p.0)
        .max()
        .unwrap_or(1);
    if end - start < 1000 {
        (start - 30_000, end + 30_000)
    } else {
        (start, end)
    }
}

/// Draws `spec` on `area`.
///
/// # Errors
/// When the backend fails.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    theme: Theme,
) -> Result<(), String> {
    area.fill(&theme.background).map_err(|e| e.to_string())?;
    let scales = scales_of(spec);
    let primary = axes::primary(&scales);
    let right = axes::right(&scales);
    let (low, high) = scales
        .get(primary)
        .map_or_else(|| spec.bounds.apply(value_range(&spec.lines)), |s| s.range);
    // Each line's scale, to move its values onto the chart's.
    let mut scale_of = vec![primary; spec.lines.len()];
    for (at, scale) in scales.iter().enumerate() {
        for &line in &scale.lines {
            scale_of[line] = at;
        }
    }
    let end = spec.end.max(spec.start + 1);
    let text = ("sans-serif", 12).into_font().color(&theme.foreground);
    // As many labels as fit: a time label is about 50 px wide, a value label 12 px high.
    let (width, height) = area.dim_in_pixel();
    let x_labels = (width as usize / 100).clamp(2, 6);
    let y_labels = (height as usize / 45).clamp(3, 6);
    // A right axis's labels go in a wider right margin (a label area there would repeat
    // the left axis's labels).
    let margin_right = PLOT_RIGHT_MARGIN
        + if right.is_some() {
            RIGHT_AXIS_EXTRA
        } else {
            0.0
        };
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(10)
        .margin_right(margin_right as i32)
        .x_label_area_size(24)
        .y_label_area_size(64);
    let mut chart = builder
        .build_cartesian_2d(spec.start..end, low..high)
        .map_err(|e| e.to_string())?;
    let with_seconds = end - spec.start < 15 * 60 * 1000;
    let unit = spec.unit;
    let rate = spec.rate;
    let grafana_unit = spec.grafana_unit.clone();
    let label_in = move |scale: Option<&axes::Scale>, v: f64| match &grafana_unit {
        Some((id, decimals)) => {
            let id = scale.and_then(|s| s.unit.clone()).or_else(|| id.clone());
            format_value(id.as_deref(), v, *decimals).to_string()
        }
        None => unit.format(v, rate),
    };
    // The chart's own scale is labelled on the left, unless its axis is elsewhere.
    let own = scales.get(primary);
    let left_labels = own.is_none_or(|s| s.side == Side::Left);
    let value_label = |v: &f64| {
        if left_labels {
            label_in(own, *v)
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .light_line_style(theme.grid.mix(0.5))
        .bold_line_style(theme.grid)
        .axis_style(theme.foreground.mix(0.6))
        .label_style(text.clone())
        .x_labels(x_labels)
        .y_labels(y_labels)
        .x_label_formatter(&|t| clock(*t, spec.utc_offset_minutes, with_seconds))
        .y_label_formatter(&value_label)
        .draw()
        .map_err(|e| e.to_string())?;
    if let Some(scale) = right.and_then(|at| scales.get(at)) {
        // The right axis's labels, at round values of its own scale.
        for tick in axes::ticks(scale.range, y_labels) {
            let (x, y) = chart.backend_coord(&(end, axes::onto(tick, scale.range, (low, high))));
            area.draw_text(&label_in(Some(scale), tick), &text, (x + 6, y - 7))
                .map_err(|e| e.to_string())?;
        }
    }
    for (i, line) in spec.lines.iter().enumerate() {
        let style = spec.styles.get(i).cloned().unwrap_or_default();
        let color = style.color.unwrap_or(PALETTE[line.color % PALETTE.len()]);
        let own_range = scales.get(scale_of[i]).map_or((low, high), |s| s.range);
        let finite: Vec<(i64, f64)> = line
            .points
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|&(t, v)| (t, axes::onto(v, own_range, (low, high))))
            .collect();
        if let (Some(colors), false) = (&style.gradient, style.bars) {
            draw_by_value(&mut chart, &finite, &style, colors, (low, high))?;
            continue;
        }
        if style.fill > 0.0 && !style.bars {
            if let Some(outline) = fill_outline(&finite, (low, high)) {
                if style.fade_fill {
                    chart
                        .draw_series(faded_bands(&outline, (low, high)).into_iter().map(
                            |(band, share)| {
                                Polygon::new(band, color.mix(style.fill * share).filled())
                            },
                        ))
                        .map_err(|e| e.to_string())?;
                } else {
                    chart
                        .draw_series(std::iter::once(Polygon::new(
                            outline,
                            color.mix(style.fill).filled(),
                        )))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        if style.bars {
            let base = 0.0_f64.clamp(low, high);
            let (before, after) = bar_extent(&finite, style.bar_width, style.bar_alignment);
            chart
                .draw_series(finite.iter().map(|&(t, v)| {
                    // A bar of a scheme gradient takes its value's colour.
                    let color = style
                        .gradient
                        .as_ref()
                        .map_or(color, |colors| colors.at(v, (low, high)));
                    Rectangle::new(
                        [(t - before, base), (t + after, v)],
                        color.mix(style.fill.max(0.8)).filled(),
                    )
                }))
                .map_err(|e| e.to_string())?;
            continue;
        }
        if style.points || line.points.len() == 1 {
            // A lone point (the first poll) would draw nothing as a line.
            chart
                .draw_series(finite.iter().map(|&p| Circle::new(p, 3, color.filled())))
                .map_err(|e| e.to_string())?;
            if style.points {
                continue;
            }
        }
        if style.width == 0 {
            continue;
        }
        let stroke = color.stroke_width(style.width);
        // Cut where the line has a gap: nothing is drawn across a stretch with no points.
        for run in runs(&finite) {
            if let [point] = run {
                chart
                    .draw_series(std::iter::once(Circle::new(*point, 2, color.filled())))
                    .map_err(|e| e.to_string())?;
            } else if line.dashed || style.dashed {
                chart
                    .draw_series(DashedLineSeries::new(run.iter().copied(), 6, 4, stroke))
                    .map_err(|e| e.to_string())?;
            } else {
                chart
                    .draw_series(LineSeries::new(run.iter().copied(), stroke))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    area.present().map_err(|e| e.to_string())
}

/// How much narrower the plot is with an axis on its right, in pixels.
pub const RIGHT_AXIS_EXTRA: f64 = 42.0;

/// Whether `spec` draws a value axis on its right (a second unit, or a placement): from
/// its lines' units and placements alone, without their ranges.
pub fn has_right_axis(spec: &ChartSpec) -> bool {
    axes::right(&axes::scales(&scale_keys(spec), |_| (0.0, 1.0))).is_some()
}

/// Each line's unit and placement: which scale it is on.
fn scale_keys(spec: &ChartSpec) -> Vec<(Option<String>, Axis)> {
    let chart_unit = spec
        .grafana_unit
        .as_ref()
        .and_then(|(unit, _)| unit.clone());
    (0..spec.lines.len())
        .map(|i| {
            let style = spec.styles.get(i);
            let unit = style
                .and_then(|s| s.unit.clone())
                .or_else(|| chart_unit.clone());
            (unit, style.map_or(Axis::Auto, |s| s.axis))
        })
        .collect()
}

/// The chart's scales: its lines keyed by unit and placement, each scale's range from its
/// lines within the chart's bounds.
fn scales_of(spec: &ChartSpec) -> Vec<axes::Scale> {
    axes::scales(&scale_keys(spec), |lines| {
        spec.bounds
            .apply(value_range(lines.iter().map(|&i| &spec.lines[i])))
    })
}

/// The polygon a line's fill covers: down to zero (or the plot's nearest edge) at both
/// ends; `None` without a point.
fn fill_outline(finite: &[(i64, f64)], (low, high): (f64, f64)) -> Option<Vec<(i64, f64)>> {
    let base = 0.0_f64.clamp(low, high);
    let (first, last) = (finite.first()?, finite.last()?);
    Some(
        std::iter::once((first.0, base))
            .chain(finite.iter().copied())
            .chain(std::iter::once((last.0, base)))
            .collect(),
    )
}

/// A line whose colour changes with its value, and its fill: each band of the plot in
/// its own colour (the fill at the line's opacity).
fn draw_by_value<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordi64, RangedCoordf64>>,
    finite: &[(i64, f64)],
    style: &LineStyle,
    colors: &ValueColors,
    (low, high): (f64, f64),
) -> Result<(), String> {
    let bands = colors.bands((low, high));
    if style.fill > 0.0 {
        if let Some(outline) = fill_outline(finite, (low, high)) {
            chart
                .draw_series(bands.iter().filter_map(|&(bottom, top, color)| {
                    let band = clip_to_band(&outline, bottom, top);
                    (band.len() >= 3).then(|| Polygon::new(band, color.mix(style.fill).filled()))
                }))
                .map_err(|e| e.to_string())?;
        }
    }
    if style.width == 0 {
        return Ok(());
    }
    for run in runs(finite) {
        for &(bottom, top, color) in &bands {
            for piece in line_in_band(run, bottom, top) {
                chart
                    .draw_series(LineSeries::new(piece, color.stroke_width(style.width)))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

/// How far a bar reaches before and after its point, in ms: `width` of the step between
/// points, around the point (`alignment` 0), ending at it (-1) or starting at it (1), as
/// uPlot's bars place them in Grafana.
fn bar_extent(points: &[(i64, f64)], width: f64, alignment: i8) -> (i64, i64) {
    let step = points
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|d| *d > 0)
        .min()
        .unwrap_or(60_000);
    let width = ((step as f64 * width.clamp(0.0, 1.0)).round() as i64).max(1);
    match alignment.signum() {
        -1 => (width, 0),
        1 => (0, width),
        _ => (width / 2, width - width / 2),
    }
}

// Native only: the SVG backend renders the same chart without a browser.
/// Bands of the plot, top to bottom, for a fill that fades: a canvas gradient drawn as
/// this many steps.
const FADE_BANDS: usize = 24;

/// The fill `outline` cut into horizontal bands of the value range `(low, high)`, each
/// with the share of the fill's opacity Grafana's gradient has at the band's middle: all
/// of it at the top of the plot, none at the bottom.
fn faded_bands(outline: &[(i64, f64)], (low, high): (f64, f64)) -> Vec<(Vec<(i64, f64)>, f64)> {
    let step = (high - low) / FADE_BANDS as f64;
    if step <= 0.0 || !step.is_finite() {
        return Vec::new();
    }
    (0..FADE_BANDS)
        .filter_map(|i| {
            let (bottom, top) = (low + step * i as f64, low + step * (i + 1) as f64);
            let band = clip_to_band(outline, bottom, top);
            let share = (i as f64 + 0.5) / FADE_BANDS as f64;
            (band.len() >= 3).then_some((band, share))
        })
        .collect()
}

/// The part of polygon `points` between the values `bottom` and `top` (Sutherland and
/// Hodgman's clipping, against the band's two edges).
fn clip_to_band(points: &[(i64, f64)], bottom: f64, top: f64) -> Vec<(i64, f64)> {
    let cut = |a: (i64, f64), b: (i64, f64), at: f64| {
        let share = (at - a.1) / (b.1 - a.1);
        (a.0 + ((b.0 - a.0) as f64 * share).round() as i64, at)
    };
    let clip = |points: Vec<(i64, f64)>, inside: &dyn Fn(f64) -> bool, edge: f64| {
        let mut out = Vec::with_capacity(points.len() + 2);
        for (i, &current) in points.iter().enumerate() {
            let previous = points[(i + points.len() - 1) % points.len()];
            match (inside(previous.1), inside(current.1)) {
                (true, true) => out.push(current),
                (true, false) => out.push(cut(previous, current, edge)),
                (false, true) => {
                    out.push(cut(previous, current, edge));
                    out.push(current);
                }
                (false, false) => {}
            }
        }
        out
    };
    let clipped = clip(points.to_vec(), &|v| v >= bottom, bottom);
    if clipped.is_empty() {
        return clipped;
    }
    clip(clipped, &|v| v <= top, top)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn spec(lines: Vec<ChartLine>) -> ChartSpec {
        ChartSpec {
            unit: Unit::Seconds,
            rate: false,
            start: 0,
            end: 60_000,
            utc_offset_minutes: 60,
            lines,
            styles: Vec::new(),
            grafana_unit: None,
            bounds: Bounds::default(),
        }
    }

    #[test]
    fn an_opacity_gradient_fades_from_the_top_of_the_plot_to_its_bottom() {
        // Grafana's getOpacityGradientFn: the fill's opacity at the top of the plot, none
        // at its bottom, linear in between.
        let line = ChartLine {
            label: "a".into(),
            points: vec![(0, 100.0), (60_000, 100.0)],
            color: 0,
            dashed: false,
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            let chart = ChartSpec {
                styles: vec![LineStyle {
                    fill: 0.5,
                    fade_fill: true,
                    ..LineStyle::default()
                }],
                bounds: Bounds {
                    min: Some(0.0),
                    max: Some(100.0),
                    ..Bounds::default()
                },
                ..spec(vec![line])
            };
            draw(&area, &chart, Theme::LIGHT).expect("draws");
        }
        // Each band's opacity, and its top edge (the smallest y of its points).
        let bands: Vec<(f64, f64)> = svg
            .split("<polygon")
            .skip(1)
            .filter_map(|p| {
                let opacity: f64 = p
                    .split("opacity=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()?;
                let points = p.split("points=\"").nth(1)?.split('"').next()?;
                let top = points
                    .split(' ')
                    .filter_map(|xy| xy.split(',').nth(1)?.parse::<f64>().ok())
                    .fold(f64::INFINITY, f64::min);
                Some((top, opacity))
            })
            .collect();
        assert_eq!(bands.len(), FADE_BANDS, "a band per step: {bands:?}");
        let (top, bottom) = (bands.last().expect("a band"), bands[0]);
        assert!(top.0 < bottom.0, "the last band drawn is the top one");
        assert!(
            (top.1 - 0.5 * 23.5 / 24.0).abs() < 0.01 && (bottom.1 - 0.5 * 0.5 / 24.0).abs() < 0.01,
            "opacity 0.5 at the top to 0 at the bottom: {bands:?}"
        );
        assert!(
            bands.windows(2).all(|w| w[1].1 > w[0].1),
            "fading steadily downwards: {bands:?}"
        );
    }

    #[test]
    fn a_filled_line_bars_and_grafana_units_on_the_axis() {
        let line = |color: usize| ChartLine {
            label: "a".into(),
            points: (0..=6)
                .map(|i| (i * 10_000, f64::from(i as u8) * 10.0))
                .collect(),
            color,
            dashed: false,
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            let chart = ChartSpec {
                styles: vec![
                    LineStyle {
                        fill: 0.3,
                        ..LineStyle::default()
                    },
                    LineStyle {
                        bars: true,
                        color: Some(RGBColor(0x73, 0xbf, 0x69)),
                        ..LineStyle::default()
                    },
                ],
                grafana_unit: Some((Some("percent".into()), Some(1))),
                bounds: Bounds {
                    min: Some(0.0),
                    max: Some(100.0),
                    ..Bounds::default()
                },
                ..spec(vec![line(0), line(1)])
            };
            draw(&area, &chart, Theme::LIGHT).expect("draws");
        }
        assert!(svg.contains("<polygon"), "the fill under the first line");
        assert!(
            svg.contains("<rect") && svg.contains("#73BF69"),
            "the second as green bars"
        );
        assert!(
            svg.contains("100.0%"),
            "the axis in Grafana's unit, to its fixed max"
        );
        assert!(!svg.contains("110.0%"), "and no further");
    }

    #[test]
    fn draws_lines_and_axes_to_svg() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            let line = ChartLine {
                label: "a".into(),
                points: (0..=60)
                    .map(|i| (i * 1000, f64::from(i as u8) / 100.0))
                    .collect(),
                color: 0,
                dashed: false,
            };
            draw(&area, &spec(vec![line]), Theme::LIGHT).expect("draws");
        }
        assert!(svg.contains("<polyline"), "a line is drawn");
        assert!(svg.contains("01:00:30"), "local-time labels (UTC+1)");
        assert!(svg.contains("ms"), "unit labels on the value axis");
    }

    /// `(x, text)` of every text in `svg`.
    fn texts(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text")
            .skip(1)
            .filter_map(|element| {
                let x = element
                    .split("x=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()?;
                let text = element
                    .split('>')
                    .nth(1)?
                    .split('<')
                    .next()?
                    .trim()
                    .to_owned();
                Some((x, text))
            })
            .collect()
    }

    #[test]
    fn a_second_unit_is_labelled_on_a_right_axis_of_its_own() {
        // Grafana: memory in bytes and a share in percent in one panel; the percent
        // series' scale is its own, its axis on the right.
        let line = |label: &str, scale: f64| ChartLine {
            label: label.into(),
            points: (0..=60)
                .map(|i| (i * 1000, f64::from(i as u8) * scale))
                .collect(),
            color: 0,
            dashed: false,
        };
        let mut chart = spec(vec![line("used", 1e9), line("share", 1.0)]);
        chart.grafana_unit = Some((Some("bytes".into()), None));
        chart.styles = vec![
            LineStyle::default(),
            LineStyle {
                unit: Some("percent".into()),
                ..LineStyle::default()
            },
        ];
        assert!(has_right_axis(&chart));
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            draw(&area, &chart, Theme::LIGHT).expect("draws");
        }
        let labels = texts(&svg);
        let right: Vec<&String> = labels
            .iter()
            .filter(|(x, _)| *x > 640.0 - 74.0)
            .map(|(_, t)| t)
            .collect();
        let left: Vec<&String> = labels
            .iter()
            .filter(|(x, _)| *x < 74.0)
            .map(|(_, t)| t)
            .collect();
        assert!(
            right.iter().any(|t| t.ends_with('%')) && right.iter().all(|t| t.ends_with('%')),
            "{right:?}"
        );
        assert!(left.iter().any(|t| t.ends_with("GiB")), "{left:?}");
        // Both lines reach the top of the plot: each is drawn over its own range.
        let tops: Vec<f64> = svg
            .split("<polyline")
            .skip(1)
            .filter_map(|p| {
                let points = p.split("points=\"").nth(1)?.split('"').next()?;
                points
                    .split_whitespace()
                    .filter_map(|xy| xy.split(',').nth(1)?.parse::<f64>().ok())
                    .reduce(f64::min)
            })
            .collect();
        // The two lines are drawn last, after the grid.
        let lines = &tops[tops.len() - 2..];
        assert!(
            (lines[0] - lines[1]).abs() < 2.0,
            "both reach the top: {tops:?}"
        );
        // One unit: no right axis, as before.
        chart.styles.clear();
        assert!(!has_right_axis(&chart));
    }

    /// `(x, text)` of every time label in `svg`.
    fn time_labels(svg: &str) -> Vec<(f64, String)> {
        texts(svg)
            .into_iter()
            .filter(|(_, text)| text.len() == 8 && text.as_bytes().get(2) == Some(&b':'))
            .collect()
    }

    #[test]
    fn the_last_time_label_fits_inside_the_chart() {
        let width = 640u32;
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (width, 320)).into_drawing_area();
            let line = ChartLine {
                label: "a".into(),
                points: vec![(0, 1.0), (60_000, 2.0)],
                color: 0,
                dashed: false,
            };
            draw(&area, &spec(vec![line]), Theme::LIGHT).expect("draws");
        }
        let labels = time_labels(&svg);
        let last = labels
            .iter()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .expect("time labels");
        assert_eq!(last.1, "01:01:00", "a tick at the right edge: {labels:?}");
        // Centred on its tick; 8 characters of a 12 px sans-serif font are at most 56 px.
        let half = 28.0;
        assert!(
            last.0 + half <= f64::from(width),
            "the label {:?} at x = {} is cut at the right edge of a {width} px chart",
            last.1,
            last.0
        );
    }

    #[test]
    fn time_labels_of_a_small_panel_do_not_overlap() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (330, 150)).into_drawing_area();
            let line = ChartLine {
                label: "a".into(),
                points: vec![(0, 1.0), (50_000, 2.0)],
                color: 0,
                dashed: false,
            };
            draw(&area, &spec(vec![line]), Theme::LIGHT).expect("draws");
        }
        let mut labels = time_labels(&svg);
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(labels.len() >= 2, "{labels:?}");
        // 8 characters of a 12 px sans-serif font are at most 56 px, centred on their tick.
        for pair in labels.windows(2) {
            assert!(
                pair[1].0 - pair[0].0 >= 60.0,
                "labels overlap on a 330 px panel: {labels:?}"
            );
        }
    }

    #[test]
    fn an_overlay_is_drawn_dashed() {
        let draw_one = |dashed: bool| {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
                let line = ChartLine {
                    label: "a".into(),
                    points: vec![(0, 1.0), (60_000, 2.0)],
                    color: 0,
                    dashed,
                };
                draw(&area, &spec(vec![line]), Theme::LIGHT).expect("draws");
            }
            // The line's own strokes, in the first palette colour.
            svg.matches("stroke=\"#1F77B4\"").count()
        };
        let (solid, dashed) = (draw_one(false), draw_one(true));
        assert_eq!(solid, 1, "one stroke for a solid line");
        assert!(dashed > 10, "a dashed line is many short strokes: {dashed}");
    }

    #[test]
    fn bars_sit_before_around_or_after_their_point_as_wide_as_set() {
        let points = [(0, 1.0), (10_000, 2.0), (20_000, 3.0)];
        assert_eq!(bar_extent(&points, BAR_WIDTH, 0), (3_000, 3_000));
        assert_eq!(bar_extent(&points, 1.0, -1), (10_000, 0));
        assert_eq!(bar_extent(&points, 0.5, 1), (0, 5_000));
    }

    #[test]
    fn an_empty_chart_still_draws() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (320, 200)).into_drawing_area();
            draw(&area, &spec(Vec::new()), Theme::DARK).expect("draws");
        }
        assert!(svg.contains("<svg"));
    }

    #[test]
    fn hover_maths() {
        assert_eq!(time_at(74.0, 1106.0, 0, 1000), Some(0));
        assert_eq!(time_at(574.0, 1106.0, 0, 1000), Some(500));
        assert_eq!(time_at(10.0, 1106.0, 0, 1000), None);
        let line = ChartLine {
            label: "a".into(),
            points: vec![(0, 1.0), (100, 2.0)],
            color: 0,
            dashed: false,
        };
        assert_eq!(nearest(&[line], 70), vec![("a".to_owned(), 100, 2.0)]);
    }

    #[test]
    fn clock_labels() {
        assert_eq!(clock(3_661_000, 0, true), "01:01:01");
        assert_eq!(clock(3_661_000, -120, false), "23:01");
    }
}
