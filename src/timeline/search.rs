//! Free-text search: queries split into terms, a haystack per incident built once at load, and
//! highlighting of the matched words in what the page shows.
//!
//! Matching ignores case. Every term must occur somewhere in the incident (AND); a term is a
//! word, or a "quoted phrase". The timeline works from the index, which holds the write-up and
//! causal chain of each incident as words (see [`detail_words`]), not as text: so a quoted
//! phrase is found as written in the title, organisation or summary, and elsewhere where all of
//! its words occur.

use crate::catalogue::{Incident, IncidentSummary};

/// The folded (lower-cased) terms of a query, ready to match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    /// Splits a query into terms: words, or phrases in double quotes.
    pub fn parse(query: &str) -> SearchTerms {
        let mut terms = Vec::new();
        for (index, part) in query.split('"').enumerate() {
            // Odd parts sat between quotes.
            if index % 2 == 1 {
                let phrase = fold(part.trim());
                if !phrase.is_empty() {
                    terms.push(phrase);
                }
            } else {
                terms.extend(part.split_whitespace().map(fold));
            }
        }
        crate::order::sort_by(&mut terms, |a, b| a.cmp(b));
        terms.dedup();
        SearchTerms(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn terms(&self) -> &[String] {
        &self.0
    }

    /// Whether every term occurs in a haystack made by [`haystack`]. A word matches inside any
    /// word of the incident. A quoted phrase matches where it occurs as written in the text a
    /// card shows (before [`WORDS_MARK`]), or where each of its words occurs somewhere in the
    /// incident: the index keeps the write-up and chain as words, not as text.
    pub fn matches(&self, haystack: &str) -> bool {
        let shown = haystack.split(WORDS_MARK).next().unwrap_or(haystack);
        self.0.iter().all(|term| {
            shown.contains(term.as_str())
                || term
                    .split_whitespace()
                    .all(|piece| haystack.contains(piece))
        })
    }
}

/// Lower-cases text the same way for haystacks and terms: Unicode's lower case.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// Lower-cases text the same way for haystacks and terms: Unicode's lower case, by the browser.
/// Rust's own would carry Unicode's case tables in the wasm, which the browser already has.
/// ASCII text, nearly all of it, never leaves the wasm.
#[cfg(target_arch = "wasm32")]
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
}

/// Appends `c` lower-cased as `fold` does it, and returns how many bytes that added.
fn push_folded(folded: &mut String, c: char) -> usize {
    let before = folded.len();
    if c.is_ascii() {
        folded.push(c.to_ascii_lowercase());
    } else {
        folded.push_str(&fold(c.encode_utf8(&mut [0; 4])));
    }
    folded.len() - before
}

/// Separates, in a haystack, the text a card shows from the words of the write-up and chain.
/// A control character, taken out of the fields wherever text holds one.
pub const WORDS_MARK: char = '\u{1e}';

/// The index's entry for a full incident, with its search words.
pub fn summary_of(incident: &Incident) -> IncidentSummary {
    let (mechanisms, led_to) = crate::mechanisms::index_fields(&incident.causal_chain);
    IncidentSummary {
        words: detail_words(incident),
        mechanisms,
        led_to,
        ..incident.to_summary()
    }
}

