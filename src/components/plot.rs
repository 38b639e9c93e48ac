//! Painting on a canvas: the line chart (decimated to the canvas width) and the histogram
//! heatmap, in the theme the page shows, and what was drawn for hover and zoom.

use std::{
    cell::{Cell, RefCell},
    collections::BTreeSet,
    rc::Rc,
};

use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{closure::Closure, JsCast as _};
use web_sys::{Element, HtmlCanvasElement, ResizeObserver};
use yew::prelude::*;

use crate::{
    analysis::chart_line::ChartLine,
    analysis::decimate::{columns_for, min_max, plot_pixels},
    analysis::heatmap::Heatmap,
    app::state::ThemeChoice,
    components::fetch_panel::utc_offset_minutes,
    draw::chart::{
        clock, draw, extent, has_right_axis, nearest, time_at, Bounds, ChartSpec, LineStyle, Theme,
        RIGHT_AXIS_EXTRA,
    },
    draw::heatmap_chart::draw_heatmap,
    model::units::Unit,
    model::value_format::format_value,
};

/// The chart colours for the theme the page shows.
pub fn theme(choice: ThemeChoice) -> Theme {
    if is_dark(choice) {
        Theme::DARK
    } else {
        Theme::LIGHT
    }
}

/// Whether `choice` shows the dark theme (for `System`, as the browser prefers).
pub fn is_dark(choice: ThemeChoice) -> bool {
    match choice {
        ThemeChoice::Dark => true,
        ThemeChoice::Light => false,
        ThemeChoice::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// A canvas being watched for its size: the observer, its callback and the canvas.
type SizeWatch = (ResizeObserver, Closure<dyn Fn(js_sys::Array)>, Element);

/// Reports the plotting area's width of the chart on `canvas` (see [`plot_pixels`]) to
/// `report` whenever the canvas's width changes, so the page asks for as many points as it
/// can draw. The browser measures it (a `ResizeObserver`, once when the canvas appears and
/// again on each resize), so no render forces a layout to read it. With no `report`,
/// nothing is watched.
#[hook]
pub fn use_plot_width(canvas: &NodeRef, report: Option<Callback<u32>>) {
    let watch = use_mut_ref(|| None::<SizeWatch>);
    // The latest callback, for the observer set up in an earlier render.
    let latest = use_mut_ref(|| None::<Callback<u32>>);
    latest.replace(report.clone());
    {
        let watch = watch.clone();
        use_effect_with((), move |()| {
            move || {
                if let Some((observer, ..)) = watch.take() {
                    observer.disconnect();
                }
            }
        });
    }
    let canvas = canvas.clone();
    use_effect(move || {
        let element = report.and_then(|_| canvas.cast::<Element>());
        let watched = watch.borrow().as_ref().map(|(_, _, e)| e.clone());
        if watched == element {
            return;
        }
        if let Some((observer, ..)) = watch.take() {
            observer.disconnect();
        }
        if let Some(element) = element {
            watch.replace(watch_width(element, latest));
        }
    });
}

/// Observes `element`'s size and hands its plotting area's width, when it changed, to the
/// callback in `report`.
fn watch_width(element: Element, report: Rc<RefCell<Option<Callback<u32>>>>) -> Option<SizeWatch> {
    let measured = element.clone();
    let last = Cell::new(None::<u32>);
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |_: js_sys::Array| {
        let pixels = plot_pixels(measured.client_width());
        if last.replace(Some(pixels)) != Some(pixels) {
            if let Some(report) = &*report.borrow() {
                report.emit(pixels);
            }
        }
    });
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, callback, element))
}

/// What the last drawing showed, for the hover read-out and drag-to-zoom.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// Start of the time axis, ms since the epoch.
    pub start: i64,
    /// End of the time axis.
    pub end: i64,
    /// The canvas width in pixels.
    pub width: f64,
    /// The lines as drawn (decimated).
    pub lines: Vec<ChartLine>,
    /// For a board panel: each line's Grafana unit (an override's, else the panel's), and
    /// the panel's decimals, for the read-out to write each value in its own unit.
    pub grafana: Option<(Vec<Option<String>>, Option<i32>)>,
}

