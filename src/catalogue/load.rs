//! Reading a catalogue file: strict about each incident, tolerant of the collection.
//!
//! A catalogue that is not JSON, has the wrong shape or a version this build does not know is
//! a [`LoadError`]: nothing in it can be trusted. Otherwise each incident is read and checked on
//! its own, and one that fails is left out with a [`Problem`] saying why, so a single bad entry
//! never takes the others down.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::catalogue::check::{
    Problem, check_failure_types, check_incident, check_mechanisms, check_summary,
};
use crate::catalogue::{
    CATALOGUE_VERSION, Catalogue, FailureType, Incident, IncidentSummary, Mechanism, Slug,
    truncate_for_message,
};

/// A catalogue with its valid incidents, and what was left out.
#[derive(Debug, Clone)]
pub struct LoadedCatalogue {
    /// The taxonomy and every incident that passed its checks.
    pub catalogue: Catalogue,
    /// Every problem found; an incident with a problem is not in `catalogue`.
    pub problems: Vec<Problem>,
    /// How many incidents the file holds, valid or not.
    pub incidents_in_file: usize,
}

/// The index (the site's `catalogue.json`) with its valid entries, and what was left out. An entry
/// is an [`IncidentSummary`], whose full entry is fetched with its page, or a whole incident: so
/// a whole catalogue reads as an index too.
#[derive(Debug, Clone)]
pub struct LoadedIndex {
    pub failure_types: Vec<FailureType>,
    /// The mechanisms' taxonomy; empty in a catalogue that has none.
    pub mechanisms: Vec<Mechanism>,
    /// Every entry that passed its checks, with the full incident when the entry was one.
    pub entries: Vec<(IncidentSummary, Option<Incident>)>,
    pub problems: Vec<Problem>,
    pub incidents_in_file: usize,
}

/// Why a catalogue could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("the catalogue is not valid JSON (line {line}, column {column}): {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the catalogue has the wrong shape (line {line}, column {column}): {message}")]
    Shape {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the catalogue has no \"version\"; this build reads version {CATALOGUE_VERSION}")]
    MissingVersion,
    #[error(
        "the catalogue is version {found}, and this build reads only version {CATALOGUE_VERSION}"
    )]
    UnsupportedVersion { found: String },
    #[error("the taxonomy is invalid: {}", problems_list(.0))]
    Taxonomy(Vec<Problem>),
}

fn problems_list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The top level, with each incident kept as raw text to be read on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(rename = "$schema", default)]
    schema: Option<String>,
    // Raw, as the probes below: `serde_json::Value` would link its whole reader and writer
    // into the wasm for two fields.
    #[serde(default, borrow)]
    version: Option<&'a RawValue>,
    #[serde(borrow)]
    failure_types: &'a RawValue,
    // Optional: a catalogue without mechanisms is still a whole catalogue.
    #[serde(default, borrow)]
    mechanisms: Present<'a>,
    #[serde(borrow)]
    incidents: Vec<&'a RawValue>,
}

/// A raw value that may be absent. Unlike `Option`, it takes `null` as a value, so that
/// `"mechanisms": null` is refused as the catalogue's own type and the schema refuse it.
#[derive(Default)]
struct Present<'a>(Option<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for Present<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'a RawValue>::deserialize(deserializer).map(|raw| Present(Some(raw)))
    }
}

/// Just enough of an incident to name it when the rest fails to read.
#[derive(Deserialize)]
struct IdProbe<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
}

/// The catalogue of `tests/fixtures/valid/minimal.json` (one incident, trigger "config",
/// contributing "dns", 10:00 to 11:30 on 1 January 2021), for unit tests.
#[cfg(test)]
pub(crate) fn minimal_fixture() -> Catalogue {
    let text =
        std::fs::read_to_string("tests/fixtures/valid/minimal.json").expect("the minimal fixture");
    load_catalogue(&text).expect("loads").catalogue
}

