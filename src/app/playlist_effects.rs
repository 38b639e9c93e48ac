//! The playlist as an effect of the state: while it plays, the next stop every so many
//! seconds; and the playlist kept on the device whenever it changes.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::{
    app::context::AppContext, app::device_storage, app::playlist_state::PlaylistAction,
    app::state::Action,
};

/// Turns the playlist while it plays, and keeps it on the device.
#[hook]
pub fn use_playlist(state: &AppContext) {
    let playlists = &state.playlists;
    let playing = playlists.playing.is_some();
    let seconds = playlists.playlist.seconds;
    {
        let dispatch = state.dispatcher();
        use_effect_with((playing, seconds), move |&(playing, seconds)| {
            let timer = playing.then(|| {
                Interval::new(seconds.saturating_mul(1000), move || {
                    dispatch.dispatch(Action::Playlist(PlaylistAction::Next));
                })
            });
            move || drop(timer)
        });
    }
    use_effect_with(playlists.playlist.clone(), |playlist| {
        device_storage::save_playlist(playlist);
        || ()
    });
}
