//! A text panel's document as elements: headings, paragraphs, lists, code and rules, and
//! links that open in a new tab. Every piece of the content becomes a text node; nothing
//! is written as HTML.

use yew::prelude::*;

use crate::board::text_panel::{Block, Inline};

/// The document, in a `div.panel-text`.
pub fn view(blocks: &[Block]) -> Html {
    html! {
        <div class="panel-text">
            { for blocks.iter().map(block) }
        </div>
    }
}

fn block(block: &Block) -> Html {
    match block {
        // The panel's own title is an `h4`: the content's headings sit below it.
        Block::Heading(level, runs) => {
            let class = format!("text-h{level}");
            if *level == 1 {
                html! { <h5 {class}>{ for runs.iter().map(inline) }</h5> }
            } else {
                html! { <h6 {class}>{ for runs.iter().map(inline) }</h6> }
            }
        }
        Block::Paragraph(runs) => html! { <p>{ for runs.iter().map(inline) }</p> },
        Block::List { ordered, items } => {
            let items = items
                .iter()
                .map(|runs| html! { <li>{ for runs.iter().map(inline) }</li> });
            if *ordered {
                html! { <ol>{ for items }</ol> }
            } else {
                html! { <ul>{ for items }</ul> }
            }
        }
        Block::Code(code) => html! { <pre><code>{ code.clone() }</code></pre> },
        Block::Rule => html! { <hr /> },
    }
}

fn inline(run: &Inline) -> Html {
    match run {
        Inline::Text(text) => html! { { text.clone() } },
        Inline::Strong(text) => html! { <strong>{ text.clone() }</strong> },
        Inline::Emphasis(text) => html! { <em>{ text.clone() }</em> },
        Inline::Code(text) => html! { <code>{ text.clone() }</code> },
        Inline::Link { text, href } => html! {
            <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ text.clone() }</a>
        },
    }
}
