//! The rundown importer and exporter: the seed file, broken rundowns pointing at their line,
//! and the round trip of the whole catalogue.

mod common;

use common::atlas;
use std::path::Path;

use incident_atlas::authoring::rundown::{export_rundown, import_rundown};
use incident_atlas::catalogue::check::check_incident;
use incident_atlas::catalogue::load::load_catalogue;
use incident_atlas::catalogue::{IncidentFacts, Inline, LinkKind, Moment};

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
fn text_that_looks_like_rundown_syntax_survives_the_round_trip() {
    // What `atlas export` then `atlas import` changed: a summary's second line became the
    // impact, an organisation's ` - ` moved the rest into the title, the year 999 was written
    // `# 999` (no year), two text runs became one, and a detail lost its outer spaces.
    let mut catalogue = load_catalogue(&read("tests/fixtures/valid/minimal.json"))
        .unwrap()
        .catalogue;
    let incident = &mut catalogue.incidents[0];
    incident.summary = "One sentence.\nimpact: x".into();
    incident.organisation = "Acme - EU".into();
    incident.start = Moment::parse("0999-01-01").unwrap();
    incident.end = None;
    incident
        .write_up
        .push(vec![Inline::Text(String::new()), Inline::Text("x".into())]);
    incident.causal_chain.nodes[0].detail = Some(" - ".into());
    assert!(check_incident(&catalogue.incidents[0], &catalogue).is_empty());
    let imported = import_rundown(&export_rundown(&catalogue));
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    catalogue.schema = imported.catalogue.schema.clone();
    assert_eq!(imported.catalogue, catalogue);
}

