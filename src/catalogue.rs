//! The catalogue format, version 1: the serde types of `public/catalogue.json`.
//!
//! Every struct rejects unknown fields, so a misspelt key is an error rather than silently
//! dropped data. Values with a syntax of their own (dates, links, slugs) are newtypes that check
//! themselves while they are read, so a `Catalogue` in memory never holds a malformed one.
//! What needs the whole incident or catalogue to decide (unique ids, references, an acyclic
//! chain) is checked in [`crate::check`].
//!
//! `public/catalogue.schema.json` describes the same format for editors and other tools; a test
//! keeps the two in step.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

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
    pub incidents: Vec<Incident>,
}

impl Catalogue {
    /// The failure type with this id, if the taxonomy has it.
    pub fn failure_type(&self, id: &str) -> Option<&FailureType> {
        self.failure_types.iter().find(|t| t.id.as_str() == id)
    }

    /// The incident with this id, if the catalogue has it.
    pub fn incident(&self, id: &str) -> Option<&Incident> {
        self.incidents.iter().find(|i| i.id.as_str() == id)
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

/// One real incident, abridged in our own words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Stable, URL-safe id: the incident's page is `/incidents/<id>`.
    pub id: Slug,
    pub organisation: String,
    pub title: String,
    /// When the incident started (UTC): a date, or a date and time when the sources give one.
    pub start: Moment,
    /// When it ended (UTC), where the sources say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Moment>,
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
    /// search (see [`crate::search::detail_words`]). The site's index leaves them out, and
    /// `search-words.json` has them: the app fetches that only to search (see
    /// [`crate::timeline::Atlas::with_search_words`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub words: String,
}

impl Incident {
    /// The index's entry for this incident.
    pub fn to_summary(&self) -> IncidentSummary {
        IncidentSummary {
            id: self.id.clone(),
            organisation: self.organisation.clone(),
            title: self.title.clone(),
            start: self.start,
            end: self.end,
            summary: self.summary.clone(),
            failure_types: self.failure_types.clone(),
            words: crate::search::detail_words(self),
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
/// (see [`crate::json_path::Concern`]).
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

/// Reads a string and hands it to `parse`, turning its error into a serde error.
fn deserialize_parsed<'de, D, T>(
    deserializer: D,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(&text).map_err(de::Error::custom)
}

/// Lower-case letters, digits and single hyphens, as used in URLs and element ids:
/// `cloudflare-2020-11-02`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, String> {
        let well_formed = !text.is_empty()
            && text.len() <= 80
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if well_formed {
            Ok(Slug(text.to_owned()))
        } else {
            Err(format!(
                "`{}` is not a valid id: use 1 to 80 lower-case letters, digits and single \
                 hyphens, such as `cloudflare-2020-11-02`",
                truncate_for_message(text)
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, Slug::parse)
    }
}

/// An absolute `http:` or `https:` URL. Nothing else may become a link on the page: this is
/// what keeps `javascript:` and `data:` out of every `href`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(text: &str) -> Result<HttpUrl, String> {
        let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &text[8..]
        } else if lower.starts_with("http://") {
            &text[7..]
        } else {
            return Err(format!(
                "`{}` is not an http(s) link: links must start with https:// or http://",
                truncate_for_message(text)
            ));
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        // The browser parses the URL for real; this keeps out what it would read differently
        // from how a person reads it (spaces, control characters, credentials, no host).
        if host.contains('@') {
            return Err(format!(
                "`{}` carries a user name or password: link to the page itself",
                truncate_for_message(text)
            ));
        }
        if host.is_empty() {
            return Err(format!("`{}` has no host name", truncate_for_message(text)));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) || text.len() > 2048 {
            return Err(format!(
                "`{}` contains spaces or control characters, or is too long",
                truncate_for_message(text)
            ));
        }
        Ok(HttpUrl(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host name, for showing where a link leads.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, rest)| rest);
        rest.split(['/', '?', '#', ':']).next().unwrap_or_default()
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for HttpUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, HttpUrl::parse)
    }
}

