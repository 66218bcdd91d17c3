//! The catalogue as hostile input: markup in every text field, links that are not http(s),
//! duplicate keys, wrong types, megabyte strings, a 10,000-step chain, deep nesting. Nothing
//! panics, nothing takes long, markup stays text, and one bad incident never takes down the
//! others: the valid ones load and every skipped one is named with the reason.
//!
//! The same fixtures run in the browser in tests/e2e/hostile.spec.mjs.

use std::path::Path;
use std::time::{Duration, Instant};

use incident_atlas::catalogue::load::{LoadError, LoadedCatalogue, load_catalogue};
use incident_atlas::chain::diagram;
use incident_atlas::site::{markup, prerender};
use incident_atlas::timeline::Atlas;
use incident_atlas::timeline::filter::TimelineFilter;
use incident_atlas::timeline::search;
use incident_atlas::timeline::search::SearchTerms;
use maud::Markup;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn minimal() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("minimal fixture")).expect("JSON")
}

/// Loads within a bound far above the real time (milliseconds), so only a blow-up fails.
fn load_quickly(text: &str) -> Result<LoadedCatalogue, LoadError> {
    let started = Instant::now();
    let loaded = load_catalogue(text);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "loading took {took:?}");
    loaded
}

fn skipped(loaded: &LoadedCatalogue) -> Vec<(String, String)> {
    loaded
        .problems
        .iter()
        .map(|p| (p.incident.clone().unwrap_or_default(), p.to_string()))
        .collect()
}

/// A catalogue of the minimal fixture's incident plus `extra`, an incident built from it.
fn with_extra_incident(change: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut catalogue = minimal();
    let mut extra = catalogue["incidents"][0].clone();
    extra["id"] = "hostile-2021".into();
    change(&mut extra);
    catalogue["incidents"]
        .as_array_mut()
        .expect("incidents")
        .push(extra);
    serde_json::to_string(&catalogue).expect("serialises")
}

