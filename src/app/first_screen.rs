//! The first screen `index.html` paints before the app's code has loaded: a working
//! connection form. When the user acts on it, the page loads the app, which takes over what
//! was typed there and removes it (the loader script in `Trunk.toml` then does what was
//! asked again, on the app's own element of the same id).

use wasm_bindgen::JsCast as _;
use web_sys::HtmlInputElement;

use crate::model::credentials::Credentials;

/// The id of the first screen's element, which the app replaces.
const FIRST_SCREEN: &str = "first-paint";

/// What was typed into the first screen's connection form, and removes the first screen.
/// `None` when there is no first screen (a test mounting the app) or nothing was typed.
pub fn take() -> Option<Credentials> {
    let document = web_sys::window()?.document()?;
    let first = document.get_element_by_id(FIRST_SCREEN)?;
    let typed = |id: &str| {
        first
            .query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|field| field.dyn_into::<HtmlInputElement>().ok())
            .map(|field| field.value())
            .unwrap_or_default()
    };
    let credentials = Credentials {
        relay: typed("relay-url"),
        id: typed("identifier"),
        client_id: typed("client-id"),
        secret: typed("client-secret"),
    };
    first.remove();
    (credentials != Credentials::default()).then_some(credentials)
}
