//! Alerting without a server: Prometheus's rules, worked out in fedview's own code as
//! Prometheus's rule manager works them out. The rules' model (`rules.rs`) and their
//! durations (`duration.rs`); each rule's alerts from one evaluation to the next
//! (`alert_state.rs`: pending, firing, `keep_firing_for`, resolved); annotation templates
//! (`template.rs`, Go's `text/template` with the functions rule files use, and
//! `go_format.rs`, numbers as Go writes them); and the rule run over the past
//! (`backtest.rs`). Reading and writing rules files (YAML) lives with the other large
//! parsers, in the worker loaded on first use (`promql/rules_file.rs`). Pure Rust, tested
//! natively and against Debian's Prometheus.

pub mod alert_state;
pub mod backtest;
pub mod duration;
pub mod go_format;
pub mod rule_draft;
pub mod rules;
pub mod template;
