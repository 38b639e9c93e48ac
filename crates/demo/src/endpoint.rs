//! The endpoints of a hosted Prometheus that the demo answers, read from the part of a
//! request path after the instance's prefix.

/// An endpoint the demo answers.
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
}

impl Endpoint {
    /// The endpoint at `path`, the part of a request path after `/metrics/v1/prometheus/demo/`
    /// (a label name must be a Prometheus label name).
    pub fn parse(path: &str) -> Option<Self> {
        Some(match path {
            "-/healthy" => Self::Healthy,
            "federate" => Self::Federate,
            "api/v1/query" => Self::Query,
            "api/v1/query_range" => Self::QueryRange,
            "api/v1/series" => Self::Series,
            "api/v1/labels" => Self::Labels,
            "api/v1/metadata" => Self::Metadata,
            other => {
                let name = other
                    .strip_prefix("api/v1/label/")?
                    .strip_suffix("/values")?;
                if !is_label_name(name) {
                    return None;
                }
                Self::LabelValues
            }
        })
    }

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
    fn answers_only_the_endpoints_of_a_hosted_prometheus() {
        let cases: &[(&str, Option<Endpoint>)] = &[
            ("-/healthy", Some(Endpoint::Healthy)),
            ("federate", Some(Endpoint::Federate)),
            ("api/v1/query", Some(Endpoint::Query)),
            ("api/v1/query_range", Some(Endpoint::QueryRange)),
            ("api/v1/series", Some(Endpoint::Series)),
            ("api/v1/labels", Some(Endpoint::Labels)),
            ("api/v1/label/job/values", Some(Endpoint::LabelValues)),
            ("api/v1/label/__name__/values", Some(Endpoint::LabelValues)),
            ("api/v1/metadata", Some(Endpoint::Metadata)),
            ("api/v1/label/1x/values", None),
            ("api/v1/label/a.b/values", None),
            ("api/v1/status/config", None),
            ("federate/", None),
            ("", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Endpoint::parse(path), *expected, "{path}");
        }
        assert!(Endpoint::Query.accepts_post());
        assert!(!Endpoint::Federate.accepts_post());
        assert_eq!(Endpoint::Labels.allow(), "GET, HEAD");
    }
}
