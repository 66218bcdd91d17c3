//! Fetching the catalogue from wherever the site is served.

use gloo_net::http::Request;

use crate::load::{LoadError, LoadedCatalogue, load_catalogue};

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

pub async fn fetch_catalogue(url: &str) -> Result<LoadedCatalogue, CatalogueFailure> {
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
    // The bytes go into the wasm as they are and are checked as UTF-8 there: reading them as
    // a JS string first would decode them, then encode them again, which for a catalogue of
    // ten thousand incidents (60 MB) took half a second.
    let bytes = response.binary().await.map_err(network)?;
    let text = std::str::from_utf8(&bytes).map_err(|error| CatalogueFailure::NotText {
        url: url.to_owned(),
        offset: error.valid_up_to(),
    })?;
    load_catalogue(text).map_err(|error| CatalogueFailure::Invalid {
        url: url.to_owned(),
        error,
    })
}
