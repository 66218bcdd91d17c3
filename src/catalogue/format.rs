//! The catalogue format, version 1: the serde types of `public/catalogue.json`.
//!
//! Every struct rejects unknown fields, so a misspelt key is an error rather than silently
//! dropped data. Values with a syntax of their own (dates, links, slugs) are newtypes that check
//! themselves while they are read, so a `Catalogue` in memory never holds a malformed one.
//! What needs the whole incident or catalogue to decide (unique ids, references, an acyclic
//! chain) is checked in [`crate::catalogue::check`].
//!
//! `public/catalogue.schema.json` describes the same format for editors and other tools; a test
//! keeps the two in step.

use serde::{Deserialize, Deserializer, Serialize};

use super::values::{Day, HttpUrl, Moment, Slug};

/// The catalogue version this build reads and writes.
pub const CATALOGUE_VERSION: u32 = 1;

/// The whole bundled catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Where editors find the JSON Schema; ignored by the app.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub version: u32,
    /// The taxonomy that incidents refer to by id.
    pub failure_types: Vec<FailureType>,
    /// The patterns that recur across causal chains, which a chain node may name. Optional,
    /// and left out when empty, so catalogues written before it read and write unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<Mechanism>,
    pub incidents: Vec<Incident>,
}

impl Catalogue {
    /// The failure type with this id, if the taxonomy has it.
    pub fn failure_type(&self, id: &str) -> Option<&FailureType> {
        self.failure_types.iter().find(|t| t.id.as_str() == id)
    }

    /// The mechanism with this id, if the taxonomy has it.
    pub fn mechanism(&self, id: &str) -> Option<&Mechanism> {
        self.mechanisms.iter().find(|m| m.id.as_str() == id)
    }
}

/// One class of failure in the catalogue's own taxonomy ("Configuration change", "DNS"…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureType {
    pub id: Slug,
    pub label: String,
    pub description: String,
}

/// A pattern that recurs across causal chains ("Retry storm", "Quorum loss"…): a step of a
/// chain names the one it is an instance of, so readers can find the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    pub id: Slug,
    pub label: String,
    /// One sentence, in our own words.
    pub description: String,
}

/// One real incident, abridged in our own words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Stable, URL-safe id: the incident's page is `/incidents/<id>`.
    pub id: Slug,
    pub organisation: String,
    /// The organisation's industry, one of [`SECTORS`]: the atlas reads failures beyond the
    /// technology industry too. `atlas check` refuses an unknown one and warns of none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Slug>,
    pub title: String,
    /// When the incident started (UTC): a date, or a date and time when the sources give one.
    pub start: Moment,
    /// When it ended (UTC), where the sources say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Moment>,
    /// The day the incident joined the catalogue: the feed lists the latest first. Entries
    /// without one are valid but left out of the feed (`atlas check` warns of them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<Day>,
    /// One or two sentences for cards and link previews.
    pub summary: String,
    /// The abridged write-up: paragraphs of plain text, code and links.
    pub write_up: Vec<Paragraph>,
    /// Who and what was affected, and how badly.
    pub impact: String,
    /// What was done to recover and to prevent a repeat, one step each.
    pub remediation: Vec<String>,
    pub failure_types: IncidentFailureTypes,
    /// The original status page, postmortem and other reading.
    pub links: Vec<Link>,
    /// Every source read to check this entry's facts.
    pub sources: Vec<HttpUrl>,
    pub causal_chain: CausalChain,
}

/// The industries an organisation can be in (`Incident::sector`): id and label. Games, cloud,
/// software, online services and open-source infrastructure are `technology`.
pub const SECTORS: [(&str, &str); 11] = [
    ("technology", "Technology"),
    ("finance", "Finance"),
    ("transport", "Transport"),
    ("telecoms", "Telecoms"),
    ("health", "Health"),
    ("government", "Government and public services"),
    ("energy", "Energy"),
    ("media", "Media"),
    ("retail", "Retail"),
    ("education", "Education"),
    ("science", "Science"),
];