/// The read-out at `x` pixels on what was drawn: the time, then up to `rows` lines' values
/// there, largest first, each in its line's Grafana unit on a board panel (a second unit
/// on a right axis too), else in `unit`; `None` off the plot.
pub fn read_out(drawn: &Drawn, x: f64, unit: Unit, rate: bool, rows: usize) -> Option<Vec<String>> {
    let t = time_at(x, drawn.width, drawn.start, drawn.end)?;
    let mut values: Vec<(String, f64, String)> = drawn
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let (label, _, v) = nearest(std::slice::from_ref(line), t).pop()?;
            let text = match &drawn.grafana {
                Some((units, decimals)) => {
                    let line_unit = units.get(i).cloned().flatten();
                    format_value(line_unit.as_deref(), v, *decimals).to_string()
                }
                None => unit.format(v, rate),
            };
            Some((label, v, text))
        })
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut text = vec![clock(t, utc_offset_minutes(), true)];
    text.extend(
        values
            .iter()
            .take(rows)
            .map(|(label, _, shown)| format!("{label}: {shown}")),
    );
    Some(text)
}

/// What a line chart shows.
#[derive(Debug, Clone, Default)]
pub struct LinePlot {
    /// The unit of the values.
    pub unit: Unit,
    /// Whether the values are per-second rates.
    pub rate: bool,
    /// The lines.
    pub lines: Vec<ChartLine>,
    /// The time range to show, or `None` for all the points.
    pub range: Option<(i64, i64)>,
    /// How each line is drawn (a board panel's field config), by index.
    pub styles: Vec<LineStyle>,
    /// The value axis in a Grafana unit and decimals, for a board panel.
    pub grafana_unit: Option<(Option<String>, Option<i32>)>,
    /// The value axis's fixed or soft ends.
    pub bounds: Bounds,
}

/// The time window a drag across `drawn` from `from` to `to` (pixels) picks, or `None` for
/// a click (a move of 5 pixels or less).
pub fn dragged_window(drawn: &Drawn, from: f64, to: f64) -> Option<(i64, i64)> {
    if (to - from).abs() <= 5.0 {
        return None;
    }
    let a = crate::draw::chart::time_at(from.min(to), drawn.width, drawn.start, drawn.end)?;
    let b = crate::draw::chart::time_at(from.max(to), drawn.width, drawn.start, drawn.end)?;
    Some((a, b))
}

/// Gives `canvas` a bitmap `width` pixels wide, touching the element only when that
/// changes: each write would make the next canvas's width read lay the page out again,
/// once per panel of a board. (The charts fill their background, so an old bitmap is
/// painted over.)
fn resize(canvas: &HtmlCanvasElement, width: u32) {
    if canvas.width() != width {
        canvas.set_width(width);
    }
}

/// Marks `canvas` as drawn (`data-drawn`, which the tests and benchmarks wait for), once.
pub fn mark_drawn(canvas: &Element) {
    if !canvas.has_attribute("data-drawn") {
        let _ = canvas.set_attribute("data-drawn", "true");
    }
}

/// A canvas waiting for the next frame, and what paints it at its measured width.
type FramePaint = (HtmlCanvasElement, Box<dyn FnOnce(u32)>);

thread_local! {
    /// The paints waiting for the next animation frame, and whether one is requested.
    static NEXT_FRAME: RefCell<(Vec<FramePaint>, bool)> = const { RefCell::new((Vec::new(), false)) };
}

/// How much of a frame painting may take before the rest waits for the next frame: a
/// board's many charts then never make one long task (over 50 ms) that keeps the page from
/// answering a click or a key.
const FRAME_BUDGET_MS: f64 = 12.0;

/// Paints `canvas` in the next animation frame with `paint`, given its width. A board's
/// answers come one by one; painting each panel as its answer lands would read a canvas's
/// width right after the page changed, laying the page out once per panel. In the frame,
/// every waiting canvas is measured first (one layout) and then painted, until the frame's
/// budget is spent; what is left paints in the frames after.
pub fn paint_in_next_frame(canvas: &HtmlCanvasElement, paint: impl FnOnce(u32) + 'static) {
    let request = NEXT_FRAME.with(|next| {
        let mut next = next.borrow_mut();
        next.0.push((canvas.clone(), Box::new(paint)));
        !std::mem::replace(&mut next.1, true)
    });
    if request {
        request_frame();
    }
}

/// Asks the browser for the next animation frame, to paint what waits for it.
fn request_frame() {
    let frame = Closure::once_into_js(paint_waiting);
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }
}

