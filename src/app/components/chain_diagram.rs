//! The causal chain's behaviour in the page: the focused or hovered step's detail and the
//! path through it highlighted, arrow keys between steps, links to a step, zoom, pan and
//! downloads. The drawing is markup (`crate::site::markup::chain`), its geometry from
//! `crate::chain::diagram`; this file measures text, handles the events the diagram's container
//! hands it, and applies the result to that markup.

use leptos::prelude::*;
use maud::Markup;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::app::events::{EventType, closest};
use crate::app::location::{HistoryEntry, Location};
use crate::app::{Site, use_loaded_atlas};
use crate::catalogue::{CausalChain, NodeKind};
use crate::chain::diagram::{
    Diagram, Direction, LABEL_FONT_FAMILY, MIN_READABLE_SCALE, TextMeasure, layout_chain, neighbour,
};
use crate::chain::layout::Num;
use crate::site::contract::{self, Action, attribute_selector, class_selector, id_selector};
use crate::site::markup::chain::{DiagramContext, Highlight, Route, frame_class};
use crate::timeline::url_state::parse_filter_query;

/// Measures text with a canvas set to the SVG's font, so boxes fit what the page draws.
/// Setting a canvas's font parses a CSS font string, so it is set only when the size changes
/// (wrapping measures hundreds of lines in the same font).
pub(crate) struct CanvasMeasure {
    context: Option<web_sys::CanvasRenderingContext2d>,
    font_size: std::cell::Cell<Option<f64>>,
}

impl CanvasMeasure {
    pub(crate) fn new() -> CanvasMeasure {
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

/// The diagram's state and what its events do. The diagram is markup
/// (`crate::site::markup::chain`) inside the element of `root`, which hands its events here; the
/// state is applied to that markup by changing classes, the detail panel and the size.
#[derive(Clone, Copy)]
pub struct ChainDiagramControl {
    drawn: StoredValue<Drawn>,
    focused: RwSignal<Option<usize>>,
    hovered: RwSignal<Option<usize>>,
    /// The drawing's scale, or [`FITTED`].
    zoom: RwSignal<f64>,
    root: NodeRef<leptos::html::Div>,
    location: Location,
}

/// The zoom of a drawing fitted to its frame's width (as it opens): the stylesheet scales it
/// (`.chain-frame--fitted`), down to [`MIN_READABLE_SCALE`] and never up. A zoom, not an
/// `Option`, so the diagram keeps one signal type.
const FITTED: f64 = 0.0;

/// What the diagram shows and the state of a pan: one stored value, not one each, which would
/// be a copy of the stored-value code per type in the wasm.
struct Drawn {
    chain: CausalChain,
    diagram: Diagram,
    /// The "led to" route the page was opened for (`?from=a&to=b`), kept marked.
    route: Route,
    file_stem: String,
    /// Where a pan started: pointer position and the frame's scroll offsets.
    drag: Option<(i32, i32, i32, i32)>,
}

/// The step an event happened in.
fn node_of(event: &web_sys::Event) -> Option<web_sys::Element> {
    closest(event, &class_selector(contract::class::CHAIN_NODE))
}

/// The index of the step an event happened in.
fn node_index(event: &web_sys::Event) -> Option<usize> {
    node_of(event)?
        .get_attribute(contract::data::INDEX)?
        .parse()
        .ok()
}

/// The events the diagram's container hands to [`ChainDiagramControl::handle`].
pub const DIAGRAM_EVENTS: &[EventType] = &[
    EventType::Click,
    EventType::FocusIn,
    EventType::FocusOut,
    EventType::MouseOver,
    EventType::MouseLeave,
    EventType::KeyDown,
    EventType::PointerDown,
    EventType::PointerMove,
    EventType::PointerUp,
];

/// The chain step a link to this page asks for (`#node-<id>`): its id, if the link names one.
fn wanted_node_id() -> Option<String> {
    let hash = window().location().hash().unwrap_or_default();
    hash.strip_prefix('#')?
        .strip_prefix(contract::id::CHAIN_NODE_PREFIX)
        .map(str::to_owned)
}

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
        // A link to a step opens with that step focused, or says the chain has none.
        let wanted = wanted_node_id();
        let wanted_index = wanted
            .as_ref()
            .and_then(|id| chain.nodes.iter().position(|n| n.id.as_str() == id));
        let missing = wanted
            .filter(|_| wanted_index.is_none())
            .map(|id| crate::catalogue::truncate_chars(&id, 60));
        let location = expect_context::<Location>();
        let base = expect_context::<Site>().base;
        let taxonomy = use_loaded_atlas()
            .map(|loaded| loaded.atlas.mechanisms().to_vec())
            .unwrap_or_default();
        // The route of the view the page was opened from, when both ends are mechanisms.
        let ends = parse_filter_query(&location.search.get_untracked())
            .filter
            .path
            .and_then(|path| {
                let find = |id: &str| taxonomy.iter().find(|m| m.id.as_str() == id).cloned();
                Some((find(&path.from)?, find(&path.to)?))
            });
        let route = ends.as_ref().map_or_else(Route::default, |(from, to)| {
            Route::between(&chain, &diagram, from.id.as_str(), to.id.as_str())
        });
        let context = DiagramContext {
            mechanisms: &taxonomy,
            base: &base,
            route: ends.as_ref().map(|(from, to)| (from, to, &route)),
        };
        let markup = crate::site::markup::chain::diagram(
            &chain,
            &diagram,
            incident_title,
            missing.as_deref(),
            &context,
        );
        let control = ChainDiagramControl {
            drawn: StoredValue::new(Drawn {
                chain,
                diagram,
                route,
                file_stem: incident_id.to_owned(),
                drag: None,
            }),
            focused: RwSignal::new(None),
            hovered: RwSignal::new(None),
            zoom: RwSignal::new(FITTED),
            root,
            location,
        };
        control.follow_state(wanted_index);
        (control, markup)
    }

