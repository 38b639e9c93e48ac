//! The page's state and its edges: the reducer, the URL fragment, browser storage, the
//! links to the workers, the boards and the query page and the requests they make, and
//! the configuration snippets.

pub mod alert_effects;
pub mod alerts_state;
pub mod answers;
pub mod board_effects;
pub mod board_state;
pub mod connection_state;
pub mod context;
pub mod data_link;
pub mod device_storage;
pub mod explore_state;
pub mod first_screen;
pub mod history_effects;
pub mod notifications;
pub mod overview_state;
pub mod page;
pub mod playlist_effects;
pub mod playlist_state;
pub mod polling;
pub mod polling_state;
pub mod promql_link;
pub mod query_effects;
pub mod query_state;
pub mod services;
pub mod snippets;
pub mod source_state;
pub mod state;
pub mod view_effects;
pub mod view_url;
pub mod worker_restart;
