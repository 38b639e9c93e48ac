//! Draws a [`Heatmap`] with plotters: time across, one row per bucket bound, colour by the
//! log-scaled rate of observations in the cell.

use plotters::{coord::Shift, prelude::*, style::RGBColor};

use crate::{
    analysis::decimate::PLOT_RIGHT_MARGIN,
    analysis::heatmap::{intensity, Heatmap},
    draw::chart::{clock, Theme},
    model::units::Unit,
};

/// The colour of the busiest cell; fainter cells blend it into the background.
const HOT: RGBColor = RGBColor(230, 85, 13);

/// The colour of a cell of `value` on a map whose largest cell is `max`.
pub fn cell_colour(value: f64, max: f64, background: RGBColor) -> RGBColor {
    let share = intensity(value, max);
    let mix = |from: u8, to: u8| {
        (f64::from(from) + (f64::from(to) - f64::from(from)) * share).round() as u8
    };
    RGBColor(
        mix(background.0, HOT.0),
        mix(background.1, HOT.1),
        mix(background.2, HOT.2),
    )
}

/// The row label of bound `le`.
fn bound_label(le: f64, unit: Unit) -> String {
    if le == f64::INFINITY {
        "+Inf".to_owned()
    } else {
        format!("≤ {}", unit.format(le, false))
    }
}

/// Draws `map` on `area`, the bounds in `unit`.
///
/// # Errors
/// When the backend fails.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &Heatmap,
    unit: Unit,
    utc_offset_minutes: i32,
    theme: Theme,
) -> Result<(), String> {
    area.fill(&theme.background).map_err(|e| e.to_string())?;
    let rows = u32::try_from(map.bounds.len().max(1)).unwrap_or(u32::MAX);
    let end = map.end.max(map.start + 1);
    let text = ("sans-serif", 12).into_font().color(&theme.foreground);
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(PLOT_RIGHT_MARGIN as i32)
        .x_label_area_size(24)
        .y_label_area_size(64)
        .build_cartesian_2d(map.start..end, (0..rows).into_segmented())
        .map_err(|e| e.to_string())?;
    let with_seconds = end - map.start < 15 * 60 * 1000;
    let bounds = map.bounds.clone();
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(theme.foreground.mix(0.6))
        .label_style(text)
        .x_labels(6)
        .y_labels(rows.min(12) as usize)
        .x_label_formatter(&|t| clock(*t, utc_offset_minutes, with_seconds))
        .y_label_formatter(&|v| match v {
            // Each row is labelled at its middle with its upper bound.
            SegmentValue::CenterOf(row) => bounds
                .get(*row as usize)
                .map(|&le| bound_label(le, unit))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .draw()
        .map_err(|e| e.to_string())?;
    let width = (end - map.start) as f64 / map.columns as f64;
    let cells = (0..map.columns).flat_map(|column| {
        (0..map.bounds.len()).filter_map(move |row| {
            let value = map.cell(column, row)?;
            let x0 = map.start + (column as f64 * width) as i64;
            let x1 = map.start + ((column + 1) as f64 * width) as i64;
            let colour = cell_colour(value, map.max, theme.background);
            let row = u32::try_from(row).ok()?;
            Some(Rectangle::new(
                [
                    (x0, SegmentValue::Exact(row)),
                    (x1, SegmentValue::Exact(row + 1)),
                ],
                colour.filled(),
            ))
        })
    });
    chart.draw_series(cells).map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::analysis::heatmap::bin;

    #[test]
    fn draws_cells_and_bound_labels_to_svg() {
        let fast: Vec<(i64, f64)> = vec![(0, 1.0), (30_000, 2.0)];
        let all: Vec<(i64, f64)> = vec![(0, 4.0), (30_000, 2.0)];
        let map = bin(&[(0.1, &fast), (f64::INFINITY, &all)], 0, 60_000, 2);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
            draw_heatmap(&area, &map, Unit::Seconds, 0, Theme::LIGHT).expect("draws");
        }
        assert!(svg.contains("<rect"), "cells are drawn");
        assert!(svg.contains("+Inf"), "the top row is labelled");
        assert!(svg.contains("100 ms") || svg.contains("100ms"), "{svg}");
    }

    #[test]
    fn colours_fade_into_the_background() {
        let white = RGBColor(255, 255, 255);
        assert_eq!(cell_colour(0.0, 1.0, white), white);
        assert_eq!(cell_colour(1.0, 1.0, white), HOT);
    }
}
