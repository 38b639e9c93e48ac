//! Playlists, as Grafana has them: a wall display turns through chosen boards (and the
//! overview), one every so many seconds, in kiosk mode. The playlist is kept on the device
//! and written into the URL fragment while it plays (`play=30:overview,board:Core`), so a
//! bookmark starts it.

use crate::model::credentials::encode_component;

/// The shortest time a stop stays on screen, in seconds.
pub const MIN_STOP_SECONDS: u32 = 5;

/// One stop of a playlist.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Stop {
    /// The overview.
    Overview,
    /// A board kept on this device, by its title.
    Board(String),
}

/// What a wall display turns through.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Playlist {
    /// The stops, in order.
    pub stops: Vec<Stop>,
    /// Seconds each stays on screen.
    pub seconds: u32,
}

impl Default for Playlist {
    fn default() -> Self {
        Self {
            stops: vec![Stop::Overview],
            seconds: 30,
        }
    }
}

impl Playlist {
    /// As the URL fragment writes it: `30:overview,board:Core%20network`.
    pub fn to_fragment(&self) -> String {
        let stops: Vec<String> = self
            .stops
            .iter()
            .map(|stop| match stop {
                Stop::Overview => "overview".to_owned(),
                Stop::Board(title) => format!("board:{}", encode_component(title)),
            })
            .collect();
        format!("{}:{}", self.seconds, stops.join(","))
    }

    /// Reads what [`Playlist::to_fragment`] wrote (already percent-decoded once, as the
    /// fragment's values are: titles stay encoded inside); `None` when it is not one.
    pub fn from_fragment(value: &str, decode: fn(&str) -> String) -> Option<Self> {
        let (seconds, stops) = value.split_once(':')?;
        let stops: Vec<Stop> = stops
            .split(',')
            .filter_map(|stop| match stop {
                "overview" => Some(Stop::Overview),
                _ => stop
                    .strip_prefix("board:")
                    .map(|title| Stop::Board(decode(title))),
            })
            .collect();
        let seconds = seconds.parse::<u32>().ok()?.max(MIN_STOP_SECONDS);
        (!stops.is_empty()).then_some(Self { stops, seconds })
    }
}

/// The playlist slice of the state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Playlists {
    /// The playlist kept on this device (or read from a link).
    pub playlist: Playlist,
    /// The stop on screen while it plays.
    pub playing: Option<usize>,
}

/// What can happen to the playlist.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaylistAction {
    /// The user changed the playlist.
    Edit(Playlist),
    /// The user started it (kiosk mode follows).
    Play,
    /// Its time on the stop is up: the next one.
    Next,
    /// It stopped (the user left kiosk mode).
    Stop,
}

impl Playlists {
    /// Applies `action`; the stop to show, if the stop changed.
    pub fn reduce(&mut self, action: PlaylistAction) -> Option<Stop> {
        match action {
            PlaylistAction::Edit(playlist) => {
                self.playlist = Playlist {
                    seconds: playlist.seconds.max(MIN_STOP_SECONDS),
                    ..playlist
                };
                self.playing = None;
                None
            }
            PlaylistAction::Play => {
                self.playing = Some(0);
                self.playlist.stops.first().cloned()
            }
            PlaylistAction::Next => {
                let count = self.playlist.stops.len();
                let next = (self.playing? + 1) % count.max(1);
                self.playing = Some(next);
                self.playlist.stops.get(next).cloned()
            }
            PlaylistAction::Stop => {
                self.playing = None;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::view_url::decode_component;

    #[test]
    fn a_playlist_reads_back_from_the_link_it_writes() {
        let playlist = Playlist {
            stops: vec![
                Stop::Overview,
                Stop::Board("Node Exporter Full".into()),
                Stop::Board("a, b & c: 100%".into()),
            ],
            seconds: 45,
        };
        let written = playlist.to_fragment();
        assert!(written.starts_with("45:overview,board:Node%20Exporter%20Full,"));
        assert_eq!(
            Playlist::from_fragment(&written, decode_component),
            Some(playlist)
        );
        assert_eq!(Playlist::from_fragment("nonsense", decode_component), None);
        let quick = Playlist::from_fragment("1:overview", decode_component);
        assert_eq!(quick.map(|p| p.seconds), Some(MIN_STOP_SECONDS));
    }

    #[test]
    fn it_turns_round_and_stops() {
        let mut lists = Playlists::default();
        lists.reduce(PlaylistAction::Edit(Playlist {
            stops: vec![Stop::Overview, Stop::Board("Core".into())],
            seconds: 10,
        }));
        assert_eq!(lists.reduce(PlaylistAction::Next), None, "not playing");
        assert_eq!(lists.reduce(PlaylistAction::Play), Some(Stop::Overview));
        assert_eq!(
            lists.reduce(PlaylistAction::Next),
            Some(Stop::Board("Core".into()))
        );
        assert_eq!(lists.reduce(PlaylistAction::Next), Some(Stop::Overview));
        lists.reduce(PlaylistAction::Stop);
        assert_eq!(lists.playing, None);
    }
}
