//! The Boards tab: pick, make, rename, delete and export boards; import a Grafana
//! dashboard; the open board's variables as dropdowns, its time range, and its rows of
//! panels on the 24-column grid (one column on a phone).

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::{
    app::board_state::BoardAction,
    app::context::{use_app, AppContext},
    app::page::Same,
    app::state::Action,
    board::{
        grafana::export::export_grafana,
        interpolate::interpolate_title,
        layout::{place, Placement},
        model::{Board, Panel},
        repeat::{drawn_panels, drawn_rows as repeated_rows},
        requests::{
            link_variables, panel_document, panel_keys, panel_title, BoardWindow, PanelKey,
            PANEL_POINTS,
        },
        text_panel::Block,
        variables::{Variable, ALL, ALL_VALUE},
    },
    components::{
        board_import::{BoardImport, DemoDashboardButton},
        board_panel::BoardPanel,
        playlist_editor::PlaylistEditor,
    },
    model::credentials::encode_component,
    net::range_query::{Range, PRESETS},
};

/// The tab.
#[component]
pub fn BoardsView() -> Html {
    let state = use_app();
    // One callback for every panel, made once, so that a panel's props stay equal (and it
    // is not rendered again) while nothing it shows changes.
    let on_board = {
        let dispatcher = state.dispatcher();
        use_callback((), move |action: BoardAction, ()| {
            dispatcher.dispatch(Action::Board(action));
        })
    };
    let boards = &state.boards;
    let window = boards.window(PANEL_POINTS);
    // What the open board draws (its rows, their panels with repeats, titles, places,
    // queries and documents) changes only with the board and its window, not with each
    // answer that comes in: worked out once for them.
    let drawn = use_memo(
        (Same(boards.boards.clone()), boards.current, window),
        |(boards, current, window)| {
            boards
                .0
                .get(*current)
                .map(|board| drawn_rows(board, *window))
                .unwrap_or_default()
        },
    );
    let on_open = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(index) = select.value().parse() {
                state.dispatch(Action::Board(BoardAction::Open(index)));
            }
        })
    };
    let on_new = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Board(BoardAction::New)))
    };
    let picker = html! {
        <div class="board-bar">
            if !boards.boards.is_empty() {
                <label for="board-pick">{ "Board" }</label>
                <select id="board-pick" onchange={on_open}>
                    { for boards.boards.iter().enumerate().map(|(i, b)| html! {
                        <option value={i.to_string()} selected={i == boards.current}>{ b.title.clone() }</option>
                    }) }
                </select>
            }
            <button id="board-new" type="button" class="secondary" onclick={on_new}>{ "New board" }</button>
            <DemoDashboardButton />
        </div>
    };
    let Some(board) = boards.board() else {
        return html! {
            <section id="boards" class="panel" aria-labelledby="boards-title">
                <h2 id="boards-title">{ "Boards" }</h2>
                { picker }
                <p class="status">{ "Pin a chart or a PromQL query to a board, or import a Grafana dashboard." }</p>
                <BoardImport />
            </section>
        };
    };
    let on_rename = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Board(BoardAction::Rename(input.value())));
        })
    };
    let on_delete = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Board(BoardAction::Delete)))
    };
    let on_range = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(range) = Range::preset(&select.value()) {
                state.dispatch(Action::Board(BoardAction::SetRange(range)));
            }
        })
    };
    let on_refresh = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Board(BoardAction::Refresh(
                js_sys::Date::now() as i64
            )));
        })
    };
    let range_key = boards.range.key();
    html! {
        <section id="boards" class="panel" aria-labelledby="boards-title">
            <h2 id="boards-title" class="visually-hidden">{ "Boards" }</h2>
            { picker }
            <div class="board-bar">
                <label for="board-title">{ "Title" }</label>
                <input id="board-title" type="text" value={board.title.clone()} onchange={on_rename} />
                <label for="board-range">{ "Range" }</label>
                <select id="board-range" onchange={on_range}>
                    if matches!(boards.range, Range::Between(..)) {
                        <option value="custom" selected=true>{ "Custom (dragged)" }</option>
                    }
                    { for PRESETS.iter().map(|(name, _)| html! {
                        <option value={*name} selected={*name == range_key}>{ format!("Last {name}") }</option>
                    }) }
                </select>
                <button id="board-refresh" type="button" class="secondary" onclick={on_refresh}>{ "Refresh" }</button>
                <ExportLink boards={Same(boards.boards.clone())} current={boards.current} />
                <button id="board-delete" type="button" class="secondary" onclick={on_delete}>{ "Delete board" }</button>
            </div>
            <BoardImport />
            <PlaylistEditor />
            <div class="variables" role="group" aria-label="Variables">
                { for board.variables.iter().enumerate().filter(|(_, v)| !v.hidden).map(|(i, v)| variable_picker(&state, i, v)) }
            </div>
            { for drawn.iter().map(|row| {
                let r = row.row;
                let toggle = {
                    let state = state.clone();
                    Callback::from(move |_: MouseEvent| state.dispatch(Action::Board(BoardAction::ToggleRow(r))))
                };
                html! {
                    <section class="board-row">
                        if let Some(title) = &row.title {
                            <h3><button type="button" class="link row-toggle" aria-expanded={(!row.collapsed).to_string()} onclick={toggle}>
                                { format!("{} {}", if row.collapsed { "▸" } else { "▾" }, title) }
                            </button></h3>
                        }
                        if !row.collapsed {
                            <div class="board-grid">
                                { for row.panels.iter().map(|drawn| {
                                    let answers = drawn
                                        .keys
                                        .iter()
                                        .map(|key| (key.clone(), boards.answer_for(key)))
                                        .collect::<Vec<_>>();
                                    html! {
                                        <BoardPanel panel={drawn.panel.clone()} title={drawn.title.clone()}
                                            at={drawn.at} placement={drawn.placement}
                                            answers={answers} text={drawn.text.clone()}
                                            theme={state.theme} on_board={on_board.clone()} copy={drawn.copy}
                                            link_variables={drawn.link_variables.clone()} />
                                    }
                                }) }
                            </div>
                        }
                    </section>
                }
            }) }
        </section>
    }
}

