//! What the app keeps in the browser's local storage: the connection (secret included) only
//! when "Remember on this device" is ticked, the theme, the boards, the playlist and the
//! queries run (none of these holds credentials: their types have no field for them).

use crate::{
    alerts::rules::RuleFile, app::playlist_state::Playlist, app::state::ThemeChoice,
    board::model::Board, editor::past_queries::PastQueries, model::credentials::Credentials,
};

const CONNECTION_KEY: &str = "fedview.connection";
/// Where the theme the user picked is kept; `index.html` reads it too, to paint its first
/// frame in that theme.
pub const THEME_KEY: &str = "fedview.theme";
const BOARDS_KEY: &str = "fedview.boards";
const QUERIES_KEY: &str = "fedview.queries";
const PLAYLIST_KEY: &str = "fedview.playlist";
const RULES_KEY: &str = "fedview.rules";
const NOTIFICATIONS_KEY: &str = "fedview.notifications";

/// The alerting rules kept on this device.
pub fn load_rules() -> Option<RuleFile> {
    storage()
        .and_then(|s| s.get_item(RULES_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
}

/// Keeps the alerting rules on this device.
pub fn save_rules(file: &RuleFile) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(file)) {
        let _ = storage.set_item(RULES_KEY, &text);
    }
}

/// Whether the user turned desktop notifications on, on this device.
pub fn load_notifications_on() -> bool {
    storage()
        .and_then(|s| s.get_item(NOTIFICATIONS_KEY).ok().flatten())
        .is_some_and(|on| on == "on")
}

/// Keeps whether desktop notifications are on.
pub fn save_notifications_on(on: bool) {
    if let Some(storage) = storage() {
        let _ = if on {
            storage.set_item(NOTIFICATIONS_KEY, "on")
        } else {
            storage.remove_item(NOTIFICATIONS_KEY)
        };
    }
}

/// The playlist kept on this device.
pub fn load_playlist() -> Option<Playlist> {
    storage()
        .and_then(|s| s.get_item(PLAYLIST_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
}

/// Keeps `playlist` on this device.
pub fn save_playlist(playlist: &Playlist) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(playlist)) {
        let _ = storage.set_item(PLAYLIST_KEY, &text);
    }
}

/// The queries run lately on this device.
pub fn load_queries() -> PastQueries {
    storage()
        .and_then(|s| s.get_item(QUERIES_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps the queries run lately on this device.
pub fn save_queries(history: &PastQueries) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(history)) {
        let _ = storage.set_item(QUERIES_KEY, &text);
    }
}

/// The boards kept on this device.
pub fn load_boards() -> Vec<Board> {
    storage()
        .and_then(|s| s.get_item(BOARDS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps `boards` on this device.
pub fn save_boards(boards: &[Board]) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(boards)) {
        let _ = storage.set_item(BOARDS_KEY, &text);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The remembered connection, if the user chose to keep one.
pub fn load_connection() -> Option<Credentials> {
    let text = storage()?.get_item(CONNECTION_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Keeps `credentials` on this device, or forgets them when `None`.
pub fn save_connection(credentials: Option<&Credentials>) {
    let Some(storage) = storage() else {
        return;
    };
    match credentials.and_then(|c| serde_json::to_string(c).ok()) {
        Some(text) => {
            let _ = storage.set_item(CONNECTION_KEY, &text);
        }
        None => {
            let _ = storage.remove_item(CONNECTION_KEY);
        }
    }
}

/// The theme the user picked last time.
pub fn load_theme() -> ThemeChoice {
    match storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .as_deref()
    {
        Some("light") => ThemeChoice::Light,
        Some("dark") => ThemeChoice::Dark,
        _ => ThemeChoice::System,
    }
}

/// Remembers the theme the user picked.
pub fn save_theme(choice: ThemeChoice) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(THEME_KEY, choice.as_str());
    }
}

/// Applies the theme to the page (`<html data-theme=…>`).
pub fn apply_theme(choice: ThemeChoice) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = match choice {
            ThemeChoice::System => root.remove_attribute("data-theme"),
            other => root.set_attribute("data-theme", other.as_str()),
        };
    }
}
