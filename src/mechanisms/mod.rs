//! Reading the causal chains across incidents: which steps of a chain name a mechanism and which
//! of them lead to which ([`tagged_steps`]), whether one mechanism led to another in an incident
//! ([`leads_to`]) and the steps on that path ([`path_between`]); over all incidents, the map of
//! what leads to what and each mechanism's profile ([`map`]), and the map drawn ([`drawing`]).
//!
//! Everything here reads only an incident's tagged steps (the index's `steps`), except
//! [`tagged_steps`] and [`path_between`], which read a whole chain, so the home page and the
//! mechanism pages never need the full entries.

pub mod drawing;
pub mod map;

use crate::catalogue::{CausalChain, Slug};

/// A step of a causal chain that names a mechanism.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaggedStep {
    /// The chain node's id (its element is `node-<id>` on the incident's page).
    pub node: Slug,
    pub mechanism: Slug,
    /// The node's label.
    pub label: String,
    /// Indices into the incident's tagged steps of those this one leads to: directly, or
    /// through steps that name no mechanism.
    pub leads_to: Vec<usize>,
}

/// The steps of `chain` that name a mechanism, in the chain's order, each with the tagged steps
/// it leads to directly or through steps that name none (the nearest ones on every path).
pub fn tagged_steps(chain: &CausalChain) -> Vec<TaggedStep> {
    let graph = ChainGraph::new(chain);
    let step_of: Vec<Option<usize>> = chain
        .nodes
        .iter()
        .scan(0, |next, node| {
            Some(node.mechanism.as_ref().map(|_| {
                *next += 1;
                *next - 1
            }))
        })
        .collect();
    chain
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(at, node)| {
            let mechanism = node.mechanism.clone()?;
            // Walk forward, stopping at each tagged step reached: those are the nearest.
            let mut seen = vec![false; chain.nodes.len()];
            let mut stack = graph.next[at].clone();
            while let Some(n) = stack.pop() {
                if !std::mem::replace(&mut seen[n], true) && step_of[n].is_none() {
                    stack.extend(&graph.next[n]);
                }
            }
            // In the order of the steps (a vector, not a set: the app carries no set of these).
            let leads_to = (0..chain.nodes.len())
                .filter(|&n| seen[n])
                .filter_map(|n| step_of[n])
                .collect();
            Some(TaggedStep {
                node: node.id.clone(),
                mechanism,
                label: node.label.clone(),
                leads_to,
            })
        })
        .collect()
}

