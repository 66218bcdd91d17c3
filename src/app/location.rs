//! Where the app is, and the browser's address and history, kept by the app itself: links,
//! filter changes and a chain step's fragment all go through [`Location`].
//!
//! The browser may refuse a history update (Safari throws a SecurityError past 100 in 30
//! seconds), and leptos_router unwraps that error. Here the app moves at once, whatever the
//! browser says; a refused update is kept and made again a second later, or with the next
//! change, so the address catches up. Back and Forward (`popstate`) move the app to the
//! browser's address.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::site::paths::{Page, page_at};

/// How a change of address enters the browser's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryEntry {
    /// A new entry: Back returns to the previous address.
    Push,
    /// The current entry's address changes.
    Replace,
}

/// Where the app is (a context). The signals change only when their value does, so a page
/// that reads one is drawn again only when it changes.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, base included (`/incident-atlas/incidents/<id>`): which page is shown.
    pub path: RwSignal<String>,
    /// The query string, without its `?`: the timeline's filter.
    pub search: RwSignal<String>,
}

thread_local! {
    /// The last history update the browser refused, to make again.
    static REFUSED: RefCell<Option<(String, HistoryEntry)>> = const { RefCell::new(None) };
    /// Whether a retry of [`REFUSED`] is already waiting.
    static RETRY_WAITING: Cell<bool> = const { Cell::new(false) };
}

/// How long a refused history update waits before it is made again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

impl Location {
    /// Starts at the browser's address, follows Back and Forward, and takes over the clicks on
    /// links to the app's own pages under `base`; provided as a context.
    pub fn provide(base: String) -> Location {
        let here = window().location();
        let location = Location {
            path: RwSignal::new(here.pathname().unwrap_or_default()),
            search: RwSignal::new(query_of(&here.search().unwrap_or_default())),
        };
        let popstate = window_event_listener(ev::popstate, move |_| {
            // A refused update belonged to the entry the browser has left.
            REFUSED.with_borrow_mut(Option::take);
            let here = window().location();
            location.show(
                here.pathname().unwrap_or_default(),
                query_of(&here.search().unwrap_or_default()),
            );
        });
        let click = window_event_listener(ev::click, move |event| {
            if let Some(url) = link_to_follow(&event, &base) {
                event.prevent_default();
                location.go_to(&url, HistoryEntry::Push, true);
            }
        });
        on_cleanup(move || {
            popstate.remove();
            click.remove();
        });
        provide_context(location);
        location
    }

    /// Goes to `href` (a path, a query or a fragment, read against the current address):
    /// the app shows it at once, and the browser's address follows as `entry` says. With
    /// `scroll`, the page scrolls to the fragment's element, or to the top.
    pub fn go(self, href: &str, entry: HistoryEntry, scroll: bool) {
        let here = window().location().href().unwrap_or_default();
        if let Ok(url) = web_sys::Url::new_with_base(href, &here) {
            self.go_to(&url, entry, scroll);
        }
    }

    fn go_to(self, url: &web_sys::Url, entry: HistoryEntry, scroll: bool) {
        let (path, search, hash) = (url.pathname(), url.search(), url.hash());
        let same_page = self.path.with_untracked(|shown| *shown == path);
        write_history(format!("{path}{search}{hash}"), entry);
        self.show(path, query_of(&search));
        if !scroll {
            return;
        }
        if same_page {
            scroll_to_fragment(&hash);
        } else {
            // Once the new page is drawn.
            request_animation_frame(move || scroll_to_fragment(&hash));
        }
    }

    /// Sets each signal that changes.
    fn show(self, path: String, search: String) {
        if self.path.with_untracked(|shown| *shown != path) {
            self.path.set(path);
        }
        if self.search.with_untracked(|shown| *shown != search) {
            self.search.set(search);
        }
    }
}

/// `?a=b` as `a=b`.
fn query_of(search: &str) -> String {
    search.strip_prefix('?').unwrap_or(search).to_owned()
}

/// Writes `url` into the history as `entry` says, unless the browser's address is already
/// `url`. If the browser refuses, the update is kept and made again later.
fn write_history(url: String, entry: HistoryEntry) {
    // A refused push never made its entry: the update that supersedes it must make one.
    let entry = match REFUSED.with_borrow_mut(Option::take) {
        Some((_, HistoryEntry::Push)) => HistoryEntry::Push,
        _ => entry,
    };
    let location = window().location();
    let current = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if current == url {
        return;
    }
    let written = window().history().and_then(|history| match entry {
        HistoryEntry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        HistoryEntry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    });
    if written.is_err() {
        REFUSED.with_borrow_mut(|refused| *refused = Some((url, entry)));
        retry_later();
    }
}

/// Makes the refused update again after a while, once at a time.
fn retry_later() {
    if RETRY_WAITING.replace(true) {
        return;
    }
    set_timeout(
        || {
            RETRY_WAITING.set(false);
            if let Some((url, entry)) = REFUSED.with_borrow_mut(Option::take) {
                write_history(url, entry);
            }
        },
        RETRY_AFTER,
    );
}

/// Scrolls to the element a fragment (`#id`) names, or to the top without one.
fn scroll_to_fragment(hash: &str) {
    let id = hash.strip_prefix('#').unwrap_or_default();
    let element = (!id.is_empty())
        .then(|| {
            let id = js_sys::decode_uri(id)
                .ok()
                .and_then(|id| id.as_string())
                .unwrap_or_else(|| id.to_owned());
            document().get_element_by_id(&id)
        })
        .flatten();
    match element {
        Some(element) => element.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// The address of the link a click follows, if the app shows it itself: a plain click (no
/// key held, the main button) on a link to one of its pages under `base`, not to a file,
/// another window or another site.
fn link_to_follow(event: &web_sys::MouseEvent, base: &str) -> Option<web_sys::Url> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.alt_key()
        || event.ctrl_key()
        || event.shift_key()
    {
        return None;
    }
    // An HTML link or an SVG one (the map of mechanisms is made of SVG links).
    let link = crate::app::events::closest(event, "a[href]")?;
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_ascii_whitespace().any(|rel| rel == "external"));
    if link.has_attribute("target") || link.has_attribute("download") || external {
        return None;
    }
    let href = link.get_attribute("href")?;
    let here = window().location();
    // `#id` is a place in this page: the document's base would make it one in the home page.
    let against = if href.starts_with('#') {
        here.href().ok()?
    } else {
        document().base_uri().ok()??
    };
    let url = web_sys::Url::new_with_base(&href, &against).ok()?;
    // The app draws its own pages; a served page (the mechanisms) is left to the browser, and
    // so is every link on one, so that Back returns to it whole.
    let drawn = |path: &str| {
        matches!(
            page_at(base, path),
            Page::Home | Page::Incident(_) | Page::Compare
        )
    };
    let own = url.origin() == here.origin().ok()?
        && drawn(&url.pathname())
        && drawn(&here.pathname().ok()?);
    own.then_some(url)
}
