//! The timeline's filter in the URL query:
//! `?year=2020&type=consensus&mech=retry-storm&from=a&to=b&org=Cloudflare&q=etcd`.
//!
//! Parsing never fails: what cannot be understood is left out and reported as an
//! [`IgnoredParameter`], so a person sees what was ignored while the rest still applies.
//! Printing gives one canonical query for a filter, so links compare and round-trip.

use crate::timeline::filter::{MechanismPath, TimelineFilter, YearRange};

pub const YEAR: &str = "year";
pub const TYPE: &str = "type";
pub const MECHANISM: &str = "mech";
pub const PATH_FROM: &str = "from";
pub const PATH_TO: &str = "to";
pub const ORGANISATION: &str = "org";
pub const QUERY: &str = "q";

/// Longest search text kept from a URL, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Parameters read from one URL; the rest are ignored in one notice.
pub const MAX_PARAMETERS: usize = 64;

/// A parameter of the URL that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredParameter {
    pub name: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for IgnoredParameter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "`{}`: {}", self.name, self.reason)
        } else {
            write!(f, "`{}={}`: {}", self.name, self.value, self.reason)
        }
    }
}

/// A filter read from a URL, with what was ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFilter {
    pub filter: TimelineFilter,
    pub ignored: Vec<IgnoredParameter>,
}

/// The parameters a link may give once; a repeat is reported, the first one kept.
const SINGLE: [&str; 5] = [YEAR, ORGANISATION, QUERY, PATH_FROM, PATH_TO];

/// Reads the query string (with or without its leading `?`).
pub fn parse_filter_query(search: &str) -> ParsedFilter {
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut parsed = ParsedFilter::default();
    // Which of `SINGLE` were read.
    let mut seen = [false; SINGLE.len()];
    let (mut path_from, mut path_to) = (None, None);
    let mut pairs = form_urlencoded::parse(search.as_bytes());
    for (name, value) in pairs.by_ref().take(MAX_PARAMETERS) {
        // The search text keeps its spaces: the search box shows it back while someone types.
        let name = name.trim().to_owned();
        let value = if name == QUERY {
            value.into_owned()
        } else {
            value.trim().to_owned()
        };
        if value.trim().is_empty() {
            if !name.is_empty() && !known(&name) {
                parsed
                    .ignored
                    .push(ignored(&name, "", "not a filter this page knows"));
            }
            continue;
        }
        let single = SINGLE.iter().position(|single| *single == name);
        if let Some(at) = single
            && std::mem::replace(&mut seen[at], true)
        {
            let reason = format!("`{name}` is already set earlier in the link");
            parsed.ignored.push(ignored(&name, &value, &reason));
            continue;
        }
        // Why the value cannot be used, if it cannot.
        let problem = match name.as_str() {
            YEAR => match parse_years(&value) {
                Some(years) => {
                    parsed.filter.years = Some(years);
                    None
                }
                None => Some("not a year (2020) or a range of years (2018-2021)"),
            },
            TYPE => {
                read_ids(&mut parsed.ignored, &mut parsed.filter.types, TYPE, &value);
                None
            }
            MECHANISM => {
                let mechanisms = &mut parsed.filter.mechanisms;
                read_ids(&mut parsed.ignored, mechanisms, MECHANISM, &value);
                None
            }
            PATH_FROM | PATH_TO if crate::catalogue::Slug::parse(&value).is_err() => {
                Some("not a mechanism id")
            }
            PATH_FROM => {
                path_from = Some(value.clone());
                None
            }
            PATH_TO => {
                path_to = Some(value.clone());
                None
            }
            ORGANISATION => {
                parsed.filter.organisation = Some(shorten(&value, 200));
                None
            }
            QUERY => {
                read_query(&mut parsed, value.clone());
                None
            }
            _ => Some("not a filter this page knows"),
        };
        if let Some(reason) = problem {
            // A value that could not be used may be given again.
            if let Some(at) = single {
                seen[at] = false;
            }
            parsed.ignored.push(ignored(&name, &value, reason));
        }
    }
    read_path(&mut parsed, path_from, path_to);
    let rest = pairs.count();
    if rest > 0 {
        parsed.ignored.push(IgnoredParameter {
            name: format!("{rest} more parameters"),
            value: String::new(),
            reason: format!("only the first {MAX_PARAMETERS} parameters of a link are read"),
        });
    }
    parsed
}

