//! A causal chain turned into a drawing: each node's label wrapped to fit its box, the boxes
//! laid out by [`crate::chain::layout`], and what keyboard navigation and highlighting need.
//!
//! Text is measured by a [`TextMeasure`]: in the browser, a canvas with the very font the SVG
//! uses; natively, an estimate. Boxes are sized from the measured lines, so a label always fits.

use std::collections::BTreeSet;

use crate::catalogue::{CausalChain, NodeKind};
use crate::chain::layout::{Layout, LayoutOptions, PlacedNode, Size, layout_graph};

/// The font of node labels, as CSS and canvas write it. The SVG sets the same family and size.
pub const LABEL_FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
pub const LABEL_FONT_SIZE: f64 = 13.0;
pub const KIND_FONT_SIZE: f64 = 10.0;
pub const LINE_HEIGHT: f64 = 16.0;
pub const KIND_LINE_HEIGHT: f64 = 14.0;
pub const PADDING_X: f64 = 10.0;
pub const PADDING_Y: f64 = 8.0;
/// Labels wrap at this width.
pub const MAX_TEXT_WIDTH: f64 = 160.0;
/// No box is narrower, so short labels still make a clickable target.
pub const MIN_BOX_WIDTH: f64 = 96.0;

/// The smallest scale a drawing is shown at to fit its frame: labels at three quarters of
/// their 13 px (under 10 px) are as small as reads comfortably. A drawing that would need less
/// is shown at this scale and panned instead; every chain of the catalogue fits a 1,100 px
/// frame at more than this.
pub const MIN_READABLE_SCALE: f64 = 0.75;

/// Measures the width in pixels of a line of label text.
pub trait TextMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64;
}

/// A width estimate for a sans-serif font, for native use and tests: narrow, average and
/// wide letters at typical proportions of the em.
#[derive(Debug, Clone, Copy, Default)]
pub struct EstimatedMeasure;

impl TextMeasure for EstimatedMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        text.chars()
            .map(|c| match c {
                'i' | 'l' | 'j' | '\'' | '.' | ',' | ':' | ';' | '|' | '!' | 'I' => 0.28,
                ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.36,
                'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.86,
                c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.64,
                c if c.is_ascii() => 0.54,
                _ => 1.0,
            })
            .sum::<f64>()
            * font_size
    }
}

/// Splits text into lines no wider than `max_width`, breaking between words, and inside a
/// word only when the word alone is too wide.
// Never inlined: the chain and the map of mechanisms share one copy in the wasm.
#[inline(never)]
pub fn wrap_text(
    text: &str,
    max_width: f64,
    font_size: f64,
    measure: &dyn TextMeasure,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure.width(&candidate, font_size) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure.width(word, font_size) <= max_width {
            line = word.to_owned();
            continue;
        }
        // A word wider than a line: cut it where it stops fitting.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if measure.width(&piece, font_size) > max_width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One node of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramNode {
    pub kind: NodeKind,
    pub lines: Vec<String>,
    pub placed: PlacedNode,
}

/// A causal chain, drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// In the order of the chain's nodes.
    pub nodes: Vec<DiagramNode>,
    /// (from, to) node indices of each drawn edge, in the order of `layout.edges`.
    pub layout: Layout,
}

/// The box that holds wrapped label `lines` and one small line (a step's kind, a mechanism's
/// count) `small_width` wide, with padding, and never narrower than a clickable target.
pub fn box_size(lines: &[String], small_width: f64, measure: &dyn TextMeasure) -> Size {
    let text_width = lines
        .iter()
        .map(|l| measure.width(l, LABEL_FONT_SIZE))
        .fold(small_width, f64::max);
    Size {
        width: (text_width + 2.0 * PADDING_X).ceil().max(MIN_BOX_WIDTH),
        height: (2.0 * PADDING_Y + KIND_LINE_HEIGHT + LINE_HEIGHT * lines.len() as f64).ceil(),
    }
}

