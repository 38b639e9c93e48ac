//! The page's state and its edges: the reducer, the URL fragment, browser storage, the
//! links to the workers, the boards and the query page and the requests they make, and
//! the configuration snippets.

pub mod board_effects;
pub mod board_state;
pub mod context;
pub mod data_link;
pub mod device_storage;
pub mod promql_link;
pub mod query_effects;
pub mod query_state;
pub mod services;
pub mod snippets;
pub mod state;
pub mod view_url;
