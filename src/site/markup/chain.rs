//! The causal-chain diagram as SVG markup, with its toolbar, detail panel and legend: boxes
//! shaped and coloured by kind (and labelled with it, so colour is never the only cue) and
//! curved edges with arrowheads. The geometry comes from [`crate::chain::diagram`]; the app
//! sets this markup in one step and handles the diagram's events on its container
//! (src/app/components/chain_diagram.rs), so highlighting a path changes classes here only.

use std::collections::BTreeSet;

use maud::{Markup, html};

use crate::catalogue::{CausalChain, ChainNode, Mechanism, NodeKind};
use crate::chain::diagram::{
    Diagram, DiagramNode, KIND_FONT_SIZE, KIND_LINE_HEIGHT, LABEL_FONT_FAMILY, LABEL_FONT_SIZE,
    LINE_HEIGHT, PADDING_X, PADDING_Y,
};
use crate::chain::layout::Num;
use crate::chain::story::{causes, consequences};
use crate::site::contract::Action;
use crate::site::contract::class::{
    CHAIN_DETAIL, CHAIN_DETAIL_ENTRY, CHAIN_EDGE, CHAIN_FRAME, CHAIN_FRAME_FITTED, CHAIN_NODE,
};
use crate::site::contract::id;
use crate::site::contract::id::CHAIN_SVG;
use crate::site::paths::{href, mechanism_path};
use crate::timeline::filter::{MechanismPath, TimelineFilter};
use crate::timeline::url_state::timeline_path;

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

/// Which nodes and edges are highlighted: those on the path through the active node, which
/// is marked itself; the rest are dimmed. Nothing is, while no node is active.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlight {
    pub active: Option<usize>,
    pub nodes: BTreeSet<usize>,
    pub edges: BTreeSet<usize>,
    /// The path the page was opened for ("led to", [`Route`]), marked whatever is active.
    pub route: Route,
}

/// The steps and arrows of a chain on the way from a step naming one mechanism to a step
/// naming another (a timeline filtered by "led to" opens incidents with it): indices into
/// the chain's nodes and the drawing's edges, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Route {
    pub nodes: Vec<usize>,
    pub edges: Vec<usize>,
}

impl Route {
    /// The route from `from` to `to` in `chain` as drawn in `diagram` (see
    /// [`crate::mechanisms::path_between`]); empty when the chain has none.
    pub fn between(chain: &CausalChain, diagram: &Diagram, from: &str, to: &str) -> Route {
        let (nodes, chain_edges) = crate::mechanisms::path_between(chain, from, to);
        let index_of = |id: &str| chain.nodes.iter().position(|n| n.id.as_str() == id);
        let pairs: Vec<(usize, usize)> = chain_edges
            .iter()
            .filter_map(|&e| {
                let edge = chain.edges.get(e)?;
                Some((index_of(edge.from.as_str())?, index_of(edge.to.as_str())?))
            })
            .collect();
        let edges = (0..diagram.layout.edges.len())
            .filter(|&i| {
                let edge = &diagram.layout.edges[i];
                pairs.contains(&(edge.from, edge.to))
            })
            .collect();
        Route { nodes, edges }
    }
}

impl Highlight {
    /// The highlight of the path through `active` (see [`crate::chain::diagram::path_through`]).
    pub fn through(diagram: &Diagram, active: Option<usize>) -> Highlight {
        match active {
            Some(node) => {
                let (nodes, edges) = crate::chain::diagram::path_through(diagram, node);
                Highlight {
                    active,
                    nodes,
                    edges,
                    route: Route::default(),
                }
            }
            None => Highlight::default(),
        }
    }

    /// This highlight with `route` marked too.
    pub fn with_route(self, route: &Route) -> Highlight {
        Highlight {
            route: route.clone(),
            ..self
        }
    }

    /// The class attribute of node `index`, of the given kind.
    pub fn node_class(&self, index: usize, kind: NodeKind) -> String {
        let mut class = format!("{CHAIN_NODE} {CHAIN_NODE}--{}", kind.as_str());
        if self.active.is_some() {
            class.push_str(if self.nodes.contains(&index) {
                " chain-node--on-path"
            } else {
                " chain-node--dimmed"
            });
        }
        if self.active == Some(index) {
            class.push_str(" chain-node--active");
        }
        if self.route.nodes.contains(&index) {
            class.push_str(" chain-node--route");
        }
        class
    }

