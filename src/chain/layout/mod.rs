//! Layered drawing of a directed graph (the Sugiyama framework, as in Graphviz dot and dagre):
//! layering, crossing reduction, coordinate assignment and edge routing. Time flows down: a
//! node's causes sit in layers above it.
//!
//! 1. Cycles (none in a checked chain, but any graph may come here) are broken by reversing
//!    the back edges of a depth-first search; reversed edges are drawn pointing back up.
//! 2. Layers: longest path from the sources, then each source moves down to just above its
//!    nearest consequence, so a standing condition sits next to what it feeds, not at the top.
//! 3. Edges longer than one layer get a dummy vertex in every layer they cross.
//! 4. Order within layers: a depth-first initial order (crossing-free for trees), then
//!    alternating median sweeps and adjacent transpositions, keeping the best order seen.
//! 5. x: each layer is placed as close as possible to its neighbours' barycentres subject to
//!    the order and minimum gaps, solved exactly as an isotonic regression (pool adjacent
//!    violators); sweeps alternate down and up. y: layers stacked, nodes top-aligned.
//! 6. Edges leave a node's bottom and enter the next one's top at ports spread in the order of
//!    their other ends, run vertically through the layers they cross (in their dummy's slot),
//!    and curve only in the gaps between layers, so they never cross a node.
//!
//! Everything is deterministic: the same input gives the same drawing.

/// Width and height of a node's box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// Spacing of the drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// Horizontal gap between neighbouring boxes in a layer.
    pub node_gap: f64,
    /// Vertical gap between layers, where edges curve.
    pub layer_gap: f64,
    /// Width reserved in a layer for an edge passing through it.
    pub edge_slot: f64,
    /// Space around the drawing.
    pub margin: f64,
    /// Median/transpose sweeps at most.
    pub ordering_sweeps: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_gap: 20.0,
            layer_gap: 48.0,
            edge_slot: 10.0,
            margin: 12.0,
            ordering_sweeps: 24,
        }
    }
}

/// A node's box: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedNode {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub layer: usize,
}

impl PlacedNode {
    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }

    /// Whether the point lies strictly inside the box.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x && x < self.x + self.width && y > self.y && y < self.y + self.height
    }
}

/// One piece of an edge's path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    /// A straight line to the point.
    Line((f64, f64)),
    /// A cubic Bézier curve through two control points to the point.
    Curve((f64, f64), (f64, f64), (f64, f64)),
}

/// An edge's route, from its source's bottom to its target's top (or, for an edge reversed to
/// break a cycle, drawn the other way with `reversed` set).
#[derive(Debug, Clone, PartialEq)]
pub struct RoutedEdge {
    pub from: usize,
    pub to: usize,
    pub start: (f64, f64),
    pub segments: Vec<Segment>,
    pub reversed: bool,
}

impl RoutedEdge {
    /// The path as SVG path data.
    // Never inlined: the chain and the map of mechanisms share one copy in the wasm.
    #[inline(never)]
    pub fn svg_path(&self) -> String {
        let mut d = format!("M{},{}", Num(self.start.0), Num(self.start.1));
        for segment in &self.segments {
            match *segment {
                Segment::Line((x, y)) => d.push_str(&format!(" L{},{}", Num(x), Num(y))),
                Segment::Curve((x1, y1), (x2, y2), (x, y)) => d.push_str(&format!(
                    " C{},{} {},{} {},{}",
                    Num(x1),
                    Num(y1),
                    Num(x2),
                    Num(y2),
                    Num(x),
                    Num(y)
                )),
            }
        }
        d
    }

    /// Points along the path, `per_curve` on each curve, for checking where it goes.
    pub fn sample(&self, per_curve: usize) -> Vec<(f64, f64)> {
        let mut points = vec![self.start];
        let mut at = self.start;
        for segment in &self.segments {
            match *segment {
                Segment::Line(to) => {
                    for step in 1..=per_curve {
                        let t = step as f64 / per_curve as f64;
                        points.push((at.0 + (to.0 - at.0) * t, at.1 + (to.1 - at.1) * t));
                    }
                    at = to;
                }
                Segment::Curve(c1, c2, to) => {
                    for step in 1..=per_curve {
                        let t = step as f64 / per_curve as f64;
                        let u = 1.0 - t;
                        let x = u * u * u * at.0
                            + 3.0 * u * u * t * c1.0
                            + 3.0 * u * t * t * c2.0
                            + t * t * t * to.0;
                        let y = u * u * u * at.1
                            + 3.0 * u * u * t * c1.1
                            + 3.0 * u * t * t * c2.1
                            + t * t * t * to.1;
                        points.push((x, y));
                    }
                    at = to;
                }
            }
        }
        points
    }

    /// Where the path ends (the arrowhead).
    pub fn end(&self) -> (f64, f64) {
        match self.segments.last() {
            Some(Segment::Line(p)) | Some(Segment::Curve(_, _, p)) => *p,
            None => self.start,
        }
    }
}

