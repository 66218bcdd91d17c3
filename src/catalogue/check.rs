//! What the JSON Schema cannot say about a catalogue: unique ids, references that resolve, a
//! causal chain that is acyclic and starts at a trigger, ends that follow starts, no empty text.
//!
//! Each [`Problem`] names the incident and the field, so an author can go straight to it.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::catalogue::{
    Catalogue, CausalChain, Incident, IncidentFacts, IncidentSummary, Inline, NodeKind, Slug,
};

/// One thing wrong with the catalogue, located as precisely as we can. Its `Display` is the
/// message with incident and field; the line is shown by whoever knows the file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The incident it concerns, when it concerns one.
    pub incident: Option<String>,
    /// The field, as a path from the incident (or from the catalogue when there is no
    /// incident): `causal_chain.edges[3].to`.
    pub field: String,
    pub message: String,
    /// 1-based line in the catalogue file where the incident (or the error) is.
    pub line: Option<usize>,
}

impl Problem {
    pub fn new(
        incident: Option<&str>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            incident: incident.map(str::to_owned),
            field: field.into(),
            message: message.into(),
            line: None,
        }
    }

    pub(crate) fn in_incident(
        incident: &impl IncidentFacts,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem::new(Some(incident.id().as_str()), field, message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(incident) = &self.incident {
            write!(f, "incident `{incident}`: ")?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// Checks the taxonomy: unique ids and no empty text.
pub fn check_failure_types(catalogue: &Catalogue) -> Vec<Problem> {
    let entries = catalogue
        .failure_types
        .iter()
        .map(|t| (&t.id, t.label.as_str(), t.description.as_str()));
    let mut problems = check_taxonomy_entries("failure_types", "failure type", entries);
    if catalogue.failure_types.is_empty() {
        problems.push(Problem::new(None, "failure_types", "the taxonomy is empty"));
    }
    problems
}

/// Checks the mechanisms' taxonomy as the failure types': unique ids and no empty text. It
/// may be empty: a catalogue need not name mechanisms.
pub fn check_mechanisms(catalogue: &Catalogue) -> Vec<Problem> {
    let entries = catalogue
        .mechanisms
        .iter()
        .map(|m| (&m.id, m.label.as_str(), m.description.as_str()));
    check_taxonomy_entries("mechanisms", "mechanism", entries)
}

/// A taxonomy's entries (`list` in the file, each a `what`), as id, label and description:
/// each id once, each text present and bounded.
fn check_taxonomy_entries<'a>(
    list: &str,
    what: &str,
    entries: impl Iterator<Item = (&'a Slug, &'a str, &'a str)>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for (index, (id, label, description)) in entries.enumerate() {
        let field = format!("{list}[{index}]");
        if !seen.insert(id) {
            problems.push(Problem::new(
                None,
                format!("{field}.id"),
                format!("{what} `{id}` is defined twice"),
            ));
        }
        require_text(&mut problems, None, &format!("{field}.label"), label);
        let description_field = format!("{field}.description");
        require_text(&mut problems, None, &description_field, description);
    }
    problems
}

/// What is worth telling but is not wrong: each mechanism that no step of any incident names,
/// as a problem of the catalogue. `atlas check` prints these as warnings and still passes.
pub fn unused_mechanisms(catalogue: &Catalogue) -> Vec<Problem> {
    let used: HashSet<&Slug> = catalogue
        .incidents
        .iter()
        .flat_map(|incident| &incident.causal_chain.nodes)
        .filter_map(|node| node.mechanism.as_ref())
        .collect();
    catalogue
        .mechanisms
        .iter()
        .enumerate()
        .filter(|(_, mechanism)| !used.contains(&mechanism.id))
        .map(|(index, mechanism)| {
            Problem::new(
                None,
                format!("mechanisms[{index}]"),
                format!("no incident names mechanism `{}`", mechanism.id),
            )
        })
        .collect()
}

/// What is worth telling about when incidents joined: each incident with no `added` day (the
/// feed leaves it out), or one added before it started. Warnings: `atlas check` still passes.
pub fn added_days(catalogue: &Catalogue) -> Vec<Problem> {
    catalogue
        .incidents
        .iter()
        .filter_map(|incident| match incident.added {
            None => Some(Problem::in_incident(
                incident,
                "added",
                "no `added` day: the feed leaves the incident out (write the day it joins the \
                 catalogue, as in 2026-12-07)",
            )),
            Some(day) if day.0 < incident.start.date => Some(Problem::in_incident(
                incident,
                "added",
                format!("added on {day}, before the incident started"),
            )),
            Some(_) => None,
        })
        .collect()
}

/// Each incident whose `sector` is not one of [`SECTORS`](crate::catalogue::SECTORS): a
/// problem, which `atlas check` fails on (the app reads the field as text and needs no check).
pub fn unknown_sectors(catalogue: &Catalogue) -> Vec<Problem> {
    let ids: Vec<&str> = crate::catalogue::SECTORS
        .iter()
        .map(|(id, _)| *id)
        .collect();
    catalogue
        .incidents
        .iter()
        .filter_map(|incident| {
            let sector = incident.sector.as_ref()?;
            (!ids.contains(&sector.as_str())).then(|| {
                Problem::in_incident(
                    incident,
                    "sector",
                    format!("`{sector}` is not a sector: use one of {}", ids.join(", ")),
                )
            })
        })
        .collect()
}

/// Each incident with no `sector`: a warning.
pub fn sectorless(catalogue: &Catalogue) -> Vec<Problem> {
    catalogue
        .incidents
        .iter()
        .filter(|incident| incident.sector.is_none())
        .map(|incident| {
            Problem::in_incident(
                incident,
                "sector",
                "no `sector`: the organisation's industry",
            )
        })
        .collect()
}

/// What makes the mechanisms a map of recurring patterns, for a catalogue that has any: every
/// incident names a mechanism on at least two steps, and every mechanism that an incident
/// names recurs in at least two (one that none names is only a warning, see
/// [`unused_mechanisms`]). The app reads catalogues without this; `atlas check` enforces it.
pub fn mechanism_coverage(catalogue: &Catalogue) -> Vec<Problem> {
    if catalogue.mechanisms.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let mut incidents_naming: HashMap<&Slug, usize> = HashMap::new();
    for incident in &catalogue.incidents {
        let named: HashSet<&Slug> = incident
            .causal_chain
            .nodes
            .iter()
            .filter_map(|node| node.mechanism.as_ref())
            .collect();
        let tagged = incident
            .causal_chain
            .nodes
            .iter()
            .filter(|node| node.mechanism.is_some())
            .count();
        if tagged < 2 {
            problems.push(Problem::in_incident(
                incident,
                "causal_chain.nodes",
                format!("{tagged} step(s) name a mechanism; name one on at least two"),
            ));
        }
        for mechanism in named {
            *incidents_naming.entry(mechanism).or_default() += 1;
        }
    }
    for (index, mechanism) in catalogue.mechanisms.iter().enumerate() {
        if incidents_naming.get(&mechanism.id) == Some(&1) {
            problems.push(Problem::new(
                None,
                format!("mechanisms[{index}]"),
                format!(
                    "mechanism `{}` appears in one incident only: a pattern recurs, so merge it \
                     into another or drop it",
                    mechanism.id
                ),
            ));
        }
    }
    problems
}

/// Checks one incident against the catalogue's taxonomy.
pub fn check_incident(incident: &Incident, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = check_facts(incident, catalogue);
    let id = Some(incident.id.as_str());
    require_text(&mut problems, id, "impact", &incident.impact);
    for (field, count, limit) in [
        ("write_up", incident.write_up.len(), MAX_PARAGRAPHS),
        (
            "remediation",
            incident.remediation.len(),
            MAX_REMEDIATION_STEPS,
        ),
        ("links", incident.links.len(), MAX_LINKS),
        ("sources", incident.sources.len(), MAX_SOURCES),
    ] {
        limit_items(&mut problems, incident, field, count, limit);
    }
    check_write_up(&mut problems, incident);
    check_remediation_and_sources(&mut problems, incident);
    problems.extend(check_chain(incident, catalogue));
    problems
}

/// At least one paragraph, and text in every paragraph, code span and link.
fn check_write_up(problems: &mut Vec<Problem>, incident: &Incident) {
    let id = Some(incident.id.as_str());
    if incident.write_up.is_empty() {
        problems.push(Problem::in_incident(
            incident,
            "write_up",
            "has no paragraphs",
        ));
    }
    for (index, paragraph) in incident.write_up.iter().enumerate() {
        let words: String = paragraph.iter().map(Inline::text).collect();
        require_text(problems, id, &format!("write_up[{index}]"), &words);
        for (run, inline) in paragraph.iter().enumerate() {
            if let Inline::Code { code: text } | Inline::Link { text, .. } = inline {
                require_text(problems, id, &format!("write_up[{index}][{run}]"), text);
            }
        }
    }
}

/// Remediation steps, links and sources: at least one of each, none of them blank.
fn check_remediation_and_sources(problems: &mut Vec<Problem>, incident: &Incident) {
    let id = Some(incident.id.as_str());
    if incident.remediation.is_empty() {
        problems.push(Problem::in_incident(
            incident,
            "remediation",
            "lists no steps",
        ));
    }
    for (index, step) in incident.remediation.iter().enumerate() {
        require_text(problems, id, &format!("remediation[{index}]"), step);
    }
    if incident.links.is_empty() {
        problems.push(Problem::in_incident(
            incident,
            "links",
            "has no links to a source",
        ));
    }
    for (index, link) in incident.links.iter().enumerate() {
        if let Some(title) = &link.title {
            require_text(problems, id, &format!("links[{index}].title"), title);
        }
    }
    if incident.sources.is_empty() {
        problems.push(Problem::in_incident(
            incident,
            "sources",
            "names no source that the facts were checked against",
        ));
    }
}

/// Checks an index entry against the catalogue's taxonomy: what [`check_incident`] checks of
/// the fields it has.
pub fn check_summary(incident: &IncidentSummary, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = check_facts(incident, catalogue);
    // No words is fine: every word of a short write-up may be in the title already.
    if !incident.words.is_empty() {
        require_text(
            &mut problems,
            Some(incident.id.as_str()),
            "words",
            &incident.words,
        );
    }
    check_index_mechanisms(&mut problems, incident, catalogue);
    problems
}

/// An index entry's mechanisms and led-to pairs (`a>b`) name mechanisms of the taxonomy.
fn check_index_mechanisms(
    problems: &mut Vec<Problem>,
    incident: &IncidentSummary,
    catalogue: &Catalogue,
) {
    for (field, text, arrows) in [
        ("mechanisms", &incident.mechanisms, 0),
        ("led_to", &incident.led_to, 1),
    ] {
        for item in text.split_ascii_whitespace() {
            let unknown = item.split('>').find(|id| catalogue.mechanism(id).is_none());
            if unknown.is_some() || item.matches('>').count() != arrows {
                problems.push(Problem::in_incident(
                    incident,
                    field,
                    format!("`{item}` does not name mechanisms of the catalogue as `{field}` does"),
                ));
            }
        }
    }
}

/// What every form of an incident is checked for: text present and bounded, an end after the
/// start, failure types from the taxonomy and each listed once.
fn check_facts(incident: &impl IncidentFacts, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    let id = Some(incident.id().as_str());
    for (field, text) in [
        ("organisation", incident.organisation()),
        ("title", incident.title()),
        ("summary", incident.summary()),
    ] {
        require_text(&mut problems, id, field, text);
    }

    if let Some(end) = incident.end()
        && end.is_before(incident.start())
    {
        problems.push(Problem::in_incident(
            incident,
            "end",
            format!("ends at {end}, before it starts at {}", incident.start()),
        ));
    }

    let types = incident.failure_types();
    let known = |slug: &Slug| catalogue.failure_type(slug.as_str()).is_some();
    if !known(&types.trigger) {
        problems.push(Problem::in_incident(
            incident,
            "failure_types.trigger",
            format!("no failure type `{}` in the taxonomy", types.trigger),
        ));
    }
    let mut seen_types = HashSet::from([&types.trigger]);
    for (index, slug) in types.contributing.iter().enumerate() {
        let field = format!("failure_types.contributing[{index}]");
        if !known(slug) {
            problems.push(Problem::in_incident(
                incident,
                field,
                format!("no failure type `{slug}` in the taxonomy"),
            ));
        } else if !seen_types.insert(slug) {
            problems.push(Problem::in_incident(
                incident,
                field,
                format!("failure type `{slug}` is listed twice"),
            ));
        }
    }

    problems
}

fn check_chain(incident: &Incident, catalogue: &Catalogue) -> Vec<Problem> {
    let chain = &incident.causal_chain;
    let mut problems = Vec::new();
    let nodes_fit = limit_items(
        &mut problems,
        incident,
        "causal_chain.nodes",
        chain.nodes.len(),
        MAX_CHAIN_NODES,
    );
    let edges_fit = limit_items(
        &mut problems,
        incident,
        "causal_chain.edges",
        chain.edges.len(),
        MAX_CHAIN_EDGES,
    );
    if !(nodes_fit && edges_fit) {
        return problems;
    }
    let index_of = check_chain_nodes(&mut problems, incident, chain);
    check_node_mechanisms(&mut problems, incident, catalogue);
    if chain.nodes.is_empty() {
        return problems;
    }
    let successors = check_chain_edges(&mut problems, incident, chain, &index_of);
    if let Some(cycle) = find_cycle(&successors) {
        let names: Vec<&str> = cycle.iter().map(|&i| chain.nodes[i].id.as_str()).collect();
        problems.push(Problem::in_incident(
            incident,
            "causal_chain.edges",
            format!(
                "the chain has a cycle: {} -> {}",
                names.join(" -> "),
                names.first().copied().unwrap_or_default()
            ),
        ));
    }
    check_causes(&mut problems, incident, chain, &successors);
    problems
}

/// Unique node ids, a label (and any detail) on every node, and a trigger somewhere; the
/// index of each node by id.
fn check_chain_nodes<'a>(
    problems: &mut Vec<Problem>,
    incident: &Incident,
    chain: &'a CausalChain,
) -> HashMap<&'a str, usize> {
    let id = Some(incident.id.as_str());
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    for (index, node) in chain.nodes.iter().enumerate() {
        let field = format!("causal_chain.nodes[{index}]");
        if index_of.insert(node.id.as_str(), index).is_some() {
            problems.push(Problem::in_incident(
                incident,
                format!("{field}.id"),
                format!("node `{}` is defined twice", node.id),
            ));
        }
        require_text(problems, id, &format!("{field}.label"), &node.label);
        if let Some(detail) = &node.detail {
            require_text(problems, id, &format!("{field}.detail"), detail);
        }
    }
    if chain.nodes.is_empty() {
        problems.push(Problem::in_incident(
            incident,
            "causal_chain.nodes",
            "the chain has no nodes",
        ));
    } else if !chain.nodes.iter().any(|n| n.kind == NodeKind::Trigger) {
        problems.push(Problem::in_incident(
            incident,
            "causal_chain.nodes",
            "the chain has no trigger: mark the step that set it off with \"kind\": \"trigger\"",
        ));
    }
    index_of
}

