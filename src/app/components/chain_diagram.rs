//! The causal chain as an SVG: boxes shaped and coloured by kind (and labelled with it, so
//! colour is never the only cue), curved edges with arrowheads, a legend, the focused node's
//! detail and the path through it highlighted, arrow keys between nodes, zoom, and downloads.
//! Geometry comes from `crate::diagram`; this file only draws and wires events.

use std::collections::BTreeSet;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::catalogue::{CausalChain, NodeKind};
use crate::diagram::{
    Diagram, Direction, KIND_FONT_SIZE, KIND_LINE_HEIGHT, LABEL_FONT_FAMILY, LABEL_FONT_SIZE,
    LINE_HEIGHT, PADDING_X, PADDING_Y, TextMeasure, layout_chain, neighbour, path_through,
};
use crate::layout::Num;

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
            return crate::diagram::EstimatedMeasure.width(text, font_size);
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
                |_| crate::diagram::EstimatedMeasure.width(text, font_size),
                |w| w * 1.04,
            )
    }
}

/// Light colours as presentation attributes, so a downloaded SVG looks right on its own; the
/// stylesheet overrides them for the dark scheme.
fn kind_colours(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Trigger => ("#fde3d3", "#b34700"),
        NodeKind::Condition => ("#eeeeee", "#5f5f5f"),
        NodeKind::Event => ("#dcebf6", "#005a8c"),
        NodeKind::Impact => ("#f6dfec", "#9c3f74"),
        NodeKind::Response => ("#fdf0d2", "#8a5a00"),
        NodeKind::Recovery => ("#d7f1e7", "#00704f"),
    }
}

/// Corner radius, stroke width and dash pattern: the shape cue of each kind.
fn kind_shape(kind: NodeKind) -> (f64, f64, Option<&'static str>) {
    match kind {
        NodeKind::Trigger => (0.0, 3.0, None),
        NodeKind::Condition => (4.0, 1.5, Some("5 3")),
        NodeKind::Event => (4.0, 1.5, None),
        NodeKind::Impact => (0.0, 2.5, None),
        NodeKind::Response => (16.0, 1.5, None),
        NodeKind::Recovery => (16.0, 2.5, None),
    }
}

