//! The rundown importer and exporter: the seed file, broken rundowns pointing at their line,
//! and the round trip of the whole catalogue.

mod common;

use common::atlas;
use std::path::Path;

use incident_atlas::authoring::rundown::{export_rundown, import_rundown};
use incident_atlas::catalogue::load::load_catalogue;
use incident_atlas::catalogue::{IncidentFacts, Inline, LinkKind};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The seed rundown the atlas started from, kept as a fixture (`tests/fixtures/seed/`).
fn seed() -> String {
    read("tests/fixtures/seed/incidents-rundown.md")
}

#[test]
fn the_seed_imports_with_its_facts_and_warns_about_what_it_lacks() {
    let imported = import_rundown(&seed());
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert_eq!(imported.catalogue.incidents.len(), 1);
    let incident = &imported.catalogue.incidents[0];
    assert_eq!(incident.organisation, "Cloudflare");
    assert_eq!(incident.title, "A Byzantine failure in the real world");
    assert_eq!(incident.start.to_string(), "2020-11-02");
    assert_eq!(incident.links.len(), 2);
    assert_eq!(incident.links[0].kind, LinkKind::StatusPage);
    assert_eq!(incident.links[1].kind, LinkKind::Postmortem);
    assert_eq!(incident.write_up.len(), 5);
    let first = &incident.write_up[0];
    assert!(first.contains(&Inline::Code {
        code: "etcd".into()
    }));
    assert!(first.iter().any(|run| matches!(run, Inline::Link { text, href } if text == "RAFT" && href.as_str() == "https://raft.github.io/")));
    let warned: Vec<&str> = imported
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        warned.iter().any(|w| w.contains("no ```chain block")),
        "{warned:?}"
    );
    assert!(
        warned.iter().any(|w| w.contains("no `impact`")),
        "{warned:?}"
    );
}

#[test]
fn a_complete_rundown_imports_into_a_valid_catalogue() {
    let imported = import_rundown(&read("tests/fixtures/rundown/complete.md"));
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let mut catalogue = imported.catalogue;
    let bundled = load_catalogue(&read("public/catalogue.json"))
        .unwrap()
        .catalogue;
    catalogue.failure_types = bundled.failure_types;
    let json = serde_json::to_string(&catalogue).unwrap();
    let loaded = load_catalogue(&json).unwrap();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let incident = &loaded.catalogue.incidents[0];
    assert_eq!(incident.duration_minutes(), Some(90));
    assert_eq!(
        incident.causal_chain.nodes[0].detail.as_deref(),
        Some("A configuration change deleted the NS record.")
    );
    assert_eq!(incident.write_up.len(), 2);
}

fn only_error(path: &str) -> (usize, String) {
    let imported = import_rundown(&read(path));
    assert_eq!(imported.errors.len(), 1, "{path}: {:?}", imported.errors);
    (imported.errors[0].line, imported.errors[0].message.clone())
}

#[test]
fn a_missing_date_points_at_the_incident() {
    let (line, message) = only_error("tests/fixtures/rundown/missing-date.md");
    assert_eq!(line, 2);
    assert!(message.contains("no date"), "{message}");
}

#[test]
fn a_bad_link_points_at_the_links_line() {
    let (line, message) = only_error("tests/fixtures/rundown/bad-link.md");
    assert_eq!(line, 4);
    assert!(message.contains("not an http(s) link"), "{message}");
}

#[test]
fn a_cycle_in_a_chain_block_points_at_the_edge_that_closes_it() {
    let (line, message) = only_error("tests/fixtures/rundown/cycle.md");
    assert_eq!(line, 14);
    assert!(message.contains("cycle: b -> c -> b"), "{message}");
}

#[test]
fn an_unknown_node_kind_points_at_the_node() {
    let (line, message) = only_error("tests/fixtures/rundown/unknown-node-kind.md");
    assert_eq!(line, 10);
    assert!(
        message.contains("`disaster` is not a node kind"),
        "{message}"
    );
}

#[test]
fn export_then_import_gives_back_the_same_catalogue() {
    let catalogue = load_catalogue(&read("public/catalogue.json"))
        .unwrap()
        .catalogue;
    let rundown = export_rundown(&catalogue);
    let imported = import_rundown(&rundown);
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.catalogue, catalogue);
}

#[test]
fn atlas_import_reports_file_and_line_and_fails_on_errors() {
    let output = atlas(&["import", "tests/fixtures/rundown/cycle.md"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tests/fixtures/rundown/cycle.md:14: the chain has a cycle"),
        "{stderr}"
    );
}

#[test]
fn atlas_stats_counts_by_year_type_and_organisation() {
    let output = atlas(&["stats"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let catalogue = load_catalogue(&read("public/catalogue.json"))
        .unwrap()
        .catalogue;
    assert!(
        stdout.starts_with(&format!("{} incidents", catalogue.incidents.len())),
        "{stdout}"
    );
    for heading in ["By year", "By failure type", "By organisation"] {
        assert!(stdout.contains(heading), "{stdout}");
    }
    assert!(stdout.contains("Cloudflare"));
}
