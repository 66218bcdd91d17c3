//! The filter in the URL: parsing never panics, and the canonical query of what was parsed
//! parses back to the same filter.
#![no_main]

use incident_atlas::timeline::url_state::{filter_query, parse_filter_query, timeline_path};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_filter_query(text);
    for ignored in &parsed.ignored {
        let _ = ignored.to_string();
    }
    let query = filter_query(&parsed.filter);
    let _ = timeline_path(&parsed.filter);
    let again = parse_filter_query(&query);
    assert_eq!(
        again.filter, parsed.filter,
        "the canonical query {query:?} of {text:?} does not parse back to the same filter"
    );
    assert!(
        again.ignored.is_empty(),
        "the canonical query {query:?} of {text:?} has ignored parts: {:?}",
        again.ignored
    );
    // Canonical means a fixed point.
    assert_eq!(filter_query(&again.filter), query);
});
