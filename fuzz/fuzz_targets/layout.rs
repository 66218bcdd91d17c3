//! The layered layout on arbitrary graphs: up to 200 nodes of sane sizes and up to 600 edges,
//! with cycles, self-loops, duplicates and out-of-range ends (all of which `layout_graph`
//! accepts), checked against what the layout promises.
#![no_main]

use std::collections::HashSet;

use arbitrary::{Result, Unstructured};
use incident_atlas::layout::{Layout, LayoutOptions, Size, layout_graph};
use libfuzzer_sys::fuzz_target;

const MAX_NODES: usize = 200;
const MAX_EDGES: usize = 600;
const EPSILON: f64 = 1e-6;

/// Node sizes, and edges as (from, to) indices.
struct Graph {
    sizes: Vec<Size>,
    edges: Vec<(usize, usize)>,
}

fn graph(u: &mut Unstructured) -> Result<Graph> {
    let count = u.int_in_range(0..=MAX_NODES)?;
    let mut sizes = Vec::with_capacity(count);
    for _ in 0..count {
        // 20 to 400 px, in eighths of a pixel.
        let width = f64::from(u.int_in_range(160u16..=3200)?) / 8.0;
        let height = f64::from(u.int_in_range(160u16..=3200)?) / 8.0;
        sizes.push(Size { width, height });
    }
    let edge_count = u.int_in_range(0..=MAX_EDGES)?;
    let mut edges = Vec::with_capacity(edge_count);
    // A few ends fall outside the graph: those edges are to be ignored.
    let span = count as u16 + 2;
    for _ in 0..edge_count {
        if u.is_empty() {
            break;
        }
        let from = usize::from(u.arbitrary::<u16>()? % span);
        let to = usize::from(u.arbitrary::<u16>()? % span);
        edges.push((from, to));
    }
    Ok(Graph { sizes, edges })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(Graph { sizes, edges }) = graph(&mut u) else {
        return;
    };
    let layout = layout_graph(&sizes, &edges, &LayoutOptions::default());
    assert_sound(&layout, &sizes, &edges);
    if sizes.len() <= 40 {
        let again = layout_graph(&sizes, &edges, &LayoutOptions::default());
        assert_eq!(layout, again, "the same input gave another drawing");
    }
});

/// What the layout promises for any graph (as in the module's own tests).
fn assert_sound(layout: &Layout, sizes: &[Size], edges: &[(usize, usize)]) {
    let nodes = &layout.nodes;
    assert_eq!(nodes.len(), sizes.len());
    assert!(layout.width.is_finite() && layout.height.is_finite());
    for (i, (a, size)) in nodes.iter().zip(sizes).enumerate() {
        assert!(
            [a.x, a.y, a.width, a.height].iter().all(|v| v.is_finite()),
            "node {i} is not placed: {a:?}"
        );
        assert!(
            a.width == size.width && a.height == size.height,
            "node {i} changed size"
        );
        assert!(a.layer < layout.layers.max(1), "node {i} is in no layer");
        assert!(a.x >= 0.0 && a.y >= 0.0, "node {i} starts off the canvas");
        assert!(
            a.x + a.width <= layout.width + EPSILON && a.y + a.height <= layout.height + EPSILON,
            "node {i} ends off the canvas"
        );
        for (j, b) in nodes.iter().enumerate().skip(i + 1) {
            let apart = a.x + a.width <= b.x + EPSILON
                || b.x + b.width <= a.x + EPSILON
                || a.y + a.height <= b.y + EPSILON
                || b.y + b.height <= a.y + EPSILON;
            assert!(apart, "nodes {i} and {j} overlap: {a:?} {b:?}");
        }
    }
    for edge in &layout.edges {
        let (sx, sy) = edge.start;
        let (ex, ey) = edge.end();
        let points = edge.sample(8);
        assert!(
            points.iter().all(|(x, y)| x.is_finite() && y.is_finite()),
            "edge {}->{} has a non-finite point",
            edge.from,
            edge.to
        );
        assert!(
            ey > sy,
            "edge {}->{} does not point down",
            edge.from,
            edge.to
        );
        for pair in points.windows(2) {
            assert!(
                pair[1].1 >= pair[0].1 - EPSILON,
                "edge {}->{} turns upward",
                edge.from,
                edge.to
            );
        }
        // Only boxes that meet the edge's bounding box can hold one of its points.
        let (min_x, max_x) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(x, _)| {
                (lo.min(x), hi.max(x))
            });
        for (n, node) in nodes.iter().enumerate() {
            if node.y + node.height < sy
                || node.y > ey
                || node.x + node.width < min_x
                || node.x > max_x
            {
                continue;
            }
            for &p in &points {
                assert!(
                    !node.contains(p),
                    "edge {}->{} passes through node {n} at {p:?}",
                    edge.from,
                    edge.to
                );
            }
        }
        let (upper, lower) = if edge.reversed {
            (edge.to, edge.from)
        } else {
            (edge.from, edge.to)
        };
        let source = &nodes[upper];
        let target = &nodes[lower];
        assert!(
            (sy - (source.y + source.height)).abs() < EPSILON
                && sx >= source.x
                && sx <= source.x + source.width,
            "edge {}->{} does not leave its source's bottom",
            edge.from,
            edge.to
        );
        assert!(
            (ey - target.y).abs() < EPSILON && ex >= target.x && ex <= target.x + target.width,
            "edge {}->{} does not enter its target's top",
            edge.from,
            edge.to
        );
    }
    let drawn: HashSet<(usize, usize)> = layout.edges.iter().map(|e| (e.from, e.to)).collect();
    let count = nodes.len();
    let wanted: HashSet<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a != b && a < count && b < count)
        .collect();
    for &(a, b) in &wanted {
        assert!(drawn.contains(&(a, b)), "edge {a}->{b} is missing");
    }
    assert_eq!(
        layout.edges.len(),
        wanted.len(),
        "edges drawn that were not asked for, or twice"
    );
}
