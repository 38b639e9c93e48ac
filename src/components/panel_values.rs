//! A board panel's values as Grafana's stat, gauge and bar gauge panels draw them: the
//! values `board/shown_values.rs` works out (reduced, written, coloured), each sized to
//! fit its box.
//! Everything is SVG, scaled by its `viewBox`: the value's text shrinks to fit a small
//! panel instead of being cut off, and the page's CSP (no inline styles) holds.

use yew::prelude::*;

use crate::{
    analysis::chart_line::ChartLine,
    board::{
        display::{css_color, BarMode, Orientation, PanelDisplay, StatColor},
        model::{Panel, PanelKind},
        shown_values::{range, shown_values, ShownValue},
    },
    components::series_style::js_regex_matches,
};

/// Text that fills its box without being cut off: an SVG whose `viewBox` is as wide as the
/// text needs, scaled to fit the space it is given.
fn fitted_text(text: &str, color: &str, class: &'static str) -> Html {
    // 0.6 em per character covers digits and units in the page's sans-serif font.
    let width = (text.chars().count() as f64 * 48.0 + 16.0).max(64.0);
    html! {
        <svg class={classes!("fit", class)} viewBox={format!("0 0 {width} 100")}
            preserveAspectRatio="xMidYMid meet" role="img" aria-label={text.to_owned()}>
            <text x={(width / 2.0).to_string()} y="54" text-anchor="middle" dominant-baseline="middle"
                font-size="80" font-weight="500" fill={color.to_owned()}>{ text }</text>
        </svg>
    }
}

/// The CSS class of a layout of several values.
fn layout_class(orientation: Orientation) -> &'static str {
    match orientation {
        Orientation::Horizontal => "values-stacked",
        Orientation::Vertical => "values-across",
        Orientation::Auto => "values-auto",
    }
}

/// What a stat, gauge or bar gauge panel shows for `lines`.
pub fn panel_values(panel: &Panel, lines: &[ChartLine], dark: bool) -> Html {
    let values = shown_values(panel, lines, dark, js_regex_matches);
    let labelled = values.len() > 1 && !panel.display.value_only;
    let display = &panel.display;
    match panel.kind {
        PanelKind::Gauge => {
            let (min, max) = range(display, lines);
            html! {
                <div class={classes!("panel-values", layout_class(display.orientation))}>
                    { for values.iter().take(24).map(|v| gauge(v, display, (min, max), labelled, dark)) }
                </div>
            }
        }
        PanelKind::BarGauge => {
            let (min, max) = range(display, lines);
            let vertical = display.orientation == Orientation::Vertical;
            html! {
                <div class={classes!("bar-gauges", vertical.then_some("bars-upright"))}>
                    { for values.iter().take(48).map(|v| bar(v, display, (min, max), labelled, dark)) }
                </div>
            }
        }
        _ => html! {
            <div class={classes!("panel-values", layout_class(display.orientation))}>
                { for values.iter().take(24).map(|v| stat(v, display, labelled)) }
            </div>
        },
    }
}

/// One stat: its value (and name), its sparkline, its colour.
fn stat(value: &ShownValue, display: &PanelDisplay, labelled: bool) -> Html {
    let background = display.stat_color == StatColor::Background;
    let text_color = match display.stat_color {
        StatColor::Value => value.color.clone(),
        StatColor::Background => "#ffffff".to_owned(),
        StatColor::None => "currentColor".to_owned(),
    };
    html! {
        <div class={classes!("stat-item", background.then_some("stat-filled"))} data-value={value.text.clone()}>
            if background {
                <svg class="stat-background" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
                    <rect width="1" height="1" fill={value.color.clone()} />
                </svg>
            }
            if display.sparkline {
                { sparkline(&value.points, if background { "#ffffff" } else { &value.color }) }
            }
            if labelled {
                <span class="stat-name">{ value.label.clone() }</span>
            }
            { fitted_text(&value.text, &text_color, "stat-text") }
        </div>
    }
}

