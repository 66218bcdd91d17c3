//! Every kind of bad catalogue gets a clear message naming what is wrong and where, and the
//! bundled catalogue passes every check.

mod common;

use common::atlas;
use std::path::{Path, PathBuf};

use incident_atlas::catalogue::IncidentFacts;
use incident_atlas::catalogue::check::Problem;
use incident_atlas::catalogue::load::{LoadError, LoadedCatalogue, load_catalogue};

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn load_fixture(path: &str) -> Result<LoadedCatalogue, LoadError> {
    load_catalogue(&fixture(path))
}

/// The one problem a fixture has; fails if it has none or several.
fn only_problem(path: &str) -> Problem {
    let loaded =
        load_fixture(path).unwrap_or_else(|e| panic!("{path}: unexpected load error: {e}"));
    assert_eq!(loaded.problems.len(), 1, "{path}: {:#?}", loaded.problems);
    loaded.problems[0].clone()
}

fn assert_problem(path: &str, incident: &str, field: &str, message_part: &str) {
    let problem = only_problem(path);
    assert_eq!(
        problem.incident.as_deref(),
        Some(incident),
        "{path}: {problem}"
    );
    assert_eq!(problem.field, field, "{path}: {problem}");
    assert!(
        problem.message.contains(message_part),
        "{path}: expected {message_part:?} in {:?}",
        problem.message
    );
    assert!(
        problem.line.is_some_and(|l| l > 1),
        "{path}: no line in {problem:?}"
    );
}

#[test]
fn the_bundled_catalogue_is_valid_and_holds_the_seed_incident() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("public/catalogue.json"),
    )
    .unwrap();
    let loaded = load_catalogue(&text).expect("the bundled catalogue loads");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let cloudflare = loaded
        .catalogue
        .incidents
        .iter()
        .find(|i| i.organisation == "Cloudflare" && i.start.date_iso() == "2020-11-02")
        .expect("the seed's Cloudflare incident of 2020-11-02");
    let chain = &cloudflare.causal_chain;
    assert!(
        chain.nodes.len() >= 8,
        "the chain has {} nodes",
        chain.nodes.len()
    );
    // The branch where two database clusters fail over: one step leads to two promotions.
    let branches = chain
        .nodes
        .iter()
        .filter(|n| chain.edges.iter().filter(|e| e.from == n.id).count() >= 2);
    assert!(branches.count() >= 1, "the chain never branches");
    assert!(
        cloudflare
            .link(incident_atlas::catalogue::LinkKind::StatusPage)
            .is_some()
    );
    assert!(
        cloudflare
            .link(incident_atlas::catalogue::LinkKind::Postmortem)
            .is_some()
    );
}

#[test]
fn the_minimal_fixture_is_valid() {
    let loaded = load_fixture("valid/minimal.json").unwrap();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    assert_eq!(loaded.catalogue.incidents[0].duration_minutes(), Some(90));
}

#[test]
fn one_bad_incident_leaves_the_others_loaded() {
    let loaded = load_fixture("partial/one-bad-among-good.json").unwrap();
    let ids: Vec<&str> = loaded
        .catalogue
        .incidents
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["example-2021-01-01", "second-2022-05-05"]);
    assert_eq!(loaded.incidents_in_file, 3);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(
        loaded.problems[0].incident.as_deref(),
        Some("broken-2021-02-02")
    );
    assert_eq!(loaded.problems[0].field, "title");
}