/// The sector of the technology industry itself; every other is "outside the technology
/// industry" in `atlas stats`.
pub const TECHNOLOGY_SECTOR: &str = "technology";

/// What every form of an incident tells: the full entry ([`Incident`]) and the index's
/// [`IncidentSummary`]. Cards, filters and the timeline need only this.
pub trait IncidentFacts {
    fn id(&self) -> &Slug;
    fn organisation(&self) -> &str;
    fn title(&self) -> &str;
    fn start(&self) -> &Moment;
    fn end(&self) -> Option<&Moment>;
    fn summary(&self) -> &str;
    fn failure_types(&self) -> &IncidentFailureTypes;

    /// Every failure type of the incident, the trigger first.
    fn failure_type_ids(&self) -> impl Iterator<Item = &Slug> {
        let types = self.failure_types();
        std::iter::once(&types.trigger).chain(&types.contributing)
    }

    /// How long the incident lasted, when both ends are known to the minute.
    fn duration_minutes(&self) -> Option<i64> {
        let minutes = self.end()?.minutes_since(self.start())?;
        (minutes >= 0).then_some(minutes)
    }

    /// When it ended, as said after "to": the time alone on the day it started
    /// (`21:20 UTC`), else the date too (`3 November 2020 02:10 UTC`, or just the date).
    fn end_label(&self) -> Option<String> {
        let end = self.end()?;
        Some(match (end.date == self.start().date, end.time_hhmm()) {
            (true, Some(time)) => format!("{time} UTC"),
            (_, Some(time)) => format!("{} {time} UTC", end.date_long()),
            (_, None) => end.date_long(),
        })
    }
}

/// Implements [`IncidentFacts`] for a struct that has the fields under those names.
macro_rules! incident_facts {
    ($type:ty) => {
        impl IncidentFacts for $type {
            fn id(&self) -> &Slug {
                &self.id
            }
            fn organisation(&self) -> &str {
                &self.organisation
            }
            fn title(&self) -> &str {
                &self.title
            }
            fn start(&self) -> &Moment {
                &self.start
            }
            fn end(&self) -> Option<&Moment> {
                self.end.as_ref()
            }
            fn summary(&self) -> &str {
                &self.summary
            }
            fn failure_types(&self) -> &IncidentFailureTypes {
                &self.failure_types
            }
        }
    };
}
incident_facts!(Incident);
incident_facts!(IncidentSummary);

/// An incident as the index lists it (the site's `catalogue.json`, written by `atlas pages`): what
/// the timeline, its cards, search and the neighbours of a page need. The full entry is in
/// `incidents/<id>.json`, fetched when its page opens, so the home page never transfers every
/// write-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSummary {
    pub id: Slug,
    pub organisation: String,
    pub title: String,
    pub start: Moment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Moment>,
    pub summary: String,
    pub failure_types: IncidentFailureTypes,
    /// The distinct words of the write-up and the causal chain, separated by spaces, for
    /// search. The site's index leaves them out, and `search-words.json` has them: the app
    /// fetches that only to search. The timeline fills them in where the full entry is at
    /// hand.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub words: String,
    /// The mechanisms its causal chain names, each once in the chain's order, separated by
    /// spaces: what the Mechanism filter reads.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mechanisms: String,
    /// `a>b` for every pair of mechanisms where a step naming `a` leads, directly or through
    /// other steps, to a step naming `b`, separated by spaces: what the "led to" filter reads.
    /// Both are filled in, like `words`, where the full entry is at hand
    /// (`crate::mechanisms::index_fields`): plain text, which the app reads at no cost of code.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub led_to: String,
}

impl IncidentSummary {
    /// The ids of the mechanisms its chain names.
    pub fn mechanism_ids(&self) -> impl Iterator<Item = &str> {
        self.mechanisms.split_ascii_whitespace()
    }

    /// Whether a step naming `from` leads to a step naming `to` (see `led_to`).
    pub fn leads(&self, from: &str, to: &str) -> bool {
        self.led_to
            .split_ascii_whitespace()
            .any(|pair| pair.split_once('>') == Some((from, to)))
    }
}

