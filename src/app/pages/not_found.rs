use leptos::prelude::*;

use crate::app::location::Location;
use crate::app::{Site, markup_block, remove_served_page_when_shown, set_document_title};
use crate::site::markup;

/// Any path the app has no page for (built anew for each such path: `app::current_page`).
#[component]
pub fn NotFound() -> impl IntoView {
    set_document_title("Page not found — Incident Atlas");
    let site = expect_context::<Site>();
    let path = expect_context::<Location>().path.get_untracked();
    remove_served_page_when_shown();
    markup_block(markup::incident::not_found(&path, &site.base))
}
