//! One PromQL expression's editor: a textarea over a coloured copy of its text, a
//! completion list driven by the keyboard (Tab or Enter takes, Esc closes, arrows move),
//! and the parser's objection under it with a caret at its line and column.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::{
    app::context::use_app,
    app::{
        query_state::{names_query, QueryAction},
        state::Action,
    },
    board::variables::VariableQuery,
    editor::{
        completion::{accept, place, suggest, Context, Known, Place, Suggestion},
        tokens::tokenize,
    },
    promql::lint::LintError,
};

/// The editor's props.
#[derive(Debug, Properties, PartialEq)]
pub struct PromqlEditorProps {
    /// Which expression of the page.
    pub index: usize,
    /// Its text.
    pub text: String,
    /// The parser's objection to it, if any.
    #[prop_or_default]
    pub error: Option<LintError>,
    /// Runs the page's queries (Ctrl+Enter).
    pub on_run: Callback<()>,
}

/// The element id of expression `index`'s textarea (`promql` for the first).
pub fn input_id(index: usize) -> String {
    if index == 0 {
        "promql".to_owned()
    } else {
        format!("promql-{index}")
    }
}

/// The text as coloured spans, plus a trailing space so a final line break shows.
fn highlighted(text: &str) -> Html {
    let spans = tokenize(text).into_iter().map(|t| {
        html! { <span class={t.kind.class()}>{ t.text(text) }</span> }
    });
    html! { <>{ for spans }{ " " }</> }
}

/// The line of `text` an error points at, with a caret under its column.
pub fn caret(text: &str, line: usize, column: usize) -> Option<String> {
    let row = text.lines().nth(line.checked_sub(1)?).unwrap_or_default();
    let pad: String = row
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    Some(format!("{row}\n{pad}^"))
}

/// What completion should ask the upstream for `context`.
fn questions(context: &Context) -> Vec<VariableQuery> {
    let names = names_query();
    let scope = |metric: &Option<String>| metric.clone();
    match context {
        Context::LabelName { metric, .. } => vec![
            names,
            VariableQuery::LabelNames {
                selector: scope(metric),
            },
        ],
        Context::LabelValue { metric, label, .. } => vec![
            names,
            VariableQuery::LabelValues {
                label: label.clone(),
                selector: scope(metric),
            },
        ],
        _ => vec![names],
    }
}

/// The completion list's state: where it completes, and which entry is picked.
#[derive(Debug, Clone, PartialEq)]
struct Popup {
    place: Place,
    cursor: usize,
    picked: usize,
}

