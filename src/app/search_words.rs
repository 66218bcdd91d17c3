//! The search words, fetched when a search first needs them. The index the home page loads
//! leaves out the words of each write-up and causal chain (most of its size); until they are
//! here, a search looks at what the cards show, and the page says the write-ups are still to
//! come. They come as a second atlas, the first with the words indexed.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::LoadedAtlas;
use crate::app::fetch::fetch_search_words;
use crate::timeline::Atlas;

/// Where the search words are.
#[derive(Clone, Debug)]
pub enum SearchWords {
    /// Not needed yet.
    NotAsked,
    Loading,
    /// The atlas with every incident's words.
    Ready(Arc<Atlas>),
    /// They could not be read: why. Search still covers what the cards show.
    Failed(String),
}

impl SearchWords {
    /// The atlas to search: the one with the words once they are here.
    pub fn atlas(&self) -> Option<Arc<Atlas>> {
        match self {
            SearchWords::Ready(atlas) => Some(atlas.clone()),
            _ => None,
        }
    }
}

/// The app's search words, shared by every visit to the home page.
#[derive(Clone, Copy, Debug)]
pub struct SearchWordsContext(pub RwSignal<SearchWords>);

impl SearchWordsContext {
    pub fn provide() {
        provide_context(SearchWordsContext(RwSignal::new(SearchWords::NotAsked)));
    }

    /// Starts fetching the words from `url` if `loaded` lacks them and nobody has asked yet.
    /// (Called from event handlers, which run outside the component tree: the caller has the
    /// URL from its context.)
    pub fn request(self, loaded: &Arc<LoadedAtlas>, url: &str) {
        let asked = self
            .0
            .with_untracked(|words| !matches!(words, SearchWords::NotAsked));
        if asked || !loaded.atlas.needs_search_words() {
            return;
        }
        self.0.set(SearchWords::Loading);
        let url = url.to_owned();
        let loaded = loaded.clone();
        let state = self.0;
        spawn_local(async move {
            let words = match fetch_search_words(&url, &loaded.atlas).await {
                Ok(atlas) => SearchWords::Ready(Arc::new(atlas)),
                Err(reason) => SearchWords::Failed(reason),
            };
            state.set(words);
        });
    }
}