    /// The class attribute of the detail panel's `entry`: 0 is the hint, shown while no step
    /// is active; then each step's detail, shown while that step is. Every entry is in the
    /// panel, one shown at a time in the same place, so the panel is always as tall as the
    /// longest and showing a step's detail moves nothing on the page.
    pub fn detail_class(&self, entry: usize) -> String {
        let shown = match self.active {
            None => entry == 0,
            Some(node) => entry == node + 1,
        };
        let mut class = CHAIN_DETAIL_ENTRY.to_owned();
        if shown {
            class.push_str(" chain-detail__entry--shown");
        }
        class
    }

    /// The class attribute of edge `index`.
    pub fn edge_class(&self, index: usize) -> String {
        let mut class = CHAIN_EDGE.to_owned();
        match (self.active, self.edges.contains(&index)) {
            (None, _) => {}
            (Some(_), true) => class.push_str(" chain-edge--on-path"),
            (Some(_), false) => class.push_str(" chain-edge--dimmed"),
        }
        if self.route.edges.contains(&index) {
            class.push_str(" chain-edge--route");
        }
        class
    }
}

/// A coordinate as SVG writes it (see [`Num`]).
fn num(value: f64) -> String {
    Num(value).to_string()
}

/// What the detail panel shows while no step is active.
pub fn detail_hint() -> Markup {
    html! {
        p class="chain-detail__hint" {
            "Hover, tap or focus a step to see its detail and the path through it."
        }
    }
}

/// The detail panel's content for node `index`: its kind and label, its mechanism (a link to
/// its page), its detail, and the steps before and after it.
pub fn detail(chain: &CausalChain, index: usize, mechanisms: &[Mechanism], base: &str) -> Markup {
    let Some(node) = chain.nodes.get(index) else {
        return detail_hint();
    };
    html! {
        p class="chain-detail__title" { strong { (node.kind.label()) ": " } (node.label) }
        @if let Some(mechanism) = mechanism_of(node, mechanisms) {
            p class="chain-detail__mechanism" {
                "Mechanism: "
                a href=(href(base, &mechanism_path(mechanism.id.as_str()))) { (mechanism.label) }
            }
        }
        @if let Some(detail) = &node.detail { p { (detail) } }
        @for (words, steps) in [
            ("Caused by: ", causes(chain, node.id.as_str())),
            ("Led to: ", consequences(chain, node.id.as_str())),
        ] {
            @if !steps.is_empty() {
                @let labels: Vec<&str> = steps.iter().map(|n| n.label.as_str()).collect();
                p class="chain-detail__links" { (words) (labels.join("; ")) }
            }
        }
    }
}

/// The mechanism a step names, if the taxonomy has it.
fn mechanism_of<'a>(node: &ChainNode, mechanisms: &'a [Mechanism]) -> Option<&'a Mechanism> {
    let id = node.mechanism.as_ref()?;
    mechanisms.iter().find(|m| m.id == *id)
}

/// Node `index`: a link to itself (`#node-<id>`) around its box, its kind and its label; its
/// title (what hovering shows) names its mechanism too. Drawn on another page than the
/// incident's (`steps_page`, the incident page's address), it links to the step there and
/// has no id of its own.
fn svg_node(
    index: usize,
    node: &ChainNode,
    drawn: &DiagramNode,
    mechanism: Option<&Mechanism>,
    (highlight, steps_page): (&Highlight, Option<&str>),
) -> Markup {
    let placed = drawn.placed;
    let (fill, stroke) = kind_colours(node.kind);
    let (radius, stroke_width, dash) = kind_shape(node.kind);
    let node_id = id::chain_node(node.id.as_str());
    let text_x = placed.x + PADDING_X;
    html! {
        a id=[steps_page.is_none().then_some(&node_id)]
            href={ (steps_page.unwrap_or_default()) "#" (node_id) }
            class=(highlight.node_class(index, node.kind))
            data-index=(index.to_string()) {
            title {
                (node.kind.label()) ": " (node.label)
                @if let Some(detail) = &node.detail { ". " (detail) }
                @if let Some(mechanism) = mechanism { " Mechanism: " (mechanism.label) "." }
            }
            rect class="chain-node__box" x=(num(placed.x)) y=(num(placed.y))
                width=(num(placed.width)) height=(num(placed.height)) rx=(num(radius))
                fill=(fill) stroke=(stroke) stroke-width=(num(stroke_width))
                stroke-dasharray=(dash.unwrap_or("none")) {}
            text class="chain-node__kind" x=(num(text_x))
                y=(num(placed.y + PADDING_Y + KIND_FONT_SIZE)) font-size=(num(KIND_FONT_SIZE))
                font-weight="700" letter-spacing="0.5" fill=(stroke) {
                (node.kind.label()) ": "
            }
            text class="chain-node__label" font-size=(num(LABEL_FONT_SIZE)) fill="#1b1f24" {
                @for (line, words) in drawn.lines.iter().enumerate() {
                    @let y = placed.y
                        + PADDING_Y
                        + KIND_LINE_HEIGHT
                        + LINE_HEIGHT * line as f64
                        + LABEL_FONT_SIZE;
                    tspan x=(num(text_x)) y=(num(y)) {
                        (words)
                        // A space after every line but the last keeps words apart in the
                        // element's text, which is also its accessible name.
                        @if line + 1 < drawn.lines.len() { " " }
                    }
                }
            }
        }
    }
}

