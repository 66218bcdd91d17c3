//! The layered layout on arbitrary graphs: up to 200 nodes of sane sizes and up to 600 edges,
//! with cycles, self-loops, duplicates and out-of-range ends (all of which `layout_graph`
//! accepts), checked against what the layout promises.
#![no_main]

use arbitrary::{Result, Unstructured};
use incident_atlas::chain::layout::testkit::broken_promise;
use incident_atlas::chain::layout::{LayoutOptions, Size, layout_graph};
use libfuzzer_sys::fuzz_target;

const MAX_NODES: usize = 200;
const MAX_EDGES: usize = 600;

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
    if let Some(broken) = broken_promise(&layout, &sizes, &edges) {
        panic!("{broken}");
    }
    if sizes.len() <= 40 {
        let again = layout_graph(&sizes, &edges, &LayoutOptions::default());
        assert_eq!(layout, again, "the same input gave another drawing");
    }
});