/// Wraps the labels, sizes the boxes and lays out the chain.
pub fn layout_chain(chain: &CausalChain, measure: &dyn TextMeasure) -> Diagram {
    let mut nodes = Vec::with_capacity(chain.nodes.len());
    let mut sizes = Vec::with_capacity(chain.nodes.len());
    for node in &chain.nodes {
        let lines = wrap_text(&node.label, MAX_TEXT_WIDTH, LABEL_FONT_SIZE, measure);
        // The kind is drawn in capitals, followed by a colon.
        let kind_width = measure.width(
            &format!("{}: ", node.kind.label().to_ascii_uppercase()),
            KIND_FONT_SIZE,
        );
        sizes.push(box_size(&lines, kind_width, measure));
        nodes.push((node.kind, lines));
    }
    let index_of = |id: &str| chain.nodes.iter().position(|n| n.id.as_str() == id);
    let edges: Vec<(usize, usize)> = chain
        .edges
        .iter()
        .filter_map(|e| Some((index_of(e.from.as_str())?, index_of(e.to.as_str())?)))
        .collect();
    let layout = layout_graph(&sizes, &edges, &LayoutOptions::default());
    let nodes = nodes
        .into_iter()
        .zip(&layout.nodes)
        .map(|((kind, lines), placed)| DiagramNode {
            kind,
            lines,
            placed: *placed,
        })
        .collect();
    Diagram { nodes, layout }
}

/// The nodes and edges on the path through a node: everything that led to it and everything
/// it led to, the node included. Edges are indices into `diagram.layout.edges`.
pub fn path_through(diagram: &Diagram, node: usize) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let edges = &diagram.layout.edges;
    let mut nodes = BTreeSet::from([node]);
    let mut on_path = BTreeSet::new();
    for forward in [true, false] {
        let mut stack = vec![node];
        let mut seen = BTreeSet::from([node]);
        while let Some(at) = stack.pop() {
            for (index, edge) in edges.iter().enumerate() {
                let (from, to) = if forward {
                    (edge.from, edge.to)
                } else {
                    (edge.to, edge.from)
                };
                if from == at {
                    on_path.insert(index);
                    nodes.insert(to);
                    if seen.insert(to) {
                        stack.push(to);
                    }
                }
            }
        }
    }
    (nodes, on_path)
}

/// An arrow key's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

impl Direction {
    /// The direction of a `KeyboardEvent.key`, if it is an arrow.
    pub fn from_key(key: &str) -> Option<Direction> {
        match key {
            "ArrowUp" => Some(Direction::Up),
            "ArrowDown" => Some(Direction::Down),
            "ArrowLeft" => Some(Direction::Left),
            "ArrowRight" => Some(Direction::Right),
            _ => None,
        }
    }
}

