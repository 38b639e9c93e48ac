//! Which request paths the relay forwards: the allowlist that keeps it from being an open
//! proxy.

/// The prefix every forwarded path starts with.
pub const PREFIX: &str = "/metrics/v1/prometheus/";

/// An upstream endpoint the relay forwards to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `-/healthy`
    Healthy,
    /// `federate`
    Federate,
    /// `api/v1/query`
    Query,
    /// `api/v1/query_range`
    QueryRange,
    /// `api/v1/series`
    Series,
    /// `api/v1/labels`
    Labels,
    /// `api/v1/label/<name>/values`
    LabelValues,
    /// `api/v1/metadata`
    Metadata,
    /// `api/v1/rules`: the upstream's own rules, read-only (GET and HEAD)
    Rules,
    /// `api/v1/alerts`: the upstream's own active alerts, read-only (GET and HEAD)
    Alerts,
}

impl Endpoint {
    /// Whether the endpoint takes a form-encoded `POST` as well as `GET`/`HEAD`.
    pub fn accepts_post(self) -> bool {
        matches!(self, Self::Query | Self::QueryRange | Self::Series)
    }

    /// The value of the `Allow` header for this endpoint.
    pub fn allow(self) -> &'static str {
        if self.accepts_post() {
            "GET, HEAD, POST"
        } else {
            "GET, HEAD"
        }
    }
}

/// A path the relay forwards: the operator's identifier and the endpoint asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// The WG2 instance identifier, one path segment.
    pub id: &'a str,
    /// What is asked of that instance.
    pub endpoint: Endpoint,
}

/// Matches a raw (still percent-encoded) request path against the allowlist.
///
/// Anything with a percent sign, an empty or dot segment, or a path outside the list gives
/// `None`, so encoded traversal tricks never reach the upstream.
pub fn parse_target(path: &str) -> Option<Target<'_>> {
    let rest = path.strip_prefix(PREFIX)?;
    let (id, endpoint) = rest.split_once('/')?;
    if !is_identifier(id) {
        return None;
    }
    let endpoint = match endpoint {
        "-/healthy" => Endpoint::Healthy,
        "federate" => Endpoint::Federate,
        "api/v1/query" => Endpoint::Query,
        "api/v1/query_range" => Endpoint::QueryRange,
        "api/v1/series" => Endpoint::Series,
        "api/v1/labels" => Endpoint::Labels,
        "api/v1/metadata" => Endpoint::Metadata,
        "api/v1/rules" => Endpoint::Rules,
        "api/v1/alerts" => Endpoint::Alerts,
        other => {
            let name = other
                .strip_prefix("api/v1/label/")?
                .strip_suffix("/values")?;
            if !is_label_name(name) {
                return None;
            }
            Endpoint::LabelValues
        }
    };
    Some(Target { id, endpoint })
}

/// An identifier is 1 to 128 of `A-Z a-z 0-9 _ - .`, not starting with a dot.
fn is_identifier(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// A Prometheus label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
fn is_label_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards_only_the_listed_endpoints() {
        let cases: &[(&str, Option<Endpoint>)] = &[
            (
                "/metrics/v1/prometheus/abc/-/healthy",
                Some(Endpoint::Healthy),
            ),
            (
                "/metrics/v1/prometheus/abc/federate",
                Some(Endpoint::Federate),
            ),
            (
                "/metrics/v1/prometheus/a-b_c.d/api/v1/query",
                Some(Endpoint::Query),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/query_range",
                Some(Endpoint::QueryRange),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/series",
                Some(Endpoint::Series),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/labels",
                Some(Endpoint::Labels),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/label/job/values",
                Some(Endpoint::LabelValues),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/label/__name__/values",
                Some(Endpoint::LabelValues),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/metadata",
                Some(Endpoint::Metadata),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/rules",
                Some(Endpoint::Rules),
            ),
            (
                "/metrics/v1/prometheus/x/api/v1/alerts",
                Some(Endpoint::Alerts),
            ),
            ("/metrics/v1/prometheus/x/api/v1/rules/", None),
            ("/metrics/v1/prometheus/x/api/v1/alerts/x", None),
            ("/metrics/v1/prometheus/x/api/v1/alertmanagers", None),
            ("/metrics/v1/prometheus/x/api/v1/label/1job/values", None),
            ("/metrics/v1/prometheus/x/api/v1/label/a/b/values", None),
            ("/metrics/v1/prometheus/x/api/v1/admin/tsdb/snapshot", None),
            ("/metrics/v1/prometheus/x/api/v1/status/config", None),
            ("/metrics/v1/prometheus/x/-/reload", None),
            ("/metrics/v1/prometheus/x/federate/", None),
            ("/metrics/v1/prometheus/x/graph", None),
            ("/metrics/v1/prometheus//federate", None),
            ("/metrics/v1/prometheus/../federate", None),
            ("/metrics/v1/prometheus/..%2fx/federate", None),
            ("/metrics/v1/prometheus/x/%2e%2e/federate", None),
            ("/metrics/v1/prometheus/x%2Ffederate", None),
            ("/metrics/v1/prometheus/x/../../../etc/passwd", None),
            ("/metrics/v1/prometheus/.hidden/federate", None),
            ("/metrics/v1/prometheus/x", None),
            ("/other/v1/prometheus/x/federate", None),
            ("//evil.example/metrics/v1/prometheus/x/federate", None),
        ];
        for (path, want) in cases {
            assert_eq!(parse_target(path).map(|t| t.endpoint), *want, "{path}");
        }
    }

    #[test]
    fn the_upstreams_rules_and_alerts_are_read_only() {
        for endpoint in [Endpoint::Rules, Endpoint::Alerts] {
            assert!(!endpoint.accepts_post(), "{endpoint:?}");
            assert_eq!(endpoint.allow(), "GET, HEAD");
        }
    }

    #[test]
    fn identifier_length_is_bounded() {
        let long = format!("/metrics/v1/prometheus/{}/federate", "a".repeat(129));
        assert_eq!(parse_target(&long), None);
        let ok = format!("/metrics/v1/prometheus/{}/federate", "a".repeat(128));
        assert!(parse_target(&ok).is_some());
    }
}
