//! Fetching federation: the `match[]` selectors, "Fetch now", and live polling with its
//! interval, countdown and pause (the timer itself is `app/polling.rs`).

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::context::{use_app, use_data_link},
    app::polling::use_countdown,
    app::polling_state::{FetchStatus, PollingAction, MIN_POLL_SECONDS},
    app::services::start_poll,
    app::source_state::Source,
    app::state::Action,
    model::series_store::DEFAULT_BUDGET_BYTES,
    worker::protocol::{Retention, StoreSummary},
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
    let on_history = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(minutes) = select.value().parse() {
                state.dispatch(Action::Polling(PollingAction::SetHistoryMinutes(minutes)));
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
                series: store.live,
                left: store.series.saturating_sub(store.live),
                forgotten: store.forgotten,
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
            <div class="actions">
                <label for="history" class="inline">{ "Keep" }</label>
                <select id="history" onchange={on_history} aria-describedby="history-memory">
                    { for history_choices(state.polling.history_minutes).into_iter().map(|(minutes, name)| html! {
                        <option value={minutes.to_string()} selected={minutes == state.polling.history_minutes}>{ name }</option>
                    }) }
                </select>
                <span id="history-memory">{ history_memory(&store, state.polling.retention()) }</span>
            </div>
            <p id="fetch-status" class="status">{ status }</p>
        </section>
    }
}

/// The history choices: the usual ones, and `current` if it is none of them (a link's).
fn history_choices(current: u32) -> Vec<(u32, String)> {
    let mut choices: Vec<(u32, String)> = HISTORY_CHOICES
        .iter()
        .map(|&(minutes, name)| (minutes, format!("{name} of history")))
        .collect();
    if !choices.iter().any(|(minutes, _)| *minutes == current) {
        let name = counted(current as usize, "minute", "minutes");
        let at = choices.partition_point(|(minutes, _)| *minutes < current);
        choices.insert(at, (current, format!("{name} of history")));
    }
    choices
}

/// The usual history lengths, in minutes.
const HISTORY_CHOICES: [(u32, &str); 6] = [
    (10, "10 minutes"),
    (60, "1 hour"),
    (360, "6 hours"),
    (1_440, "24 hours"),
    (4_320, "3 days"),
    (10_080, "7 days"),
];

/// What keeping that much history will take: "about 38 MB at 25,000 series".
fn history_memory(store: &StoreSummary, retention: Retention) -> String {
    if store.live == 0 {
        return "(its memory shows after the first poll)".to_owned();
    }
    let asked_ms = i64::from(retention.history_s) * 1000;
    if store.retention_ms > 0 && store.retention_ms < asked_ms {
        return format!(
            "lowered to {} to keep the store under {} ({} now)",
            counted((store.retention_ms / 60_000) as usize, "minute", "minutes"),
            approximate_bytes(DEFAULT_BUDGET_BYTES),
            approximate_bytes(store.point_bytes + store.other_bytes),
        );
    }
    format!(
        "about {} at {} (series that left are forgotten after it)",
        approximate_bytes(store.bytes_at(retention)),
        counted(store.live, "series", "series"),
    )
}

/// Bytes in round figures: "640 kB", "3.2 MB", "120 MB".
fn approximate_bytes(bytes: usize) -> String {
    let bytes = bytes as f64;
    if bytes < 1e6 {
        format!("{:.0} kB", (bytes / 1e3).max(1.0))
    } else if bytes < 1e7 {
        format!("{:.1} MB", bytes / 1e6)
    } else if bytes < 1e9 {
        format!("{:.0} MB", bytes / 1e6)
    } else {
        format!("{:.1} GB", bytes / 1e9)
    }
}

/// The status line after a poll, in plain English ("1 poll", "2 polls").
struct PollSummary {
    samples: usize,
    at: String,
    /// Series the poll had.
    series: usize,
    /// Series that left and are kept until their history runs out.
    left: usize,
    /// Series forgotten so far.
    forgotten: usize,
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
        )?;
        if self.left > 0 || self.forgotten > 0 {
            write!(
                f,
                " {} that left kept, {} forgotten.",
                self.left, self.forgotten
            )?;
        }
        Ok(())
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
                left: 0,
                forgotten: 0,
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
        let churned = PollSummary {
            left: 1_000,
            forgotten: 24_000,
            ..PollSummary {
                samples: 1,
                at: "12:00:00".into(),
                series: 1,
                left: 0,
                forgotten: 0,
                families: 1,
                polls: 1,
                limit: 2,
            }
        };
        assert!(churned
            .to_string()
            .ends_with(" 1000 that left kept, 24000 forgotten."));
    }

    #[test]
    fn history_is_offered_in_round_lengths_with_a_links_own() {
        let names: Vec<String> = history_choices(360).into_iter().map(|c| c.1).collect();
        assert_eq!(names.len(), 6);
        assert_eq!(names[2], "6 hours of history");
        let odd = history_choices(2);
        assert_eq!(odd[0], (2, "2 minutes of history".to_owned()));
        assert_eq!(approximate_bytes(38_400_000), "38 MB");
        assert_eq!(approximate_bytes(3_240_000), "3.2 MB");
        assert_eq!(approximate_bytes(640_000), "640 kB");
    }
}
