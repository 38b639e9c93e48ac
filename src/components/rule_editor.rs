//! The rule form on the Alerts tab: a new alerting rule, or one of the rules changed. Its
//! expression is written on the PromQL page (completion, the parser's check and Explain
//! are there): "Write it on the PromQL page" takes it there, and that page's "Back to the
//! rule" brings it back. "Save" checks the rule as an imported one is checked and keeps it
//! only if it reads; else the form says why and keeps what was typed.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    alerts::rule_draft::DraftField,
    app::{
        alerts_state::AlertsAction,
        context::{use_app, use_promql_link},
        services::{save_rule_draft, write_rule_query},
        state::Action,
    },
};

/// The form, when a rule is being written.
#[component]
pub fn RuleEditor() -> Html {
    let state = use_app();
    let promql = use_promql_link();
    let Some(draft) = &state.alerts.draft else {
        return Html::default();
    };
    let edit = |field: DraftField| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let value = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<HtmlTextAreaElement>()
                        .map(|a| a.value())
                })
                .unwrap_or_default();
            state.dispatch(Action::Alerts(AlertsAction::DraftEdited(field, value)));
        })
    };
    let on_save = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            save_rule_draft(&state, &promql);
        })
    };
    let on_write = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| write_rule_query(&state))
    };
    let on_cancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Alerts(AlertsAction::DraftClosed))
        })
    };
    let new_group = !state
        .alerts
        .file
        .groups
        .iter()
        .any(|g| g.name == draft.group.trim());
    let field = |id: &'static str,
                 label: &'static str,
                 value: &str,
                 kind: DraftField,
                 hint: &'static str| {
        html! {
            <div class="field">
                <label for={id}>{ label }</label>
                <input {id} type="text" value={value.to_owned()} placeholder={hint}
                    spellcheck="false" autocomplete="off" oninput={edit(kind)} />
            </div>
        }
    };
    html! {
        <form id="rule-form" class="rule-form panel" onsubmit={on_save} aria-labelledby="rule-form-title" novalidate=true>
            <h3 id="rule-form-title">{ if draft.replaces.is_some() { "Change the alerting rule" } else { "New alerting rule" } }</h3>
            { field("rule-name", "Alert name", &draft.name, DraftField::Name, "HighErrorRate") }
            <div class="field">
                <label for="rule-expr">{ "Expression (PromQL)" }</label>
                <textarea id="rule-expr" rows="3" spellcheck="false" value={draft.expr.clone()}
                    oninput={edit(DraftField::Expr)} />
                <button id="rule-write-query" type="button" class="link" onclick={on_write}>
                    { "Write it on the PromQL page (completion, check, Explain)" }</button>
            </div>
            { field("rule-for", "Pending for (for)", &draft.for_, DraftField::For, "5m") }
            { field("rule-keep-firing", "Keep firing for (keep_firing_for)", &draft.keep_firing_for, DraftField::KeepFiringFor, "0s") }
            <div class="field">
                <label for="rule-labels">{ "Labels, one name: value a line" }</label>
                <textarea id="rule-labels" rows="2" spellcheck="false" value={draft.labels.clone()}
                    placeholder="severity: page" oninput={edit(DraftField::Labels)} />
            </div>
            <div class="field">
                <label for="rule-annotations">{ "Annotations, one name: value a line (templates as Prometheus's)" }</label>
                <textarea id="rule-annotations" rows="3" spellcheck="false" value={draft.annotations.clone()}
                    placeholder="summary: {{ $labels.instance }} is at {{ $value | humanizePercentage }}"
                    oninput={edit(DraftField::Annotations)} />
            </div>
            { field("rule-group", "Group", &draft.group, DraftField::Group, "fedview") }
            if new_group {
                { field("rule-interval", "The new group's interval", &draft.interval, DraftField::Interval, "1m") }
            }
            if !state.alerts.draft_errors.is_empty() {
                <ul id="rule-form-errors" class="bad" role="alert">
                    { for state.alerts.draft_errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
                </ul>
            }
            <div class="actions">
                <button id="rule-save" type="submit">{ "Save the rule" }</button>
                <button id="rule-cancel" type="button" class="secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </form>
    }
}