/// Every mechanism a step names is in the catalogue's taxonomy.
fn check_node_mechanisms(problems: &mut Vec<Problem>, incident: &Incident, catalogue: &Catalogue) {
    for (index, node) in incident.causal_chain.nodes.iter().enumerate() {
        let Some(mechanism) = &node.mechanism else {
            continue;
        };
        if catalogue.mechanism(mechanism.as_str()).is_none() {
            problems.push(Problem::in_incident(
                incident,
                format!("causal_chain.nodes[{index}].mechanism"),
                format!(
                    "node `{}` names mechanism `{mechanism}`, which the catalogue's \
                     mechanisms do not have",
                    node.id
                ),
            ));
        }
    }
}

/// Edges between known nodes, none from a node to itself, none twice; what each node leads
/// to, by index.
fn check_chain_edges(
    problems: &mut Vec<Problem>,
    incident: &Incident,
    chain: &CausalChain,
    index_of: &HashMap<&str, usize>,
) -> Vec<Vec<usize>> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); chain.nodes.len()];
    let mut seen_edges = HashSet::new();
    for (index, edge) in chain.edges.iter().enumerate() {
        let field = format!("causal_chain.edges[{index}]");
        let from = index_of.get(edge.from.as_str()).copied();
        let to = index_of.get(edge.to.as_str()).copied();
        for (end, slug, found) in [("from", &edge.from, from), ("to", &edge.to, to)] {
            if found.is_none() {
                problems.push(Problem::in_incident(
                    incident,
                    format!("{field}.{end}"),
                    format!("no node `{slug}` in the chain"),
                ));
            }
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            problems.push(Problem::in_incident(
                incident,
                field,
                format!("node `{}` leads to itself", edge.from),
            ));
        } else if !seen_edges.insert((from, to)) {
            problems.push(Problem::in_incident(
                incident,
                field,
                format!("the edge `{}` -> `{}` is listed twice", edge.from, edge.to),
            ));
        } else {
            successors[from].push(to);
        }
    }
    successors
}

