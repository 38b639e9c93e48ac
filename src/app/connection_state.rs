//! The connection slice of the state: the credentials the user entered, whether they are
//! kept on this device, and the health check's progress and verdict.

use crate::{model::credentials::Credentials, net::health::HealthStatus};

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

/// The connection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Connection {
    /// The connection the user entered.
    pub credentials: Credentials,
    /// The health check's progress and outcome.
    pub health: HealthCheck,
    /// Keep the connection, secret included, in this browser's storage.
    pub remember: bool,
}

/// What can happen to the connection.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnectionAction {
    /// The user edited a field of the connection form.
    Edit(Field, String),
    /// A health check started.
    CheckStarted,
    /// A health check could not start because the form is incomplete.
    CheckRefused(&'static str),
    /// A health check finished.
    CheckFinished(HealthStatus),
    /// The user ticked or unticked "Remember on this device".
    SetRemember(bool),
}

impl Connection {
    /// Whether the last health check answered healthy for these credentials: the app is
    /// connected.
    pub fn is_healthy(&self) -> bool {
        matches!(&self.health, HealthCheck::Done(status) if status.is_healthy())
    }

    /// Whether `action` would change anything (an edit to the value a field already has
    /// does not).
    pub fn changes(&self, action: &ConnectionAction) -> bool {
        match action {
            ConnectionAction::Edit(field, value) => self.field(*field) != value,
            _ => true,
        }
    }

    /// The text of `field`.
    fn field(&self, field: Field) -> &str {
        match field {
            Field::Relay => &self.credentials.relay,
            Field::Id => &self.credentials.id,
            Field::ClientId => &self.credentials.client_id,
            Field::Secret => &self.credentials.secret,
        }
    }

    /// Applies `action`.
    pub fn reduce(&mut self, action: ConnectionAction) {
        match action {
            ConnectionAction::Edit(field, value) => {
                let credentials = &mut self.credentials;
                let slot = match field {
                    Field::Relay => &mut credentials.relay,
                    Field::Id => &mut credentials.id,
                    Field::ClientId => &mut credentials.client_id,
                    Field::Secret => &mut credentials.secret,
                };
                *slot = value;
                // An old verdict no longer describes the new credentials.
                if !matches!(self.health, HealthCheck::Checking) {
                    self.health = HealthCheck::NotRun;
                }
            }
            ConnectionAction::CheckStarted => self.health = HealthCheck::Checking,
            ConnectionAction::CheckRefused(why) => self.health = HealthCheck::Incomplete(why),
            ConnectionAction::CheckFinished(status) => self.health = HealthCheck::Done(status),
            ConnectionAction::SetRemember(remember) => self.remember = remember,
        }
    }
}
