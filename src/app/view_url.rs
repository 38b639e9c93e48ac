//! The shareable view in the URL fragment: metric, search, selectors, poll interval, the
//! history kept, the rate/raw choice, the open board, kiosk mode and the playlist playing.
//! Credentials are never part of it: the type has no field for them.

use std::{collections::BTreeMap, rc::Rc};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};

use crate::{
    app::board_state::BoardAction,
    app::playlist_state::{Playlist, PlaylistAction},
    app::polling_state::{
        DEFAULT_HISTORY_MINUTES, DEFAULT_POLL_SECONDS, DEFAULT_SELECTOR, MAX_HISTORY_MINUTES,
        MIN_POLL_SECONDS,
    },
    app::state::{AppState, Tab},
    board::model::Board,
    model::credentials::encode_component,
    net::range_query::Range,
};

/// What the fragment holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewUrl {
    /// The charted family.
    pub metric: Option<String>,
    /// Label filters on it.
    pub filters: BTreeMap<String, String>,
    /// The metric search text.
    pub search: String,
    /// The `match[]` selectors, one per line.
    pub selectors: String,
    /// Seconds between polls.
    pub poll_seconds: u32,
    /// Minutes of history kept.
    pub history_minutes: u32,
    /// Counters as raw values.
    pub raw: bool,
    /// The zoomed time window, ms since the epoch.
    pub window: Option<(i64, i64)>,
    /// The history range.
    pub range: Option<Range>,
    /// The view shown.
    pub tab: Tab,
    /// The open board, while the boards are shown: a link shares it.
    pub board: Option<Board>,
    /// Kiosk mode: only the view, live, for a wall display (`#kiosk`).
    pub kiosk: bool,
    /// The playlist playing (`play=30:overview,board:Core`).
    pub play: Option<Playlist>,
}

impl Default for ViewUrl {
    fn default() -> Self {
        Self {
            metric: None,
            filters: BTreeMap::new(),
            search: String::new(),
            selectors: DEFAULT_SELECTOR.to_owned(),
            poll_seconds: DEFAULT_POLL_SECONDS,
            history_minutes: DEFAULT_HISTORY_MINUTES,
            raw: false,
            window: None,
            range: None,
            tab: Tab::Overview,
            board: None,
            kiosk: false,
            play: None,
        }
    }
}

impl ViewUrl {
    /// The view part of the state.
    pub fn of(state: &AppState) -> Self {
        Self {
            metric: state.explore.selected.clone(),
            filters: state.explore.filters.clone(),
            search: state.explore.search.clone(),
            selectors: state.polling.selectors.clone(),
            poll_seconds: state.polling.poll_seconds,
            history_minutes: state.polling.history_minutes,
            raw: state.explore.raw_counters,
            window: state.explore.window,
            range: state.explore.range,
            tab: state.tab,
            // A playlist names its boards: the link does not carry the one on screen.
            board: (state.tab == Tab::Boards && state.playlists.playing.is_none())
                .then(|| state.boards.board().cloned())
                .flatten(),
            kiosk: state.kiosk,
            play: state
                .playlists
                .playing
                .map(|_| state.playlists.playlist.clone()),
        }
    }

    /// Applies it to a fresh state.
    pub fn apply(self, state: &mut AppState) {
        let explore = Rc::make_mut(&mut state.explore);
        explore.selected = self.metric;
        explore.filters = self.filters;
        explore.search = self.search;
        explore.raw_counters = self.raw;
        explore.window = self.window.filter(|(a, b)| a < b);
        explore.range = self.range;
        let polling = Rc::make_mut(&mut state.polling);
        polling.selectors = self.selectors;
        polling.poll_seconds = self.poll_seconds.max(MIN_POLL_SECONDS);
        polling.history_minutes = self.history_minutes.clamp(1, MAX_HISTORY_MINUTES);
        state.tab = self.tab;
        if self.kiosk {
            state.enter_kiosk();
        }
        if let Some(board) = self.board {
            Rc::make_mut(&mut state.boards).reduce(BoardAction::Imported(board));
        }
        if let Some(playlist) = self.play {
            state.play(PlaylistAction::Edit(playlist));
            state.play(PlaylistAction::Play);
        }
    }