/// Whether `name` is a parameter of the filter.
fn known(name: &str) -> bool {
    SINGLE.contains(&name) || name == TYPE || name == MECHANISM
}

/// A parameter left out, its name and value shortened.
fn ignored(name: &str, value: &str, reason: &str) -> IgnoredParameter {
    IgnoredParameter {
        name: shorten(name, 40),
        value: shorten(value, 40),
        reason: reason.to_owned(),
    }
}

/// `type=a,b` or `mech=a,b`: each well-formed id once, in order; the others listed as ignored.
fn read_ids(ignored: &mut Vec<IgnoredParameter>, ids: &mut Vec<String>, name: &str, value: &str) {
    for id in value.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        if crate::catalogue::Slug::parse(id).is_err() {
            ignored.push(IgnoredParameter {
                name: name.into(),
                value: shorten(id, 40),
                reason: if name == TYPE {
                    "not a failure-type id".into()
                } else {
                    "not a mechanism id".into()
                },
            });
        } else if !ids.iter().any(|t| t == id) {
            ids.push(id.to_owned());
        }
    }
}

/// `from=a&to=b`: a path needs both ends; one alone is reported and left out.
fn read_path(parsed: &mut ParsedFilter, from: Option<String>, to: Option<String>) {
    let (name, value) = match (from, to) {
        (Some(from), Some(to)) => {
            parsed.filter.path = Some(MechanismPath { from, to });
            return;
        }
        (Some(from), None) => (PATH_FROM, from),
        (None, Some(to)) => (PATH_TO, to),
        (None, None) => return,
    };
    parsed.ignored.push(IgnoredParameter {
        name: name.into(),
        value: shorten(&value, 40),
        reason: format!(
            "\"led to\" needs both `{PATH_FROM}` and `{PATH_TO}`, a mechanism at each end"
        ),
    });
}

/// `q=…`: the search text, cut (and the cut said) past its length limit.
fn read_query(parsed: &mut ParsedFilter, value: String) {
    if value.chars().count() <= MAX_QUERY_CHARS {
        parsed.filter.query = value;
        return;
    }
    let cut: String = value.chars().take(MAX_QUERY_CHARS).collect();
    // Only spaces before the cut: no search text, as for `q=+`.
    if !cut.trim().is_empty() {
        parsed.filter.query = cut;
    }
    parsed.ignored.push(IgnoredParameter {
        name: QUERY.into(),
        value: String::new(),
        reason: format!("the search text was cut to its first {MAX_QUERY_CHARS} characters"),
    });
}

/// `2020`, or `2018-2021` (either order).
fn parse_years(text: &str) -> Option<YearRange> {
    let year = |t: &str| -> Option<i32> {
        let t = t.trim();
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    match text.split_once(['-', '–']) {
        Some((from, to)) => Some(YearRange::new(year(from)?, year(to)?)),
        None => year(text).map(YearRange::single),
    }
}

/// The canonical query string of a filter, without `?`; empty for an empty filter.
pub fn filter_query(filter: &TimelineFilter) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(years) = filter.years {
        query.append_pair(YEAR, &year_text(years));
    }
    if !filter.types.is_empty() {
        query.append_pair(TYPE, &filter.types.join(","));
    }
    if !filter.mechanisms.is_empty() {
        query.append_pair(MECHANISM, &filter.mechanisms.join(","));
    }
    if let Some(path) = &filter.path {
        query.append_pair(PATH_FROM, &path.from);
        query.append_pair(PATH_TO, &path.to);
    }
    if let Some(org) = &filter.organisation {
        query.append_pair(ORGANISATION, org);
    }
    if !filter.query.trim().is_empty() {
        query.append_pair(QUERY, &filter.query);
    }
    query.finish()
}

