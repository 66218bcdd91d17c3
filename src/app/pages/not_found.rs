use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::{Site, remove_served_page, set_document_title};

/// Any path the app has no page for.
#[component]
pub fn NotFound() -> impl IntoView {
    set_document_title("Page not found — Incident Atlas");
    let site = expect_context::<Site>();
    let path = use_location().pathname;
    Effect::new(|_| remove_served_page());
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Page not found"</h1>
            <p>"There is no page at " <code>{move || path.get()}</code> "."</p>
            <p><a href=site.href("/")>"See all incidents"</a></p>
        </section>
    }
}
