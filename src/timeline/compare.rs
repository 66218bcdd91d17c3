//! Incidents side by side: which ones a link asks for (`/compare?ids=a,b,c`), what was wrong
//! with the rest, and the failure types and mechanisms they share.
//!
//! Reading never fails: each id that cannot be shown is reported with why, and the valid
//! ones are still compared.

use crate::catalogue::{IncidentFacts, Slug, truncate_chars};
use crate::timeline::Atlas;

/// The in-app path of the comparison page.
pub const COMPARE_PATH: &str = "/compare";
/// The query parameter that lists the incidents, separated by commas.
pub const IDS: &str = "ids";
/// How many incidents are compared at most: more columns would not fit a screen.
pub const MAX_COMPARED: usize = 3;
/// How many ids of one link are read at all; a hostile link may list thousands.
const MAX_IDS_READ: usize = 20;
/// Longest id quoted back in a message, in characters.
const MAX_ID_CHARS: usize = 80;

/// An id of the link that is not compared, as the link has it (shortened), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdProblem {
    pub id: String,
    pub why: Why,
}

/// Why an id of the link is not compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Not an id at all (ids are lower-case words joined by hyphens).
    Malformed,
    /// A well-formed id the catalogue does not have.
    Unknown,
    /// An id given twice; it is shown once.
    Repeated,
    /// Past the first [`MAX_COMPARED`] valid ids.
    TooMany,
}

impl Why {
    /// What happened to the id, as said after it.
    pub fn reason(self) -> &'static str {
        match self {
            Why::Malformed => {
                "not an incident id (ids are lower-case words joined by hyphens), so it is left out"
            }
            Why::Unknown => "the catalogue has no incident with this id, so it is left out",
            Why::Repeated => "listed twice; it is shown once",
            Why::TooMany => "left out: at most three incidents are compared at once",
        }
    }
}

/// The incidents a link asks to compare, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Indices into the atlas, in the link's order: at most [`MAX_COMPARED`].
    pub incidents: Vec<usize>,
    pub problems: Vec<IdProblem>,
}

impl Comparison {
    /// Reads the query string (with or without its `?`): every `ids` parameter, each a list
    /// separated by commas, trimmed; empty entries are skipped.
    pub fn parse(search: &str, atlas: &Atlas) -> Comparison {
        let search = search.strip_prefix('?').unwrap_or(search);
        let mut comparison = Comparison::default();
        let lists = form_urlencoded::parse(search.as_bytes())
            .take(64)
            .filter(|(name, _)| name == IDS);
        let mut read = 0;
        for (_, list) in lists {
            for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                read += 1;
                if read > MAX_IDS_READ {
                    break;
                }
                comparison.read(id, atlas);
            }
        }
        comparison
    }

    /// Takes one id of the link: compared, or reported with why not.
    fn read(&mut self, id: &str, atlas: &Atlas) {
        let why = if Slug::parse(id).is_err() {
            Why::Malformed
        } else {
            match atlas.find(id) {
                None => Why::Unknown,
                Some(index) if self.incidents.contains(&index) => Why::Repeated,
                Some(_) if self.incidents.len() == MAX_COMPARED => Why::TooMany,
                Some(index) => {
                    self.incidents.push(index);
                    return;
                }
            }
        };
        self.problems.push(IdProblem {
            id: truncate_chars(id, MAX_ID_CHARS),
            why,
        });
    }

    /// The ids of the compared incidents, in order.
    pub fn ids<'a>(&self, atlas: &'a Atlas) -> Vec<&'a str> {
        self.incidents
            .iter()
            .map(|&index| atlas.incident(index).id.as_str())
            .collect()
    }

    /// What at least two of the compared incidents have in common.
    pub fn shared(&self, atlas: &Atlas) -> Shared {
        let count = |has: &dyn Fn(usize) -> bool| {
            self.incidents.iter().filter(|&&index| has(index)).count()
        };
        let failure_types = atlas
            .failure_types()
            .iter()
            .filter_map(|kind| {
                let n = count(&|index| {
                    atlas
                        .incident(index)
                        .failure_type_ids()
                        .any(|id| *id == kind.id)
                });
                (n >= 2).then(|| (kind.id.to_string(), n))
            })
            .collect();
        let mechanisms = atlas
            .mechanisms()
            .iter()
            .filter_map(|mechanism| {
                let n = count(&|index| {
                    atlas
                        .incident(index)
                        .mechanism_ids()
                        .any(|id| id == mechanism.id.as_str())
                });
                (n >= 2).then(|| (mechanism.id.to_string(), n))
            })
            .collect();
        Shared {
            failure_types,
            mechanisms,
        }
    }
}

/// The failure types and mechanisms that two or more compared incidents name, in the
/// taxonomy's order, each with how many of them name it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    pub failure_types: Vec<(String, usize)>,
    pub mechanisms: Vec<(String, usize)>,
}

impl Shared {
    pub fn has_failure_type(&self, id: &str) -> bool {
        self.failure_types.iter().any(|(shared, _)| shared == id)
    }

    pub fn has_mechanism(&self, id: &str) -> bool {
        self.mechanisms.iter().any(|(shared, _)| shared == id)
    }

    pub fn is_empty(&self) -> bool {
        self.failure_types.is_empty() && self.mechanisms.is_empty()
    }
}