/// The editor.
#[component]
pub fn PromqlEditor(props: &PromqlEditorProps) -> Html {
    let state = use_app();
    let popup = use_state(|| None::<Popup>);
    let area = use_node_ref();
    let index = props.index;
    let id = input_id(index);
    {
        // The textarea holds what the user types; the state's text is written into it only
        // when it changed elsewhere (a query picked from the history, a part of Explain),
        // so a render never puts back older text under fast typing.
        let area = area.clone();
        use_effect_with(props.text.clone(), move |text| {
            if let Some(element) = area.cast::<HtmlTextAreaElement>() {
                if element.value() != *text {
                    element.set_value(text);
                }
            }
            || ()
        });
    }

    // The suggestions for where the cursor is, from the names the upstream gave.
    let suggestions: Vec<Suggestion> = match &*popup {
        Some(p) => {
            let answers = &state.query.suggestions;
            let empty = Vec::new();
            let metrics = state.query.metric_names.as_ref();
            let (labels, values) = match &p.place.context {
                Context::LabelName { metric, .. } => (
                    answers
                        .get(&VariableQuery::LabelNames {
                            selector: metric.clone(),
                        })
                        .map_or(&empty, |v| v.as_ref()),
                    &empty,
                ),
                Context::LabelValue { metric, label, .. } => (
                    &empty,
                    answers
                        .get(&VariableQuery::LabelValues {
                            label: label.clone(),
                            selector: metric.clone(),
                        })
                        .map_or(&empty, |v| v.as_ref()),
                ),
                _ => (&empty, &empty),
            };
            suggest(
                &p.place.context,
                Known {
                    metrics,
                    labels,
                    values,
                },
            )
        }
        None => Vec::new(),
    };

    // Where the cursor is now: completion follows it.
    let follow = {
        let state = state.clone();
        let popup = popup.clone();
        move |area: &HtmlTextAreaElement| {
            let text = area.value();
            let cursor = byte_offset(&text, area.selection_start().ok().flatten().unwrap_or(0));
            let at = place(&text, cursor);
            if at.context == Context::Nothing {
                popup.set(None);
            } else {
                let wanted = questions(&at.context);
                if state.query.wanted != wanted {
                    state.dispatch(Action::Query(QueryAction::Want(wanted)));
                }
                popup.set(Some(Popup {
                    place: at,
                    cursor,
                    picked: 0,
                }));
            }
        }
    };

    let on_input = {
        let state = state.clone();
        let follow = follow.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::Query(QueryAction::Edit(index, area.value())));
            follow(&area);
        })
    };
    let take = {
        let state = state.clone();
        let popup = popup.clone();
        let area = area.clone();
        move |suggestion: &Suggestion| {
            let (Some(p), Some(element)) = (&*popup, area.cast::<HtmlTextAreaElement>()) else {
                return;
            };
            let text = element.value();
            let (next, cursor) = accept(&text, p.cursor, &p.place, suggestion);
            element.set_value(&next);
            let at = utf16_offset(&next, cursor);
            let _ = element.set_selection_range(at, at);
            state.dispatch(Action::Query(QueryAction::Edit(index, next)));
            popup.set(None);
        }
    };
    let on_keydown = {
        let popup = popup.clone();
        let on_run = props.on_run.clone();
        let suggestions = suggestions.clone();
        let take = take.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" && (e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                popup.set(None);
                on_run.emit(());
                return;
            }
            let Some(p) = (*popup).clone().filter(|_| !suggestions.is_empty()) else {
                return;
            };
            let count = suggestions.len();
            match key.as_str() {
                "ArrowDown" => {
                    e.prevent_default();
                    popup.set(Some(Popup {
                        picked: (p.picked + 1) % count,
                        ..p
                    }));
                }
                "ArrowUp" => {
                    e.prevent_default();
                    popup.set(Some(Popup {
                        picked: (p.picked + count - 1) % count,
                        ..p
                    }));
                }
                "Escape" => {
                    e.prevent_default();
                    popup.set(None);
                }
                "Tab" | "Enter" => {
                    e.prevent_default();
                    if let Some(s) = suggestions.get(p.picked) {
                        take(s);
                    }
                }
                _ => {}
            }
        })
    };
    let on_keyup = {
        let follow = follow.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Moving the cursor sideways moves completion with it.
            if matches!(
                e.key().as_str(),
                "ArrowLeft" | "ArrowRight" | "Home" | "End"
            ) {
                follow(&e.target_unchecked_into());
            }
        })
    };
    let on_blur = {
        let popup = popup.clone();
        Callback::from(move |_: FocusEvent| popup.set(None))
    };
    let list = match &*popup {
        Some(p) if !suggestions.is_empty() => {
            let items = suggestions.iter().enumerate().map(|(i, s)| {
                let take = take.clone();
                let chosen = s.clone();
                // Taken on mousedown, before the textarea's blur closes the list.
                let on_pick = Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    take(&chosen);
                });
                let picked = i == p.picked;
                html! {
                    <li role="option" aria-selected={picked.to_string()} class={classes!("suggestion", picked.then_some("picked"))}
                        onmousedown={on_pick} data-text={s.text.clone()}>
                        <span class={classes!("kind", format!("kind-{:?}", s.kind).to_lowercase())}>{ kind_letter(s) }</span>
                        <span class="name">{ s.text.clone() }</span>
                        <span class="detail">{ s.detail.clone() }</span>
                    </li>
                }
            });
            html! {
                <ul id={format!("{id}-suggestions")} class="suggestions" role="listbox" aria-label="Completions">
                    { for items }
                </ul>
            }
        }
        _ => html! {},
    };
    let lint = props.error.as_ref().map(|error| {
        html! {
            <div id={format!("{id}-lint")} class="query-error lint" role="alert">
                <p><strong>{ format!("Line {}, column {}: ", error.line, error.column) }</strong>{ error.message.clone() }</p>
                if let Some(marked) = caret(&props.text, error.line, error.column) {
                    <pre class="caret" aria-label="Where the error is">{ marked }</pre>
                }
            </div>
        }
    });
    html! {
        <div class="promql-editor">
            <div class="promql-box">
                <pre class="promql-highlight" aria-hidden="true">{ highlighted(&props.text) }</pre>
                <textarea id={id.clone()} ref={area} class="promql-input" rows="2" spellcheck="false"
                    autocomplete="off" aria-label={format!("Expression {}", index + 1)}
                    aria-invalid={props.error.is_some().to_string()}
                    placeholder="sum by (region) (rate(sip_responses_total[5m]))"
                    oninput={on_input} onkeydown={on_keydown}
                    onkeyup={on_keyup} onblur={on_blur} />
            </div>
            // Stable slots: what changes inside them never replaces the textarea (and its
            // cursor) above.
            <div class="completion-slot">{ list }</div>
            <div class="lint-slot">{ for lint }</div>
        </div>
    }
}

fn kind_letter(s: &Suggestion) -> &'static str {
    use crate::editor::completion::SuggestionKind as K;
    match s.kind {
        K::Metric => "m",
        K::Function => "f",
        K::Aggregation => "a",
        K::Keyword => "k",
        K::Label => "l",
        K::Value => "v",
        K::Duration => "d",
    }
}

/// The byte offset of UTF-16 position `utf16` (the DOM's) in `text`.
fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0_u32;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 position (the DOM's) of byte `offset` in `text`.
fn utf16_offset(text: &str, offset: usize) -> u32 {
    text.get(..offset)
        .unwrap_or(text)
        .encode_utf16()
        .count()
        .try_into()
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_between_the_dom_and_rust() {
        let text = "é𝄞x";
        assert_eq!(byte_offset(text, 1), 2);
        assert_eq!(byte_offset(text, 3), 6);
        assert_eq!(utf16_offset(text, 6), 3);
    }

    #[test]
    fn the_caret_sits_under_the_column() {
        assert_eq!(caret("sum(x", 1, 4), Some("sum(x\n   ^".to_owned()));
        assert_eq!(caret("a\nb +", 2, 4), Some("b +\n   ^".to_owned()));
    }
}
