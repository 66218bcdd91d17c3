//! The rundown importer on arbitrary text; whatever it makes is exported and imported again.
#![no_main]

use incident_atlas::authoring::rundown::{export_rundown, import_rundown};
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
});