/// Everything a built page shows of the catalogue holds no live markup.
fn assert_pages_are_inert(loaded: LoadedCatalogue) {
    let atlas = Atlas::new(loaded.catalogue);
    let taxonomy = atlas.taxonomy();
    let mut pages = vec![prerender::home(&atlas, "/base")];
    // The app's timeline, searched for text that is itself markup, so matches are marked.
    let everything: Vec<usize> = (0..atlas.len()).collect();
    for query in ["<script>", "\"<b>\" onerror", "a e i o u"] {
        pages.push(markup::timeline(
            &atlas,
            &everything,
            &SearchTerms::parse(query),
            "/base",
            ("", "?from=<a>&to=\"b\""),
        ));
    }
    for index in 0..atlas.len() {
        let incident = atlas.full_incident(index).expect("a whole catalogue");
        pages.push(prerender::incident(
            incident,
            &taxonomy,
            "/base",
            Some("https://github.com/someone/atlas/issues/new?x=1"),
        ));
        // The app's page: header, body with the drawn chain, its detail panel, neighbours.
        let chain = &incident.causal_chain;
        let drawn = diagram::layout_chain(chain, &diagram::EstimatedMeasure);
        let missing = Some("<img src=x onerror=alert(1)>");
        let mechanisms = &taxonomy.mechanisms;
        let route = mechanisms.first().map(|first| {
            let last = &mechanisms[mechanisms.len() - 1];
            let route =
                markup::chain::Route::between(chain, &drawn, first.id.as_str(), last.id.as_str());
            (first, last, route)
        });
        let context = markup::chain::DiagramContext {
            mechanisms,
            base: "/base",
            route: route.as_ref().map(|(from, to, route)| (*from, *to, route)),
        };
        let svg = markup::chain::diagram(chain, &drawn, &incident.title, missing, &context);
        let (named, _) = incident_atlas::mechanisms::index_fields(chain);
        pages.push(markup::incident::header(
            &**incident,
            &taxonomy.failure_types,
            (&named, mechanisms),
            "/base",
            true,
        ));
        pages.push(markup::incident::body(
            incident,
            "",
            Some(&svg),
            "/base",
            Some("https://github.com/a/b/issues/new?x=1&y=2"),
        ));
        pages.push(markup::incident::neighbours(
            &atlas,
            incident.id.as_str(),
            "/base",
        ));
        for node in 0..chain.nodes.len() {
            pages.push(markup::chain::detail(chain, node, mechanisms, "/base"));
        }
    }
    pages.push(markup::incident::unknown(
        &atlas,
        "<script>x</script>",
        "/base",
    ));
    // The home page's parts, for a filter that is itself markup.
    let hostile_filter = TimelineFilter {
        query: "\"><script>alert(1)</script>".into(),
        organisation: atlas.organisations().first().map(|(name, _)| name.clone()),
        ..Default::default()
    };
    let counts = atlas.facet_counts(&hostile_filter);
    pages.push(markup::home::filter_form(&atlas, &hostile_filter, &counts));
    pages.push(markup::home::overview(&atlas, &hostile_filter, "/base"));
    pages.push(markup::incident::detail_failure(
        "/base/incidents/\"><script>.json",
        "<b>bad</b>",
    ));
    // Catalogue text is escaped, so every `<` left starts one of the page's own tags.
    const OWN_TAGS: [&str; 42] = [
        "a", "article", "button", "code", "dd", "defs", "details", "div", "dl", "dt", "fieldset",
        "legend", "summary", "footer", "g", "h1", "h2", "h3", "h4", "header", "input", "label",
        "li", "main", "mark", "marker", "nav", "ol", "option", "p", "path", "rect", "section",
        "select", "span", "strong", "svg", "text", "time", "title", "tspan", "ul",
    ];
    const OWN_ATTRIBUTES: [&str; 55] = [
        "for",
        "download",
        "aria-expanded",
        "aria-controls",
        "value",
        "autocomplete",
        "spellcheck",
        "aria-describedby",
        "value",
        "size",
        "data-year",
        "data-height",
        "data-fill",
        "aria-current",
        "data-incident",
        "data-index",
        "data-action",
        "class",
        "href",
        "id",
        "tabindex",
        "role",
        "type",
        "aria-labelledby",
        "aria-label",
        "aria-live",
        "aria-hidden",
        "datetime",
        "title",
        "target",
        "rel",
        "xmlns",
        "viewBox",
        "width",
        "height",
        "font-family",
        "font-size",
        "font-weight",
        "letter-spacing",
        "x",
        "y",
        "rx",
        "d",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "marker-end",
        "marker-start",
        "refX",
        "refY",
        "markerUnits",
        "markerWidth",
        "markerHeight",
        "orient",
    ];
    for page in pages.into_iter().map(Markup::into_string) {
        for tag in page.split('<').skip(1) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(OWN_TAGS.contains(&name.as_str()), "<{name} in {page}");
            let inside = &tag[..tag.find('>').unwrap_or(tag.len())];
            // Attribute names sit before each `="`; values are escaped, so hold no `"`.
            for part in inside.split("=\"").take(inside.matches("=\"").count()) {
                let attribute = part.rsplit([' ', '"']).next().unwrap_or_default();
                assert!(
                    OWN_ATTRIBUTES.contains(&attribute),
                    "{attribute}= in <{inside}>"
                );
            }
        }
        assert!(!page.contains("href=\"javascript:") && !page.contains("href=\"data:"));
    }
}

#[test]
fn markup_in_every_text_field_loads_as_text_and_renders_escaped() {
    let loaded = load_quickly(&fixture("markup-everywhere.json")).expect("loads");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.catalogue.incidents.len(), 2);
    let hostile = &loaded.catalogue.incidents[1];
    assert!(hostile.title.contains("<script>"), "kept as the text it is");
    let haystack = search::haystack(&hostile.to_summary());
    assert!(haystack.contains("<img src=x onerror="));
    assert_pages_are_inert(loaded);
}

#[test]
fn links_that_are_not_http_are_refused_and_the_valid_incident_stays() {
    let loaded = load_quickly(&fixture("hostile-links.json")).expect("loads");
    assert_eq!(loaded.incidents_in_file, 9);
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    let reasons = skipped(&loaded);
    let reason = |id: &str| {
        reasons
            .iter()
            .find(|(incident, _)| incident == id)
            .map(|(_, reason)| reason.clone())
            .unwrap_or_else(|| panic!("{id} not reported: {reasons:#?}"))
    };
    for id in [
        "js-link-2021",
        "js-mixed-case-2021",
        "data-link-2021",
        "protocol-relative-2021",
        "leading-space-2021",
    ] {
        assert!(
            reason(id).contains("is not an http(s) link"),
            "{}",
            reason(id)
        );
    }
    assert!(reason("credentials-2021").contains("user name or password"));
    assert!(reason("no-host-2021").contains("no host name"));
    assert!(reason("spaces-2021").contains("spaces"));
    assert_pages_are_inert(loaded);
}