/// A finished drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<RoutedEdge>,
    pub width: f64,
    pub height: f64,
    /// Edge crossings between adjacent layers in the final order.
    pub crossings: usize,
    /// Number of layers.
    pub layers: usize,
}

/// A vertex of the layered graph: a real node or a dummy on a long edge.
#[derive(Debug, Clone)]
struct Vertex {
    layer: usize,
    width: f64,
    height: f64,
    /// The real node, or `None` for a dummy.
    node: Option<usize>,
}

#[derive(Clone)]
struct Layered {
    vertices: Vec<Vertex>,
    /// Edges between adjacent layers, as (upper, lower) vertex ids.
    upper_of: Vec<Vec<usize>>,
    lower_of: Vec<Vec<usize>>,
    /// For each input edge (after de-duplication): its chain of vertices from top to bottom,
    /// and whether it was reversed.
    chains: Vec<(usize, usize, Vec<usize>, bool)>,
    layer_count: usize,
}

/// A coordinate written to one decimal ("12.5", "3", "-0.4") for SVG attributes and paths.
/// Written with integer formatting, which the wasm has anyway, not float formatting, which it
/// would carry for this alone; a tenth of a pixel is all a drawing needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.0;
        if !value.is_finite() {
            return f.write_str("0");
        }
        // Clamped so the cast cannot saturate; no drawing is a billion pixels wide.
        let tenths = (value.clamp(-1e9, 1e9) * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
        match tenth {
            0 if whole == 0 => f.write_str("0"),
            0 => write!(f, "{sign}{whole}"),
            _ => write!(f, "{sign}{whole}.{tenth}"),
        }
    }
}

/// Lays out a graph of `sizes.len()` nodes and the given edges (`from` → `to`, indices into
/// `sizes`). Self-loops, duplicate edges and out-of-range indices are ignored.
pub fn layout_graph(sizes: &[Size], edges: &[(usize, usize)], options: &LayoutOptions) -> Layout {
    let count = sizes.len();
    if count == 0 {
        return Layout {
            nodes: Vec::new(),
            edges: Vec::new(),
            width: 2.0 * options.margin,
            height: 2.0 * options.margin,
            crossings: 0,
            layers: 0,
        };
    }
    let edges = clean_edges(count, edges);
    let (acyclic, reversed) = break_cycles(count, &edges);
    let (layered, order, crossings) = best_ordering(sizes, &acyclic, &reversed, &edges, options);
    place(&layered, &order, crossings, options)
}

/// The layering and order of each layer with the fewest crossings found within the effort
/// the graph's size allows, and their crossings.
fn best_ordering(
    sizes: &[Size],
    acyclic: &[(usize, usize)],
    reversed: &[bool],
    edges: &[(usize, usize)],
    options: &LayoutOptions,
) -> (Layered, Vec<Vec<usize>>, usize) {
    let count = sizes.len();
    // Two layerings compete: sources pulled down beside what they feed, and sources nested
    // below the other causes of what they feed (which untangles a condition and an event
    // that both feed the same two steps). The one with fewer crossings wins; on a tie, the
    // shorter drawing.
    let plain = assign_layers(count, acyclic, &[]).unwrap_or_else(|| vec![0; count]);
    let nested = assign_layers(count, acyclic, &nesting_constraints(count, acyclic, &plain));
    let first = build_layered(sizes, &plain, acyclic, reversed, edges);
    // Effort shrinks as the graph grows, so a 200-node chain stays within milliseconds.
    let vertices = first.vertices.len();
    let mut attempts_left = match vertices {
        0..=80 => 16usize,
        81..=250 => 3,
        _ => 1,
    };
    let sweeps = if vertices > 250 {
        options.ordering_sweeps / 3
    } else {
        options.ordering_sweeps
    };
    let order = initial_order(&first, false);
    let mut best = (first, order, usize::MAX);
    let second = nested.map(|layers| build_layered(sizes, &layers, acyclic, reversed, edges));
    for layered in std::iter::once(best.0.clone()).chain(second) {
        for ranking in RANKINGS {
            // Depth-first orders taking children left to right and right to left.
            for mirrored in [false, true] {
                if attempts_left == 0 || best.2 == 0 {
                    return best;
                }
                attempts_left -= 1;
                let mut order = initial_order(&layered, mirrored);
                let crossings = sweep_orders(&layered, &mut order, sweeps, ranking);
                let better = crossings < best.2
                    || (crossings == best.2 && layered.layer_count < best.0.layer_count);
                if better {
                    best = (layered.clone(), order, crossings);
                }
            }
        }
    }
    best
}

