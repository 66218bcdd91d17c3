//! The Leptos app (wasm32 only). Components here turn data into markup and events into calls;
//! what they show is computed by the plain modules of the crate.

mod components;
mod events;
mod fetch;
mod location;
mod pages;
mod reading_place;
mod search_words;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::element::{InnerHtml, InnerHtmlValue, inner_html};
use maud::Markup;
use wasm_bindgen::JsCast;

use crate::catalogue::check::Problem;
use crate::catalogue::load::LoadedIndex;
use crate::site::contract;
use crate::site::markup;
use crate::site::paths::{INDEX_PATH, Page, Section, base_path_from_base_uri, page_at};
use crate::timeline::Atlas;
use fetch::{CatalogueFailure, fetch_catalogue};
use location::Location;
use pages::compare::ComparePage;
use pages::home::HomePage;
use pages::incident::IncidentPage;
use pages::mechanisms::MechanismPage;
use pages::not_found::NotFound;

/// Where the site is served: read once at start-up, used for every href and fetch.
#[derive(Clone, Debug)]
pub struct Site {
    /// `""` at the root, `"/incident-atlas"` under a sub-path.
    pub base: String,
    /// Where a correction is suggested: the page's `meta::CORRECTION_LINK` tag, which a build
    /// with `REPO_URL` writes.
    pub correction_link: Option<String>,
}

impl Site {
    pub fn href(&self, path: &str) -> String {
        crate::site::paths::href(&self.base, path)
    }
}

/// How many timeline cards are shown, and for which filter (its query string): kept across
/// pages so that Back to the timeline shows as many as before, and its reading place
/// (`reading_place`) is among them.
#[derive(Clone, Copy, Debug)]
pub struct TimelineWindow(pub RwSignal<(String, usize)>);

pub use crate::timeline::TIMELINE_PAGE;

/// The loaded catalogue arranged for browsing, and what was left out of it.
#[derive(Debug)]
pub struct LoadedAtlas {
    pub atlas: Atlas,
    pub problems: Vec<Problem>,
    pub incidents_in_file: usize,
}

impl From<LoadedIndex> for LoadedAtlas {
    fn from(loaded: LoadedIndex) -> Self {
        LoadedAtlas {
            atlas: Atlas::from_entries(loaded.failure_types, loaded.entries)
                .with_mechanisms(loaded.mechanisms),
            problems: loaded.problems,
            incidents_in_file: loaded.incidents_in_file,
        }
    }
}

/// The catalogue as the whole app sees it: still loading, loaded, or failed.
/// `None` while it loads. A signal the fetch fills in, rather than a resource under Suspense:
/// the same page, with less code in the wasm.
#[derive(Clone, Copy)]
pub struct CatalogueState(pub RwSignal<Option<Result<Arc<LoadedAtlas>, CatalogueFailure>>>);

fn read_base_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .map(|uri| base_path_from_base_uri(&uri))
        .unwrap_or_default()
}

