//! The causal chain's behaviour in the page: the focused or hovered step's detail and the
//! path through it highlighted, arrow keys between steps, links to a step, zoom, pan and
//! downloads. The drawing is markup (`crate::site::markup::chain`), its geometry from
//! `crate::chain::diagram`; this file measures text, handles the events the diagram's container
//! hands it, and applies the result to that markup.

use leptos::prelude::*;
use maud::Markup;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::app::events::closest;
use crate::app::set_markup;
use crate::catalogue::{CausalChain, NodeKind};
use crate::chain::diagram::{
    Diagram, Direction, LABEL_FONT_FAMILY, TextMeasure, layout_chain, neighbour,
};
use crate::chain::layout::Num;
use crate::site::contract;
use crate::site::contract::id::CHAIN_SVG;
use crate::site::markup::chain::{Highlight, detail, detail_hint};

/// Measures text with a canvas set to the SVG's font, so boxes fit what the page draws.
/// Setting a canvas's font parses a CSS font string, so it is set only when the size changes
/// (wrapping measures hundreds of lines in the same font).
struct CanvasMeasure {
    context: Option<web_sys::CanvasRenderingContext2d>,
    font_size: std::cell::Cell<Option<f64>>,
}

impl CanvasMeasure {
    fn new() -> CanvasMeasure {
        let context = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
            .and_then(|c| c.get_context("2d").ok().flatten())
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        CanvasMeasure {
            context,
            font_size: std::cell::Cell::new(None),
        }
    }
}

impl TextMeasure for CanvasMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        let Some(context) = &self.context else {
            return crate::chain::diagram::EstimatedMeasure.width(text, font_size);
        };
        if self.font_size.get() != Some(font_size) {
            context.set_font(&format!("{}px {LABEL_FONT_FAMILY}", Num(font_size)));
            self.font_size.set(Some(font_size));
        }
        context
            .measure_text(text)
            .map(|m| m.width())
            // A little slack for hinting differences between canvas and SVG.
            .map_or_else(
                |_| crate::chain::diagram::EstimatedMeasure.width(text, font_size),
                |w| w * 1.04,
            )
    }
}

fn focus_node(element_id: &str) {
    if let Some(element) = document()
        .get_element_by_id(element_id)
        .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Replaces the URL's fragment without a new history entry or a jump.
fn set_fragment(fragment: &str) {
    let Ok(history) = window().history() else {
        return;
    };
    let location = window().location();
    let path = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        fragment
    );
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
}

/// The diagram's state and what its events do. The diagram is markup
/// (`crate::site::markup::chain`) inside the element of `root`, which hands its events here; the
/// state is applied to that markup by changing classes, the detail panel and the size.
#[derive(Clone, Copy)]
pub struct ChainDiagramControl {
    drawn: StoredValue<Drawn>,
    focused: RwSignal<Option<usize>>,
    hovered: RwSignal<Option<usize>>,
    zoom: RwSignal<f64>,
    root: NodeRef<leptos::html::Div>,
}

/// What the diagram shows and the state of a pan: one stored value, not one each, which would
/// be a copy of the stored-value code per type in the wasm.
struct Drawn {
    chain: CausalChain,
    diagram: Diagram,
    file_stem: String,
    /// Where a pan started: pointer position and the frame's scroll offsets.
    drag: Option<(i32, i32, i32, i32)>,
}

/// The index of the node an event happened in.
fn node_index(event: &web_sys::Event) -> Option<usize> {
    closest(event, ".chain-node")?
        .get_attribute("data-index")?
        .parse()
        .ok()
}

/// The events the diagram's container hands to [`ChainDiagramControl::handle`].
pub const DIAGRAM_EVENTS: &[&str] = &[
    "click",
    "focusin",
    "focusout",
    "mouseover",
    "mouseleave",
    "keydown",
    "pointerdown",
    "pointermove",
    "pointerup",
];