/// The index's fields for an incident with this chain (see
/// [`crate::catalogue::IncidentSummary`]): the mechanisms it names, each once in the chain's
/// order, and every `a>b` where a step naming `a` leads, directly or not, to one naming `b`,
/// separated by spaces. Read from the chain itself, not through [`tagged_steps`], which the
/// app never needs.
pub fn index_fields(chain: &CausalChain) -> (String, String) {
    let graph = ChainGraph::new(chain);
    let mut named: Vec<&str> = Vec::new();
    let mut pairs: Vec<String> = Vec::new();
    for (at, node) in chain.nodes.iter().enumerate() {
        let Some(from) = &node.mechanism else {
            continue;
        };
        if !named.contains(&from.as_str()) {
            named.push(from.as_str());
        }
        let reached = graph.reach(&[at], &graph.next);
        for (n, next) in chain.nodes.iter().enumerate() {
            if let (true, Some(to)) = (reached[n], &next.mechanism) {
                let pair = format!("{from}>{to}");
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
    }
    (named.join(" "), pairs.join(" "))
}

/// Whether, among an incident's tagged steps, a step naming `from` leads (directly or not) to a
/// step naming `to`. The two may be the same mechanism, at two different steps.
pub fn leads_to(steps: &[TaggedStep], from: &str, to: &str) -> bool {
    let starts = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.mechanism.as_str() == from)
        .map(|(i, _)| i);
    let mut seen = vec![false; steps.len()];
    let mut stack: Vec<usize> = starts
        .flat_map(|i| steps[i].leads_to.iter().copied())
        .collect();
    while let Some(i) = stack.pop() {
        let Some(step) = steps.get(i) else { continue };
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        if step.mechanism.as_str() == to {
            return true;
        }
        stack.extend(&step.leads_to);
    }
    false
}

/// The nodes and edges of `chain` on some path from a step naming `from` to a later step
/// naming `to`: indices into `chain.nodes` and `chain.edges`, in order. Empty when there is
/// none.
pub fn path_between(chain: &CausalChain, from: &str, to: &str) -> (Vec<usize>, Vec<usize>) {
    let graph = ChainGraph::new(chain);
    let names = |n: usize, mechanism: &str| {
        chain.nodes[n]
            .mechanism
            .as_ref()
            .is_some_and(|m| m.as_str() == mechanism)
    };
    let count = chain.nodes.len();
    let starts: Vec<usize> = (0..count).filter(|&n| names(n, from)).collect();
    let ends: Vec<usize> = (0..count).filter(|&n| names(n, to)).collect();
    // Reached from a start in one step or more, and reaching an end in one step or more.
    let after_start = graph.reach(&starts, &graph.next);
    let before_end = graph.reach(&ends, &graph.previous);
    let from_start = |n: usize| after_start[n] || starts.contains(&n);
    let to_end = |n: usize| before_end[n] || ends.contains(&n);
    let edges: Vec<usize> = (0..graph.edges.len())
        .filter(|&e| {
            let (a, b) = graph.edges[e];
            a < count && from_start(a) && to_end(b)
        })
        .collect();
    let nodes = (0..count)
        .filter(|&n| {
            edges
                .iter()
                .any(|&e| graph.edges[e].0 == n || graph.edges[e].1 == n)
        })
        .collect();
    (nodes, edges)
}

/// A chain's edges as node indices, with each node's successors and predecessors. Edges that
/// name an unknown node are left out (a checked chain has none).
struct ChainGraph {
    /// Parallel to `chain.edges`; an unknown node's edge is `(usize::MAX, usize::MAX)`.
    edges: Vec<(usize, usize)>,
    next: Vec<Vec<usize>>,
    previous: Vec<Vec<usize>>,
}

impl ChainGraph {
    fn new(chain: &CausalChain) -> ChainGraph {
        let count = chain.nodes.len();
        let index_of = |id: &str| chain.nodes.iter().position(|n| n.id.as_str() == id);
        let mut graph = ChainGraph {
            edges: Vec::with_capacity(chain.edges.len()),
            next: vec![Vec::new(); count],
            previous: vec![Vec::new(); count],
        };
        for edge in &chain.edges {
            match (index_of(edge.from.as_str()), index_of(edge.to.as_str())) {
                (Some(a), Some(b)) => {
                    graph.edges.push((a, b));
                    graph.next[a].push(b);
                    graph.previous[b].push(a);
                }
                _ => graph.edges.push((usize::MAX, usize::MAX)),
            }
        }
        graph
    }

    /// The nodes reached from `starts` in one step or more along `links`.
    fn reach(&self, starts: &[usize], links: &[Vec<usize>]) -> Vec<bool> {
        let mut reached = vec![false; links.len()];
        let mut stack: Vec<usize> = starts.iter().flat_map(|&s| links[s].clone()).collect();
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut reached[n], true) {
                stack.extend(&links[n]);
            }
        }
        reached
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalogue::{ChainEdge, ChainNode, NodeKind, Slug};

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("a slug")
    }

    /// A chain from `(id, mechanism)` nodes and `from>to` edges.
    pub(crate) fn chain(nodes: &[(&str, Option<&str>)], edges: &[&str]) -> CausalChain {
        CausalChain {
            nodes: nodes
                .iter()
                .map(|(id, mechanism)| ChainNode {
                    id: slug(id),
                    kind: NodeKind::Event,
                    label: format!("Step {id}"),
                    detail: None,
                    mechanism: mechanism.map(slug),
                })
                .collect(),
            edges: edges
                .iter()
                .map(|e| {
                    let (from, to) = e.split_once('>').expect("from>to");
                    ChainEdge {
                        from: slug(from),
                        to: slug(to),
                    }
                })
                .collect(),
        }
    }

    /// A random chain of 2 to `most` nodes, its edges running forward (so it is acyclic),
    /// each node naming one of `mechanisms` or, one time in `mechanisms.len() + untagged`
    /// chances each of `untagged`, none.
    pub(crate) fn random_chain(
        random: &mut crate::random::XorShift,
        mechanisms: &[&str],
        most: u64,
        untagged: u64,
    ) -> CausalChain {
        let count = 2 + random.below(most - 1) as usize;
        let choices = mechanisms.len() as u64 + untagged;
        let nodes: Vec<(String, Option<&str>)> = (0..count)
            .map(|i| {
                let pick = random.below(choices) as usize;
                (format!("n{i}"), mechanisms.get(pick).copied())
            })
            .collect();
        let mut edges = Vec::new();
        for a in 0..count {
            for b in a + 1..count {
                if random.below(3) == 0 {
                    edges.push(format!("n{a}>n{b}"));
                }
            }
        }
        let nodes: Vec<(&str, Option<&str>)> =
            nodes.iter().map(|(id, m)| (id.as_str(), *m)).collect();
        let edges: Vec<&str> = edges.iter().map(String::as_str).collect();
        chain(&nodes, &edges)
    }

    /// A → x → B → C, with x untagged; A → D directly.
    fn sample() -> CausalChain {
        chain(
            &[
                ("a", Some("failover")),
                ("x", None),
                ("b", Some("overload")),
                ("c", Some("retry-storm")),
                ("d", Some("overload")),
            ],
            &["a>x", "x>b", "b>c", "a>d"],
        )
    }

    #[test]
    fn a_tagged_step_leads_to_the_nearest_tagged_steps_on_every_path() {
        let steps = tagged_steps(&sample());
        let summary: Vec<(&str, &str, Vec<usize>)> = steps
            .iter()
            .map(|s| (s.node.as_str(), s.mechanism.as_str(), s.leads_to.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                ("a", "failover", vec![1, 3]),
                ("b", "overload", vec![2]),
                ("c", "retry-storm", vec![]),
                ("d", "overload", vec![]),
            ]
        );
        assert_eq!(steps[0].label, "Step a");
    }

    #[test]
    fn the_index_names_each_mechanism_once_and_every_pair_that_leads_to_another() {
        let (named, led) = index_fields(&sample());
        assert_eq!(named, "failover overload retry-storm");
        assert_eq!(
            led,
            "failover>overload failover>retry-storm overload>retry-storm"
        );
        let untagged = chain(&[("a", None), ("b", None)], &["a>b"]);
        assert_eq!(index_fields(&untagged), (String::new(), String::new()));
    }

    #[test]
    fn leads_to_follows_the_steps_through_others() {
        let steps = tagged_steps(&sample());
        assert!(leads_to(&steps, "failover", "overload"));
        assert!(leads_to(&steps, "failover", "retry-storm"), "through b");
        assert!(leads_to(&steps, "overload", "retry-storm"));
        assert!(
            !leads_to(&steps, "retry-storm", "failover"),
            "not backwards"
        );
        assert!(
            !leads_to(&steps, "overload", "overload"),
            "b and d are apart"
        );
        assert!(
            !leads_to(&steps, "failover", "failover"),
            "needs a later step"
        );
        assert!(!leads_to(&steps, "unknown", "overload"));
        // Two steps of one mechanism, one after the other.
        let twice = chain(&[("a", Some("m")), ("b", Some("m"))], &["a>b"]);
        assert!(leads_to(&tagged_steps(&twice), "m", "m"));
    }

    #[test]
    fn the_path_between_two_mechanisms_is_every_step_and_edge_on_the_way() {
        let chain = sample();
        let (nodes, edges) = path_between(&chain, "failover", "retry-storm");
        assert_eq!(nodes, [0, 1, 2, 3], "a, x, b and c");
        assert_eq!(edges, [0, 1, 2]);
        let (nodes, edges) = path_between(&chain, "failover", "overload");
        assert_eq!(nodes, [0, 1, 2, 4], "a, x, b and d");
        assert_eq!(edges, [0, 1, 3]);
        assert_eq!(
            path_between(&chain, "retry-storm", "failover"),
            Default::default()
        );
        assert_eq!(
            path_between(&chain, "overload", "overload"),
            Default::default()
        );
    }

    /// Every path query agrees with a brute force over all paths of random chains.
    #[test]
    fn queries_agree_with_every_path_enumerated() {
        let mut random = crate::random::XorShift::new(7);
        let mechanisms = ["m0", "m1", "m2"];
        for _ in 0..300 {
            let chain = random_chain(&mut random, &mechanisms, 8, 2);
            let named = |n: usize, m: &str| {
                chain.nodes[n]
                    .mechanism
                    .as_ref()
                    .is_some_and(|x| x.as_str() == m)
            };
            let paths = all_paths(&chain);
            let steps = tagged_steps(&chain);
            for from in mechanisms {
                for to in mechanisms {
                    let matching: Vec<&Vec<usize>> = paths
                        .iter()
                        .filter(|p| named(p[0], from) && named(p[p.len() - 1], to))
                        .collect();
                    assert_eq!(leads_to(&steps, from, to), !matching.is_empty());
                    let pair = format!("{from}>{to}");
                    let (_, led) = index_fields(&chain);
                    assert_eq!(led.split(' ').any(|p| p == pair), !matching.is_empty());
                    let expected: std::collections::BTreeSet<usize> =
                        matching.iter().flat_map(|p| p.iter().copied()).collect();
                    let found = path_between(&chain, from, to).0;
                    assert_eq!(
                        found,
                        expected.into_iter().collect::<Vec<_>>(),
                        "{from} {to}"
                    );
                }
            }
            // Nearest: a leads to b iff some path from a to b has no tagged step inside.
            for (i, step) in steps.iter().enumerate() {
                let at = |s: &TaggedStep| chain.nodes.iter().position(|n| n.id == s.node);
                for (j, other) in steps.iter().enumerate() {
                    let direct = paths.iter().any(|p| {
                        Some(p[0]) == at(step)
                            && Some(p[p.len() - 1]) == at(other)
                            && p[1..p.len() - 1]
                                .iter()
                                .all(|&n| chain.nodes[n].mechanism.is_none())
                    });
                    assert_eq!(step.leads_to.contains(&j), direct, "{i} -> {j}");
                }
            }
        }
    }

    /// Every path of one edge or more in a (small, acyclic) chain, as node indices.
    fn all_paths(chain: &CausalChain) -> Vec<Vec<usize>> {
        let graph = ChainGraph::new(chain);
        let mut paths = Vec::new();
        let mut stack: Vec<Vec<usize>> = (0..chain.nodes.len()).map(|n| vec![n]).collect();
        while let Some(path) = stack.pop() {
            let last = path[path.len() - 1];
            for &next in &graph.next[last] {
                let mut longer = path.clone();
                longer.push(next);
                paths.push(longer.clone());
                stack.push(longer);
            }
        }
        paths
    }
}