    /// Applies the state to the markup as it changes. The markup starts with nothing active,
    /// fitted: only changes need applying, and the fitted drawing's readable width, which the
    /// markup cannot carry (the page's policy refuses style attributes). Once drawn, the step a
    /// link asked for (`wanted`) is focused, and marked here as well: the focus may come before
    /// the container listens for it.
    fn follow_state(self, wanted: Option<usize>) {
        // First, so that the drawing has its size when the route is scrolled to.
        Effect::new(move |_| self.show_zoom(self.zoom.get()));
        Effect::new(move |previous: Option<Option<usize>>| {
            if previous.is_none() {
                match wanted {
                    Some(index) => {
                        self.focus_step(index);
                        self.focused.set(Some(index));
                    }
                    None => self.reveal_start(),
                }
            }
            let active = self.hovered.get().or(self.focused.get());
            if previous.is_some() || active.is_some() {
                self.show_active(active);
            }
            active
        });
    }

    /// The drawing's SVG and its frame.
    fn svg_and_frame(self) -> Option<(web_sys::Element, web_sys::Element)> {
        let svg = document().get_element_by_id(contract::id::CHAIN_SVG)?;
        let frame = svg.parent_element()?;
        Some((svg, frame))
    }

    /// The scale the drawing is shown at, whether fitted or zoomed.
    fn shown_scale(self) -> f64 {
        let width = self.drawn.with_value(|drawn| drawn.diagram.layout.width);
        self.svg_and_frame().map_or(1.0, |(svg, _)| {
            f64::from(svg.client_width()) / width.max(1.0)
        })
    }

    /// Scrolls the frame so that the route's topmost step, or without a route the chain's
    /// first, is in view: on a narrow screen a drawing too wide to fit readably pans, and its
    /// start or the route may be drawn outside the part the frame shows first.
    fn reveal_start(self) {
        let first = self.drawn.with_value(|drawn| {
            let everything: Vec<usize> = (0..drawn.diagram.nodes.len()).collect();
            let nodes = if drawn.route.nodes.is_empty() {
                &everything
            } else {
                &drawn.route.nodes
            };
            nodes
                .iter()
                .filter_map(|&n| drawn.diagram.nodes.get(n).map(|node| node.placed))
                .min_by(|a, b| a.y.total_cmp(&b.y))
        });
        if let (Some(placed), Some((_, frame))) = (first, self.svg_and_frame()) {
            // The drawing may be shown smaller than drawn, fitted to the frame.
            let scale = self.shown_scale();
            let centre = placed.center_x() * scale - f64::from(frame.client_width()) / 2.0;
            frame.set_scroll_left(centre.max(0.0) as i32);
            frame.set_scroll_top(((placed.y - 24.0) * scale).max(0.0) as i32);
        }
    }

    /// Focuses the step at `index`.
    fn focus_step(self, index: usize) {
        let id = self
            .drawn
            .with_value(|Drawn { chain, .. }| chain.nodes.get(index).map(|n| n.id.to_string()));
        if let Some(id) = id {
            focus_node(&contract::id::chain_node(&id));
        }
    }

    fn root(self) -> Option<web_sys::HtmlDivElement> {
        self.root.get_untracked()
    }