/// Every step must follow from something, unless it is where the story starts: what set it
/// off (a trigger) or a state that was already there (a condition).
fn check_causes(
    problems: &mut Vec<Problem>,
    incident: &Incident,
    chain: &CausalChain,
    successors: &[Vec<usize>],
) {
    let mut has_cause = vec![false; chain.nodes.len()];
    for &to in successors.iter().flatten() {
        has_cause[to] = true;
    }
    for (index, node) in chain.nodes.iter().enumerate() {
        if !has_cause[index] && !matches!(node.kind, NodeKind::Trigger | NodeKind::Condition) {
            problems.push(Problem::in_incident(
                incident,
                format!("causal_chain.nodes[{index}]"),
                format!(
                    "node `{}` has no cause: only a trigger or a condition can start the chain",
                    node.id
                ),
            ));
        }
    }
}

/// A cycle of node indices, if the graph has one. Iterative, so a chain of 10,000 nodes cannot
/// overflow the stack.
pub fn find_cycle(successors: &[Vec<usize>]) -> Option<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut marks = vec![Mark::New; successors.len()];
    for root in 0..successors.len() {
        if marks[root] != Mark::New {
            continue;
        }
        // Each frame: a node and how many of its successors were visited.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        marks[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&succ) = successors[node].get(*next) {
                *next += 1;
                match marks[succ] {
                    Mark::New => {
                        marks[succ] = Mark::OnPath;
                        path.push((succ, 0));
                    }
                    Mark::OnPath => {
                        let start = path.iter().position(|&(n, _)| n == succ).unwrap_or(0);
                        return Some(path[start..].iter().map(|&(n, _)| n).collect());
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                path.pop();
            }
        }
    }
    None
}

