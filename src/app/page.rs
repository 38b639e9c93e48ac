//! The page around the app: the state it starts from (this device's storage and the URL
//! fragment), and the effects that keep them in step with the state: the connection and
//! boards kept on this device, the theme applied, and the view in the URL fragment.

use std::rc::Rc;

use yew::prelude::*;

use wasm_bindgen::{closure::Closure, JsCast as _};

use crate::model::credentials::Credentials;

use crate::app::{
    alerts_state::AlertsAction,
    context::AppContext,
    device_storage,
    state::{Action, AppState},
    view_url::ViewUrl,
};

/// The page's own origin, the default relay URL.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The URL fragment, without `#`.
fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without adding a history entry.
fn set_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window
        .location()
        .hash()
        .ok()
        .as_deref()
        .map(|h| h.trim_start_matches('#'))
        == Some(fragment)
    {
        return;
    }
    if let Ok(history) = window.history() {
        let url = if fragment.is_empty() {
            window.location().pathname().unwrap_or_default()
        } else {
            format!("#{fragment}")
        };
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The state the page opens with: the boards and (when remembered) the connection kept on
/// this device, the theme picked, the view the URL's fragment names, and what the user
/// typed into the first screen before the app loaded (`typed`), over what was remembered.
pub fn initial_state(typed: Option<&Credentials>) -> AppState {
    let mut state = AppState::new(page_origin());
    Rc::make_mut(&mut state.boards).boards = Rc::new(device_storage::load_boards());
    if let Some(rules) = device_storage::load_rules() {
        Rc::make_mut(&mut state.alerts).reduce(AlertsAction::Restored(rules));
    }
    Rc::make_mut(&mut state.alerts).notifications = crate::app::notifications::at_start();
    if let Some(playlist) = device_storage::load_playlist() {
        Rc::make_mut(&mut state.playlists).playlist = playlist;
    }
    ViewUrl::from_fragment(&fragment()).apply(&mut state);
    if let Some(credentials) = device_storage::load_connection() {
        let connection = Rc::make_mut(&mut state.connection);
        connection.credentials = credentials;
        connection.remember = true;
    }
    if let Some(typed) = typed {
        let credentials = &mut Rc::make_mut(&mut state.connection).credentials;
        for (slot, value) in [
            (&mut credentials.relay, &typed.relay),
            (&mut credentials.id, &typed.id),
            (&mut credentials.client_id, &typed.client_id),
            (&mut credentials.secret, &typed.secret),
        ] {
            if !value.is_empty() {
                slot.clone_from(value);
            }
        }
    }
    state.theme = device_storage::load_theme();
    state
}

/// An `Rc` compared by identity: a slice of the state changed when it is another `Rc`
/// (the reducer makes a new one for every change), so an effect keyed on it runs after a
/// change without comparing, or cloning, what the slice holds.
#[derive(Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// While in kiosk mode, Esc leaves it, as in Grafana.
#[hook]
pub fn use_kiosk_escape(state: &AppContext) {
    let dispatch = state.dispatcher();
    use_effect_with(state.kiosk, move |&kiosk| {
        let listening = kiosk.then(|| {
            let on_key =
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Escape" {
                        dispatch.dispatch(Action::SetKiosk(false));
                    }
                });
            if let Some(window) = web_sys::window() {
                let _ = window
                    .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
            }
            on_key
        });
        move || {
            if let (Some(on_key), Some(window)) = (listening, web_sys::window()) {
                let _ = window.remove_event_listener_with_callback(
                    "keydown",
                    on_key.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Keeps this device's storage, the theme and the URL in step with the state.
#[hook]
pub fn use_page_sync(state: &AppContext) {
    {
        // The connection is stored only while "Remember on this device" is ticked.
        use_effect_with(Same(state.connection.clone()), |connection| {
            let connection = &connection.0;
            device_storage::save_connection(connection.remember.then_some(&connection.credentials));
            || ()
        });
    }
    {
        // Boards are kept on this device (they hold no credentials); a change of their
        // answers alone writes nothing: the boards are then the very same `Rc`.
        let saved = use_mut_ref(|| None::<Rc<Vec<crate::board::model::Board>>>);
        use_effect_with(Same(state.boards.clone()), move |boards| {
            let boards = &boards.0.boards;
            let mut saved = saved.borrow_mut();
            let unchanged = saved
                .as_ref()
                .is_some_and(|s| Rc::ptr_eq(s, boards) || s == boards);
            if !unchanged {
                device_storage::save_boards(boards);
                *saved = Some(boards.clone());
            }
            || ()
        });
    }
    {
        // The rules too; their alerts are not kept.
        let saved = use_mut_ref(|| None::<Rc<crate::alerts::rules::RuleFile>>);
        use_effect_with(Same(state.alerts.file.clone()), move |file| {
            let file = &file.0;
            let mut saved = saved.borrow_mut();
            if saved.as_ref().is_none_or(|s| !Rc::ptr_eq(s, file)) {
                if saved.is_some() || !file.groups.is_empty() {
                    device_storage::save_rules(file);
                }
                *saved = Some(file.clone());
            }
            || ()
        });
    }
    // Marks the moment the app is on screen (its first screen marked the form usable).
    use_effect_with((), |()| {
        crate::app::data_link::mark("fedview-app-started");
        || ()
    });
    use_effect_with(state.theme, |&theme| {
        device_storage::apply_theme(theme);
        || ()
    });
    {
        // The view (never the credentials) follows the state into the URL fragment. It is
        // worked out only when a slice it reads changed (it copies the open board).
        let state = state.clone();
        // The boards' answers are not part of it: an answer does not write the fragment
        // again (the open board's JSON, base64, read back from the address to compare).
        let read = (
            Same(state.explore.clone()),
            Same(state.polling.clone()),
            Same(state.boards.boards.clone()),
            state.boards.current,
            state.tab,
            state.kiosk,
        );
        use_effect_with(read, move |_| {
            set_fragment(&ViewUrl::of(&state).to_fragment());
            || ()
        });
    }
}
