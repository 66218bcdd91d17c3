//! Fetching the catalogue's index, and an incident's full entry, from wherever the site is
//! served.

use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{LoadedAtlas, Site};
use crate::catalogue::load::{LoadError, LoadedIndex, load_incident, load_index};
use crate::catalogue::{Catalogue, Incident};
use crate::site::paths::incident_detail_path;

/// Why the catalogue could not be shown, with where it was fetched from.
#[derive(Clone, Debug, thiserror::Error)]
pub enum CatalogueFailure {
    #[error("the request for {url} failed: {reason}")]
    Network { url: String, reason: String },
    #[error("{url} answered {status} {status_text}")]
    Status {
        url: String,
        status: u16,
        status_text: String,
    },
    #[error("{url}: {error}")]
    Invalid { url: String, error: LoadError },
    #[error("{url} is not UTF-8 text (the first bad byte is at offset {offset})")]
    NotText { url: String, offset: usize },
}

impl CatalogueFailure {
    /// Where it was fetched from, and why it could not be read, as said after "Why: ".
    pub fn url_and_reason(&self) -> (String, String) {
        match self {
            CatalogueFailure::Network { url, reason } => {
                (url.clone(), format!("the request failed: {reason}"))
            }
            CatalogueFailure::Status {
                url,
                status,
                status_text,
            } => (
                url.clone(),
                format!("the server answered {status} {status_text}"),
            ),
            CatalogueFailure::Invalid { url, error } => (url.clone(), error.to_string()),
            CatalogueFailure::NotText { url, offset } => (
                url.clone(),
                format!("it is not UTF-8 text (the first bad byte is at offset {offset})"),
            ),
        }
    }
}

/// Why an incident's full entry could not be shown.
#[derive(Clone, Debug)]
pub struct DetailFailure {
    pub url: String,
    pub reason: String,
}

/// The text at `url`, checked to be UTF-8.
async fn fetch_text(url: &str) -> Result<String, CatalogueFailure> {
    let network = |reason: gloo_net::Error| CatalogueFailure::Network {
        url: url.to_owned(),
        reason: reason.to_string(),
    };
    let response = Request::get(url).send().await.map_err(network)?;
    if !response.ok() {
        return Err(CatalogueFailure::Status {
            url: url.to_owned(),
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    // Bytes, checked as UTF-8 here: a JS string would be decoded and encoded again.
    let bytes = response.binary().await.map_err(network)?;
    String::from_utf8(bytes).map_err(|error| CatalogueFailure::NotText {
        url: url.to_owned(),
        offset: error.utf8_error().valid_up_to(),
    })
}

pub async fn fetch_catalogue(url: &str) -> Result<LoadedIndex, CatalogueFailure> {
    let text = fetch_text(url).await?;
    let loaded = load_index(&text).map_err(|error| CatalogueFailure::Invalid {
        url: url.to_owned(),
        error,
    });
    // Reading the index and drawing the page are each a long piece of work: let the browser
    // paint and handle input between them rather than block it for both at once.
    next_task().await;
    loaded
}

/// The search words at `url`, read into the atlas they complete (see
/// [`crate::timeline::Atlas::with_search_words`]), or why they cannot be used.
pub async fn fetch_search_words(
    url: &str,
    atlas: &crate::timeline::Atlas,
) -> Result<crate::timeline::Atlas, String> {
    let text = fetch_text(url)
        .await
        .map_err(|failure| failure.url_and_reason().1)?;
    let words = crate::catalogue::load::load_search_words(&text)?;
    // Indexing the words is a long piece of work of its own.
    next_task().await;
    Ok(atlas.with_search_words(words))
}

/// Resolves in a later task of the event loop (a zero-delay timeout).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The full entry of the incident whose page the app was opened on: its fetch starts with the
/// app, alongside the index's, rather than after the index has been read.
/// The text is a signal the fetch fills in: the page reads it whenever it is opened again.
#[derive(Clone)]
pub struct OpeningIncident {
    pub id: String,
    pub text: RwSignal<Option<Result<String, DetailFailure>>>,
}

impl OpeningIncident {
    /// Starts fetching the entry at `url` now.
    pub fn start(id: String, url: String) -> OpeningIncident {
        let text = RwSignal::new(None);
        leptos::task::spawn_local(async move {
            text.set(Some(fetch_incident_text(url).await));
        });
        OpeningIncident { id, text }
    }
}

/// The text of an incident's full entry.
pub async fn fetch_incident_text(url: String) -> Result<String, DetailFailure> {
    fetch_text(&url).await.map_err(|error| {
        let (url, reason) = error.url_and_reason();
        DetailFailure { url, reason }
    })
}

/// An incident's full entry read from its text, checked against the taxonomy and the id of
/// its page.
pub fn read_incident_text(
    url: &str,
    text: Result<String, DetailFailure>,
    taxonomy: &Catalogue,
    id: &str,
) -> Result<Incident, DetailFailure> {
    load_incident(&text?, taxonomy, id).map_err(|problems| {
        let reasons: Vec<String> = problems.iter().take(5).map(ToString::to_string).collect();
        DetailFailure {
            url: url.to_owned(),
            reason: reasons.join("; "),
        }
    })
}

/// An incident's full entry, in a signal its fetch fills in: at once where the catalogue
/// carried it, else from the fetch that started with the app (opened on this incident's page)
/// or one started now. One function for the incident page and the comparison, so one copy of
/// the fetch in the wasm.
pub fn incident_detail(loaded: &LoadedAtlas, index: usize, site: &Site) -> DetailSignal {
    // A signal the fetch fills in, rather than a resource under Suspense: the same page, with
    // less code in the wasm.
    let detail: DetailSignal = RwSignal::new(loaded.atlas.full_incident(index).cloned().map(Ok));
    if detail.with_untracked(Option::is_some) {
        return detail;
    }
    let summary = loaded.atlas.incident(index);
    let url = site.href(&incident_detail_path(summary.id.as_str()));
    let taxonomy = loaded.atlas.taxonomy();
    let id = summary.id.to_string();
    // Fetched already if the app was opened on this page.
    let opening = use_context::<Option<OpeningIncident>>()
        .flatten()
        .filter(|opening| opening.id == id)
        .map(|opening| opening.text);
    let fetch_url = url.clone();
    let read = move |text| {
        let outcome = read_incident_text(&url, text, &taxonomy, &id).map(Arc::new);
        // The page may have been left meanwhile.
        let _ = detail.try_set(Some(outcome));
    };
    match opening {
        Some(opening) => {
            Effect::new(move |_| {
                if let Some(text) = opening.get() {
                    read(text);
                }
            });
        }
        None => spawn_local(async move { read(fetch_incident_text(fetch_url).await) }),
    }
    detail
}

/// An incident's full entry once read, or why it could not be.
pub type DetailSignal = RwSignal<Option<Result<Arc<Incident>, DetailFailure>>>;