/// The most characters a text field may hold, by the field's name. Generous (several times
/// the longest in the bundled catalogue) but bounded: a megabyte title would bury the page.
fn max_chars(field: &str) -> usize {
    let last = field.rsplit('.').next().unwrap_or(field);
    match last {
        "organisation" => 200,
        "title" | "label" => 300,
        "summary" | "detail" => 2_000,
        // Every distinct word of a write-up of 100 paragraphs and a chain of 200 steps.
        "words" => 400_000,
        "impact" => 5_000,
        // A run of a paragraph (code or link text), or a remediation step.
        _ if last.starts_with("write_up[") && last.matches('[').count() == 2 => 2_000,
        _ if last.starts_with("write_up[") => 20_000,
        _ => 2_000,
    }
}

/// How many items a list may hold.
pub const MAX_PARAGRAPHS: usize = 100;
pub const MAX_REMEDIATION_STEPS: usize = 50;
pub const MAX_LINKS: usize = 20;
pub const MAX_SOURCES: usize = 50;
/// A diagram of more steps than this is no longer readable, and laying it out would take
/// seconds on a phone. Edges are capped at two per step, which keeps the worst layout the
/// fuzzer finds within the layout budget (README, Fuzzing).
pub const MAX_CHAIN_NODES: usize = 200;
pub const MAX_CHAIN_EDGES: usize = 400;

