//! The connection form: relay URL, identifier, client ID, secret, and the health check. On
//! a phone it folds away once the instance answered healthy.

use yew::prelude::*;

use crate::{
    app::connection_state::{ConnectionAction, Field, HealthCheck},
    app::context::use_app,
    app::services::check_health,
    app::state::Action,
    components::{health_result::HealthResult, text_field::TextField},
};

/// What the panel asks of a new user. `index.html` paints the same sentence before the
/// app has loaded; `tests/components.rs` checks that the two agree.
pub const INTRO: &str = "Enter your instance's identifier and the client ID and secret from \
    the WG2 Console, then check its health. The secret goes only to the relay: never into \
    the address, a log or an export.";

/// The connection panel. It reads and changes the app state through [`AppContext`].
#[component]
pub fn ConnectionPanel() -> Html {
    let editing = use_state_eq(|| false);
    let state = use_app();
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| {
            state.dispatch(Action::Connection(ConnectionAction::Edit(field, value)))
        })
    };
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            check_health(&state);
        })
    };
    let on_remember = {
        let state = state.clone();
        Callback::from(move |_: Event| {
            state.dispatch(Action::Connection(ConnectionAction::SetRemember(
                !state.connection.remember,
            )))
        })
    };
    let checking = matches!(state.connection.health, HealthCheck::Checking);
    let credentials = &state.connection.credentials;
    // On a phone the form folds away once the instance answered healthy; a button opens it.
    let healthy =
        matches!(&state.connection.health, HealthCheck::Done(status) if status.is_healthy());
    let on_change = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let folded = healthy && !*editing;
    html! {
        <section class={classes!("panel", "connection", folded.then_some("folded"))} aria-labelledby="connection-title">
            <h2 id="connection-title">{ "Connection" }</h2>
            if !healthy {
                // The same words as the page's first paint (`index.html`), in the same place.
                <p class="intro">{ INTRO }</p>
            }
            if healthy {
                <p class="connected-to">
                    { format!("Connected to {}", credentials.id) }
                    <button id="change-connection" type="button" class="link" onclick={on_change}
                        aria-expanded={(!folded).to_string()}>
                        { if folded { "Change" } else { "Fold" } }
                    </button>
                </p>
            }
            <form {onsubmit} autocomplete="off" novalidate=true>
                <TextField id="identifier" label="Identifier" value={credentials.id.clone()}
                    placeholder="your instance id" on_edit={edit(Field::Id)} />
                <TextField id="client-id" label="Client ID" value={credentials.client_id.clone()}
                    autocomplete="username" on_edit={edit(Field::ClientId)} />
                <TextField id="client-secret" label="Client secret" kind="password"
                    value={credentials.secret.clone()} autocomplete="current-password"
                    on_edit={edit(Field::Secret)} />
                <TextField id="relay-url" label="Relay URL" kind="url"
                    value={credentials.relay.clone()} on_edit={edit(Field::Relay)} />
                <div class="check">
                    <input id="remember" type="checkbox" checked={state.connection.remember} onchange={on_remember} />
                    <label for="remember">{ "Remember on this device" }</label>
                </div>
                if state.connection.remember {
                    <p id="remember-warning" class="warning" role="note">
                        { "The client secret will be stored unencrypted in this browser's local storage, where anyone using this browser profile can read it. Untick to forget it." }
                    </p>
                }
                <div class="actions">
                    <button id="check-health" type="submit" disabled={checking}>
                        { if checking { "Checking…" } else { "Check health" } }
                    </button>
                </div>
            </form>
            <HealthResult check={state.connection.health.clone()} />
        </section>
    }
}