/// The correction link the build wrote, if any: an https address (the build checked the
/// repository's; a link is only ever http(s)).
fn read_correction_link() -> Option<String> {
    let selector = format!(r#"meta[name="{}"]"#, contract::meta::CORRECTION_LINK);
    let content = document()
        .query_selector(&selector)
        .ok()??
        .get_attribute("content")?;
    content.starts_with("https://").then_some(content)
}

/// Sets `document.title`, so that tabs, history and bookmarks name the page.
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Starts fetching the catalogue's index; the state it returns is filled when it is read.
fn load_catalogue(site: &Site) -> CatalogueState {
    let catalogue_url = site.href(INDEX_PATH);
    let catalogue = CatalogueState(RwSignal::new(None));
    leptos::task::spawn_local(async move {
        let outcome = match fetch_catalogue(&catalogue_url).await {
            Ok(loaded) => {
                // Arranging it for browsing (the search index above all) is a task of its
                // own too.
                let atlas = Arc::new(LoadedAtlas::from(loaded));
                fetch::next_task().await;
                Ok(atlas)
            }
            Err(failure) => Err(failure),
        };
        catalogue.0.set(Some(outcome));
    });
    catalogue
}

/// An incident page opened directly needs its full entry as well as the index: its fetch
/// starts at once.
fn fetch_opening_incident(site: &Site) -> Option<fetch::OpeningIncident> {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .and_then(|path| crate::site::paths::incident_id_in_path(&site.base, &path))
        .map(|id| {
            let url = site.href(&crate::site::paths::incident_detail_path(&id));
            fetch::OpeningIncident::start(id, url)
        })
}

#[component]
pub fn App() -> impl IntoView {
    let site = Site {
        base: read_base_path(),
        correction_link: read_correction_link(),
    };
    let catalogue = load_catalogue(&site);
    provide_context(fetch_opening_incident(&site));
    provide_context(site.clone());
    provide_context(catalogue);
    reading_place::ReadingPlace::provide();
    // After the reading place, whose note of a Back must be there when a page follows it.
    let location = Location::provide(site.base.clone());
    search_words::SearchWordsContext::provide();
    provide_context(TimelineWindow(RwSignal::new((
        String::new(),
        TIMELINE_PAGE,
    ))));

    let base = site.base.clone();
    view! {
        <>
            {markup_block(markup::site_header(
                &site.base,
                "",
                contract::id::MAIN,
                location.path.with_untracked(|path| page_at(&site.base, path).section()),
            ))}
            <main id=contract::id::MAIN tabindex="-1">
                {move || {
                        // The atlas shared, a failure as its words: nothing else is copied.
                        let state = catalogue.0.with(|state| {
                            state.as_ref().map(|outcome| {
                                outcome.as_ref().map(Arc::clone).map_err(CatalogueFailure::url_and_reason)
                            })
                        });
                        match state {
                            None => markup_block(markup::loading("Loading the catalogue…")),
                            Some(outcome) => match outcome {
                                // A served mechanism page needs nothing of the catalogue.
                                Err(_) if location.path.with_untracked(|path| {
                                    matches!(page_at(&base, path), Page::Mechanisms | Page::Mechanism(_))
                                }) => ().into_any(),
                                Err((url, reason)) => {
                                    // The served HTML carries the page as plain markup (see
                                    // `prerender`); it goes once the app shows its own page,
                                    // never before, so there is always one page: each page
                                    // removes it when its content is there, a failure here.
                                    remove_served_page_when_shown();
                                    markup_block(markup::home::load_failure(&url, &reason))
                                }
                                Ok(loaded) => {
                                    let skipped = loaded.incidents_in_file.saturating_sub(loaded.atlas.len());
                                    view! {
                                        {markup_block(markup::home::catalogue_problems(&loaded.problems, skipped))}
                                        {current_page(location, base.clone())}
                                    }
                                        .into_any()
                                }
                            },
                        }
                    }}
            </main>
        </>
    }
}

/// Marks the navigation's link to `section` as the current page, and no other, in place: a
/// link just followed keeps its focus, and the header needs no reactive code of its own.
fn mark_current_section(section: Option<Section>) {
    let selector = format!("{} a", contract::class_selector(contract::class::SITE_NAV));
    let Ok(links) = document().query_selector_all(&selector) else {
        return;
    };
    for ((linked, _, _), index) in markup::NAVIGATION.iter().zip(0..links.length()) {
        let Some(link) = links
            .item(index)
            .and_then(|l| l.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let _ = if section == Some(*linked) {
            link.set_attribute("aria-current", "page")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}

/// The page for the location's path, built again when the path changes (a new query string
/// is the page's own business).
fn current_page(location: Location, base: String) -> impl IntoView {
    move || {
        let page = location.path.with(|path| page_at(&base, path));
        mark_current_section(page.section());
        match page {
            Page::Home => HomePage().into_any(),
            Page::Incident(id) => {
                IncidentPage(pages::incident::IncidentPageProps { id }).into_any()
            }
            // Served pages, which the app leaves in place (`pages::mechanisms`).
            Page::Mechanisms => {
                MechanismPage(pages::mechanisms::MechanismPageProps { id: None }).into_any()
            }
            Page::Mechanism(id) => {
                MechanismPage(pages::mechanisms::MechanismPageProps { id: Some(id) }).into_any()
            }
            Page::Compare => ComparePage().into_any(),
            Page::NotFound => NotFound().into_any(),
        }
    }
}

/// Markup from `crate::site::markup` as a view: a `div` holding it. Every such part of a page is this
/// one view type, so the wasm has one copy of the code that builds, mounts and replaces it.
#[inline(never)]
pub fn markup_block(html: Markup) -> AnyView {
    view! { <div {..inner_markup(html)}></div> }.into_any()
}

/// What [`inner_markup`] takes: markup, or a function that builds it again whenever the
/// signals it reads change.
pub trait MarkupSource {
    /// The markup's text, for the `inner_html` attribute.
    fn into_html(self) -> impl InnerHtmlValue;
}

impl MarkupSource for Markup {
    fn into_html(self) -> impl InnerHtmlValue {
        self.into_string()
    }
}

impl<F: FnMut() -> Markup + Send + 'static> MarkupSource for F {
    fn into_html(mut self) -> impl InnerHtmlValue {
        move || self().into_string()
    }
}

/// The one way a view sets markup, spread onto its element (`<form {..inner_markup(form)}>`):
/// the `inner_html` attribute with the markup's text. Markup escaped every value as it was built
/// (`crate::site::markup`), so no catalogue text reaches the page as HTML.
#[allow(clippy::disallowed_methods)] // The one function that takes `Markup` for it.
pub fn inner_markup(source: impl MarkupSource) -> InnerHtml<impl InnerHtmlValue> {
    inner_html(source.into_html())
}

/// The one way the app sets markup on an element it holds (see [`inner_markup`]).
#[allow(clippy::disallowed_methods)] // The one function that takes `Markup` for it.
pub fn set_markup(element: &web_sys::Element, markup: &Markup) {
    element.set_inner_html(&markup.0);
}

/// Moves focus to the page's heading once it is drawn, so keyboard and screen-reader users
/// start at the new page rather than at the link or button they left; a link to a step of
/// the chain (`#node-…`) focuses that step instead. One function for the pages that do it
/// (an incident, a comparison), so one copy of the effect in the wasm.
#[inline(never)]
pub fn focus_heading_on_arrival() {
    Effect::new(|_| {
        let to_a_step = window()
            .location()
            .hash()
            .unwrap_or_default()
            .strip_prefix('#')
            .is_some_and(|id| id.starts_with(contract::id::CHAIN_NODE_PREFIX));
        if let Some(h1) = document()
            .query_selector(&format!("#{} h1", contract::id::MAIN))
            .ok()
            .flatten()
            .and_then(|h1| h1.dyn_into::<web_sys::HtmlElement>().ok())
            && !to_a_step
        {
            let _ = h1.focus();
        }
    });
}

/// Removes the served page's markup once the page being built is on screen. One function for
/// every page, so one copy of the effect in the wasm.
#[inline(never)]
pub fn remove_served_page_when_shown() {
    Effect::new(|_| remove_served_page());
}

/// Removes the served page's markup (see `prerender`), for a page that now shows its own.
pub fn remove_served_page() {
    while let Some(block) = document().get_element_by_id(contract::id::PRERENDERED) {
        block.remove();
    }
}

/// The loaded atlas, for pages rendered under the App (they only render once it loaded).
pub fn use_loaded_atlas() -> Option<Arc<LoadedAtlas>> {
    let state = use_context::<CatalogueState>()?;
    state
        .0
        .with_untracked(|state| state.as_ref()?.as_ref().ok().cloned())
}