fn require_text(problems: &mut Vec<Problem>, incident: Option<&str>, field: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(Problem::new(incident, field, "is empty"));
        return;
    }
    let max = max_chars(field);
    // No more bytes than the limit means no more characters either: most texts stop here.
    if text.len() > max && text.chars().nth(max).is_some() {
        problems.push(Problem::new(
            incident,
            field,
            format!(
                "is {} characters long; at most {max} are allowed",
                text.chars().count()
            ),
        ));
    }
}

fn limit_items(
    problems: &mut Vec<Problem>,
    incident: &Incident,
    field: &str,
    count: usize,
    max: usize,
) -> bool {
    if count > max {
        problems.push(Problem::in_incident(
            incident,
            field,
            format!("has {count} items; at most {max} are allowed"),
        ));
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cycle_and_names_its_nodes_in_order() {
        // 0 -> 1 -> 2 -> 1
        let successors = vec![vec![1], vec![2], vec![1]];
        assert_eq!(find_cycle(&successors), Some(vec![1, 2]));
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(find_cycle(&[vec![0]]), Some(vec![0]));
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 100_000;
        let successors: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        assert_eq!(find_cycle(&successors), None);
    }

    fn mechanism(id: &str, label: &str, description: &str) -> crate::catalogue::Mechanism {
        crate::catalogue::Mechanism {
            id: Slug::parse(id).expect("a slug"),
            label: label.into(),
            description: description.into(),
        }
    }

    #[test]
    fn mechanisms_are_defined_once_with_a_label_and_a_description() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        assert!(check_mechanisms(&catalogue).is_empty(), "none is fine");
        catalogue.mechanisms = vec![
            mechanism("retry-storm", "Retry storm", "Retries keep it overloaded."),
            mechanism("split-brain", " ", "Two leaders."),
            mechanism("quorum-loss", "Quorum loss", ""),
            mechanism("retry-storm", "Again", "Twice."),
        ];
        let said: Vec<String> = check_mechanisms(&catalogue)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "mechanisms[1].label: is empty",
                "mechanisms[2].description: is empty",
                "mechanisms[3].id: mechanism `retry-storm` is defined twice",
            ]
        );
    }

    #[test]
    fn a_node_names_a_known_mechanism_and_an_unused_one_is_told() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        catalogue.mechanisms = vec![
            mechanism("retry-storm", "Retry storm", "Retries keep it overloaded."),
            mechanism("split-brain", "Split brain", "Two leaders."),
        ];
        let mut incident = catalogue.incidents[0].clone();
        incident.causal_chain.nodes[1].mechanism = Slug::parse("retry-storm").ok();
        assert!(check_incident(&incident, &catalogue).is_empty());
        incident.causal_chain.nodes[2].mechanism = Slug::parse("thundering-herd").ok();
        let said: Vec<String> = check_incident(&incident, &catalogue)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "incident `example-2021-01-01`: causal_chain.nodes[2].mechanism: node `restored` \
              names mechanism `thundering-herd`, which the catalogue's mechanisms do not have"
            ]
        );

        incident.causal_chain.nodes[2].mechanism = None;
        catalogue.incidents = vec![incident];
        let unused: Vec<String> = unused_mechanisms(&catalogue)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            unused,
            ["mechanisms[1]: no incident names mechanism `split-brain`"]
        );
    }

    #[test]
    fn an_incident_without_an_added_day_or_added_before_it_started_is_told() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        let day = |text: &str| crate::catalogue::Day::parse(text).ok();
        catalogue.incidents[0].added = day("2026-12-07");
        assert!(added_days(&catalogue).is_empty());
        let mut undated = catalogue.incidents[0].clone();
        undated.added = None;
        let mut early = catalogue.incidents[0].clone();
        early.added = day("2020-12-31");
        catalogue.incidents.extend([undated, early]);
        let said: Vec<String> = added_days(&catalogue)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            said,
            [
                "incident `example-2021-01-01`: added: no `added` day: the feed leaves the \
                 incident out (write the day it joins the catalogue, as in 2026-12-07)",
                "incident `example-2021-01-01`: added: added on 2020-12-31, before the incident \
                 started",
            ]
        );
    }

    #[test]
    fn every_incident_names_two_mechanisms_and_every_named_one_recurs() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        assert!(
            mechanism_coverage(&catalogue).is_empty(),
            "no mechanisms, no rule"
        );
        catalogue.mechanisms = vec![
            mechanism("retry-storm", "Retry storm", "Retries keep it overloaded."),
            mechanism("split-brain", "Split brain", "Two leaders."),
        ];
        let said = |catalogue: &Catalogue| -> Vec<String> {
            mechanism_coverage(catalogue)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        let mut second = catalogue.incidents[0].clone();
        second.id = Slug::parse("example-2021-01-02").expect("a slug");
        catalogue.incidents[0].causal_chain.nodes[1].mechanism = Slug::parse("retry-storm").ok();
        catalogue.incidents.push(second);
        assert_eq!(
            said(&catalogue),
            [
                "incident `example-2021-01-01`: causal_chain.nodes: 1 step(s) name a mechanism; \
                 name one on at least two",
                "incident `example-2021-01-02`: causal_chain.nodes: 0 step(s) name a mechanism; \
                 name one on at least two",
                "mechanisms[0]: mechanism `retry-storm` appears in one incident only: a pattern \
                 recurs, so merge it into another or drop it",
            ]
        );
        for incident in &mut catalogue.incidents {
            incident.causal_chain.nodes[0].mechanism = Slug::parse("retry-storm").ok();
            incident.causal_chain.nodes[1].mechanism = Slug::parse("retry-storm").ok();
        }
        // `split-brain`, named by none, is only a warning (`unused_mechanisms`).
        assert!(said(&catalogue).is_empty(), "{:?}", said(&catalogue));
    }

    #[test]
    fn problems_read_as_one_line_with_their_location() {
        let mut problem = Problem::new(Some("x-2020"), "causal_chain.edges[0].to", "no node `y`");
        problem.line = Some(12);
        assert_eq!(
            problem.to_string(),
            "incident `x-2020`: causal_chain.edges[0].to: no node `y`"
        );
    }
}