/// The drawing itself: a standalone SVG (it is what "Download SVG" saves), each node a link
/// to itself that keyboard users reach with Tab and the arrow keys; the `route` marked. On
/// another page than the incident's (`steps_page`, the incident page's address: the
/// comparison), each node links to the step on the incident's page instead, and the drawing
/// has no id.
pub fn svg(
    chain: &CausalChain,
    diagram: &Diagram,
    incident_title: &str,
    mechanisms: &[Mechanism],
    (route, steps_page): (&Route, Option<&str>),
) -> Markup {
    let highlight = Highlight::default().with_route(route);
    let (width, height) = (
        num(diagram.layout.width.round()),
        num(diagram.layout.height.round()),
    );
    html! {
        svg id=[steps_page.is_none().then_some(CHAIN_SVG)] xmlns="http://www.w3.org/2000/svg"
            role="group"
            aria-label={
                "Causal chain diagram of " (incident_title) ": " (chain.nodes.len().to_string())
                " steps."
                @if steps_page.is_none() { " Use the arrow keys to move between steps." }
            }
            viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height)
            font-family=(LABEL_FONT_FAMILY) {
            // The arrowheads: one for the end of an edge, one for the start of an edge drawn
            // reversed. Sized in the drawing's units, not the stroke's: a highlighted edge's
            // heavier stroke would otherwise widen its head past the space between the arrows
            // into one step (`chain::layout::PORT_SPACING`), and heads side by side would merge.
            defs {
                @for (id, ref_x) in [("chain-arrow", "9"), ("chain-arrow-start", "1")] {
                    marker id=(id) viewBox="0 0 10 10" refX=(ref_x) refY="5"
                        markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11"
                        orient="auto-start-reverse" {
                        path d="M0,0 L10,5 L0,10 z" fill="#5a6270" {}
                    }
                }
            }
            rect class="chain-background" x="0" y="0" width=(width) height=(height)
                fill="#ffffff" {}
            g class="chain-edges" {
                @for (index, edge) in diagram.layout.edges.iter().enumerate() {
                    path class=(highlight.edge_class(index)) d=(edge.svg_path()) fill="none"
                        stroke="#5a6270"
                        stroke-width="1.6"
                        marker-start=[edge.reversed.then_some("url(#chain-arrow-start)")]
                        marker-end=[(!edge.reversed).then_some("url(#chain-arrow)")] {}
                }
            }
            g class="chain-nodes" {
                @for (index, (node, drawn)) in chain.nodes.iter().zip(&diagram.nodes).enumerate() {
                    (svg_node(
                        index,
                        node,
                        drawn,
                        mechanism_of(node, mechanisms),
                        (&highlight, steps_page),
                    ))
                }
            }
        }
    }
}

/// The class attribute of the drawing's frame, `fitted` to its width or zoomed.
pub fn frame_class(fitted: bool) -> String {
    if fitted {
        format!("{CHAIN_FRAME} {CHAIN_FRAME_FITTED}")
    } else {
        CHAIN_FRAME.to_owned()
    }
}