/// The drawing of a layered, ordered graph: x and y of every box, and the edges routed.
fn place(
    layered: &Layered,
    order: &[Vec<usize>],
    crossings: usize,
    options: &LayoutOptions,
) -> Layout {
    let xs = assign_x(layered, order, options);
    let (tops, band_heights) = layer_geometry(layered, options);
    let count = layered.vertices.iter().filter(|v| v.node.is_some()).count();
    let mut nodes = vec![
        PlacedNode {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
            layer: 0,
        };
        count
    ];
    for (id, vertex) in layered.vertices.iter().enumerate() {
        if let Some(node) = vertex.node {
            nodes[node] = PlacedNode {
                x: xs[id] - vertex.width / 2.0,
                y: tops[vertex.layer],
                width: vertex.width,
                height: vertex.height,
                layer: vertex.layer,
            };
        }
    }
    let routed = route_edges(layered, &xs, &tops, &band_heights, &nodes);
    let width = layered
        .vertices
        .iter()
        .enumerate()
        .map(|(id, v)| xs[id] + v.width / 2.0)
        .fold(0.0, f64::max)
        + options.margin;
    let height = tops.last().copied().unwrap_or(0.0)
        + band_heights.last().copied().unwrap_or(0.0)
        + options.margin;
    Layout {
        nodes,
        edges: routed,
        width,
        height,
        crossings,
        layers: layered.layer_count,
    }
}

fn clean_edges(count: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut seen = std::collections::HashSet::new();
    edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < count && b < count && a != b && seen.insert((a, b)))
        .collect()
}

/// The edges with every back edge of a depth-first search reversed, and which were.
fn break_cycles(count: usize, edges: &[(usize, usize)]) -> (Vec<(usize, usize)>, Vec<bool>) {
    let mut successors: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    for (index, &(a, b)) in edges.iter().enumerate() {
        successors[a].push((b, index));
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; count];
    let mut reversed = vec![false; edges.len()];
    for root in 0..count {
        if marks[root] != Mark::New {
            continue;
        }
        marks[root] = Mark::Open;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(succ, edge)) = successors[node].get(*next) {
                *next += 1;
                match marks[succ] {
                    Mark::New => {
                        marks[succ] = Mark::Open;
                        stack.push((succ, 0));
                    }
                    Mark::Open => reversed[edge] = true,
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    let acyclic = edges
        .iter()
        .zip(&reversed)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    (acyclic, reversed)
}

/// For every source: "the other causes of its earliest consequences come first", so the
/// source is drawn nested just below them, beside what it feeds.
fn nesting_constraints(
    count: usize,
    edges: &[(usize, usize)],
    layers: &[usize],
) -> Vec<(usize, usize)> {
    let mut causes: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut consequences: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(a, b) in edges {
        causes[b].push(a);
        consequences[a].push(b);
    }
    let is_source: Vec<bool> = causes.iter().map(Vec::is_empty).collect();
    let mut constraints = Vec::new();
    for source in (0..count).filter(|&v| is_source[v]) {
        let Some(earliest) = consequences[source].iter().map(|&c| layers[c]).min() else {
            continue;
        };
        for &consequence in consequences[source]
            .iter()
            .filter(|&&c| layers[c] == earliest)
        {
            for &other in &causes[consequence] {
                if other != source && !is_source[other] {
                    constraints.push((other, source));
                }
            }
        }
    }
    crate::order::sort_by(&mut constraints, |a, b| a.cmp(b));
    constraints.dedup();
    constraints
}

/// Longest-path layers over the edges and extra "comes before" constraints, then sources
/// pulled down next to their nearest consequence, empty layers removed. `None` if the
/// constraints make a cycle.
fn assign_layers(
    count: usize,
    edges: &[(usize, usize)],
    constraints: &[(usize, usize)],
) -> Option<Vec<usize>> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for &(a, b) in edges.iter().chain(constraints) {
        successors[a].push(b);
        indegree[b] += 1;
    }
    let sources: Vec<bool> = indegree.iter().map(|&d| d == 0).collect();
    let mut ready: std::collections::VecDeque<usize> =
        (0..count).filter(|&v| indegree[v] == 0).collect();
    let mut layer = vec![0usize; count];
    let mut topological = Vec::with_capacity(count);
    while let Some(v) = ready.pop_front() {
        topological.push(v);
        for &s in &successors[v] {
            layer[s] = layer[s].max(layer[v] + 1);
            indegree[s] -= 1;
            if indegree[s] == 0 {
                ready.push_back(s);
            }
        }
    }
    if topological.len() < count {
        return None;
    }
    for v in topological.iter().rev() {
        if sources[*v]
            && let Some(nearest) = successors[*v].iter().map(|&s| layer[s]).min()
        {
            layer[*v] = nearest.saturating_sub(1).max(layer[*v]);
        }
    }
    let mut used: Vec<usize> = layer.clone();
    crate::order::sort_usizes(&mut used);
    used.dedup();
    Some(
        layer
            .iter()
            .map(|l| used.binary_search(l).unwrap_or(0))
            .collect(),
    )
}

fn build_layered(
    sizes: &[Size],
    layers: &[usize],
    acyclic: &[(usize, usize)],
    reversed: &[bool],
    original: &[(usize, usize)],
) -> Layered {
    let mut vertices: Vec<Vertex> = sizes
        .iter()
        .zip(layers)
        .enumerate()
        .map(|(node, (size, &layer))| Vertex {
            layer,
            width: size.width.max(1.0),
            height: size.height.max(1.0),
            node: Some(node),
        })
        .collect();
    let mut upper_of: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut lower_of: Vec<Vec<usize>> = vec![Vec::new(); vertices.len()];
    let mut chains = Vec::with_capacity(acyclic.len());
    for (index, &(a, b)) in acyclic.iter().enumerate() {
        let mut chain = vec![a];
        let mut previous = a;
        for layer in layers[a] + 1..layers[b] {
            let dummy = vertices.len();
            vertices.push(Vertex {
                layer,
                width: 0.0,
                height: 0.0,
                node: None,
            });
            upper_of.push(Vec::new());
            lower_of.push(Vec::new());
            lower_of[previous].push(dummy);
            upper_of[dummy].push(previous);
            chain.push(dummy);
            previous = dummy;
        }
        lower_of[previous].push(b);
        upper_of[b].push(previous);
        chain.push(b);
        let (from, to) = original[index];
        chains.push((from, to, chain, reversed[index]));
    }
    let layer_count = layers.iter().max().map_or(0, |l| l + 1);
    Layered {
        vertices,
        upper_of,
        lower_of,
        chains,
        layer_count,
    }
}

/// Vertex ids per layer, left to right: depth-first from the sources in input order (or, when
/// `mirrored`, in reverse), so that a tree comes out without crossings.
fn initial_order(layered: &Layered, mirrored: bool) -> Vec<Vec<usize>> {
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layered.layer_count];
    let mut placed = vec![false; layered.vertices.len()];
    let mut roots: Vec<usize> = (0..layered.vertices.len())
        .filter(|&v| layered.upper_of[v].is_empty())
        .collect();
    if mirrored {
        roots.reverse();
    }
    for root in roots.into_iter().chain(0..layered.vertices.len()) {
        if placed[root] {
            continue;
        }
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut placed[v], true) {
                continue;
            }
            order[layered.vertices[v].layer].push(v);
            let children = layered.lower_of[v].iter();
            let children: Vec<usize> = if mirrored {
                children.copied().collect()
            } else {
                children.rev().copied().collect()
            };
            stack.extend(children.into_iter().filter(|&w| !placed[w]));
        }
    }
    order
}

