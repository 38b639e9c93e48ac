//! Offline dumps: drop a file on the page, pick one, or paste text. It is read into a fresh
//! store and browsed like live data, with no relay and no credentials.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::context::{use_app, use_data_link},
    app::services::{open_dump, open_dump_file},
    app::source_state::Source,
    worker::protocol::Command,
};

/// The dump panel.
#[component]
pub fn DumpPanel() -> Html {
    let state = use_app();
    let link = use_data_link();
    let pasted = use_node_ref();
    let on_pick = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_dump_file(&state, &link, file);
            }
            input.set_value("");
        })
    };
    let on_paste = {
        let link = link.clone();
        let pasted = pasted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                open_dump(&link, "pasted text", area.value().into_bytes());
            }
        })
    };
    let on_back = {
        let link = link.clone();
        Callback::from(move |_: MouseEvent| link.send(Command::Reset))
    };
    let summary = state.shown.0.summary;
    html! {
        <section class="panel dump" aria-labelledby="dump-title">
            <h2 id="dump-title">{ "Offline dump" }</h2>
            if let Source::Dump { name } = &state.data.source {
                <p id="dump-status" class="status good-text">
                    { format!("Browsing {name}: {} series in {} metrics. No relay or credentials involved.",
                        summary.series, summary.families) }
                </p>
                <button id="back-to-live" type="button" class="secondary" onclick={on_back}>{ "Back to live data" }</button>
            } else {
                <p class="status">{ "Drop a file anywhere on the page (a saved /metrics or /federate answer), pick one, or paste text." }</p>
                <div class="field">
                    <label for="dump-file">{ "File" }</label>
                    <input id="dump-file" type="file" accept=".txt,.prom,.metrics,.om,text/plain" onchange={on_pick} />
                </div>
                <div class="field">
                    <label for="dump-text">{ "Or paste an exposition" }</label>
                    <textarea id="dump-text" rows="3" spellcheck="false" ref={pasted} placeholder={"# TYPE up gauge\nup{job=\"api\"} 1"} />
                </div>
                <button id="open-pasted" type="button" class="secondary" onclick={on_paste}>{ "Open pasted text" }</button>
            }
            if let Some((title, detail)) = &state.data.dump_error {
                <p id="dump-error" class="bad" role="alert"><strong>{ title.clone() }</strong>{ " " }{ detail.clone() }</p>
            }
        </section>
    }
}
