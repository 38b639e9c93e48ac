//! Talking to the instance through the relay: every HTTP call (gloo-net), the health
//! verdicts, and `query_range` (steps, queries and Prometheus's JSON answer).

pub mod api;
pub mod health;
pub mod history;
