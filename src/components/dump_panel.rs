//! Offline dumps: drop a file on the page, pick one, or paste text. It is read into a fresh
//! store and browsed like live data, with no relay and no credentials.

use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    components::app::AppContext,
    offline::{open, too_large},
    series_store::SeriesStore,
    state::{Action, Source},
};

/// Reads `bytes` (named `name`) into the store, replacing what was there.
pub fn open_bytes(state: &AppContext, name: &str, bytes: &[u8]) {
    let now = js_sys::Date::now() as i64;
    match open(name, bytes, now) {
        Ok((store, report)) => {
            let generation = state.store.0.borrow_mut().replace(store);
            state.dispatch(Action::DumpOpened {
                name: name.to_owned(),
                report,
                at_ms: now,
                generation,
            });
        }
        Err(e) => state.dispatch(Action::DumpFailed(e.title, e.detail)),
    }
}

/// Reads a dropped or picked file.
pub fn open_file(state: &AppContext, file: web_sys::File) {
    let name = file.name();
    if let Some(e) = too_large(&name, file.size()) {
        state.dispatch(Action::DumpFailed(e.title, e.detail));
        return;
    }
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => open_bytes(&state, &name, &js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => state.dispatch(Action::DumpFailed(
                format!("{name} could not be read"),
                "The browser could not read the file.".to_owned(),
            )),
        }
    });
}

/// The dump panel.
#[component]
pub fn DumpPanel() -> Html {
    let state = use_context::<AppContext>();
    let pasted = use_node_ref();
    let Some(state) = state else {
        return html! {};
    };
    let on_pick = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_file(&state, file);
            }
            input.set_value("");
        })
    };
    let on_paste = {
        let state = state.clone();
        let pasted = pasted.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                open_bytes(&state, "pasted text", area.value().as_bytes());
            }
        })
    };
    let on_back = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let generation = state.store.0.borrow_mut().replace(SeriesStore::default());
            state.dispatch(Action::BackToLive { generation });
        })
    };
    html! {
        <section class="panel dump" aria-labelledby="dump-title">
            <h2 id="dump-title">{ "Offline dump" }</h2>
            if let Source::Dump { name } = &state.source {
                <p id="dump-status" class="status good-text">
                    { format!("Browsing {name}: {} series in {} metrics. No relay or credentials involved.",
                        state.store.0.borrow().series().len(), state.store.0.borrow().families().len()) }
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
            if let Some((title, detail)) = &state.dump_error {
                <p id="dump-error" class="bad" role="alert"><strong>{ title.clone() }</strong>{ " " }{ detail.clone() }</p>
            }
        </section>
    }
}
