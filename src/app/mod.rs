//! The page's state and its edges: the reducer, the URL fragment, browser storage, the
//! link to the store's worker, the boards and the requests they make, and the
//! configuration snippets.

pub mod board_effects;
pub mod board_state;
pub mod data_link;
pub mod device_storage;
pub mod snippets;
pub mod state;
pub mod view_url;
