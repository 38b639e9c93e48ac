//! The worker that owns the data: it polls federation through the relay, parses and
//! stores it, reads dumps, and answers the page with only what the page shows. The page's
//! main thread never holds the store, so a 100,000-series poll never blocks it.
//!
//! This is the shell around [`StoreCore`]: it hands the core the page's commands and the
//! network's answers, sends the core's answers back, and runs its requests and timers.

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::{
    net::api,
    net::instant::query_instant,
    net::rule_query::rule_samples,
    net::variables::fetch_options,
    worker::{
        fetch::{Fetch, Fetched},
        protocol::{Answer, Command},
        store_core::{StoreCore, WarmUp, Work},
    },
};

/// The worker: its core, and nothing else.
#[derive(Debug)]
pub struct StoreWorker {
    core: StoreCore,
}

/// What comes back to the worker after waiting.
#[derive(Debug)]
pub enum Step {
    /// A request's answer, for the command `.0` started it.
    Fetched(HandlerId, Fetched),
    /// Time for one of the warm-ups.
    WarmUp(WarmUp),
}

/// How long after starting the worker waits, idle, before it warms up the views: the page
/// has loaded by then, and a user who fills in the form takes longer.
const WARM_UP_AFTER_MS: u32 = 1_000;

impl Worker for StoreWorker {
    type Message = Step;
    type Input = Command;
    type Output = Answer;

    fn create(scope: &WorkerScope<Self>) -> Self {
        scope.send_future(async {
            gloo_timers::future::TimeoutFuture::new(WARM_UP_AFTER_MS).await;
            Step::WarmUp(WarmUp::Views)
        });
        Self {
            core: StoreCore::new(js_sys::Date::now),
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, step: Step) {
        match step {
            Step::WarmUp(which) => self.core.warm_up(which),
            Step::Fetched(id, fetched) => {
                let work = self.core.fetched(fetched);
                run(scope, id, work);
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, command: Command, id: HandlerId) {
        let work = self.core.command(command);
        run(scope, id, work);
    }
}

/// Does what the core asked, in order, for the command `id` started.
fn run(scope: &WorkerScope<StoreWorker>, id: HandlerId, work: Vec<Work>) {
    for item in work {
        match item {
            Work::Answer(answer) => scope.respond(id, answer),
            Work::Fetch(request) => {
                scope.send_future(async move { Step::Fetched(id, fetch(request).await) });
            }
            Work::WarmUp(which) => scope.send_future(async move { Step::WarmUp(which) }),
        }
    }
}

/// Makes `request` through the relay.
async fn fetch(request: Fetch) -> Fetched {
    match request {
        Fetch::Federate {
            credentials,
            selectors,
            generation,
            at_ms,
        } => {
            let answer = api::fetch_federate(&credentials, &selectors).await;
            Fetched::Federate {
                credentials,
                generation,
                at_ms,
                answer,
            }
        }
        Fetch::Metadata {
            credentials,
            generation,
            at_ms,
            report,
        } => Fetched::Metadata {
            generation,
            at_ms,
            report,
            metadata: api::fetch_metadata(&credentials).await,
        },
        Fetch::Range {
            credentials,
            query,
            start,
            end,
            step_s,
            then,
        } => Fetched::Range {
            then,
            result: api::query_range(&credentials, &query, start, end, step_s).await,
        },
        Fetch::Instant {
            credentials,
            query,
            at_ms,
            generation,
        } => {
            let outcome = query_instant(&credentials, &query, at_ms).await;
            Fetched::Instant {
                query,
                generation,
                outcome,
            }
        }
        Fetch::RuleSamples {
            credentials,
            rule,
            definition,
            at_ms,
        } => {
            let result = rule_samples(&credentials, &definition.expr, at_ms).await;
            Fetched::RuleSamples {
                // The relay and the identifier: another instance starts its alerts afresh.
                instance: format!("{} {}", credentials.relay, credentials.id),
                rule,
                definition,
                at_ms,
                result,
            }
        }
        Fetch::Options {
            credentials,
            query,
            start,
            end,
            then,
        } => {
            let result = fetch_options(&credentials, &query, start, end).await;
            Fetched::Options {
                query,
                then,
                result,
            }
        }
    }
}
