use leptos::prelude::*;

use crate::catalogue::{Inline, Paragraph};

/// The write-up's paragraphs. Every run becomes a text node, `<code>` or a link whose URL
/// was checked to be http(s) when the catalogue was read: nothing is parsed as HTML.
#[component]
pub fn WriteUp(paragraphs: Vec<Paragraph>) -> impl IntoView {
    paragraphs
        .into_iter()
        .map(|paragraph| {
            let runs = paragraph
                .into_iter()
                .map(|inline| match inline {
                    Inline::Text(text) => text.into_any(),
                    Inline::Code { code } => view! { <code>{code}</code> }.into_any(),
                    Inline::Link { text, href } => view! {
                        <a href=href.as_str().to_owned() rel="noopener noreferrer">{text}</a>
                    }
                    .into_any(),
                })
                .collect_view();
            view! { <p>{runs}</p> }
        })
        .collect_view()
}
