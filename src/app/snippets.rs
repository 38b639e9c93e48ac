//! The two set-ups WG2's documentation describes, filled in for the entered connection:
//! a Prometheus federation scrape job and a Grafana data-source provisioning file. The
//! secret stays masked unless the user reveals it.

use crate::model::credentials::Credentials;

/// What stands in for the secret until it is revealed.
pub const MASK: &str = "<your client secret>";

/// WG2's public API host.
const WG2: &str = "api.wgtwo.com";

fn or_placeholder<'a>(value: &'a str, placeholder: &'a str) -> &'a str {
    if value.trim().is_empty() {
        placeholder
    } else {
        value.trim()
    }
}

/// The identifier, client ID and secret as a snippet shows them.
fn shown(credentials: &Credentials, reveal: bool) -> (&str, &str, &str) {
    let secret = if reveal {
        credentials.secret.as_str()
    } else {
        MASK
    };
    (
        or_placeholder(&credentials.id, "<identifier>"),
        or_placeholder(&credentials.client_id, "<client ID>"),
        secret,
    )
}

/// A `scrape_configs` entry that federates everything from the WG2 instance.
pub fn prometheus_federation(credentials: &Credentials, reveal: bool) -> String {
    let (id, client_id, secret) = shown(credentials, reveal);
    format!(
        "scrape_configs:\n  - job_name: wg2-federate\n    scrape_interval: 30s\n    honor_labels: true\n    \
         scheme: https\n    metrics_path: /metrics/v1/prometheus/{id}/federate\n    params:\n      \
         'match[]': ['{{__name__=~\".+\"}}']\n    basic_auth:\n      username: {client_id}\n      \
         password: {secret}\n    static_configs:\n      - targets: ['{WG2}']\n"
    )
}

/// A Grafana provisioning file with the instance as a Prometheus data source.
pub fn grafana_datasource(credentials: &Credentials, reveal: bool) -> String {
    let (id, client_id, secret) = shown(credentials, reveal);
    format!(
        "apiVersion: 1\ndatasources:\n  - name: WG2 Prometheus\n    type: prometheus\n    access: proxy\n    \
         url: https://{WG2}/metrics/v1/prometheus/{id}\n    basicAuth: true\n    basicAuthUser: {client_id}\n    \
         secureJsonData:\n      basicAuthPassword: {secret}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> Credentials {
        Credentials {
            relay: String::new(),
            id: "op42".into(),
            client_id: "client-7".into(),
            secret: "s3cret".into(),
        }
    }

    #[test]
    fn masked_until_revealed() {
        for snippet in [prometheus_federation, grafana_datasource] {
            let masked = snippet(&credentials(), false);
            assert!(
                masked.contains(MASK) && !masked.contains("s3cret"),
                "{masked}"
            );
            assert!(
                masked.contains("op42") && masked.contains("client-7"),
                "{masked}"
            );
            assert!(snippet(&credentials(), true).contains("s3cret"));
        }
    }

    #[test]
    fn federation_job_shape() {
        let job = prometheus_federation(&credentials(), false);
        assert!(
            job.contains("metrics_path: /metrics/v1/prometheus/op42/federate"),
            "{job}"
        );
        assert!(job.contains("'match[]': ['{__name__=~\".+\"}']"), "{job}");
        assert!(job.contains("honor_labels: true"), "{job}");
    }
}