/// Positions of vertices within their layers.
fn positions(layered: &Layered, order: &[Vec<usize>]) -> Vec<usize> {
    let mut position = vec![0; layered.vertices.len()];
    for layer in order {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    position
}

/// Crossings between one layer and the next: the inversions among the lower ends of the
/// edges sorted by their upper ends, counted with a Fenwick tree.
fn crossings_between(
    layered: &Layered,
    upper: &[usize],
    position: &[usize],
    lower_len: usize,
) -> usize {
    // Each edge as one number that sorts as the pair (upper end, lower end) would: a sort of
    // plain integers shares the wasm's one copy of that sort (see `crate::order`).
    let mut ends: Vec<usize> = Vec::new();
    for &u in upper {
        for &l in &layered.lower_of[u] {
            ends.push(position[u] * lower_len + position[l]);
        }
    }
    crate::order::sort_usizes(&mut ends);
    let mut tree = vec![0usize; lower_len + 1];
    let mut crossings = 0;
    for (seen, lower) in ends.iter().map(|end| end % lower_len).enumerate() {
        // Edges already seen whose lower end is right of this one cross it.
        let mut at = lower + 1;
        let mut not_greater = 0;
        while at > 0 {
            not_greater += tree[at];
            at &= at - 1;
        }
        crossings += seen - not_greater;
        let mut at = lower + 1;
        while at <= lower_len {
            tree[at] += 1;
            at += at & at.wrapping_neg();
        }
    }
    crossings
}

fn total_crossings(layered: &Layered, order: &[Vec<usize>]) -> usize {
    let position = positions(layered, order);
    order
        .windows(2)
        .map(|pair| crossings_between(layered, &pair[0], &position, pair[1].len()))
        .sum()
}

/// How a sweep ranks a vertex by its neighbours in the adjacent layer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ranking {
    Median,
    Barycentre,
    /// With an even number of neighbours, the left or the right one of the middle two: breaks
    /// the ties that leave a plain median stuck.
    LeftMedian,
    RightMedian,
}

const RANKINGS: [Ranking; 4] = [
    Ranking::Median,
    Ranking::RightMedian,
    Ranking::Barycentre,
    Ranking::LeftMedian,
];

