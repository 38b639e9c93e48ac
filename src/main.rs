//! Renders the app into the page's `<body>`.

fn main() {
    yew::Renderer::<fedview::App>::new().render();
}