impl Incident {
    /// The index's entry for this incident, without its search words (the timeline derives
    /// them from the full entry).
    pub fn to_summary(&self) -> IncidentSummary {
        IncidentSummary {
            id: self.id.clone(),
            organisation: self.organisation.clone(),
            title: self.title.clone(),
            start: self.start,
            end: self.end,
            summary: self.summary.clone(),
            failure_types: self.failure_types.clone(),
            words: String::new(),
            mechanisms: String::new(),
            led_to: String::new(),
        }
    }

    /// The first link of this kind, if any.
    pub fn link(&self, kind: LinkKind) -> Option<&Link> {
        self.links.iter().find(|l| l.kind == kind)
    }
}

/// The failure types of one incident: the one that set it off, and those that made it worse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFailureTypes {
    pub trigger: Slug,
    #[serde(default)]
    pub contributing: Vec<Slug>,
}

/// A paragraph of the write-up.
pub type Paragraph = Vec<Inline>;

/// A run of text inside a paragraph. Structured rather than markup, so the page renders it as
/// text nodes and never parses HTML that someone else wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// A name from a system, set in monospace: `{"code": "etcd"}`.
    Code { code: String },
    /// A link: `{"text": "Raft", "href": "https://raft.github.io/"}`.
    Link { text: String, href: HttpUrl },
}

// By hand rather than derived: an untagged enum's error says only that no variant matched,
// where a reader needs to hear that `data:` is not an http(s) link; and an untagged enum
// reads each value into serde's buffer type first, a reader of its own in the wasm. The run is
// read whole before it is judged, so an error's position is the run's end, as `json_path`
// expects of run errors.
impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RunVisitor)
    }
}

struct RunVisitor;

impl RunVisitor {
    fn shape<E: serde::de::Error>() -> E {
        E::custom(format!(
            "{RUN_ERROR} of a paragraph is a string, {{\"code\": \"…\"}} or \
             {{\"text\": \"…\", \"href\": \"https://…\"}}"
        ))
    }
}

