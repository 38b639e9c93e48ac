//! The store's Web Worker: trunk builds it beside the app (`data-type="worker"`), and the
//! app starts it through its loader, `store-worker_loader.js`.

use fedview::worker::store_worker::StoreWorker;
use gloo_worker::Registrable as _;

fn main() {
    StoreWorker::registrar().register();
}
