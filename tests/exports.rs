//! What `atlas pages` writes for other tools, read back as those tools would: `feed.xml` with
//! an Atom parser (every entry's link must be a page the build wrote), `catalogue.csv` with an
//! RFC 4180 parser (every row must say what the catalogue says, hostile text included), and
//! the correction link, which only a build that knows its repository has.

mod common;
#[path = "common/dist.rs"]
mod dist;

use std::path::{Path, PathBuf};

use common::atlas;
use dist::{fresh_dist, read};
use incident_atlas::catalogue::load::load_catalogue;
use incident_atlas::catalogue::{Catalogue, IncidentFacts, LinkKind};
use incident_atlas::site::exports::{CSV_COLUMNS, FEED_LENGTH, inert_cell};

const SITE_URL: &str = "https://someone.github.io";
const REPOSITORY: &str = "https://github.com/someone/incident-atlas";

/// `atlas pages` over a fresh build of `catalogue`, with these extra arguments; its output.
fn build(name: &str, catalogue: &str, extra: &[&str]) -> (PathBuf, String) {
    let dist = fresh_dist("exports", name);
    let mut args = vec![
        "pages",
        dist.to_str().expect("utf-8 path"),
        "--catalogue",
        catalogue,
        "--base",
        "/x/",
    ];
    args.extend_from_slice(extra);
    let out = atlas(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dist, String::from_utf8_lossy(&out.stdout).into_owned())
}

fn catalogue(path: &str) -> Catalogue {
    let text = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path));
    let loaded = load_catalogue(&text).expect("a catalogue");
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.catalogue
}

#[test]
fn every_feed_entry_links_to_a_built_incident_page() {
    let (dist, said) = build(
        "feed",
        "public/catalogue.json",
        &["--site-url", &format!("{SITE_URL}/")],
    );
    assert!(!said.contains("note: no site URL"), "{said}");
    let feed: atom_syndication::Feed = read(&dist.join("feed.xml")).parse().expect("Atom");
    let bundled = catalogue("public/catalogue.json");
    let dated = bundled
        .incidents
        .iter()
        .filter(|i| i.added.is_some())
        .count();
    assert_eq!(feed.entries.len(), dated.min(FEED_LENGTH));
    assert_eq!(
        feed.links
            .iter()
            .find(|l| l.rel == "self")
            .map(|l| l.href.as_str()),
        Some("https://someone.github.io/x/feed.xml")
    );

    let mut previous_added = None;
    for entry in &feed.entries {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel == "alternate")
            .expect("an alternate link");
        let path = link
            .href
            .strip_prefix("https://someone.github.io/x/incidents/")
            .unwrap_or_else(|| panic!("{} is not an incident page's URL", link.href));
        assert_eq!(entry.id, link.href, "the page's URL is the entry's id");
        let page = dist.join("incidents").join(path).join("index.html");
        assert!(page.is_file(), "{} has no page", link.href);
        let incident = bundled
            .incidents
            .iter()
            .find(|i| i.id.as_str() == path)
            .expect("an incident of the catalogue");
        assert_eq!(entry.title.value, incident.title);
        assert!(
            read(&page).contains(&format!("<title>{}", html_escape(&incident.title))),
            "{path}: the page is the entry's incident"
        );
        let summary = entry.summary.as_ref().expect("a summary");
        assert!(summary.value.starts_with(&incident.organisation), "{path}");
        assert!(summary.value.contains(&incident.summary), "{path}");
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.value.as_deref())
            .expect("content");
        assert!(
            content.contains(&incident.start.date_long()),
            "{path}: the incident's date"
        );
        let added = incident.added.expect("listed, so dated");
        assert!(
            content.contains(&added.to_string()),
            "{path}: the day added"
        );
        assert_eq!(
            entry.published.map(|d| d.to_rfc3339()),
            Some(format!("{added}T00:00:00+00:00"))
        );
        if let Some(previous) = previous_added {
            assert!(added <= previous, "the latest added first");
        }
        previous_added = Some(added);
    }
}

#[test]
fn without_a_site_url_the_feed_is_written_with_rooted_links_and_a_note() {
    let (dist, said) = build(
        "feed-local",
        "tests/fixtures/valid/spreadsheet-hostile.json",
        &[],
    );
    assert!(said.contains("note: no site URL"), "{said}");
    let feed: atom_syndication::Feed = read(&dist.join("feed.xml")).parse().expect("Atom");
    let hrefs: Vec<&str> = feed
        .entries
        .iter()
        .flat_map(|e| &e.links)
        .map(|l| l.href.as_str())
        .collect();
    assert_eq!(
        hrefs,
        [
            "/x/incidents/example-2021-01-01",
            "/x/incidents/example-2022-02-02"
        ]
    );
    assert!(feed.entries.iter().all(|e| e.id.starts_with("urn:uuid:")));
    // Hostile text arrives as text: quotes, markup and line breaks.
    assert_eq!(
        feed.entries[1].title.value,
        "-1 is not a number here; @handle <b>not bold</b>"
    );
    assert_eq!(
        feed.entries[0].title.value,
        "Quotes \"like this\", commas, and\na line break"
    );
}