/// Reads a catalogue from its text.
pub fn load_catalogue(text: &str) -> Result<LoadedCatalogue, LoadError> {
    let (taxonomy, incidents, problems, incidents_in_file) = load_entries(text, read_incident)?;
    Ok(LoadedCatalogue {
        catalogue: Catalogue {
            incidents,
            ..taxonomy
        },
        problems,
        incidents_in_file,
    })
}

/// Reads the index (or a whole catalogue) from its text.
pub fn load_index(text: &str) -> Result<LoadedIndex, LoadError> {
    let (taxonomy, entries, problems, incidents_in_file) = load_entries(text, read_entry)?;
    Ok(LoadedIndex {
        failure_types: taxonomy.failure_types,
        mechanisms: taxonomy.mechanisms,
        entries,
        problems,
        incidents_in_file,
    })
}

/// The search words file (`search-words.json`): each incident's words, by id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchWordsFile {
    version: u32,
    words: Vec<(String, String)>,
}

/// Reads the search words file: `[id, words]` of each incident, or why it cannot be used.
pub fn load_search_words(text: &str) -> Result<Vec<(String, String)>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: SearchWordsFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if file.version != CATALOGUE_VERSION {
        return Err(format!(
            "it is version {}; this site reads version {CATALOGUE_VERSION}",
            file.version
        ));
    }
    Ok(file.words)
}

/// Reads one incident's full entry (`incidents/<id>.json`) and checks it against the taxonomy
/// and the id its page was opened for.
pub fn load_incident(
    text: &str,
    taxonomy: &Catalogue,
    expected_id: &str,
) -> Result<Incident, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let name = || expected_id.to_owned();
    let (id, incident) = read_incident(text, taxonomy, &name)?;
    if id.as_str() != expected_id {
        return Err(vec![Problem::new(
            Some(expected_id),
            "id",
            format!(
                "the entry fetched for this incident is `{}`",
                truncate_for_message(id.as_str())
            ),
        )]);
    }
    Ok(incident)
}

/// An incident read from its text and checked: its id, and what was wrong with it.
type ReadOutcome<T> = Result<(Slug, T), Vec<Problem>>;

fn read_incident(
    raw: &str,
    catalogue: &Catalogue,
    name: &dyn Fn() -> String,
) -> ReadOutcome<Incident> {
    let incident: Incident = read_strict(raw).map_err(|error| vec![error.problem(&name())])?;
    let problems = check_incident(&incident, catalogue);
    if problems.is_empty() {
        Ok((incident.id.clone(), incident))
    } else {
        Err(problems)
    }
}

fn read_entry(
    raw: &str,
    catalogue: &Catalogue,
    name: &dyn Fn() -> String,
) -> ReadOutcome<(IncidentSummary, Option<Incident>)> {
    // A full entry always has a write-up; an index entry never does.
    let is_summary = !has_key(raw, "write_up");
    if !is_summary {
        return read_incident(raw, catalogue, name)
            .map(|(id, incident)| (id, (incident.to_summary(), Some(incident))));
    }
    let summary: IncidentSummary =
        read_strict(raw).map_err(|error| vec![error.problem(&name())])?;
    let problems = check_summary(&summary, catalogue);
    if problems.is_empty() {
        Ok((summary.id.clone(), (summary, None)))
    } else {
        Err(problems)
    }
}

/// Whether a JSON text has the key `key` anywhere: a string followed by `:` is always a key in
/// valid JSON, and a quote inside a string is escaped. Scanning the text this way is several
/// times faster than parsing it once more.
fn has_key(raw: &str, key: &str) -> bool {
    let quoted = format!("\"{key}\"");
    raw.match_indices(&quoted).any(|(at, _)| {
        let escaped = raw[..at].ends_with('\\');
        let after = raw[at + quoted.len()..].trim_start();
        !escaped && after.starts_with(':')
    })
}

/// What `load_entries` gives: the taxonomy (as a catalogue without incidents), the entries,
/// the problems and how many incidents the file holds.
type Entries<T> = (Catalogue, Vec<T>, Vec<Problem>, usize);