impl<'de> serde::de::Visitor<'de> for RunVisitor {
    type Value = Inline;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a run of a paragraph")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Inline, E> {
        Ok(Inline::Text(text.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Inline, E> {
        Ok(Inline::Text(text))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Inline, A::Error> {
        let (mut code, mut text, mut href) = (None, None, None);
        let mut well_formed = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value = map.next_value::<RunField>()?.0;
            let slot = match key.as_ref() {
                "code" => &mut code,
                "text" => &mut text,
                "href" => &mut href,
                _ => {
                    well_formed = false;
                    continue;
                }
            };
            well_formed &= slot.is_none() && value.is_some();
            *slot = value;
        }
        match (well_formed, code, text, href) {
            (true, Some(code), None, None) => Ok(Inline::Code { code }),
            (true, None, Some(text), Some(href)) => HttpUrl::parse(&href)
                .map(|href| Inline::Link { text, href })
                .map_err(|reason| {
                    serde::de::Error::custom(format!("{RUN_ERROR}'s href: {reason}"))
                }),
            _ => Err(Self::shape()),
        }
    }

    // Anything else (a number, an array…) is not a run; its value is read to its end first.
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Inline, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Err(Self::shape())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Inline, E> {
        Err(Self::shape())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Inline, E> {
        Err(Self::shape())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Inline, E> {
        Err(Self::shape())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Inline, E> {
        Err(Self::shape())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Inline, E> {
        Err(Self::shape())
    }
}

/// A field of a run: its text if it is a string, `None` (and the value skipped) if not.
struct RunField(Option<String>);

impl<'de> Deserialize<'de> for RunField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> serde::de::Visitor<'de> for FieldVisitor {
            type Value = RunField;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RunField, E> {
                Ok(RunField(Some(text.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<RunField, E> {
                Ok(RunField(Some(text)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RunField, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RunField(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RunField, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(RunField(None))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<RunField, E> {
                Ok(RunField(None))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<RunField, E> {
                Ok(RunField(None))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<RunField, E> {
                Ok(RunField(None))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<RunField, E> {
                Ok(RunField(None))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RunField, E> {
                Ok(RunField(None))
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// How every error about a run of a paragraph starts: such an error is about the whole run
/// (see [`crate::catalogue::json_path::Concern`]).
pub const RUN_ERROR: &str = "a run";

impl Inline {
    /// The words a reader sees.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(text) => text,
            Inline::Code { code } => code,
            Inline::Link { text, .. } => text,
        }
    }
}

/// A link to material about the incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub kind: LinkKind,
    pub url: HttpUrl,
    /// What the link is, when the kind alone does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    StatusPage,
    Postmortem,
    Other,
}

impl<'de> Deserialize<'de> for LinkKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["status_page", "postmortem", "other"];
        const KINDS: [LinkKind; 3] = [LinkKind::StatusPage, LinkKind::Postmortem, LinkKind::Other];
        variant_index(deserializer, NAMES).map(|i| KINDS[i])
    }
}

/// The index in `names` of the string a unit-only enum is written as, with serde's own error
/// for any other. By hand rather than derived: a derived enum reader also takes the
/// `{"variant": null}` form and numbers, code of its own in the wasm for forms the catalogue
/// never uses.
fn variant_index<'de, D: Deserializer<'de>>(
    deserializer: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| serde::de::Error::unknown_variant(&name, names))
}

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::StatusPage => "Status page",
            LinkKind::Postmortem => "Postmortem",
            LinkKind::Other => "Further reading",
        }
    }
}

/// How a trigger became an outage: a directed acyclic graph of steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CausalChain {
    pub nodes: Vec<ChainNode>,
    pub edges: Vec<ChainEdge>,
}

impl CausalChain {
    pub fn node(&self, id: &str) -> Option<&ChainNode> {
        self.nodes.iter().find(|n| n.id.as_str() == id)
    }
}

/// One step of a causal chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainNode {
    /// Unique within the chain; the node's element id is `node-<id>`.
    pub id: Slug,
    pub kind: NodeKind,
    /// A few words, drawn inside the node.
    pub label: String,
    /// A sentence or two, shown on demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The id of the mechanism (from the catalogue's `mechanisms`) this step is an instance of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<Slug>,
}

/// "`from` led to `to`".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainEdge {
    pub from: Slug,
    pub to: Slug,
}

/// The role a step plays in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// What set it off: a fault, a change, an event outside.
    Trigger,
    /// A standing state that let it spread (a setting, a design choice, a missing limit).
    Condition,
    /// Something that happened as a result.
    Event,
    /// What users or customers felt.
    Impact,
    /// What people did while it went on.
    Response,
    /// How service came back.
    Recovery,
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &[
            "trigger",
            "condition",
            "event",
            "impact",
            "response",
            "recovery",
        ];
        // In the order of `NodeKind::ALL`, each its `as_str` (a test checks).
        variant_index(deserializer, NAMES).map(|i| NodeKind::ALL[i])
    }
}

impl NodeKind {
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Trigger,
        NodeKind::Condition,
        NodeKind::Event,
        NodeKind::Impact,
        NodeKind::Response,
        NodeKind::Recovery,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Trigger => "Trigger",
            NodeKind::Condition => "Condition",
            NodeKind::Event => "Event",
            NodeKind::Impact => "Impact",
            NodeKind::Response => "Response",
            NodeKind::Recovery => "Recovery",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Trigger => "trigger",
            NodeKind::Condition => "condition",
            NodeKind::Event => "event",
            NodeKind::Impact => "impact",
            NodeKind::Response => "response",
            NodeKind::Recovery => "recovery",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_said_with_as_little_as_needed() {
        let incident = |start: &str, end: &str| -> Incident {
            serde_json::from_value(serde_json::json!({
                "id": "x-2020", "organisation": "O", "title": "T", "start": start, "end": end,
                "summary": "S", "write_up": [["W"]], "impact": "I", "remediation": ["R"],
                "failure_types": {"trigger": "dns"},
                "links": [{"kind": "postmortem", "url": "https://example.com/p"}],
                "sources": ["https://example.com/p"],
                "causal_chain": {"nodes": [{"id": "a", "kind": "trigger", "label": "A"}], "edges": []}
            }))
            .expect("a valid incident")
        };
        let label = |start, end| incident(start, end).end_label();
        assert_eq!(
            label("2020-11-02T14:43Z", "2020-11-02T21:20Z").as_deref(),
            Some("21:20 UTC")
        );
        assert_eq!(
            label("2020-11-02T14:43Z", "2020-11-03T02:10Z").as_deref(),
            Some("3 November 2020 02:10 UTC")
        );
        assert_eq!(
            label("2020-11-02", "2020-11-04").as_deref(),
            Some("4 November 2020")
        );
    }

    #[test]
    fn inline_runs_are_text_code_or_links() {
        let paragraph: Paragraph = serde_json::from_str(
            r#"["A ", {"code": "etcd"}, " node, see ", {"text": "Raft", "href": "https://raft.github.io/"}]"#,
        )
        .unwrap();
        assert_eq!(paragraph.len(), 4);
        assert_eq!(
            paragraph[1],
            Inline::Code {
                code: "etcd".into()
            }
        );
        let words: String = paragraph.iter().map(Inline::text).collect();
        assert_eq!(words, "A etcd node, see Raft");
        let bad: Result<Paragraph, _> =
            serde_json::from_str(r#"[{"text": "x", "href": "javascript:alert(1)"}]"#);
        assert!(bad.is_err());
    }

    #[test]
    fn kinds_read_from_their_snake_case_names_only() {
        let kind = |json: &str| serde_json::from_str::<NodeKind>(json).map_err(|e| e.to_string());
        for each in NodeKind::ALL {
            assert_eq!(kind(&format!("\"{}\"", each.as_str())), Ok(each));
        }
        assert_eq!(kind(r#""recovery""#), Ok(NodeKind::Recovery));
        assert_eq!(
            serde_json::from_str::<LinkKind>(r#""status_page""#).ok(),
            Some(LinkKind::StatusPage)
        );
        let unknown = kind(r#""disaster""#).expect_err("not a kind");
        assert!(
            unknown.starts_with("unknown variant `disaster`, expected one of `trigger`"),
            "{unknown}"
        );
        for not_a_name in [r#""Trigger""#, "0", r#"{"trigger": null}"#, "null"] {
            assert!(kind(not_a_name).is_err(), "{not_a_name}");
        }
    }

    #[test]
    fn a_run_that_is_none_of_the_three_says_what_a_run_is_at_its_end() {
        let shape = "a run of a paragraph is a string, {\"code\": \"…\"} or \
                     {\"text\": \"…\", \"href\": \"https://…\"}";
        for run in [
            r#"5"#,
            r#"null"#,
            r#"true"#,
            r#"["etcd"]"#,
            r#"{}"#,
            r#"{"code": 5}"#,
            r#"{"code": {"nested": [1, 2]}}"#,
            r#"{"code": "a", "text": "b"}"#,
            r#"{"text": "Raft"}"#,
            r#"{"href": "https://raft.github.io/"}"#,
            r#"{"text": "Raft", "href": "https://raft.github.io/", "title": "x"}"#,
            r#"{"code": "a", "code": "b"}"#,
        ] {
            let text = format!("[\"x\", {run}]");
            let error = serde_json::from_str::<Paragraph>(&text).expect_err(run);
            assert_eq!(
                error.to_string(),
                format!("{shape} at line 1 column {}", text.len() - 1),
                "{run}"
            );
        }
        let error =
            serde_json::from_str::<Paragraph>(r#"[{"text": "x", "href": "data:text/html,hi"}]"#)
                .expect_err("a data: link");
        assert!(error.to_string().starts_with("a run's href: "), "{error}");
    }
}
