//! The chart of the selected family, drawn with plotters on a canvas in an effect keyed on
//! what it shows: history and polls, a clickable legend, the counter rate/raw toggle, and
//! for histograms the bucket heatmap.

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::{
    analysis::chart_data::{LineSet, TOP_LINES},
    app::board_state::BoardAction,
    app::context::dispatching,
    app::context::{use_app, use_data_link},
    app::data_link::download,
    app::explore_state::ExploreAction,
    app::polling_state::FetchStatus,
    app::state::Action,
    board::pinning::family_panel,
    components::{
        fetch_panel::utc_offset_minutes,
        heatmap_panel::HeatmapPanel,
        label_filters::LabelFilters,
        legend::Legend,
        plot::{
            dragged_window, paint_lines, read_out, theme as chart_theme, use_plot_width, Drawn,
            LinePlot,
        },
        range_picker::RangePicker,
    },
    draw::chart::clock,
    draw::empty_chart::{family_gap, ChartSource},
    model::metric_kind::MetricKind,
    model::units::Unit,
    net::range_query::Range,
    worker::protocol::Command,
};

/// The chart panel.
#[component]
pub fn ChartPanel() -> Html {
    let state = use_app();
    let link = use_data_link();
    let canvas = use_node_ref();
    let drawn = use_mut_ref(Drawn::default);
    let drag_from = use_mut_ref(|| None::<f64>);
    let hover = use_state(|| None::<(f64, Vec<String>)>);
    use_plot_width(
        &canvas,
        Some(dispatching(&state, |v| {
            Action::Explore(ExploreAction::ChartWidth(v))
        })),
    );
    // The lines hidden belong to this view: the family and its filters.
    let view = state.explore.family_view();
    let hidden = state.explore.hidden_in(&view);

    // What the chart shows, as the store's worker worked it out.
    let shown = state.shown.clone();

    {
        let canvas = canvas.clone();
        let shown = shown.clone();
        let hidden = hidden.clone();
        let raw = state.explore.raw_counters;
        let theme = state.theme;
        let zoom_range = state.explore.window;
        let drawn = drawn.clone();
        // Keyed on the lines, not the whole view: the view that completes lines sent ahead
        // (with the table and heatmap) does not draw the chart again.
        let lines = shown
            .0
            .family
            .as_ref()
            .map(|f| (f.name.clone(), f.lines.clone(), shown.0.history));
        use_effect_with(
            (lines, state.explore.window, raw, hidden.clone(), theme),
            move |_| {
                if let (Some(element), Some(family)) =
                    (canvas.cast::<HtmlCanvasElement>(), shown.0.family.as_ref())
                {
                    let plot = LinePlot {
                        unit: Unit::of(&family.name, family.unit.as_deref()),
                        rate: family.kind == MetricKind::Counter && !raw,
                        lines: family.lines.lines.clone(),
                        range: zoom_range,
                        ..LinePlot::default()
                    };
                    if let Some(now) = paint_lines(&element, plot, &hidden, chart_theme(theme)) {
                        *drawn.borrow_mut() = now;
                    }
                    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                        // For the benchmarks: the moment a chart is on screen, and the
                        // moment one with history is.
                        let _ = performance.mark("fedview-chart-drawn");
                        if shown.0.history {
                            let _ = performance.mark("fedview-history-drawn");
                        }
                    }
                }
                || ()
            },
        );
    }

    let Some(family) = shown.0.family.as_ref() else {
        return html! {
            <section class="panel chart" aria-label="Chart">
                <p class="status">{ "Pick a metric to chart it." }</p>
            </section>
        };
    };
    let set = &family.lines;
    let choices = &family.choices;
    let counter = family.kind == MetricKind::Counter;
    // With nothing to draw, say what is missing instead of an empty axis.
    let next_poll = match state.polling.fetch {
        FetchStatus::Polled { at_ms, .. } if state.polling.live => Some(clock(
            at_ms + i64::from(state.polling.poll_seconds) * 1000,
            utc_offset_minutes(),
            true,
        )),
        _ => None,
    };
    let lines = &set.lines;
    let gap = family_gap(
        lines,
        &hidden,
        &ChartSource {
            kind: family.kind,
            rate: counter && !state.explore.raw_counters,
            next_poll,
        },
    );
    let on_raw = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Explore(ExploreAction::SetRawCounters(
                !state.explore.raw_counters,
            )))
        })
    };
    let on_move = {
        let drawn = drawn.clone();
        let hover = hover.clone();
        let unit = Unit::of(&family.name, family.unit.as_deref());
        let rate = family.kind == MetricKind::Counter && !state.explore.raw_counters;
        Callback::from(move |e: MouseEvent| {
            let x = f64::from(e.offset_x());
            hover.set(read_out(&drawn.borrow(), x, unit, rate, 8).map(|text| (x, text)));
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
            if let Some(window) = dragged_window(&drawn.borrow(), from, f64::from(e.offset_x())) {
                state.dispatch(Action::Explore(ExploreAction::Zoom(Some(window))));
            }
        })
    };
    let on_reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Explore(ExploreAction::Zoom(None)))
        })
    };
    let on_pin = {
        let state = state.clone();
        let last_ms = match state.explore.range {
            Some(Range::Last(ms)) => Some(ms),
            _ => None,
        };
        let panel = family_panel(
            &family.name,
            family.kind,
            &state.explore.filters,
            state.explore.raw_counters,
            last_ms,
        );
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Board(BoardAction::Pin(panel.clone())));
        })
    };
    let on_csv = {
        let link = link.clone();
        let name = family.name.clone();
        Callback::from(move |_: MouseEvent| link.send(Command::Csv(name.clone())))
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
    let on_toggle = {
        let state = state.clone();
        Callback::from(move |label: String| {
            state.dispatch(Action::Explore(ExploreAction::ToggleLine(
                view.clone(),
                label,
            )))
        })
    };
    let on_filter = {
        let state = state.clone();
        Callback::from(move |(label, value): (String, Option<String>)| {
            state.dispatch(Action::Explore(ExploreAction::SetFilter(label, value)))
        })
    };
    let on_all = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Explore(ExploreAction::SetShowAll(
                !state.explore.show_all,
            )))
        })
    };
    let on_legend_search = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Explore(ExploreAction::SearchLegend(input.value())));
        })
    };
    let shown = lines.len() - if set.banded { 3 } else { 0 };
    let what = match family.kind {
        MetricKind::Counter if !state.explore.raw_counters => "per-second rate",
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
                        { if state.explore.raw_counters { "Show rate" } else { "Show raw" } }
                    </button>
                }
                <button id="pin-chart" type="button" class="secondary" onclick={on_pin}>{ "Pin to board" }</button>
                <button id="export-csv" type="button" class="secondary" onclick={on_csv}>{ "Export CSV" }</button>
                <button id="export-png" type="button" class="secondary" onclick={on_png}>{ "Export PNG" }</button>
            </div>
            if let Some(help) = &family.help {
                <p class="help">{ help.clone() }</p>
            }
            <RangePicker />
            <LabelFilters choices={choices.clone()} current={state.explore.filters.clone()} on_set={on_filter} />
            if let Some(gap) = gap {
                <p id="chart-empty" class="status chart-empty" role="status">{ gap }</p>
            } else {
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
            }
            if state.explore.window.is_some() {
                <p class="status">{ "Zoomed in: double-click the chart to reset." }</p>
            }
            if set.total > TOP_LINES {
                <div class="legend-tools">
                    <input id="legend-search" type="search" aria-label="Search the legend"
                        placeholder="search the lines" value={state.explore.legend_search.clone()}
                        oninput={on_legend_search} />
                    <span id="legend-count" class="status">{ legend_count(shown, set) }</span>
                    <button id="show-all" type="button" class="secondary" onclick={on_all}>
                        { if state.explore.show_all { format!("Show top {TOP_LINES}") } else { format!("Show all {}", set.matching) } }
                    </button>
                </div>
            }
            <Legend id="legend" lines={lines.clone()} hidden={hidden.clone()} on_toggle={on_toggle} />
            if let Some(map) = &family.heatmap {
                <HeatmapPanel map={map.clone()} unit={Unit::of(&family.name, family.unit.as_deref())} theme={state.theme} />
            }
        </section>
    }
}

/// What the legend lists, out of how many lines.
fn legend_count(shown: usize, set: &LineSet) -> String {
    let of = if set.matching < set.total {
        format!("{} matching of {}", set.matching, set.total)
    } else {
        set.total.to_string()
    };
    if set.banded {
        format!("Top {shown} of {of} lines, and the band of all")
    } else if shown < set.matching {
        format!("Top {shown} of {of} lines")
    } else {
        format!("All {of} lines")
    }
}