fn load_entries<T>(
    text: &str,
    read: impl Fn(&str, &Catalogue, &dyn Fn() -> String) -> ReadOutcome<T>,
) -> Result<Entries<T>, LoadError> {
    // A byte order mark is legal in a UTF-8 file but not in JSON; editors on some systems add one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let envelope = read_envelope(text)?;
    let taxonomy = read_taxonomy(text, &envelope)?;
    let (entries, problems) = read_incidents(text, &envelope.incidents, &taxonomy, read);
    Ok((taxonomy, entries, problems, envelope.incidents.len()))
}

/// The file's outer object: its version checked, its parts still raw.
fn read_envelope(text: &str) -> Result<Envelope<'_>, LoadError> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|error| {
        let (line, column, message) = (error.line(), error.column(), error.to_string());
        let message = strip_position(&message);
        if error.is_syntax() || error.is_eof() {
            return LoadError::Syntax {
                line,
                column,
                message,
            };
        }
        // Another version may well have another shape: say that, rather than what differs.
        #[derive(Deserialize)]
        struct VersionProbe<'a> {
            #[serde(default, borrow)]
            version: Option<&'a RawValue>,
        }
        let shape = LoadError::Shape {
            line,
            column,
            message,
        };
        match serde_json::from_str::<VersionProbe>(text) {
            Ok(probe) => check_version(probe.version).err().unwrap_or(shape),
            Err(_) => shape,
        }
    })?;
    check_version(envelope.version)?;
    Ok(envelope)
}

/// The failure types and the mechanisms, read and checked: without a sound taxonomy no
/// incident can be checked.
fn read_taxonomy(text: &str, envelope: &Envelope) -> Result<Catalogue, LoadError> {
    let failure_types: Vec<FailureType> =
        read_taxonomy_part(text, "failure_types", envelope.failure_types)?;
    let mechanisms: Vec<Mechanism> = match envelope.mechanisms.0 {
        Some(raw) => read_taxonomy_part(text, "mechanisms", raw)?,
        None => Vec::new(),
    };
    let taxonomy = Catalogue {
        schema: envelope.schema.clone(),
        version: CATALOGUE_VERSION,
        failure_types,
        mechanisms,
        incidents: Vec::new(),
    };
    let mut taxonomy_problems = check_failure_types(&taxonomy);
    taxonomy_problems.extend(check_mechanisms(&taxonomy));
    if taxonomy_problems.is_empty() {
        Ok(taxonomy)
    } else {
        Err(LoadError::Taxonomy(taxonomy_problems))
    }
}

/// One list of the taxonomy (`field` in the file), or where it went wrong, by its line.
fn read_taxonomy_part<T: for<'de> Deserialize<'de>>(
    text: &str,
    field: &str,
    raw: &RawValue,
) -> Result<T, LoadError> {
    read_strict(raw.get()).map_err(|error| {
        let mut problem = Problem::new(None, format!("{field}{}", error.field), error.message);
        problem.line = Some(line_of(text, raw) + error.line - 1);
        LoadError::Taxonomy(vec![problem])
    })
}

