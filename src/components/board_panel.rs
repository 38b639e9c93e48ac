//! One panel of a board: its title, what its queries answered drawn as its kind asks (lines,
//! large values, gauges, a table), its text, or a placeholder naming a panel type fedview
//! does not draw. On a board of the user's own it can be moved, resized and removed.

use std::{cell::Cell, collections::BTreeSet, rc::Rc};

use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use crate::{
    analysis::chart_line::ChartLine,
    app::board_state::{BoardAction, PanelAnswer},
    app::state::ThemeChoice,
    board::reduce::{calc_name, reduce},
    board::{
        layout::{Placement, MAX_ROWS},
        model::{Panel, PanelKind, GRID_COLUMNS},
        requests::PanelKey,
        series_calculation::{calculated, reduces_rows},
        text_panel::Block,
    },
    components::legend::Legend,
    components::panel_editor::PanelEditor,
    components::panel_table::table_view,
    components::panel_text,
    components::panel_values::panel_values,
    components::plot::{
        is_dark, mark_drawn, paint_heatmap_at, paint_in_next_frame, paint_lines_at, read_out,
        theme as chart_theme, Drawn, LinePlot,
    },
    components::series_style::{legend_lines, stacks_to_percent, styled_lines},
    draw::chart::time_at,
    draw::chart::Bounds,
    model::units::Unit,
    model::value_format::format_value,
    net::range_query::Range,
};

/// The drag data type of a board panel being moved: `row:index`.
const PANEL_DRAG: &str = "application/x-fedview-panel";

/// What a panel shows.
#[derive(Properties, Debug)]
pub struct BoardPanelProps {
    /// The panel.
    pub panel: Rc<Panel>,
    /// Its title, variables substituted.
    pub title: String,
    /// Its row and place in the row.
    pub at: (usize, usize),
    /// Where it goes in the row's grid.
    pub placement: Placement,
    /// Its queries and what they answered so far.
    pub answers: Vec<(PanelKey, Option<PanelAnswer>)>,
    /// A text panel's document, variables substituted.
    #[prop_or_default]
    pub text: Rc<Vec<Block>>,
    /// The colour theme the chart is drawn in.
    pub theme: ThemeChoice,
    /// What the panel's tools do to its board (move, resize, remove, drag the range).
    pub on_board: Callback<BoardAction>,
    /// Which copy of a repeated panel it is (0: the panel itself).
    #[prop_or_default]
    pub copy: usize,
    /// The board's variables as a data link writes them, for its `$name`s.
    #[prop_or_default]
    pub link_variables: Rc<Vec<(String, String)>>,
}

/// The panel and its document are shared with the board's memo (`BoardsView`), so the
/// same `Rc` means the same panel and nothing is compared field by field.
impl PartialEq for BoardPanelProps {
    fn eq(&self, other: &Self) -> bool {
        (Rc::ptr_eq(&self.panel, &other.panel) || self.panel == other.panel)
            && (Rc::ptr_eq(&self.text, &other.text) || self.text == other.text)
            && (Rc::ptr_eq(&self.link_variables, &other.link_variables)
                || self.link_variables == other.link_variables)
            && self.title == other.title
            && self.at == other.at
            && self.placement == other.placement
            && self.answers == other.answers
            && self.theme == other.theme
            && self.on_board == other.on_board
            && self.copy == other.copy
    }
}

thread_local! {
    /// How many times a board panel has rendered on this page.
    static RENDERS: Cell<u64> = const { Cell::new(0) };
}

/// How many times board panels have rendered on this page, all panels together: a panel
/// whose props are unchanged is not rendered again (`tests/renders.rs` counts on it).
pub fn renders() -> u64 {
    RENDERS.with(Cell::get)
}

/// The unit a Grafana unit name stands for.
pub fn unit_of(panel: &Panel) -> Unit {
    match panel.unit.as_deref() {
        Some("s") => Unit::Seconds,
        Some("bytes" | "decbytes") => Unit::Bytes,
        Some("percentunit") => Unit::Ratio,
        Some("percent") => Unit::Percent,
        _ => Unit::None,
    }
}