/// The words of an incident's write-up and causal-chain labels that search needs, sorted and
/// separated by single spaces: what the index keeps of them. A word is a run between
/// whitespace with the punctuation at its ends trimmed (`etcd,` is `etcd`; `read-only` stays
/// whole). Words that differ only in case count once, as first written, so a card can show a
/// matched word as the write-up has it. A term matches where it occurs inside a word, so a
/// word that starts a longer word, or that is a word of the title, organisation or summary,
/// would never decide a match and is left out: the index stays small without finding less.
/// (Only these two cases, both found in linear time: a write-up may hold a hundred thousand
/// distinct words.)
pub fn detail_words(incident: &Incident) -> String {
    let mut text = String::new();
    for paragraph in &incident.write_up {
        for run in paragraph {
            text.push_str(run.text());
        }
        text.push('\n');
    }
    for node in &incident.causal_chain.nodes {
        text.push_str(&node.label);
        text.push('\n');
    }
    let mut words: Vec<(String, usize, &str)> = text
        .split_whitespace()
        .map(trim_word)
        .filter(|word| !word.is_empty())
        .enumerate()
        .map(|(at, word)| (fold(word), at, word))
        .collect();
    // By folded word, then by position: dedup keeps each word's first spelling.
    crate::order::sort_by(&mut words, |a, b| a.cmp(b));
    words.dedup_by(|later, first| later.0 == first.0);
    let shown = fold(&format!(
        "{}\n{}\n{}",
        incident.title, incident.organisation, incident.summary
    ));
    let shown_words: std::collections::HashSet<&str> =
        shown.split_whitespace().map(trim_word).collect();
    // Sorted, every word that starts with this one comes right after it.
    let needed: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(at, (folded, _, _))| {
            let starts_next = words
                .get(at + 1)
                .is_some_and(|(next, _, _)| next.starts_with(folded.as_str()));
            !starts_next && !shown_words.contains(folded.as_str())
        })
        .map(|(_, (_, _, word))| *word)
        .collect();
    needed.join(" ")
}

/// A word without the punctuation at its ends.
fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Everything search looks at in an incident, folded: title, organisation and summary, each
/// on its own line so a term cannot match across two, then [`WORDS_MARK`] and the words of
/// the write-up and causal chain.
pub fn haystack(incident: &IncidentSummary) -> String {
    let mut text = String::with_capacity(incident.words.len() + 512);
    for field in [&incident.title, &incident.organisation, &incident.summary] {
        text.push_str(field);
        text.push('\n');
    }
    let mut text = without_mark(fold(&text));
    text.push(WORDS_MARK);
    text.push('\n');
    text.push_str(&without_mark(fold(&incident.words)));
    text
}

fn without_mark(text: String) -> String {
    if text.contains(WORDS_MARK) {
        text.replace(WORDS_MARK, " ")
    } else {
        text
    }
}

/// Which incidents hold which words, built once at load so that a keystroke scans the
/// collection's vocabulary (tens of thousands of distinct words) rather than all of its text
/// (tens of megabytes at ten thousand incidents).
///
/// A word here is a run of the folded haystack between whitespace, punctuation included. A
/// term without whitespace occurs in a haystack exactly when it occurs within one of its
/// words, so for such terms the index gives the same answer as scanning the text. A quoted
/// phrase with spaces narrows to the incidents holding each of its words; those are then
/// checked against their text.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    words: Vec<Box<str>>,
    /// For each word, the incidents (by index, ascending) that hold it.
    postings: Vec<Vec<u32>>,
    incidents: usize,
}

impl SearchIndex {
    /// Indexes the haystacks (made by [`haystack`]) of incidents `0..n`.
    pub fn new<I: IntoIterator<Item = String>>(haystacks: I) -> SearchIndex {
        // The standard hasher, keyed per process: a catalogue cannot be crafted to collide.
        let mut ids: std::collections::HashMap<Box<str>, u32> = std::collections::HashMap::new();
        let mut index = SearchIndex::default();
        for (incident, text) in haystacks.into_iter().enumerate() {
            let incident = u32::try_from(incident).unwrap_or(u32::MAX);
            // The card's text is split at any whitespace; the words after the mark are
            // separated by single spaces, and splitting at one character is several times
            // faster (a word holding other whitespace still contains every term it did).
            let (shown, words) = text.split_once(WORDS_MARK).unwrap_or((&text, ""));
            let words = shown
                .split_whitespace()
                .chain(words.trim_start().split(' ').filter(|w| !w.is_empty()));
            for word in words {
                let id = match ids.get(word) {
                    Some(&id) => id as usize,
                    None => {
                        let id = index.words.len();
                        ids.insert(word.into(), u32::try_from(id).unwrap_or(u32::MAX));
                        index.words.push(word.into());
                        index.postings.push(Vec::new());
                        id
                    }
                };
                // Each incident once per word, however often its text repeats the word:
                // incidents come in order, so a repeat is always the last one listed.
                let list = &mut index.postings[id];
                if list.last() != Some(&incident) {
                    list.push(incident);
                }
            }
            index.incidents += 1;
        }
        index
    }