/// A point in time (UTC) at the precision the sources give: `2020-11-02` or `2020-11-02T14:43Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Moment {
    pub date: time::Date,
    pub time: Option<time::Time>,
}

impl Moment {
    pub fn parse(text: &str) -> Result<Moment, String> {
        let (date_text, time_text) = match text.split_once('T') {
            Some((date, time)) => match time.strip_suffix('Z') {
                Some(time) => (date, Some(time)),
                None => {
                    return Err(format!(
                        "`{}` needs a Z at the end: times are UTC, as in 2020-11-02T14:43Z",
                        truncate_for_message(text)
                    ));
                }
            },
            None => (text, None),
        };
        let date = parse_date(date_text)?;
        let time = match time_text {
            Some(time_text) => Some(parse_time(time_text).ok_or_else(|| {
                format!(
                    "`{}` is not a time of day: write HH:MM in UTC, as in 14:43",
                    truncate_for_message(time_text)
                )
            })?),
            None => None,
        };
        Ok(Moment { date, time })
    }

    /// Minutes from `earlier` to `self`, when both are known to the minute.
    pub fn minutes_since(&self, earlier: &Moment) -> Option<i64> {
        let this = time::PrimitiveDateTime::new(self.date, self.time?);
        let that = time::PrimitiveDateTime::new(earlier.date, earlier.time?);
        Some((this - that).whole_minutes())
    }

    /// Whether `self` comes before `other` at the precision both share.
    pub fn is_before(&self, other: &Moment) -> bool {
        match (self.time, other.time) {
            (Some(_), Some(_)) => self < other,
            _ => self.date < other.date,
        }
    }

    pub fn year(&self) -> i32 {
        self.date.year()
    }

    /// `2020-11-02`.
    pub fn date_iso(&self) -> String {
        let date = self.date;
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }

    /// `14:43`, when known.
    pub fn time_hhmm(&self) -> Option<String> {
        self.time
            .map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
    }

    /// `2 November 2020`.
    pub fn date_long(&self) -> String {
        format!(
            "{} {} {}",
            self.date.day(),
            self.date.month(),
            self.date.year()
        )
    }
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(format!(
            "`{}` is not a date: write YYYY-MM-DD, as in 2020-11-02",
            truncate_for_message(text)
        ));
    }
    // The shape is checked: the slices are ASCII digits. `time` knows the calendar.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or(0);
    let calendar_day = u8::try_from(number(5..7))
        .ok()
        .and_then(|month| time::Month::try_from(month).ok())
        .and_then(|month| {
            let day = u8::try_from(number(8..10)).ok()?;
            time::Date::from_calendar_date(i32::from(number(0..4)), month, day).ok()
        });
    calendar_day.ok_or_else(|| format!("{text} is not a day of the calendar"))
}

/// `HH:MM`, two digits each, within the day (no seconds: the sources give minutes).
fn parse_time(text: &str) -> Option<time::Time> {
    let bytes = text.as_bytes();
    let digits = |at: usize| {
        let (tens, ones) = (bytes[at], bytes[at + 1]);
        (tens.is_ascii_digit() && ones.is_ascii_digit()).then(|| (tens - b'0') * 10 + (ones - b'0'))
    };
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    time::Time::from_hms(digits(0)?, digits(3)?, 0).ok()
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.date_iso())?;
        if let Some(time) = self.time_hhmm() {
            write!(f, "T{time}Z")?;
        }
        Ok(())
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_parsed(deserializer, Moment::parse)
    }
}

