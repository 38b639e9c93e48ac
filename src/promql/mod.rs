//! The PromQL worker: `promql-parser` checks and explains queries off the page's thread,
//! in a worker of its own that the app starts only when the query page is opened, so the
//! parser costs nothing to those who never write PromQL.

pub mod explain;
pub mod lint;
pub mod worker;
