//! Narrowing the timeline: by year or range of years, failure types, organisation and text.
//!
//! Facets combine with AND; several failure types combine with OR (an incident of any of them),
//! and so do several mechanisms.

use crate::catalogue::{IncidentFacts, IncidentSummary};

/// An inclusive range of years; a single year has `from == to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub from: i32,
    pub to: i32,
}

impl YearRange {
    /// A range in either order: `new(2021, 2018)` is 2018 to 2021.
    pub fn new(a: i32, b: i32) -> YearRange {
        YearRange {
            from: a.min(b),
            to: a.max(b),
        }
    }

    pub fn single(year: i32) -> YearRange {
        YearRange {
            from: year,
            to: year,
        }
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }

    pub fn is_single(&self) -> bool {
        self.from == self.to
    }
}

impl std::fmt::Display for YearRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// What the person asked the timeline to show. Lives in the URL query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    pub years: Option<YearRange>,
    /// Failure-type ids; an incident of any of them matches.
    pub types: Vec<String>,
    /// Mechanism ids; an incident with a step naming any of them matches.
    pub mechanisms: Vec<String>,
    /// "Led to": only incidents in which a step naming the first mechanism leads, directly or
    /// not, to a step naming the second.
    pub path: Option<MechanismPath>,
    /// An organisation, as the catalogue spells it.
    pub organisation: Option<String>,
    /// The search text as typed.
    pub query: String,
}

/// Two mechanism ids: `from` led to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MechanismPath {
    pub from: String,
    pub to: String,
}

