//! A labelled text input that dispatches every edit.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`TextField`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct TextFieldProps {
    /// The element id, also used by the label.
    pub id: AttrValue,
    /// The visible label.
    pub label: AttrValue,
    /// The current value.
    pub value: AttrValue,
    /// `text`, `password` or `url`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// The `autocomplete` hint.
    #[prop_or(AttrValue::Static("off"))]
    pub autocomplete: AttrValue,
    /// A grey example shown while empty.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Called with the new value on every edit.
    pub on_edit: Callback<String>,
}

/// A `<label>` above an `<input>`.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_edit.emit(input.value());
    });
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                id={props.id.clone()}
                name={props.id.clone()}
                type={props.kind.clone()}
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                autocomplete={props.autocomplete.clone()}
                spellcheck="false"
                {oninput}
            />
        </div>
    }
}
