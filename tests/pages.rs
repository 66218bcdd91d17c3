//! `atlas pages` over a Trunk-like build: served content, the boot module in place of Trunk's
//! inline loader, the security policy on every page, and the same result when run twice.

mod common;
#[path = "common/dist.rs"]
mod dist;

use common::atlas;
use dist::read;
use incident_atlas::timeline::search::summary_of;
use std::path::{Path, PathBuf};

fn fresh_dist(name: &str) -> PathBuf {
    dist::fresh_dist("pages", name)
}

fn pages(dist: &Path) {
    pages_of(dist, "tests/fixtures/valid/minimal.json");
}

fn pages_of(dist: &Path, catalogue: &str) {
    let out = atlas(&[
        "pages",
        dist.to_str().expect("utf-8 path"),
        "--catalogue",
        catalogue,
        "--base",
        "/x/",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// How many `<script>` elements of the page carry code rather than a `src`.
fn inline_scripts(page: &str) -> usize {
    let mut count = 0;
    lol_html::rewrite_str(
        page,
        lol_html::RewriteStrSettings::new().append_element_content_handler(lol_html::element!(
            "script:not([src])",
            |_| {
                count += 1;
                Ok(())
            }
        )),
    )
    .expect("the page parses");
    count
}

#[test]
fn writes_the_index_and_each_full_entry_apart() {
    use incident_atlas::catalogue::load::{
        load_catalogue, load_incident, load_index, load_search_words,
    };
    use incident_atlas::catalogue::{IncidentFacts, IncidentSummary};
    use incident_atlas::timeline::Atlas;

    let dist = fresh_dist("index");
    pages(&dist);
    let source = load_catalogue(&read(Path::new("tests/fixtures/valid/minimal.json")))
        .expect("the fixture loads")
        .catalogue;
    let index_text = read(&dist.join("catalogue.json"));
    assert_eq!(
        read(&dist.join("catalogue-full.json")),
        read(Path::new("tests/fixtures/valid/minimal.json")),
        "the whole catalogue stays downloadable as authored"
    );
    let index = load_index(&index_text).expect("the index loads");
    assert!(index.problems.is_empty(), "{:#?}", index.problems);
    assert_eq!(index.entries.len(), source.incidents.len());
    let taxonomy = incident_atlas::catalogue::Catalogue {
        incidents: Vec::new(),
        ..source.clone()
    };
    let words = load_search_words(&read(&dist.join("search-words.json"))).expect("loads");
    for ((summary, full), incident) in index.entries.iter().zip(&source.incidents) {
        assert!(full.is_none(), "the index carries no write-up");
        let whole = summary_of(incident);
        assert!(
            summary.words.is_empty(),
            "the index carries no search words"
        );
        assert_eq!(
            summary,
            &IncidentSummary {
                words: String::new(),
                ..whole.clone()
            }
        );
        let listed = words.iter().find(|(id, _)| id == incident.id.as_str());
        assert_eq!(listed.map(|(_, words)| words), Some(&whole.words));
        assert_eq!(summary.title(), incident.title);
        let detail = read(&dist.join(format!("incidents/{}.json", incident.id)));
        let fetched = load_incident(&detail, &taxonomy, incident.id.as_str()).expect("loads");
        assert_eq!(&fetched, incident, "the full entry is the catalogue's");
    }
    assert!(
        !index_text.contains("\"write_up\""),
        "no write-up in the index"
    );
    // With the words, the index's atlas searches as the whole catalogue's does.
    let from_index = Atlas::from_entries(index.failure_types, index.entries);
    assert!(from_index.needs_search_words());
    let searchable = from_index.with_search_words(words);
    assert!(!searchable.needs_search_words());
    let only_in_write_up = incident_atlas::timeline::filter::TimelineFilter {
        query: "record".into(),
        ..Default::default()
    };
    assert!(from_index.filtered(&only_in_write_up).is_empty());
    let whole = Atlas::new(source);
    assert!(!whole.filtered(&only_in_write_up).is_empty());
    for query in ["record", "outage", "dns"] {
        let filter = incident_atlas::timeline::filter::TimelineFilter {
            query: query.into(),
            ..Default::default()
        };
        assert_eq!(
            searchable.filtered(&filter),
            whole.filtered(&filter),
            "{query}"
        );
    }
}

#[test]
fn writes_served_pages_a_boot_module_and_a_strict_policy() {
    let dist = fresh_dist("once");
    pages(&dist);
    let home = read(&dist.join("index.html"));
    let incident = read(&dist.join("incidents/example-2021-01-01/index.html"));
    let not_found = read(&dist.join("404.html"));
    let compare = read(&dist.join("compare/index.html"));

    assert!(home.contains("<h1>Incidents</h1>") && home.contains("An example outage"));
    // `/compare?ids=…` is a served page: the host answers it from `compare/index.html`.
    assert!(compare.contains("<title>Compare incidents — Incident Atlas</title>"));
    assert!(compare.contains("<h1>Compare incidents</h1>"));
    assert!(compare.contains("<a href=\"/x/\" aria-current=\"page\">Incidents</a>"));
    assert!(incident.contains("<title>An example outage — Incident Atlas</title>"));
    assert!(
        incident.contains("<link rel=\"preload\" href=\"/x/incidents/example-2021-01-01.json\"")
    );
    assert!(
        incident.contains("Restored the record."),
        "the remediation is in the HTML"
    );
    for page in [&home, &incident, &not_found, &compare] {
        assert!(
            !page.contains("import init"),
            "Trunk's inline loader is gone"
        );
        // Trunk's preloads of the JS and wasm are gone; what remains is the data the page
        // reads, at low priority, so nothing competes with the first paint.
        assert!(!page.contains("modulepreload"));
        for preload in page.split("<link rel=\"preload\"").skip(1) {
            let tag = &preload[..preload.find('>').unwrap_or(preload.len())];
            assert!(
                tag.contains(".json\" as=\"fetch\"") && tag.contains("fetchpriority=\"low\""),
                "{tag}"
            );
        }
        assert_eq!(inline_scripts(page), 0, "no page has an inline script");
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!page.contains("unsafe-inline"));
        assert!(!page.contains("'sha256-"), "the policy names no hash");
        assert!(page.contains("<meta name=\"referrer\" content=\"no-referrer\" />"));
    }
    let boot_name = home
        .split("src=\"/x/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a script src");
    assert!(
        boot_name.starts_with("boot-") && boot_name.ends_with(".js"),
        "{boot_name}"
    );
    let boot = read(&dist.join(boot_name));
    assert!(boot.contains("await import(\"/x/app-0123.js\")"));
    assert!(boot.contains("module_or_path: \"/x/app-0123_bg.wasm\""));
    assert!(read(&dist.join("_headers")).contains("frame-ancestors 'none'"));
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn running_twice_changes_nothing() {
    let dist = fresh_dist("twice");
    pages(&dist);
    let read_all = || {
        [
            "index.html",
            "404.html",
            "incidents/example-2021-01-01/index.html",
        ]
        .map(|page| read(&dist.join(page)))
    };
    let first = read_all();
    pages(&dist);
    let second = read_all();
    assert_eq!(first, second);
    assert!(
        !second[1].contains("id=\"prerendered\""),
        "404.html has no page's content"
    );
    assert_eq!(first[0].matches("id=\"prerendered\"").count(), 1);
    let _ = std::fs::remove_dir_all(&dist);
}

#[test]
fn the_index_carries_the_mechanisms_and_each_full_entry_reads_against_them() {
    use incident_atlas::catalogue::load::{load_catalogue, load_incident, load_index};
    use incident_atlas::timeline::Atlas;

    let fixture = "tests/fixtures/valid/mechanisms.json";
    let dist = fresh_dist("mechanisms");
    pages_of(&dist, fixture);
    let source = load_catalogue(&read(Path::new(fixture)))
        .expect("the fixture loads")
        .catalogue;
    let index = load_index(&read(&dist.join("catalogue.json"))).expect("the index loads");
    assert!(index.problems.is_empty(), "{:#?}", index.problems);
    assert_eq!(index.mechanisms, source.mechanisms);
    // An incident page checks its full entry against the index's taxonomy, mechanisms and all.
    let atlas =
        Atlas::from_entries(index.failure_types, index.entries).with_mechanisms(index.mechanisms);
    let id = source.incidents[0].id.as_str();
    let entry = read(&dist.join(format!("incidents/{id}.json")));
    let incident = load_incident(&entry, &atlas.taxonomy(), id).expect("the entry loads");
    assert_eq!(incident, source.incidents[0]);
    // The index carries what the mechanism filters read, as the full entries give it.
    let whole = Atlas::new(source.clone());
    for index_entry in 0..atlas.len() {
        let (read, built) = (atlas.incident(index_entry), whole.incident(index_entry));
        assert!(!read.mechanisms.is_empty() && read.mechanisms == built.mechanisms);
        assert_eq!(read.led_to, built.led_to);
    }
    assert!(!read(&dist.join("catalogue.json")).contains("\"leads_to\""));

    // A catalogue without mechanisms writes an index without the key.
    let plain = fresh_dist("no-mechanisms");
    pages(&plain);
    assert!(!read(&plain.join("catalogue.json")).contains("\"mechanisms\""));
    let _ = std::fs::remove_dir_all(&dist);
    let _ = std::fs::remove_dir_all(&plain);
}

/// The text between the first `start` after `from` and the `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let at = text.find(start).map_or(text.len(), |at| at + start.len());
    let rest = &text[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn writes_the_map_and_a_page_per_mechanism_with_its_own_head() {
    use incident_atlas::catalogue::load::load_catalogue;
    use incident_atlas::site::markup::mechanisms::atlas_map;
    use incident_atlas::timeline::Atlas;

    let catalogue = "public/catalogue.json";
    let dist = fresh_dist("mechanism-pages");
    pages_of(&dist, catalogue);
    let atlas = Atlas::new(
        load_catalogue(&read(Path::new(catalogue)))
            .expect("the catalogue loads")
            .catalogue,
    );
    let map = atlas_map(&atlas);
    assert!(!map.mechanisms.is_empty() && !map.arrows.is_empty());

    let page = read(&dist.join("mechanisms/index.html"));
    assert!(page.contains("<title>Mechanisms — Incident Atlas</title>"));
    assert!(
        page.contains("<meta property=\"og:title\" content=\"Mechanisms — Incident Atlas\" />")
    );
    assert!(page.contains("<meta property=\"og:type\" content=\"website\" />"));
    assert!(page.contains("<h1 tabindex=\"-1\">Mechanisms</h1>"));
    assert!(page.contains("<a href=\"/x/mechanisms\" aria-current=\"page\">Mechanisms</a>"));
    // The table lists exactly the map's arrows, with their weights, most first.
    let rows: Vec<&str> = between(&page, "<tbody>", "</tbody>")
        .split("<tr>")
        .skip(1)
        .collect();
    assert_eq!(rows.len(), map.arrows.len());
    // A row is `<td>from</td><td>to</td><td>weight</td>`.
    let cells = |row: &str| -> Vec<String> {
        row.split("<td>")
            .skip(1)
            .map(|cell| cell[..cell.find("</td>").unwrap_or(cell.len())].to_owned())
            .collect()
    };
    let mut listed: Vec<(String, String, usize)> = rows
        .iter()
        .map(|row| {
            let cells = cells(row);
            let id = |cell: &String| between(cell, "/x/mechanisms/", "\"").to_owned();
            (
                id(&cells[0]),
                id(&cells[1]),
                cells[2].parse().expect("a number"),
            )
        })
        .collect();
    let weights: Vec<usize> = listed.iter().map(|row| row.2).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    let mut arrows: Vec<(String, String, usize)> = map
        .arrows
        .iter()
        .map(|a| {
            let id = |i: usize| map.mechanisms[i].mechanism.id.to_string();
            (id(a.from), id(a.to), a.weight())
        })
        .collect();
    listed.sort();
    arrows.sort();
    assert_eq!(listed, arrows);
    // Each mechanism is a link in the drawing, and each arrow says its weight in words.
    assert_eq!(
        page.matches("<a class=\"map__node\"").count(),
        map.mechanisms.len()
    );
    assert_eq!(
        page.matches("<path class=\"map__arrow\"").count(),
        map.arrows.len()
    );

    for entry in &map.mechanisms {
        let id = entry.mechanism.id.as_str();
        let page = read(&dist.join(format!("mechanisms/{id}/index.html")));
        let title = format!("{} — Mechanisms — Incident Atlas", entry.mechanism.label);
        let title = html_escape::encode_text(&title).into_owned();
        assert!(page.contains(&format!("<title>{title}</title>")), "{id}");
        assert!(page.contains("<meta property=\"og:title\""), "{id}");
        assert!(page.contains("<meta property=\"og:description\""), "{id}");
        let h1 = html_escape::encode_text(&entry.mechanism.label).into_owned();
        assert!(
            page.contains(&format!("<h1 tabindex=\"-1\">{h1}</h1>")),
            "{id}"
        );
        assert!(page.contains(&format!("href=\"/x/?mech={id}\"")), "{id}");
        assert_eq!(page.matches("id=\"prerendered\"").count(), 1, "{id}");
        assert_eq!(
            page.matches("<li><a href=\"/x/incidents/").count(),
            entry.incidents,
            "{id}: one item per incident"
        );
    }
    let _ = std::fs::remove_dir_all(&dist);
}
