//! The app's state and the pure reducer that changes it. Components only dispatch actions.

use std::rc::Rc;

use yew::Reducible;

use crate::{credentials::Credentials, health::HealthStatus};

/// Where the health check stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HealthCheck {
    /// Not run since the credentials last changed.
    #[default]
    NotRun,
    /// A request is in flight.
    Checking,
    /// The last check's outcome.
    Done(HealthStatus),
    /// The form is not complete; the message says what is missing.
    Incomplete(&'static str),
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppState {
    /// The connection the user entered.
    pub credentials: Credentials,
    /// The health check's progress and outcome.
    pub health: HealthCheck,
}

/// A field of the connection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The relay base URL.
    Relay,
    /// The instance identifier.
    Id,
    /// The client ID.
    ClientId,
    /// The client secret.
    Secret,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The user edited a field of the connection form.
    Edit(Field, String),
    /// A health check started.
    CheckStarted,
    /// A health check could not start because the form is incomplete.
    CheckRefused(&'static str),
    /// A health check finished.
    CheckFinished(HealthStatus),
}

impl AppState {
    /// The initial state, with the relay at `relay` (normally the page's own origin).
    pub fn new(relay: String) -> Self {
        Self {
            credentials: Credentials {
                relay,
                ..Credentials::default()
            },
            health: HealthCheck::NotRun,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => {
                let slot = match field {
                    Field::Relay => &mut next.credentials.relay,
                    Field::Id => &mut next.credentials.id,
                    Field::ClientId => &mut next.credentials.client_id,
                    Field::Secret => &mut next.credentials.secret,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
                // An old verdict no longer describes the new credentials.
                if !matches!(next.health, HealthCheck::Checking) {
                    next.health = HealthCheck::NotRun;
                }
            }
            Action::CheckStarted => next.health = HealthCheck::Checking,
            Action::CheckRefused(why) => next.health = HealthCheck::Incomplete(why),
            Action::CheckFinished(status) => next.health = HealthCheck::Done(status),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AppState, actions: Vec<Action>) -> AppState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    #[test]
    fn editing_fills_the_credentials_and_clears_an_old_verdict() {
        let state = reduce(
            AppState::new("http://relay".into()),
            vec![
                Action::Edit(Field::Id, "demo".into()),
                Action::CheckFinished(HealthStatus::Healthy),
                Action::Edit(Field::Secret, "x".into()),
            ],
        );
        assert_eq!(state.credentials.id, "demo");
        assert_eq!(state.credentials.secret, "x");
        assert_eq!(state.credentials.relay, "http://relay");
        assert_eq!(state.health, HealthCheck::NotRun);
    }

    #[test]
    fn a_check_goes_from_checking_to_done() {
        let state = reduce(AppState::default(), vec![Action::CheckStarted]);
        assert_eq!(state.health, HealthCheck::Checking);
        let state = reduce(state, vec![Action::CheckFinished(HealthStatus::Timeout)]);
        assert_eq!(state.health, HealthCheck::Done(HealthStatus::Timeout));
    }
}
