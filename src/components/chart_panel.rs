//! The chart of the selected family, drawn with plotters on a canvas in an effect keyed on
//! what it shows, with a clickable legend and the counter rate/raw toggle.

use std::collections::HashSet;

use plotters::prelude::IntoDrawingArea as _;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast as _;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::{
    chart::{clock, draw, nearest, time_at, ChartLine, ChartSpec, Theme, PALETTE},
    chart_data::{label_choices, lines, TOP_LINES},
    components::{app::AppContext, fetch_panel::utc_offset_minutes},
    credentials::encode_component,
    decimate::{columns_for, min_max},
    export::family_csv,
    metric_kind::MetricKind,
    series_store::Family,
    state::{Action, ThemeChoice},
    units::Unit,
};

/// Whether the chart should use dark colours.
fn dark(choice: ThemeChoice) -> bool {
    match choice {
        ThemeChoice::Dark => true,
        ThemeChoice::Light => false,
        ThemeChoice::System => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches()),
    }
}

/// The chart panel.
#[component]
pub fn ChartPanel() -> Html {
    let state = use_context::<AppContext>();
    let canvas = use_node_ref();
    let show_all = use_state(|| false);
    let hidden = use_state(HashSet::<String>::new);
    let drawn = use_mut_ref(Drawn::default);
    let drag_from = use_mut_ref(|| None::<f64>);
    let hover = use_state(|| None::<(f64, Vec<String>)>);
    let Some(state) = state else {
        return html! {};
    };
    let selected = state.selected.clone();

    let prepared = {
        let store = state.store.0.borrow();
        selected
            .as_deref()
            .and_then(|name| store.family(name).cloned())
            .map(|family| {
                let (lines, total) = lines(
                    &store,
                    &family,
                    state.raw_counters,
                    *show_all,
                    &state.filters,
                );
                let choices = label_choices(&store, &family);
                (family, lines, total, choices)
            })
    };

    {
        let canvas = canvas.clone();
        let prepared = prepared.clone();
        let hidden = (*hidden).clone();
        let raw = state.raw_counters;
        let theme = state.theme;
        let zoom_range = state.window;
        let drawn = drawn.clone();
        use_effect_with(
            (
                state.store_version,
                selected.clone(),
                state.filters.clone(),
                state.window,
                raw,
                *show_all,
                hidden.clone(),
                theme,
            ),
            move |_| {
                if let (Some(element), Some((family, lines, _, _))) =
                    (canvas.cast::<HtmlCanvasElement>(), prepared)
                {
                    let look = if dark(theme) {
                        Theme::DARK
                    } else {
                        Theme::LIGHT
                    };
                    if let Some(now) =
                        render(&element, &family, raw, lines, &hidden, look, zoom_range)
                    {
                        *drawn.borrow_mut() = now;
                    }
                }
                || ()
            },
        );
    }

    let Some((family, lines, total, choices)) = prepared else {
        return html! {
            <section class="panel chart" aria-label="Chart">
                <p class="status">{ "Pick a metric to chart it." }</p>
            </section>
        };
    };
    let counter = family.kind == MetricKind::Counter;
    let on_raw = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::SetRawCounters(!state.raw_counters))
        })
    };
    let on_move = {
        let drawn = drawn.clone();
        let hover = hover.clone();
        let unit = Unit::of(&family.name, family.unit.as_deref());
        let rate = family.kind == MetricKind::Counter && !state.raw_counters;
        Callback::from(move |e: MouseEvent| {
            let now = drawn.borrow();
            let x = f64::from(e.offset_x());
            let Some(t) = time_at(x, now.width, now.start, now.end) else {
                hover.set(None);
                return;
            };
            let mut rows = nearest(&now.lines, t);
            rows.sort_by(|a, b| b.2.total_cmp(&a.2));
            let mut text = vec![clock(t, utc_offset_minutes(), true)];
            text.extend(
                rows.iter()
                    .take(8)
                    .map(|(label, _, v)| format!("{label}: {}", unit.format(*v, rate))),
            );
            hover.set(Some((x, text)));
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let on_down = {
        let drag_from = drag_from.clone();
        Callback::from(move |e: MouseEvent| *drag_from.borrow_mut() = Some(f64::from(e.offset_x())))
    };
    let on_up = {
        let drag_from = drag_from.clone();
        let drawn = drawn.clone();
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(from) = drag_from.borrow_mut().take() else {
                return;
            };
            let to = f64::from(e.offset_x());
            let now = drawn.borrow();
            if (to - from).abs() > 5.0 {
                let a = time_at(from.min(to), now.width, now.start, now.end);
                let b = time_at(from.max(to), now.width, now.start, now.end);
                if let (Some(a), Some(b)) = (a, b) {
                    state.dispatch(Action::Zoom(Some((a, b))));
                }
            }
        })
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Zoom(None)))
    };
    let on_csv = {
        let state = state.clone();
        let name = family.name.clone();
        Callback::from(move |_: MouseEvent| {
            let store = state.store.0.borrow();
            if let Some(family) = store.family(&name) {
                let csv = family_csv(&store, family);
                download(
                    &format!("data:text/csv;charset=utf-8,{}", encode_component(&csv)),
                    &format!("{name}.csv"),
                );
            }
        })
    };
    let on_png = {
        let canvas = canvas.clone();
        let name = family.name.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(url) = canvas
                .cast::<HtmlCanvasElement>()
                .and_then(|c| c.to_data_url().ok())
            {
                download(&url, &format!("{name}.png"));
            }
        })
    };
    let on_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let what = match family.kind {
        MetricKind::Counter if !state.raw_counters => "per-second rate",
        MetricKind::Histogram => "p50, p90 and p99 estimated from the buckets",
        _ => "value",
    };
    html! {
        <section class="panel chart" aria-labelledby="chart-title">
            <div class="chart-head">
                <h2 id="chart-title">{ family.name.clone() }</h2>
                <span class={classes!("kind", family.kind.as_str())}>{ family.kind.as_str() }</span>
                <span class="status">{ what }</span>
                if counter {
                    <button id="toggle-rate" type="button" class="secondary" onclick={on_raw}>
                        { if state.raw_counters { "Show rate" } else { "Show raw" } }
                    </button>
                }
                <button id="export-csv" type="button" class="secondary" onclick={on_csv}>{ "Export CSV" }</button>
                <button id="export-png" type="button" class="secondary" onclick={on_png}>{ "Export PNG" }</button>
            </div>
            if let Some(help) = &family.help {
                <p class="help">{ help.clone() }</p>
            }
            if !choices.is_empty() {
                <div class="filters">
                    { for choices.iter().map(|(label, values)| {
                        let id = format!("filter-{label}");
                        let current = state.filters.get(label).cloned().unwrap_or_default();
                        let onchange = {
                            let state = state.clone();
                            let label = label.clone();
                            Callback::from(move |e: Event| {
                                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                                let value = select.value();
                                state.dispatch(Action::SetFilter(label.clone(), (!value.is_empty()).then_some(value)));
                            })
                        };
                        html! {
                            <label class="filter" for={id.clone()}>
                                { label.clone() }
                                <select id={id} {onchange}>
                                    <option value="" selected={current.is_empty()}>{ "any" }</option>
                                    { for values.iter().map(|v| html! {
                                        <option value={v.clone()} selected={*v == current}>{ v.clone() }</option>
                                    }) }
                                </select>
                            </label>
                        }
                    }) }
                </div>
            }
            <div class="plot">
                <canvas id="chart" ref={canvas} width="960" height="360" role="img"
                    aria-label={format!("Chart of {}", family.name)}
                    onmousemove={on_move} onmouseleave={on_leave} onmousedown={on_down}
                    onmouseup={on_up} ondblclick={on_reset} />
                if let Some((x, rows)) = (*hover).clone() {
                    <div id="readout" class="readout" role="status" data-x={x.to_string()}>
                        { for rows.into_iter().map(|row| html! { <div>{ row }</div> }) }
                    </div>
                }
            </div>
            if state.window.is_some() {
                <p class="status">{ "Zoomed in: double-click the chart to reset." }</p>
            }
            <ul class="legend" id="legend">
                { for lines.iter().map(|line| {
                    let label = line.label.clone();
                    let off = hidden.contains(&label);
                    let swatch = format!("swatch c{}", line.color % PALETTE.len());
                    let onclick = {
                        let hidden = hidden.clone();
                        let label = label.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut next = (*hidden).clone();
                            if !next.remove(&label) {
                                next.insert(label.clone());
                            }
                            hidden.set(next);
                        })
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("legend-entry", off.then_some("off"))}
                                aria-pressed={(!off).to_string()} {onclick}>
                                <span class={swatch} />
                                { label }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if total > TOP_LINES {
                <button id="show-all" type="button" class="secondary" onclick={on_all}>
                    { if *show_all { format!("Show top {TOP_LINES}") } else { format!("Show all {total}") } }
                </button>
            }
        </section>
    }
}

