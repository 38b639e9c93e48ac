//! The requests that answer a board's variable queries, and reading their answers:
//! `label_values` from `api/v1/label/<name>/values` (with `match[]` for a selector),
//! `label_names` from `api/v1/labels`, `metrics(regex)` from the metric names, and
//! `query_result(expr)` from an instant query, one `name{labels} value timestamp` per
//! series as Grafana writes them.

use crate::{
    board::variables::VariableQuery,
    model::credentials::{encode_component, Credentials},
    net::{
        api::get,
        range_query::{api_data, QueryError},
    },
};

/// The endpoint that answers `query` over `start_ms`–`end_ms`.
pub fn variable_endpoint(query: &VariableQuery, start_ms: i64, end_ms: i64) -> String {
    let range = format!("start={}&end={}", start_ms / 1000, end_ms / 1000);
    let matching = |selector: &Option<String>| {
        selector
            .as_deref()
            .map(|s| format!("&match[]={}", encode_component(s)))
            .unwrap_or_default()
    };
    match query {
        VariableQuery::LabelValues { label, selector } => {
            format!("api/v1/label/{label}/values?{range}{}", matching(selector))
        }
        VariableQuery::LabelNames { selector } => {
            format!("api/v1/labels?{range}{}", matching(selector))
        }
        VariableQuery::Metrics(_) => format!("api/v1/label/__name__/values?{range}"),
        VariableQuery::QueryResult(expr) => format!(
            "api/v1/query?query={}&time={}",
            encode_component(expr),
            end_ms / 1000
        ),
    }
}

/// The values in an answer to `query` (before any regex of the variable): label values or
/// names as listed, metric names as listed (the `metrics` regex is applied by the caller),
/// or one line per series of an instant query.
///
/// # Errors
/// The upstream's error, or an answer of another shape.
pub fn options_from(
    query: &VariableQuery,
    status: u16,
    body: &[u8],
) -> Result<Vec<String>, QueryError> {
    let data = api_data(status, body)?;
    if let VariableQuery::QueryResult(_) = query {
        let Some(result) = data["result"].as_array() else {
            return Err(QueryError::new(status, "expected an instant vector"));
        };
        return Ok(result
            .iter()
            .map(|series| {
                let metric = series["metric"].as_object();
                let name = metric
                    .and_then(|m| m.get("__name__"))
                    .and_then(|n| n.as_str())
                    .unwrap_or_default();
                let labels: Vec<String> = metric
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| *k != "__name__")
                    .map(|(k, v)| format!("{k}=\"{}\"", v.as_str().unwrap_or_default()))
                    .collect();
                let value = series["value"][1].as_str().unwrap_or_default();
                let at = series["value"][0].as_f64().unwrap_or_default() * 1000.0;
                format!("{name}{{{}}} {value} {at}", labels.join(", "))
            })
            .collect());
    }
    let Some(list) = data.as_array() else {
        return Err(QueryError::new(status, "expected a list of names"));
    };
    Ok(list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect())
}

/// Asks the upstream for the values of `query`.
///
/// # Errors
/// The upstream's error, or why no answer came.
pub async fn fetch_options(
    credentials: &Credentials,
    query: &VariableQuery,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<String>, QueryError> {
    let endpoint = variable_endpoint(query, start_ms, end_ms);
    let answer = get(credentials, &endpoint)
        .await
        .map_err(|e| QueryError::new(0, crate::net::api::describe_failure(credentials, e)))?;
    options_from(query, answer.status, &answer.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_query_asks_its_endpoint() {
        let values = VariableQuery::parse("label_values(up{job=\"a\"}, instance)").expect("reads");
        assert_eq!(
            variable_endpoint(&values, 1_000_000, 2_000_000),
            "api/v1/label/instance/values?start=1000&end=2000&match[]=up%7Bjob%3D%22a%22%7D"
        );
        let result = VariableQuery::parse("query_result(up)").expect("reads");
        assert_eq!(
            variable_endpoint(&result, 0, 5_000),
            "api/v1/query?query=up&time=5"
        );
    }

    #[test]
    fn answers_read_as_grafana_lists_them() {
        let names = VariableQuery::parse("label_names()").expect("reads");
        let body = br#"{"status":"success","data":["__name__","job"]}"#;
        assert_eq!(
            options_from(&names, 200, body),
            Ok(vec!["__name__".into(), "job".into()])
        );
        let result = VariableQuery::parse("query_result(up)").expect("reads");
        let body = br#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"__name__":"up","job":"api"},"value":[1700000000.5,"1"]}]}}"#;
        assert_eq!(
            options_from(&result, 200, body),
            Ok(vec!["up{job=\"api\"} 1 1700000000500".into()])
        );
        let bad = br#"{"status":"error","errorType":"bad_data","error":"parse error"}"#;
        assert_eq!(
            options_from(&names, 400, bad).map_err(|e| e.message),
            Err("parse error".into())
        );
    }
}
