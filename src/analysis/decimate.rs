//! Decimation to the canvas width: at most a minimum and a maximum point per pixel column,
//! so drawing cost follows pixels, not points, and no spike is lost.

use crate::model::point::Point;

/// Left edge of the plotting area in pixels: the margin plus the value-axis labels.
pub const PLOT_LEFT: f64 = 74.0;
/// Right margin in pixels: room for half of the last time label ("00:00:00" is about 50 px
/// wide at 12 px), which is centred on its tick and may sit at the right edge.
pub const PLOT_RIGHT_MARGIN: f64 = 32.0;

/// The width of a chart's canvas before it is on the page to be measured.
const DEFAULT_CANVAS_WIDTH: i32 = 960;

/// The plotting area's width in pixels on a canvas `canvas_width` pixels wide (taken as at
/// least 320), for choosing a query step and decimating to it.
pub fn plot_pixels(canvas_width: i32) -> u32 {
    (f64::from(canvas_width.max(320)) - PLOT_LEFT - PLOT_RIGHT_MARGIN).max(100.0) as u32
}

/// The plotting area in pixels as a canvas `measured` it, or as a default-sized chart has
/// it before its canvas is on the page.
pub fn measured_or_default(measured: Option<u32>) -> u32 {
    measured.unwrap_or_else(|| plot_pixels(DEFAULT_CANVAS_WIDTH))
}

/// Pixels per decimation column: two keeps every spike visible while halving the points a
/// dense chart sends to the canvas.
pub const PIXELS_PER_COLUMN: f64 = 2.0;

/// How many columns to decimate to for a canvas `width` pixels wide.
pub fn columns_for(width: f64) -> usize {
    ((width - PLOT_LEFT - PLOT_RIGHT_MARGIN) / PIXELS_PER_COLUMN).max(1.0) as usize
}

/// Keeps, for each of `columns` equal slices of `[start, end]`, the lowest and highest
/// point (in time order). Points outside the range are dropped; NaN values are skipped.
pub fn min_max(points: &[Point], start: i64, end: i64, columns: usize) -> Vec<Point> {
    if columns == 0 || end <= start {
        return Vec::new();
    }
    let span = (end - start) as f64;
    let mut out = Vec::with_capacity(columns.min(points.len()) * 2);
    let mut column: Option<usize> = None;
    let mut low: Point = (0, f64::INFINITY);
    let mut high: Point = (0, f64::NEG_INFINITY);
    let flush = |out: &mut Vec<Point>, low: Point, high: Point| {
        if low.1.is_finite() || high.1.is_finite() {
            if low.0 == high.0 {
                out.push(low);
            } else if low.0 < high.0 {
                out.push(low);
                out.push(high);
            } else {
                out.push(high);
                out.push(low);
            }
        }
    };
    for &(t, v) in points {
        if t < start || t > end || v.is_nan() {
            continue;
        }
        let c = (((t - start) as f64 / span) * columns as f64) as usize;
        let c = c.min(columns - 1);
        if column != Some(c) {
            if column.is_some() {
                flush(&mut out, low, high);
            }
            column = Some(c);
            low = (t, f64::INFINITY);
            high = (t, f64::NEG_INFINITY);
        }
        if v < low.1 {
            low = (t, v);
        }
        if v > high.1 {
            high = (t, v);
        }
    }
    if column.is_some() {
        flush(&mut out, low, high);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plotting_area_is_the_canvas_less_its_margins() {
        assert_eq!(plot_pixels(960), 854);
        assert_eq!(plot_pixels(1200), 1094);
        // A canvas is taken as at least 320 pixels wide.
        assert_eq!(plot_pixels(100), 214);
        assert_eq!(measured_or_default(None), 854);
        assert_eq!(measured_or_default(Some(500)), 500);
    }

    #[test]
    fn keeps_extremes_per_column() {
        let points: Vec<Point> = (0..1000)
            .map(|i| (i, if i == 500 { 99.0 } else { (i % 7) as f64 }))
            .collect();
        let out = min_max(&points, 0, 999, 10);
        assert!(out.len() <= 20, "{} points", out.len());
        assert!(
            out.iter().any(|&(t, v)| t == 500 && v == 99.0),
            "the spike survives"
        );
        assert!(out.windows(2).all(|w| w[0].0 <= w[1].0), "time order kept");
    }

    #[test]
    fn columns_follow_the_width() {
        assert_eq!(columns_for(1106.0), 500);
        assert_eq!(columns_for(10.0), 1);
    }

    #[test]
    fn few_points_pass_through() {
        let points = [(0, 1.0), (50, 2.0), (100, 3.0)];
        assert_eq!(min_max(&points, 0, 100, 800), points.to_vec());
        assert!(min_max(&points, 0, 0, 800).is_empty());
        assert!(min_max(&[(0, f64::NAN)], 0, 10, 10).is_empty());
    }
}
