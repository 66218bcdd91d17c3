use leptos::prelude::*;

use crate::search::{SearchTerms, Segment, highlight};

/// Text with the words that matched the search wrapped in `<mark>`.
#[component]
pub fn Highlighted(text: String, terms: SearchTerms) -> impl IntoView {
    segments_view(highlight(&text, &terms))
}

pub fn segments_view(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|segment| {
            if segment.matched {
                view! { <mark>{segment.text}</mark> }.into_any()
            } else {
                segment.text.into_any()
            }
        })
        .collect_view()
}
