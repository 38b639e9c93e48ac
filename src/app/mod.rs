//! The page's state and its edges: the reducer, the URL fragment, browser storage, the
//! link to the store's worker, and the configuration snippets.

pub mod data_link;
pub mod device_storage;
pub mod snippets;
pub mod state;
pub mod view_url;