#[test]
fn a_duplicate_key_skips_that_incident_only() {
    let loaded = load_quickly(&fixture("duplicate-keys.json")).expect("loads");
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    let reasons = skipped(&loaded);
    assert_eq!(reasons.len(), 1, "{reasons:#?}");
    assert_eq!(reasons[0].0, "duplicate-key-2021");
    assert!(
        reasons[0].1.contains("duplicate field `title`"),
        "{}",
        reasons[0].1
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = fixture("byte-order-mark.json");
    assert!(text.starts_with('\u{feff}'));
    let loaded = load_quickly(&text).expect("loads");
    assert!(loaded.problems.is_empty());
    assert_eq!(loaded.catalogue.incidents.len(), 1);
}

#[test]
fn wrong_types_skip_each_bad_incident_with_its_reason() {
    let loaded = load_quickly(&fixture("wrong-types.json")).expect("loads");
    assert_eq!(loaded.incidents_in_file, 9);
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    let reasons = skipped(&loaded);
    assert_eq!(reasons.len(), 8, "{reasons:#?}");
    assert!(
        reasons
            .iter()
            .any(|(id, r)| id == "number-date-2021" && r.contains("start: invalid type"))
    );
    assert!(reasons.iter().any(|(_, r)| r.contains("integer `42`")));
    assert!(
        loaded.problems.iter().all(|p| p.line.is_some()),
        "every problem has its line"
    );
}

#[test]
fn a_missing_or_future_version_is_refused_with_the_version_named() {
    let mut catalogue = minimal();
    catalogue.as_object_mut().expect("object").remove("version");
    let missing = load_quickly(&catalogue.to_string()).expect_err("no version");
    assert!(missing.to_string().contains("version"), "{missing}");
    catalogue["version"] = 99.into();
    let future = load_quickly(&catalogue.to_string()).expect_err("future version");
    assert!(future.to_string().contains("99"), "{future}");
}

#[test]
fn megabyte_strings_are_refused_quickly_and_the_rest_loads() {
    let megabyte = "<b>x</b> ".repeat(1 << 17);
    assert!(megabyte.len() >= 1 << 20);
    for field in ["title", "organisation", "summary", "impact"] {
        let text = with_extra_incident(|incident| incident[field] = megabyte.clone().into());
        let loaded = load_quickly(&text).expect("loads");
        assert_eq!(loaded.catalogue.incidents.len(), 1, "{field}");
        let reasons = skipped(&loaded);
        assert!(
            reasons.iter().any(|(id, r)| id == "hostile-2021"
                && r.contains(&format!("{field}: is 1179648 characters long"))),
            "{field}: {reasons:#?}"
        );
        assert!(
            reasons.iter().all(|(_, r)| r.len() < 500),
            "messages stay short"
        );
    }
    let label = with_extra_incident(|incident| {
        incident["causal_chain"]["nodes"][0]["label"] = megabyte.clone().into();
        incident["write_up"] = serde_json::json!([[megabyte.clone()]]);
    });
    let loaded = load_quickly(&label).expect("loads");
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    let url = with_extra_incident(|incident| {
        incident["links"][0]["url"] = format!("https://example.com/{}", "a".repeat(1 << 20)).into();
    });
    let loaded = load_quickly(&url).expect("loads");
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    assert!(skipped(&loaded)[0].1.contains("too long"));
}

#[test]
fn a_chain_of_ten_thousand_steps_is_refused_quickly() {
    let text = with_extra_incident(|incident| {
        let nodes: Vec<serde_json::Value> = (0..10_000)
            .map(|i| {
                let kind = if i == 0 { "trigger" } else { "event" };
                serde_json::json!({"id": format!("n{i}"), "kind": kind, "label": format!("Step {i}")})
            })
            .collect();
        let edges: Vec<serde_json::Value> = (1..10_000)
            .map(|i| serde_json::json!({"from": format!("n{}", i - 1), "to": format!("n{i}")}))
            .collect();
        incident["causal_chain"] = serde_json::json!({"nodes": nodes, "edges": edges});
    });
    let loaded = load_quickly(&text).expect("loads");
    assert_eq!(loaded.catalogue.incidents.len(), 1);
    let reasons = skipped(&loaded);
    assert_eq!(reasons.len(), 2, "{reasons:#?}");
    assert!(
        reasons[0]
            .1
            .contains("causal_chain.nodes: has 10000 items; at most 200"),
        "{}",
        reasons[0].1
    );
    assert!(
        reasons[1]
            .1
            .contains("causal_chain.edges: has 9999 items; at most 400"),
        "{}",
        reasons[1].1
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = with_extra_incident(|incident| incident["write_up"] = "PLACEHOLDER".into())
        .replace("\"PLACEHOLDER\"", &deep);
    let outcome = load_quickly(&text);
    match outcome {
        Err(error) => assert!(error.to_string().contains("recursion"), "{error}"),
        Ok(loaded) => assert_eq!(loaded.catalogue.incidents.len(), 1),
    }
}