/// The diagram's buttons, each with the `data-action` the app's one click handler goes by.
fn toolbar() -> Markup {
    html! {
        div class="chain-toolbar" role="toolbar" aria-label="Diagram" {
            @for (action, label) in [
                (Action::ZoomIn, "Zoom in"),
                (Action::ZoomOut, "Zoom out"),
                (Action::ZoomFit, "Fit"),
                (Action::ZoomReset, "Actual size"),
                (Action::DownloadSvg, "Download SVG"),
                (Action::DownloadPng, "Download PNG"),
            ] {
                button type="button" class="button" data-action=(action.as_str()) { (label) }
            }
        }
    }
}

/// A swatch and a description of each kind of step the chain has.
fn legend(chain: &CausalChain) -> Markup {
    let drawn = NodeKind::ALL
        .into_iter()
        .filter(|kind| chain.nodes.iter().any(|n| n.kind == *kind));
    html! {
        ul class="chain-legend" {
            @for kind in drawn {
                @let (fill, stroke) = kind_colours(kind);
                @let (radius, stroke_width, dash) = kind_shape(kind);
                li {
                    svg class="chain-legend__swatch" width="28" height="18" viewBox="0 0 28 18"
                        aria-hidden="true" {
                        rect x="2" y="2" width="24" height="14" rx=(num(radius / 2.0)) fill=(fill)
                            stroke=(stroke) stroke-width=(num(stroke_width))
                            stroke-dasharray=(dash.unwrap_or("none")) {}
                    }
                    strong { (kind.label()) }
                    ": " (kind_description(kind))
                }
            }
        }
    }
}

/// What the diagram is drawn with besides its chain: the mechanisms' taxonomy, the site's
/// base path, and the "led to" route the page was opened for, if any.
#[derive(Debug, Clone, Copy)]
pub struct DiagramContext<'a> {
    pub mechanisms: &'a [Mechanism],
    pub base: &'a str,
    /// The two mechanisms, and their route in this chain.
    pub route: Option<(&'a Mechanism, &'a Mechanism, &'a Route)>,
}

/// The whole diagram: a notice for a `#node-…` link that names no node (`missing_node`), one
/// for the route the page was opened for, the toolbar, the drawing in its pannable frame
/// (fitted to the frame's width as it opens, see the stylesheet's `.chain-frame--fitted`), the
/// detail panel with every step's detail in it (one shown at a time) and a legend of the
/// kinds drawn.
pub fn diagram(
    chain: &CausalChain,
    diagram: &Diagram,
    incident_title: &str,
    missing_node: Option<&str>,
    context: &DiagramContext,
) -> Markup {
    let no_route = Route::default();
    let route = context.route.map_or(&no_route, |(_, _, route)| route);
    html! {
        @if let Some(id) = missing_node {
            p class="chain-diagram__notice" role="status" {
                "This link points to a step " code { (id) }
                " that this causal chain does not have; the whole chain is shown."
            }
        }
        @if let Some((from, to, route)) = context.route {
            (route_notice(from, to, route, context.base))
        }
        (toolbar())
        div class=(frame_class(true)) role="region"
            aria-label="Drawing of the causal chain" {
            (svg(chain, diagram, incident_title, context.mechanisms, (route, None)))
        }
        @let nothing_active = Highlight::default();
        div class=(CHAIN_DETAIL) aria-live="polite" {
            div class=(nothing_active.detail_class(0)) { (detail_hint()) }
            @for index in 0..chain.nodes.len() {
                div class=(nothing_active.detail_class(index + 1)) {
                    (detail(chain, index, context.mechanisms, context.base))
                }
            }
        }
        (legend(chain))
    }
}

