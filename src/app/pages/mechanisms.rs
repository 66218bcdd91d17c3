//! The map of mechanisms and the mechanism pages are served pages only (`atlas pages` writes
//! them, `crate::site::markup::mechanisms`): the app leaves the served page in place, so the
//! map's layout and the profiles cost the wasm nothing. Links to and from them are followed by
//! the browser (`location::link_to_follow`). Only where a host had no file for the path (its
//! `404.html` booted the app) does the app say so here.

use leptos::prelude::*;

use crate::app::{Site, markup_block, remove_served_page_when_shown, set_document_title};
use crate::site::contract;
use crate::site::markup::mechanisms;

/// A mechanism page, `/mechanisms/<id>` (or the map, with no id): nothing over the served
/// page; without one, that no such mechanism is in the atlas, with a link to the map.
#[component]
pub fn MechanismPage(id: Option<String>) -> impl IntoView {
    if document()
        .get_element_by_id(contract::id::PRERENDERED)
        .is_some()
    {
        return ().into_any();
    }
    // The map has no page only where the site was not built with `atlas pages`.
    let Some(id) = id else {
        return crate::app::pages::not_found::NotFound().into_any();
    };
    let site = expect_context::<Site>();
    set_document_title("Mechanism not found — Incident Atlas");
    remove_served_page_when_shown();
    markup_block(mechanisms::unknown(&id, &site.base))
}
