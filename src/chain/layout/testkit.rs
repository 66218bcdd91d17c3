//! What the layout promises, checked on any drawing: for the layout's tests and the fuzzer
//! only (`--features testkit`). The random graphs to check it on are `crate::random`'s.

use std::collections::HashSet;

use super::{Layout, PlacedNode, RoutedEdge, Size, port_inset};

const EPSILON: f64 = 1e-6;

/// Returns the message from the enclosing function when the promise does not hold.
macro_rules! promise {
    ($holds:expr, $($message:tt)+) => {
        let holds: bool = $holds;
        if !holds {
            return Some(format!($($message)+));
        }
    };
}

/// The first promise a drawing breaks for the graph it was drawn from, or `None`: every node
/// placed at its own size, on the canvas and apart from the others; every edge asked for
/// (not a self-loop, ends in range) drawn once, running down from its source's bottom to its
/// target's top without passing through a box; no two edges meeting a box at the same point.
/// The tests and the fuzzer check drawings with it.
pub fn broken_promise(layout: &Layout, sizes: &[Size], edges: &[(usize, usize)]) -> Option<String> {
    promise!(
        layout.nodes.len() == sizes.len(),
        "{} nodes placed for {}",
        layout.nodes.len(),
        sizes.len()
    );
    promise!(
        layout.width.is_finite() && layout.height.is_finite(),
        "the canvas is not finite"
    );
    for (i, size) in sizes.iter().enumerate() {
        if let Some(broken) = node_broken(layout, i, size) {
            return Some(broken);
        }
    }
    for edge in &layout.edges {
        if let Some(broken) = edge_broken(&layout.nodes, edge) {
            return Some(broken);
        }
    }
    if let Some(broken) = ports_broken(layout) {
        return Some(broken);
    }
    edge_set_broken(layout, edges)
}

/// Where an edge meets a box: its start on the bottom of the upper one, its end on the top
/// of the lower one (an edge drawn reversed is still drawn downwards).
pub fn ports(edge: &RoutedEdge) -> [(usize, (f64, f64)); 2] {
    let (upper, lower) = if edge.reversed {
        (edge.to, edge.from)
    } else {
        (edge.from, edge.to)
    };
    [(upper, edge.start), (lower, edge.end())]
}

/// Every edge meets a box at its own point, on the box's side and clear of its corners, so
/// arrows into (or out of) one step never end (or start) on top of each other.
fn ports_broken(layout: &Layout) -> Option<String> {
    let mut met: Vec<Vec<(f64, f64)>> = vec![Vec::new(); layout.nodes.len()];
    for edge in &layout.edges {
        for (node, point) in ports(edge) {
            let Some(placed) = layout.nodes.get(node) else {
                return Some(format!("edge {}->{} meets no node", edge.from, edge.to));
            };
            let inset = port_inset(placed.width) - EPSILON;
            promise!(
                point.0 >= placed.x + inset && point.0 <= placed.x + placed.width - inset,
                "an edge meets node {node} at {point:?}, off its side or on a corner"
            );
            for other in &met[node] {
                let apart =
                    (other.0 - point.0).abs() > EPSILON || (other.1 - point.1).abs() > EPSILON;
                promise!(
                    apart,
                    "two edges meet node {node} at the same point {point:?}"
                );
            }
            met[node].push(point);
        }
    }
    None
}

/// Node `i` keeps its size, sits in a layer on the canvas, and overlaps no later node.
fn node_broken(layout: &Layout, i: usize, size: &Size) -> Option<String> {
    let a = &layout.nodes[i];
    promise!(
        [a.x, a.y, a.width, a.height].iter().all(|v| v.is_finite()),
        "node {i} is not placed: {a:?}"
    );
    promise!(
        a.width == size.width && a.height == size.height,
        "node {i} changed size"
    );
    promise!(a.layer < layout.layers.max(1), "node {i} is in no layer");
    promise!(a.x >= 0.0 && a.y >= 0.0, "node {i} starts off the canvas");
    promise!(
        a.x + a.width <= layout.width + EPSILON && a.y + a.height <= layout.height + EPSILON,
        "node {i} ends off the canvas"
    );
    for (j, b) in layout.nodes.iter().enumerate().skip(i + 1) {
        let apart = a.x + a.width <= b.x + EPSILON
            || b.x + b.width <= a.x + EPSILON
            || a.y + a.height <= b.y + EPSILON
            || b.y + b.height <= a.y + EPSILON;
        promise!(apart, "nodes {i} and {j} overlap: {a:?} {b:?}");
    }
    None
}

/// The edge runs down from its source's bottom to its target's top through no box.
fn edge_broken(nodes: &[PlacedNode], edge: &RoutedEdge) -> Option<String> {
    let (from, to) = (edge.from, edge.to);
    let (sx, sy) = edge.start;
    let (ex, ey) = edge.end();
    let points = edge.sample(8);
    promise!(
        points.iter().all(|(x, y)| x.is_finite() && y.is_finite()),
        "edge {from}->{to} has a non-finite point"
    );
    promise!(ey > sy, "edge {from}->{to} does not point down");
    for pair in points.windows(2) {
        promise!(
            pair[1].1 >= pair[0].1 - EPSILON,
            "edge {from}->{to} turns upward"
        );
    }
    if let Some(broken) = box_crossed(nodes, edge, &points) {
        return Some(broken);
    }
    let (upper, lower) = if edge.reversed {
        (to, from)
    } else {
        (from, to)
    };
    let (source, target) = (&nodes[upper], &nodes[lower]);
    promise!(
        (sy - (source.y + source.height)).abs() < EPSILON
            && sx >= source.x
            && sx <= source.x + source.width,
        "edge {from}->{to} does not leave its source's bottom"
    );
    promise!(
        (ey - target.y).abs() < EPSILON && ex >= target.x && ex <= target.x + target.width,
        "edge {from}->{to} does not enter its target's top"
    );
    None
}

/// A box that one of the edge's sampled `points` falls in.
fn box_crossed(nodes: &[PlacedNode], edge: &RoutedEdge, points: &[(f64, f64)]) -> Option<String> {
    let (sy, ey) = (edge.start.1, edge.end().1);
    // Only boxes that meet the edge's bounding box can hold one of its points.
    let (min_x, max_x) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(x, _)| {
            (lo.min(x), hi.max(x))
        });
    for (n, node) in nodes.iter().enumerate() {
        if node.y + node.height < sy || node.y > ey || node.x + node.width < min_x || node.x > max_x
        {
            continue;
        }
        for &p in points {
            promise!(
                !node.contains(p),
                "edge {}->{} passes through node {n} at {p:?}",
                edge.from,
                edge.to
            );
        }
    }
    None
}

/// Every edge asked for is drawn, once, and no other.
fn edge_set_broken(layout: &Layout, edges: &[(usize, usize)]) -> Option<String> {
    let drawn: HashSet<(usize, usize)> = layout.edges.iter().map(|e| (e.from, e.to)).collect();
    let count = layout.nodes.len();
    let wanted: HashSet<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a != b && a < count && b < count)
        .collect();
    for &(a, b) in &wanted {
        promise!(drawn.contains(&(a, b)), "edge {a}->{b} is missing");
    }
    promise!(
        layout.edges.len() == wanted.len(),
        "edges drawn that were not asked for, or twice"
    );
    None
}
