//! The loaded catalogue arranged for browsing: newest first, grouped by year and month, an
//! overview of the whole collection, neighbours and related incidents. Built once at load, so
//! that filtering on every keystroke only compares.

pub mod compare;
pub mod filter;
pub mod search;
pub mod url_state;

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalogue::{
    Catalogue, FailureType, Incident, IncidentFacts, IncidentSummary, Mechanism, Slug,
};
use crate::mechanisms::index_fields;
use crate::timeline::filter::TimelineFilter;
use crate::timeline::search::{SearchIndex, SearchTerms, detail_words, haystack, needs_text_check};
use crate::timeline::url_state::{ParsedFilter, resolve_filter};

/// The catalogue with what browsing needs precomputed: the index entry of every incident, and
/// the full entry of those whose full entry came with it (a whole catalogue rather than the
/// index; otherwise an incident's page fetches it).
#[derive(Debug, Clone)]
pub struct Atlas {
    incidents: Vec<IncidentSummary>,
    /// Parallel to `incidents`.
    full: Vec<Option<Arc<Incident>>>,
    /// Indices into `incidents`, newest first (ties by id).
    newest_first: Vec<usize>,
    /// The words of each incident's search haystack.
    search: SearchIndex,
    /// Organisations with their incident counts, by name.
    organisations: Vec<(String, usize)>,
    /// Years that have incidents, newest first.
    years: Vec<i32>,
    failure_types: Arc<[FailureType]>,
    /// The mechanisms' taxonomy: a full entry fetched later is checked against it.
    mechanisms: Arc<[Mechanism]>,
    /// Parallel to `incidents`: the chips each incident counts for, found once so that
    /// counting them on every filter change only adds (see [`chip_slots`]).
    chip_slots: Arc<[Vec<usize>]>,
}

/// How many incidents each failure type and each mechanism would match if chosen, the other
/// filters kept (`Atlas::facet_counts`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// In the order of `Atlas::failure_types`.
    pub types: Vec<usize>,
    /// In the order of `Atlas::mechanisms`.
    pub mechanisms: Vec<usize>,
}

/// One year of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearGroup {
    pub year: i32,
    pub count: usize,
    pub months: Vec<MonthGroup>,
}

/// One month of a year, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGroup {
    /// 1 to 12.
    pub month: u8,
    /// Incident indices, newest first.
    pub incidents: Vec<usize>,
}

/// A column of the overview strip: a year and its incidents by triggering failure type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearColumn {
    pub year: i32,
    pub total: usize,
    /// (failure-type id, count), in taxonomy order, only types with incidents.
    pub by_trigger: Vec<(Slug, usize)>,
}

/// How many cards the timeline shows at first, and how many each "Show more" adds. The served
/// home page lists as many, so the app's page, when it takes over, is as long. Each filter
/// change draws them anew, so more would cost the repaint budget (README, Performance).
pub const TIMELINE_PAGE: usize = 20;

/// The search text of a filter, ready to test incidents against: the word index's candidates,
/// checked against the text where the index alone cannot tell.
struct TextMatch {
    terms: SearchTerms,
    candidates: Option<Vec<bool>>,
    check_text: bool,
}

impl TextMatch {
    fn new(atlas: &Atlas, query: &str) -> TextMatch {
        let terms = SearchTerms::parse(query);
        let candidates = (!terms.is_empty()).then(|| atlas.search.candidates(&terms));
        let check_text = needs_text_check(&terms);
        TextMatch {
            terms,
            candidates,
            check_text,
        }
    }

    fn matches(&self, atlas: &Atlas, index: usize) -> bool {
        self.candidates.as_ref().is_none_or(|c| c[index])
            && (!self.check_text || self.terms.matches(&haystack(atlas.incident(index))))
    }
}

/// Each incident's chips as slots: a failure type's place in the taxonomy, then a mechanism's
/// place after all the types. Ids the taxonomies lack have no chip and no slot.
fn chip_slots(
    incidents: &[IncidentSummary],
    failure_types: &[FailureType],
    mechanisms: &[Mechanism],
) -> Arc<[Vec<usize>]> {
    // Found by scanning the taxonomies (a few dozen ids), once per incident at load: a map
    // keyed by `&str` would be one more copy of the hash map in the wasm.
    incidents
        .iter()
        .map(|incident| {
            let types = incident
                .failure_type_ids()
                .filter_map(|id| failure_types.iter().position(|t| t.id == *id));
            let mechanisms = incident.mechanism_ids().filter_map(|id| {
                mechanisms
                    .iter()
                    .position(|m| m.id.as_str() == id)
                    .map(|slot| failure_types.len() + slot)
            });
            types.chain(mechanisms).collect()
        })
        .collect()
}

