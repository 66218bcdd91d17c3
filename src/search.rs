//! Free-text search: queries split into terms, a haystack per incident built once at load, and
//! highlighting of the matched words in what the page shows.
//!
//! Matching ignores case. Every term must occur somewhere in the incident (AND); a term is a
//! word, or a "quoted phrase".

use crate::catalogue::{Incident, Inline};

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
        terms.sort();
        terms.dedup();
        SearchTerms(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn terms(&self) -> &[String] {
        &self.0
    }

    /// Whether every term occurs in a haystack made by [`haystack`].
    pub fn matches(&self, haystack: &str) -> bool {
        self.0.iter().all(|term| haystack.contains(term.as_str()))
    }
}

/// Lower-cases text the same way for haystacks and terms.
fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// Everything search looks at in an incident, folded: title, organisation, summary, write-up
/// and causal-chain labels. Fields are separated by a newline so a term cannot match across two.
pub fn haystack(incident: &Incident) -> String {
    let mut text = String::with_capacity(1024);
    for field in [&incident.title, &incident.organisation, &incident.summary] {
        text.push_str(field);
        text.push('\n');
    }
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
    fold(&text)
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
            // Each distinct word once per incident: a long write-up repeats most of its words.
            let mut words: Vec<&str> = text.split_whitespace().collect();
            words.sort_unstable();
            words.dedup();
            for &word in &words {
                let id = match ids.get(word) {
                    Some(&id) => id,
                    None => {
                        let id = u32::try_from(index.words.len()).unwrap_or(u32::MAX);
                        ids.insert(word.into(), id);
                        index.words.push(word.into());
                        index.postings.push(Vec::new());
                        id
                    }
                };
                index.postings[id as usize].push(incident);
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
        for lower in c.to_lowercase() {
            folded.push(lower);
            origin.extend(std::iter::repeat_n((start, end), lower.len_utf8()));
        }
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
    ranges.sort_unstable();
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
    /// "write-up" or "causal chain".
    pub place: &'static str,
    pub segments: Vec<Segment>,
}

/// For a card: the first match in the write-up or causal chain, with some words either side,
/// when none of the terms shows in the title, organisation or summary.
pub fn match_context(incident: &Incident, terms: &SearchTerms) -> Option<MatchContext> {
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
    let paragraphs = incident.write_up.iter().map(|paragraph| {
        (
            "write-up",
            paragraph.iter().map(Inline::text).collect::<String>(),
        )
    });
    let labels = incident
        .causal_chain
        .nodes
        .iter()
        .map(|node| ("causal chain", node.label.clone()));
    paragraphs.chain(labels).find_map(|(place, text)| {
        let (start, end) = *match_ranges(&text, terms).first()?;
        let excerpt = excerpt_around(&text, start, end, 60);
        Some(MatchContext {
            place,
            segments: highlight(&excerpt, terms),
        })
    })
}

/// About `radius` characters either side of `start..end`, cut at word boundaries, with
/// ellipses where text was left out.
fn excerpt_around(text: &str, start: usize, end: usize, radius: usize) -> String {
    let before: Vec<(usize, char)> = text[..start].char_indices().collect();
    let mut from = before.len().saturating_sub(radius);
    while from > 0 && from < before.len() && !before[from - 1].1.is_whitespace() {
        from -= 1;
    }
    let from_byte = before.get(from).map_or(start, |&(i, _)| i);
    let after: Vec<(usize, char)> = text[end..].char_indices().collect();
    let mut to = radius.min(after.len());
    while to < after.len() && !after[to].1.is_whitespace() {
        to += 1;
    }
    let to_byte = after.get(to).map_or(text.len(), |&(i, _)| end + i);
    let mut excerpt = String::new();
    if from_byte > 0 {
        excerpt.push('…');
    }
    excerpt.push_str(text[from_byte..to_byte].trim());
    if to_byte < text.len() {
        excerpt.push('…');
    }
    excerpt
}

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

    #[test]
    fn excerpts_cut_at_words_with_ellipses() {
        let text = "one two three four five six seven eight nine ten";
        let start = text.find("five").unwrap();
        let excerpt = excerpt_around(text, start, start + 4, 8);
        assert_eq!(excerpt, "…three four five six seven…");
        assert_eq!(excerpt_around("short", 0, 5, 8), "short");
    }
}