#[test]
fn quoted_texts_read_as_their_json_strings() {
    let imported = import_rundown(&read("tests/fixtures/rundown-quoted/quoted.md"));
    assert!(imported.errors.is_empty(), "{:?}", imported.errors);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let catalogue = &imported.catalogue;
    assert_eq!(catalogue.failure_types[0].label, "Config | deploy");
    let incident = &catalogue.incidents[0];
    assert_eq!(incident.organisation, "Example - EU");
    assert_eq!(incident.title, "A record goes missing - twice");
    assert_eq!(
        incident.summary,
        "A bad setting broke name resolution.\nimpact: none, this line is the summary's."
    );
    assert_eq!(incident.impact, "  Lookups failed for ninety minutes.  ");
    assert_eq!(
        incident.remediation,
        [
            "Restored the record.",
            "\"Quoted\" words in a plain text stay as they are."
        ]
    );
    assert_eq!(
        incident.links[1].title.as_deref(),
        Some("Notes | with a bar")
    );
    assert_eq!(
        incident.write_up[1],
        [
            Inline::Text("The failing query was ".into()),
            Inline::Code {
                code: "dig NS\nexample.com".into()
            },
            Inline::Text(".".into()),
        ]
    );
    let chain = &incident.causal_chain;
    assert_eq!(chain.nodes[0].label, "  indented label");
    assert_eq!(chain.nodes[0].detail.as_deref(), Some("```"));
    assert_eq!(chain.nodes[1].id.as_str(), "node");
    assert_eq!(chain.edges.len(), 2);
    assert_eq!(
        import_rundown(&export_rundown(catalogue)).catalogue,
        *catalogue
    );
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

/// Catalogues whose every text field is hostile to the rundown's syntax, and that pass the
/// catalogue's checks: the round trip must hold for any catalogue `atlas check` accepts.
mod hostile {
    use incident_atlas::authoring::rundown::{export_rundown, import_rundown};
    use incident_atlas::catalogue::load::load_catalogue;
    use incident_atlas::catalogue::{
        CATALOGUE_VERSION, Catalogue, CausalChain, ChainEdge, ChainNode, Day, FailureType, HttpUrl,
        Incident, IncidentFailureTypes, Inline, Link, LinkKind, Mechanism, Moment, NodeKind,
        Paragraph, Slug,
    };
    use proptest::prelude::*;
    use proptest::sample::subsequence;

    /// Pieces of the rundown's own syntax, of markdown's, and text that trimming or line
    /// splitting would change.
    const PIECES: &[&str] = &[
        "\n",
        "impact: x",
        "\nimpact: x",
        " - ",
        "-",
        "`",
        "``",
        "```",
        "\n```\n",
        "```atlas",
        "|",
        " | ",
        "->",
        "#",
        "# ",
        "### ",
        "\"",
        "\"q\"",
        "\\",
        "\\n",
        " ",
        "  ",
        "\t",
        "\r",
        "\r\n",
        "&amp;",
        "&#10;",
        "[",
        "]",
        "](",
        "<",
        ">",
        "*",
        "_",
        "1. ",
        "1)",
        "- ",
        "+",
        ":",
        ",",
        "node a event: b",
        "    ",
        "word",
        "x",
        "é",
        "日本",
        "\u{3000}",
        "\u{a0}",
        "\u{2028}",
        "\u{200b}",
        "\u{0}",
        "😀",
    ];

    /// Any text, empty included.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(str::to_owned),
            1 => proptest::collection::vec(any::<char>(), 1..3).prop_map(String::from_iter),
        ];
        proptest::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
    }

    /// Text with something other than white space in it, as the catalogue requires.
    fn words() -> impl Strategy<Value = String> {
        text().prop_map(|text| {
            if text.trim().is_empty() {
                text + "x"
            } else {
                text
            }
        })
    }

    fn url() -> impl Strategy<Value = HttpUrl> {
        // Every printable ASCII character but the space may be in a link.
        "https?://[a-z]{1,5}\\.example(/[!-~]{0,12})?"
            .prop_map(|text| HttpUrl::parse(&text).expect("a generated link is http(s)"))
    }

    fn slug() -> impl Strategy<Value = Slug> {
        "[a-z0-9]{1,4}(-[a-z0-9]{1,3}){0,2}"
            .prop_map(|text| Slug::parse(&text).expect("a generated id is a slug"))
    }

    fn run() -> impl Strategy<Value = Inline> {
        prop_oneof![
            text().prop_map(Inline::Text),
            words().prop_map(|code| Inline::Code { code }),
            (words(), url()).prop_map(|(text, href)| Inline::Link { text, href }),
        ]
    }

    fn paragraph() -> impl Strategy<Value = Paragraph> {
        proptest::collection::vec(run(), 1..5).prop_map(|mut runs| {
            let words: String = runs.iter().map(Inline::text).collect();
            if words.trim().is_empty() {
                runs.push(Inline::Text("x".into()));
            }
            runs
        })
    }

    /// A start and an end no earlier than it, on days from year 0 to 9998; often on one of a
    /// few days, so that incidents share their date headings.
    fn moments() -> impl Strategy<Value = (Moment, Option<Moment>)> {
        let day = prop_oneof![
            (2020..=2021i32, 1..=2u8, 1..=2u8),
            (0..=9998i32, 1..=12u8, 1..=28u8)
        ];
        let time = proptest::option::of((0..24u8, 0..60u8));
        (
            day,
            time,
            proptest::option::of((0..5_000i64, any::<bool>())),
        )
            .prop_map(|((year, month, day), time, end)| {
                let month = time::Month::try_from(month).expect("1 to 12");
                let date = time::Date::from_calendar_date(year, month, day).expect("a day");
                let time = time.map(|(h, m)| time::Time::from_hms(h, m, 0).expect("a time"));
                let start = Moment { date, time };
                let end = end.map(|(minutes, timed)| {
                    let at =
                        time::PrimitiveDateTime::new(date, time.unwrap_or(time::Time::MIDNIGHT))
                            + time::Duration::minutes(minutes);
                    Moment {
                        date: at.date(),
                        time: timed.then_some(at.time()),
                    }
                });
                (start, end)
            })
    }

    fn link() -> impl Strategy<Value = Link> {
        let kind = proptest::sample::select(
            &[LinkKind::StatusPage, LinkKind::Postmortem, LinkKind::Other][..],
        );
        (kind, url(), proptest::option::of(words())).prop_map(|(kind, url, title)| Link {
            kind,
            url,
            title,
        })
    }

    /// An acyclic chain whose first node is a trigger and whose every other node that needs
    /// a cause has one: edges only go from earlier nodes to later ones. A node may name one of
    /// `mechanisms`.
    fn chain(mechanisms: Vec<Slug>) -> impl Strategy<Value = CausalChain> {
        let mechanism = proptest::option::of(any::<prop::sample::Index>()).prop_map(move |at| {
            at.filter(|_| !mechanisms.is_empty())
                .map(|at| at.get(&mechanisms).clone())
        });
        let node = (
            proptest::sample::select(&NodeKind::ALL[..]),
            words(),
            proptest::option::of(words()),
            mechanism,
        );
        (any::<bool>(), proptest::collection::vec(node, 1..5))
            .prop_flat_map(|(first_is_node, nodes)| {
                let count = nodes.len();
                let causes =
                    proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>()), count);
                (Just(first_is_node), Just(nodes), causes)
            })
            .prop_map(|(first_is_node, nodes, causes)| {
                // `node` is an id too: its edges must not be read as node lines.
                let id = |n: usize| {
                    let text = if n == 0 && first_is_node {
                        "node".to_owned()
                    } else {
                        format!("n{n}")
                    };
                    Slug::parse(&text).expect("a node id is a slug")
                };
                let nodes: Vec<ChainNode> = nodes
                    .into_iter()
                    .enumerate()
                    .map(|(n, (kind, label, detail, mechanism))| ChainNode {
                        id: id(n),
                        kind: if n == 0 { NodeKind::Trigger } else { kind },
                        label,
                        detail,
                        mechanism,
                    })
                    .collect();
                let mut edges = Vec::new();
                for (n, (from, extra)) in causes.into_iter().enumerate().skip(1) {
                    let needs_cause =
                        !matches!(nodes[n].kind, NodeKind::Trigger | NodeKind::Condition);
                    if needs_cause || extra {
                        edges.push(ChainEdge {
                            from: id(from.index(n)),
                            to: id(n),
                        });
                    }
                }
                CausalChain { nodes, edges }
            })
    }

    fn incident(
        index: usize,
        taxonomy: Vec<Slug>,
        mechanisms: Vec<Slug>,
    ) -> impl Strategy<Value = Incident> {
        let texts = (words(), words(), words(), words());
        let types = (
            proptest::sample::select(taxonomy.clone()),
            subsequence(taxonomy.clone(), 0..=taxonomy.len().min(2)),
        );
        let lists = (
            proptest::collection::vec(paragraph(), 1..4),
            proptest::collection::vec(words(), 1..3),
            proptest::collection::vec(link(), 1..4),
            proptest::collection::vec(url(), 1..3),
        );
        (slug(), texts, moments(), types, lists, chain(mechanisms)).prop_map(
            move |(id, texts, (start, end), types, lists, causal_chain)| {
                let (organisation, title, summary, impact) = texts;
                let (trigger, contributing) = types;
                let (write_up, remediation, links, sources) = lists;
                Incident {
                    // The index keeps ids unique.
                    id: Slug::parse(&format!("{id}-{index}")).expect("a slug"),
                    organisation,
                    // A third with a sector, from the list.
                    sector: index.is_multiple_of(3).then(|| {
                        let (id, _) = incident_atlas::catalogue::SECTORS[index % 11];
                        Slug::parse(id).expect("a slug")
                    }),
                    title,
                    start,
                    end,
                    // Half with the day it joined (the start's), half without.
                    added: index.is_multiple_of(2).then_some(Day(start.date)),
                    summary,
                    write_up,
                    impact,
                    remediation,
                    failure_types: IncidentFailureTypes {
                        contributing: contributing.into_iter().filter(|t| *t != trigger).collect(),
                        trigger,
                    },
                    links,
                    sources,
                    causal_chain,
                }
            },
        )
    }

    /// Up to three mechanisms, ids from the hostile slugs (`node` among them) made unique.
    fn mechanisms() -> impl Strategy<Value = Vec<Mechanism>> {
        proptest::collection::vec((slug(), words(), words()), 0..4).prop_map(|entries| {
            entries
                .into_iter()
                .enumerate()
                .map(|(n, (id, label, description))| Mechanism {
                    id: Slug::parse(&format!("{id}-{n}")).expect("a slug"),
                    label,
                    description,
                })
                .collect()
        })
    }

    fn catalogue() -> impl Strategy<Value = Catalogue> {
        let failure_type = (words(), words());
        let taxonomy = (proptest::collection::vec(failure_type, 1..4), mechanisms());
        (taxonomy, 1..4usize)
            .prop_flat_map(|((types, mechanisms), count)| {
                let failure_types: Vec<FailureType> = types
                    .into_iter()
                    .enumerate()
                    .map(|(n, (label, description))| FailureType {
                        id: Slug::parse(&format!("type-{n}")).expect("a slug"),
                        label,
                        description,
                    })
                    .collect();
                let ids: Vec<Slug> = failure_types.iter().map(|t| t.id.clone()).collect();
                let named: Vec<Slug> = mechanisms.iter().map(|m| m.id.clone()).collect();
                let incidents: Vec<_> = (0..count)
                    .map(|n| incident(n, ids.clone(), named.clone()))
                    .collect();
                (Just(failure_types), Just(mechanisms), incidents)
            })
            .prop_map(|(failure_types, mechanisms, incidents)| Catalogue {
                // What an import names: the rundown does not carry it.
                schema: Some("./catalogue.schema.json".into()),
                version: CATALOGUE_VERSION,
                failure_types,
                mechanisms,
                incidents,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            // A failure prints its smallest case; the tests above keep those found so far.
            failure_persistence: None,
            // Catalogues are flat-mapped strategies, which take many steps to shrink.
            max_shrink_iters: 20_000,
            ..ProptestConfig::default()
        })]

        #[test]
        fn a_valid_catalogue_exports_and_imports_unchanged(catalogue in catalogue()) {
            let json = serde_json::to_string(&catalogue).expect("serialises");
            let loaded = load_catalogue(&json).expect("loads");
            // The generator makes only catalogues that `atlas check` accepts.
            prop_assert!(loaded.problems.is_empty(), "not valid: {:?}", loaded.problems);
            prop_assert_eq!(&loaded.catalogue, &catalogue);
            let rundown = export_rundown(&catalogue);
            let imported = import_rundown(&rundown);
            prop_assert!(imported.errors.is_empty(), "{:?}\n{rundown}", imported.errors);
            prop_assert_eq!(&imported.catalogue, &catalogue, "\n{}", rundown);
        }
    }
}
