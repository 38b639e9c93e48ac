//! The PromQL worker: trunk builds it beside the app (`data-type="worker"`), and the query
//! page starts it through its loader, `promql-worker_loader.js`, when it is first opened.

use fedview::promql::worker::PromqlWorker;
use gloo_worker::Registrable as _;

fn main() {
    PromqlWorker::registrar().register();
}
