//! The data model: the series store and its compressed chunks, metric kinds, units, the
//! connection the user enters, and dumps read into a store. Pure Rust, no browser APIs.

pub(crate) mod bit_stream;
pub mod credentials;
pub mod labels;
pub mod metric_kind;
pub mod offline;
pub mod point;
pub mod range_series;
pub mod sealed_chunk;
pub mod selector;
pub mod series_store;
pub mod units;
pub mod value_format;
pub mod xor_chunk;
