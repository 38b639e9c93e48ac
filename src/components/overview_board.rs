//! The overview: a small panel per family, grouped by the first word of the family
//! names, each with its latest value large and its lines: the upstream's hour before the
//! first poll, then the polls. A panel draws its chart only once it scrolls near the
//! screen, so a board of 500 families paints what is in view first. A click on a panel's
//! title charts the family.

use std::collections::BTreeSet;

use wasm_bindgen::{closure::Closure, JsCast as _};
use web_sys::{Element, HtmlCanvasElement, IntersectionObserver, IntersectionObserverEntry};
use yew::prelude::*;

use crate::{
    analysis::overview::Summary,
    app::context::dispatching,
    app::context::use_app,
    app::explore_state::ExploreAction,
    app::overview_state::OverviewAction,
    app::state::Action,
    components::board_import::DemoDashboardButton,
    components::plot::{paint_lines, theme as chart_theme, use_plot_width, LinePlot},
    model::units::Unit,
    worker::protocol::{OverviewPanel, OverviewView},
};

/// Panels put on the page at once, and added each time the end of the list comes near.
const PANELS_AT_ONCE: usize = 48;

/// The board, from the worker's latest answer.
#[component]
pub fn OverviewBoard() -> Html {
    // Panels are put on the page a screenful at a time: a board of a thousand families
    // renders the first ones, and more as the end of the list scrolls near.
    let state = use_app();
    let shown = use_state_eq(|| PANELS_AT_ONCE);
    let sentinel = use_node_ref();
    let total: usize = state
        .shown
        .0
        .overview
        .as_ref()
        .map_or(0, |b| b.groups.iter().map(|g| g.panels.len()).sum());
    {
        let shown = shown.clone();
        // Run again once the list (and with it the sentinel) changes.
        use_effect_with(
            (sentinel.clone(), *shown, total),
            move |(sentinel, count, _)| {
                let count = *count;
                let more = Callback::from(move |()| shown.set(count + PANELS_AT_ONCE));
                let watching = sentinel
                    .cast::<Element>()
                    .and_then(|element| watch(&element, more));
                move || {
                    if let Some((observer, _callback)) = watching {
                        observer.disconnect();
                    }
                }
            },
        );
    }
    {
        // The page says how many panels it shows, so their history is asked for.
        let state = state.clone();
        use_effect_with(total.min(*shown), move |&count| {
            state.dispatch(Action::Overview(OverviewAction::Panels(count)));
            || ()
        });
    }
    let empty = OverviewView::default();
    let board = state.shown.0.overview.as_ref().unwrap_or(&empty);
    if board.groups.is_empty() {
        return html! {
            <section id="overview" class="panel" aria-labelledby="overview-title">
                <div class="board-bar">
                    <h2 id="overview-title">{ "Overview" }</h2>
                    <DemoDashboardButton />
                </div>
                <p class="status">{ "Every family gets a panel here once the first poll (or a dump) is in." }</p>
            </section>
        };
    }
    let limit = *shown;
    let mut index = 0;
    html! {
        <section id="overview" class="panel" aria-labelledby="overview-title"
            data-families={total.to_string()}>
            <div class="board-bar">
                <h2 id="overview-title">{ "Overview" }</h2>
                <DemoDashboardButton />
            </div>
            // One grid for every panel, in group order: a group is a labelled run of
            // panels, each tagged with its group, so no row is left half empty.
            <div class="overview-grid">
            { for board.groups.iter().map_while(|group| {
                if index >= limit {
                    return None;
                }
                Some(html! {
                    <section class="overview-group" aria-label={group.name.clone()}>
                        <h3 class="visually-hidden">{ group.name.clone() }</h3>
                        { for group.panels.iter().map_while(|panel| {
                            (index < limit).then(|| {
                                let tile = html! {
                                    <Tile key={panel.family.clone()} panel={panel.clone()} index={index}
                                        group={AttrValue::from(group.name.clone())} />
                                };
                                index += 1;
                                tile
                            })
                        }) }
                    </section>
                })
            }) }
            </div>
            if total > limit {
                <p class="status overview-more" ref={sentinel}>
                    { format!("{} more families below.", total - limit) }
                </p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TileProps {
    panel: OverviewPanel,
    index: usize,
    /// The group it belongs to: the first word of its family's name.
    group: AttrValue,
}

/// One family's panel.
#[component]
fn Tile(props: &TileProps) -> Html {
    let state = use_app();
    let panel = &props.panel;
    let node = use_node_ref();
    let canvas = use_node_ref();
    let seen = use_state_eq(|| false);
    {
        // Drawn once it comes within a screen's height of the view.
        let seen = seen.clone();
        use_effect_with(node.clone(), move |node| {
            let near = Callback::from(move |()| seen.set(true));
            let watching = node
                .cast::<Element>()
                .and_then(|element| watch(&element, near));
            move || {
                if let Some((observer, _callback)) = watching {
                    observer.disconnect();
                }
            }
        });
    }
    // The first panel's width is what the worker decimates every panel to.
    let report_width = (props.index == 0)
        .then(|| dispatching(&state, |v| Action::Overview(OverviewAction::PlotWidth(v))));
    use_plot_width(&canvas, report_width);
    let unit = Unit::of(&panel.family, panel.unit.as_deref());
    let rate = panel.summary == Summary::SummedRate;
    {
        let canvas = canvas.clone();
        let theme = state.theme;
        use_effect_with(
            (*seen, panel.lines.clone(), theme),
            move |(seen, lines, theme)| {
                if let (true, Some(element)) = (*seen, canvas.cast::<HtmlCanvasElement>()) {
                    if !lines.is_empty() {
                        let plot = LinePlot {
                            unit,
                            rate,
                            lines: lines.clone(),
                            range: None,
                            ..LinePlot::default()
                        };
                        paint_lines(&element, plot, &BTreeSet::new(), chart_theme(*theme));
                        crate::components::plot::mark_drawn(&element);
                        crate::app::data_link::mark("fedview-overview-panel-drawn");
                    }
                }
                || ()
            },
        );
    }
    let on_open = {
        let family = panel.family.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Explore(ExploreAction::Select(Some(family.clone()))));
        })
    };
    let (value, what) = match &panel.headline {
        Some((label, value)) => (unit.format(*value, rate), label.clone()),
        None => ("–".to_owned(), waiting_for(panel.summary).to_owned()),
    };
    let series = if panel.series == 1 {
        "1 series".to_owned()
    } else {
        format!("{} series", panel.series)
    };
    // Where the lines start (ms since the epoch): with the upstream's history, an hour
    // before the first poll.
    let from = panel
        .lines
        .iter()
        .filter_map(|line| line.points.first().map(|&(t, _)| t))
        .min()
        .map(|t| t.to_string());
    // The longest stretch its lines go without a point (ms): an outage not filled in.
    let longest_gap = panel
        .lines
        .iter()
        .flat_map(|line| line.points.windows(2).map(|w| w[1].0 - w[0].0))
        .max()
        .map(|gap| gap.to_string());
    html! {
        <article class="overview-panel" ref={node} data-family={panel.family.clone()} data-from={from}
            data-longest-gap-ms={longest_gap}>
            <div class="overview-top">
                <button type="button" class="link overview-open" onclick={on_open}
                    aria-label={format!("Open {} in the chart", panel.family)}>
                    { panel.family.clone() }
                </button>
                <span class="overview-tag" aria-hidden="true">{ props.group.clone() }</span>
            </div>
            <p class="overview-headline">
                <span class="overview-value">{ value }</span>
                <span class="overview-what">{ what }</span>
            </p>
            <p class="overview-about">
                <span class={classes!("kind", panel.kind.as_str())}>{ panel.kind.as_str() }</span>
                { format!(" {} · {}", panel.summary.describe(), series) }
            </p>
            if !panel.lines.is_empty() {
                <canvas id={format!("overview-plot-{}", props.index)} class="overview-plot"
                    ref={canvas} width="400" height="110" role="img"
                    aria-label={format!("{} of {}", panel.summary.describe(), panel.family)} />
            }
        </article>
    }
}

/// What a panel without a value yet waits for.
fn waiting_for(summary: Summary) -> &'static str {
    match summary {
        Summary::SummedRate | Summary::Quantiles => "a rate needs two polls",
        Summary::Sum | Summary::TopSeries => "no value yet",
    }
}

/// An observer and the callback it calls, kept alive together.
type Watching = (IntersectionObserver, Closure<dyn Fn(js_sys::Array)>);

/// Calls `near` whenever `element` comes within a screen of the view; the observer and its
/// callback live until the returned pair is dropped.
fn watch(element: &Element, near: Callback<()>) -> Option<Watching> {
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let intersecting = entries.iter().any(|entry| {
            entry
                .dyn_into::<IntersectionObserverEntry>()
                .is_ok_and(|e| e.is_intersecting())
        });
        if intersecting {
            near.emit(());
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px");
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    observer.observe(element);
    Some((observer, callback))
}