/// Says which route is marked in the drawing (and that it is marked by a heavier outline, not
/// colour alone), or that this chain has none; links to the other incidents with it.
fn route_notice(from: &Mechanism, to: &Mechanism, route: &Route, base: &str) -> Markup {
    let filter = TimelineFilter {
        path: Some(MechanismPath {
            from: from.id.to_string(),
            to: to.id.to_string(),
        }),
        ..TimelineFilter::default()
    };
    html! {
        p class="chain-diagram__notice chain-diagram__notice--route" {
            @if route.nodes.is_empty() {
                "In this chain, no step of " (from.label) " leads to one of " (to.label) ". "
            } @else {
                "Marked with a heavy outline: how " (from.label) " led to " (to.label)
                " in this chain (" (route.nodes.len().to_string()) " steps). "
            }
            a href=(href(base, &timeline_path(&filter))) {
                "Every incident where " (from.label) " led to " (to.label)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;
    use crate::chain::diagram::{EstimatedMeasure, layout_chain};

    fn chain() -> CausalChain {
        minimal_fixture().incidents[0].causal_chain.clone()
    }

    const NO_CONTEXT: DiagramContext = DiagramContext {
        mechanisms: &[],
        base: "",
        route: None,
    };

    /// The sample chain of `crate::mechanisms`, with a drawing: a → x → b → c, a → d.
    fn tagged() -> (CausalChain, Diagram, Vec<Mechanism>) {
        let chain = crate::mechanisms::tests::chain(
            &[
                ("a", Some("failover")),
                ("x", None),
                ("b", Some("overload")),
                ("c", Some("retry-storm")),
                ("d", None),
            ],
            &["a>x", "x>b", "b>c", "a>d"],
        );
        let mechanisms = ["failover", "overload", "retry-storm"]
            .iter()
            .map(|id| Mechanism {
                id: crate::catalogue::Slug::parse(id).expect("a slug"),
                label: format!("<{id}>"),
                description: "What it is.".to_owned(),
            })
            .collect();
        let drawn = layout_chain(&chain, &EstimatedMeasure);
        (chain, drawn, mechanisms)
    }

    #[test]
    fn a_route_marks_its_steps_and_arrows_and_says_so_in_words() {
        let (chain, drawn, mechanisms) = tagged();
        let route = Route::between(&chain, &drawn, "failover", "retry-storm");
        assert_eq!(route.nodes, [0, 1, 2, 3]);
        assert_eq!(route.edges.len(), 3);
        for &e in &route.edges {
            let edge = &drawn.layout.edges[e];
            assert!(route.nodes.contains(&edge.from) && route.nodes.contains(&edge.to));
        }
        let context = DiagramContext {
            mechanisms: &mechanisms,
            base: "/atlas",
            route: Some((&mechanisms[0], &mechanisms[2], &route)),
        };
        let html = diagram(&chain, &drawn, "T", None, &context).into_string();
        assert_eq!(html.matches("chain-node--route").count(), 4);
        assert_eq!(html.matches("chain-edge--route").count(), 3);
        assert!(
            html.contains(
                "how &lt;failover&gt; led to &lt;retry-storm&gt; in this chain (4 steps)"
            ),
            "{html}"
        );
        assert!(
            html.contains("href=\"/atlas/?from=failover&amp;to=retry-storm\""),
            "{html}"
        );
        // The route also survives the highlight of a hovered step.
        let hovered = Highlight::through(&drawn, Some(4)).with_route(&route);
        assert!(
            hovered
                .node_class(0, NodeKind::Event)
                .contains("chain-node--route")
        );
        assert!(
            !hovered
                .node_class(4, NodeKind::Event)
                .contains("chain-node--route")
        );

        let none = Route::between(&chain, &drawn, "retry-storm", "failover");
        let context = DiagramContext {
            route: Some((&mechanisms[2], &mechanisms[0], &none)),
            ..context
        };
        let html = diagram(&chain, &drawn, "T", None, &context).into_string();
        assert!(html.contains("no step of &lt;retry-storm&gt; leads to one of &lt;failover&gt;"));
        assert!(!html.contains("chain-node--route") && !html.contains("chain-edge--route"));
    }

    #[test]
    fn a_step_names_its_mechanism_when_hovered_or_focused() {
        let (chain, drawn, mechanisms) = tagged();
        let context = DiagramContext {
            mechanisms: &mechanisms,
            base: "/atlas",
            route: None,
        };
        let html = diagram(&chain, &drawn, "T", None, &context).into_string();
        assert!(
            html.contains("Mechanism: &lt;failover&gt;.</title>"),
            "{html}"
        );
        assert_eq!(
            html.matches(" Mechanism: ").count(),
            3,
            "the tagged steps only"
        );
        let panel = detail(&chain, 0, &mechanisms, "/atlas").into_string();
        assert!(
            panel
                .contains("Mechanism: <a href=\"/atlas/mechanisms/failover\">&lt;failover&gt;</a>"),
            "{panel}"
        );
        assert!(
            !detail(&chain, 1, &mechanisms, "/atlas")
                .into_string()
                .contains("Mechanism")
        );
    }

    #[test]
    fn every_node_and_edge_is_drawn_once_with_its_index_and_link() {
        let chain = chain();
        let drawn = layout_chain(&chain, &EstimatedMeasure);
        let html = diagram(&chain, &drawn, "Title", None, &NO_CONTEXT).into_string();
        assert_eq!(
            html.matches("class=\"chain-node ").count(),
            chain.nodes.len()
        );
        assert_eq!(
            html.matches("<path class=\"chain-edge\"").count(),
            drawn.layout.edges.len()
        );
        for (index, node) in chain.nodes.iter().enumerate() {
            assert!(html.contains(&format!(
                "id=\"node-{0}\" href=\"#node-{0}\" class=\"chain-node chain-node--{1}\" data-index=\"{index}\"",
                node.id,
                node.kind.as_str()
            )));
        }
        assert!(html.contains(&detail_hint().into_string()));
        assert!(!html.contains("chain-diagram__notice"));
        assert_eq!(html.matches("data-action=").count(), 6);
    }

    #[test]
    fn the_frame_opens_fitted_and_the_panel_holds_every_detail_showing_one() {
        let chain = chain();
        let drawn = layout_chain(&chain, &EstimatedMeasure);
        let html = diagram(&chain, &drawn, "Title", None, &NO_CONTEXT).into_string();
        assert!(html.contains(
            "class=\"chain-frame chain-frame--fitted\" role=\"region\" \
             aria-label=\"Drawing of the causal chain\""
        ));
        let count = chain.nodes.len();
        assert_eq!(
            html.matches("class=\"chain-detail__entry").count(),
            count + 1
        );
        assert_eq!(html.matches("chain-detail__entry--shown").count(), 1);
        for active in [None, Some(0), Some(count - 1)] {
            let highlight = Highlight::through(&drawn, active);
            let shown: Vec<usize> = (0..=count)
                .filter(|&entry| highlight.detail_class(entry).contains("--shown"))
                .collect();
            assert_eq!(shown, [active.map_or(0, |node| node + 1)]);
        }
    }

    #[test]
    fn a_missing_node_is_named_escaped() {
        let chain = chain();
        let drawn = layout_chain(&chain, &EstimatedMeasure);
        let html = diagram(&chain, &drawn, "<T>", Some("<b>x</b>"), &NO_CONTEXT).into_string();
        assert!(
            html.contains("step <code>&lt;b&gt;x&lt;/b&gt;</code> that"),
            "{html}"
        );
        assert!(html.contains("aria-label=\"Causal chain diagram of &lt;T&gt;: "));
    }

    #[test]
    fn the_highlight_marks_the_path_and_dims_the_rest() {
        let chain = chain();
        let drawn = layout_chain(&chain, &EstimatedMeasure);
        let none = Highlight::through(&drawn, None);
        assert_eq!(
            none.node_class(0, NodeKind::Trigger),
            "chain-node chain-node--trigger"
        );
        assert_eq!(none.edge_class(0), "chain-edge");
        let first = Highlight::through(&drawn, Some(0));
        let class = first.node_class(0, NodeKind::Trigger);
        assert!(class.contains("chain-node--on-path") && class.contains("chain-node--active"));
        for index in 1..chain.nodes.len() {
            let class = first.node_class(index, NodeKind::Event);
            assert!(!class.contains("--active"));
            assert_eq!(
                class.contains("--on-path"),
                first.nodes.contains(&index),
                "{class}"
            );
            assert_ne!(class.contains("--on-path"), class.contains("--dimmed"));
        }
        for index in 0..drawn.layout.edges.len() {
            assert_eq!(
                first.edge_class(index).ends_with("--on-path"),
                first.edges.contains(&index)
            );
        }
    }

    #[test]
    fn the_detail_names_the_step_and_its_neighbours() {
        let chain = chain();
        let detail_html = detail(&chain, 0, &[], "").into_string();
        assert!(detail_html.contains(&text_of(&chain.nodes[0].label)));
        let next = crate::chain::story::consequences(&chain, chain.nodes[0].id.as_str());
        assert_eq!(detail_html.contains("Led to: "), !next.is_empty());
        assert_eq!(
            detail(&chain, chain.nodes.len(), &[], "").into_string(),
            detail_hint().into_string()
        );
    }

    fn text_of(value: &str) -> String {
        super::super::escaped(value)
    }
}
