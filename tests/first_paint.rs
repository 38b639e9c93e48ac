//! The first paint `index.html` holds, before the app's wasm has loaded, says what the app
//! then renders in the same place, so the page does not change under the reader.
#![cfg(not(target_arch = "wasm32"))]

use fedview::components::connection_panel::INTRO;

/// `text` with each run of whitespace made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_first_paint_says_what_the_connection_panel_says() {
    let page = std::fs::read_to_string(fedview_testkit::workspace_root().join("index.html"))
        .expect("read index.html");
    let intro = page
        .split("<p class=\"intro\">")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("index.html paints the connection panel's intro");
    assert_eq!(words(intro), words(INTRO));
    assert!(
        page.contains("<div id=\"first-paint\">"),
        "src/main.rs removes it by this id"
    );
}