impl TimelineFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.years.is_none()
            && self.types.is_empty()
            && self.mechanisms.is_empty()
            && self.path.is_none()
            && self.organisation.is_none()
            && self.query.trim().is_empty()
    }

    /// Whether the incident passes every facet but the text search, which the atlas answers
    /// from its word index (`Atlas::filtered`).
    pub fn matches_facets(&self, incident: &IncidentSummary) -> bool {
        self.matches_fixed_facets(incident)
            && self.matches_types(incident)
            && self.matches_mechanism_list(incident)
    }

    /// The facets a chip does not toggle: the years, the organisation and the "led to" path.
    pub fn matches_fixed_facets(&self, incident: &IncidentSummary) -> bool {
        self.years
            .is_none_or(|years| years.contains(incident.start().year()))
            && self
                .organisation
                .as_ref()
                .is_none_or(|org| org.eq_ignore_ascii_case(incident.organisation()))
            && self
                .path
                .as_ref()
                .is_none_or(|path| incident.leads(&path.from, &path.to))
    }

    /// Whether the incident is of one of the chosen failure types (or none are chosen).
    pub fn matches_types(&self, incident: &impl IncidentFacts) -> bool {
        self.types.is_empty()
            || incident
                .failure_type_ids()
                .any(|id| self.types.iter().any(|t| t == id.as_str()))
    }

    /// Whether a step of the incident names one of the chosen mechanisms (or none are
    /// chosen).
    pub fn matches_mechanism_list(&self, incident: &IncidentSummary) -> bool {
        self.mechanisms.is_empty()
            || incident
                .mechanism_ids()
                .any(|id| self.mechanisms.iter().any(|m| m == id))
    }

    /// How many filters are chosen, each chip and each control once: what the folded form's
    /// button says ("Filters (2)"). The search box stays in view, so it is not counted.
    pub fn chosen_count(&self) -> usize {
        usize::from(self.years.is_some())
            + usize::from(self.organisation.is_some())
            + usize::from(self.path.is_some())
            + self.types.len()
            + self.mechanisms.len()
    }

    /// The first year chosen (the form's Year): a range that reaches past it keeps its end,
    /// anything else becomes that one year; `None` drops the years.
    pub fn set_first_year(&mut self, year: Option<i32>) {
        self.years = year.map(|from| match self.years {
            Some(range) if !range.is_single() && range.to > from => YearRange::new(from, range.to),
            _ => YearRange::single(from),
        });
    }

    /// The last year chosen (the form's Through): the range runs from the first year to it;
    /// without a first year it is the one year, and `None` keeps only the first year.
    pub fn set_last_year(&mut self, year: Option<i32>) {
        self.years = match (self.years.map(|range| range.from), year) {
            (Some(from), Some(to)) => Some(YearRange::new(from, to)),
            (None, Some(to)) => Some(YearRange::single(to)),
            (Some(from), None) => Some(YearRange::single(from)),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Incident, IncidentSummary};
    use crate::timeline::search::{SearchTerms, haystack};

    fn incident(json_patch: &str) -> IncidentSummary {
        crate::timeline::search::summary_of(&full_incident(json_patch))
    }

    fn full_incident(json_patch: &str) -> Incident {
        let base = r#"{
            "id": "x-2020", "organisation": "Cloudflare", "title": "etcd goes read-only",
            "start": "2020-11-02T14:43Z", "summary": "A switch failed.",
            "write_up": [["The ", {"code": "etcd"}, " cluster lost its leader."]],
            "impact": "API errors.", "remediation": ["Fixed."],
            "failure_types": {"trigger": "hardware", "contributing": ["consensus"]},
            "links": [{"kind": "postmortem", "url": "https://example.com/p"}],
            "sources": ["https://example.com/p"],
            "causal_chain": {"nodes": [{"id": "a", "kind": "trigger", "label": "Switch fails"}], "edges": []}
        }"#;
        let mut value: serde_json::Value = serde_json::from_str(base).unwrap();
        let patch: serde_json::Value = serde_json::from_str(json_patch).unwrap();
        for (key, v) in patch.as_object().unwrap() {
            value[key] = v.clone();
        }
        serde_json::from_value(value).unwrap()
    }

    /// An atlas of the one incident, to filter as the app does.
    fn atlas_of(incident: Incident) -> crate::timeline::Atlas {
        let failure_types = ["hardware", "consensus", "dns"]
            .map(|id| crate::catalogue::FailureType {
                id: crate::catalogue::Slug::parse(id).unwrap(),
                label: id.into(),
                description: id.into(),
            })
            .to_vec();
        crate::timeline::Atlas::new(crate::catalogue::Catalogue {
            schema: None,
            version: crate::catalogue::CATALOGUE_VERSION,
            failure_types,
            mechanisms: Vec::new(),
            incidents: vec![incident],
        })
    }

    #[test]
    fn an_empty_filter_matches_everything() {
        let filter = TimelineFilter::default();
        assert!(filter.is_empty());
        assert_eq!(atlas_of(full_incident("{}")).filtered(&filter), [0]);
    }

    #[test]
    fn years_match_one_year_or_a_range() {
        let incident = incident("{}");
        let with_years = |years| TimelineFilter {
            years: Some(years),
            ..Default::default()
        };
        assert!(with_years(YearRange::single(2020)).matches_facets(&incident));
        assert!(!with_years(YearRange::single(2019)).matches_facets(&incident));
        assert!(with_years(YearRange::new(2021, 2018)).matches_facets(&incident));
        assert!(!with_years(YearRange::new(2021, 2025)).matches_facets(&incident));
    }

    #[test]
    fn several_types_match_any_of_them_trigger_or_contributing() {
        let incident = incident("{}");
        let with_types = |types: &[&str]| TimelineFilter {
            types: types.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        };
        assert!(with_types(&["hardware"]).matches_facets(&incident));
        assert!(with_types(&["consensus"]).matches_facets(&incident));
        assert!(with_types(&["dns", "consensus"]).matches_facets(&incident));
        assert!(!with_types(&["dns"]).matches_facets(&incident));
    }

    #[test]
    fn organisation_matches_ignoring_case() {
        let incident = incident("{}");
        let with_org = |org: &str| TimelineFilter {
            organisation: Some(org.into()),
            ..Default::default()
        };
        assert!(with_org("cloudflare").matches_facets(&incident));
        assert!(!with_org("GitHub").matches_facets(&incident));
    }

    #[test]
    fn facets_and_text_combine_with_and() {
        let atlas = atlas_of(full_incident("{}"));
        let filter = TimelineFilter {
            years: Some(YearRange::single(2020)),
            types: vec!["consensus".into()],
            organisation: Some("Cloudflare".into()),
            query: "leader".into(),
            ..Default::default()
        };
        assert_eq!(atlas.filtered(&filter), [0]);
        let more_words = TimelineFilter {
            query: "leader bgp".into(),
            ..filter.clone()
        };
        assert!(atlas.filtered(&more_words).is_empty());
        let other_year = TimelineFilter {
            years: Some(YearRange::single(2021)),
            ..filter.clone()
        };
        assert!(atlas.filtered(&other_year).is_empty());
    }

    #[test]
    fn search_covers_title_organisation_summary_write_up_and_chain_labels() {
        let incident = incident("{}");
        let hay = haystack(&incident);
        for term in [
            "read-only",
            "cloudflare",
            "switch failed",
            "lost its leader",
            "switch fails",
        ] {
            assert!(
                SearchTerms::parse(&format!("\"{term}\"")).matches(&hay),
                "{term}"
            );
        }
        assert!(!SearchTerms::parse("remediation").matches(&hay));
        // The write-up is kept as words: its phrases are found by their words.
        assert!(SearchTerms::parse("\"leader lost\"").matches(&hay));
        assert!(!SearchTerms::parse("\"leader won\"").matches(&hay));
    }

    #[test]
    fn year_ranges_print_as_in_the_url() {
        assert_eq!(YearRange::single(2020).to_string(), "2020");
        assert_eq!(YearRange::new(2021, 2018).to_string(), "2018-2021");
    }

    #[test]
    fn the_first_year_keeps_a_range_that_reaches_past_it() {
        let mut filter = TimelineFilter::default();
        filter.set_first_year(Some(2018));
        assert_eq!(filter.years, Some(YearRange::single(2018)));
        filter.set_last_year(Some(2021));
        assert_eq!(filter.years, Some(YearRange::new(2018, 2021)));
        filter.set_first_year(Some(2019));
        assert_eq!(filter.years, Some(YearRange::new(2019, 2021)));
        filter.set_first_year(Some(2022));
        assert_eq!(filter.years, Some(YearRange::single(2022)));
        filter.set_first_year(None);
        assert_eq!(filter.years, None);
    }

    #[test]
    fn the_last_year_ends_the_range_from_the_first() {
        let mut filter = TimelineFilter::default();
        filter.set_last_year(Some(2020));
        assert_eq!(filter.years, Some(YearRange::single(2020)));
        filter.set_first_year(Some(2017));
        filter.set_last_year(Some(2019));
        assert_eq!(filter.years, Some(YearRange::new(2017, 2019)));
        filter.set_last_year(Some(2015));
        assert_eq!(filter.years, Some(YearRange::new(2015, 2017)));
        filter.set_last_year(None);
        assert_eq!(filter.years, Some(YearRange::single(2015)));
        filter.years = None;
        filter.set_last_year(None);
        assert_eq!(filter.years, None);
    }
}
