//! The upstream's own rules (`api/v1/rules`), read-only: what a Prometheus that evaluates
//! rules of its own says about each (its group, kind, state, health and active alerts),
//! for the Alerts tab to show beside fedview's. An upstream that does not serve them (WG2's
//! today) is said in words, not as an error.

use serde::{Deserialize, Serialize};

use super::api::{describe_failure, get};
use crate::model::credentials::Credentials;

/// One of the upstream's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpstreamRule {
    /// Its group.
    pub group: String,
    /// Its name (the alert's, or the series a recording rule records).
    pub name: String,
    /// `alerting` or `recording`.
    pub kind: String,
    /// An alerting rule's state (`firing`, `pending`, `inactive`); empty for a recording
    /// rule.
    pub state: String,
    /// `ok`, `err` or `unknown`.
    pub health: String,
    /// Its active alerts.
    pub active: usize,
}

/// What `api/v1/rules` answered: the rules, or why there are none to show.
///
/// # Errors
/// The upstream does not serve the endpoint, or its answer could not be read.
pub fn parse_upstream_rules(status: u16, body: &[u8]) -> Result<Vec<UpstreamRule>, String> {
    if status == 404 {
        return Err("The upstream does not serve its own rules (api/v1/rules).".to_owned());
    }
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| format!("The upstream's rules could not be read (HTTP {status})."))?;
    if json["status"] != "success" {
        return Err(format!(
            "The upstream did not give its rules: {}",
            json["error"].as_str().unwrap_or("no reason given")
        ));
    }
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    Ok(json["data"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|group| {
            let name = text(&group["name"]);
            group["rules"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |rule| UpstreamRule {
                    group: name.clone(),
                    name: text(&rule["name"]),
                    kind: text(&rule["type"]),
                    state: text(&rule["state"]),
                    health: text(&rule["health"]),
                    active: rule["alerts"].as_array().map_or(0, Vec::len),
                })
        })
        .collect())
}

/// Asks the upstream for its rules.
///
/// # Errors
/// See [`parse_upstream_rules`]; or the upstream could not be reached.
pub async fn fetch_upstream_rules(credentials: &Credentials) -> Result<Vec<UpstreamRule>, String> {
    let answer = get(credentials, "api/v1/rules")
        .await
        .map_err(|e| describe_failure(credentials, e))?;
    parse_upstream_rules(answer.status, &answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_read_and_a_missing_endpoint_is_said() {
        let body = br#"{"status":"success","data":{"groups":[{"name":"node","rules":[
            {"name":"NodeDown","type":"alerting","state":"firing","health":"ok","alerts":[{},{}]},
            {"name":"job:up:sum","type":"recording","health":"ok"}]}]}}"#;
        let rules = parse_upstream_rules(200, body).expect("rules");
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].active, 2);
        assert_eq!(rules[1].kind, "recording");
        let missing = parse_upstream_rules(404, b"{}").expect_err("not served");
        assert!(missing.contains("does not serve"), "{missing}");
    }
}
