//! The PromQL box: free query text run as a range query over the picked history range (the
//! last hour when none is picked), drawn as lines; Prometheus's error is shown under the
//! query with a marker at the line and column it names.

use web_sys::{HtmlCanvasElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    analysis::chart_data::TOP_LINES,
    app::board_state::BoardAction,
    app::data_link::DataLink,
    app::state::{Action, LineView, QueryRun, Source},
    board::pinning::expression_panel,
    components::{
        app::AppContext,
        legend::Legend,
        plot::{paint_lines, plot_pixels, theme, LinePlot},
    },
    draw::empty_chart::drawable,
    model::units::Unit,
    net::history::{step_seconds, Range},
    worker::protocol::Command,
};

/// The range a query runs over when no history range is picked.
const DEFAULT_RANGE: Range = Range::Last(3_600_000);

/// Runs the query in the box, in the store's worker.
fn run(state: &AppContext, link: &DataLink) {
    let query = state.promql.trim().to_owned();
    if query.is_empty() || matches!(state.query_run, QueryRun::Running) {
        return;
    }
    let generation = state.generation;
    if let Some(missing) = state.credentials.missing() {
        state.dispatch(Action::QueryFinished {
            query,
            result: Err(crate::net::history::QueryError::new(0, missing)),
            generation,
        });
        return;
    }
    let credentials = state.credentials.clone();
    let (start, end) = state
        .range
        .unwrap_or(DEFAULT_RANGE)
        .bounds(js_sys::Date::now() as i64);
    let pixels = plot_pixels("query-chart");
    let step_s = step_seconds(end - start, pixels);
    state.dispatch(Action::QueryStarted);
    link.send(Command::Query {
        credentials,
        query,
        start,
        end,
        step_s,
        plot_pixels: pixels,
        generation,
    });
}

/// The query text with a caret under `(line, column)`, when the error names one.
fn marked(query: &str, position: Option<(usize, usize)>) -> Option<String> {
    let (line, column) = position?;
    let text = query.lines().nth(line.checked_sub(1)?)?;
    let pad: String = text
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!("{text}\n{pad}^"))
}

/// The PromQL panel.
#[component]
pub fn QueryPanel() -> Html {
    let state = use_context::<AppContext>();
    let link = use_context::<DataLink>();
    let canvas = use_node_ref();
    let (Some(state), Some(link)) = (state, link) else {
        return html! {};
    };
    let lines = match &state.query_run {
        QueryRun::Done(result) => result.lines.clone(),
        _ => Vec::new(),
    };
    // The lines hidden belong to the query whose answer is shown.
    let view = match &state.query_run {
        QueryRun::Done(result) => LineView::Query(result.query.clone()),
        _ => LineView::Nothing,
    };
    let hidden = state.hidden_in(&view);
    {
        let canvas = canvas.clone();
        let lines = lines.clone();
        let hidden = hidden.clone();
        let choice = state.theme;
        use_effect_with(
            (state.query_run.clone(), hidden.clone(), choice),
            move |_| {
                if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                    let plot = LinePlot {
                        unit: Unit::None,
                        rate: false,
                        lines,
                        range: None,
                    };
                    paint_lines(&element, plot, &hidden, theme(choice));
                }
                || ()
            },
        );
    }
    if state.source != Source::Live {
        return html! {
            <section class="panel query" aria-labelledby="query-title">
                <h2 id="query-title">{ "PromQL" }</h2>
                <p class="status">{ "Queries run on the upstream: go back to live data to use them." }</p>
            </section>
        };
    }
    let on_input = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::EditPromql(area.value()));
        })
    };
    let on_keydown = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Ctrl+Enter (or Shift+Enter) runs, as in the Prometheus UI.
            if e.key() == "Enter" && (e.ctrl_key() || e.shift_key() || e.meta_key()) {
                e.prevent_default();
                run(&state, &link);
            }
        })
    };
    let on_toggle = {
        let state = state.clone();
        Callback::from(move |label: String| state.dispatch(Action::ToggleLine(view.clone(), label)))
    };
    let on_run = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| run(&state, &link))
    };
    let range_words = match state.range.unwrap_or(DEFAULT_RANGE) {
        Range::Last(_) => format!("the last {}", state.range.unwrap_or(DEFAULT_RANGE).key()),
        Range::Between(..) => "the custom range picked for history".to_owned(),
    };
    let running = matches!(state.query_run, QueryRun::Running);
    let on_pin = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let expr = state.promql.trim();
            if !expr.is_empty() {
                state.dispatch(Action::Board(BoardAction::Pin(expression_panel(expr))));
            }
        })
    };
    let outcome = match &state.query_run {
        QueryRun::Idle => html! {
            <p class="status">{ format!("Runs as a range query over {range_words}; Ctrl+Enter runs it.") }</p>
        },
        QueryRun::Running => html! { <p class="status">{ "Running…" }</p> },
        QueryRun::Done(result) => html! {
            <p id="query-status" class="status">
                { format!("{} series, {} points at a {} s step.", result.series, result.points, result.step_s) }
                if result.banded {
                    { format!(" Drawn: the top {TOP_LINES} by their last value, and the minimum, median and maximum of all {}.", result.series) }
                }
            </p>
        },
        QueryRun::Failed(query, error) => html! {
            <div id="query-error" class="query-error" role="alert">
                <p><strong>{ "Prometheus rejected the query: " }</strong>{ error.message.clone() }</p>
                if let Some(marked) = marked(query, error.position) {
                    <pre id="query-error-at" aria-label="Where the error is">{ marked }</pre>
                }
            </div>
        },
    };
    html! {
        <section class="panel query" aria-labelledby="query-title">
            <h2 id="query-title">{ "PromQL" }</h2>
            if let Some(status) = state.query_api_missing {
                <p class="status">{ format!("This upstream does not offer api/v1/query_range (HTTP {status}).") }</p>
            }
            <div class="field">
                <label for="promql">{ "Expression" }</label>
                <textarea id="promql" rows="3" spellcheck="false" placeholder="sum by (code) (rate(http_requests_total[5m]))"
                    value={state.promql.clone()} oninput={on_input} onkeydown={on_keydown} />
            </div>
            <div class="actions">
                <button id="promql-run" type="button" onclick={on_run} disabled={running}>{ "Run query" }</button>
                <button id="promql-pin" type="button" class="secondary" onclick={on_pin}>{ "Pin to board" }</button>
            </div>
            { outcome }
            // A chart only for an answer with something to draw: never an empty axis under
            // an error or before the first run.
            if drawable(&lines, &hidden) {
                <div class="plot">
                    <canvas id="query-chart" ref={canvas} width="960" height="320" role="img" aria-label="Chart of the query's result" />
                </div>
            } else if matches!(state.query_run, QueryRun::Done(_)) {
                <p id="query-empty" class="status chart-empty">{
                    if lines.is_empty() {
                        "The query returned no series."
                    } else if lines.iter().all(|l| hidden.contains(&l.label)) {
                        "Every line is hidden: click an entry in the legend to show it."
                    } else {
                        "The query's series have no finite values in this range."
                    }
                }</p>
            }
            <Legend id="query-legend" lines={lines.clone()} hidden={hidden.clone()} on_toggle={on_toggle} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_column_prometheus_names() {
        assert_eq!(
            marked("sum(rate(x[5m])", Some((1, 16))),
            Some("sum(rate(x[5m])\n               ^".to_owned())
        );
        assert_eq!(marked("a\nb +", Some((2, 4))), Some("b +\n   ^".to_owned()));
        assert_eq!(marked("a", None), None);
        assert_eq!(marked("a", Some((3, 1))), None);
    }
}
