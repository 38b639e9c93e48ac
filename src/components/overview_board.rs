//! The overview board: a small panel per family, grouped by the first word of the family
//! names, each with its latest value large. A panel draws its chart only once it scrolls
//! near the screen, so a board of 500 families paints what is in view first. A click on a
//! panel's title charts the family.

use std::collections::BTreeSet;

use wasm_bindgen::{closure::Closure, JsCast as _};
use web_sys::{Element, HtmlCanvasElement, IntersectionObserver, IntersectionObserverEntry};
use yew::prelude::*;

use crate::{
    analysis::overview::Summary,
    app::state::Action,
    components::app::AppContext,
    components::board_import::DemoDashboardButton,
    components::plot::{paint_lines, theme as chart_theme, LinePlot},
    model::units::Unit,
    worker::protocol::{OverviewPanel, OverviewView},
};

/// The id of the first panel's canvas, whose width the worker decimates to.
const FIRST_PLOT: &str = "overview-plot-0";

/// A panel's plot width in pixels, for the worker to decimate to.
pub fn panel_pixels() -> u32 {
    crate::components::plot::plot_pixels(FIRST_PLOT).min(640)
}

/// The board, from the worker's latest answer.
#[component]
pub fn OverviewBoard() -> Html {
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
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
    let mut index = 0;
    html! {
        <section id="overview" class="panel" aria-labelledby="overview-title">
            <div class="board-bar">
                <h2 id="overview-title">{ "Overview" }</h2>
                <DemoDashboardButton />
            </div>
            <div class="overview-groups">
            { for board.groups.iter().map(|group| html! {
                <section class="overview-group" aria-label={group.name.clone()}>
                    <h3>{ group.name.clone() }</h3>
                    <div class="overview-grid">
                        { for group.panels.iter().map(|panel| {
                            let tile = html! {
                                <Tile key={panel.family.clone()} panel={panel.clone()} index={index} />
                            };
                            index += 1;
                            tile
                        }) }
                    </div>
                </section>
            }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TileProps {
    panel: OverviewPanel,
    index: usize,
}

/// One family's panel.
#[component]
fn Tile(props: &TileProps) -> Html {
    let state = use_context::<AppContext>();
    let panel = &props.panel;
    let node = use_node_ref();
    let canvas = use_node_ref();
    let seen = use_state_eq(|| false);
    {
        // Drawn once it comes within a screen's height of the view.
        let seen = seen.clone();
        use_effect_with(node.clone(), move |node| {
            let watching = node
                .cast::<Element>()
                .and_then(|element| watch(&element, seen));
            move || {
                if let Some((observer, _callback)) = watching {
                    observer.disconnect();
                }
            }
        });
    }
    let unit = Unit::of(&panel.family, panel.unit.as_deref());
    let rate = panel.summary == Summary::SummedRate;
    {
        let canvas = canvas.clone();
        let theme = state.as_ref().map(|s| s.theme).unwrap_or_default();
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
                        };
                        paint_lines(&element, plot, &BTreeSet::new(), chart_theme(*theme));
                        let _ = element.set_attribute("data-drawn", "true");
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
            if let Some(state) = &state {
                state.dispatch(Action::Select(Some(family.clone())));
            }
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
    html! {
        <article class="overview-panel" ref={node} data-family={panel.family.clone()}>
            <button type="button" class="link overview-open" onclick={on_open}
                aria-label={format!("Open {} in the chart", panel.family)}>
                { panel.family.clone() }
            </button>
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
                    ref={canvas} width="400" height="150" role="img"
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

/// Sets `seen` once `element` comes within a screen of the view; the observer and its
/// callback live until the returned pair is dropped.
fn watch(element: &Element, seen: UseStateHandle<bool>) -> Option<Watching> {
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let near = entries.iter().any(|entry| {
            entry
                .dyn_into::<IntersectionObserverEntry>()
                .is_ok_and(|e| e.is_intersecting())
        });
        if near {
            seen.set(true);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px");
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    observer.observe(element);
    Some((observer, callback))
}
