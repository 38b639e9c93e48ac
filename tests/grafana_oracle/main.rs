//! Grafana's own code as the judge: fedview's units, reduce calculations and panel values
//! compared, case by case, with what `@grafana/data` (Grafana 13's data library, run in
//! Node from `oracle.cjs`) answers for the same input, as `promtext` is compared with
//! `prometheus_client`. Cases are generated from a fixed seed; every disagreement is
//! printed with its input, and each kind must agree on at least 99 % of its cases, the
//! differences left being named and explained in `known.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod cases;
mod display;
mod generated_panels;
mod js_regex;
mod known;
mod node;
mod reducers;
mod report;
mod table_cells;
mod transformations;
mod units;