/// The comparison of these incidents: `/compare?ids=a,b`. Ids are slugs, which a query
/// carries as they are.
pub fn compare_path(ids: &[&str]) -> String {
    format!("{COMPARE_PATH}?{IDS}={}", ids.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    /// Four incidents: a and b share the trigger `config` and the mechanism `retry-storm`;
    /// c shares `dns` with a; d shares nothing.
    fn atlas() -> Atlas {
        let mut catalogue: Catalogue = crate::catalogue::load::minimal_fixture();
        let template = catalogue.incidents[0].clone();
        catalogue.incidents.clear();
        for (id, trigger, contributing) in [
            ("a-2020", "config", vec!["dns"]),
            ("b-2021", "config", vec![]),
            ("c-2022", "dns", vec![]),
            ("d-2023", "hardware", vec![]),
        ] {
            let mut incident = template.clone();
            incident.id = Slug::parse(id).expect("a slug");
            incident.failure_types.trigger = Slug::parse(trigger).expect("a slug");
            incident.failure_types.contributing = contributing
                .into_iter()
                .map(|t| Slug::parse(t).expect("a slug"))
                .collect();
            catalogue.incidents.push(incident);
        }
        for id in ["config", "dns", "hardware"] {
            if !catalogue.failure_types.iter().any(|t| t.id.as_str() == id) {
                let mut kind = catalogue.failure_types[0].clone();
                kind.id = Slug::parse(id).expect("a slug");
                catalogue.failure_types.push(kind);
            }
        }
        let mut atlas = Atlas::new(catalogue);
        // The mechanisms as the index has them.
        for (id, mechanisms) in [
            ("a-2020", "retry-storm failover"),
            ("b-2021", "retry-storm"),
        ] {
            let index = atlas.find(id).expect("there");
            atlas.incidents[index].mechanisms = mechanisms.to_owned();
        }
        let retry = crate::catalogue::Mechanism {
            id: Slug::parse("retry-storm").expect("a slug"),
            label: "Retry storm".to_owned(),
            description: String::new(),
        };
        let failover = crate::catalogue::Mechanism {
            id: Slug::parse("failover").expect("a slug"),
            ..retry.clone()
        };
        atlas.with_mechanisms(vec![failover, retry])
    }

    fn ids(search: &str) -> (Vec<String>, Vec<IdProblem>) {
        let atlas = atlas();
        let comparison = Comparison::parse(search, &atlas);
        let ids = comparison.ids(&atlas).into_iter().map(str::to_owned);
        (ids.collect(), comparison.problems)
    }

    #[test]
    fn ids_are_read_in_order_trimmed_from_commas_and_repeats() {
        assert_eq!(ids("ids=a-2020,b-2021").0, ["a-2020", "b-2021"]);
        assert_eq!(ids("?ids=b-2021,%20a-2020%20,,").0, ["b-2021", "a-2020"]);
        assert_eq!(ids("ids=a-2020&ids=c-2022").0, ["a-2020", "c-2022"]);
        assert!(ids("ids=a-2020,b-2021").1.is_empty());
        assert_eq!(ids("").0, Vec::<String>::new());
        assert_eq!(ids("other=a-2020").0, Vec::<String>::new());
    }

    #[test]
    fn each_bad_id_is_reported_and_the_valid_ones_kept() {
        let (kept, problems) = ids("ids=a-2020,<b>,nope-1999,a-2020,c-2022,d-2023,b-2021");
        assert_eq!(kept, ["a-2020", "c-2022", "d-2023"]);
        let problem = |id: &str, why| IdProblem {
            id: id.to_owned(),
            why,
        };
        assert_eq!(
            problems,
            [
                problem("<b>", Why::Malformed),
                problem("nope-1999", Why::Unknown),
                problem("a-2020", Why::Repeated),
                problem("b-2021", Why::TooMany),
            ]
        );
    }

    #[test]
    fn a_hostile_link_is_read_only_so_far() {
        let long = "x".repeat(10_000);
        let (kept, problems) = ids(&format!("ids={long}"));
        assert!(kept.is_empty());
        assert_eq!(problems[0].why, Why::Malformed);
        assert!(problems[0].id.chars().count() <= MAX_ID_CHARS + 1);
        let many = vec!["nope"; 1000].join(",");
        assert_eq!(ids(&format!("ids={many}")).1.len(), MAX_IDS_READ);
    }

    #[test]
    fn shared_types_and_mechanisms_are_those_of_two_or_more() {
        let atlas = atlas();
        let shared = |search| Comparison::parse(search, &atlas).shared(&atlas);
        let ab = shared("ids=a-2020,b-2021");
        assert_eq!(ab.failure_types, [("config".to_owned(), 2)]);
        assert_eq!(ab.mechanisms, [("retry-storm".to_owned(), 2)]);
        assert!(ab.has_failure_type("config") && !ab.has_failure_type("dns"));
        assert!(ab.has_mechanism("retry-storm") && !ab.has_mechanism("failover"));
        let abc = shared("ids=a-2020,b-2021,c-2022");
        assert_eq!(
            abc.failure_types,
            [("config".to_owned(), 2), ("dns".to_owned(), 2)]
        );
        assert!(shared("ids=a-2020,d-2023").is_empty());
        assert!(shared("ids=a-2020").is_empty());
    }

    #[test]
    fn the_path_lists_the_ids() {
        assert_eq!(
            compare_path(&["a-2020", "b-2021"]),
            "/compare?ids=a-2020,b-2021"
        );
        let atlas = atlas();
        let comparison = Comparison::parse(&compare_path(&["c-2022", "a-2020"])[9..], &atlas);
        assert_eq!(comparison.ids(&atlas), ["c-2022", "a-2020"]);
    }
}