/// Where an arrow key moves focus from a node: up to a cause, down to a consequence (the one
/// nearest horizontally), left or right to the nearest node in the same layer. At the end of
/// a direction, Left and Right go on along the layers in reading order.
pub fn neighbour(diagram: &Diagram, from: usize, direction: Direction) -> Option<usize> {
    let here = diagram.nodes.get(from)?.placed;
    let distance = |i: usize| (diagram.nodes[i].placed.center_x() - here.center_x()).abs();
    let nearest = |candidates: Vec<usize>| {
        candidates
            .into_iter()
            .min_by(|&a, &b| distance(a).total_cmp(&distance(b)).then(a.cmp(&b)))
    };
    let edges = &diagram.layout.edges;
    match direction {
        Direction::Up => nearest(
            edges
                .iter()
                .filter(|e| e.to == from)
                .map(|e| e.from)
                .collect(),
        ),
        Direction::Down => nearest(
            edges
                .iter()
                .filter(|e| e.from == from)
                .map(|e| e.to)
                .collect(),
        ),
        Direction::Left | Direction::Right => {
            // Reading order: layer by layer, left to right.
            let mut reading: Vec<usize> = (0..diagram.nodes.len()).collect();
            crate::order::sort_by(&mut reading, |&a, &b| {
                let (pa, pb) = (&diagram.nodes[a].placed, &diagram.nodes[b].placed);
                pa.layer
                    .cmp(&pb.layer)
                    .then(pa.x.total_cmp(&pb.x))
                    .then(a.cmp(&b))
            });
            let at = reading.iter().position(|&i| i == from)?;
            match direction {
                Direction::Left => at.checked_sub(1).map(|i| reading[i]),
                _ => reading.get(at + 1).copied(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::layout::PORT_SPACING;
    use crate::chain::layout::testkit::{broken_promise, ports};

    fn chain(json: &str) -> CausalChain {
        serde_json::from_str(json).expect("test chain parses")
    }

    #[test]
    fn wrapping_keeps_words_whole_and_lines_within_the_width() {
        let measure = EstimatedMeasure;
        let text = "Authentication primary takes all reads and overloads";
        let lines = wrap_text(text, 120.0, 13.0, &measure);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(measure.width(line, 13.0) <= 120.0, "{line:?} is too wide");
        }
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut() {
        let measure = EstimatedMeasure;
        let word = "x".repeat(80);
        let lines = wrap_text(&word, 100.0, 13.0, &measure);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(measure.width(line, 13.0) <= 100.0);
        }
        assert_eq!(wrap_text("", 100.0, 13.0, &measure), [""]);
    }

    #[test]
    fn every_label_fits_inside_its_box() {
        let chain = chain(
            r#"{"nodes": [
                {"id": "a", "kind": "trigger", "label": "A switch fails only partially and keeps half its ports"},
                {"id": "b", "kind": "event", "label": "etcd"},
                {"id": "c", "kind": "recovery", "label": "Supercalifragilisticexpialidocious-recovery-procedure-name"}
            ], "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}"#,
        );
        let measure = EstimatedMeasure;
        let diagram = layout_chain(&chain, &measure);
        for node in &diagram.nodes {
            let inner_width = node.placed.width - 2.0 * PADDING_X;
            for line in &node.lines {
                assert!(
                    measure.width(line, LABEL_FONT_SIZE) <= inner_width + 1e-9,
                    "{line:?}"
                );
            }
            let text_height = KIND_LINE_HEIGHT + LINE_HEIGHT * node.lines.len() as f64;
            assert!(text_height + 2.0 * PADDING_Y <= node.placed.height + 1e-9);
            assert!(node.placed.width >= MIN_BOX_WIDTH);
        }
    }

    #[test]
    fn the_path_through_a_node_is_its_causes_and_consequences() {
        // a -> b -> d, a -> c, x -> b
        let chain = chain(
            r#"{"nodes": [
                {"id": "a", "kind": "trigger", "label": "A"}, {"id": "b", "kind": "event", "label": "B"},
                {"id": "c", "kind": "event", "label": "C"}, {"id": "d", "kind": "impact", "label": "D"},
                {"id": "x", "kind": "condition", "label": "X"}
            ], "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "d"}, {"from": "a", "to": "c"}, {"from": "x", "to": "b"}]}"#,
        );
        let diagram = layout_chain(&chain, &EstimatedMeasure);
        let (nodes, edges) = path_through(&diagram, 1);
        assert_eq!(nodes.into_iter().collect::<Vec<_>>(), [0, 1, 3, 4]);
        let drawn: Vec<(usize, usize)> = edges
            .iter()
            .map(|&e| (diagram.layout.edges[e].from, diagram.layout.edges[e].to))
            .collect();
        assert_eq!(drawn.len(), 3);
        assert!(
            !drawn.contains(&(0, 2)),
            "a -> c is not on the path through b"
        );
    }

    #[test]
    fn arrow_keys_follow_edges_and_layers() {
        let chain = chain(
            r#"{"nodes": [
                {"id": "a", "kind": "trigger", "label": "A"}, {"id": "b", "kind": "event", "label": "B"},
                {"id": "c", "kind": "event", "label": "C"}, {"id": "d", "kind": "impact", "label": "D"}
            ], "edges": [{"from": "a", "to": "b"}, {"from": "a", "to": "c"}, {"from": "b", "to": "d"}, {"from": "c", "to": "d"}]}"#,
        );
        let diagram = layout_chain(&chain, &EstimatedMeasure);
        let down = neighbour(&diagram, 0, Direction::Down).unwrap();
        assert!(down == 1 || down == 2);
        assert_eq!(neighbour(&diagram, 3, Direction::Down), None);
        assert_eq!(neighbour(&diagram, 1, Direction::Up), Some(0));
        let (left, right) = if diagram.nodes[1].placed.x < diagram.nodes[2].placed.x {
            (1, 2)
        } else {
            (2, 1)
        };
        assert_eq!(neighbour(&diagram, left, Direction::Right), Some(right));
        assert_eq!(neighbour(&diagram, right, Direction::Left), Some(left));
        assert_eq!(neighbour(&diagram, 0, Direction::Left), None);
        assert_eq!(Direction::from_key("ArrowUp"), Some(Direction::Up));
        assert_eq!(Direction::from_key("Enter"), None);
    }

    /// Arrows into one step end, and arrows out of one step start, at points of their own on
    /// its side (the layout's promise), far enough apart to tell apart as drawn: a tenth of a
    /// pixel is what the SVG writes, and the catalogue's steps have the room for
    /// [`PORT_SPACING`].
    fn assert_arrows_apart(diagram: &Diagram, spacing: f64, name: &str) {
        let sizes: Vec<Size> = diagram
            .layout
            .nodes
            .iter()
            .map(|n| Size {
                width: n.width,
                height: n.height,
            })
            .collect();
        let edges: Vec<(usize, usize)> = diagram
            .layout
            .edges
            .iter()
            .map(|e| (e.from, e.to))
            .collect();
        assert_eq!(
            broken_promise(&diagram.layout, &sizes, &edges),
            None,
            "{name}"
        );
        for (node, placed) in diagram.layout.nodes.iter().enumerate() {
            for side in [placed.y, placed.y + placed.height] {
                let mut xs: Vec<f64> = diagram
                    .layout
                    .edges
                    .iter()
                    .flat_map(ports)
                    .filter(|&(n, (_, y))| n == node && (y - side).abs() < 1e-6)
                    .map(|(_, (x, _))| x)
                    .collect();
                xs.sort_by(f64::total_cmp);
                for pair in xs.windows(2) {
                    assert!(
                        pair[1] - pair[0] >= spacing - 1e-6,
                        "{name}: arrows at node {node} only {} apart",
                        pair[1] - pair[0]
                    );
                }
            }
        }
    }

    #[test]
    fn arrows_into_or_out_of_one_step_meet_it_at_their_own_points() {
        for incident in &catalogue().incidents {
            let diagram = layout_chain(&incident.causal_chain, &EstimatedMeasure);
            assert_arrows_apart(&diagram, PORT_SPACING, incident.id.as_str());
        }
        // Denser than any chain of the catalogue: up to 24 steps, a third of the pairs joined.
        let mut random = crate::random::XorShift::new(19);
        for round in 0..200 {
            let chain = crate::mechanisms::tests::random_chain(&mut random, &["a", "b"], 24, 1);
            let diagram = layout_chain(&chain, &EstimatedMeasure);
            assert_arrows_apart(&diagram, 1.0, &format!("random chain {round}"));
        }
    }

    /// The bundled catalogue.
    fn catalogue() -> crate::catalogue::Catalogue {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/catalogue.json"),
        )
        .expect("the bundled catalogue is readable");
        crate::catalogue::load::load_catalogue(&text)
            .expect("the bundled catalogue loads")
            .catalogue
    }

    #[test]
    fn every_chain_of_the_catalogue_fits_a_wide_frame_readably() {
        // The frame on a 1280 px screen is at least this wide (tests/e2e/diagram.spec.mjs).
        const FRAME_WIDTH: f64 = 1100.0;
        for incident in &catalogue().incidents {
            let diagram = layout_chain(&incident.causal_chain, &EstimatedMeasure);
            let scale = (FRAME_WIDTH / diagram.layout.width).min(1.0);
            assert!(
                scale >= MIN_READABLE_SCALE,
                "{} is {} px wide",
                incident.id,
                diagram.layout.width
            );
        }
    }

    #[test]
    fn every_chain_of_the_catalogue_is_drawn_without_crossings() {
        // Crossing minimisation is a heuristic. Dyn's chain has a crossing-free layered
        // drawing (the condition nested below the pair it feeds) that the sweeps do not find
        // yet; GitHub 2020's three episodes share two conditions, and whether it has one is
        // not settled. Heathrow T5's two roots (the late building and the opening) both feed
        // the handlers' delay, and the opening and the thin tests both feed the two message
        // faults, whose arrows pass the delays on their way to the jam. Listed so the test
        // still catches every other chain.
        const KNOWN_TO_CROSS: [(&str, usize); 3] = [
            ("baa-2008-03-27-heathrow-t5-baggage-system-opening", 3),
            ("dyn-2016-10-21-mirai-ddos-managed-dns", 1),
            ("github-2020-02-19-mysql1-proxysql-file-limit", 2),
        ];
        let mut crossed = Vec::new();
        for incident in &catalogue().incidents {
            let diagram = layout_chain(&incident.causal_chain, &EstimatedMeasure);
            if diagram.layout.crossings > 0 {
                crossed.push((incident.id.to_string(), diagram.layout.crossings));
            }
            assert_eq!(diagram.nodes.len(), incident.causal_chain.nodes.len());
            assert_eq!(
                diagram.layout.edges.len(),
                incident.causal_chain.edges.len()
            );
        }
        let known: Vec<(String, usize)> = KNOWN_TO_CROSS
            .iter()
            .map(|(id, n)| (id.to_string(), *n))
            .collect();
        assert_eq!(crossed, known);
    }
}
