//! The data-source slice of the state: where the data on screen comes from (live
//! federation or a dump), the store's generation and version as the page knows them, and
//! whether the upstream offers the query API.

/// Where the data on screen comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    /// Federation through the relay.
    #[default]
    Live,
    /// A dump the user dropped or pasted.
    Dump {
        /// The file name, or "pasted text".
        name: String,
    },
}

/// The data source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataSource {
    /// Where the data comes from.
    pub source: Source,
    /// A dump that could not be opened: title and detail.
    pub dump_error: Option<(String, String)>,
    /// The generation of the data on screen (the store's): answers asked for another
    /// generation are dropped.
    pub generation: u64,
    /// Changes whenever the store does.
    pub store_version: u64,
    /// Set once the upstream answered `query_range` with 403 or 404: that status.
    pub query_api_missing: Option<u16>,
    /// When the store's worker stopped and a new one took its place (ms since the
    /// epoch), in order.
    pub worker_restarts: Vec<i64>,
}

impl DataSource {
    /// Whether the data is live federation (not a dump).
    pub fn is_live(&self) -> bool {
        self.source == Source::Live
    }

    /// The store changed under the same data.
    pub fn stored(&mut self) {
        self.store_version += 1;
    }

    /// Remembers that the upstream answered a query with `status`, if that status says it
    /// has no query API (the first such status is kept).
    pub fn api_missing(&mut self, status: Option<u16>) {
        if let Some(status) = status {
            self.query_api_missing.get_or_insert(status);
        }
    }

    /// The store now holds a dump, `name`, as generation `generation`.
    pub fn dump_opened(&mut self, name: String, generation: u64) {
        self.generation = generation;
        self.source = Source::Dump { name };
        self.dump_error = None;
        self.store_version += 1;
    }

    /// The store was emptied for live data, as generation `generation`.
    pub fn back_to_live(&mut self, generation: u64) {
        self.generation = generation;
        self.source = Source::Live;
        self.dump_error = None;
        self.store_version += 1;
    }
}
