//! A rule's evaluation query: its `expr` asked of `api/v1/query` at the evaluation's time,
//! as Prometheus's rule manager asks its own engine, read into samples (labels and value)
//! for `alerts::alert_state`.

use super::{
    api::{describe_failure, get},
    instant::instant_endpoint,
    range_query::{api_data, QueryError},
};
use crate::{
    alerts::alert_state::{Labels, Sample},
    model::credentials::Credentials,
};

/// Reads an instant query's answer as samples. A scalar is one sample without labels, as
/// Prometheus's rule manager reads it; anything else a rule cannot alert on is an error.
///
/// # Errors
/// Prometheus's error, or why the answer could not be read.
pub fn parse_samples(status: u16, body: &[u8]) -> Result<Vec<Sample>, QueryError> {
    let data = api_data(status, body)?;
    let number = |v: &serde_json::Value| {
        v[1].as_str()
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    match data["resultType"].as_str() {
        Some("vector") => Ok(data["result"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| Sample {
                labels: item["metric"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                            .collect()
                    })
                    .unwrap_or_default(),
                value: number(&item["value"]),
            })
            .collect()),
        Some("scalar") => Ok(vec![Sample {
            labels: Labels::new(),
            value: number(&data["result"]),
        }]),
        other => Err(QueryError::new(
            status,
            format!(
                "rule result is not a vector or scalar: {}",
                other.unwrap_or("nothing")
            ),
        )),
    }
}

/// Runs a rule's `expr` at `at_ms`.
///
/// # Errors
/// Prometheus's error, or why no answer came.
pub async fn rule_samples(
    credentials: &Credentials,
    expr: &str,
    at_ms: i64,
) -> Result<Vec<Sample>, QueryError> {
    let answer = get(credentials, &instant_endpoint(expr, at_ms))
        .await
        .map_err(|e| QueryError::new(0, describe_failure(credentials, e)))?;
    parse_samples(answer.status, &answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vector_becomes_samples_with_their_labels() {
        let body = br#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"__name__":"up","job":"a"},"value":[1700000000,"0"]}]}}"#;
        let samples = parse_samples(200, body).expect("reads");
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].labels["job"], "a");
        assert_eq!(samples[0].value, 0.0);
        let matrix = br#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
        assert!(parse_samples(200, matrix).is_err());
    }
}