fn kind_description(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Trigger => "what set it off",
        NodeKind::Condition => "a standing state that let it spread",
        NodeKind::Event => "what happened as a result",
        NodeKind::Impact => "what users felt",
        NodeKind::Response => "what people did",
        NodeKind::Recovery => "how service came back",
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

/// What the detail panel says about a step.
#[derive(Clone)]
struct StepDetail {
    kind: &'static str,
    label: String,
    detail: Option<String>,
    causes: Vec<String>,
    consequences: Vec<String>,
}

#[component]
pub fn ChainDiagram(
    chain: CausalChain,
    incident_id: String,
    incident_title: String,
) -> impl IntoView {
    let diagram: Diagram = layout_chain(&chain, &CanvasMeasure::new());
    let node_ids: Vec<String> = chain.nodes.iter().map(|n| n.id.to_string()).collect();
    let count = chain.nodes.len();

    let (focused, set_focused) = signal(None::<usize>);
    let (hovered, set_hovered) = signal(None::<usize>);
    let active = Memo::new(move |_| hovered.get().or(focused.get()));
    let diagram_for_path = diagram.clone();
    let path: Memo<Option<(BTreeSet<usize>, BTreeSet<usize>)>> = Memo::new(move |_| {
        active
            .get()
            .map(|node| path_through(&diagram_for_path, node))
    });
    let (zoom, set_zoom) = signal(1.0f64);
    let frame = NodeRef::<leptos::html::Div>::new();
    // Where a pan started: pointer position and the frame's scroll offsets.
    let drag = StoredValue::new(None::<(i32, i32, i32, i32)>);
    let (missing_node, set_missing_node) = signal(None::<String>);

    // A deep link `#node-<id>` opens with that node focused and its path highlighted.
    let ids_for_hash = node_ids.clone();
    Effect::new(move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(wanted) = hash.strip_prefix("#node-") {
            match ids_for_hash.iter().position(|id| id == wanted) {
                Some(_) => focus_node(&format!("node-{wanted}")),
                None => set_missing_node.set(Some(crate::catalogue::truncate_chars(wanted, 60))),
            }
        }
    });

    let diagram_for_keys = diagram.clone();
    let ids_for_keys = node_ids.clone();
    let on_keydown = move |event: ev::KeyboardEvent| {
        let Some(direction) = Direction::from_key(&event.key()) else {
            return;
        };
        let Some(from) = focused.get_untracked() else {
            return;
        };
        event.prevent_default();
        if let Some(to) = neighbour(&diagram_for_keys, from, direction) {
            focus_node(&format!("node-{}", ids_for_keys[to]));
        }
    };

    let edges = diagram
        .layout
        .edges
        .iter()
        .enumerate()
        .map(|(index, edge)| {
            let on_path =
                move || path.with(|p| p.as_ref().is_some_and(|(_, e)| e.contains(&index)));
            let dimmed =
                move || path.with(|p| p.as_ref().is_some_and(|(_, e)| !e.contains(&index)));
            let marker = if edge.reversed {
                ""
            } else {
                "url(#chain-arrow)"
            };
            let marker_start = if edge.reversed {
                "url(#chain-arrow-start)"
            } else {
                ""
            };
            view! {
                <path
                    class="chain-edge"
                    class:chain-edge--on-path=on_path
                    class:chain-edge--dimmed=dimmed
                    d=edge.svg_path()
                    fill="none"
                    stroke="#5a6270"
                    stroke-width="1.6"
                    marker-end=marker
                    marker-start=marker_start
                />
            }
        })
        .collect_view();

    let nodes = chain
        .nodes
        .iter()
        .zip(&diagram.nodes)
        .enumerate()
        .map(|(index, (node, drawn))| {
            let placed = drawn.placed;
            let (fill, stroke) = kind_colours(node.kind);
            let (radius, stroke_width, dash) = kind_shape(node.kind);
            let element_id = format!("node-{}", node.id);
            let href = format!("#node-{}", node.id);
            let fragment = href.clone();
            let label = format!("{}: {}", node.kind.label(), node.label);
            let title = match &node.detail {
                Some(detail) => format!("{label}. {detail}"),
                None => label.clone(),
            };
            let on_path = move || path.with(|p| p.as_ref().is_some_and(|(n, _)| n.contains(&index)));
            let dimmed = move || path.with(|p| p.as_ref().is_some_and(|(n, _)| !n.contains(&index)));
            let is_active = move || active.get() == Some(index);
            let text_x = placed.x + PADDING_X;
            let kind_y = placed.y + PADDING_Y + KIND_FONT_SIZE;
            let lines = drawn
                .lines
                .iter()
                .enumerate()
                .map(|(line, text)| {
                    let y = placed.y + PADDING_Y + KIND_LINE_HEIGHT + LINE_HEIGHT * line as f64 + LABEL_FONT_SIZE;
                    // A space after every line but the last keeps words apart in the
                    // element's text, which is also its accessible name.
                    let text = if line + 1 < drawn.lines.len() {
                        format!("{text} ")
                    } else {
                        text.clone()
                    };
                    view! { <tspan x=Num(text_x).to_string() y=Num(y).to_string()>{text}</tspan> }
                })
                .collect_view();
            // The `<g>` tells the view macro that `<a>` and `<title>` here are SVG elements.
            view! {
                <g>
                <a
                    id=element_id
                    href=href
                    class=format!("chain-node chain-node--{}", node.kind.as_str())
                    class:chain-node--on-path=on_path
                    class:chain-node--dimmed=dimmed
                    class:chain-node--active=is_active
                    on:focus=move |_| set_focused.set(Some(index))
                    on:blur=move |_| set_focused.set(None)
                    on:mouseenter=move |_| set_hovered.set(Some(index))
                    on:mouseleave=move |_| set_hovered.set(None)
                    on:click=move |event: ev::MouseEvent| {
                        // Focus and mark the node without a jump or a history entry.
                        event.prevent_default();
                        set_fragment(&fragment);
                        if let Some(target) = event.current_target().and_then(|t| t.dyn_into::<web_sys::SvgElement>().ok()) {
                            let _ = target.focus();
                        }
                    }
                >
                    <title>{title}</title>
                    <rect
                        class="chain-node__box"
                        x=Num(placed.x).to_string()
                        y=Num(placed.y).to_string()
                        width=Num(placed.width).to_string()
                        height=Num(placed.height).to_string()
                        rx=Num(radius).to_string()
                        fill=fill
                        stroke=stroke
                        stroke-width=Num(stroke_width).to_string()
                        stroke-dasharray=dash.unwrap_or("none")
                    />
                    <text
                        class="chain-node__kind"
                        x=Num(text_x).to_string()
                        y=Num(kind_y).to_string()
                        font-size=Num(KIND_FONT_SIZE).to_string()
                        font-weight="700"
                        letter-spacing="0.5"
                        fill=stroke
                    >
                        {format!("{}: ", node.kind.label())}
                    </text>
                    <text class="chain-node__label" font-size=Num(LABEL_FONT_SIZE).to_string() fill="#1b1f24">
                        {lines}
                    </text>
                </a>
                </g>
            }
        })
        .collect_view();

    let width = diagram.layout.width;
    let height = diagram.layout.height;
    let name = format!(
        "Causal chain diagram of {incident_title}: {count} steps. Use the arrow keys to move between steps."
    );
    let detail_nodes: Vec<StepDetail> = chain
        .nodes
        .iter()
        .map(|node| StepDetail {
            kind: node.kind.label(),
            label: node.label.clone(),
            detail: node.detail.clone(),
            causes: crate::chain::causes(&chain, node.id.as_str())
                .into_iter()
                .map(|n| n.label.clone())
                .collect(),
            consequences: crate::chain::consequences(&chain, node.id.as_str())
                .into_iter()
                .map(|n| n.label.clone())
                .collect(),
        })
        .collect();
    let detail = move || {
        active.get().and_then(|index| detail_nodes.get(index).cloned()).map(|step| {
            let StepDetail { kind, label, detail, causes, consequences } = step;
            view! {
                <p class="chain-detail__title"><strong>{kind} ": "</strong>{label}</p>
                {detail.map(|d| view! { <p>{d}</p> })}
                {(!causes.is_empty()).then(|| view! { <p class="chain-detail__links">"Caused by: " {causes.join("; ")}</p> })}
                {(!consequences.is_empty()).then(|| view! { <p class="chain-detail__links">"Led to: " {consequences.join("; ")}</p> })}
            }
        })
    };

    let legend = NodeKind::ALL
        .into_iter()
        .filter(|kind| chain.nodes.iter().any(|n| n.kind == *kind))
        .map(|kind| {
            let (fill, stroke) = kind_colours(kind);
            let (radius, stroke_width, dash) = kind_shape(kind);
            view! {
                <li>
                    <svg class="chain-legend__swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">
                        <rect x="2" y="2" width="24" height="14" rx=Num(radius / 2.0).to_string() fill=fill stroke=stroke
                            stroke-width=Num(stroke_width).to_string() stroke-dasharray=dash.unwrap_or("none") />
                    </svg>
                    <strong>{kind.label()}</strong> ": " {kind_description(kind)}
                </li>
            }
        })
        .collect_view();

    let file_stem = incident_id.clone();
    let download_svg = move |_| {
        if let Some(text) = serialize_svg() {
            download_blob(
                &text,
                "image/svg+xml",
                &format!("{file_stem}-causal-chain.svg"),
            );
        }
    };
    let png_stem = incident_id.clone();
    let download_png = move |_| {
        if let Some(text) = serialize_svg() {
            render_png(text, width, height, format!("{png_stem}-causal-chain.png"));
        }
    };

    view! {
        <div class="chain-diagram">
            {move || missing_node.get().map(|id| view! {
                <p class="chain-diagram__notice" role="status">
                    "This link points to a step " <code>{id}</code> " that this causal chain does not have; the whole chain is shown."
                </p>
            })}
            <div class="chain-toolbar" role="toolbar" aria-label="Diagram">
                <button type="button" class="button" on:click=move |_| set_zoom.update(|z| *z = (*z * 1.25).min(3.0))>"Zoom in"</button>
                <button type="button" class="button" on:click=move |_| set_zoom.update(|z| *z = (*z / 1.25).max(0.3))>"Zoom out"</button>
                <button type="button" class="button" on:click=move |_| set_zoom.set(1.0)>"Actual size"</button>
                <button type="button" class="button" on:click=download_svg>"Download SVG"</button>
                <button type="button" class="button" on:click=download_png>"Download PNG"</button>
            </div>
            <div
                class="chain-frame"
                node_ref=frame
                on:pointerdown=move |event: ev::PointerEvent| {
                    // Drag the background with a mouse to pan; steps stay clickable.
                    let on_step = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest(".chain-node").ok().flatten())
                        .is_some();
                    if event.pointer_type() != "mouse" || on_step {
                        return;
                    }
                    if let Some(frame) = frame.get_untracked() {
                        drag.set_value(Some((
                            event.client_x(),
                            event.client_y(),
                            frame.scroll_left(),
                            frame.scroll_top(),
                        )));
                    }
                }
                on:pointermove=move |event: ev::PointerEvent| {
                    if let (Some((x, y, left, top)), Some(frame)) = (drag.get_value(), frame.get_untracked()) {
                        frame.set_scroll_left(left - (event.client_x() - x));
                        frame.set_scroll_top(top - (event.client_y() - y));
                    }
                }
                on:pointerup=move |_| drag.set_value(None)
                on:pointerleave=move |_| drag.set_value(None)
            >
                <svg
                    id="chain-svg"
                    xmlns="http://www.w3.org/2000/svg"
                    role="group"
                    aria-label=name
                    viewBox=format!("0 0 {} {}", Num(width.round()), Num(height.round()))
                    width=move || Num((width * zoom.get()).round()).to_string()
                    height=move || Num((height * zoom.get()).round()).to_string()
                    font-family=LABEL_FONT_FAMILY
                    on:keydown=on_keydown
                >
                    <defs>
                        <marker id="chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" fill="#5a6270" />
                        </marker>
                        <marker id="chain-arrow-start" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" fill="#5a6270" />
                        </marker>
                    </defs>
                    <rect class="chain-background" x="0" y="0" width=Num(width.round()).to_string() height=Num(height.round()).to_string() fill="#ffffff" />
                    <g class="chain-edges">{edges}</g>
                    <g class="chain-nodes">{nodes}</g>
                </svg>
            </div>
            <div class="chain-detail" aria-live="polite">
                {move || {
                    let shown = detail();
                    if shown.is_none() {
                        view! { <p class="chain-detail__hint">"Hover, tap or focus a step to see its detail and the path through it."</p> }.into_any()
                    } else {
                        shown.into_any()
                    }
                }}
            </div>
            <ul class="chain-legend">{legend}</ul>
        </div>
    }
}

/// The diagram as a standalone SVG document.
fn serialize_svg() -> Option<String> {
    let svg = document().get_element_by_id("chain-svg")?;
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