    /// For each incident, whether it may hold every term: certain for terms without
    /// whitespace; for phrases with spaces, check the text of the incidents marked.
    pub fn candidates(&self, terms: &SearchTerms) -> Vec<bool> {
        let mut result = vec![true; self.incidents];
        let mut hit = vec![false; self.incidents];
        for term in terms.terms() {
            for piece in term.split_whitespace() {
                hit.iter_mut().for_each(|h| *h = false);
                for (word, list) in self.words.iter().zip(&self.postings) {
                    if word.contains(piece) {
                        for &incident in list {
                            hit[incident as usize] = true;
                        }
                    }
                }
                for (keep, &found) in result.iter_mut().zip(&hit) {
                    *keep &= found;
                }
            }
        }
        result
    }
}

/// Whether every term holds a whitespace-free word (the index answers those alone).
pub fn needs_text_check(terms: &SearchTerms) -> bool {
    terms
        .terms()
        .iter()
        .any(|t| t.contains(char::is_whitespace))
}

/// A piece of text, marked if it matched a search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub matched: bool,
}

/// Byte ranges of `text` where any term matches, sorted and merged.
fn match_ranges(text: &str, terms: &SearchTerms) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    // Fold char by char, remembering which original char each folded byte came from, so that a
    // match in the folded text maps back to whole characters of the original.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let added = push_folded(&mut folded, c);
        origin.extend(std::iter::repeat_n((start, end), added));
    }
    let mut ranges = Vec::new();
    for term in terms.terms() {
        let mut from = 0;
        while let Some(found) = folded[from..].find(term.as_str()) {
            let start = from + found;
            let end = start + term.len();
            ranges.push((origin[start].0, origin[end - 1].1));
            from = end;
        }
    }
    crate::order::sort_by(&mut ranges, |a, b| a.cmp(b));
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Splits `text` into plain and matched segments, for `<mark>`.
pub fn highlight(text: &str, terms: &SearchTerms) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut at = 0;
    for (start, end) in match_ranges(text, terms) {
        if start > at {
            segments.push(Segment {
                text: text[at..start].to_owned(),
                matched: false,
            });
        }
        segments.push(Segment {
            text: text[start..end].to_owned(),
            matched: true,
        });
        at = end;
    }
    if at < text.len() || segments.is_empty() {
        segments.push(Segment {
            text: text[at..].to_owned(),
            matched: false,
        });
    }
    segments
}

/// Where a match was found outside the text a card always shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchContext {
    /// What was searched there: "write-up and causal chain".
    pub place: &'static str,
    pub segments: Vec<Segment>,
}

/// For a card: when none of the terms shows in the title, organisation or summary, the words
/// of the write-up and causal chain that matched (at most [`CONTEXT_WORDS`]), highlighted.
pub fn match_context(incident: &IncidentSummary, terms: &SearchTerms) -> Option<MatchContext> {
    if terms.is_empty() {
        return None;
    }
    let shown = [&incident.title, &incident.organisation, &incident.summary];
    if shown
        .iter()
        .any(|text| !match_ranges(text, terms).is_empty())
    {
        return None;
    }
    let pieces: Vec<&str> = terms
        .terms()
        .iter()
        .flat_map(|term| term.split_whitespace())
        .collect();
    let matched: Vec<&str> = incident
        .words
        .split(' ')
        .filter(|word| {
            let word = fold(word);
            pieces.iter().any(|piece| word.contains(piece))
        })
        .take(CONTEXT_WORDS)
        .collect();
    if matched.is_empty() {
        return None;
    }
    let piece_terms = SearchTerms(pieces.iter().map(|p| (*p).to_owned()).collect());
    Some(MatchContext {
        place: "write-up and causal chain",
        segments: highlight(&matched.join(", "), &piece_terms),
    })
}

