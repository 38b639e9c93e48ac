//! A board panel's time series drawn as Grafana's field config says: each series' style
//! from the panel's `custom` settings and the overrides that match its name (a `byRegexp`
//! pattern runs as JavaScript runs it, as in Grafana), values below the axis for
//! `negative-Y`, stacked series added up, and colours from Grafana's palette.

use std::collections::BTreeMap;

use plotters::style::RGBColor;

use crate::{
    analysis::chart_line::ChartLine,
    board::display::{css_color, series_color, DrawStyle, PanelDisplay, SeriesStyle},
    draw::chart::LineStyle,
    worker::variable_regex::compile,
};

/// Whether the JavaScript regular expression `pattern` (`/…/flags`, or bare) matches `name`.
/// A pattern the browser cannot compile matches nothing.
pub fn js_regex_matches(pattern: &str, name: &str) -> bool {
    compile(pattern).is_ok_and(|regex| regex.test(name))
}

/// `lines` as the panel draws them, with their styles: negated for `negative-Y`, added
/// up where stacked (in the order given, per timestamp).
pub fn styled_lines(
    display: &PanelDisplay,
    lines: Vec<ChartLine>,
    dark: bool,
) -> (Vec<ChartLine>, Vec<LineStyle>) {
    let mut stacked: BTreeMap<i64, f64> = BTreeMap::new();
    let mut out = Vec::with_capacity(lines.len());
    let mut styles = Vec::with_capacity(lines.len());
    for mut line in lines {
        let style = display.style_for(&line.label, js_regex_matches);
        if style.negative_y == Some(true) {
            for point in &mut line.points {
                point.1 = -point.1;
            }
        }
        if style.stack == Some(true) {
            for point in &mut line.points {
                if point.1.is_finite() {
                    let below = stacked.entry(point.0).or_insert(0.0);
                    *below += point.1;
                    point.1 = *below;
                }
            }
        }
        styles.push(line_style(&style, line.color, dark));
        out.push(line);
    }
    (out, styles)
}

/// Each line's CSS colour, as the panel draws it: an override's, else Grafana's classic
/// palette by the line's place (green, yellow, blue, orange, red, …).
pub fn line_colors(display: &PanelDisplay, lines: &[ChartLine], dark: bool) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            display
                .style_for(&line.label, js_regex_matches)
                .color
                .map_or_else(|| series_color(line.color, dark), |c| css_color(&c, dark))
        })
        .collect()
}

/// A series style as the chart draws it; the `index`th line of the panel takes Grafana's
/// classic palette's colour unless an override fixes one.
fn line_style(style: &SeriesStyle, index: usize, dark: bool) -> LineStyle {
    let color = style
        .color
        .as_deref()
        .map_or_else(|| series_color(index, dark), |c| css_color(c, dark));
    LineStyle {
        fill: style.fill_opacity.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0,
        width: style.line_width.unwrap_or(1).min(10),
        bars: style.draw == Some(DrawStyle::Bars),
        points: style.draw == Some(DrawStyle::Points),
        color: rgb(&color),
    }
}

/// A CSS colour written `#rrggbb`, `#rgb` or `rgb(a)(r, g, b…)` as RGB.
pub fn rgb(css: &str) -> Option<RGBColor> {
    if let Some(hex) = css.strip_prefix('#') {
        let channel = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
        return match hex.len() {
            6 | 8 => Some(RGBColor(channel(0, 2)?, channel(2, 2)?, channel(4, 2)?)),
            3 => Some(RGBColor(
                channel(0, 1)? * 17,
                channel(1, 1)? * 17,
                channel(2, 1)? * 17,
            )),
            _ => None,
        };
    }
    let inner = css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let mut parts = inner.split(',').map(|p| p.trim().parse::<f64>().ok());
    let mut next = || parts.next().flatten().map(|v| v.clamp(0.0, 255.0) as u8);
    Some(RGBColor(next()?, next()?, next()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours_as_rgb() {
        assert_eq!(rgb("#73BF69"), Some(RGBColor(0x73, 0xbf, 0x69)));
        assert_eq!(rgb("#fff"), Some(RGBColor(255, 255, 255)));
        assert_eq!(rgb("rgba(50, 172, 45, 0.97)"), Some(RGBColor(50, 172, 45)));
        assert_eq!(rgb("purple"), None);
    }
}
