//! A deterministic synthetic catalogue for benchmarks: any number of incidents with the text
//! lengths and chain shapes of the real ones. Clearly fictional (example.com links, "Example"
//! organisations); never bundled with the site.

use crate::catalogue::{
    CATALOGUE_VERSION, Catalogue, CausalChain, ChainEdge, ChainNode, Day, FailureType, HttpUrl,
    Incident, IncidentFailureTypes, Inline, Link, LinkKind, Moment, NodeKind, Paragraph, Slug,
};
use crate::random::XorShift;

const WORDS: [&str; 48] = [
    "cache",
    "cluster",
    "primary",
    "replica",
    "switch",
    "router",
    "deploy",
    "config",
    "queue",
    "worker",
    "region",
    "zone",
    "database",
    "index",
    "lease",
    "quorum",
    "leader",
    "election",
    "timeout",
    "retry",
    "storm",
    "backlog",
    "certificate",
    "resolver",
    "record",
    "gateway",
    "balancer",
    "shard",
    "partition",
    "failover",
    "rollback",
    "canary",
    "pipeline",
    "scheduler",
    "control",
    "plane",
    "edge",
    "origin",
    "storage",
    "volume",
    "network",
    "link",
    "packet",
    "latency",
    "error",
    "overload",
    "capacity",
    "limit",
];

/// Random words and sentences from the layout's xorshift generator: the same seed always
/// gives the same catalogue.
struct Rng(XorShift);