    /// Highlights the path through the active node and shows its detail.
    fn show_active(self, active: Option<usize>) {
        let Some(root) = self.root() else { return };
        let highlight = self.drawn.with_value(|Drawn { diagram, route, .. }| {
            Highlight::through(diagram, active).with_route(route)
        });
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
        self.drawn.with_value(|drawn| {
            let chain = &drawn.chain;
            set_classes(&class_selector(contract::class::CHAIN_NODE), &|index| {
                let kind = chain.nodes.get(index).map_or(NodeKind::Event, |n| n.kind);
                highlight.node_class(index, kind)
            });
            set_classes(&class_selector(contract::class::CHAIN_EDGE), &|index| {
                highlight.edge_class(index)
            });
            set_classes(
                &class_selector(contract::class::CHAIN_DETAIL_ENTRY),
                &|entry| highlight.detail_class(entry),
            );
        });
    }

    /// Shows the drawing at `zoom`, or fitted to the frame's width ([`FITTED`]): the stylesheet
    /// fits it, no smaller than its readable width, which is set here.
    fn show_zoom(self, zoom: f64) {
        let Some((svg, frame)) = self.svg_and_frame() else {
            return;
        };
        let (width, height) = self
            .drawn
            .with_value(|Drawn { diagram: d, .. }| (d.layout.width, d.layout.height));
        let scale = if zoom == FITTED { 1.0 } else { zoom };
        let _ = svg.set_attribute("width", &Num((width * scale).round()).to_string());
        let _ = svg.set_attribute("height", &Num((height * scale).round()).to_string());
        let _ = frame.set_attribute("class", &frame_class(zoom == FITTED));
        if let Ok(frame) = frame.dyn_into::<web_sys::HtmlElement>() {
            let readable = Num((width * MIN_READABLE_SCALE).ceil());
            let _ = frame
                .style()
                .set_property("--chain-readable-width", &format!("{readable}px"));
        }
    }

    /// Handles an event of one of [`DIAGRAM_EVENTS`] that reached the diagram's container.
    pub fn handle(self, kind: EventType, event: web_sys::Event) {
        match kind {
            EventType::FocusIn => {
                if let Some(index) = node_index(&event) {
                    self.focused.set(Some(index));
                }
            }
            // Focus moving to another step sets it again at once.
            EventType::FocusOut => self.focused.set(None),
            EventType::MouseOver => self.hovered.set(node_index(&event)),
            EventType::MouseLeave => self.hovered.set(None),
            EventType::Click => self.click(&event),
            EventType::KeyDown => self.key_down(event.unchecked_ref()),
            EventType::PointerDown => self.pointer_down(event.unchecked_ref()),
            EventType::PointerMove => self.pointer_move(event.unchecked_ref()),
            EventType::PointerUp => self.drawn.update_value(|drawn| drawn.drag = None),
            _ => {}
        }
    }

    /// A click on a step: it is focused and marked in the URL, without a jump or a history
    /// entry. Else the toolbar's buttons.
    fn click(self, event: &web_sys::Event) {
        if let Some(node) = node_of(event) {
            event.prevent_default();
            if let Some(id) = node.get_attribute("id") {
                self.location
                    .go(&id_selector(&id), HistoryEntry::Replace, false);
            }
            if let Ok(node) = node.dyn_into::<web_sys::SvgElement>() {
                let _ = node.focus();
            }
            return;
        }
        let in_toolbar = format!(
            "{} {}",
            class_selector(contract::class::CHAIN_DIAGRAM),
            attribute_selector(contract::data::ACTION)
        );
        let action = closest(event, &in_toolbar)
            .and_then(|button| button.get_attribute(contract::data::ACTION))
            .and_then(|name| Action::from_name(&name));
        if let Some(action) = action {
            self.act(action);
        }
    }

    /// What a toolbar button asks for: zoom (in and out from the scale shown, fitted or
    /// not), the fit or a download.
    fn act(self, action: Action) {
        let stem = self.drawn.with_value(|drawn| drawn.file_stem.clone());
        match action {
            Action::ZoomIn => self.zoom.set((self.shown_scale() * 1.25).min(3.0)),
            Action::ZoomOut => self.zoom.set((self.shown_scale() / 1.25).max(0.3)),
            Action::ZoomReset => self.zoom.set(1.0),
            Action::ZoomFit => self.zoom.set(FITTED),
            Action::DownloadSvg => {
                if let Some(text) = serialize_svg() {
                    download_blob(&text, "image/svg+xml", &format!("{stem}-causal-chain.svg"));
                }
            }
            Action::DownloadPng => {
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
        if let Some(to) = to {
            self.focus_step(to);
        }
    }

    /// Dragging the background with a mouse pans the drawing; steps stay clickable.
    fn pointer_down(self, event: &web_sys::PointerEvent) {
        if event.pointer_type() != "mouse" || node_of(event).is_some() {
            return;
        }
        if let Some(frame) = closest(event, &class_selector(contract::class::CHAIN_FRAME)) {
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
        if let Some(frame) = self.root().and_then(|root| {
            root.query_selector(&class_selector(contract::class::CHAIN_FRAME))
                .ok()
                .flatten()
        }) {
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
