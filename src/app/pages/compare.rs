//! The comparison (`/compare?ids=a,b`): two or three incidents side by side. Which ones, what
//! was wrong with the link and what they share come from the index at once
//! (`crate::timeline::compare`); each causal chain is drawn when its incident's full entry is
//! read. The page is markup (`crate::site::markup::compare`); its "Compare" button, like the
//! incident page's, goes to a new comparison through the app's location.

use std::sync::Arc;

use leptos::prelude::*;
use maud::Markup;
use wasm_bindgen::JsCast;

use crate::app::components::chain_diagram::CanvasMeasure;
use crate::app::events::{EventType, closest, on_events};
use crate::app::fetch::{DetailSignal, incident_detail};
use crate::app::location::{HistoryEntry, Location};
use crate::app::{
    LoadedAtlas, Site, focus_heading_on_arrival, inner_markup, markup_block,
    remove_served_page_when_shown, set_document_title, use_loaded_atlas,
};
use crate::site::contract::{Action, data, id};
use crate::site::markup::compare::{ChainState, chain_drawing, columns, head};
use crate::timeline::compare::{Comparison, compare_path};

/// The comparison the query names, drawn again when the query changes (a picker adds one,
/// a "Remove" link takes one away).
#[component]
pub fn ComparePage() -> impl IntoView {
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    let location = expect_context::<Location>();
    let site = expect_context::<Site>();
    remove_served_page_when_shown();
    let page = NodeRef::<leptos::html::Div>::new();
    compare_on_request(page);
    view! {
        <div node_ref=page>
            {move || comparison(&loaded, &location.search.get(), &site)}
        </div>
    }
    .into_any()
}

/// The page for one query: its head at once, the columns again as each chain arrives.
fn comparison(loaded: &Arc<LoadedAtlas>, search: &str, site: &Site) -> AnyView {
    let atlas = &loaded.atlas;
    let comparison = Comparison::parse(search, atlas);
    let shared = comparison.shared(atlas);
    let titles: Vec<&str> = comparison
        .incidents
        .iter()
        .map(|&index| atlas.incident(index).title.as_str())
        .collect();
    set_document_title(&match titles.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("Compare: {} and {last} — Incident Atlas", rest.join(", "))
        }
        _ => "Compare incidents — Incident Atlas".to_owned(),
    });
    let details: Vec<DetailSignal> = comparison
        .incidents
        .iter()
        .map(|&index| incident_detail(loaded, index, site))
        .collect();
    let head = head(atlas, &comparison, &shared);
    focus_heading_on_arrival();
    let loaded = Arc::clone(loaded);
    let base = site.base.clone();
    // Each chain is laid out once, when its entry is read, and kept for the runs after.
    let mut drawings: Vec<Option<Result<Markup, String>>> = vec![None; details.len()];
    let draw_columns = move || {
        let measure = CanvasMeasure::new();
        for (drawing, detail) in drawings.iter_mut().zip(&details) {
            detail.with(|detail| {
                if drawing.is_none() {
                    *drawing = detail.as_ref().map(|read| match read {
                        Ok(incident) => Ok(chain_drawing(
                            incident,
                            &loaded.atlas,
                            &shared,
                            (&base, &measure),
                        )),
                        Err(failure) => Err(failure.reason.clone()),
                    });
                }
            });
        }
        let states: Vec<ChainState> = drawings
            .iter()
            .map(|drawing| match drawing {
                None => ChainState::Loading,
                Some(Ok(markup)) => ChainState::Drawn(markup),
                Some(Err(reason)) => ChainState::Failed(reason),
            })
            .collect();
        columns(&loaded.atlas, &comparison, &shared, &states, &base)
    };
    view! {
        {markup_block(head)}
        <div {..inner_markup(draw_columns)} class="compare__columns"></div>
    }
    .into_any()
}

/// A "Compare" button (`data-action="compare"`) in `container` goes to the comparison of its
/// `data-ids` and the incident chosen in the select beside it; with none chosen, the select
/// gets the focus.
pub fn compare_on_request(container: NodeRef<leptos::html::Div>) {
    let location = expect_context::<Location>();
    let site = expect_context::<Site>();
    on_events(container, &[EventType::Click], move |_, event| {
        let Some(button) = closest(&event, &Action::Compare.selector()) else {
            return;
        };
        let Some(select) = document()
            .get_element_by_id(id::COMPARE_SELECT)
            .and_then(|select| select.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        let chosen = select.value();
        if chosen.is_empty() {
            let _ = select.focus();
            return;
        }
        let listed = button.get_attribute(data::IDS).unwrap_or_default();
        let mut ids: Vec<&str> = listed.split(',').filter(|id| !id.is_empty()).collect();
        ids.push(&chosen);
        location.go(&site.href(&compare_path(&ids)), HistoryEntry::Push, true);
    });
}
