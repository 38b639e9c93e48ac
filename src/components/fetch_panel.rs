//! Fetching federation: the `match[]` selectors, "Fetch now", and live polling with its
//! interval, countdown and pause (the timer itself is `app/polling.rs`).

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::context::{use_app, use_data_link},
    app::polling::use_countdown,
    app::polling_state::{FetchStatus, PollingAction, MIN_POLL_SECONDS},
    app::services::start_poll,
    app::source_state::Source,
    app::state::Action,
};

/// The fetch panel.
#[component]
pub fn FetchPanel() -> Html {
    let state = use_app();
    let link = use_data_link();
    let countdown = use_countdown(state.polling.next_poll_ms);

    let on_selectors = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::Polling(PollingAction::EditSelectors(area.value())));
        })
    };
    let on_interval = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            // An empty or half-typed field changes nothing; the reducer enforces the minimum.
            if let Ok(seconds) = input.value().trim().parse() {
                state.dispatch(Action::Polling(PollingAction::SetPollSeconds(seconds)));
            }
        })
    };
    let on_fetch = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |_: MouseEvent| start_poll(&state, &link))
    };
    let on_live = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Polling(PollingAction::SetLive(!state.polling.live)))
        })
    };
    let fetching = matches!(state.polling.fetch, FetchStatus::Fetching);
    let offline = state.data.source != Source::Live;
    let store = state.shown.0.summary;
    let status = match &state.polling.fetch {
        FetchStatus::Idle => html! { <span>{ "Not fetched yet." }</span> },
        FetchStatus::Fetching => html! { <span>{ "Fetching…" }</span> },
        FetchStatus::Polled { report, at_ms } => {
            let summary = PollSummary {
                samples: report.samples,
                at: crate::draw::chart::clock(*at_ms, utc_offset_minutes(), true),
                series: store.series,
                families: store.families,
                polls: store.polls,
                limit: store.limit,
            };
            html! {
                <span data-store-ms={(report.micros as f64 / 1000.0).to_string()}
                    data-overview-ms={(report.overview_micros as f64 / 1000.0).to_string()}
                    data-point-bytes={store.point_bytes.to_string()} data-points={store.points.to_string()}
                    data-other-bytes={store.other_bytes.to_string()} data-memory-bytes={store.memory_bytes.to_string()}>
                    { summary.to_string() }
                </span>
            }
        }
        FetchStatus::Failed { title, detail } => html! {
            <span class="bad" role="alert"><strong>{ title.clone() }</strong>{ " " }{ detail.clone() }
                { " Data already collected is kept." }</span>
        },
    };
    html! {
        <section class="panel fetch" aria-labelledby="fetch-title">
            <h2 id="fetch-title">{ "Federation" }</h2>
            <div class="field">
                <label for="selectors">{ "match[] selectors, one per line" }</label>
                <textarea id="selectors" rows="2" spellcheck="false" value={state.polling.selectors.clone()}
                    oninput={on_selectors} />
            </div>
            <div class="actions">
                <button id="fetch-now" type="button" onclick={on_fetch} disabled={fetching || offline}>{ "Fetch now" }</button>
                <button id="live" type="button" class="secondary" onclick={on_live} disabled={offline} aria-pressed={state.polling.live.to_string()}>
                    { if state.polling.live { "Pause" } else { "Go live" } }
                </button>
                <label for="poll-seconds" class="inline">{ "every" }</label>
                <input id="poll-seconds" type="number" min={MIN_POLL_SECONDS.to_string()} step="1"
                    value={state.polling.poll_seconds.to_string()} onchange={on_interval} />
                <span>{ "s" }</span>
                if let Some(left) = countdown {
                    <span id="countdown" aria-live="off">{ format!("next poll in {left} s") }</span>
                }
            </div>
            <p id="fetch-status" class="status">{ status }</p>
        </section>
    }
}

/// The status line after a poll, in plain English ("1 poll", "2 polls").
struct PollSummary {
    samples: usize,
    at: String,
    series: usize,
    families: usize,
    polls: usize,
    limit: usize,
}

impl std::fmt::Display for PollSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at {}; {} in {}, {} (keeping up to the last {} per series).",
            counted(self.samples, "sample", "samples"),
            self.at,
            counted(self.series, "series", "series"),
            counted(self.families, "family", "families"),
            counted(self.polls, "poll", "polls"),
            counted(self.limit, "point", "points"),
        )
    }
}

/// `n` followed by the word for one or for many.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The browser's UTC offset in minutes, east positive.
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_counts_in_plain_english() {
        let summary = |n: usize| {
            PollSummary {
                samples: n,
                at: "12:00:00".into(),
                series: n,
                families: n,
                polls: n,
                limit: 720,
            }
            .to_string()
        };
        assert_eq!(
            summary(1),
            "1 sample at 12:00:00; 1 series in 1 family, 1 poll (keeping up to the last 720 points per series)."
        );
        assert_eq!(
            summary(2),
            "2 samples at 12:00:00; 2 series in 2 families, 2 polls (keeping up to the last 720 points per series)."
        );
    }
}
