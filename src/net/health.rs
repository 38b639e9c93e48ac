//! What a health check found, classified from the relay's answer, in the user's words.

/// The outcome of `GET {relay}/metrics/v1/prometheus/{id}/-/healthy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthStatus {
    /// 200: the upstream accepted the credentials and is healthy.
    Healthy,
    /// 401 or 403: the upstream refused the credentials.
    CredentialsRejected {
        /// The HTTP status, 401 or 403.
        status: u16,
    },
    /// The browser got no answer from the relay at all.
    RelayUnreachable {
        /// The relay base URL that was tried.
        relay: String,
    },
    /// The relay answered, but could not reach the upstream (502).
    UpstreamUnreachable {
        /// The relay's explanation.
        detail: String,
    },
    /// No answer in time, from the upstream (504) or from the relay.
    Timeout,
    /// 404: the relay does not know this path (wrong identifier or not a fedview relay).
    NotFound,
    /// Any other answer.
    Unexpected {
        /// The HTTP status.
        status: u16,
    },
}

/// The JSON error body the relay sends with its own failures.
#[derive(Debug, serde::Deserialize)]
struct RelayErrorBody {
    error: String,
    #[serde(default)]
    detail: String,
}

impl HealthStatus {
    /// Classifies an HTTP answer from the relay.
    pub fn from_answer(status: u16, body: &str) -> Self {
        let relay_error = serde_json::from_str::<RelayErrorBody>(body).ok();
        match status {
            200..=299 => Self::Healthy,
            401 | 403 => Self::CredentialsRejected { status },
            404 => Self::NotFound,
            504 => Self::Timeout,
            502 => Self::UpstreamUnreachable {
                detail: relay_error.map_or_else(|| "bad gateway".to_owned(), |e| e.detail),
            },
            _ => match relay_error {
                Some(e) if e.error == "upstream_timeout" => Self::Timeout,
                _ => Self::Unexpected { status },
            },
        }
    }

    /// Whether the check succeeded.
    pub fn is_healthy(&self) -> bool {
        matches!(self, Self::Healthy)
    }

    /// A short title for the outcome.
    pub fn title(&self) -> &'static str {
        match self {
            Self::Healthy => "Healthy",
            Self::CredentialsRejected { .. } => "Credentials rejected",
            Self::RelayUnreachable { .. } => "Relay unreachable",
            Self::UpstreamUnreachable { .. } => "Upstream unreachable",
            Self::Timeout => "Timed out",
            Self::NotFound => "Not found",
            Self::Unexpected { .. } => "Unexpected answer",
        }
    }

    /// What happened and what to do next.
    pub fn explanation(&self) -> String {
        match self {
            Self::Healthy => {
                "The upstream accepted these credentials and reports itself healthy.".to_owned()
            }
            Self::CredentialsRejected { status } => format!(
                "The upstream refused these credentials (HTTP {status}). Check the client ID \
                 and secret, and that the key has the right metrics.prometheus.read in \
                 WG2's Console."
            ),
            Self::RelayUnreachable { relay } => format!(
                "No answer from the relay at {relay}. Check that fedview-relay is running \
                 and that the relay URL is right."
            ),
            Self::UpstreamUnreachable { detail } => {
                format!("The relay is up, but could not reach the Prometheus upstream: {detail}.")
            }
            Self::Timeout => "The upstream did not answer in time. Try again in a moment; \
                 if it persists, the upstream may be overloaded."
                .to_owned(),
            Self::NotFound => "The relay does not know this path. Check the identifier, and \
                 that the relay URL points at fedview-relay."
                .to_owned(),
            Self::Unexpected { status } => {
                format!("The relay answered with HTTP {status}, which fedview does not expect.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_each_answer() {
        let relay_502 = r#"{"error":"upstream_unreachable","detail":"could not reach the upstream: connection refused"}"#;
        let cases = [
            (
                200,
                "Prometheus Server is Healthy.\n",
                HealthStatus::Healthy,
            ),
            (
                401,
                "Unauthorized",
                HealthStatus::CredentialsRejected { status: 401 },
            ),
            (403, "", HealthStatus::CredentialsRejected { status: 403 }),
            (404, "{}", HealthStatus::NotFound),
            (504, "", HealthStatus::Timeout),
            (
                502,
                relay_502,
                HealthStatus::UpstreamUnreachable {
                    detail: "could not reach the upstream: connection refused".into(),
                },
            ),
            (500, "oops", HealthStatus::Unexpected { status: 500 }),
        ];
        for (status, body, want) in cases {
            assert_eq!(HealthStatus::from_answer(status, body), want, "{status}");
        }
    }

    #[test]
    fn every_outcome_reads_differently() {
        let all = [
            HealthStatus::Healthy,
            HealthStatus::CredentialsRejected { status: 401 },
            HealthStatus::RelayUnreachable { relay: "x".into() },
            HealthStatus::UpstreamUnreachable { detail: "x".into() },
            HealthStatus::Timeout,
            HealthStatus::NotFound,
            HealthStatus::Unexpected { status: 500 },
        ];
        let titles: std::collections::HashSet<_> = all.iter().map(HealthStatus::title).collect();
        assert_eq!(titles.len(), all.len());
        assert!(HealthStatus::CredentialsRejected { status: 403 }
            .explanation()
            .contains("metrics.prometheus.read"));
    }
}