/// The day the example at `index` joined: a few a day from the start of 2025, later ones later.
/// Drawn from the index, not the generator, so that each seed gives the catalogue it gave before
/// incidents had this field.
fn added_on(index: usize) -> Day {
    let first =
        time::Date::from_calendar_date(2025, time::Month::January, 1).unwrap_or(time::Date::MIN);
    let days = i64::try_from(index / 3).unwrap_or(0);
    Day(first.saturating_add(time::Duration::days(days)))
}

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }

    fn words(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| WORDS[self.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A sentence of `min` to `min + spread - 1` words.
    fn sentence_between(&mut self, min: usize, spread: usize) -> String {
        let words = min + self.below(spread);
        self.sentence(words)
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = self.words(words);
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        text + "."
    }

    fn sentences(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| {
                let words = 8 + self.below(12);
                self.sentence(words)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn url(path: &str) -> HttpUrl {
    HttpUrl::parse(&format!("https://example.com/{path}")).unwrap_or_else(|_| unreachable_url())
}

fn unreachable_url() -> HttpUrl {
    // The generated paths are plain ASCII; this only satisfies the type.
    HttpUrl::parse("https://example.com/").expect("a constant URL is valid")
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("generated ids are lower-case words and digits")
}

/// How many fictional organisations the incidents are spread over.
const ORGANISATIONS: usize = 400;

/// `count` incidents using the given taxonomy (which must not be empty).
pub fn generate_catalogue(count: usize, seed: u64, failure_types: Vec<FailureType>) -> Catalogue {
    let mut rng = Rng(XorShift::new(seed));
    let type_ids: Vec<Slug> = failure_types.iter().map(|t| t.id.clone()).collect();
    let incidents = (0..count)
        .map(|index| generate_incident(&mut rng, index, &type_ids))
        .collect();
    Catalogue {
        schema: None,
        version: CATALOGUE_VERSION,
        failure_types,
        mechanisms: Vec::new(),
        incidents,
    }
}

/// The incident at `index`. Each part draws from `rng` in turn, so the order of the steps
/// decides the catalogue a seed gives.
fn generate_incident(rng: &mut Rng, index: usize, type_ids: &[Slug]) -> Incident {
    let (start, end) = rng.period();
    let nodes = rng.chain_nodes();
    let edges = rng.chain_edges(&nodes);
    let failure_types = rng.failure_types(type_ids);
    let title = rng.sentence_between(7, 6).trim_end_matches('.').to_owned();
    let summary = rng.sentences(2);
    let write_up = rng.write_up(index);
    let impact = rng.sentences(2);
    let remediation = (0..2 + rng.below(3)).map(|_| rng.sentences(1)).collect();
    Incident {
        id: slug(&format!("example-{index:05}")),
        title,
        organisation: format!("Example {}", 1 + index % ORGANISATIONS),
        sector: None,
        start,
        end,
        added: Some(added_on(index)),
        summary,
        write_up,
        impact,
        remediation,
        failure_types,
        links: vec![
            Link {
                kind: LinkKind::StatusPage,
                url: url(&format!("status/{index}")),
                title: None,
            },
            Link {
                kind: LinkKind::Postmortem,
                url: url(&format!("postmortem/{index}")),
                title: None,
            },
        ],
        sources: vec![url(&format!("postmortem/{index}"))],
        causal_chain: CausalChain { nodes, edges },
    }
}

impl Rng {
    /// A start to the minute between 2012 and 2025, and an end 15 minutes to 10 hours later.
    fn period(&mut self) -> (Moment, Option<Moment>) {
        let year = 2012 + self.below(14) as i32;
        let month = time::Month::try_from(1 + self.below(12) as u8).unwrap_or(time::Month::January);
        let day = 1 + self.below(28) as u8;
        let date = time::Date::from_calendar_date(year, month, day).unwrap_or(time::Date::MIN);
        let hour = self.below(24) as u8;
        let start_time = time::Time::from_hms(hour, self.below(60) as u8, 0).ok();
        let start = Moment {
            date,
            time: start_time,
        };
        let end = start_time.map(|t| {
            let duration = time::Duration::minutes(15 + self.below(600) as i64);
            let end = time::PrimitiveDateTime::new(date, t) + duration;
            Moment {
                date: end.date(),
                time: Some(end.time()),
            }
        });
        (start, end)
    }

    /// 8 to 16 steps: a trigger first, a recovery last, a condition every fifth from the
    /// fourth, and events, impacts and responses between.
    fn chain_nodes(&mut self) -> Vec<ChainNode> {
        let node_count = 8 + self.below(9);
        let kinds = [
            NodeKind::Event,
            NodeKind::Event,
            NodeKind::Impact,
            NodeKind::Response,
        ];
        (0..node_count)
            .map(|n| ChainNode {
                id: slug(&format!("step-{n}")),
                kind: match n {
                    0 => NodeKind::Trigger,
                    n if n == node_count - 1 => NodeKind::Recovery,
                    n if n % 5 == 3 => NodeKind::Condition,
                    _ => kinds[self.below(kinds.len())],
                },
                label: self.sentence_between(3, 5).trim_end_matches('.').to_owned(),
                detail: Some(self.sentences(1)),
                mechanism: None,
            })
            .collect()
    }

    /// Each step after the first follows from one of the three before it (a condition
    /// follows from nothing); a condition, and some other steps, lead to a step after them.
    /// Sorted and without duplicates.
    fn chain_edges(&mut self, nodes: &[ChainNode]) -> Vec<ChainEdge> {
        let node_count = nodes.len();
        let mut edges = Vec::new();
        for n in 1..node_count {
            if nodes[n].kind != NodeKind::Condition {
                let from = if n == 1 {
                    0
                } else {
                    n - 1 - self.below(n.min(3))
                };
                let from = if nodes[from].kind == NodeKind::Condition && from > 0 {
                    from - 1
                } else {
                    from
                };
                edges.push(ChainEdge {
                    from: nodes[from].id.clone(),
                    to: nodes[n].id.clone(),
                });
            }
            if nodes[n].kind == NodeKind::Condition || (n > 2 && self.below(4) == 0) {
                let to = (n + 1 + self.below(2)).min(node_count - 1);
                if to != n && nodes[to].kind != NodeKind::Condition {
                    edges.push(ChainEdge {
                        from: nodes[n].id.clone(),
                        to: nodes[to].id.clone(),
                    });
                }
            }
        }
        edges.sort_by(|a, b| {
            (a.from.as_str(), a.to.as_str()).cmp(&(b.from.as_str(), b.to.as_str()))
        });
        edges.dedup();
        edges
    }

    /// A trigger and up to four other types, sorted, none twice.
    fn failure_types(&mut self, type_ids: &[Slug]) -> IncidentFailureTypes {
        let trigger = type_ids[self.below(type_ids.len())].clone();
        let mut contributing: Vec<Slug> = (0..1 + self.below(4))
            .map(|_| type_ids[self.below(type_ids.len())].clone())
            .filter(|t| *t != trigger)
            .collect();
        contributing.sort();
        contributing.dedup();
        IncidentFailureTypes {
            trigger,
            contributing,
        }
    }

    /// 3 to 5 paragraphs, each with text, a name in code and a link.
    fn write_up(&mut self, index: usize) -> Vec<Paragraph> {
        (0..3 + self.below(3))
            .map(|p| {
                vec![
                    Inline::Text(self.sentences(2) + " The "),
                    Inline::Code {
                        code: self.words(1),
                    },
                    Inline::Text(format!(" {} ", self.sentences(2))),
                    Inline::Link {
                        text: self.words(2),
                        href: url(&format!("notes/{index}/{p}")),
                    },
                    Inline::Text(".".into()),
                ]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_catalogue_is_valid_and_deterministic() {
        let taxonomy: Vec<FailureType> = ["config", "dns", "network"]
            .iter()
            .map(|id| FailureType {
                id: slug(id),
                label: id.to_string(),
                description: "d".into(),
            })
            .collect();
        let catalogue = generate_catalogue(120, 7, taxonomy.clone());
        let json = serde_json::to_string(&catalogue).unwrap();
        let loaded = crate::catalogue::load::load_catalogue(&json).unwrap();
        assert!(
            loaded.problems.is_empty(),
            "{:#?}",
            &loaded.problems[..loaded.problems.len().min(5)]
        );
        assert_eq!(loaded.catalogue.incidents.len(), 120);
        assert_eq!(generate_catalogue(120, 7, taxonomy.clone()), catalogue);
        assert_ne!(generate_catalogue(120, 8, taxonomy), catalogue);
        let average = json.len() / 120;
        assert!(
            (3_000..12_000).contains(&average),
            "{average} bytes an incident"
        );
    }
}
