//! The page's end of the store's worker: it starts the worker on connecting, or when the
//! first command that needs it comes (a poll, a dump, a board's or the query page's
//! question), never before, so the first load does not fetch it; it sends the worker
//! commands, and hands its answers to the reducer as they are (a CSV it saves as a
//! download), panel answers gathered a frame at a time. Every view reads what the worker
//! worked out from the state; none holds the store.

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use gloo_worker::{Spawnable as _, WorkerBridge};
use wasm_bindgen::JsCast as _;
use yew::UseReducerDispatcher;

use crate::{
    app::state::{Action, AppState},
    model::credentials::encode_component,
    worker::{
        protocol::{Answer, Command},
        store_worker::StoreWorker,
    },
};

/// Where trunk puts the worker's loader, beside `index.html`.
const WORKER_LOADER: &str = "./store-worker_loader.js";

/// A handle on the running worker, shared through a context. The worker can be replaced
/// under it ([`DataLink::restart`]): every holder then talks to the new one.
#[derive(Clone)]
pub struct DataLink(Rc<Link>);

/// The worker once started, and when it was last heard from.
struct Link {
    bridge: RefCell<Option<WorkerBridge<StoreWorker>>>,
    /// The latest view asked for before the worker started, sent to it when it does.
    waiting_view: RefCell<Option<Command>>,
    dispatch: UseReducerDispatcher<AppState>,
    /// When the worker last answered anything, ms since the epoch.
    heard_ms: Rc<Cell<f64>>,
    /// Whether a dump was sent to be read and the worker has not answered since.
    reading_dump: Rc<Cell<bool>>,
}

impl std::fmt::Debug for DataLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataLink")
    }
}

impl PartialEq for DataLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Link")
    }
}

impl DataLink {
    /// A link whose worker starts on the first command that needs it; its answers go to
    /// `dispatch`.
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        Self(Rc::new(Link {
            bridge: RefCell::new(None),
            waiting_view: RefCell::new(None),
            dispatch,
            heard_ms: Rc::new(Cell::new(js_sys::Date::now())),
            reading_dump: Rc::new(Cell::new(false)),
        }))
    }

    /// Sends `command` to the worker, starting it if the command needs it. A view asked of
    /// a worker not started yet (the page's first render) waits for it: an empty store has
    /// nothing to show. A ping or a reset needs no worker.
    pub fn send(&self, command: Command) {
        if matches!(command, Command::OpenDump { .. }) {
            self.0.reading_dump.set(true);
        }
        if !self.started() {
            match command {
                Command::Show(_) => {
                    self.0.waiting_view.replace(Some(command));
                    return;
                }
                Command::Ping | Command::Reset => return,
                _ => self.start(),
            }
        }
        if let Some(bridge) = self.0.bridge.borrow().as_ref() {
            bridge.send(command);
        }
    }

    /// Whether the worker has started.
    pub fn started(&self) -> bool {
        self.0.bridge.borrow().is_some()
    }

    /// Starts the worker if it has not started: on connecting, so that the first poll does
    /// not wait for its code.
    pub fn warm_up(&self) {
        if !self.started() {
            self.start();
        }
    }

    /// Starts the worker, and sends it the view the page asked for meanwhile.
    fn start(&self) {
        self.0.heard_ms.set(js_sys::Date::now());
        let bridge = spawn(
            self.0.dispatch.clone(),
            self.0.heard_ms.clone(),
            self.0.reading_dump.clone(),
        );
        if let Some(view) = self.0.waiting_view.take() {
            bridge.send(view);
        }
        self.0.bridge.replace(Some(bridge));
        mark("fedview-store-worker-started");
    }

    /// Whether the worker is reading a dump (and may be silent for a while).
    pub fn reading_dump(&self) -> bool {
        self.0.reading_dump.get()
    }

    /// When the worker last answered anything, ms since the epoch.
    pub fn heard_ms(&self) -> f64 {
        self.0.heard_ms.get()
    }

    /// Ends the worker (a crash, or a hang, found by `app/worker_restart.rs`) and starts a
    /// new one, empty, in its place.
    pub fn restart(&self) {
        if !self.started() {
            return;
        }
        self.0.heard_ms.set(js_sys::Date::now());
        self.0.reading_dump.set(false);
        let fresh = spawn(
            self.0.dispatch.clone(),
            self.0.heard_ms.clone(),
            self.0.reading_dump.clone(),
        );
        // The old bridge, dropped here, terminates its worker if it still runs.
        drop(self.0.bridge.replace(Some(fresh)));
    }
}