#[test]
fn every_page_names_the_feed_and_the_correction_link_once_even_built_twice() {
    let repository = ["--repo-url", REPOSITORY];
    let (dist, _) = build(
        "feed-link",
        "tests/fixtures/valid/minimal.json",
        &repository,
    );
    let pages = [
        "index.html",
        "404.html",
        "incidents/example-2021-01-01/index.html",
        "compare/index.html",
    ];
    let first = pages.map(|page| read(&dist.join(page)));
    let out = atlas(&[
        "pages",
        dist.to_str().expect("utf-8 path"),
        "--catalogue",
        "tests/fixtures/valid/minimal.json",
        "--base",
        "/x/",
        "--repo-url",
        REPOSITORY,
    ]);
    assert!(out.status.success());
    let second = pages.map(|page| read(&dist.join(page)));
    assert_eq!(first, second, "a second run writes the same pages");
    for (page, html) in pages.iter().zip(&second) {
        assert_eq!(
            html.matches(r#"<link rel="alternate" type="application/atom+xml""#)
                .count(),
            1,
            "{page}"
        );
        assert!(html.contains(r#"href="/x/feed.xml""#), "{page}");
        assert_eq!(
            html.matches(r#"<meta name="incident-atlas-correction-link""#)
                .count(),
            1,
            "{page}"
        );
        assert_eq!(
            html.matches(r#"<footer class="site-footer">"#).count(),
            1,
            "{page}: the footer, with the downloads, once"
        );
        assert!(html.contains(r#"<a href="/x/catalogue.csv""#), "{page}");
    }
}

/// The app mounts into its own element, so that the footer `atlas pages` writes after it stays
/// last on the page.
#[test]
fn the_app_mounts_before_the_footer() {
    use incident_atlas::site::contract::id::APP;
    let index = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html"));
    assert_eq!(
        index.matches(&format!(r#"<div id="{APP}"></div>"#)).count(),
        1
    );
}

#[test]
fn the_csv_reads_back_as_the_catalogue_hostile_text_and_all() {
    for fixture in [
        "tests/fixtures/valid/spreadsheet-hostile.json",
        "public/catalogue.json",
    ] {
        let (dist, _) = build("csv", fixture, &["--site-url", SITE_URL]);
        let bytes = std::fs::read(dist.join("catalogue.csv")).expect("catalogue.csv");
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "a UTF-8 byte order mark"
        );
        let text = String::from_utf8(bytes).expect("UTF-8");
        assert!(text.contains("\r\n"), "CRLF line ends");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("a header")
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_owned())
            .collect();
        assert_eq!(header, CSV_COLUMNS);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        let catalogue = catalogue(fixture);
        assert_eq!(rows.len(), catalogue.incidents.len(), "{fixture}");
        for (row, incident) in rows.iter().zip(&catalogue.incidents) {
            let cell = |name: &str| {
                let index = CSV_COLUMNS.iter().position(|c| *c == name).expect(name);
                row.get(index).expect("a cell").to_owned()
            };
            let id = incident.id.as_str();
            assert_eq!(cell("id"), id);
            assert_eq!(
                cell("organisation"),
                inert_cell(&incident.organisation),
                "{id}"
            );
            assert_eq!(cell("title"), inert_cell(&incident.title), "{id}");
            assert_eq!(cell("start"), incident.start.to_string(), "{id}");
            assert_eq!(
                cell("end"),
                incident.end.map(|e| e.to_string()).unwrap_or_default(),
                "{id}"
            );
            assert_eq!(
                cell("duration_minutes"),
                incident
                    .duration_minutes()
                    .map(|m| m.to_string())
                    .unwrap_or_default()
            );
            assert_eq!(cell("trigger"), incident.failure_types.trigger.as_str());
            let contributing: Vec<&str> = incident
                .failure_types
                .contributing
                .iter()
                .map(|t| t.as_str())
                .collect();
            assert_eq!(cell("contributing_failure_types"), contributing.join("; "));
            for mechanism in cell("mechanisms").split("; ").filter(|m| !m.is_empty()) {
                assert!(
                    incident.causal_chain.nodes.iter().any(|n| n
                        .mechanism
                        .as_ref()
                        .is_some_and(|m| m.as_str() == mechanism)),
                    "{id}: {mechanism}"
                );
            }
            let first = |kind: LinkKind| {
                incident
                    .links
                    .iter()
                    .find(|l| l.kind == kind)
                    .map(|l| l.url.as_str().to_owned())
                    .unwrap_or_default()
            };
            assert_eq!(cell("postmortem_url"), first(LinkKind::Postmortem));
            assert_eq!(cell("status_page_url"), first(LinkKind::StatusPage));
            assert_eq!(
                cell("page_url"),
                format!("https://someone.github.io/x/incidents/{id}")
            );
        }
    }
}

#[test]
fn a_cell_that_a_spreadsheet_would_run_is_inert() {
    let (dist, _) = build(
        "csv-formula",
        "tests/fixtures/valid/spreadsheet-hostile.json",
        &[],
    );
    let text = read(&dist.join("catalogue.csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    // Organisation and title of each row: none starts a formula.
    let cells: Vec<&str> = rows
        .iter()
        .flat_map(|row| [row.get(1), row.get(2)])
        .map(|cell| cell.expect("a cell"))
        .collect();
    assert_eq!(
        cells,
        [
            "'=HYPERLINK(\"https://evil.example\",\"click\"), Ltd",
            "Quotes \"like this\", commas, and\na line break",
            "'+Plus, Minus & Co",
            "'-1 is not a number here; @handle <b>not bold</b>",
        ]
    );
    // Without a site URL, pages are given by their path.
    assert_eq!(rows[0].get(11), Some("/x/incidents/example-2021-01-01"));
}

#[test]
fn the_correction_link_carries_the_id_and_needs_a_repository() {
    let id = "example-2021-01-01";
    let (without, said) = build("no-repo", "tests/fixtures/valid/minimal.json", &[]);
    assert!(said.contains("note: no repository"), "{said}");
    let page = read(&without.join(format!("incidents/{id}/index.html")));
    assert!(!page.contains("Suggest a correction"));
    assert!(!page.contains("incident-atlas-correction-link"));
    assert!(
        page.contains(&format!(r#"href="/x/incidents/{id}.json""#)),
        "the entry as JSON, with or without a repository"
    );

    let (with, said) = build(
        "repo",
        "tests/fixtures/valid/minimal.json",
        &[
            "--site-url",
            SITE_URL,
            "--repo-url",
            &format!("{REPOSITORY}.git"),
        ],
    );
    assert!(!said.contains("note: no repository"), "{said}");
    let page = read(&with.join(format!("incidents/{id}/index.html")));
    assert!(page.contains(&format!(
        r#"<meta name="incident-atlas-correction-link" content="{REPOSITORY}/issues/new?"#
    )));
    let link = page
        .split(r#"<a href=""#)
        .find(|part| part.contains("Suggest a correction"))
        .and_then(|part| part.split('"').next())
        .expect("a correction link");
    let link = link.replace("&amp;", "&");
    let (address, query) = link.split_once('?').expect("a query");
    assert_eq!(address, format!("{REPOSITORY}/issues/new"));
    let pairs: Vec<(String, String)> = form_urlencoded_pairs(query);
    assert!(pairs.contains(&("incident".to_owned(), id.to_owned())));
    assert!(pairs.contains(&(
        "page".to_owned(),
        format!("https://someone.github.io/x/incidents/{id}")
    )));
    assert!(pairs.contains(&("template".to_owned(), "correction.yml".to_owned())));

    let out = atlas(&[
        "pages",
        with.to_str().expect("utf-8 path"),
        "--catalogue",
        "tests/fixtures/valid/minimal.json",
        "--repo-url",
        "javascript:alert(1)",
    ]);
    assert!(
        !out.status.success(),
        "a repository that is no https address is refused"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a repository's address"));
}

/// The correction form's fields that the link fills in are the form's own.
#[test]
fn the_correction_form_has_the_fields_the_link_fills_in() {
    use incident_atlas::site::corrections::{CORRECTION_FORM, INCIDENT_FIELD, PAGE_FIELD};
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(".github/ISSUE_TEMPLATE")
        .join(CORRECTION_FORM);
    let docs = yaml_rust2::YamlLoader::load_from_str(&read(&path)).expect("YAML");
    let ids: Vec<&str> = docs[0]["body"]
        .as_vec()
        .expect("a body")
        .iter()
        .filter_map(|field| field["id"].as_str())
        .collect();
    for field in [INCIDENT_FIELD, PAGE_FIELD] {
        assert!(ids.contains(&field), "{field} in {ids:?}");
    }
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
