//! Reading a causal chain as a story: its steps in causal order, and what each leads to.

use crate::catalogue::{CausalChain, ChainNode};

/// The chain's nodes in an order where every cause comes before its consequences, keeping the
/// author's order among nodes that are free to go either way. Nodes caught in a cycle (which the
/// checker rejects) are appended in the author's order, so nothing is ever dropped.
pub fn steps_in_causal_order(chain: &CausalChain) -> Vec<&ChainNode> {
    let count = chain.nodes.len();
    let index_of = |id: &str| chain.nodes.iter().position(|n| n.id.as_str() == id);
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut causes_left = vec![0usize; count];
    for edge in &chain.edges {
        if let (Some(from), Some(to)) = (index_of(edge.from.as_str()), index_of(edge.to.as_str())) {
            successors[from].push(to);
            causes_left[to] += 1;
        }
    }
    // Kahn's algorithm, always taking the earliest ready node so the result is stable.
    let mut ready: std::collections::BTreeSet<usize> =
        (0..count).filter(|&i| causes_left[i] == 0).collect();
    let mut placed = vec![false; count];
    let mut order = Vec::with_capacity(count);
    while let Some(next) = ready.pop_first() {
        placed[next] = true;
        order.push(next);
        for &succ in &successors[next] {
            causes_left[succ] -= 1;
            if causes_left[succ] == 0 {
                ready.insert(succ);
            }
        }
    }
    order.extend((0..count).filter(|&i| !placed[i]));
    order.into_iter().map(|i| &chain.nodes[i]).collect()
}

/// The nodes that `node_id` leads to directly, in the author's order of edges.
pub fn consequences<'a>(chain: &'a CausalChain, node_id: &str) -> Vec<&'a ChainNode> {
    chain
        .edges
        .iter()
        .filter(|e| e.from.as_str() == node_id)
        .filter_map(|e| chain.node(e.to.as_str()))
        .collect()
}

/// The nodes that lead directly to `node_id`.
pub fn causes<'a>(chain: &'a CausalChain, node_id: &str) -> Vec<&'a ChainNode> {
    chain
        .edges
        .iter()
        .filter(|e| e.to.as_str() == node_id)
        .filter_map(|e| chain.node(e.from.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(json: &str) -> CausalChain {
        serde_json::from_str(json).expect("test chain is valid")
    }

    fn ids(nodes: &[&ChainNode]) -> Vec<String> {
        nodes.iter().map(|n| n.id.to_string()).collect()
    }

    const DIAMOND: &str = r#"{
        "nodes": [
            {"id": "end", "kind": "recovery", "label": "End"},
            {"id": "left", "kind": "event", "label": "Left"},
            {"id": "start", "kind": "trigger", "label": "Start"},
            {"id": "right", "kind": "event", "label": "Right"}
        ],
        "edges": [
            {"from": "start", "to": "left"}, {"from": "start", "to": "right"},
            {"from": "left", "to": "end"}, {"from": "right", "to": "end"}
        ]
    }"#;

    #[test]
    fn causes_come_before_consequences() {
        let chain = chain(DIAMOND);
        assert_eq!(
            ids(&steps_in_causal_order(&chain)),
            ["start", "left", "right", "end"]
        );
    }

    #[test]
    fn a_cycle_keeps_every_node() {
        let chain = chain(
            r#"{"nodes": [{"id": "a", "kind": "trigger", "label": "A"}, {"id": "b", "kind": "event", "label": "B"}, {"id": "c", "kind": "event", "label": "C"}],
                "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "b"}]}"#,
        );
        assert_eq!(ids(&steps_in_causal_order(&chain)), ["a", "b", "c"]);
    }

    #[test]
    fn neighbours_follow_the_edges() {
        let chain = chain(DIAMOND);
        assert_eq!(ids(&consequences(&chain, "start")), ["left", "right"]);
        assert_eq!(ids(&causes(&chain, "end")), ["left", "right"]);
        assert!(consequences(&chain, "end").is_empty());
    }
}
