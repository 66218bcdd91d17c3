//! Reading a catalogue file: strict about each incident, tolerant of the collection.
//!
//! A catalogue that is not JSON, has the wrong shape or a version this build does not know is
//! a [`LoadError`]: nothing in it can be trusted. Otherwise each incident is read and checked on
//! its own, and one that fails is left out with a [`Problem`] saying why, so a single bad entry
//! never takes the others down.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::catalogue::{CATALOGUE_VERSION, Catalogue, FailureType, Incident, truncate_for_message};
use crate::check::{Problem, check_failure_types, check_incident};

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
    #[error("the failure-type taxonomy is invalid: {}", problems_list(.0))]
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
    #[serde(default)]
    version: Option<serde_json::Value>,
    #[serde(borrow)]
    failure_types: &'a RawValue,
    #[serde(borrow)]
    incidents: Vec<&'a RawValue>,
}

/// Just enough of an incident to name it when the rest fails to read.
#[derive(Deserialize)]
struct IdProbe {
    id: Option<serde_json::Value>,
}

/// Reads a catalogue from its text.
pub fn load_catalogue(text: &str) -> Result<LoadedCatalogue, LoadError> {
    // A byte order mark is legal in a UTF-8 file but not in JSON; editors on some systems add one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
        struct VersionProbe {
            version: Option<serde_json::Value>,
        }
        match serde_json::from_str::<VersionProbe>(text) {
            Ok(probe) => check_version(probe.version.as_ref())
                .err()
                .unwrap_or(LoadError::Shape {
                    line,
                    column,
                    message,
                }),
            Err(_) => LoadError::Shape {
                line,
                column,
                message,
            },
        }
    })?;
    check_version(envelope.version.as_ref())?;

    let failure_types: Vec<FailureType> =
        read_strict(envelope.failure_types.get()).map_err(|(field, message, line)| {
            let mut problem = Problem::new(None, format!("failure_types{field}"), message);
            problem.line = Some(line_of(text, envelope.failure_types) + line - 1);
            LoadError::Taxonomy(vec![problem])
        })?;
    let mut catalogue = Catalogue {
        schema: envelope.schema,
        version: CATALOGUE_VERSION,
        failure_types,
        incidents: Vec::with_capacity(envelope.incidents.len()),
    };
    let taxonomy_problems = check_failure_types(&catalogue);
    if !taxonomy_problems.is_empty() {
        return Err(LoadError::Taxonomy(taxonomy_problems));
    }

    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    // Lines are counted onwards from the previous incident, so a catalogue of ten thousand
    // incidents is scanned once, not once per incident.
    let mut lines = LineCounter::new(text);
    for (index, raw) in envelope.incidents.iter().enumerate() {
        let line = lines.line_of(raw);
        let incident: Incident = match read_strict(raw.get()) {
            Ok(incident) => incident,
            Err((field, message, offset)) => {
                let name = serde_json::from_str::<IdProbe>(raw.get())
                    .ok()
                    .and_then(|probe| match probe.id {
                        Some(serde_json::Value::String(id)) => Some(truncate_for_message(&id)),
                        _ => None,
                    })
                    .unwrap_or_else(|| format!("#{}", index + 1));
                let mut problem = Problem::new(Some(&name), field.trim_start_matches('.'), message);
                problem.line = Some(line + offset - 1);
                problems.push(problem);
                continue;
            }
        };
        let mut found = check_incident(&incident, &catalogue);
        if !ids.insert(incident.id.clone()) {
            found.push(Problem::new(
                Some(incident.id.as_str()),
                "id",
                "another incident already has this id; only the first is shown",
            ));
        }
        if found.is_empty() {
            catalogue.incidents.push(incident);
        } else {
            problems.extend(found.into_iter().map(|mut p| {
                p.line = Some(line);
                p
            }));
        }
    }

    Ok(LoadedCatalogue {
        catalogue,
        problems,
        incidents_in_file: envelope.incidents.len(),
    })
}

fn check_version(version: Option<&serde_json::Value>) -> Result<(), LoadError> {
    match version {
        None => Err(LoadError::MissingVersion),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(CATALOGUE_VERSION.into()) => {
            Ok(())
        }
        Some(other) => Err(LoadError::UnsupportedVersion {
            found: truncate_for_message(&other.to_string()),
        }),
    }
}

/// Reads a value, or says where in it (field path, message, 1-based line within `text`) it
/// went wrong.
fn read_strict<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, (String, String, usize)> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = if path == "." {
            String::new()
        } else {
            format!(".{path}")
        };
        (
            field,
            strip_position(&inner.to_string()),
            inner.line().max(1),
        )
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
}