#[test]
fn text_that_is_not_json_is_a_syntax_error_with_its_position() {
    match load_fixture("schema-invalid/not-json.json") {
        Err(LoadError::Syntax { line, column, .. }) => {
            assert_eq!((line, column), (1, 35));
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_catalogue_of_the_wrong_shape_says_so() {
    let error = load_fixture("schema-invalid/wrong-shape.json").unwrap_err();
    assert!(matches!(error, LoadError::Shape { .. }), "{error:?}");
    assert!(error.to_string().contains("wrong shape"), "{error}");
}

#[test]
fn versions_are_required_and_must_be_known() {
    assert_eq!(
        load_fixture("schema-invalid/missing-version.json").unwrap_err(),
        LoadError::MissingVersion
    );
    let future = load_fixture("schema-invalid/future-version.json").unwrap_err();
    assert_eq!(future, LoadError::UnsupportedVersion { found: "2".into() });
    assert!(future.to_string().contains("reads only version 1"));
}

#[test]
fn unknown_fields_are_rejected_by_name() {
    assert_problem(
        "schema-invalid/unknown-field.json",
        "example-2021-01-01",
        "severity",
        "unknown field `severity`",
    );
}

#[test]
fn links_must_be_http() {
    assert_problem(
        "schema-invalid/non-http-link.json",
        "example-2021-01-01",
        "links[0].url",
        "not an http(s) link",
    );
    let problem = only_problem("schema-invalid/data-url-in-write-up.json");
    assert_eq!(problem.field, "write_up[0][3]");
}

#[test]
fn empty_text_is_rejected() {
    assert_problem(
        "schema-invalid/empty-title.json",
        "example-2021-01-01",
        "title",
        "is empty",
    );
    assert_problem(
        "schema-invalid/empty-code-run.json",
        "example-2021-01-01",
        "write_up[0][1]",
        "is empty",
    );
}

#[test]
fn dates_must_be_real_and_well_formed() {
    assert_problem(
        "schema-invalid/malformed-date.json",
        "example-2021-01-01",
        "start",
        "is not a date",
    );
    assert_problem(
        "check-invalid/impossible-date.json",
        "example-2021-01-01",
        "start",
        "not a day of the calendar",
    );
    assert_problem(
        "check-invalid/end-before-start.json",
        "example-2021-01-01",
        "end",
        "before it starts",
    );
}

#[test]
fn node_kinds_are_a_closed_set() {
    assert_problem(
        "schema-invalid/unknown-node-kind.json",
        "example-2021-01-01",
        "causal_chain.nodes[0].kind",
        "unknown variant `disaster`",
    );
}

#[test]
fn ids_are_unique() {
    assert_problem(
        "check-invalid/duplicate-incident-id.json",
        "example-2021-01-01",
        "id",
        "already has this id",
    );
    match load_fixture("check-invalid/duplicate-failure-type.json") {
        Err(LoadError::Taxonomy(problems)) => {
            assert_eq!(problems.len(), 1);
            assert_eq!(problems[0].field, "failure_types[2].id");
            assert!(problems[0].message.contains("defined twice"));
        }
        other => panic!("expected a taxonomy error, got {other:?}"),
    }
}

#[test]
fn referenced_failure_types_and_nodes_exist() {
    assert_problem(
        "check-invalid/unknown-failure-type.json",
        "example-2021-01-01",
        "failure_types.trigger",
        "no failure type `cosmic-rays`",
    );
    assert_problem(
        "check-invalid/duplicate-contributing-type.json",
        "example-2021-01-01",
        "failure_types.contributing[1]",
        "listed twice",
    );
    assert_problem(
        "check-invalid/unknown-node.json",
        "example-2021-01-01",
        "causal_chain.edges[2].to",
        "no node `ghost`",
    );
}

#[test]
fn the_causal_chain_is_acyclic_starts_at_a_trigger_and_explains_every_step() {
    assert_problem(
        "check-invalid/cycle.json",
        "example-2021-01-01",
        "causal_chain.edges",
        "cycle: lookups-fail -> restored -> lookups-fail",
    );
    let no_trigger = load_fixture("check-invalid/no-trigger.json").unwrap();
    assert!(
        no_trigger
            .problems
            .iter()
            .any(|p| p.message.contains("has no trigger")),
        "{:#?}",
        no_trigger.problems
    );
    assert_problem(
        "check-invalid/node-without-cause.json",
        "example-2021-01-01",
        "causal_chain.nodes[3]",
        "node `stray` has no cause",
    );
}

#[test]
fn every_invalid_fixture_is_rejected() {
    let dir = |name: &str| -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    };
    let invalid: Vec<PathBuf> = [dir("schema-invalid"), dir("check-invalid")].concat();
    assert!(
        invalid.len() >= 20,
        "only {} invalid fixtures",
        invalid.len()
    );
    for path in invalid {
        let text = std::fs::read_to_string(&path).unwrap();
        let rejected = match load_catalogue(&text) {
            Err(_) => true,
            Ok(loaded) => !loaded.problems.is_empty(),
        };
        assert!(rejected, "{} was accepted", path.display());
    }
}

#[test]
fn atlas_check_passes_the_bundled_catalogue() {
    let output = atlas(&["check", "public/catalogue.json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok, "));
}

#[test]
fn atlas_check_names_file_line_incident_and_field_and_fails() {
    let output = atlas(&["check", "tests/fixtures/check-invalid/unknown-node.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "tests/fixtures/check-invalid/unknown-node.json:16: incident `example-2021-01-01`: \
             causal_chain.edges[2].to: no node `ghost` in the chain"
        ),
        "{stderr}"
    );
    let missing = atlas(&["check", "tests/fixtures/no-such-file.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn mechanisms_are_optional_defined_once_and_named_by_known_ids() {
    let loaded = load_fixture("valid/mechanisms.json").expect("loads");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let catalogue = &loaded.catalogue;
    assert_eq!(catalogue.mechanisms.len(), 2);
    let first = &catalogue.incidents[0].causal_chain.nodes[0];
    assert_eq!(
        first.mechanism.as_ref().map(|m| m.as_str()),
        Some("global-config-push")
    );
    // Without mechanisms a catalogue loads as before, and writes none back.
    let minimal = load_fixture("valid/minimal.json").expect("loads").catalogue;
    assert!(minimal.mechanisms.is_empty());
    let json = serde_json::to_string(&minimal).expect("serialises");
    assert!(!json.contains("mechanism"), "{json}");

    assert_problem(
        "check-invalid/unknown-mechanism.json",
        "example-2021-01-01",
        "causal_chain.nodes[0].mechanism",
        "node `change` names mechanism `thundering-herd`",
    );
    match load_fixture("check-invalid/duplicate-mechanism.json") {
        Err(LoadError::Taxonomy(problems)) => {
            assert_eq!(problems.len(), 1, "{problems:#?}");
            assert_eq!(problems[0].field, "mechanisms[2].id");
            assert!(
                problems[0]
                    .message
                    .contains("mechanism `retry-storm` is defined twice")
            );
        }
        other => panic!("expected a taxonomy error, got {other:?}"),
    }
}

#[test]
fn atlas_check_warns_of_an_unused_mechanism_and_still_passes() {
    let output = atlas(&["check", "tests/fixtures/valid/mechanisms.json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "tests/fixtures/valid/mechanisms.json: warning: mechanisms[1]: \
             no incident names mechanism `retry-storm`"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("global-config-push"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("ok, 2 incidents, 2 failure types and 2 mechanisms"),
        "{stdout}"
    );

    let failing = atlas(&[
        "check",
        "tests/fixtures/check-invalid/unknown-mechanism.json",
    ]);
    assert_eq!(failing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failing.stderr);
    assert!(
        stderr.contains(
            "incident `example-2021-01-01`: causal_chain.nodes[0].mechanism: node `change` \
             names mechanism `thundering-herd`"
        ),
        "{stderr}"
    );
}

#[test]
fn atlas_stats_counts_incidents_by_mechanism() {
    let output = atlas(&["stats", "tests/fixtures/valid/mechanisms.json"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let section = stdout
        .split("By mechanism (incidents)\n")
        .nth(1)
        .expect("a section by mechanism");
    let lines: Vec<&str> = section.lines().take(2).collect();
    assert!(
        lines[0].starts_with("  Global configuration push"),
        "{stdout}"
    );
    assert!(lines[0].ends_with(" 2"), "{stdout}");
    assert!(lines[1].starts_with("  Retry storm"), "{stdout}");
    assert!(lines[1].ends_with(" 0"), "{stdout}");
    let without = atlas(&["stats", "tests/fixtures/valid/minimal.json"]);
    assert!(!String::from_utf8_lossy(&without.stdout).contains("By mechanism"));
}

/// The property names of `def` in the JSON Schema (or of the top level, for `None`).
fn schema_properties(schema: &serde_json::Value, def: Option<&str>) -> Vec<String> {
    let object = match def {
        Some(def) => &schema["$defs"][def],
        None => schema,
    };
    let mut names: Vec<String> = object["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{def:?} has properties"))
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

/// The keys a value serialises with, sorted.
fn serialised_keys(value: &impl serde::Serialize) -> Vec<String> {
    let json = serde_json::to_value(value).expect("serialises");
    let mut names: Vec<String> = json
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

#[test]
fn the_schema_and_the_serde_types_name_the_same_fields() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("public/catalogue.schema.json"),
        )
        .expect("the schema"),
    )
    .expect("the schema is JSON");
    // A catalogue with every optional field set: its keys are every field of its types.
    let mut catalogue = load_fixture("valid/mechanisms.json")
        .expect("loads")
        .catalogue;
    catalogue.schema = Some("./catalogue.schema.json".into());
    let node = &mut catalogue.incidents[0].causal_chain.nodes[0];
    node.detail = Some("A detail.".into());
    catalogue.incidents[0].added = incident_atlas::catalogue::Day::parse("2026-12-07").ok();
    catalogue.incidents[0].sector = incident_atlas::catalogue::Slug::parse("finance").ok();
    let incident = &catalogue.incidents[0];
    assert_eq!(
        serialised_keys(&catalogue),
        schema_properties(&schema, None)
    );
    assert_eq!(
        serialised_keys(incident),
        schema_properties(&schema, Some("incident"))
    );
    assert_eq!(
        serialised_keys(&catalogue.mechanisms[0]),
        schema_properties(&schema, Some("mechanism"))
    );
    assert_eq!(
        serialised_keys(&catalogue.failure_types[0]),
        schema_properties(&schema, Some("failureType"))
    );
    assert_eq!(
        serialised_keys(&incident.causal_chain.nodes[0]),
        schema_properties(&schema, Some("chainNode"))
    );
}
