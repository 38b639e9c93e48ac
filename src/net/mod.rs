//! Talking to the instance through the relay: every HTTP call (gloo-net), the health
//! verdicts, `query_range` (steps, queries and Prometheus's JSON answer), and the requests that
//! answer a board's variables.

pub mod api;
pub mod health;
pub mod instant;
pub mod range_query;
pub mod rule_query;
pub mod upstream_rules;
pub mod variables;