impl ChainDiagramControl {
    /// Lays out `chain` with text measured in the page's font; `markup` is the diagram's
    /// markup, for the element that `root` will point to.
    pub fn new(
        chain: CausalChain,
        incident_id: &str,
        incident_title: &str,
        root: NodeRef<leptos::html::Div>,
    ) -> (ChainDiagramControl, Markup) {
        let diagram = layout_chain(&chain, &CanvasMeasure::new());
        // A link to a step (`#node-<id>`) opens with that step focused, or says it has none.
        let wanted = window()
            .location()
            .hash()
            .unwrap_or_default()
            .strip_prefix("#node-")
            .map(str::to_owned);
        let missing = wanted
            .as_ref()
            .filter(|id| !chain.nodes.iter().any(|n| n.id.as_str() == id.as_str()))
            .map(|id| crate::catalogue::truncate_chars(id, 60));
        let markup = crate::site::markup::chain::diagram(
            &chain,
            &diagram,
            incident_title,
            missing.as_deref(),
        );
        let control = ChainDiagramControl {
            drawn: StoredValue::new(Drawn {
                chain,
                diagram,
                file_stem: incident_id.to_owned(),
                drag: None,
            }),
            focused: RwSignal::new(None),
            hovered: RwSignal::new(None),
            zoom: RwSignal::new(1.0),
            root,
        };
        let wanted_step = wanted.and_then(|id| {
            let index = control
                .drawn
                .with_value(|drawn| drawn.chain.nodes.iter().position(|n| n.id.as_str() == id))?;
            Some((format!("node-{id}"), index))
        });
        // The markup starts with nothing active at actual size: only changes need applying.
        // Once drawn, a step the link asked for is focused, and marked here as well: the
        // focus may come before the container listens for it.
        Effect::new(move |previous: Option<Option<usize>>| {
            if previous.is_none()
                && let Some((element_id, index)) = &wanted_step
            {
                focus_node(element_id);
                control.focused.set(Some(*index));
            }
            let active = control.hovered.get().or(control.focused.get());
            if previous.is_some() || active.is_some() {
                control.show_active(active);
            }
            active
        });
        Effect::new(move |previous: Option<f64>| {
            let zoom = control.zoom.get();
            if previous.is_some() {
                control.show_zoom(zoom);
            }
            zoom
        });
        (control, markup)
    }

    fn root(self) -> Option<web_sys::HtmlDivElement> {
        self.root.get_untracked()
    }

