//! The data's own thread: a Web Worker (gloo-worker) that owns the store, the protocol the
//! page speaks to it, and the views it works out (the overview's among them).

pub mod fetch;
pub mod overview_backfill;
pub mod overview_view;
pub mod protocol;
pub mod store_core;
pub mod store_worker;
pub mod variable_regex;
pub mod views;
pub mod warm_up;
