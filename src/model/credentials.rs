//! The connection the user enters: relay, instance identifier, client ID and secret.

use std::fmt;

use base64::Engine as _;

/// What the user enters to reach their WG2 Prometheus. The secret lives only in memory and
/// is never printed: `Debug` masks it.
#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Credentials {
    /// The relay's base URL, such as `http://127.0.0.1:8080` (no trailing slash needed).
    pub relay: String,
    /// The instance identifier WG2 gives the operator.
    pub id: String,
    /// The client ID from WG2's Console.
    pub client_id: String,
    /// The client secret from WG2's Console.
    pub secret: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("relay", &self.relay)
            .field("id", &self.id)
            .field("client_id", &self.client_id)
            .field("secret", &"********")
            .finish()
    }
}

impl Credentials {
    /// The URL of `endpoint` (such as `-/healthy`) for this instance, through the relay.
    /// The identifier is percent-encoded, so it always stays one path segment.
    pub fn endpoint_url(&self, endpoint: &str) -> String {
        let relay = self.relay.trim().trim_end_matches('/');
        let id = encode_component(self.id.trim());
        format!("{relay}/metrics/v1/prometheus/{id}/{endpoint}")
    }

    /// The `Authorization` header value: `Basic base64(client_id:secret)`.
    pub fn authorization(&self) -> String {
        let pair = format!("{}:{}", self.client_id.trim(), self.secret);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }

    /// What is missing before a request can be made, in the form's words.
    pub fn missing(&self) -> Option<&'static str> {
        if self.id.trim().is_empty() {
            Some("Enter the identifier of your Prometheus instance.")
        } else if self.client_id.trim().is_empty() {
            Some("Enter the client ID.")
        } else if self.secret.is_empty() {
            Some("Enter the client secret.")
        } else {
            None
        }
    }
}

/// Percent-encodes everything but unreserved characters, for a path segment or a query
/// value.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials {
            relay: "http://127.0.0.1:8080/".into(),
            id: "demo".into(),
            client_id: "demo".into(),
            secret: "demo".into(),
        }
    }

    #[test]
    fn builds_the_endpoint_url_through_the_relay() {
        assert_eq!(
            credentials().endpoint_url("-/healthy"),
            "http://127.0.0.1:8080/metrics/v1/prometheus/demo/-/healthy"
        );
        let odd = Credentials {
            id: "a/../b c".into(),
            ..credentials()
        };
        assert_eq!(
            odd.endpoint_url("federate"),
            "http://127.0.0.1:8080/metrics/v1/prometheus/a%2F..%2Fb%20c/federate"
        );
    }

    #[test]
    fn encodes_basic_auth() {
        assert_eq!(credentials().authorization(), "Basic ZGVtbzpkZW1v");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let shown = format!(
            "{:?}",
            Credentials {
                secret: "s3cr3t-value".into(),
                ..credentials()
            }
        );
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
    }

    #[test]
    fn names_what_is_missing() {
        assert_eq!(credentials().missing(), None);
        let no_secret = Credentials {
            secret: String::new(),
            ..credentials()
        };
        assert_eq!(no_secret.missing(), Some("Enter the client secret."));
    }
}