impl Atlas {
    /// From a whole catalogue: every full entry is at hand.
    pub fn new(catalogue: Catalogue) -> Atlas {
        let entries = catalogue
            .incidents
            .into_iter()
            .map(|incident| (incident.to_summary(), Some(incident)))
            .collect();
        Atlas::from_entries(catalogue.failure_types, entries).with_mechanisms(catalogue.mechanisms)
    }

    /// This atlas with the catalogue's mechanisms (an atlas built from entries alone has none).
    pub fn with_mechanisms(self, mechanisms: Vec<Mechanism>) -> Atlas {
        Atlas {
            chip_slots: chip_slots(&self.incidents, &self.failure_types, &mechanisms),
            mechanisms: mechanisms.into(),
            ..self
        }
    }

    /// From index entries, each with its full entry when that is at hand.
    pub fn from_entries(
        failure_types: Vec<FailureType>,
        entries: Vec<(IncidentSummary, Option<Incident>)>,
    ) -> Atlas {
        let (incidents, full): (Vec<IncidentSummary>, Vec<Option<Arc<Incident>>>) = entries
            .into_iter()
            .map(|(mut summary, incident)| {
                // A full entry's index entry carries no search words; they come from its text.
                if let Some(full) = &incident {
                    if summary.words.is_empty() {
                        summary.words = detail_words(full);
                    }
                    // Likewise its mechanisms, which come from its chain.
                    (summary.mechanisms, summary.led_to) = index_fields(&full.causal_chain);
                }
                (summary, incident.map(Arc::new))
            })
            .unzip();
        let mut newest_first: Vec<usize> = (0..incidents.len()).collect();
        crate::order::sort_by(&mut newest_first, |&a, &b| {
            let (a, b) = (&incidents[a], &incidents[b]);
            b.start.cmp(&a.start).then_with(|| a.id.cmp(&b.id))
        });
        let search = SearchIndex::new(incidents.iter().map(haystack));
        // Spellings that differ only in ASCII case are one organisation, named as first seen.
        let mut organisations: Vec<(String, usize)> = Vec::new();
        let mut by_name: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for incident in &incidents {
            let key = incident.organisation.to_ascii_lowercase();
            match by_name.get(&key) {
                Some(&at) => organisations[at].1 += 1,
                None => {
                    by_name.insert(key, organisations.len());
                    organisations.push((incident.organisation.clone(), 1));
                }
            }
        }
        crate::order::sort_by_key(&mut organisations, |(name, _)| {
            (crate::timeline::search::fold(name), name.clone())
        });
        let mut years: Vec<i32> = incidents.iter().map(|i| i.start.year()).collect();
        crate::order::sort_by(&mut years, |a, b| b.cmp(a));
        years.dedup();
        Atlas {
            chip_slots: chip_slots(&incidents, &failure_types, &[]),
            failure_types: failure_types.into(),
            mechanisms: Arc::from([]),
            incidents,
            full,
            newest_first,
            search,
            organisations,
            years,
        }
    }

    /// Whether searching the write-ups needs the search words file: some incident came from
    /// an index, without its words and without its full entry.
    pub fn needs_search_words(&self) -> bool {
        self.incidents
            .iter()
            .zip(&self.full)
            .any(|(summary, full)| summary.words.is_empty() && full.is_none())
    }

    /// This atlas with each incident's search words (by id) in its index, so that search
    /// finds what its write-up and causal chain say. Incidents the map does not name keep
    /// what they had; ids the atlas does not have are ignored.
    pub fn with_search_words(&self, words: Vec<(String, String)>) -> Atlas {
        let mut words: HashMap<String, String> = words.into_iter().collect();
        let incidents: Vec<IncidentSummary> = self
            .incidents
            .iter()
            .map(|summary| {
                let mut summary = summary.clone();
                if let Some(found) = words.remove(summary.id.as_str()) {
                    summary.words = found;
                }
                summary
            })
            .collect();
        // Only the search index depends on the words; the order, organisations and years stay.
        let search = SearchIndex::new(incidents.iter().map(haystack));
        Atlas {
            incidents,
            full: self.full.clone(),
            newest_first: self.newest_first.clone(),
            search,
            organisations: self.organisations.clone(),
            years: self.years.clone(),
            failure_types: self.failure_types.clone(),
            mechanisms: self.mechanisms.clone(),
            chip_slots: self.chip_slots.clone(),
        }
    }

