use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::components::chain_diagram::{ChainDiagramControl, DIAGRAM_EVENTS};
use crate::app::events::{EventType, closest, on_events};
use crate::app::fetch::incident_detail;
use crate::app::{
    LoadedAtlas, Site, focus_heading_on_arrival, inner_markup, markup_block, remove_served_page,
    remove_served_page_when_shown, set_document_title, use_loaded_atlas,
};
use crate::catalogue::Incident;
use crate::site::contract::{self, Action, class_selector};
use crate::site::corrections::correction_link;
use crate::site::markup;
use crate::site::paths::incident_path;

/// One incident: the write-up, its links and its causal chain; or, for an unknown id, a
/// not-found page that suggests the closest ids. Built anew for each id (`app::current_page`).
#[component]
pub fn IncidentPage(id: String) -> impl IntoView {
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    match loaded.atlas.find(&id) {
        Some(index) => {
            let title = &loaded.atlas.incident(index).title;
            set_document_title(&format!("{title} — Incident Atlas"));
            view! { <IncidentView index loaded=loaded.clone() /> }.into_any()
        }
        None => {
            set_document_title("Incident not found — Incident Atlas");
            remove_served_page_when_shown();
            let site = expect_context::<Site>();
            markup_block(markup::incident::unknown(&loaded.atlas, &id, &site.base))
        }
    }
}

/// An incident's page: its header at once from the index, then the write-up, chain, impact,
/// remediation and links from its full entry (fetched unless the catalogue carried it), then
/// related and neighbouring incidents. Each part is markup (`crate::site::markup::incident`), the
/// served page's own.
#[component]
fn IncidentView(index: usize, loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let site = expect_context::<Site>();
    let summary = loaded.atlas.incident(index);
    let body = match loaded.atlas.full_incident(index).cloned() {
        Some(incident) => {
            remove_served_page_when_shown();
            view! { <IncidentBody incident /> }.into_any()
        }
        None => fetched_body(&loaded, index, &site),
    };
    // The page's container, a `div` as every container the app handles events on: one node
    // reference type in the wasm.
    let page = NodeRef::<leptos::html::Div>::new();
    focus_heading_on_arrival();
    copy_link_on_request(page, canonical_address(&site, summary.id.as_str()));
    crate::app::pages::compare::compare_on_request(page);

    view! {
        <div node_ref=page>
        <article class="incident">
            // The spread comes first: `class=path {..}` would read as a struct literal.
            <header
                {..inner_markup(markup::incident::header(
                    summary,
                    &loaded.atlas.failure_types(),
                    (&summary.mechanisms, loaded.atlas.mechanisms()),
                    &site.base,
                    true,
                ))}
                class=contract::class::INCIDENT_HEADER
            ></header>
            <div
                {..inner_markup(markup::compare::picker(
                    &loaded.atlas,
                    &[summary.id.as_str()],
                    "Compare with…",
                ))}
                class="incident__compare"
            ></div>
            {body}
            <div {..inner_markup(markup::incident::neighbours(&loaded.atlas, summary.id.as_str(), &site.base))}></div>
        </article>
        </div>
    }
}

/// The body of an incident whose full entry the catalogue did not carry: a loading line until
/// its fetch (or the one that started with the app) is read.
fn fetched_body(loaded: &LoadedAtlas, index: usize, site: &Site) -> AnyView {
    let detail = incident_detail(loaded, index, site);
    // The served page stays until the write-up is here, so it never gives way to a page that
    // has less. It goes before the body mounts (in the same task, so nothing paints in
    // between): while it is there the app's page is hidden, and the body's effects must be
    // able to focus what they focus.
    (move || match detail.get() {
        None => markup_block(markup::loading("Loading the write-up…")),
        Some(outcome) => {
            remove_served_page();
            match outcome {
                Ok(incident) => view! { <IncidentBody incident /> }.into_any(),
                Err(failure) => markup_block(markup::incident::detail_failure(
                    &failure.url,
                    &failure.reason,
                )),
            }
        }
    })
    .into_any()
}

/// The canonical address of an incident's page, whatever form of it the page was opened with
/// (a host may have added a trailing slash on the way).
fn canonical_address(site: &Site, id: &str) -> String {
    format!(
        "{}{}",
        window().location().origin().unwrap_or_default(),
        site.href(&incident_path(id))
    )
}

/// "Copy link" puts `address` on the clipboard, and says whether it could.
fn copy_link_on_request(page: NodeRef<leptos::html::Div>, address: String) {
    on_events(page, &[EventType::Click], move |_, event| {
        if closest(&event, &Action::CopyLink.selector()).is_none() {
            return;
        }
        let status = page.get_untracked().and_then(|page| {
            page.query_selector(&class_selector(contract::class::SHARE_STATUS))
                .ok()
                .flatten()
        });
        let Some(status) = status else {
            return;
        };
        let href = address.clone();
        spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&href)).await;
            status.set_text_content(Some(&match copied {
                Ok(_) => "Link copied.".to_owned(),
                Err(_) => format!("Could not copy; the link is {href}"),
            }));
        });
    });
}

/// What only the full entry has: the write-up, the chain (drawn, and in words), impact,
/// remediation and links. The diagram's events are handled here, on its container.
#[component]
fn IncidentBody(incident: Arc<Incident>) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let (diagram, diagram_markup) = ChainDiagramControl::new(
        incident.causal_chain.clone(),
        incident.id.as_str(),
        &incident.title,
        root,
    );
    on_events(root, DIAGRAM_EVENTS, move |kind, event| {
        diagram.handle(kind, event)
    });
    let site = expect_context::<Site>();
    let id = incident.id.as_str();
    let correction = site
        .correction_link
        .as_deref()
        .map(|link| correction_link(link, id, &canonical_address(&site, id)));
    view! {
        <div
            {..inner_markup(markup::incident::body(
                &incident,
                "",
                Some(&diagram_markup),
                &site.base,
                correction.as_deref(),
            ))}
            node_ref=root
        ></div>
    }
}
