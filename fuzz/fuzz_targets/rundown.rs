//! The rundown importer on arbitrary text; whatever it makes is exported and imported again,
//! and a catalogue that `atlas check` accepts comes back the same.
#![no_main]

use incident_atlas::authoring::rundown::{export_rundown, import_rundown};
use incident_atlas::catalogue::load::load_catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let imported = import_rundown(text);
    for problem in imported.errors.iter().chain(&imported.warnings) {
        let _ = problem.to_string();
    }
    let exported = export_rundown(&imported.catalogue);
    let again = import_rundown(&exported);
    let _ = export_rundown(&again.catalogue);
    let json = serde_json::to_string(&imported.catalogue).expect("a catalogue serialises");
    if let Ok(loaded) = load_catalogue(&json)
        && loaded.problems.is_empty()
    {
        assert_eq!(again.catalogue, imported.catalogue, "{exported}");
    }
});