/// The unit of a heatmap's bucket bounds: the panel's, else the bucket metric's name.
fn bucket_unit(panel: &Panel) -> Unit {
    if panel.unit.is_some() {
        return unit_of(panel);
    }
    panel
        .queries
        .iter()
        .find_map(|q| {
            let at = q.expr.find("_bucket")?;
            let name_start = q
                .expr
                .get(..at)?
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |i| i + 1);
            Some(Unit::of(q.expr.get(name_start..at)?, None))
        })
        .unwrap_or(Unit::None)
}

/// The lines of every answered query after the panel's row calculations, coloured in
/// turn; an overlay's lines are moved forward by their shift and named for it.
fn lines_of(panel: &Panel, answers: &[(PanelKey, Option<PanelAnswer>)]) -> Vec<ChartLine> {
    let lines = answered_lines(answers);
    if !reduces_rows(&panel.transformations) {
        return lines;
    }
    let (overlays, own): (Vec<ChartLine>, Vec<ChartLine>) =
        lines.into_iter().partition(|line| line.dashed);
    let series = own
        .into_iter()
        .map(|line| (line.label, line.points))
        .collect();
    calculated(series, &panel.transformations)
        .into_iter()
        .map(|(label, points)| (label, points, false))
        .chain(overlays.into_iter().map(|l| (l.label, l.points, true)))
        .enumerate()
        .map(|(color, (label, points, dashed))| ChartLine {
            label,
            points,
            color,
            dashed,
        })
        .collect()
}

/// A line's name as the panel shows it: an overlay's is named for its shift.
fn answered_label(key: &PanelKey, line: &ChartLine) -> String {
    if key.shift_s == 0 {
        line.label.clone()
    } else {
        format!("{} ({} earlier)", line.label, shift_name(key.shift_s))
    }
}

/// Each answered series' name with the reference of the query that answered it: the
/// answers come a query after the other, the panel's shown queries, then again for an
/// overlay.
fn series_queries(
    panel: &Panel,
    answers: &[(PanelKey, Option<PanelAnswer>)],
) -> Vec<(String, String)> {
    let references: Vec<String> = panel
        .queries
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.hidden)
        .map(|(i, q)| q.reference(i))
        .collect();
    if references.is_empty() {
        return Vec::new();
    }
    answers
        .iter()
        .enumerate()
        .flat_map(|(at, (key, answer))| {
            let reference = &references[at % references.len()];
            let lines = match answer {
                Some(PanelAnswer::Done(done)) => done.lines.as_slice(),
                _ => &[],
            };
            lines
                .iter()
                .map(move |line| (answered_label(key, line), reference.clone()))
        })
        .collect()
}

/// The lines of every answered query, coloured in turn; an overlay's lines are moved
/// forward by their shift and named for it.
fn answered_lines(answers: &[(PanelKey, Option<PanelAnswer>)]) -> Vec<ChartLine> {
    let mut lines = Vec::new();
    for (key, answer) in answers {
        let Some(PanelAnswer::Done(done)) = answer else {
            continue;
        };
        let shift_ms = i64::try_from(key.shift_s).unwrap_or(0) * 1000;
        for line in &done.lines {
            let label = answered_label(key, line);
            lines.push(ChartLine {
                label,
                points: line
                    .points
                    .iter()
                    .map(|&(t, v)| (t + shift_ms, v))
                    .collect(),
                color: lines.len(),
                dashed: key.shift_s > 0,
            });
        }
    }
    lines
}

/// `86400` as `1 day`, `604800` as `7 days`.
fn shift_name(seconds: u64) -> String {
    match seconds {
        s if s % 86_400 == 0 => {
            let days = s / 86_400;
            format!("{days} day{}", if days == 1 { "" } else { "s" })
        }
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s => format!("{s}s"),
    }
}

/// The latest finite value of a line.
fn latest(line: &ChartLine) -> Option<f64> {
    line.points
        .iter()
        .rev()
        .map(|p| p.1)
        .find(|v| v.is_finite())
}

