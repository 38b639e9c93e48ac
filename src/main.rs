//! Renders the app into the page's `<body>`, in place of the first paint `index.html` holds.

fn main() {
    if let Some(first_paint) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-paint"))
    {
        first_paint.remove();
    }
    yew::Renderer::<fedview::App>::new().render();
}
