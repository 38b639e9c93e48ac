//! The PromQL worker: `promql-parser` checks and explains queries off the page's thread,
//! in a worker of its own that the app starts only when it is first needed, so the parser
//! costs nothing to those who never write PromQL. It also reads dashboards (Grafana's JSON,
//! Perses's JSON or YAML) into boards: their readers and migrations are as large and as
//! rarely needed, and a large dashboard is read off the page's thread.

pub mod explain;
pub mod lint;
pub mod rules_file;
pub mod worker;
pub mod yaml;
