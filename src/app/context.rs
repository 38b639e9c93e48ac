//! What every view reaches through Yew's context: the state handle, and the links to the
//! store's worker and the PromQL worker. `App` provides them; the hooks here expect them,
//! so a view never renders half of itself without them and never returns before a hook.

use yew::prelude::*;

use crate::app::{
    data_link::DataLink,
    promql_link::PromqlLink,
    state::{Action, AppState},
};

/// The shared state handle every view reads and dispatches to.
pub type AppContext = UseReducerHandle<AppState>;

/// The app's state, provided by `App` to every view below it.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>()
        .expect("fedview's views render inside App, which provides the state")
}

/// The link to the store's worker, provided by `App`.
#[hook]
pub fn use_data_link() -> DataLink {
    use_context::<DataLink>()
        .expect("fedview's views render inside App, which starts the store's worker")
}

/// The link to the PromQL worker, provided by `App`.
#[hook]
pub fn use_promql_link() -> PromqlLink {
    use_context::<PromqlLink>()
        .expect("fedview's views render inside App, which makes the PromQL link")
}

/// A callback that dispatches the action `make` builds from what it is given: what a view
/// hands a leaf view that reports something (a width, a pick) without reading the state.
pub fn dispatching<T: 'static>(
    state: &AppContext,
    make: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = state.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}