/// A year range as [`parse_years`] reads it back: four digits a year, so 999 is `0999`.
fn year_text(years: YearRange) -> String {
    if years.is_single() {
        format!("{:04}", years.from)
    } else {
        format!("{:04}-{:04}", years.from, years.to)
    }
}

/// What an incident's link from a view with this filter carries: `?from=a&to=b` for a "led
/// to" view (the incident page marks that route), else nothing.
pub fn route_query(filter: &TimelineFilter) -> String {
    filter.path.as_ref().map_or_else(String::new, |path| {
        let mut query = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
        query.append_pair(PATH_FROM, &path.from);
        query.append_pair(PATH_TO, &path.to);
        query.finish()
    })
}

/// The in-app path of the timeline with this filter: `/` or `/?year=2020`.
pub fn timeline_path(filter: &TimelineFilter) -> String {
    let query = filter_query(filter);
    if query.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{query}")
    }
}

/// Checks a parsed filter against what the catalogue holds: unknown failure types and
/// organisations are dropped and reported; the organisation takes the catalogue's spelling.
pub fn resolve_filter<'a>(
    parsed: ParsedFilter,
    known_types: impl Fn(&str) -> bool,
    known_mechanisms: impl Fn(&str) -> bool,
    organisations: impl IntoIterator<Item = &'a str>,
) -> ParsedFilter {
    let ParsedFilter {
        mut filter,
        mut ignored,
    } = parsed;
    let mut keep_known = |name: &str, id: &str, known: bool, what: &str| {
        if !known {
            ignored.push(IgnoredParameter {
                name: name.into(),
                value: shorten(id, 40),
                reason: format!("no {what} has this id"),
            });
        }
        known
    };
    filter
        .types
        .retain(|id| keep_known(TYPE, id, known_types(id), "failure type"));
    filter
        .mechanisms
        .retain(|id| keep_known(MECHANISM, id, known_mechanisms(id), "mechanism"));
    if let Some(path) = filter.path.take() {
        // Both ends are checked, so each unknown one is said.
        let from = keep_known(
            PATH_FROM,
            &path.from,
            known_mechanisms(&path.from),
            "mechanism",
        );
        let to = keep_known(PATH_TO, &path.to, known_mechanisms(&path.to), "mechanism");
        filter.path = (from && to).then_some(path);
    }
    if let Some(org) = filter.organisation.take() {
        match organisations
            .into_iter()
            .find(|known| known.eq_ignore_ascii_case(&org))
        {
            Some(known) => filter.organisation = Some(known.to_owned()),
            None => ignored.push(IgnoredParameter {
                name: ORGANISATION.into(),
                value: shorten(&org, 40),
                reason: "no incident in the catalogue is from this organisation".into(),
            }),
        }
    }
    ParsedFilter { filter, ignored }
}