    /// Highlights the path through the active node and shows its detail.
    fn show_active(self, active: Option<usize>) {
        let Some(root) = self.root() else { return };
        let highlight = self
            .drawn
            .with_value(|Drawn { diagram, .. }| Highlight::through(diagram, active));
        let set_classes = |selector: &str, class: &dyn Fn(usize) -> String| {
            if let Ok(elements) = root.query_selector_all(selector) {
                for index in 0..elements.length() {
                    if let Some(element) = elements
                        .item(index)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        let _ = element.set_attribute("class", &class(index as usize));
                    }
                }
            }
        };
        self.drawn.with_value(|Drawn { chain, .. }| {
            set_classes(".chain-node", &|index| {
                let kind = chain.nodes.get(index).map_or(NodeKind::Event, |n| n.kind);
                highlight.node_class(index, kind)
            });
            set_classes(".chain-edge", &|index| {
                highlight.edge_class(index).to_owned()
            });
            if let Ok(Some(panel)) = root.query_selector(".chain-detail") {
                set_markup(
                    &panel,
                    &match active {
                        Some(index) => detail(chain, index),
                        None => detail_hint(),
                    },
                );
            }
        });
    }

    fn show_zoom(self, zoom: f64) {
        let Some(svg) = self
            .root()
            .and_then(|root| root.query_selector(&format!("#{CHAIN_SVG}")).ok().flatten())
        else {
            return;
        };
        let (width, height) = self
            .drawn
            .with_value(|Drawn { diagram: d, .. }| (d.layout.width, d.layout.height));
        let _ = svg.set_attribute("width", &Num((width * zoom).round()).to_string());
        let _ = svg.set_attribute("height", &Num((height * zoom).round()).to_string());
    }

    /// Handles an event of one of [`DIAGRAM_EVENTS`] that reached the diagram's container.
    pub fn handle(self, event: web_sys::Event) {
        match event.type_().as_str() {
            "focusin" => {
                if let Some(index) = node_index(&event) {
                    self.focused.set(Some(index));
                }
            }
            // Focus moving to another step sets it again at once.
            "focusout" => self.focused.set(None),
            "mouseover" => self.hovered.set(node_index(&event)),
            "mouseleave" => self.hovered.set(None),
            "click" => self.click(&event),
            "keydown" => self.key_down(event.unchecked_ref()),
            "pointerdown" => self.pointer_down(event.unchecked_ref()),
            "pointermove" => self.pointer_move(event.unchecked_ref()),
            "pointerup" => self.drawn.update_value(|drawn| drawn.drag = None),
            _ => {}
        }
    }

    /// The toolbar's buttons, and a click on a step: it is focused and marked in the URL,
    /// without a jump or a history entry.
    fn click(self, event: &web_sys::Event) {
        if let Some(node) = closest(event, ".chain-node") {
            event.prevent_default();
            if let Some(id) = node.get_attribute("id") {
                set_fragment(&format!("#{id}"));
            }
            if let Ok(node) = node.dyn_into::<web_sys::SvgElement>() {
                let _ = node.focus();
            }
            return;
        }
        let Some(action) = closest(event, ".chain-diagram [data-action]")
            .and_then(|b| b.get_attribute("data-action"))
        else {
            return;
        };
        let stem = self.drawn.with_value(|drawn| drawn.file_stem.clone());
        match action.as_str() {
            "zoom-in" => self.zoom.update(|z| *z = (*z * 1.25).min(3.0)),
            "zoom-out" => self.zoom.update(|z| *z = (*z / 1.25).max(0.3)),
            "zoom-reset" => self.zoom.set(1.0),
            "download-svg" => {
                if let Some(text) = serialize_svg() {
                    download_blob(&text, "image/svg+xml", &format!("{stem}-causal-chain.svg"));
                }
            }
            "download-png" => {
                let (width, height) = self
                    .drawn
                    .with_value(|Drawn { diagram: d, .. }| (d.layout.width, d.layout.height));
                if let Some(text) = serialize_svg() {
                    render_png(text, width, height, format!("{stem}-causal-chain.png"));
                }
            }
            _ => {}
        }
    }

    /// Arrow keys move between steps.
    fn key_down(self, event: &web_sys::KeyboardEvent) {
        let Some(direction) = Direction::from_key(&event.key()) else {
            return;
        };
        let Some(from) = node_index(event).or(self.focused.get_untracked()) else {
            return;
        };
        event.prevent_default();
        let to = self
            .drawn
            .with_value(|Drawn { diagram, .. }| neighbour(diagram, from, direction));
        if let Some(id) = to.and_then(|to| {
            self.drawn
                .with_value(|Drawn { chain: c, .. }| c.nodes.get(to).map(|n| n.id.to_string()))
        }) {
            focus_node(&format!("node-{id}"));
        }
    }

    /// Dragging the background with a mouse pans the drawing; steps stay clickable.
    fn pointer_down(self, event: &web_sys::PointerEvent) {
        if event.pointer_type() != "mouse" || closest(event, ".chain-node").is_some() {
            return;
        }
        if let Some(frame) = closest(event, ".chain-frame") {
            let start = (
                event.client_x(),
                event.client_y(),
                frame.scroll_left(),
                frame.scroll_top(),
            );
            self.drawn.update_value(|drawn| drawn.drag = Some(start));
        }
    }

    fn pointer_move(self, event: &web_sys::PointerEvent) {
        let Some((x, y, left, top)) = self.drawn.with_value(|drawn| drawn.drag) else {
            return;
        };
        if event.buttons() == 0 {
            self.drawn.update_value(|drawn| drawn.drag = None);
            return;
        }
        if let Some(frame) = self
            .root()
            .and_then(|root| root.query_selector(".chain-frame").ok().flatten())
        {
            frame.set_scroll_left(left - (event.client_x() - x));
            frame.set_scroll_top(top - (event.client_y() - y));
        }
    }
}

/// The diagram as a standalone SVG document.
fn serialize_svg() -> Option<String> {
    let svg = document().get_element_by_id(contract::id::CHAIN_SVG)?;
    let serializer = web_sys::XmlSerializer::new().ok()?;
    let text = serializer.serialize_to_string(&svg).ok()?;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}"
    ))
}

fn download_url(url: &str, filename: &str) {
    if let Some(anchor) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(url);
        anchor.set_download(filename);
        anchor.click();
    }
}

fn download_blob(text: &str, mime: &str, filename: &str) {
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        && let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob)
    {
        download_url(&url, filename);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

/// Draws the SVG onto a canvas at twice its size and downloads the PNG.
fn render_png(svg_text: String, width: f64, height: f64, filename: String) {
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let parts = js_sys_array(&svg_text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let loaded_image = image.clone();
    let svg_url = url.clone();
    let on_load = Closure::once(move || {
        let scale = 2.0;
        let canvas = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else { return };
        canvas.set_width((width * scale).ceil() as u32);
        canvas.set_height((height * scale).ceil() as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.scale(scale, scale);
        let _ = context.draw_image_with_html_image_element(&loaded_image, 0.0, 0.0);
        let _ = web_sys::Url::revoke_object_url(&svg_url);
        if let Ok(png) = canvas.to_data_url_with_type("image/png") {
            download_url(&png, &filename);
        }
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    image.set_src(&url);
}
