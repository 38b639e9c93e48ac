//! Renders the app into the page's `<body>`, in place of the first screen `index.html`
//! holds, with what the user typed there.

fn main() {
    let typed = fedview::app::first_screen::take();
    yew::Renderer::<fedview::App>::with_props(fedview::components::app::AppProps { typed })
        .render();
}