/// Saves `href` (a data URL) as `file` through a temporary link.
fn download(href: &str, file: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("download", file);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}

fn render(
    canvas: &HtmlCanvasElement,
    family: &Family,
    raw: bool,
    lines: Vec<ChartLine>,
    hidden: &HashSet<String>,
    theme: Theme,
    zoom: Option<(i64, i64)>,
) -> Option<Drawn> {
    let width = canvas.client_width().max(320) as u32;
    canvas.set_width(width);
    let visible: Vec<ChartLine> = lines
        .into_iter()
        .filter(|l| !hidden.contains(&l.label))
        .collect();
    let start = visible
        .iter()
        .filter_map(|l| l.points.first())
        .map(|p| p.0)
        .min()
        .unwrap_or(0);
    let end = visible
        .iter()
        .filter_map(|l| l.points.last())
        .map(|p| p.0)
        .max()
        .unwrap_or(1);
    // Pad a single instant to a minute so the first poll shows as a point mid-chart.
    let (start, end) = match zoom {
        Some(range) => range,
        None if end - start < 1000 => (start - 30_000, end + 30_000),
        None => (start, end),
    };
    let columns = columns_for(f64::from(width));
    let decimated: Vec<ChartLine> = visible
        .into_iter()
        .map(|l| ChartLine {
            points: min_max(&l.points, start, end, columns),
            ..l
        })
        .collect();
    let drawn = Drawn {
        start,
        end,
        width: f64::from(width),
        lines: decimated.clone(),
    };
    let spec = ChartSpec {
        unit: Unit::of(&family.name, family.unit.as_deref()),
        rate: family.kind == MetricKind::Counter && !raw,
        start,
        end,
        utc_offset_minutes: utc_offset_minutes(),
        lines: decimated,
    };
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    if let Err(e) = draw(&backend.into_drawing_area(), &spec, theme) {
        web_sys::console::error_1(&format!("chart: {e}").into());
    }
    Some(drawn)
}

/// What the last drawing showed, for the hover read-out and drag-to-zoom.
#[derive(Debug, Clone, Default)]
struct Drawn {
    start: i64,
    end: i64,
    width: f64,
    lines: Vec<ChartLine>,
}
