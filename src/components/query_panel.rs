//! The query page, as the Prometheus UI's: expressions (each with its editor), run with
//! Ctrl+Enter as range queries over the picked history range (the last hour when none is
//! picked) and drawn on one graph; or the first one's instant answer as a table; or its
//! Explain tree. Upstream errors show under the query with a caret at their position.

use std::{cell::RefCell, rc::Rc};

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::{
    analysis::chart_data::TOP_LINES,
    analysis::chart_line::ChartLine,
    app::context::dispatching,
    app::context::{use_app, use_data_link, AppContext},
    app::explore_state::{ExploreAction, LineView},
    app::source_state::Source,
    app::{
        board_state::BoardAction,
        query_effects::{run_queries, DEFAULT_RANGE},
        query_state::{QueryAction, QueryView, MAX_EXPRESSIONS},
        services::rule_from_query,
        state::{Action, QueryRun},
    },
    board::pinning::expression_panel,
    components::{
        explain_view::ExplainView,
        legend::Legend,
        plot::{dragged_window, paint_lines, read_out, theme, use_plot_width, Drawn, LinePlot},
        promql_editor::{caret, PromqlEditor},
        query_history::QueryHistoryList,
        query_table::QueryTable,
    },
    draw::empty_chart::drawable,
    editor::units::expression_unit,
    net::range_query::Range,
};

/// The element id for expression `index`'s status or error (`query-…` for the first).
fn element_id(base: &str, index: usize) -> String {
    if index == 0 {
        base.to_owned()
    } else {
        format!("{base}-{index}")
    }
}

/// The lines of every answered expression, named after their expression when there are
/// several.
fn all_lines(state: &AppContext) -> Vec<ChartLine> {
    let several = state.query.texts().len() > 1;
    state
        .query
        .expressions
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.run {
            QueryRun::Done(answer) => Some((i, answer)),
            _ => None,
        })
        .flat_map(|(i, answer)| {
            answer.lines.iter().cloned().map(move |mut line| {
                if several {
                    line.label = format!("#{} {}", i + 1, line.label);
                }
                line
            })
        })
        .collect()
}

