//! Events handled on a container for the markup inside it: one JavaScript listener, and one
//! Rust handler that tells the events apart by their type and target. Leptos's `on:` builds
//! code of its own for each event type of each element; a page that handles nine kinds of
//! events on its markup then paid for nine.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// A handler attached for some event types; detached when dropped.
struct Listener {
    target: web_sys::EventTarget,
    types: &'static [&'static str],
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        for kind in self.types {
            let _ = self
                .target
                .remove_event_listener_with_callback(kind, self.closure.as_ref().unchecked_ref());
        }
    }
}

/// Calls `handler` with each event of the given `types` that reaches the element of `node`,
/// from when it is mounted until the component that called this is cleaned up. The handler is
/// `Fn`, not `FnMut`: handling one event may cause another (focusing a step blurs the last),
/// and wasm-bindgen refuses to re-enter a `FnMut`. Containers are `div`s, and the handler is
/// boxed at once: one copy of this code in the wasm, whoever calls it.
pub fn on_events(
    node: NodeRef<leptos::html::Div>,
    types: &'static [&'static str],
    handler: impl Fn(web_sys::Event) + 'static,
) {
    listen(node, types, Box::new(handler));
}

#[inline(never)]
fn listen(
    node: NodeRef<leptos::html::Div>,
    types: &'static [&'static str],
    handler: Box<dyn Fn(web_sys::Event)>,
) {
    let mut handler = Some(handler);
    // The listener is the effect's value: it goes, and detaches, with the effect.
    Effect::new(move |attached: Option<Option<Listener>>| {
        if let Some(Some(listener)) = attached {
            return Some(listener);
        }
        let element = node.get()?;
        let target: web_sys::EventTarget = element.unchecked_into();
        let closure = Closure::wrap(handler.take()?);
        for kind in types {
            let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        }
        Some(Listener {
            target,
            types,
            closure,
        })
    });
}

/// The element an event happened on.
pub fn target(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The element at or above the event's target that matches `selector`.
pub fn closest(event: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    target(event)?.closest(selector).ok().flatten()
}
