//! Instant queries (`api/v1/query`) for the query page's table: every series of the answer
//! with its value, as Prometheus returns them, up to a page's worth of rows.

use serde::{Deserialize, Serialize};

use super::{
    api::{describe_failure, get},
    range_query::{api_data, QueryError},
};
use crate::model::credentials::{encode_component, Credentials};

/// The most rows kept: the count says how many there were.
pub const MAX_ROWS: usize = 1_000;

/// One row: a series (its name and labels, as Prometheus prints them) and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstantRow {
    /// `name{label="value", …}`, or the kind of value for a scalar or string.
    pub series: String,
    /// The value, as Prometheus wrote it.
    pub value: String,
}

/// An instant query's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstantTable {
    /// The query.
    pub query: String,
    /// `vector`, `scalar`, `matrix` or `string`.
    pub result_type: String,
    /// The rows, at most [`MAX_ROWS`].
    pub rows: Vec<InstantRow>,
    /// How many series the answer held.
    pub total: usize,
}

/// The endpoint of an instant query of `query` at `at_ms`.
pub fn instant_endpoint(query: &str, at_ms: i64) -> String {
    format!(
        "api/v1/query?query={}&time={}",
        encode_component(query),
        at_ms as f64 / 1000.0
    )
}

fn series_text(metric: &serde_json::Value) -> String {
    let Some(labels) = metric.as_object() else {
        return "{}".to_owned();
    };
    let name = labels
        .get("__name__")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let pairs: Vec<String> = labels
        .iter()
        .filter(|(k, _)| *k != "__name__")
        .map(|(k, v)| {
            format!(
                "{k}={}",
                serde_json::Value::from(v.as_str().unwrap_or_default())
            )
        })
        .collect();
    format!("{name}{{{}}}", pairs.join(", "))
}

/// Reads an instant query's answer.
///
/// # Errors
/// Prometheus's error (with its position), or why the answer could not be read.
pub fn parse_instant(query: &str, status: u16, body: &[u8]) -> Result<InstantTable, QueryError> {
    let data = api_data(status, body)?;
    let result_type = data["resultType"].as_str().unwrap_or_default().to_owned();
    let value_text = |v: &serde_json::Value| v[1].as_str().unwrap_or_default().to_owned();
    let (rows, total) = match result_type.as_str() {
        "scalar" | "string" => (
            vec![InstantRow {
                series: result_type.clone(),
                value: value_text(&data["result"]),
            }],
            1,
        ),
        _ => {
            let items = data["result"].as_array().cloned().unwrap_or_default();
            let rows = items
                .iter()
                .take(MAX_ROWS)
                .map(|item| InstantRow {
                    series: series_text(&item["metric"]),
                    value: match item["values"].as_array() {
                        // A range vector: its points, newest last.
                        Some(points) => points
                            .iter()
                            .map(|p| format!("{} @{}", value_text(p), p[0]))
                            .collect::<Vec<_>>()
                            .join("\n"),
                        None => value_text(&item["value"]),
                    },
                })
                .collect();
            (rows, items.len())
        }
    };
    Ok(InstantTable {
        query: query.to_owned(),
        result_type,
        rows,
        total,
    })
}

/// Runs `query` at `at_ms`.
///
/// # Errors
/// Prometheus's error, or why no answer came.
pub async fn query_instant(
    credentials: &Credentials,
    query: &str,
    at_ms: i64,
) -> Result<InstantTable, QueryError> {
    let answer = get(credentials, &instant_endpoint(query, at_ms))
        .await
        .map_err(|e| QueryError::new(0, describe_failure(credentials, e)))?;
    parse_instant(query, answer.status, &answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_show_each_series_and_its_value() {
        let body = br#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"__name__":"up","job":"a"},"value":[1700000000,"1"]},
            {"metric":{"region":"oslo"},"value":[1700000000,"0.5"]}]}}"#;
        let table = parse_instant("up", 200, body).expect("reads");
        assert_eq!(table.total, 2);
        assert_eq!(table.rows[0].series, "up{job=\"a\"}");
        assert_eq!(
            table.rows[1],
            InstantRow {
                series: "{region=\"oslo\"}".into(),
                value: "0.5".into()
            }
        );
        let scalar =
            br#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"9"]}}"#;
        assert_eq!(
            parse_instant("2^3+1", 200, scalar).expect("reads").rows[0].value,
            "9"
        );
        let error = br#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: x"}"#;
        assert_eq!(
            parse_instant("x", 400, error).expect_err("fails").position,
            Some((1, 5))
        );
    }
}
