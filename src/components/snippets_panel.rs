//! Ready-to-copy set-ups for the entered connection: Prometheus federation and a Grafana
//! data source, with the secret masked until revealed.

use yew::prelude::*;

use crate::{
    app::context::use_app,
    app::snippets::{grafana_datasource, prometheus_federation},
};

/// The snippets panel, folded by default.
#[component]
pub fn SnippetsPanel() -> Html {
    let state = use_app();
    let reveal = use_state(|| false);
    let on_reveal = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.set(!*reveal))
    };
    html! {
        <details class="panel snippets">
            <summary>{ "Use this instance elsewhere: Prometheus and Grafana set-ups" }</summary>
            <button id="reveal-secret" type="button" class="secondary" onclick={on_reveal}>
                { if *reveal { "Hide secret" } else { "Reveal secret" } }
            </button>
            <h3>{ "Prometheus: federate into your own server (prometheus.yml)" }</h3>
            <pre id="snippet-prometheus">{ prometheus_federation(&state.connection.credentials, *reveal) }</pre>
            <h3>{ "Grafana: data source provisioning (provisioning/datasources/wg2.yaml)" }</h3>
            <pre id="snippet-grafana">{ grafana_datasource(&state.connection.credentials, *reveal) }</pre>
        </details>
    }
}