/// A table legend's columns: each calculation's name, and its value for each listed line
/// in the panel's unit.
fn legend_columns(panel: &Panel, lines: &[ChartLine]) -> Vec<(String, Vec<String>)> {
    let legend = &panel.display.legend;
    if !legend.table {
        return Vec::new();
    }
    legend
        .calcs
        .iter()
        .map(|calc| {
            let values = lines
                .iter()
                .take(MAX_LEGEND)
                .map(|line| {
                    let values: Vec<Option<f64>> = line
                        .points
                        .iter()
                        .map(|p| p.1.is_finite().then_some(p.1))
                        .collect();
                    reduce(calc, &values).map_or_else(
                        || "–".to_owned(),
                        |v| {
                            format_value(panel.unit.as_deref(), v, panel.display.decimals)
                                .to_string()
                        },
                    )
                })
                .collect();
            (calc_name(calc).to_owned(), values)
        })
        .collect()
}

/// Legend entries a panel lists at most.
const MAX_LEGEND: usize = 20;

/// One panel.
#[component]
pub fn BoardPanel(props: &BoardPanelProps) -> Html {
    RENDERS.with(|count| count.set(count.get() + 1));
    let node = use_node_ref();
    let canvas = use_node_ref();
    let editing = use_state_eq(|| false);
    let menu = use_state_eq(|| false);
    let menu_button = use_node_ref();
    // What the chart last drew, for the read-out and for panning.
    let drawn = use_mut_ref(Drawn::default);
    let hover = use_state_eq(|| None::<(f64, Vec<String>)>);
    let drag_from = use_mut_ref(|| None::<f64>);
    let hidden = use_state_eq(BTreeSet::<String>::new);
    // The table the user chose from a table panel's menu, when its transformations leave
    // several (Grafana keeps it as the panel's `frameIndex`).
    let frame = use_state_eq(|| None::<usize>);
    {
        // The CSP forbids inline styles: the grid place is set through the CSSOM.
        let node = node.clone();
        use_effect_with(props.placement, move |placement| {
            if let Some(element) = node.cast::<HtmlElement>() {
                let style = element.style();
                let _ = style.set_property("grid-column", &placement.grid_column());
                let _ = style.set_property("grid-row", &placement.grid_row());
            }
            || ()
        });
    }
    {
        // A table's coloured cells carry their colours for the CSSOM (no inline styles);
        // other panels have none to look for.
        let node = node.clone();
        let table = props.panel.kind == PanelKind::Table;
        use_effect(move || {
            if let Some(element) = node.cast::<web_sys::Element>().filter(|_| table) {
                crate::components::panel_table::paint_cells(&element);
            }
        });
    }
    let panel: &Panel = &props.panel;
    let unit = unit_of(panel);
    let lines = lines_of(panel, &props.answers);
    // Overrides by query (`byFrameRefID`) apply to the series that query answered.
    let resolved;
    let panel: &Panel = if panel.display.matches_by_frame() {
        resolved = Panel {
            display: Box::new(
                panel
                    .display
                    .with_frames(&series_queries(panel, &props.answers)),
            ),
            ..panel.clone()
        };
        &resolved
    } else {
        panel
    };
    // The time axis spans the window the panel asked for, as Grafana's spans the board's
    // range whatever the data covers (a minute of data sits at the right end of six hours).
    let window = props
        .answers
        .iter()
        .filter(|(key, _)| key.shift_s == 0)
        .map(|(key, _)| (key.start, key.end))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    // A heatmap panel over buckets draws them binned; anything else as lines.
    let heatmap = (panel.kind == PanelKind::Heatmap)
        .then(|| {
            props.answers.iter().find_map(|(_, a)| match a {
                Some(PanelAnswer::Done(done)) => done.heatmap.clone(),
                _ => None,
            })
        })
        .flatten();
    let draws_lines =
        heatmap.is_none() && matches!(panel.kind, PanelKind::TimeSeries | PanelKind::Heatmap);
    {
        let canvas = canvas.clone();
        let theme = props.theme;
        let bounds_unit = bucket_unit(panel);
        use_effect_with((heatmap.clone(), theme), move |(map, theme)| {
            if let (Some(map), Some(element)) = (map, canvas.cast::<HtmlCanvasElement>()) {
                let (map, theme) = (map.clone(), chart_theme(*theme));
                paint_in_next_frame(&element.clone(), move |width| {
                    paint_heatmap_at(&element, width, &map, bounds_unit, theme);
                    mark_drawn(&element);
                    crate::app::data_link::mark("fedview-board-panel-drawn");
                });
            }
            || ()
        });
    }
    {
        let canvas = canvas.clone();
        let theme = props.theme;
        let hidden = (*hidden).clone();
        let drawn = drawn.clone();
        use_effect_with(
            (
                lines.clone(),
                theme,
                draws_lines,
                hidden,
                panel.display.clone(),
                panel.unit.clone(),
                window,
            ),
            move |(lines, theme, draws, hidden, display, grafana_unit, window)| {
                if let (true, Some(element)) = (*draws, canvas.cast::<HtmlCanvasElement>()) {
                    if !lines.is_empty() {
                        let percent = stacks_to_percent(display, lines);
                        let (lines, styles) = styled_lines(display, lines.clone(), is_dark(*theme));
                        let plot = LinePlot {
                            unit,
                            lines,
                            styles,
                            // A 100 % stack's axis reads shares, as in Grafana.
                            grafana_unit: Some((
                                if percent {
                                    Some("percentunit".to_owned())
                                } else {
                                    grafana_unit.clone()
                                },
                                display.decimals,
                            )),
                            bounds: Bounds {
                                min: display.min,
                                max: display.max,
                                soft_min: display.soft_min,
                                soft_max: display.soft_max,
                            },
                            range: *window,
                            ..LinePlot::default()
                        };
                        let (hidden, theme, drawn) =
                            (hidden.clone(), chart_theme(*theme), drawn.clone());
                        paint_in_next_frame(&element.clone(), move |width| {
                            if let Some(now) = paint_lines_at(&element, width, plot, &hidden, theme)
                            {
                                *drawn.borrow_mut() = now;
                            }
                            mark_drawn(&element);
                            crate::app::data_link::mark("fedview-board-panel-drawn");
                        });
                    }
                }
                || ()
            },
        );
    }
    let loading = props
        .answers
        .iter()
        .any(|(_, a)| matches!(a, None | Some(PanelAnswer::Loading)));
    let failures: Vec<String> = props
        .answers
        .iter()
        .filter_map(|(_, a)| match a {
            Some(PanelAnswer::Failed(e)) => Some(e.message.clone()),
            _ => None,
        })
        .collect();
    let body = match &panel.kind {
        PanelKind::Text(_) => panel_text::view(&props.text),
        PanelKind::Unsupported(kind) => html! {
            <p class="status placeholder">{ format!("A \"{kind}\" panel: fedview does not draw this type.") }</p>
        },
        _ if panel.queries.is_empty() => {
            html! { <p class="status">{ "This panel has no queries." }</p> }
        }
        _ if !failures.is_empty() => html! {
            <p class="bad panel-error" role="alert">{ failures.join(" · ") }</p>
        },
        _ if lines.is_empty() && loading => html! { <p class="status">{ "Loading…" }</p> },
        _ if lines.is_empty() => html! { <p class="status">{ "No data in this range." }</p> },
        PanelKind::Heatmap if heatmap.is_some() => html! {
            <canvas class="board-plot" ref={canvas} width="600" height="200" role="img"
                aria-label={format!("Heatmap of {}", props.title)} />
        },
        PanelKind::TimeSeries | PanelKind::Heatmap => {
            let (legend, legend_colors) = legend_lines(
                &panel.display,
                &lines[..lines.len().min(MAX_LEGEND)],
                is_dark(props.theme),
            );
            let on_toggle = {
                let hidden = hidden.clone();
                Callback::from(move |label: String| {
                    let mut next = (*hidden).clone();
                    if !next.remove(&label) {
                        next.insert(label);
                    }
                    hidden.set(next);
                })
            };
            // A pointer (mouse or finger) on the chart shows the values under it; dragging
            // sideways moves the board's time window.
            let read_out = {
                let drawn = drawn.clone();
                let hover = hover.clone();
                move |x: f64| {
                    hover.set(read_out(&drawn.borrow(), x, unit, false, 6).map(|text| (x, text)));
                }
            };
            let on_move = {
                let read_out = read_out.clone();
                Callback::from(move |e: PointerEvent| read_out(f64::from(e.offset_x())))
            };
            let on_down = {
                let drag_from = drag_from.clone();
                Callback::from(move |e: PointerEvent| {
                    let x = f64::from(e.offset_x());
                    *drag_from.borrow_mut() = Some(x);
                    read_out(x);
                })
            };
            let on_up = {
                let drag_from = drag_from.clone();
                let drawn = drawn.clone();
                let on_board = props.on_board.clone();
                Callback::from(move |e: PointerEvent| {
                    let Some(from) = drag_from.borrow_mut().take() else {
                        return;
                    };
                    let to = f64::from(e.offset_x());
                    let now = drawn.borrow();
                    if (to - from).abs() < 20.0 {
                        return;
                    }
                    if let (Some(a), Some(b)) = (
                        time_at(from, now.width, now.start, now.end),
                        time_at(to, now.width, now.start, now.end),
                    ) {
                        let shift = a - b;
                        on_board.emit(BoardAction::SetRange(Range::Between(
                            now.start + shift,
                            now.end + shift,
                        )));
                    }
                })
            };
            let on_leave = {
                let hover = hover.clone();
                let drag_from = drag_from.clone();
                Callback::from(move |_: PointerEvent| {
                    drag_from.borrow_mut().take();
                    hover.set(None);
                })
            };
            html! {
                <>
                    <div class="plot">
                        <canvas class="board-plot" ref={canvas} width="600" height="200" role="img"
                            aria-label={format!("Chart of {}", props.title)}
                            onpointermove={on_move} onpointerdown={on_down} onpointerup={on_up}
                            onpointerleave={on_leave} />
                        if let Some((x, rows)) = (*hover).clone() {
                            <div class="readout board-readout" role="status" data-x={x.to_string()}>
                                { for rows.into_iter().map(|row| html! { <div>{ row }</div> }) }
                            </div>
                        }
                    </div>
                    if !panel.display.legend.hidden {
                    <Legend id={match props.copy {
                            0 => format!("legend-{}-{}", props.at.0, props.at.1),
                            copy => format!("legend-{}-{}-{copy}", props.at.0, props.at.1),
                        }}
                        lines={legend.clone()}
                        hidden={(*hidden).clone()} {on_toggle}
                        columns={legend_columns(panel, &legend)}
                        colors={legend_colors.clone()} />
                    }
                </>
            }
        }
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {
            panel_values(panel, &lines, is_dark(props.theme))
        }
        PanelKind::Table if props.answers.iter().any(|(key, _)| key.table) => {
            let frame_setter = frame.setter();
            let on_choose = Callback::from(move |at| frame_setter.set(Some(at)));
            table_view(
                panel,
                &props.answers,
                &props.link_variables,
                is_dark(props.theme),
                *frame,
                on_choose,
            )
        }
        PanelKind::Table => html! {
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{ "Series" }</th><th scope="col">{ "Value" }</th></tr></thead>
                <tbody>
                    { for lines.iter().take(100).map(|line| html! {
                        <tr><td class="series">{ line.label.clone() }</td>
                            <td>{ latest(line).map_or("–".to_owned(), |v| {
                                format_value(panel.unit.as_deref(), v, panel.display.decimals).to_string()
                            }) }</td></tr>
                    }) }
                </tbody>
            </table></div>
        },
    };
    let (row, index) = props.at;
    let dispatch = |action: BoardAction| props.on_board.reform(move |_: MouseEvent| action.clone());
    let on_columns = {
        let on_board = props.on_board.clone();
        let rows = panel.grid.h;
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(columns) = select.value().parse() {
                on_board.emit(BoardAction::Size {
                    row,
                    panel: index,
                    columns,
                    rows,
                });
            }
        })
    };
    let on_rows = {
        let on_board = props.on_board.clone();
        let columns = panel.grid.w;
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(rows) = select.value().parse() {
                on_board.emit(BoardAction::Size {
                    row,
                    panel: index,
                    columns,
                    rows,
                });
            }
        })
    };
    let on_menu = {
        let menu = menu.clone();
        Callback::from(move |_: MouseEvent| menu.set(!*menu))
    };
    let on_menu_key = {
        let menu = menu.clone();
        let button = menu_button.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Esc closes the menu and gives the focus back to its button, as a menu does.
            if e.key() == "Escape" && *menu {
                menu.set(false);
                if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        })
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let on_close = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(false))
    };
    // The title is the handle a panel is dragged by (the chart itself pans on a drag); a
    // drop on another panel of the same row puts it there.
    let on_drag_start = Callback::from(move |e: DragEvent| {
        if let Some(data) = e.data_transfer() {
            let _ = data.set_data(PANEL_DRAG, &format!("{row}:{index}"));
            data.set_effect_allowed("move");
        }
    });
    let on_drag_over = Callback::from(|e: DragEvent| {
        let ours = e
            .data_transfer()
            .is_some_and(|d| d.types().includes(&PANEL_DRAG.into(), 0));
        if ours {
            e.prevent_default();
        }
    });
    let on_drop = {
        let on_board = props.on_board.clone();
        Callback::from(move |e: DragEvent| {
            let dragged = e
                .data_transfer()
                .and_then(|d| d.get_data(PANEL_DRAG).ok())
                .and_then(|text| {
                    let (r, i) = text.split_once(':')?;
                    Some((r.parse::<usize>().ok()?, i.parse::<usize>().ok()?))
                });
            if let Some((from_row, from)) = dragged {
                e.prevent_default();
                e.stop_propagation();
                if from_row == row {
                    on_board.emit(BoardAction::Place {
                        row,
                        from,
                        to: index,
                    });
                }
            }
        })
    };
    html! {
        <article class="board-panel" ref={node} data-kind={panel.kind.grafana_type().to_owned()}
            ondragover={on_drag_over} ondrop={on_drop}>
            <div class="board-panel-head">
                <h4 draggable="true" class="drag-handle" title={props.title.clone()}
                    ondragstart={on_drag_start}>{ props.title.clone() }</h4>
                <div class="panel-menu" onkeydown={on_menu_key}>
                    <button type="button" class="link panel-menu-button" aria-haspopup="true" ref={menu_button}
                        aria-expanded={menu.to_string()} aria-label={format!("Menu of {}", props.title)}
                        onclick={on_menu}>{ "⋮" }</button>
                    if *menu {
                        <div class="panel-tools" role="group" aria-label={format!("Tools of {}", props.title)}>
                            <button type="button" class="link" aria-label={format!("Move {} earlier", props.title)}
                                onclick={dispatch(BoardAction::Move { row, panel: index, later: false })}>{ "← Earlier" }</button>
                            <button type="button" class="link" aria-label={format!("Move {} later", props.title)}
                                onclick={dispatch(BoardAction::Move { row, panel: index, later: true })}>{ "Later →" }</button>
                            <label class="panel-size">{ "Width" }
                                <select aria-label={format!("Width of {} in columns of 24", props.title)} onchange={on_columns}>
                                    { for (1..=GRID_COLUMNS).map(|c| html! {
                                        <option value={c.to_string()} selected={c == panel.grid.w}>{ c.to_string() }</option>
                                    }) }
                                </select>
                            </label>
                            <label class="panel-size">{ "Height" }
                                <select aria-label={format!("Height of {} in rows", props.title)} onchange={on_rows}>
                                    { for (1..=MAX_ROWS.max(panel.grid.h)).map(|r| html! {
                                        <option value={r.to_string()} selected={r == panel.grid.h}>{ r.to_string() }</option>
                                    }) }
                                </select>
                            </label>
                            <button type="button" class="link panel-edit" aria-label={format!("Edit {}", props.title)}
                                aria-expanded={editing.to_string()} onclick={on_edit}>{ "✎ Edit" }</button>
                            <button type="button" class="link" aria-label={format!("Remove {}", props.title)}
                                onclick={dispatch(BoardAction::Remove { row, panel: index })}>{ "✕ Remove" }</button>
                        </div>
                    }
                </div>
            </div>
            if *editing {
                <PanelEditor panel={(*props.panel).clone()} at={props.at} on_close={on_close} />
            } else {
                { body }
            }
        </article>
    }
}