/// Each incident read on its own: the good ones kept (the first of each id), the problems of
/// the others with their lines in the file.
fn read_incidents<T>(
    text: &str,
    incidents: &[&RawValue],
    taxonomy: &Catalogue,
    read: impl Fn(&str, &Catalogue, &dyn Fn() -> String) -> ReadOutcome<T>,
) -> (Vec<T>, Vec<Problem>) {
    let mut entries = Vec::with_capacity(incidents.len());
    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    // Lines are counted onwards from the previous incident, so a catalogue of ten thousand
    // incidents is scanned once, not once per incident.
    let mut lines = LineCounter::new(text);
    for (index, raw) in incidents.iter().enumerate() {
        // Only a problem needs its line; problems come in order, so counting stays linear.
        let mut line = || lines.line_of(raw);
        let name = || {
            serde_json::from_str::<IdProbe>(raw.get())
                .ok()
                .and_then(|probe| serde_json::from_str::<String>(probe.id?.get()).ok())
                .map(|id| truncate_for_message(&id))
                .unwrap_or_else(|| format!("#{}", index + 1))
        };
        match read(raw.get(), taxonomy, &name) {
            Ok((id, entry)) if ids.insert(id.clone()) => entries.push(entry),
            Ok((id, _)) => {
                let mut problem = Problem::new(
                    Some(id.as_str()),
                    "id",
                    "another incident already has this id; only the first is shown",
                );
                problem.line = Some(line());
                problems.push(problem);
            }
            Err(found) => {
                let line = line();
                problems.extend(found.into_iter().map(|mut p| {
                    // A read error carries its line within the incident; a check, none.
                    p.line = Some(p.line.map_or(line, |within| line + within - 1));
                    p
                }))
            }
        }
    }
    (entries, problems)
}

/// The version must be the integer this reader knows (`1`, not `1.0` or `"1"`); `null` counts
/// as missing.
fn check_version(version: Option<&RawValue>) -> Result<(), LoadError> {
    match version.map(RawValue::get) {
        None => Err(LoadError::MissingVersion),
        Some(number) if number.parse::<u32>() == Ok(CATALOGUE_VERSION) => Ok(()),
        Some(other) => Err(LoadError::UnsupportedVersion {
            found: truncate_for_message(other),
        }),
    }
}

/// Where a value went wrong: the field path (`.write_up[2]`, or empty for the value itself),
/// the message, and the 1-based line within the text read.
struct ReadError {
    field: String,
    message: String,
    line: usize,
}

impl ReadError {
    /// As a problem of the incident called `name`, its line relative to the incident.
    fn problem(self, name: &str) -> Problem {
        let mut problem =
            Problem::new(Some(name), self.field.trim_start_matches('.'), self.message);
        problem.line = Some(self.line);
        problem
    }
}

/// Reads a value, or says where in it it went wrong.
fn read_strict<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ReadError> {
    serde_json::from_str(text).map_err(|error: serde_json::Error| {
        let end = crate::catalogue::json_path::offset_of(text, error.line(), error.column());
        let path = crate::catalogue::json_path::path_at(
            text,
            end,
            crate::catalogue::json_path::Concern::of(&error),
        );
        let field = if path == "." {
            String::new()
        } else {
            format!(".{path}")
        };
        ReadError {
            field,
            message: strip_position(&error.to_string()),
            line: error.line().max(1),
        }
    })
}

/// serde_json appends " at line L column C" to its messages; we report lines ourselves,
/// relative to the whole file.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}

/// The 1-based line of `text` where `raw` starts. `raw` borrows from `text`, so its address
/// tells its offset.
fn line_of(text: &str, raw: &RawValue) -> usize {
    LineCounter::new(text).line_of(raw)
}