fn shorten(text: &str, limit: usize) -> String {
    crate::catalogue::truncate_chars(text, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(search: &str) -> TimelineFilter {
        let parsed = parse_filter_query(search);
        assert!(parsed.ignored.is_empty(), "{search}: {:?}", parsed.ignored);
        parsed.filter
    }

    #[test]
    fn reads_every_facet() {
        let f = filter("?year=2020&type=consensus,network&org=Cloudflare&q=etcd+read-only");
        assert_eq!(f.years, Some(YearRange::single(2020)));
        assert_eq!(f.types, ["consensus", "network"]);
        assert_eq!(f.organisation.as_deref(), Some("Cloudflare"));
        assert_eq!(f.query, "etcd read-only");
    }

    #[test]
    fn reads_ranges_and_repeated_types() {
        let f = filter("year=2021-2018&type=dns&type=network&type=dns");
        assert_eq!(f.years, Some(YearRange::new(2018, 2021)));
        assert_eq!(f.types, ["dns", "network"]);
    }

    #[test]
    fn decodes_percent_escapes() {
        let f = filter("org=Amazon%20Web%20Services&q=%22split%20brain%22");
        assert_eq!(f.organisation.as_deref(), Some("Amazon Web Services"));
        assert_eq!(f.query, "\"split brain\"");
    }

    #[test]
    fn prints_a_canonical_query_that_round_trips() {
        let f = TimelineFilter {
            years: Some(YearRange::new(2018, 2021)),
            types: vec!["consensus".into(), "dns".into()],
            organisation: Some("Amazon Web Services".into()),
            query: "etcd & \"read only\"".into(),
            ..Default::default()
        };
        let query = filter_query(&f);
        assert_eq!(
            query,
            "year=2018-2021&type=consensus%2Cdns&org=Amazon+Web+Services&q=etcd+%26+%22read+only%22"
        );
        assert_eq!(filter(&query), f);
        assert_eq!(timeline_path(&f), format!("/?{query}"));
        assert_eq!(timeline_path(&TimelineFilter::default()), "/");
    }

    #[test]
    fn reads_mechanisms_and_the_led_to_path() {
        let f = filter("?mech=retry-storm,split-brain&mech=retry-storm&from=a&to=b");
        assert_eq!(f.mechanisms, ["retry-storm", "split-brain"]);
        assert_eq!(
            f.path,
            Some(MechanismPath {
                from: "a".into(),
                to: "b".into()
            })
        );
        assert_eq!(
            filter_query(&f),
            "mech=retry-storm%2Csplit-brain&from=a&to=b"
        );
        assert_eq!(filter(&filter_query(&f)), f);
        assert_eq!(route_query(&f), "?from=a&to=b");
        assert_eq!(route_query(&TimelineFilter::default()), "");

        let one_end = parse_filter_query("from=a&mech=%3Cb%3E");
        assert_eq!(one_end.filter, TimelineFilter::default());
        let said: Vec<String> = one_end.ignored.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("not a mechanism id"), "{said:?}");
        assert!(
            said[1].starts_with("`from=a`") && said[1].contains("needs both"),
            "{said:?}"
        );
        let twice = parse_filter_query("from=a&to=b&to=c");
        assert_eq!(twice.filter.path.map(|p| p.to), Some("b".to_owned()));
        assert!(twice.ignored[0].reason.contains("already set"));
    }

    #[test]
    fn unknown_mechanisms_are_dropped_and_said_each() {
        let parsed = parse_filter_query("mech=known,nope&from=known&to=gone");
        let resolved = resolve_filter(parsed, |_| true, |id| id == "known", ["Cloudflare"]);
        assert_eq!(resolved.filter.mechanisms, ["known"]);
        assert_eq!(
            resolved.filter.path, None,
            "a path with an unknown end is no path"
        );
        let said: Vec<String> = resolved.ignored.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "`mech=nope`: no mechanism has this id",
                "`to=gone`: no mechanism has this id"
            ]
        );
    }

    #[test]
    fn search_text_keeps_its_spaces_while_typed() {
        assert_eq!(filter("q=etcd+").query, "etcd ");
        assert_eq!(filter_query(&filter("q=etcd+")), "q=etcd+");
    }

    #[test]
    fn empty_values_and_empty_pairs_are_silently_absent() {
        assert_eq!(filter("?year=&q=+&&type="), TimelineFilter::default());
        assert_eq!(filter(""), TimelineFilter::default());
    }

    #[test]
    fn nonsense_is_ignored_and_reported_while_the_rest_applies() {
        let parsed = parse_filter_query("year=twenty&type=Bad_Type&q=etcd&colour=red&year=2020");
        assert_eq!(parsed.filter.query, "etcd");
        assert_eq!(parsed.filter.years, Some(YearRange::single(2020)));
        let reported: Vec<String> = parsed.ignored.iter().map(|i| i.to_string()).collect();
        assert_eq!(
            reported,
            [
                "`year=twenty`: not a year (2020) or a range of years (2018-2021)",
                "`type=Bad_Type`: not a failure-type id",
                "`colour=red`: not a filter this page knows",
            ]
        );
    }

    #[test]
    fn repeated_single_valued_parameters_keep_the_first() {
        let parsed = parse_filter_query("year=2019&year=2020&q=a&q=b&org=X&org=Y");
        assert_eq!(parsed.filter.years, Some(YearRange::single(2019)));
        assert_eq!(parsed.filter.query, "a");
        assert_eq!(parsed.filter.organisation.as_deref(), Some("X"));
        assert_eq!(parsed.ignored.len(), 3);
    }

    #[test]
    fn malformed_years_are_ignored() {
        for bad in [
            "20200",
            "202",
            "2020-",
            "-2020",
            "2020-21",
            "２０２０",
            "2020-2021-2022",
        ] {
            let parsed = parse_filter_query(&format!("year={bad}"));
            assert_eq!(parsed.filter.years, None, "{bad}");
            assert_eq!(parsed.ignored.len(), 1, "{bad}");
        }
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "x".repeat(10_000);
        let parsed = parse_filter_query(&format!("q={long}"));
        assert_eq!(parsed.filter.query.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(parsed.ignored.len(), 1);

        let many: Vec<String> = (0..500).map(|i| format!("p{i}=1")).collect();
        let parsed = parse_filter_query(&many.join("&"));
        assert_eq!(parsed.ignored.len(), MAX_PARAMETERS + 1);
        assert!(parsed.ignored.last().unwrap().name.starts_with("436 more"));

        let parsed = parse_filter_query("q=%3Cscript%3Ealert(1)%3C/script%3E&%ZZ=%");
        assert_eq!(parsed.filter.query, "<script>alert(1)</script>");
        assert_eq!(parsed.ignored.len(), 1);
        assert!(parsed.ignored[0].to_string().chars().count() < 200);
    }

    /// Found by `cargo fuzz run url_state`: the canonical query of what was parsed must parse
    /// back to the same filter.
    fn assert_round_trips(search: &str) {
        let parsed = parse_filter_query(search);
        let query = filter_query(&parsed.filter);
        let again = parse_filter_query(&query);
        assert_eq!(
            again.filter, parsed.filter,
            "{search:?} printed as {query:?}"
        );
        assert!(again.ignored.is_empty(), "{query:?}: {:?}", again.ignored);
    }

    #[test]
    fn years_before_1000_keep_four_digits() {
        let f = filter("year=0999");
        assert_eq!(f.years, Some(YearRange::single(999)));
        assert_eq!(filter_query(&f), "year=0999");
        assert_round_trips("?year=0999&type=a-b&org=%00&q=%F0%9F%98%80");
        assert_round_trips("year=0042-2020");
    }

    #[test]
    fn search_text_cut_to_only_spaces_is_no_search_text() {
        let search = format!("q={}x", "+".repeat(MAX_QUERY_CHARS));
        let parsed = parse_filter_query(&search);
        assert_eq!(parsed.filter.query, "");
        assert_eq!(parsed.ignored.len(), 1);
        assert_round_trips(&search);
    }

    #[test]
    fn resolving_drops_unknown_types_and_organisations_and_fixes_spelling() {
        let parsed = parse_filter_query("type=dns,cosmic-rays&org=CLOUDFLARE");
        let resolved = resolve_filter(
            parsed,
            |id| id == "dns",
            |_| false,
            ["Cloudflare", "GitHub"],
        );
        assert_eq!(resolved.filter.types, ["dns"]);
        assert_eq!(resolved.filter.organisation.as_deref(), Some("Cloudflare"));
        assert_eq!(resolved.ignored.len(), 1);
        assert_eq!(
            resolved.ignored[0].to_string(),
            "`type=cosmic-rays`: no failure type has this id"
        );

        let parsed = parse_filter_query("org=Nobody");
        let resolved = resolve_filter(parsed, |_| true, |_| true, ["Cloudflare"]);
        assert_eq!(resolved.filter.organisation, None);
        assert_eq!(resolved.ignored.len(), 1);
    }
}
