//! The health check's outcome, in words, where the user is looking.

use yew::prelude::*;

use crate::app::connection_state::HealthCheck;

/// Properties of [`HealthResult`].
#[derive(Debug, Clone, PartialEq, Properties)]
pub struct HealthResultProps {
    /// The check to describe.
    pub check: HealthCheck,
}

/// A status line announced to screen readers as it changes.
#[component]
pub fn HealthResult(props: &HealthResultProps) -> Html {
    let (class, title, text) = match &props.check {
        HealthCheck::NotRun => {
            return html! { <div id="health" role="status" class="health"></div> }
        }
        HealthCheck::Checking => ("pending", "Checking…".to_owned(), String::new()),
        HealthCheck::Incomplete(why) => ("bad", "Incomplete".to_owned(), (*why).to_owned()),
        HealthCheck::Done(status) => (
            if status.is_healthy() { "good" } else { "bad" },
            status.title().to_owned(),
            status.explanation(),
        ),
    };
    html! {
        <div id="health" role="status" aria-live="polite" class={classes!("health", class)}>
            <strong class="health-title">{ title }</strong>
            <span class="health-text">{ text }</span>
        </div>
    }
}