/// Alternating sweeps with one ranking; leaves the best order seen and returns its crossings.
fn sweep_orders(
    layered: &Layered,
    order: &mut Vec<Vec<usize>>,
    sweeps: usize,
    ranking: Ranking,
) -> usize {
    let mut best = order.clone();
    let mut best_crossings = total_crossings(layered, order);
    for sweep in 0..sweeps {
        if best_crossings == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let layer_ids: Vec<usize> = if downward {
            (1..order.len()).collect()
        } else {
            (0..order.len().saturating_sub(1)).rev().collect()
        };
        for layer in layer_ids {
            let position = positions(layered, order);
            let neighbours = |v: usize| {
                if downward {
                    &layered.upper_of[v]
                } else {
                    &layered.lower_of[v]
                }
            };
            let mut keyed: Vec<(f64, usize, usize)> = order[layer]
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let mut adjacent: Vec<usize> =
                        neighbours(v).iter().map(|&n| position[n]).collect();
                    crate::order::sort_usizes(&mut adjacent);
                    let key = match (adjacent.len(), ranking) {
                        (0, _) => i as f64,
                        (n, Ranking::Barycentre) => {
                            adjacent.iter().sum::<usize>() as f64 / n as f64
                        }
                        (n, _) if n % 2 == 1 => adjacent[n / 2] as f64,
                        (n, Ranking::Median) => {
                            (adjacent[n / 2 - 1] + adjacent[n / 2]) as f64 / 2.0
                        }
                        (n, Ranking::LeftMedian) => adjacent[n / 2 - 1] as f64,
                        (n, Ranking::RightMedian) => adjacent[n / 2] as f64,
                    };
                    (key, i, v)
                })
                .collect();
            crate::order::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[layer] = keyed.into_iter().map(|(_, _, v)| v).collect();
        }
        transpose(layered, order);
        let crossings = total_crossings(layered, order);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = order.clone();
        }
    }
    *order = best;
    best_crossings
}