/// How many matched words a card lists from the write-up and chain.
pub const CONTEXT_WORDS: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(segments: &[Segment]) -> Vec<(String, bool)> {
        segments
            .iter()
            .map(|s| (s.text.clone(), s.matched))
            .collect()
    }

    #[test]
    fn terms_are_folded_words_and_quoted_phrases() {
        let terms = SearchTerms::parse("  Etcd  \"read only\" etcd ");
        assert_eq!(terms.terms(), ["etcd", "read only"]);
        assert!(SearchTerms::parse("   ").is_empty());
        assert!(SearchTerms::parse("\"\"").is_empty());
        // An unclosed quote still searches for what follows it.
        assert_eq!(SearchTerms::parse("\"split brain").terms(), ["split brain"]);
    }

    #[test]
    fn every_term_must_match() {
        let haystack = "a switch fails\netcd goes read only\n";
        assert!(SearchTerms::parse("ETCD switch").matches(haystack));
        assert!(!SearchTerms::parse("etcd dns").matches(haystack));
        assert!(SearchTerms::parse("").matches(haystack));
    }

    #[test]
    fn highlight_marks_every_occurrence_ignoring_case() {
        let segments = highlight("Etcd, then etcd again", &SearchTerms::parse("etcd"));
        assert_eq!(
            texts(&segments),
            [
                ("Etcd".into(), true),
                (", then ".into(), false),
                ("etcd".into(), true),
                (" again".into(), false)
            ]
        );
    }

    #[test]
    fn overlapping_matches_merge() {
        let segments = highlight("failover", &SearchTerms::parse("fail over ilo"));
        assert_eq!(texts(&segments), [("failover".into(), true)]);
    }

    #[test]
    fn highlight_keeps_multibyte_characters_whole() {
        // 'İ' lower-cases to two chars; the match must map back to whole original characters.
        let segments = highlight("İstanbul DC", &SearchTerms::parse("i̇stan"));
        assert_eq!(segments[0].text, "İstan");
        assert!(segments[0].matched);
        let segments = highlight("Zürich", &SearchTerms::parse("ZÜR"));
        assert_eq!(
            texts(&segments),
            [("Zür".into(), true), ("ich".into(), false)]
        );
    }

    #[test]
    fn no_terms_means_one_plain_segment() {
        assert_eq!(
            texts(&highlight("text", &SearchTerms::default())),
            [("text".into(), false)]
        );
        assert_eq!(
            texts(&highlight("", &SearchTerms::parse("x"))),
            [("".into(), false)]
        );
    }

    fn incident(title: &str, write_up: &str, label: &str) -> Incident {
        serde_json::from_value(serde_json::json!({
            "id": "x", "organisation": "Org", "title": title, "start": "2021-01-01",
            "summary": "Summary.", "write_up": [[write_up]], "impact": "Some.",
            "remediation": ["Fixed."], "failure_types": {"trigger": "dns"},
            "links": [{"kind": "postmortem", "url": "https://example.com/p"}],
            "sources": ["https://example.com/p"],
            "causal_chain": {"nodes": [{"id": "a", "kind": "trigger", "label": label}], "edges": []}
        }))
        .expect("an incident")
    }

    #[test]
    fn the_index_keeps_only_the_words_that_can_decide_a_match() {
        let full = incident(
            "Etcd stalls",
            "The etcd cluster failed over; FAILOVER (again) took Raft's leader, and Raft.",
            "Switch fails",
        );
        let words = detail_words(&full);
        // "etcd" is a word of the title; "Raft" starts "Raft's". Each kept word as first
        // written. ("over" is inside "failover" but does not start it: kept.)
        assert_eq!(
            words,
            "again and cluster failed FAILOVER fails leader over Raft's Switch The took"
        );
        let summary = summary_of(&full);
        let hay = haystack(&summary);
        for query in [
            "etcd",
            "raft",
            "fail",
            "FAILOVER",
            "switch",
            "\"raft leader\"",
        ] {
            assert!(SearchTerms::parse(query).matches(&hay), "{query}");
        }
        assert!(!SearchTerms::parse("bgp").matches(&hay));
        let context = match_context(&summary, &SearchTerms::parse("raft")).expect("a context");
        // A write-up of a hundred thousand distinct words is indexed in linear time (comparing
        // every word with every other took minutes).
        let many: Vec<String> = (0..100_000).map(|n| format!("w{n:x}q")).collect();
        let long = incident("Title", &many.join(" "), "Label");
        assert_eq!(detail_words(&long).split(' ').count(), 100_001);
        assert_eq!(context.place, "write-up and causal chain");
        assert_eq!(
            texts(&context.segments),
            [("Raft".into(), true), ("'s".into(), false)]
        );
    }
}