/// A row of the open board as it is drawn.
#[derive(Debug, PartialEq)]
struct DrawnRow {
    /// The board's row it is (a repeated row is drawn once per value).
    row: usize,
    /// Its title, variables substituted; `None` for the panels above the first row.
    title: Option<String>,
    /// Folded.
    collapsed: bool,
    /// Its panels, repeated ones once per value (none while folded).
    panels: Vec<DrawnPanel>,
}

/// A panel as it is drawn: one copy of a repeated panel.
#[derive(Debug, PartialEq)]
struct DrawnPanel {
    /// Its row and place in the row.
    at: (usize, usize),
    /// Which copy of a repeated panel it is (0: the panel itself).
    copy: usize,
    panel: Rc<Panel>,
    /// Its title, variables substituted.
    title: String,
    placement: Placement,
    /// The queries it asks.
    keys: Vec<PanelKey>,
    /// A text panel's document, variables substituted.
    text: Rc<Vec<Block>>,
    /// The board's variables as its data links write them.
    link_variables: Rc<Vec<(String, String)>>,
}

/// What `board` draws over `window`.
fn drawn_rows(board: &Board, window: BoardWindow) -> Vec<DrawnRow> {
    let links = Rc::new(link_variables(board));
    repeated_rows(&board.rows, &board.variables)
        .into_iter()
        .map(|(r, row)| {
            let title = row
                .title
                .as_ref()
                .map(|t| interpolate_title(t, &board.variables, window.scope()));
            if row.collapsed {
                return DrawnRow {
                    row: r,
                    title,
                    collapsed: true,
                    panels: Vec::new(),
                };
            }
            let drawn = drawn_panels(&row, &board.variables);
            let placements = place(drawn.iter().map(|(_, p)| p));
            let panels = drawn
                .iter()
                .enumerate()
                .map(|(d, (p, panel))| DrawnPanel {
                    at: (r, *p),
                    copy: drawn[..d].iter().filter(|(from, _)| from == p).count(),
                    title: panel_title(board, panel, window),
                    placement: placements.get(d).copied().unwrap_or(Placement {
                        column: 1,
                        span: 12,
                        row: 1,
                        height: 8,
                    }),
                    keys: panel_keys(board, panel, window),
                    text: Rc::new(panel_document(board, panel, window)),
                    panel: Rc::new(panel.clone()),
                    link_variables: links.clone(),
                })
                .collect();
            DrawnRow {
                row: r,
                title,
                collapsed: false,
                panels,
            }
        })
        .collect()
}

/// What the export link writes: the open board of `boards`.
#[derive(Properties, PartialEq, Debug)]
struct ExportLinkProps {
    boards: Same<Vec<Board>>,
    current: usize,
}

/// "Export as Grafana JSON": a link rather than a script, so the browser saves it and it
/// can be copied. The JSON is written again only when the board changes, not on every
/// panel's answer.
#[component]
fn ExportLink(props: &ExportLinkProps) -> Html {
    let board = props.boards.0.get(props.current);
    let href = use_memo(
        (props.boards.clone(), props.current),
        |(boards, current)| {
            let json = boards
                .0
                .get(*current)
                .map(|board| {
                    serde_json::to_string_pretty(&export_grafana(board)).unwrap_or_default()
                })
                .unwrap_or_default();
            format!(
                "data:application/json;charset=utf-8,{}",
                encode_component(&json)
            )
        },
    );
    html! {
        <a id="board-export" class="button secondary" href={(*href).clone()}
            download={format!("{}.json", board.map_or("board", |b| b.title.as_str()))}>{ "Export as Grafana JSON" }</a>
    }
}

/// A variable's dropdown: one value, or several, with "All" where offered.
fn variable_picker(state: &AppContext, index: usize, variable: &Variable) -> Html {
    let id = format!("var-{}", variable.name);
    let on_change = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let options = select.selected_options();
            let picked: Vec<String> = (0..options.length())
                .filter_map(|i| options.item(i))
                .filter_map(|o| o.get_attribute("value"))
                .collect();
            // "All" picked with others means All.
            let picked = if picked.iter().any(|v| v == ALL_VALUE) {
                vec![ALL_VALUE.to_owned()]
            } else {
                picked
            };
            state.dispatch(Action::Board(BoardAction::Pick(index, picked)));
        })
    };
    let label = variable
        .label
        .clone()
        .unwrap_or_else(|| variable.name.clone());
    html! {
        <div class="variable">
            <label for={id.clone()}>{ label }</label>
            <select id={id} multiple={variable.multi} onchange={on_change}>
                if variable.include_all {
                    <option value={ALL_VALUE} selected={variable.is_all()}>{ ALL }</option>
                }
                { for variable.options.iter().map(|o| html! {
                    <option value={o.clone()} selected={!variable.is_all() && variable.current.contains(o)}>{ o.clone() }</option>
                }) }
            </select>
        </div>
    }
}
