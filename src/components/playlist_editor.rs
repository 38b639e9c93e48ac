//! The playlist a wall display turns through: which boards (and the overview) it shows,
//! for how long each, and the button that plays it in kiosk mode. Playing writes it into
//! the page's link, so a bookmark of that link starts it again.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    app::context::use_app,
    app::playlist_state::{Playlist, PlaylistAction, Stop, MIN_STOP_SECONDS},
    app::state::Action,
};

/// The playlist's editor, folded until opened.
#[component]
pub fn PlaylistEditor() -> Html {
    let state = use_app();
    let playlist = state.playlists.playlist.clone();
    let mut choices = vec![(Stop::Overview, "Overview".to_owned())];
    choices.extend(
        state
            .boards
            .boards
            .iter()
            .map(|b| (Stop::Board(b.title.clone()), b.title.clone())),
    );
    let on_seconds = {
        let state = state.clone();
        let playlist = playlist.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(seconds) = input.value().trim().parse() {
                let edited = Playlist {
                    seconds,
                    ..playlist.clone()
                };
                state.dispatch(Action::Playlist(PlaylistAction::Edit(edited)));
            }
        })
    };
    let on_play = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Playlist(PlaylistAction::Play)))
    };
    // A wall display shows the boards, not their tools.
    if state.kiosk {
        return html! {};
    }
    html! {
        <details id="playlist" class="playlist">
            <summary>{ "Playlist" }</summary>
            <fieldset>
                <legend>{ "Turn through, in kiosk mode" }</legend>
                { for choices.into_iter().enumerate().map(|(i, (stop, name))| {
                    let chosen = playlist.stops.contains(&stop);
                    let on_toggle = {
                        let state = state.clone();
                        let playlist = playlist.clone();
                        Callback::from(move |_: Event| {
                            let edited = toggled(&playlist, &stop);
                            state.dispatch(Action::Playlist(PlaylistAction::Edit(edited)));
                        })
                    };
                    let id = format!("playlist-stop-{i}");
                    html! {
                        <label for={id.clone()} class="inline">
                            <input id={id} type="checkbox" checked={chosen} onchange={on_toggle} />
                            { name }
                        </label>
                    }
                }) }
            </fieldset>
            <div class="actions">
                <label for="playlist-seconds" class="inline">{ "each for" }</label>
                <input id="playlist-seconds" type="number" min={MIN_STOP_SECONDS.to_string()} step="1"
                    value={playlist.seconds.to_string()} onchange={on_seconds} />
                <span>{ "s" }</span>
                <button id="playlist-play" type="button" onclick={on_play}
                    disabled={playlist.stops.is_empty()}>{ "Play in kiosk mode" }</button>
            </div>
            <p class="status">{ "While it plays, the page's link starts it again: bookmark it on the wall display. Esc stops it." }</p>
        </details>
    }
}

/// `playlist` with `stop` taken out, or put in at the end.
fn toggled(playlist: &Playlist, stop: &Stop) -> Playlist {
    let mut stops = playlist.stops.clone();
    match stops.iter().position(|s| s == stop) {
        Some(at) => {
            stops.remove(at);
        }
        None => stops.push(stop.clone()),
    }
    Playlist {
        stops,
        ..playlist.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_ticked_goes_last_and_unticked_goes() {
        let playlist = Playlist::default();
        let core = Stop::Board("Core".into());
        let both = toggled(&playlist, &core);
        assert_eq!(both.stops, vec![Stop::Overview, core.clone()]);
        assert_eq!(toggled(&both, &Stop::Overview).stops, vec![core]);
    }
}