    pub fn incident(&self, index: usize) -> &IncidentSummary {
        &self.incidents[index]
    }

    /// The index of the incident with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.incidents.iter().position(|i| i.id.as_str() == id)
    }

    /// The full entry of an incident, when it came with the catalogue.
    pub fn full_incident(&self, index: usize) -> Option<&Arc<Incident>> {
        self.full.get(index).and_then(Option::as_ref)
    }

    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    /// The taxonomy, shared cheaply with every card that shows failure-type chips.
    pub fn failure_types(&self) -> Arc<[FailureType]> {
        self.failure_types.clone()
    }

    /// The mechanisms' taxonomy, empty when the catalogue names none.
    pub fn mechanisms(&self) -> &[Mechanism] {
        &self.mechanisms
    }

    /// The failure type with this id, if the taxonomy has it.
    pub fn failure_type(&self, id: &str) -> Option<&FailureType> {
        self.failure_types.iter().find(|t| t.id.as_str() == id)
    }

    /// A catalogue with this taxonomy and no incidents: what an incident is checked against.
    pub fn taxonomy(&self) -> Catalogue {
        Catalogue {
            schema: None,
            version: crate::catalogue::CATALOGUE_VERSION,
            failure_types: self.failure_types.to_vec(),
            mechanisms: self.mechanisms.to_vec(),
            incidents: Vec::new(),
        }
    }

    /// Organisations with their incident counts, by name.
    pub fn organisations(&self) -> &[(String, usize)] {
        &self.organisations
    }

    /// Years that have incidents, newest first.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Checks a filter read from a URL against this catalogue.
    pub fn resolve(&self, parsed: ParsedFilter) -> ParsedFilter {
        resolve_filter(
            parsed,
            |id| self.failure_types.iter().any(|t| t.id.as_str() == id),
            |id| self.mechanisms.iter().any(|m| m.id.as_str() == id),
            self.organisations.iter().map(|(name, _)| name.as_str()),
        )
    }

    /// Indices of all the incidents, newest first.
    pub fn newest_first(&self) -> &[usize] {
        &self.newest_first
    }

    /// Indices of the incidents that pass the filter, newest first.
    pub fn filtered(&self, filter: &TimelineFilter) -> Vec<usize> {
        let text = TextMatch::new(self, &filter.query);
        self.newest_first
            .iter()
            .copied()
            .filter(|&i| {
                let incident = self.incident(i);
                filter.matches_facets(incident) && text.matches(self, i)
            })
            .collect()
    }

    /// How many incidents each failure type and each mechanism would match if chosen. The app
    /// asks for them after the cards are painted: they are a second pass over the incidents.
    ///
    /// A chip's count is taken among the incidents that pass every filter but its own group
    /// (types or mechanisms): within a group chips combine with OR, so choosing one adds
    /// those incidents to what the group's other chips match.
    pub fn facet_counts(&self, filter: &TimelineFilter) -> FacetCounts {
        let text = TextMatch::new(self, &filter.query);
        let types = self.failure_types.len();
        // Every chip's count, the types' then the mechanisms', as the slots number them.
        let mut all_counts = vec![0; types + self.mechanisms.len()];
        for (i, incident) in self.incidents.iter().enumerate() {
            if !(filter.matches_fixed_facets(incident) && text.matches(self, i)) {
                continue;
            }
            // A type's chip counts what passes the mechanisms, and a mechanism's what passes
            // the types.
            let counted = match (
                filter.matches_types(incident),
                filter.matches_mechanism_list(incident),
            ) {
                (true, true) => 0..usize::MAX,
                (false, true) => 0..types,
                (true, false) => types..usize::MAX,
                (false, false) => continue,
            };
            for &slot in self.chip_slots[i].iter().filter(|s| counted.contains(s)) {
                if let Some(count) = all_counts.get_mut(slot) {
                    *count += 1;
                }
            }
        }
        let mechanisms = all_counts.split_off(types);
        FacetCounts {
            types: all_counts,
            mechanisms,
        }
    }

    /// Groups incident indices (newest first) by year and month.
    pub fn group_by_year_and_month(&self, indices: &[usize]) -> Vec<YearGroup> {
        let mut groups: Vec<YearGroup> = Vec::new();
        for &index in indices {
            let start = &self.incident(index).start;
            let (year, month) = (start.year(), u8::from(start.date.month()));
            if groups.last().is_none_or(|g| g.year != year) {
                groups.push(YearGroup {
                    year,
                    count: 0,
                    months: Vec::new(),
                });
            }
            let Some(group) = groups.last_mut() else {
                continue;
            };
            group.count += 1;
            match group.months.last_mut() {
                Some(last) if last.month == month => last.incidents.push(index),
                _ => group.months.push(MonthGroup {
                    month,
                    incidents: vec![index],
                }),
            }
        }
        groups
    }

    /// Every year from the first to the last incident (empty years included, so the strip
    /// shows gaps), oldest first, with counts by triggering failure type.
    pub fn overview(&self) -> Vec<YearColumn> {
        let (Some(&last), Some(&first)) = (self.years.first(), self.years.last()) else {
            return Vec::new();
        };
        (first..=last)
            .map(|year| {
                let in_year: Vec<&IncidentSummary> = self
                    .incidents
                    .iter()
                    .filter(|i| i.start.year() == year)
                    .collect();
                let by_trigger = self
                    .failure_types
                    .iter()
                    .map(|t| {
                        let count = in_year
                            .iter()
                            .filter(|i| i.failure_types.trigger == t.id)
                            .count();
                        (t.id.clone(), count)
                    })
                    .filter(|(_, count)| *count > 0)
                    .collect();
                YearColumn {
                    year,
                    total: in_year.len(),
                    by_trigger,
                }
            })
            .collect()
    }

    /// The incidents just before (older) and after (newer) this one in time.
    pub fn neighbours(&self, id: &str) -> (Option<&IncidentSummary>, Option<&IncidentSummary>) {
        let Some(at) = self
            .newest_first
            .iter()
            .position(|&i| self.incident(i).id.as_str() == id)
        else {
            return (None, None);
        };
        let older = self.newest_first.get(at + 1).map(|&i| self.incident(i));
        let newer = at
            .checked_sub(1)
            .and_then(|n| self.newest_first.get(n))
            .map(|&i| self.incident(i));
        (older, newer)
    }

    /// Up to `limit` incidents that share failure types with this one: most shared first (a
    /// shared trigger counts double), then nearest in time.
    pub fn related(&self, id: &str, limit: usize) -> Vec<&IncidentSummary> {
        let Some(this) = self.find(id).map(|index| self.incident(index)) else {
            return Vec::new();
        };
        let mut scored: Vec<(usize, i64, &IncidentSummary)> = self
            .incidents
            .iter()
            .filter(|other| other.id != this.id)
            .filter_map(|other| {
                let shared = this
                    .failure_type_ids()
                    .filter(|t| other.failure_type_ids().any(|o| o == *t))
                    .count();
                let trigger_bonus =
                    usize::from(this.failure_types.trigger == other.failure_types.trigger);
                let days_apart =
                    (this.start.date.to_julian_day() - other.start.date.to_julian_day()).abs();
                (shared > 0).then_some((shared + trigger_bonus, i64::from(days_apart), other))
            })
            .collect();
        crate::order::sort_by(&mut scored, |a, b| {
            b.0.cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then_with(|| a.2.id.cmp(&b.2.id))
        });
        scored
            .into_iter()
            .take(limit)
            .map(|(_, _, incident)| incident)
            .collect()
    }

    /// Up to `limit` incidents whose ids look most like an unknown id, best first.
    pub fn closest_ids(&self, unknown: &str, limit: usize) -> Vec<&IncidentSummary> {
        let unknown = crate::timeline::search::fold(unknown);
        let mut scored: Vec<(f64, &IncidentSummary)> = self
            .incidents
            .iter()
            .map(|i| (strsim::jaro_winkler(&unknown, i.id.as_str()), i))
            .filter(|(score, _)| *score >= 0.6)
            .collect();
        crate::order::sort_by(&mut scored, |a, b| {
            b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id))
        });
        scored.into_iter().take(limit).map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::filter::YearRange;

    /// A catalogue of small incidents: (id, organisation, start, trigger, contributing).
    fn atlas(incidents: &[(&str, &str, &str, &str, &[&str])]) -> Atlas {
        let types = ["config", "dns", "network", "hardware", "consensus"];
        let incidents: Vec<serde_json::Value> = incidents
            .iter()
            .map(|(id, org, start, trigger, contributing)| {
                serde_json::json!({
                    "id": id, "organisation": org, "title": format!("Title of {id}"),
                    "start": start, "summary": "Summary.", "write_up": [["Text."]],
                    "impact": "Impact.", "remediation": ["Fix."],
                    "failure_types": {"trigger": trigger, "contributing": contributing},
                    "links": [{"kind": "postmortem", "url": "https://example.com/p"}],
                    "sources": ["https://example.com/p"],
                    "causal_chain": {"nodes": [{"id": "a", "kind": "trigger", "label": "A"}], "edges": []}
                })
            })
            .collect();
        let catalogue = serde_json::json!({
            "version": 1,
            "failure_types": types.iter().map(|t| serde_json::json!({"id": t, "label": t, "description": t})).collect::<Vec<_>>(),
            "incidents": incidents,
        });
        Atlas::new(serde_json::from_value(catalogue).unwrap())
    }

    #[test]
    fn full_entries_get_their_search_words_and_index_entries_keep_theirs() {
        let atlas = atlas(&[("a-2019", "GitHub", "2019-03-01", "network", &[])]);
        // "Text." and the chain's "A": neither is a word of the title or summary.
        assert_eq!(atlas.incident(0).words, "A Text");
        let mut summary = atlas.incident(0).clone();
        summary.words = "kept".into();
        let index_only = Atlas::from_entries(atlas.failure_types().to_vec(), vec![(summary, None)]);
        assert_eq!(index_only.incident(0).words, "kept");
    }

    fn sample() -> Atlas {
        atlas(&[
            ("a-2019", "GitHub", "2019-03-01", "network", &["consensus"]),
            (
                "b-2020-nov",
                "Cloudflare",
                "2020-11-02T14:43Z",
                "hardware",
                &["consensus", "network"],
            ),
            ("c-2020-jan", "cloudflare", "2020-01-10", "config", &[]),
            ("d-2020-nov", "Fastly", "2020-11-20", "config", &["dns"]),
            ("e-2022", "GitHub", "2022-06-01", "dns", &[]),
        ])
    }

    fn ids(atlas: &Atlas, indices: &[usize]) -> Vec<String> {
        indices
            .iter()
            .map(|&i| atlas.incident(i).id.to_string())
            .collect()
    }

    #[test]
    fn filtering_keeps_newest_first() {
        let atlas = sample();
        let all = atlas.filtered(&TimelineFilter::default());
        assert_eq!(
            ids(&atlas, &all),
            ["e-2022", "d-2020-nov", "b-2020-nov", "c-2020-jan", "a-2019"]
        );
        let network = atlas.filtered(&TimelineFilter {
            types: vec!["network".into()],
            ..Default::default()
        });
        assert_eq!(ids(&atlas, &network), ["b-2020-nov", "a-2019"]);
        let text = atlas.filtered(&TimelineFilter {
            query: "\"title of d-2020\"".into(),
            ..Default::default()
        });
        assert_eq!(ids(&atlas, &text), ["d-2020-nov"]);
    }

    #[test]
    fn a_chip_counts_what_choosing_it_alone_in_its_group_would_match() {
        let bundled = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        let atlas = Atlas::new(
            crate::catalogue::load::load_catalogue(&bundled)
                .expect("loads")
                .catalogue,
        );
        let type_ids: Vec<String> = atlas
            .failure_types()
            .iter()
            .map(|t| t.id.to_string())
            .collect();
        let mechanism_ids: Vec<String> = atlas
            .mechanisms()
            .iter()
            .map(|m| m.id.to_string())
            .collect();
        let mut random = crate::random::XorShift::new(19);
        let mut pick = |ids: &[String], most: u64| -> Vec<String> {
            (0..random.below(most + 1))
                .map(|_| ids[random.below(ids.len() as u64) as usize].clone())
                .collect()
        };
        for round in 0..60 {
            let filter = TimelineFilter {
                types: pick(&type_ids, 2),
                mechanisms: pick(&mechanism_ids, 2),
                years: (round % 3 == 0).then(|| YearRange::new(2015, 2021)),
                query: if round % 4 == 1 {
                    "database".into()
                } else {
                    String::new()
                },
                ..Default::default()
            };
            let counts = atlas.facet_counts(&filter);
            for (id, count) in type_ids.iter().zip(&counts.types) {
                let alone = TimelineFilter {
                    types: vec![id.clone()],
                    ..filter.clone()
                };
                assert_eq!(
                    *count,
                    atlas.filtered(&alone).len(),
                    "type {id} in {filter:?}"
                );
            }
            for (id, count) in mechanism_ids.iter().zip(&counts.mechanisms) {
                let alone = TimelineFilter {
                    mechanisms: vec![id.clone()],
                    ..filter.clone()
                };
                assert_eq!(*count, atlas.filtered(&alone).len(), "mechanism {id}");
            }
        }
        let all = atlas.facet_counts(&TimelineFilter::default());
        assert!(all.types.iter().all(|&c| c > 0 && c < atlas.len()));
        assert!(all.mechanisms.iter().all(|&c| c > 0));
    }

    #[test]
    fn the_search_index_finds_what_scanning_the_text_finds() {
        let bundled = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        let atlas = Atlas::new(
            crate::catalogue::load::load_catalogue(&bundled)
                .expect("loads")
                .catalogue,
        );
        let queries = [
            "etcd",
            "e",
            "tcd",
            "us-east-1",
            "read-only",
            "\"read only\"",
            "\"the database\" failover",
            "ETCD leader",
            "bgp dns",
            "2021",
            "gitlab.com",
            "(",
            "\"",
            "zzzz-no-such-word",
            "löschen",
            "x\ty",
        ];
        for query in queries {
            let filter = TimelineFilter {
                query: query.into(),
                ..Default::default()
            };
            let terms = SearchTerms::parse(query);
            let scanned: Vec<usize> = atlas
                .newest_first
                .iter()
                .copied()
                .filter(|&i| terms.matches(&haystack(atlas.incident(i))))
                .collect();
            assert_eq!(atlas.filtered(&filter), scanned, "query {query:?}");
        }
        let many = atlas.filtered(&TimelineFilter {
            query: "e".into(),
            ..Default::default()
        });
        assert!(
            many.len() > 50,
            "a one-letter query matches nearly everything"
        );
    }

    /// On the bundled catalogue, the mechanism facets keep exactly the incidents whose full
    /// chains have a step naming the mechanism, or a path between the two (by brute force
    /// over the chain's nodes, not the tagged steps the filter reads).
    #[test]
    fn mechanism_filters_agree_with_the_full_chains() {
        let bundled = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        let catalogue = crate::catalogue::load::load_catalogue(&bundled)
            .expect("loads")
            .catalogue;
        let atlas = Atlas::new(catalogue.clone());
        let reaches = |chain: &crate::catalogue::CausalChain, from: &str, to: &str| {
            let named = |n: &crate::catalogue::ChainNode, m: &str| {
                n.mechanism.as_ref().is_some_and(|x| x.as_str() == m)
            };
            let mut stack: Vec<&str> = chain
                .edges
                .iter()
                .filter(|e| chain.node(e.from.as_str()).is_some_and(|n| named(n, from)))
                .map(|e| e.to.as_str())
                .collect();
            let mut seen = std::collections::BTreeSet::new();
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                if chain.node(id).is_some_and(|n| named(n, to)) {
                    return true;
                }
                stack.extend(
                    chain
                        .edges
                        .iter()
                        .filter(|e| e.from.as_str() == id)
                        .map(|e| e.to.as_str()),
                );
            }
            false
        };
        let ids_where = |keep: &dyn Fn(&Incident) -> bool| -> Vec<String> {
            let mut found: Vec<&Incident> =
                catalogue.incidents.iter().filter(|i| keep(i)).collect();
            found.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| a.id.cmp(&b.id)));
            found.iter().map(|i| i.id.to_string()).collect()
        };
        let mut paths_with_incidents = 0;
        for from in &catalogue.mechanisms {
            let by_mechanism = atlas.filtered(&TimelineFilter {
                mechanisms: vec![from.id.to_string()],
                ..Default::default()
            });
            let expected = ids_where(&|i: &Incident| {
                i.causal_chain
                    .nodes
                    .iter()
                    .any(|n| n.mechanism.as_ref() == Some(&from.id))
            });
            assert_eq!(ids(&atlas, &by_mechanism), expected, "mech={}", from.id);
            for to in &catalogue.mechanisms {
                let path = TimelineFilter {
                    path: Some(crate::timeline::filter::MechanismPath {
                        from: from.id.to_string(),
                        to: to.id.to_string(),
                    }),
                    ..Default::default()
                };
                let expected = ids_where(&|i: &Incident| {
                    reaches(&i.causal_chain, from.id.as_str(), to.id.as_str())
                });
                paths_with_incidents += usize::from(!expected.is_empty());
                assert_eq!(
                    ids(&atlas, &atlas.filtered(&path)),
                    expected,
                    "{} to {}",
                    from.id,
                    to.id
                );
            }
        }
        assert!(paths_with_incidents > 20, "the catalogue has paths to find");
    }

    #[test]
    fn groups_by_year_then_month_with_counts() {
        let atlas = sample();
        let groups = atlas.group_by_year_and_month(&atlas.filtered(&TimelineFilter::default()));
        type Shape = (i32, usize, Vec<(u8, usize)>);
        let shape: Vec<Shape> = groups
            .iter()
            .map(|g| {
                (
                    g.year,
                    g.count,
                    g.months
                        .iter()
                        .map(|m| (m.month, m.incidents.len()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (2022, 1, vec![(6, 1)]),
                (2020, 3, vec![(11, 2), (1, 1)]),
                (2019, 1, vec![(3, 1)]),
            ]
        );
    }

    #[test]
    fn the_overview_covers_every_year_including_empty_ones() {
        let atlas = sample();
        let overview = atlas.overview();
        let years: Vec<(i32, usize)> = overview.iter().map(|c| (c.year, c.total)).collect();
        assert_eq!(years, [(2019, 1), (2020, 3), (2021, 0), (2022, 1)]);
        assert_eq!(
            overview[1]
                .by_trigger
                .iter()
                .map(|(id, count)| (id.as_str(), *count))
                .collect::<Vec<_>>(),
            [("config", 2), ("hardware", 1)]
        );
    }

    #[test]
    fn organisations_merge_spellings_and_count() {
        let atlas = sample();
        assert_eq!(
            atlas.organisations(),
            [
                ("Cloudflare".to_string(), 2),
                ("Fastly".to_string(), 1),
                ("GitHub".to_string(), 2)
            ]
        );
        assert_eq!(atlas.years(), [2022, 2020, 2019]);
    }

    #[test]
    fn neighbours_are_older_and_newer() {
        let atlas = sample();
        let (older, newer) = atlas.neighbours("b-2020-nov");
        assert_eq!(older.unwrap().id.as_str(), "c-2020-jan");
        assert_eq!(newer.unwrap().id.as_str(), "d-2020-nov");
        let (older, newer) = atlas.neighbours("e-2022");
        assert_eq!(older.unwrap().id.as_str(), "d-2020-nov");
        assert!(newer.is_none());
        assert_eq!(atlas.neighbours("nope"), (None, None));
    }

    #[test]
    fn related_incidents_share_types_most_first() {
        let atlas = sample();
        let related: Vec<&str> = atlas
            .related("b-2020-nov", 5)
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        // a-2019 shares network and consensus; nobody else shares a type.
        assert_eq!(related, ["a-2019"]);
        let related: Vec<&str> = atlas
            .related("c-2020-jan", 5)
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(related, ["d-2020-nov"]);
    }

    #[test]
    fn closest_ids_suggest_near_misses_only() {
        let atlas = sample();
        let suggestions: Vec<&str> = atlas
            .closest_ids("b-2020-no", 3)
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(suggestions.first(), Some(&"b-2020-nov"));
        assert!(atlas.closest_ids("zzzzzzzzzzzzzzzz", 3).is_empty());
    }

    #[test]
    fn resolving_uses_the_catalogue() {
        let atlas = sample();
        let parsed =
            crate::timeline::url_state::parse_filter_query("org=FASTLY&type=bogus&year=2020");
        let resolved = atlas.resolve(parsed);
        assert_eq!(resolved.filter.organisation.as_deref(), Some("Fastly"));
        assert_eq!(resolved.filter.years, Some(YearRange::single(2020)));
        assert_eq!(resolved.ignored.len(), 1);
    }
}