/// The query page.
#[component]
pub fn QueryPanel() -> Html {
    let state = use_app();
    let link = use_data_link();
    let canvas = use_node_ref();
    let drawn = use_mut_ref(Drawn::default);
    let hover = use_state(|| None::<(f64, Vec<String>)>);
    let drag_from: Rc<RefCell<Option<f64>>> = use_mut_ref(|| None);
    use_plot_width(
        &canvas,
        Some(dispatching(&state, |pixels| {
            Action::Query(QueryAction::ChartWidth(pixels))
        })),
    );
    let lines = all_lines(&state);
    let view = LineView::Query(state.query.texts().join("\n"));
    let hidden = state.explore.hidden_in(&view);
    let (unit, rate) = expression_unit(state.query.first());
    {
        let canvas = canvas.clone();
        let lines = lines.clone();
        let hidden = hidden.clone();
        let drawn = drawn.clone();
        let choice = state.theme;
        let runs: Vec<QueryRun> = state
            .query
            .expressions
            .iter()
            .map(|e| e.run.clone())
            .collect();
        use_effect_with(
            (runs, hidden.clone(), choice, state.query.view),
            move |_| {
                if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                    let plot = LinePlot {
                        unit,
                        rate,
                        lines,
                        range: None,
                        ..LinePlot::default()
                    };
                    if let Some(now) = paint_lines(&element, plot, &hidden, theme(choice)) {
                        *drawn.borrow_mut() = now;
                    }
                }
                || ()
            },
        );
    }
    if state.data.source != Source::Live {
        return html! {
            <section class="panel query" aria-labelledby="query-title">
                <h2 id="query-title">{ "PromQL" }</h2>
                <p class="status">{ "Queries run on the upstream: go back to live data to use them." }</p>
            </section>
        };
    }
    let run = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |()| {
            // Nothing is sent while the parser objects to an expression.
            if state
                .query
                .expressions
                .iter()
                .all(|e| e.lint_error().is_none())
            {
                run_queries(&state, &link);
            }
        })
    };
    let on_run = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let on_add = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Query(QueryAction::Add)))
    };
    let on_pin = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let expr = state.query.first();
            if !expr.is_empty() {
                state.dispatch(Action::Board(BoardAction::Pin(expression_panel(expr))));
            }
        })
    };
    let on_rule = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| rule_from_query(&state, state.query.first()))
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
    let range = state.explore.range.unwrap_or(DEFAULT_RANGE);
    let range_words = match range {
        Range::Last(_) => format!("the last {}", range.key()),
        Range::Between(..) => "the range picked".to_owned(),
    };
    let running = state.query.running();
    let blocked = state
        .query
        .expressions
        .iter()
        .any(|e| e.lint_error().is_some());
    let editors = state.query.expressions.iter().enumerate().map(|(index, e)| {
        let on_remove = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Query(QueryAction::Remove(index))))
        };
        let outcome = match &e.run {
            QueryRun::Idle => html! {},
            QueryRun::Running => html! { <p class="status">{ "Running…" }</p> },
            QueryRun::Done(result) => html! {
                <p id={element_id("query-status", index)} class="status">
                    { format!("{} series, {} points at a {} s step.", result.series, result.points, result.step_s) }
                    if result.banded {
                        { format!(" Drawn: the top {TOP_LINES} by their last value, and the minimum, median and maximum of all {}.", result.series) }
                    }
                </p>
            },
            QueryRun::Failed(query, error) => html! {
                <div id={element_id("query-error", index)} class="query-error" role="alert">
                    <p><strong>{ "Prometheus rejected the query: " }</strong>{ error.message.clone() }</p>
                    if let Some(marked) = error.position.and_then(|(l, c)| caret(query, l, c)) {
                        <pre id={element_id("query-error-at", index)} aria-label="Where the error is">{ marked }</pre>
                    }
                </div>
            },
        };
        html! {
            <div class="expression" key={index}>
                <div class="expression-head">
                    <label for={crate::components::promql_editor::input_id(index)}>{ format!("Expression {}", index + 1) }</label>
                    if state.query.expressions.len() > 1 {
                        <button type="button" class="secondary small" id={format!("remove-expression-{index}")}
                            aria-label={format!("Remove expression {}", index + 1)} onclick={on_remove}>{ "×" }</button>
                    }
                </div>
                <PromqlEditor index={index} text={e.text.clone()} error={e.lint_error().cloned()} on_run={run.clone()} />
                <div class="expression-outcome">{ outcome }</div>
            </div>
        }
    });
    let tab = |which: QueryView, id: &'static str, label: &'static str| {
        let current = state.query.view == which;
        let state = state.clone();
        let on_click = Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Query(QueryAction::SetView(which)));
        });
        html! {
            <button id={id} type="button" role="tab" aria-selected={current.to_string()}
                class={classes!("tab", current.then_some("selected"))} onclick={on_click}>{ label }</button>
        }
    };
    let graph = {
        let on_move = {
            let drawn = drawn.clone();
            let hover = hover.clone();
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
            Callback::from(move |e: MouseEvent| {
                *drag_from.borrow_mut() = Some(f64::from(e.offset_x()))
            })
        };
        let on_up = {
            let drag_from = drag_from.clone();
            let drawn = drawn.clone();
            let state = state.clone();
            let run = run.clone();
            Callback::from(move |e: MouseEvent| {
                let Some(from) = drag_from.borrow_mut().take() else {
                    return;
                };
                let picked = dragged_window(&drawn.borrow(), from, f64::from(e.offset_x()));
                if let Some((a, b)) = picked {
                    // A drag picks the range, and the queries run again over it.
                    state.dispatch(Action::Explore(ExploreAction::SetRange(Some(
                        Range::Between(a, b),
                    ))));
                    run.emit(());
                }
            })
        };
        let answered = state
            .query
            .expressions
            .iter()
            .any(|e| matches!(e.run, QueryRun::Done(_)));
        html! {
            <>
                if drawable(&lines, &hidden) {
                    <div class="plot">
                        <canvas id="query-chart" ref={canvas} width="960" height="320" role="img"
                            aria-label="Chart of the queries' results" data-unit={format!("{unit:?}")}
                            onmousemove={on_move} onmouseleave={on_leave} onmousedown={on_down} onmouseup={on_up} />
                        if let Some((x, rows)) = (*hover).clone() {
                            <div id="query-readout" class="readout" role="status" data-x={x.to_string()}>
                                { for rows.into_iter().map(|row| html! { <div>{ row }</div> }) }
                            </div>
                        }
                    </div>
                    <p class="status">{ "Drag across the chart to query that range." }</p>
                } else if answered {
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
            </>
        }
    };
    let shown = match state.query.view {
        QueryView::Graph => graph,
        QueryView::Table => html! { <QueryTable /> },
        QueryView::Explain => html! { <ExplainView /> },
    };
    html! {
        <section class="panel query" aria-labelledby="query-title"
            data-lint-ms={state.query.lint_millis.map(|m| format!("{m:.3}"))}
            data-lints={state.query.lints.to_string()}>
            <h2 id="query-title">{ "PromQL" }</h2>
            if let Some(status) = state.data.query_api_missing {
                <p class="status">{ format!("This upstream does not offer api/v1/query_range (HTTP {status}).") }</p>
            }
            { for editors }
            <div class="actions">
                <button id="promql-run" type="button" onclick={on_run} disabled={running || blocked}>{ "Run queries" }</button>
                if state.query.expressions.len() < MAX_EXPRESSIONS {
                    <button id="add-expression" type="button" class="secondary" onclick={on_add}>{ "Add expression" }</button>
                }
                <button id="promql-pin" type="button" class="secondary" onclick={on_pin}>{ "Pin to board" }</button>
                <button id="promql-to-rule" type="button" class="secondary" onclick={on_rule}>
                    { match &state.alerts.draft {
                        Some(draft) if !draft.name.trim().is_empty() => format!("Back to the rule {:?}", draft.name.trim()),
                        Some(_) => "Back to the rule".to_owned(),
                        None => "Alert rule from this query".to_owned(),
                    } }
                </button>
            </div>
            <p class="status">{ format!("Runs over {range_words}; Ctrl+Enter runs, Tab or Enter takes a completion, Esc closes it.") }</p>
            <QueryHistoryList />
            <div class="tabs query-views" role="tablist" aria-label="Result view">
                { tab(QueryView::Graph, "query-view-graph", "Graph") }
                { tab(QueryView::Table, "query-view-table", "Table") }
                { tab(QueryView::Explain, "query-view-explain", "Explain") }
            </div>
            { shown }
        </section>
    }
}
