//! Events handled on a container for the markup inside it: one JavaScript listener, and one
//! Rust handler that tells the events apart by their type and target (Leptos's `on:` builds
//! code of its own for each event type of each element).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The types of event the app handles on its containers, each named once: the listener is
/// registered with [`EventType::name`] and the handler is told which one came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Click,
    FocusIn,
    FocusOut,
    Input,
    Change,
    Submit,
    MouseOver,
    MouseLeave,
    KeyDown,
    PointerDown,
    PointerMove,
    PointerUp,
}

impl EventType {
    /// The DOM's name for it.
    pub const fn name(self) -> &'static str {
        match self {
            EventType::Click => "click",
            EventType::FocusIn => "focusin",
            EventType::FocusOut => "focusout",
            EventType::Input => "input",
            EventType::Change => "change",
            EventType::Submit => "submit",
            EventType::MouseOver => "mouseover",
            EventType::MouseLeave => "mouseleave",
            EventType::KeyDown => "keydown",
            EventType::PointerDown => "pointerdown",
            EventType::PointerMove => "pointermove",
            EventType::PointerUp => "pointerup",
        }
    }
}

/// A handler attached for some event types; detached when dropped.
struct Listener {
    target: web_sys::EventTarget,
    types: &'static [EventType],
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        for kind in self.types {
            let _ = self.target.remove_event_listener_with_callback(
                kind.name(),
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// A handler of the events of a container, told which of its types each one is.
pub type Handler = Box<dyn Fn(EventType, web_sys::Event)>;

/// Calls `handler` with each event of the given `types` that reaches the element of `node`,
/// from when it is mounted until the component that called this is cleaned up. The handler is
/// `Fn`, not `FnMut`: handling one event may cause another (focusing a step blurs the last),
/// and wasm-bindgen refuses to re-enter a `FnMut`. Containers are `div`s, and the handler is
/// boxed at once, so this code is in the wasm once, whoever calls it.
pub fn on_events(
    node: NodeRef<leptos::html::Div>,
    types: &'static [EventType],
    handler: impl Fn(EventType, web_sys::Event) + 'static,
) {
    listen(node, types, Box::new(handler));
}

#[inline(never)]
fn listen(node: NodeRef<leptos::html::Div>, types: &'static [EventType], handler: Handler) {
    let mut handler = Some(handler);
    // The listener is the effect's value: it goes, and detaches, with the effect.
    Effect::new(move |attached: Option<Option<Listener>>| {
        if let Some(Some(listener)) = attached {
            return Some(listener);
        }
        let element = node.get()?;
        let target: web_sys::EventTarget = element.unchecked_into();
        let handler = handler.take()?;
        let closure = Closure::wrap(Box::new(move |event: web_sys::Event| {
            let name = event.type_();
            if let Some(kind) = types.iter().find(|kind| kind.name() == name) {
                handler(*kind, event);
            }
        }) as Box<dyn Fn(web_sys::Event)>);
        for kind in types {
            let _ = target
                .add_event_listener_with_callback(kind.name(), closure.as_ref().unchecked_ref());
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