    /// The fragment, without `#`; defaults are left out.
    pub fn to_fragment(&self) -> String {
        let defaults = Self::default();
        let mut parts = Vec::new();
        if let Some(metric) = &self.metric {
            parts.push(format!("metric={}", encode_component(metric)));
        }
        for (label, value) in &self.filters {
            parts.push(format!(
                "label.{}={}",
                encode_component(label),
                encode_component(value)
            ));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode_component(&self.search)));
        }
        if self.selectors != defaults.selectors {
            parts.push(format!("match={}", encode_component(&self.selectors)));
        }
        if self.poll_seconds != defaults.poll_seconds {
            parts.push(format!("every={}", self.poll_seconds));
        }
        if self.history_minutes != defaults.history_minutes {
            parts.push(format!("keep={}", self.history_minutes));
        }
        if self.raw {
            parts.push("raw=1".to_owned());
        }
        if let Some((from, to)) = self.window {
            parts.push(format!("from={from}&to={to}"));
        }
        if let Some(range) = self.range {
            parts.push(format!("range={}", encode_component(&range.key())));
        }
        if self.tab != Self::tab_implied(self.metric.is_some()) {
            parts.push(format!("tab={}", self.tab.key()));
        }
        if let Some(json) = self.board.as_ref().and_then(|b| serde_json::to_vec(b).ok()) {
            parts.push(format!("board={}", URL_SAFE_NO_PAD.encode(json)));
        }
        if self.kiosk {
            parts.push("kiosk".to_owned());
        }
        if let Some(playlist) = &self.play {
            parts.push(format!(
                "play={}",
                encode_component(&playlist.to_fragment())
            ));
        }
        parts.join("&")
    }

    /// Reads a fragment (with or without `#`); unknown or broken parts are ignored.
    pub fn from_fragment(fragment: &str) -> Self {
        let mut view = Self::default();
        let mut tab = None;
        for part in fragment.trim_start_matches('#').split('&') {
            if part == "kiosk" {
                view.kiosk = true;
                continue;
            }
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let value = decode_component(value);
            match key {
                "metric" if !value.is_empty() => view.metric = Some(value),
                "q" => view.search = value,
                "match" if !value.trim().is_empty() => view.selectors = value,
                "every" => {
                    if let Ok(seconds) = value.parse() {
                        view.poll_seconds = seconds;
                    }
                }
                "play" => view.play = Playlist::from_fragment(&value, decode_component),
                "keep" => {
                    if let Ok(minutes) = value.parse() {
                        view.history_minutes = minutes;
                    }
                }
                "raw" => view.raw = value == "1",
                "range" => view.range = Range::from_key(&value),
                "tab" => tab = Tab::from_key(&value),
                "board" => {
                    view.board = URL_SAFE_NO_PAD
                        .decode(value.as_bytes())
                        .ok()
                        .and_then(|json| serde_json::from_slice(&json).ok());
                }
                "from" | "to" => {
                    if let Ok(ms) = value.parse::<i64>() {
                        let (from, to) = view.window.unwrap_or((ms, ms));
                        view.window = Some(if key == "from" { (ms, to) } else { (from, ms) });
                    }
                }
                _ => {
                    if let Some(label) = key.strip_prefix("label.") {
                        view.filters.insert(decode_component(label), value);
                    }
                }
            }
        }
        view.tab = tab.unwrap_or_else(|| Self::tab_implied(view.metric.is_some()));
        view
    }

    /// The tab a link without `tab=` opens: the chart of its metric, else the overview.
    fn tab_implied(with_metric: bool) -> Tab {
        if with_metric {
            Tab::Chart
        } else {
            Tab::Overview
        }
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as written) and `+` as a space.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|&c| char::from(c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::playlist_state::Stop;

    #[test]
    fn round_trips_every_field() {
        let view = ViewUrl {
            metric: Some("http_requests_total".into()),
            filters: BTreeMap::from([("code".to_owned(), "5xx & more".to_owned())]),
            search: "http req".into(),
            selectors: "up\n{job=~\"node|api\"}".into(),
            poll_seconds: 15,
            history_minutes: 10,
            raw: true,
            window: Some((1_700_000_000_000, 1_700_000_600_000)),
            range: Some(Range::Last(86_400_000)),
            tab: Tab::Cardinality,
            board: Some(crate::board::model::Board {
                title: "Network at a glance".into(),
                rows: vec![crate::board::model::Row {
                    panels: vec![crate::board::pinning::expression_panel(
                        "sum by (region) (rate(sip_responses_total[5m]))",
                    )],
                    ..Default::default()
                }],
                ..Default::default()
            }),
            kiosk: true,
            play: Some(Playlist {
                stops: vec![Stop::Overview, Stop::Board("Core, 5% & more".into())],
                seconds: 20,
            }),
        };
        let fragment = view.to_fragment();
        assert!(!fragment.contains("secret"));
        assert_eq!(ViewUrl::from_fragment(&format!("#{fragment}")), view);
    }

    #[test]
    fn defaults_make_an_empty_fragment() {
        assert_eq!(ViewUrl::default().to_fragment(), "");
        assert_eq!(ViewUrl::from_fragment(""), ViewUrl::default());
        assert_eq!(
            ViewUrl::from_fragment("#every=x&bogus&metric="),
            ViewUrl::default()
        );
    }

    #[test]
    fn a_kiosk_link_opens_its_view_live_with_no_chrome() {
        let view = ViewUrl::from_fragment("#tab=boards&kiosk");
        assert!(view.kiosk);
        assert_eq!(view.tab, Tab::Boards);
        let mut state = AppState::new("http://relay".into());
        view.apply(&mut state);
        assert!(state.kiosk && state.polling.live);
        assert!(!state.panels_shown());
        assert_eq!(ViewUrl::of(&state).to_fragment(), "tab=boards&kiosk");
    }

    #[test]
    fn credentials_never_enter_the_fragment() {
        let mut state = AppState::new("http://relay".into());
        let credentials = &mut Rc::make_mut(&mut state.connection).credentials;
        credentials.id = "operator-id".into();
        credentials.client_id = "client-xyz".into();
        credentials.secret = "s3cret".into();
        Rc::make_mut(&mut state.explore).selected = Some("up".into());
        let fragment = ViewUrl::of(&state).to_fragment();
        for secret in ["operator-id", "client-xyz", "s3cret"] {
            assert!(!fragment.contains(secret), "{fragment}");
        }
    }
}
