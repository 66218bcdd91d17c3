//! Back to the timeline returns to where the reader was: the card at the top of the screen.
//!
//! The browser's own restoration cannot do it: the timeline is drawn after the history step,
//! and cards off screen are laid out at a placeholder height (`content-visibility`), so a
//! remembered scroll offset points at the wrong card. A card, found again and scrolled to its
//! old place on screen, is right whatever the height of the cards above it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::site::contract::{self, attribute_selector, class_selector, id_selector};

/// The card that was at the top of the screen, in the timeline of one filter.
#[derive(Clone, Debug)]
struct Place {
    /// The filter's query string.
    query: String,
    incident: String,
    /// The card's top, from the top of the screen, in CSS pixels.
    top: f64,
}

/// Shared by the app's pages (a context): the last reading place, and the address the last
/// Back or Forward went to.
#[derive(Clone, Copy)]
pub struct ReadingPlace(StoredValue<Noted>);

/// What [`ReadingPlace`] keeps, in one stored value: a copy of the stored-value code per type
/// would be in the wasm.
#[derive(Default)]
struct Noted {
    place: Option<Place>,
    traversed_to: Option<String>,
}

fn current_href() -> Option<String> {
    window().location().href().ok()
}

/// The timeline's cards, in order.
fn timeline_cards() -> Option<web_sys::NodeList> {
    let selector = format!(
        "{} {}",
        id_selector(contract::id::MAIN),
        attribute_selector(contract::data::INCIDENT)
    );
    document().query_selector_all(&selector).ok()
}

fn card(cards: &web_sys::NodeList, i: u32) -> Option<web_sys::Element> {
    cards.item(i)?.dyn_into::<web_sys::Element>().ok()
}

/// The first card whose bottom is below the top of the screen: its incident, and its top.
/// Cards are in page order, so a binary search finds it in a few reads of the layout.
fn card_at_top() -> Option<(String, f64)> {
    let cards = timeline_cards()?;
    let (mut low, mut high) = (0, cards.length());
    while low < high {
        let middle = low + (high - low) / 2;
        if card(&cards, middle)?.get_bounding_client_rect().bottom() > 0.0 {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    let found = card(&cards, low)?;
    Some((
        found.get_attribute(contract::data::INCIDENT)?,
        found.get_bounding_client_rect().top(),
    ))
}

/// Moves the focus to the title link of the timeline's card at `index`, if it is there.
pub fn focus_card_link(index: usize) {
    let link = timeline_cards()
        .zip(u32::try_from(index).ok())
        .and_then(|(cards, index)| card(&cards, index))
        .and_then(|card| {
            let title_link = format!("{} a", class_selector(contract::class::INCIDENT_CARD_TITLE));
            card.query_selector(&title_link).ok().flatten()
        })
        .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(link) = link {
        let _ = link.focus();
    }
}

impl ReadingPlace {
    /// Creates the context and starts noting Back and Forward.
    pub fn provide() {
        let reading = ReadingPlace(StoredValue::new(Noted::default()));
        let listener = window_event_listener(ev::popstate, move |_| {
            let to = current_href();
            reading.0.update_value(|noted| noted.traversed_to = to);
        });
        on_cleanup(move || listener.remove());
        provide_context(reading);
    }

    /// While the timeline is on screen, notes its card at the top as the page scrolls, at
    /// most once a frame. `query` gives the filter's query string.
    pub fn follow(self, query: impl Fn() -> String + 'static) {
        let frame_pending = std::rc::Rc::new(std::cell::Cell::new(false));
        let query = std::rc::Rc::new(query);
        let listener = window_event_listener(ev::scroll, move |_| {
            if frame_pending.replace(true) {
                return;
            }
            let (frame_pending, query) = (frame_pending.clone(), query.clone());
            request_animation_frame(move || {
                frame_pending.set(false);
                let place = (window().scroll_y().unwrap_or(0.0) > 0.0)
                    .then(card_at_top)
                    .flatten()
                    .map(|(incident, top)| Place {
                        query: query(),
                        incident,
                        top,
                    });
                self.0.update_value(|noted| noted.place = place);
            });
        });
        on_cleanup(move || listener.remove());
    }

    /// After Back or Forward to the timeline of the same filter, scrolls its noted card back
    /// to where it was on screen. Any other arrival keeps the top of the page.
    pub fn restore(self, query: &str) {
        let here = current_href();
        let place = self.0.try_update_value(|noted| {
            let arrived_by_history = noted.traversed_to.take().is_some_and(|to| Some(to) == here);
            noted
                .place
                .clone()
                .filter(|p| arrived_by_history && p.query == query)
        });
        let Some(place) = place.flatten() else {
            return;
        };
        // In the frame the timeline is first drawn in: it is in the document by then.
        request_animation_frame(move || {
            let Some(cards) = timeline_cards() else {
                return;
            };
            let noted = (0..cards.length())
                .filter_map(|i| card(&cards, i))
                .find(|card| {
                    card.get_attribute(contract::data::INCIDENT).as_deref()
                        == Some(place.incident.as_str())
                });
            if let Some(noted) = noted {
                let y = window().scroll_y().unwrap_or(0.0) + noted.get_bounding_client_rect().top()
                    - place.top;
                window().scroll_to_with_x_and_y(0.0, y);
            }
        });
    }
}
