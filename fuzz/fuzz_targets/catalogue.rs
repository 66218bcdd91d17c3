//! The catalogue loader and checker on arbitrary text, then search and the diagram on every
//! incident that loaded; and the index loader on the same text, and on the index written from
//! what loaded.
#![no_main]

use incident_atlas::catalogue::check::{check_failure_types, check_incident};
use incident_atlas::chain::diagram::{Direction, TextMeasure, layout_chain, neighbour, path_through};
use incident_atlas::catalogue::load::{load_catalogue, load_index};
use incident_atlas::timeline::search::haystack;
use libfuzzer_sys::fuzz_target;

/// The app caps longer chains before it draws them (and the checker now refuses chains of
/// more than `check::MAX_CHAIN_NODES`, 200, so every loaded chain is drawn here).
const MAX_DRAWN_NODES: usize = 300;

/// A deterministic stand-in for the browser's canvas: 7 px a character.
struct FixedMeasure;

impl TextMeasure for FixedMeasure {
    fn width(&self, text: &str, _font_size: f64) -> f64 {
        7.0 * text.chars().count() as f64
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The app reads the index, which may hold whole incidents: it accepts what the catalogue
    // loader accepts.
    let as_index = load_index(text);
    let loaded = match load_catalogue(text) {
        Ok(loaded) => loaded,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    for problem in &loaded.problems {
        let _ = problem.to_string();
    }
    let as_index = as_index.expect("the index loader reads what the catalogue loader reads");
    assert_eq!(as_index.entries.len(), loaded.catalogue.incidents.len());
    // The index `atlas pages` would write reads back to the same entries.
    let written = serde_json::json!({
        "version": 1,
        "failure_types": &loaded.catalogue.failure_types,
        "incidents": loaded.catalogue.incidents.iter().map(|i| i.to_summary()).collect::<Vec<_>>(),
    });
    let reread = load_index(&written.to_string()).expect("a written index reads");
    assert!(reread.problems.is_empty(), "a written index has problems: {:?}", reread.problems);
    for ((summary, full), incident) in reread.entries.iter().zip(&loaded.catalogue.incidents) {
        assert!(full.is_none());
        assert_eq!(summary, &incident.to_summary());
    }
    let catalogue = &loaded.catalogue;
    assert!(
        loaded.incidents_in_file >= catalogue.incidents.len(),
        "more incidents loaded than the file holds"
    );
    // What was loaded passed its checks: checking it again finds nothing.
    let taxonomy = check_failure_types(catalogue);
    assert!(
        taxonomy.is_empty(),
        "a loaded taxonomy has problems: {taxonomy:?}"
    );
    for incident in &catalogue.incidents {
        let problems = check_incident(incident, catalogue);
        assert!(
            problems.is_empty(),
            "a loaded incident has problems: {problems:?}"
        );
        let _ = haystack(&incident.to_summary());
        let chain = &incident.causal_chain;
        if chain.nodes.len() > MAX_DRAWN_NODES {
            continue;
        }
        let diagram = layout_chain(chain, &FixedMeasure);
        assert_eq!(diagram.nodes.len(), chain.nodes.len());
        for node in &diagram.nodes {
            let p = node.placed;
            assert!(
                [p.x, p.y, p.width, p.height].iter().all(|v| v.is_finite()),
                "a node is placed at a non-finite position: {p:?}"
            );
        }
        for edge in &diagram.layout.edges {
            assert!(edge.from < chain.nodes.len() && edge.to < chain.nodes.len());
        }
        // Keyboard navigation and highlighting from the first few nodes.
        for node in 0..diagram.nodes.len().min(8) {
            let (nodes, _) = path_through(&diagram, node);
            assert!(nodes.contains(&node));
            for direction in [
                Direction::Up,
                Direction::Down,
                Direction::Left,
                Direction::Right,
            ] {
                if let Some(next) = neighbour(&diagram, node, direction) {
                    assert!(next < diagram.nodes.len());
                }
            }
        }
    }
});