/// Line numbers of values met in order through one text.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, raw: &RawValue) -> usize {
        let offset = (raw.get().as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        if offset < self.offset {
            // Out of order: count from the start again.
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_serde_positions_from_messages() {
        assert_eq!(
            strip_position("missing field `id` at line 3 column 5"),
            "missing field `id`"
        );
        assert_eq!(strip_position("plain"), "plain");
    }

    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        let text = "\u{feff}{\"version\": 1, \"failure_types\": [{\"id\": \"dns\", \"label\": \"DNS\", \"description\": \"Name resolution.\"}], \"incidents\": []}";
        let loaded = load_catalogue(text).unwrap();
        assert!(loaded.problems.is_empty());
    }

    const TAXONOMY: &str = r#"[{"id": "dns", "label": "DNS", "description": "Name resolution."}]"#;

    fn summary(id: &str, extra: &str) -> String {
        format!(
            r#"{{"id": "{id}", "organisation": "Org", "title": "Title", "start": "2021-01-01",
                "summary": "Summary.", "failure_types": {{"trigger": "dns"}}, "words": "etcd leader"{extra}}}"#
        )
    }

    fn full(id: &str) -> String {
        format!(
            r#"{{"id": "{id}", "organisation": "Org", "title": "Title", "start": "2021-01-01",
                "summary": "Summary.", "write_up": [["The etcd leader."]], "impact": "Some.",
                "remediation": ["Fixed."], "failure_types": {{"trigger": "dns"}},
                "links": [{{"kind": "postmortem", "url": "https://example.com/p"}}],
                "sources": ["https://example.com/p"],
                "causal_chain": {{"nodes": [{{"id": "a", "kind": "trigger", "label": "A"}}], "edges": []}}}}"#
        )
    }

    fn index(entries: &[String]) -> String {
        format!(
            r#"{{"version": 1, "failure_types": {TAXONOMY}, "incidents": [{}]}}"#,
            entries.join(",\n")
        )
    }

    #[test]
    fn an_index_entry_may_leave_its_words_to_the_search_words_file() {
        let without = summary("a", "").replace(r#", "words": "etcd leader""#, "");
        assert!(!without.contains("words"));
        let loaded = load_index(&index(&[without])).expect("loads");
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        assert_eq!(loaded.entries[0].0.words, "");
        assert!(
            loaded.entries[0].1.is_none(),
            "a summary, not a whole incident"
        );

        let words =
            load_search_words(r#"{"version": 1, "words": [["a", "etcd leader"]]}"#).expect("loads");
        assert_eq!(words, [("a".to_owned(), "etcd leader".to_owned())]);
        let future = load_search_words(r#"{"version": 2, "words": []}"#).unwrap_err();
        assert!(future.contains("version 2"), "{future}");
        assert!(load_search_words(r#"{"version": 1, "words": [["a", 3]]}"#).is_err());
        assert!(load_search_words("[").is_err());
    }

    #[test]
    fn an_index_holds_summaries_and_whole_incidents_alike() {
        let loaded = load_index(&index(&[summary("a", ""), full("b")])).expect("loads");
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        let (a, a_full) = &loaded.entries[0];
        assert_eq!((a.id.as_str(), a_full.is_none()), ("a", true));
        let (b, b_full) = &loaded.entries[1];
        assert_eq!(b.id.as_str(), "b");
        assert!(b_full.is_some(), "a whole incident keeps its full entry");
    }

    #[test]
    fn a_bad_index_entry_is_left_out_and_named() {
        let entries = [
            summary("good", ""),
            summary("unknown-field", r#", "colour": "red""#),
            summary("no-such-type", "").replace(r#""trigger": "dns""#, r#""trigger": "bgp""#),
            summary("good", ""),
            summary("blank-words", "").replace("etcd leader", " "),
            summary("no-words", "").replace("etcd leader", ""),
        ];
        let loaded = load_index(&index(&entries)).expect("loads");
        assert_eq!(
            loaded.entries.len(),
            2,
            "good, and no-words: every word may be shown"
        );
        assert_eq!(loaded.incidents_in_file, 6);
        let said: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert!(said[0].contains("unknown field `colour`"), "{said:?}");
        assert!(said[1].contains("no failure type `bgp`"), "{said:?}");
        assert!(said[2].contains("already has this id"), "{said:?}");
        assert!(said[3].contains("words: is empty"), "{said:?}");
        assert!(loaded.problems.iter().all(|p| p.line.is_some()));
    }

    #[test]
    fn a_full_entry_must_be_the_incident_its_page_asked_for() {
        let taxonomy: Catalogue = serde_json::from_str(&index(&[])).expect("a catalogue");
        assert!(load_incident(&full("a"), &taxonomy, "a").is_ok());
        let wrong = load_incident(&full("b"), &taxonomy, "a").expect_err("another incident");
        assert!(
            wrong[0]
                .to_string()
                .contains("the entry fetched for this incident is `b`")
        );
        let broken = load_incident("{\"id\": 3}", &taxonomy, "a").expect_err("not an incident");
        assert_eq!(broken[0].incident.as_deref(), Some("a"));
        let unchecked = full("a").replace(r#""trigger": "dns""#, r#""trigger": "bgp""#);
        assert!(load_incident(&unchecked, &taxonomy, "a").is_err());
    }

    #[test]
    fn an_index_carries_the_mechanisms_and_its_full_entries_are_checked_against_them() {
        let mechanisms =
            r#"[{"id": "retry-storm", "label": "Retry storm", "description": "Retries."}]"#;
        let named = full("b").replace(
            r#""label": "A"}"#,
            r#""label": "A", "mechanism": "retry-storm"}"#,
        );
        let text = index(&[summary("a", ""), named.clone()]).replace(
            r#""incidents""#,
            &format!(r#""mechanisms": {mechanisms}, "incidents""#),
        );
        let loaded = load_index(&text).expect("loads");
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        assert_eq!(loaded.mechanisms.len(), 1);
        assert_eq!(loaded.entries.len(), 2);
        // Without the taxonomy, the node names an unknown mechanism.
        let without = load_index(&index(&[named])).expect("loads");
        assert!(
            without.problems[0]
                .to_string()
                .contains("mechanism `retry-storm`"),
            "{:#?}",
            without.problems
        );
        let null = index(&[]).replace(r#""incidents""#, r#""mechanisms": null, "incidents""#);
        assert!(
            matches!(load_index(&null), Err(LoadError::Taxonomy(_))),
            "null is not a list of mechanisms"
        );
        let broken = text.replace(r#""label": "Retry storm", "#, "");
        match load_index(&broken) {
            Err(LoadError::Taxonomy(problems)) => {
                assert!(problems[0].field.starts_with("mechanisms"), "{problems:#?}");
                assert!(problems[0].line.is_some());
            }
            other => panic!("expected a taxonomy error, got {other:?}"),
        }
    }

    #[test]
    fn an_index_entry_carries_its_mechanisms_and_a_bad_one_is_left_out() {
        let mechanisms = r#"[{"id": "retry-storm", "label": "Retry storm", "description": "Retries."},
            {"id": "overload", "label": "Overload", "description": "Too much."}]"#;
        let fields =
            |named: &str, led: &str| format!(r#", "mechanisms": "{named}", "led_to": "{led}""#);
        let text = index(&[
            summary(
                "good",
                &fields("retry-storm overload", "retry-storm>overload"),
            ),
            summary("unknown", &fields("split-brain", "")),
            summary("unknown-end", &fields("overload", "overload>split-brain")),
            summary("no-arrow", &fields("overload", "overload")),
        ])
        .replace(
            r#""incidents""#,
            &format!(r#""mechanisms": {mechanisms}, "incidents""#),
        );
        let loaded = load_index(&text).expect("loads");
        let ids: Vec<&str> = loaded.entries.iter().map(|(s, _)| s.id.as_str()).collect();
        assert_eq!(ids, ["good"]);
        let good = &loaded.entries[0].0;
        assert_eq!(
            good.mechanism_ids().collect::<Vec<_>>(),
            ["retry-storm", "overload"]
        );
        assert!(good.leads("retry-storm", "overload") && !good.leads("overload", "retry-storm"));
        let said: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            said[0].contains("mechanisms: `split-brain` does not"),
            "{said:?}"
        );
        assert!(
            said[1].contains("led_to: `overload>split-brain` does not"),
            "{said:?}"
        );
        assert!(said[2].contains("led_to: `overload` does not"), "{said:?}");
    }

    #[test]
    fn a_key_is_told_from_the_same_word_in_text() {
        assert!(has_key(r#"{"id": "a", "words" : "x"}"#, "words"));
        assert!(!has_key(
            r#"{"title": "words", "summary": "say \"words\": none"}"#,
            "words"
        ));
        assert!(!has_key(r#"{"wordsmith": 1}"#, "words"));
    }
}