/// A series drawn small, filled below, behind a stat's value.
fn sparkline(points: &[(i64, f64)], color: &str) -> Html {
    let finite: Vec<(i64, f64)> = points.iter().copied().filter(|p| p.1.is_finite()).collect();
    let (Some(first), Some(last)) = (finite.first(), finite.last()) else {
        return html! {};
    };
    let (t0, t1) = (first.0, last.0.max(first.0 + 1));
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |t: i64| (t - t0) as f64 / (t1 - t0) as f64 * 100.0;
    let y = |v: f64| 100.0 - (v - lo) / span * 90.0;
    let line: Vec<String> = finite
        .iter()
        .map(|&(t, v)| format!("{:.2},{:.2}", x(t), y(v)))
        .collect();
    let area = format!("0,100 {} 100,100", line.join(" "));
    html! {
        <svg class="sparkline" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
            <polygon points={area} fill={color.to_owned()} fill-opacity="0.2" />
            <polyline points={line.join(" ")} fill="none" stroke={color.to_owned()} stroke-width="1.5"
                vector-effect="non-scaling-stroke" />
        </svg>
    }
}

/// A point at `angle` degrees (clockwise from three o'clock) on a circle.
fn on_circle(cx: f64, cy: f64, r: f64, angle: f64) -> (f64, f64) {
    let rad = angle.to_radians();
    (cx + r * rad.cos(), cy + r * rad.sin())
}

/// An SVG arc path from `from` to `to` degrees.
fn arc(cx: f64, cy: f64, r: f64, from: f64, to: f64) -> String {
    let (x0, y0) = on_circle(cx, cy, r, from);
    let (x1, y1) = on_circle(cx, cy, r, to);
    let large = u8::from(to - from > 180.0);
    format!("M {x0:.2} {y0:.2} A {r} {r} 0 {large} 1 {x1:.2} {y1:.2}")
}

/// Where a gauge's arc starts and how far it sweeps, in degrees.
const GAUGE_START: f64 = 150.0;
const GAUGE_SWEEP: f64 = 240.0;

/// One gauge: an arc filled to the value in its colour, the thresholds as a thin band
/// around it, and the value in the middle.
fn gauge(
    value: &ShownValue,
    display: &PanelDisplay,
    (min, max): (f64, f64),
    labelled: bool,
    dark: bool,
) -> Html {
    let (cx, cy, r) = (100.0, 100.0, 78.0);
    let share = share_of(value.value, min, max);
    let end = GAUGE_START + GAUGE_SWEEP * share;
    let track = if dark { "#2c3235" } else { "#e4e7ea" };
    let markers = if display.threshold_markers {
        let starts = display.thresholds.starts(min, max);
        starts
            .iter()
            .enumerate()
            .map(|(i, &(start, color))| {
                let stop = starts.get(i + 1).map_or(max, |next| next.0);
                let from = GAUGE_START + GAUGE_SWEEP * (start - min) / (max - min);
                let to = GAUGE_START + GAUGE_SWEEP * (stop - min) / (max - min);
                if to - from < 0.1 {
                    return html! {};
                }
                html! { <path d={arc(cx, cy, r + 13.0, from, to)} stroke={css_color(color, dark)} stroke-width="5" fill="none" /> }
            })
            .collect::<Html>()
    } else {
        html! {}
    };
    let chars = value.text.chars().count().max(3) as f64;
    let font = (95.0 / (chars * 0.6)).min(34.0);
    html! {
        <div class="gauge-item" data-value={value.text.clone()}>
            <svg class="gauge-dial" viewBox="0 0 200 160" preserveAspectRatio="xMidYMid meet" role="img"
                aria-label={value.text.clone()}>
                { markers }
                <path d={arc(cx, cy, r, GAUGE_START, GAUGE_START + GAUGE_SWEEP)} stroke={track} stroke-width="16" fill="none" />
                if share > 0.0 {
                    <path d={arc(cx, cy, r, GAUGE_START, end.max(GAUGE_START + 0.5))} stroke={value.color.clone()} stroke-width="16" fill="none" />
                }
                <text x={cx.to_string()} y={(cy + 4.0).to_string()} text-anchor="middle" dominant-baseline="middle"
                    font-size={format!("{font:.1}")} font-weight="500" fill={value.color.clone()}>{ value.text.clone() }</text>
                if labelled {
                    <text x={cx.to_string()} y="150" text-anchor="middle" font-size="14" fill="currentColor">{ value.label.clone() }</text>
                }
            </svg>
        </div>
    }
}

