//! Editing a panel of a board: its title and kind, its queries (each with a legend format
//! such as `{{region}}`), its own time range, and an overlay of the same queries a day or
//! a week earlier; or, for a text panel, its text and how it is written.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::board_state::BoardAction,
    app::context::use_app,
    app::state::Action,
    board::{
        model::{Panel, PanelKind, PanelQuery},
        text_panel::TextMode,
    },
    net::range_query::PRESETS,
};

/// The kinds a panel can be switched to, with their names in the picker.
const KINDS: [(&str, &str); 6] = [
    ("timeseries", "Time series"),
    ("stat", "Stat"),
    ("gauge", "Gauge"),
    ("bargauge", "Bar gauge"),
    ("table", "Table"),
    ("text", "Text"),
];

/// How a text panel's text can be written.
const TEXT_MODES: [(TextMode, &str); 3] = [
    (TextMode::Markdown, "Markdown"),
    (TextMode::Html, "HTML"),
    (TextMode::Code, "Code"),
];

/// Overlays offered: none, a day earlier, a week earlier.
const SHIFTS: [(u64, &str); 3] = [
    (0, "No overlay"),
    (86_400, "1 day earlier"),
    (604_800, "7 days earlier"),
];

/// What the editor edits.
#[derive(Properties, PartialEq, Debug)]
pub struct PanelEditorProps {
    /// The panel as it stands.
    pub panel: Panel,
    /// Its row and place in the row.
    pub at: (usize, usize),
    /// Called when the editor closes (applied or not).
    pub on_close: Callback<()>,
}

/// The editor.
#[component]
pub fn PanelEditor(props: &PanelEditorProps) -> Html {
    let state = use_app();
    let draft = use_state(|| props.panel.clone());
    let id = format!("edit-{}-{}", props.at.0, props.at.1);
    let change = |apply: fn(&mut Panel, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    // Text goes into the draft as it is typed, so "Apply" never misses the last edit.
    let query_change = |index: usize, legend: bool| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            if let Some(query) = next.queries.get_mut(index) {
                let value = input.value();
                if legend {
                    query.legend = (!value.trim().is_empty()).then_some(value);
                } else {
                    query.expr = value;
                }
            }
            draft.set(next);
        })
    };
    let on_title = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            next.title = input.value();
            draft.set(next);
        })
    };
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let mut next = (*draft).clone();
            if let PanelKind::Text(text) = &mut next.kind {
                text.content = area.value();
            }
            draft.set(next);
        })
    };
    let on_add = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.queries.push(PanelQuery::default());
            draft.set(next);
        })
    };
    let on_apply = {
        let draft = draft.clone();
        let at = props.at;
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            let mut panel = (*draft).clone();
            panel.queries.retain(|q| !q.expr.trim().is_empty());
            state.dispatch(Action::Board(BoardAction::Replace {
                row: at.0,
                panel: at.1,
                with: panel,
            }));
            on_close.emit(());
        })
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let shift = draft.time_shift_s.unwrap_or(0);
    html! {
        <div class="panel-editor" role="group" aria-label={format!("Edit {}", props.panel.title)}>
            <div class="field">
                <label for={format!("{id}-title")}>{ "Title" }</label>
                <input id={format!("{id}-title")} type="text" value={draft.title.clone()}
                    oninput={on_title} />
            </div>
            <div class="field">
                <label for={format!("{id}-kind")}>{ "Kind" }</label>
                <select id={format!("{id}-kind")} onchange={change(|p, v| p.kind = PanelKind::from_grafana(&v))}>
                    { for KINDS.iter().map(|(value, name)| html! {
                        <option value={*value} selected={draft.kind.grafana_type() == *value}>{ *name }</option>
                    }) }
                </select>
            </div>
            if let PanelKind::Text(text) = &draft.kind {
                <div class="field">
                    <label for={format!("{id}-mode")}>{ "Written in" }</label>
                    <select id={format!("{id}-mode")} onchange={change(|p, v| {
                        if let PanelKind::Text(text) = &mut p.kind {
                            text.mode = TextMode::from_grafana(&v);
                        }
                    })}>
                        { for TEXT_MODES.iter().map(|(mode, name)| html! {
                            <option value={mode.grafana()} selected={text.mode == *mode}>{ *name }</option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for={format!("{id}-text")}>{ "Text" }</label>
                    <textarea id={format!("{id}-text")} rows="6" value={text.content.clone()} oninput={on_text} />
                </div>
            } else {
            { for draft.queries.iter().enumerate().map(|(i, q)| {
                let remove = {
                    let draft = draft.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*draft).clone();
                        if i < next.queries.len() {
                            next.queries.remove(i);
                        }
                        draft.set(next);
                    })
                };
                html! {
                    <div class="query-edit">
                        <label for={format!("{id}-expr-{i}")}>{ format!("Query {}", i + 1) }</label>
                        <input id={format!("{id}-expr-{i}")} type="text" spellcheck="false" value={q.expr.clone()}
                            oninput={query_change(i, false)} />
                        <label for={format!("{id}-legend-{i}")}>{ "Legend" }</label>
                        <input id={format!("{id}-legend-{i}")} type="text" placeholder="{{label}}"
                            value={q.legend.clone().unwrap_or_default()} oninput={query_change(i, true)} />
                        <button type="button" class="link" aria-label={format!("Remove query {}", i + 1)} onclick={remove}>{ "✕" }</button>
                    </div>
                }
            }) }
            <div class="field">
                <label for={format!("{id}-range")}>{ "Range" }</label>
                <select id={format!("{id}-range")}
                    onchange={change(|p, v| p.time_from_s = v.parse().ok().filter(|&s: &u64| s > 0))}>
                    <option value="0" selected={draft.time_from_s.is_none()}>{ "The board's" }</option>
                    { for PRESETS.iter().map(|(name, ms)| {
                        let seconds = (ms / 1000).unsigned_abs();
                        html! {
                            <option value={seconds.to_string()} selected={draft.time_from_s == Some(seconds)}>
                                { format!("Last {name}") }
                            </option>
                        }
                    }) }
                </select>
            </div>
            <div class="field">
                <label for={format!("{id}-shift")}>{ "Overlay" }</label>
                <select id={format!("{id}-shift")}
                    onchange={change(|p, v| p.time_shift_s = v.parse().ok().filter(|&s: &u64| s > 0))}>
                    { for SHIFTS.iter().map(|(seconds, name)| html! {
                        <option value={seconds.to_string()} selected={*seconds == shift}>{ *name }</option>
                    }) }
                </select>
            </div>
            }
            <div class="actions">
                if !matches!(draft.kind, PanelKind::Text(_)) {
                    <button type="button" class="secondary" onclick={on_add}>{ "Add query" }</button>
                }
                <button type="button" onclick={on_apply}>{ "Apply" }</button>
                <button type="button" class="secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
