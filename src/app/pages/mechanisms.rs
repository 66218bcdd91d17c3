//! The map of mechanisms and a mechanism's page: markup from `crate::site::markup::mechanisms`,
//! the served page's own, built from the index's tagged steps. Nothing here handles events:
//! the map's links are followed by `Location`, its highlighting is the stylesheet's.

use leptos::prelude::*;

use crate::app::{
    Site, markup_block, remove_served_page_and_focus_heading_when_shown, set_document_title,
    use_loaded_atlas,
};
use crate::site::markup::mechanisms;

/// The map of all mechanisms (`/mechanisms`).
#[component]
pub fn MechanismsPage() -> impl IntoView {
    set_document_title("Mechanisms — Incident Atlas");
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    let site = expect_context::<Site>();
    remove_served_page_and_focus_heading_when_shown();
    markup_block(mechanisms::map_page(&loaded.atlas, &site.base, ""))
}

/// One mechanism (`/mechanisms/<id>`), or a not-found page for an id the atlas lacks.
#[component]
pub fn MechanismPage(id: String) -> impl IntoView {
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    let site = expect_context::<Site>();
    remove_served_page_and_focus_heading_when_shown();
    match mechanisms::mechanism_page(&loaded.atlas, &id, &site.base, "") {
        Some((label, page)) => {
            set_document_title(&format!("{label} — Mechanisms — Incident Atlas"));
            markup_block(page)
        }
        None => {
            set_document_title("Mechanism not found — Incident Atlas");
            markup_block(mechanisms::unknown(&id, &site.base))
        }
    }
}
