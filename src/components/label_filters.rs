//! The label filters above a family's chart: a list of values for a label with few, a
//! typed value (with the first values as suggestions) for a label with many.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::analysis::chart_data::LabelValues;

/// The filters' properties.
#[derive(Debug, Properties, PartialEq)]
pub struct LabelFiltersProps {
    /// Each label with its values.
    pub choices: BTreeMap<String, LabelValues>,
    /// The value each filtered label must have.
    pub current: BTreeMap<String, String>,
    /// Called with a label and its new value (`None`: any).
    pub on_set: Callback<(String, Option<String>)>,
}

/// The label filters.
#[component]
pub fn LabelFilters(props: &LabelFiltersProps) -> Html {
    if props.choices.is_empty() {
        return html! {};
    }
    html! {
        <div class="filters">
            { for props.choices.iter().map(|(label, values)| {
                let id = format!("filter-{label}");
                let current = props.current.get(label).cloned().unwrap_or_default();
                let onchange = {
                    let on_set = props.on_set.clone();
                    let label = label.clone();
                    Callback::from(move |e: Event| {
                        let field: web_sys::HtmlInputElement = e.target_unchecked_into();
                        let value = field.value().trim().to_owned();
                        on_set.emit((label.clone(), (!value.is_empty()).then_some(value)));
                    })
                };
                if values.total > values.values.len() {
                    let list = format!("values-{label}");
                    html! {
                        <label class="filter" for={id.clone()}>
                            { label.clone() }
                            <input id={id} type="search" list={list.clone()} value={current}
                                placeholder={format!("any of {}", values.total)} {onchange} />
                            <datalist id={list}>
                                { for values.values.iter().map(|v| html! { <option value={v.clone()} /> }) }
                            </datalist>
                        </label>
                    }
                } else {
                    html! {
                        <label class="filter" for={id.clone()}>
                            { label.clone() }
                            <select id={id} {onchange}>
                                <option value="" selected={current.is_empty()}>{ "any" }</option>
                                { for values.values.iter().map(|v| html! {
                                    <option value={v.clone()} selected={*v == current}>{ v.clone() }</option>
                                }) }
                            </select>
                        </label>
                    }
                }
            }) }
        </div>
    }
}