/// Paints the waiting canvases, oldest first, until the frame's budget is spent (at least
/// one), and hands the rest to the next frame ahead of anything asked meanwhile.
fn paint_waiting() {
    let paints = NEXT_FRAME.with(|next| {
        let mut next = next.borrow_mut();
        next.1 = false;
        std::mem::take(&mut next.0)
    });
    let widths: Vec<u32> = paints
        .iter()
        .map(|(canvas, _)| canvas.client_width().max(320) as u32)
        .collect();
    let started = js_sys::Date::now();
    let mut waiting = paints.into_iter().zip(widths);
    for ((_, paint), width) in waiting.by_ref() {
        paint(width);
        if js_sys::Date::now() - started >= FRAME_BUDGET_MS {
            break;
        }
    }
    let left: Vec<FramePaint> = waiting.map(|(paint, _)| paint).collect();
    if left.is_empty() {
        return;
    }
    let request = NEXT_FRAME.with(|next| {
        let mut next = next.borrow_mut();
        let asked_meanwhile = std::mem::replace(&mut next.0, left);
        next.0.extend(asked_meanwhile);
        !std::mem::replace(&mut next.1, true)
    });
    if request {
        request_frame();
    }
}

/// Paints `plot` on `canvas` at its current width, leaving out the `hidden` legends.
pub fn paint_lines(
    canvas: &HtmlCanvasElement,
    plot: LinePlot,
    hidden: &BTreeSet<String>,
    theme: Theme,
) -> Option<Drawn> {
    let width = canvas.client_width().max(320) as u32;
    paint_lines_at(canvas, width, plot, hidden, theme)
}

/// Paints `plot` on `canvas`, `width` pixels wide, leaving out the `hidden` legends.
pub fn paint_lines_at(
    canvas: &HtmlCanvasElement,
    width: u32,
    plot: LinePlot,
    hidden: &BTreeSet<String>,
    theme: Theme,
) -> Option<Drawn> {
    resize(canvas, width);
    let (visible, styles): (Vec<ChartLine>, Vec<LineStyle>) = plot
        .lines
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !hidden.contains(&l.label))
        .map(|(i, l)| (l, plot.styles.get(i).cloned().unwrap_or_default()))
        .unzip();
    let (start, end) = plot.range.unwrap_or_else(|| extent(&visible));
    let columns = columns_for(f64::from(width));
    let decimated: Vec<ChartLine> = visible
        .into_iter()
        .map(|l| ChartLine {
            points: min_max(&l.points, start, end, columns),
            ..l
        })
        .collect();
    let spec = ChartSpec {
        unit: plot.unit,
        rate: plot.rate,
        start,
        end,
        utc_offset_minutes: utc_offset_minutes(),
        lines: decimated,
        styles,
        grafana_unit: plot.grafana_unit,
        bounds: plot.bounds,
    };
    // An axis on the right narrows the plot: the read-out and drag maths take a chart
    // as much narrower (the plot's right edge is then where it would be).
    let narrower = if has_right_axis(&spec) {
        RIGHT_AXIS_EXTRA
    } else {
        0.0
    };
    let grafana = spec.grafana_unit.as_ref().map(|(panel_unit, decimals)| {
        let units = spec
            .styles
            .iter()
            .map(|style| style.unit.clone().or_else(|| panel_unit.clone()))
            .collect();
        (units, *decimals)
    });
    let drawn = Drawn {
        start,
        end,
        width: f64::from(width) - narrower,
        lines: spec.lines.clone(),
        grafana,
    };
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    if let Err(e) = draw(&backend.into_drawing_area(), &spec, theme) {
        web_sys::console::error_1(&format!("chart: {e}").into());
    }
    Some(drawn)
}

/// Paints a heatmap on `canvas` at its current width.
pub fn paint_heatmap(canvas: &HtmlCanvasElement, map: &Heatmap, unit: Unit, theme: Theme) {
    let width = canvas.client_width().max(320) as u32;
    paint_heatmap_at(canvas, width, map, unit, theme);
}

/// Paints a heatmap on `canvas`, `width` pixels wide.
pub fn paint_heatmap_at(
    canvas: &HtmlCanvasElement,
    width: u32,
    map: &Heatmap,
    unit: Unit,
    theme: Theme,
) {
    resize(canvas, width);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    if let Err(e) = draw_heatmap(
        &backend.into_drawing_area(),
        map,
        unit,
        utc_offset_minutes(),
        theme,
    ) {
        web_sys::console::error_1(&format!("heatmap: {e}").into());
    }
}