/// Swaps neighbours within a layer while that removes crossings.
fn transpose(layered: &Layered, order: &mut [Vec<usize>]) {
    let mut position = positions(layered, order);
    // Crossings between the edges of `a` and `b` (a left of b) towards one adjacent layer.
    fn pair_crossings(ends_a: &[usize], ends_b: &[usize], position: &[usize]) -> usize {
        let mut count = 0;
        for &x in ends_a {
            for &y in ends_b {
                if position[x] > position[y] {
                    count += 1;
                }
            }
        }
        count
    }
    for _ in 0..8 {
        let mut improved = false;
        for layer in order.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (a, b) = (layer[i], layer[i + 1]);
                let (upper, lower) = (&layered.upper_of, &layered.lower_of);
                let now = pair_crossings(&upper[a], &upper[b], &position)
                    + pair_crossings(&lower[a], &lower[b], &position);
                let swapped = pair_crossings(&upper[b], &upper[a], &position)
                    + pair_crossings(&lower[b], &lower[a], &position);
                if swapped < now {
                    layer.swap(i, i + 1);
                    position[a] = i + 1;
                    position[b] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Centre x of every vertex.
fn assign_x(layered: &Layered, order: &[Vec<usize>], options: &LayoutOptions) -> Vec<f64> {
    let width = |v: usize| {
        let w = layered.vertices[v].width;
        if layered.vertices[v].node.is_none() {
            options.edge_slot
        } else {
            w
        }
    };
    let mut x = vec![0.0; layered.vertices.len()];
    for layer in order {
        let mut at = options.margin;
        for &v in layer {
            x[v] = at + width(v) / 2.0;
            at += width(v) + options.node_gap;
        }
    }
    // Edges through dummies pull harder, so long edges run straight.
    let weight = |v: usize| {
        if layered.vertices[v].node.is_none() {
            4.0
        } else {
            1.0
        }
    };
    for sweep in 0..8 {
        let (layer_ids, use_upper, use_lower): (Vec<usize>, bool, bool) = match sweep % 3 {
            0 => ((1..order.len()).collect(), true, false),
            1 => ((0..order.len()).rev().collect(), false, true),
            _ => ((0..order.len()).collect(), true, true),
        };
        for layer in layer_ids {
            let desired: Vec<(f64, f64)> = order[layer]
                .iter()
                .map(|&v| {
                    let mut total = 0.0;
                    let mut weights = 0.0;
                    let mut add = |n: usize| {
                        let w = weight(v) * weight(n);
                        total += x[n] * w;
                        weights += w;
                    };
                    if use_upper {
                        layered.upper_of[v].iter().for_each(|&n| add(n));
                    }
                    if use_lower {
                        layered.lower_of[v].iter().for_each(|&n| add(n));
                    }
                    if weights > 0.0 {
                        (total / weights, weights)
                    } else {
                        (x[v], 0.5)
                    }
                })
                .collect();
            let gaps: Vec<f64> = order[layer]
                .windows(2)
                .map(|pair| (width(pair[0]) + width(pair[1])) / 2.0 + options.node_gap)
                .collect();
            let placed = place_in_order(&desired, &gaps);
            for (&v, value) in order[layer].iter().zip(placed) {
                x[v] = value;
            }
        }
    }
    // Shift everything so the leftmost box starts at the margin.
    let left = (0..layered.vertices.len())
        .map(|v| x[v] - width(v) / 2.0)
        .fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        for value in &mut x {
            *value += options.margin - left;
        }
    }
    x
}

/// Positions as close to `desired` (value, weight) as possible in the least-squares sense,
/// keeping order with at least `gaps[i]` between neighbours i and i+1: an isotonic regression
/// on the positions less their cumulative gaps, solved by pooling adjacent violators.
fn place_in_order(desired: &[(f64, f64)], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(desired.len());
    let mut total = 0.0;
    for i in 0..desired.len() {
        offset.push(total);
        if let Some(gap) = gaps.get(i) {
            total += gap;
        }
    }
    // Blocks of (weighted mean, weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(desired.len());
    for (i, &(value, weight)) in desired.iter().enumerate() {
        blocks.push((value - offset[i], weight, 1));
        while blocks.len() > 1 {
            let last = blocks[blocks.len() - 1];
            let before = blocks[blocks.len() - 2];
            if before.0 <= last.0 {
                break;
            }
            let weight = before.1 + last.1;
            let mean = (before.0 * before.1 + last.0 * last.1) / weight;
            blocks.pop();
            let top = blocks.len() - 1;
            blocks[top] = (mean, weight, before.2 + last.2);
        }
    }
    let mut result = Vec::with_capacity(desired.len());
    for (mean, _, count) in blocks {
        for _ in 0..count {
            let i = result.len();
            result.push(mean + offset[i]);
        }
    }
    result
}

/// Top of each layer and the height of its band (its tallest box).
fn layer_geometry(layered: &Layered, options: &LayoutOptions) -> (Vec<f64>, Vec<f64>) {
    let mut band = vec![0.0f64; layered.layer_count];
    for vertex in &layered.vertices {
        band[vertex.layer] = band[vertex.layer].max(vertex.height);
    }
    let mut tops = Vec::with_capacity(band.len());
    let mut at = options.margin;
    for height in &band {
        tops.push(at);
        at += height + options.layer_gap;
    }
    (tops, band)
}

/// How far apart the arrows at one side of a box end or start, where it has the room: more
/// than an arrowhead is wide (7 stroke widths of 1.6 px), so heads side by side stay apart.
pub const PORT_SPACING: f64 = 16.0;

/// How far from each end of a box's side its ports stay: clear of the widest rounded corner
/// (a radius of 16), and within the middle half of a box narrower than 64.
pub fn port_inset(box_width: f64) -> f64 {
    16.0f64.min(box_width / 4.0)
}

fn route_edges(
    layered: &Layered,
    xs: &[f64],
    tops: &[f64],
    bands: &[f64],
    nodes: &[PlacedNode],
) -> Vec<RoutedEdge> {
    // Ports: a node's outgoing edges leave its bottom in the order of where they go next, and
    // incoming edges arrive at its top in the order of where they come from, each at its own
    // point: `PORT_SPACING` apart where the box is wide enough, closer (but never together)
    // where it is not, and off its rounded corners.
    let port = |node: &PlacedNode, rank: usize, of: usize| {
        if of <= 1 {
            return node.center_x();
        }
        let room = node.width - 2.0 * port_inset(node.width);
        let spread = room.min(PORT_SPACING * (of - 1) as f64);
        node.center_x() - spread / 2.0 + spread * rank as f64 / (of - 1) as f64
    };
    // The rank of `neighbour` among `neighbours`, left to right, and how many there are. Two
    // edges between the same pair of vertices (the two ways of a two-step cycle) share a
    // neighbour: `earlier`, the number of edges before this one between them, sets them apart.
    let rank_among = |neighbour: usize, neighbours: &[usize], earlier: usize| {
        let mut sorted: Vec<usize> = neighbours.to_vec();
        crate::order::sort_by(&mut sorted, |&a, &b| {
            xs[a].total_cmp(&xs[b]).then(a.cmp(&b))
        });
        (
            sorted.iter().position(|&n| n == neighbour).unwrap_or(0) + earlier,
            sorted.len(),
        )
    };
    layered
        .chains
        .iter()
        .enumerate()
        .map(|(index, (from, to, chain, reversed))| {
            let top = chain[0];
            let bottom = chain[chain.len() - 1];
            let top_node = &nodes[layered.vertices[top].node.unwrap_or(0)];
            let bottom_node = &nodes[layered.vertices[bottom].node.unwrap_or(0)];
            // Only a direct edge can share both ends' vertices with another.
            let earlier = layered.chains[..index]
                .iter()
                .filter(|other| other.2 == *chain)
                .count();
            let (out_rank, out_of) = rank_among(chain[1], &layered.lower_of[top], earlier);
            let (in_rank, in_of) =
                rank_among(chain[chain.len() - 2], &layered.upper_of[bottom], earlier);
            let mut points: Vec<(f64, f64)> = Vec::with_capacity(chain.len() + 1);
            let start_x = port(top_node, out_rank, out_of);
            points.push((start_x, top_node.y + top_node.height));
            for &dummy in &chain[1..chain.len() - 1] {
                points.push((xs[dummy], tops[layered.vertices[dummy].layer]));
            }
            points.push((port(bottom_node, in_rank, in_of), bottom_node.y));

            let start = points[0];
            let mut segments = Vec::new();
            let mut at = start;
            let top_layer = layered.vertices[top].layer;
            // Down to the bottom of the source's band, then curve across each gap and run
            // straight through each band a dummy holds.
            let band_bottom = tops[top_layer] + bands[top_layer];
            if band_bottom > at.1 {
                at = (at.0, band_bottom);
                segments.push(Segment::Line(at));
            }
            for (step, &(x, y)) in points.iter().enumerate().skip(1) {
                let middle = (at.1 + y) / 2.0;
                segments.push(Segment::Curve((at.0, middle), (x, middle), (x, y)));
                at = (x, y);
                let is_dummy = step < points.len() - 1;
                if is_dummy {
                    let layer = layered.vertices[chain[step]].layer;
                    at = (x, tops[layer] + bands[layer]);
                    segments.push(Segment::Line(at));
                }
            }
            RoutedEdge {
                from: *from,
                to: *to,
                start,
                segments,
                reversed: *reversed,
            }
        })
        .collect()
}

#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

#[cfg(test)]
mod tests {
    use super::testkit::broken_promise;
    use super::*;
    use crate::random::{XorShift, random_dag};

    #[test]
    fn numbers_are_written_to_a_tenth_without_float_formatting() {
        let shown = |x: f64| Num(x).to_string();
        assert_eq!(shown(12.0), "12");
        assert_eq!(shown(12.34), "12.3");
        assert_eq!(shown(12.36), "12.4");
        assert_eq!(shown(0.04), "0");
        assert_eq!(shown(-0.4), "-0.4");
        assert_eq!(shown(-3.0), "-3");
        assert_eq!(shown(f64::NAN), "0");
        assert_eq!(shown(f64::INFINITY), "0");
        for x in [0.0, 1.5, 99.9, 123.45, -7.25, 1e6 + 0.3] {
            assert_eq!(
                shown(x).parse::<f64>().map(|v| (v - x).abs() <= 0.05),
                Ok(true),
                "{x}"
            );
        }
    }

    fn boxes(count: usize) -> Vec<Size> {
        (0..count)
            .map(|i| Size {
                width: 60.0 + (i % 3) as f64 * 25.0,
                height: 30.0 + (i % 2) as f64 * 14.0,
            })
            .collect()
    }

    /// Every property the drawing promises, for any graph.
    fn assert_sound(layout: &Layout, sizes: &[Size], edges: &[(usize, usize)]) {
        assert_eq!(broken_promise(layout, sizes, edges), None);
    }

    #[test]
    fn a_broken_drawing_is_caught() {
        let edges = [(0, 1), (1, 2)];
        let mut layout = layout_graph(&boxes(3), &edges, &LayoutOptions::default());
        assert_eq!(broken_promise(&layout, &boxes(3), &edges), None);
        let (x, y) = (layout.nodes[0].x, layout.nodes[0].y);
        layout.nodes[2].x = x;
        layout.nodes[2].y = y;
        let broken = broken_promise(&layout, &boxes(3), &edges).unwrap_or_default();
        assert!(broken.contains("overlap"), "{broken}");
        assert!(broken_promise(&layout, &boxes(3), &[(0, 1), (1, 2), (2, 0)]).is_some());
    }

    fn check(count: usize, edges: &[(usize, usize)]) -> Layout {
        let layout = layout_graph(&boxes(count), edges, &LayoutOptions::default());
        assert_sound(&layout, &boxes(count), edges);
        layout
    }

    #[test]
    fn a_chain_is_a_straight_column() {
        let layout = check(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        assert_eq!(layout.crossings, 0);
        assert_eq!(layout.layers, 5);
        let centre = layout.nodes[0].center_x();
        for node in &layout.nodes {
            assert!((node.center_x() - centre).abs() < 1e-6);
        }
        for pair in layout.nodes.windows(2) {
            assert!(pair[1].y > pair[0].y, "time flows down");
        }
    }

    #[test]
    fn trees_and_diamonds_have_no_crossings() {
        let tree = [
            (0, 1),
            (0, 2),
            (1, 3),
            (1, 4),
            (2, 5),
            (2, 6),
            (6, 7),
            (3, 8),
        ];
        assert_eq!(check(9, &tree).crossings, 0);
        let diamond = [(0, 1), (0, 2), (1, 3), (2, 3)];
        assert_eq!(check(4, &diamond).crossings, 0);
        let double_diamond = [
            (0, 1),
            (0, 2),
            (1, 3),
            (2, 3),
            (3, 4),
            (3, 5),
            (4, 6),
            (5, 6),
        ];
        assert_eq!(check(7, &double_diamond).crossings, 0);
        // A tree given in an order that a naive layout would cross.
        let shuffled = [(0, 3), (0, 1), (3, 4), (1, 2), (3, 5), (1, 6)];
        assert_eq!(check(7, &shuffled).crossings, 0);
    }

    #[test]
    fn a_condition_sits_next_to_what_it_feeds() {
        // 0 -> 1 -> 2 -> 3, and a source 4 feeding only 3.
        let layout = check(5, &[(0, 1), (1, 2), (2, 3), (4, 3)]);
        assert_eq!(layout.nodes[4].layer, layout.nodes[3].layer - 1);
        assert_eq!(layout.crossings, 0);
    }

    #[test]
    fn a_condition_and_an_event_feeding_the_same_two_steps_do_not_cross() {
        // 0 -> 1 -> 2; 2 -> 3, 2 -> 4; and a condition 5 -> 3, 5 -> 4 (the Cloudflare shape).
        let layout = check(6, &[(0, 1), (1, 2), (2, 3), (2, 4), (5, 3), (5, 4)]);
        assert_eq!(layout.crossings, 0);
        assert!(layout.nodes[5].layer > layout.nodes[2].layer);
    }

    #[test]
    fn long_edges_get_through_without_touching_nodes() {
        check(
            6,
            &[
                (0, 1),
                (1, 2),
                (2, 3),
                (3, 4),
                (0, 4),
                (0, 5),
                (5, 4),
                (1, 3),
            ],
        );
    }

    #[test]
    fn cycles_are_drawn_with_the_back_edge_reversed() {
        let layout = check(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(layout.edges.iter().filter(|e| e.reversed).count(), 1);
    }

    #[test]
    fn odd_input_is_tolerated() {
        assert!(
            layout_graph(&[], &[], &LayoutOptions::default())
                .nodes
                .is_empty()
        );
        let layout = check(3, &[(0, 0), (0, 1), (0, 1), (7, 1)]);
        assert_eq!(layout.edges.len(), 1);
        check(4, &[]);
    }

    #[test]
    fn the_same_input_gives_the_same_drawing() {
        let edges = [(0, 1), (0, 2), (1, 3), (2, 3), (4, 2), (3, 5)];
        let a = layout_graph(&boxes(6), &edges, &LayoutOptions::default());
        let b = layout_graph(&boxes(6), &edges, &LayoutOptions::default());
        assert_eq!(a, b);
    }

    #[test]
    fn pooling_keeps_order_gaps_and_closeness() {
        let placed = place_in_order(&[(10.0, 1.0), (10.0, 1.0), (10.0, 1.0)], &[10.0, 10.0]);
        assert_eq!(placed, [0.0, 10.0, 20.0]);
        let placed = place_in_order(&[(0.0, 1.0), (100.0, 1.0)], &[10.0]);
        assert_eq!(placed, [0.0, 100.0]);
    }

    #[test]
    fn counts_crossings_exactly() {
        // Two layers, edges 0->3 and 1->2 with order [0,1] / [2,3]: they cross once.
        let sizes = boxes(4);
        let layered = build_layered(
            &sizes,
            &[0, 0, 1, 1],
            &[(0, 3), (1, 2)],
            &[false, false],
            &[(0, 3), (1, 2)],
        );
        assert_eq!(total_crossings(&layered, &[vec![0, 1], vec![2, 3]]), 1);
        assert_eq!(total_crossings(&layered, &[vec![0, 1], vec![3, 2]]), 0);
    }

    #[test]
    fn random_dags_up_to_200_nodes_are_drawn_soundly() {
        for seed in 0..40u64 {
            let count = [2, 5, 10, 25, 50, 100, 200][(seed % 7) as usize];
            let density = [0.8, 1.2, 1.6][(seed % 3) as usize];
            let edges = random_dag(seed, count, density);
            let layout = check(count, &edges);
            assert!(
                layout.edges.iter().all(|e| !e.reversed),
                "a DAG needs no reversal"
            );
        }
    }

    #[test]
    fn random_graphs_with_cycles_are_drawn_soundly() {
        for seed in 0..20u64 {
            let mut rng = XorShift::new(seed + 7);
            let count = 3 + rng.below(40) as usize;
            let edges: Vec<(usize, usize)> = (0..count * 2)
                .map(|_| {
                    (
                        rng.below(count as u64) as usize,
                        rng.below(count as u64) as usize,
                    )
                })
                .collect();
            check(count, &edges);
        }
    }
}