/// One bar of a bar gauge: its name (when several), the bar filled to the value, the value.
/// A table's gauge cell is one too.
pub fn bar(
    value: &ShownValue,
    display: &PanelDisplay,
    (min, max): (f64, f64),
    labelled: bool,
    dark: bool,
) -> Html {
    let share = share_of(value.value, min, max);
    let track = if dark { "#2c3235" } else { "#e4e7ea" };
    let vertical = display.orientation == Orientation::Vertical;
    // Upright bars fill from the bottom: the same drawing, turned.
    let transform = vertical.then_some("rotate(-90 50 50)");
    let filled = match display.bar_mode {
        BarMode::Basic => html! {
            <rect width={format!("{:.2}", share * 100.0)} height="100" fill={value.color.clone()} />
        },
        BarMode::Gradient => {
            let id = format!("bar-gradient-{}", gradient_id(&value.label, &value.color));
            let stops = display.thresholds.starts(min, max);
            html! {
                <>
                    <defs>
                        <linearGradient id={id.clone()} x1="0" x2="1" y1="0" y2="0">
                            { for stops.iter().map(|&(start, color)| html! {
                                <stop offset={format!("{:.3}", (start - min) / (max - min))} stop-color={css_color(color, dark)} />
                            }) }
                        </linearGradient>
                    </defs>
                    <rect width={format!("{:.2}", share * 100.0)} height="100" fill={format!("url(#{id})")} />
                </>
            }
        }
        BarMode::Lcd => {
            const CELLS: usize = 20;
            html! {
                { for (0..CELLS).map(|cell| {
                    let start = cell as f64 / CELLS as f64;
                    let lit = start < share;
                    let at = min + (max - min) * (start + 0.5 / CELLS as f64);
                    let color = display.thresholds.step_for(at, min, max)
                        .map_or_else(|| value.color.clone(), |s| css_color(&s.color, dark));
                    html! {
                        <rect x={format!("{:.2}", start * 100.0 + 0.4)} width={format!("{:.2}", 100.0 / CELLS as f64 - 0.8)}
                            height="100" fill={color} fill-opacity={if lit { "1" } else { "0.18" }} />
                    }
                }) }
            }
        }
    };
    html! {
        <div class="bar-gauge" data-value={value.text.clone()}>
            if labelled {
                <span class="bar-name">{ value.label.clone() }</span>
            }
            <svg class="bar" viewBox="0 0 100 100" preserveAspectRatio="none" role="img"
                aria-label={format!("{}: {}", value.label, value.text)}>
                <g transform={transform}>
                    <rect width="100" height="100" fill={track} />
                    { filled }
                </g>
            </svg>
            { fitted_text(&value.text, &value.color, "bar-value") }
        </div>
    }
}

/// How far `value` is from `min` to `max`, 0–1 (0 for no value, or NaN).
fn share_of(value: Option<f64>, min: f64, max: f64) -> f64 {
    value
        .filter(|v| v.is_finite())
        .map_or(0.0, |v| ((v - min) / (max - min)).clamp(0.0, 1.0))
}

/// A short id for a gradient, from what makes it differ.
fn gradient_id(label: &str, color: &str) -> String {
    let hash = label
        .bytes()
        .chain(color.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    format!("{hash:x}")
}