/// "6 h 37 min", "45 min", "2 d 3 h".
pub fn format_duration(minutes: i64) -> String {
    let days = minutes / (24 * 60);
    let hours = (minutes % (24 * 60)) / 60;
    let mins = minutes % 60;
    match (days, hours, mins) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// Keeps error messages readable when the offending value is a megabyte long.
pub(crate) fn truncate_for_message(text: &str) -> String {
    truncate_chars(text, 80)
}

/// The first `limit` characters of `text`, with an ellipsis if there were more.
pub fn truncate_chars(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lower_case_words_joined_by_single_hyphens() {
        assert!(Slug::parse("cloudflare-2020-11-02").is_ok());
        assert!(Slug::parse("etcd").is_ok());
        for bad in ["", "Cloudflare", "a--b", "-a", "a-", "a b", "a_b", "é"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Slug::parse(&"a".repeat(81)).is_err());
    }

    #[test]
    fn only_http_and_https_urls_are_links() {
        assert!(HttpUrl::parse("https://blog.cloudflare.com/a-byzantine-failure/").is_ok());
        assert!(HttpUrl::parse("HTTP://example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.com",
            "//example.com",
            "https://",
            "https:///path",
            "https://user@evil.example",
            "https://exa mple.com",
            "https://example.com/\n",
            "",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn url_host_is_the_authority_without_port() {
        let url = HttpUrl::parse("https://www.cloudflarestatus.com:443/incidents/x").unwrap();
        assert_eq!(url.host(), "www.cloudflarestatus.com");
    }

    #[test]
    fn moments_are_dates_or_utc_minutes() {
        let date = Moment::parse("2020-11-02").unwrap();
        assert_eq!(date.time, None);
        assert_eq!(date.to_string(), "2020-11-02");
        let moment = Moment::parse("2020-11-02T14:43Z").unwrap();
        assert_eq!(moment.time_hhmm().as_deref(), Some("14:43"));
        assert_eq!(moment.to_string(), "2020-11-02T14:43Z");
        assert_eq!(moment.date_long(), "2 November 2020");
    }

    #[test]
    fn moments_reject_impossible_and_ambiguous_values() {
        for bad in [
            "2021-02-29",
            "2020-13-01",
            "2020-11-31",
            "2020-1-2",
            "02/11/2020",
            "2020-11-02T14:43",
            "2020-11-02T25:00Z",
            "2020-11-02T14:43:00Z",
            "2020-11-02 14:43Z",
            "2020-11-02T24:00Z",
            "2020-11-02T14:60Z",
            "2020-11-02T4:43Z",
            "2020-11-02T14-43Z",
            "2020-11-02T+1:43Z",
            "2020-00-10",
            "2020-11-00",
            "0000-01-01T",
        ] {
            assert!(Moment::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Moment::parse("2020-02-29").is_ok(), "2020 is a leap year");
        assert_eq!(
            Moment::parse("0999-01-05T00:00Z").map(|m| m.to_string()),
            Ok("0999-01-05T00:00Z".to_owned())
        );
    }

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
    fn minutes_between_moments_cross_midnight() {
        let start = Moment::parse("2020-11-02T23:50Z").unwrap();
        let end = Moment::parse("2020-11-03T00:20Z").unwrap();
        assert_eq!(end.minutes_since(&start), Some(30));
        let day_only = Moment::parse("2020-11-03").unwrap();
        assert_eq!(day_only.minutes_since(&start), None);
    }

    #[test]
    fn ordering_uses_the_precision_both_moments_share() {
        let morning = Moment::parse("2020-11-02T09:00Z").unwrap();
        let evening = Moment::parse("2020-11-02T21:00Z").unwrap();
        let same_day = Moment::parse("2020-11-02").unwrap();
        assert!(morning.is_before(&evening));
        assert!(!evening.is_before(&morning));
        assert!(!same_day.is_before(&morning));
        assert!(!morning.is_before(&same_day));
    }

    #[test]
    fn durations_read_like_a_person_writes_them() {
        assert_eq!(format_duration(45), "45 min");
        assert_eq!(format_duration(120), "2 h");
        assert_eq!(format_duration(397), "6 h 37 min");
        assert_eq!(format_duration(24 * 60 + 3 * 60 + 5), "1 d 3 h");
        assert_eq!(format_duration(2 * 24 * 60), "2 d");
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