/// Spawns a worker whose answers go to `dispatch`, noting when each came in `heard_ms`
/// (and that a dump sent to it is read, once it says so).
fn spawn(
    dispatch: UseReducerDispatcher<AppState>,
    heard_ms: Rc<Cell<f64>>,
    reading_dump: Rc<Cell<bool>>,
) -> WorkerBridge<StoreWorker> {
    StoreWorker::spawner()
        .callback(move |answer| {
            heard_ms.set(js_sys::Date::now());
            if matches!(
                answer,
                Answer::DumpOpened { .. } | Answer::DumpFailed { .. }
            ) {
                reading_dump.set(false);
            }
            on_answer(&dispatch, answer);
        })
        .spawn_with_loader(WORKER_LOADER)
}

thread_local! {
    /// Panel answers and rule evaluations that came in since the last flush, and whether a
    /// flush is set.
    static PANEL_ANSWERS: std::cell::RefCell<(Vec<Answer>, bool)> =
        const { std::cell::RefCell::new((Vec::new(), false)) };
}

/// How long panel answers are gathered before the page takes them in, in one render. Zero:
/// the answers already waiting in the page's queue are taken together, and none waits for
/// later ones (the board asks its next queries only once it has taken an answer in; a
/// 16 ms window made Node Exporter Full slower, 1.55 s against 1.15–1.26 s). A board of 125
/// panels otherwise renders once per answer.
const GATHER_MS: u32 = 0;

/// Hands the gathered panel answers to the reducer, in the order they came.
fn flush_panel_answers(dispatch: &UseReducerDispatcher<AppState>) {
    let answers = PANEL_ANSWERS.with(|gathered| {
        let mut gathered = gathered.borrow_mut();
        gathered.1 = false;
        std::mem::take(&mut gathered.0)
    });
    if !answers.is_empty() {
        dispatch.dispatch(Action::Workers(answers));
    }
}

fn on_answer(dispatch: &UseReducerDispatcher<AppState>, answer: Answer) {
    // The watchdog's answer: hearing it was all it was for.
    if matches!(answer, Answer::Alive) {
        return;
    }
    // Panel answers and rule evaluations come in bursts (a board's 125 panels, a group's
    // rules): those already waiting are taken in one render.
    if matches!(
        answer,
        Answer::PanelAnswered { .. } | Answer::RuleEvaluated { .. }
    ) {
        let schedule = PANEL_ANSWERS.with(|gathered| {
            let mut gathered = gathered.borrow_mut();
            gathered.0.push(answer);
            !std::mem::replace(&mut gathered.1, true)
        });
        if schedule {
            let dispatch = dispatch.clone();
            gloo_timers::callback::Timeout::new(GATHER_MS, move || flush_panel_answers(&dispatch))
                .forget();
        }
        return;
    }
    // Any other answer keeps its place after the panel answers before it.
    flush_panel_answers(dispatch);
    // For the benchmarks: when each answer the page waits on reached it.
    match &answer {
        Answer::Polled { outcome: Ok(_), .. } => {
            mark("fedview-polled");
            forget_old_marks();
        }
        Answer::DumpOpened { .. } => mark("fedview-dump-opened"),
        Answer::View(view) => {
            // And how long the worker took to work the view out, and what the store holds
            // (series live, held and forgotten, and its bytes), for the soak benchmark.
            mark("fedview-view-arrived");
            let store = &view.summary;
            mark(&format!(
                "fedview-store-{}-{}-{}-{}",
                store.live,
                store.series,
                store.forgotten,
                store.point_bytes + store.other_bytes
            ));
            mark(&format!(
                "fedview-view-worked-{}",
                view.worked_micros / 1000
            ));
        }
        Answer::LinesAhead { .. } => mark("fedview-lines-arrived"),
        Answer::Csv { name, text } => {
            download(
                &format!("data:text/csv;charset=utf-8,{}", encode_component(text)),
                &format!("{name}.csv"),
            );
            return;
        }
        _ => {}
    }
    dispatch.dispatch(Action::Worker(answer));
}

/// The most marks the page keeps: a wall display sets a few per poll for days, and the
/// browser keeps every one until it is cleared.
const MOST_MARKS: usize = 5_000;

/// Clears the page's marks once there are more than [`MOST_MARKS`] (checked once a poll).
fn forget_old_marks() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_type("mark").length() as usize > MOST_MARKS {
            performance.clear_marks();
        }
    }
}

/// Sets a `performance` mark named `name`, for the benchmarks to time the page by.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Saves `href` (a data URL) as `file` through a temporary link.
pub fn download(href: &str, file: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("download", file);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}
