//! `json_path` reads the field of a read error back from its position; serde_path_to_error
//! tracks it while reading. Over every fixture and the fuzzing corpus, they must agree.

use std::path::Path;

use incident_atlas::catalogue::json_path::{Concern, offset_of, path_at};
use incident_atlas::catalogue::{FailureType, Incident, IncidentSummary};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// The path each way, for a value that fails to read as `T`; None if it reads.
fn both<T: DeserializeOwned>(raw: &str) -> Option<(String, String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(raw);
    let tracked = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()?;
    let error = serde_json::from_str::<T>(raw).err()?;
    let located = path_at(
        raw,
        offset_of(raw, error.line(), error.column()),
        Concern::of(&error),
    );
    Some((tracked.path().to_string(), located, error.to_string()))
}

fn json_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn the_located_field_is_the_tracked_field() {
    let mut files = Vec::new();
    json_files(Path::new("tests/fixtures"), &mut files);
    json_files(Path::new("fuzz/corpus/catalogue"), &mut files);
    let (mut compared, mut differ) = (0, Vec::new());
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        #[derive(serde::Deserialize)]
        struct Loose<'a> {
            #[serde(borrow)]
            failure_types: Option<&'a RawValue>,
            #[serde(borrow, default)]
            incidents: Vec<&'a RawValue>,
        }
        let Ok(loose) = serde_json::from_str::<Loose>(&text) else {
            continue;
        };
        let mut check = |outcome: Option<(String, String, String)>| {
            if let Some((tracked, located, message)) = outcome {
                compared += 1;
                // Both give the same field: "" and "." are the whole value.
                let whole = |path: &str| path.is_empty() || path == ".";
                if tracked != located && !(whole(&tracked) && whole(&located)) {
                    differ.push(format!(
                        "{}: {tracked} vs {located}: {message}",
                        file.display()
                    ));
                }
            }
        };
        if let Some(types) = loose.failure_types {
            check(both::<Vec<FailureType>>(types.get()));
        }
        for raw in &loose.incidents {
            check(both::<Incident>(raw.get()));
            check(both::<IncidentSummary>(raw.get()));
        }
    }
    assert!(compared > 100, "only {compared} errors compared");
    assert!(
        differ.is_empty(),
        "{} of {compared} differ:\n{}",
        differ.len(),
        differ[..differ.len().min(30)].join("\n")
    );
}
