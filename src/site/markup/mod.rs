//! Every page's content as HTML: here the site's header and footer and the timeline (the year
//! and month headings and the incident cards, with the search terms marked), and in the
//! submodules the home page's other parts, the incident page, the causal-chain SVG and the
//! mechanism pages (the map and one mechanism). One markup serves both the page the host
//! sends (`site::prerender`) and the app, which sets each part in one step and handles its
//! events on the part's container.
//!
//! Each part is written with maud's `html!`, which escapes every value spliced into it; what it
//! returns, `Markup`, is the only type the app and the served page take as HTML. Links are the
//! site's own paths, built from validated ids, or http(s) URLs checked when the catalogue was
//! read.
//!
//! Numbers and other `Display` values are spliced as text (`to_string()`): maud's own ways of
//! writing them would be code of their own in the wasm.

pub mod chain;
pub mod compare;
pub mod home;
pub mod incident;
pub mod mechanisms;

use maud::{Markup, html};

use crate::catalogue::{FailureType, IncidentFacts, IncidentSummary, format_duration};
use crate::site::contract::class;
use crate::site::paths::{
    CATALOGUE_CSV_PATH, FEED_PATH, FULL_CATALOGUE_PATH, MECHANISMS_PATH, Section, href,
    incident_path,
};
use crate::timeline::Atlas;
use crate::timeline::filter::TimelineFilter;
use crate::timeline::search::{SearchTerms, Segment, highlight, match_context};
use crate::timeline::url_state::timeline_path;

/// The links of the site's navigation, in order: the section each leads to, its path, its name.
pub const NAVIGATION: [(Section, &str, &str); 2] = [
    (Section::Incidents, "/", "Incidents"),
    (Section::Mechanisms, MECHANISMS_PATH, "Mechanisms"),
];

/// The skip link and the site's header, with the site's navigation, on every page; the skip
/// link goes to `main_id`, and `current` is the section the page belongs to, marked as the
/// current page in the navigation.
///
/// The skip link is `page` (the page's own path) and `#main_id`: a bare fragment would resolve
/// against the document's `<base href>`, the home page. The app passes `""`: it follows a
/// bare fragment on the current page itself.
pub fn site_header(base: &str, page: &str, main_id: &str, current: Option<Section>) -> Markup {
    html! {
        a class="skip-link" href={ (page) "#" (main_id) } { "Skip to content" }
        header class="site-header" {
            a class="site-header__brand" href=(href(base, "/")) { "Incident Atlas" }
            p class="site-header__tagline" { "Real production incidents, and how they spread" }
            nav class=(class::SITE_NAV) aria-label="Site" {
                ul {
                    @for (section, path, label) in NAVIGATION {
                        li {
                            a href=(href(base, path))
                                aria-current=[(current == Some(section)).then_some("page")] {
                                (label)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The site's footer, on every page: where the text comes from, and the catalogue to take
/// away (JSON, CSV, the feed of new incidents).
pub fn site_footer(base: &str) -> Markup {
    html! {
        footer class="site-footer" {
            p {
                "Abridged in our own words from public postmortems; each incident links to its \
                 sources."
            }
            nav aria-label="Downloads" {
                ul class="site-footer__downloads" {
                    li {
                        a href=(href(base, FULL_CATALOGUE_PATH)) type="application/json" {
                            "The catalogue as JSON"
                        }
                    }
                    li {
                        a href=(href(base, CATALOGUE_CSV_PATH)) type="text/csv"
                            download="incident-atlas.csv" {
                            "The catalogue as CSV"
                        }
                    }
                    li {
                        a href=(href(base, FEED_PATH)) type="application/atom+xml" {
                            "Feed of new incidents (Atom)"
                        }
                    }
                }
            }
        }
    }
}

/// A status line while something loads (`what` is plain text, such as "Loading the
/// catalogue…").
pub fn loading(what: &str) -> Markup {
    html! { p class="loading" role="status" { (what) } }
}

/// "1 incident", "12 incidents".
pub fn incident_count(n: usize) -> String {
    match n {
        1 => "1 incident".to_owned(),
        n => format!("{n} incidents"),
    }
}

/// Segments of text, the matched ones in `<mark>`.
fn segments(segments: &[Segment]) -> Markup {
    html! {
        @for segment in segments {
            @if segment.matched { mark { (segment.text) } } @else { (segment.text) }
        }
    }
}

/// Text with the parts that match the search terms in `<mark>`.
fn highlighted(value: &str, terms: &SearchTerms) -> Markup {
    segments(&highlight(value, terms))
}

/// An incident's failure types as a list of chips, the trigger first and named as such in
/// words (not only by colour); each chip links to the timeline filtered by its type.
pub fn chips(incident: &impl IncidentFacts, failure_types: &[FailureType], base: &str) -> Markup {
    let trigger = &incident.failure_types().trigger;
    html! {
        ul class="chips" {
            @for id in incident.failure_type_ids() {
                @let label = failure_types
                    .iter()
                    .find(|t| t.id == *id)
                    .map_or(id.as_str(), |t| t.label.as_str());
                @let is_trigger = id == trigger;
                @let filter = TimelineFilter {
                    types: vec![id.to_string()],
                    ..Default::default()
                };
                li {
                    a class={ "chip chip--type-" (id.as_str()) @if is_trigger { " chip--trigger" } }
                        href=(href(base, &timeline_path(&filter)))
                        title={ "All incidents involving " (label) } {
                        @if is_trigger { span class="chip__role" { "Trigger: " } }
                        (label)
                    }
                }
            }
        }
    }
}

/// One incident on the timeline: title (a link to its page), date, organisation, duration,
/// summary and failure-type chips, inside its list item. With search terms, the words that
/// matched are marked, and a card that matched only in its write-up says which words did.
pub fn card(
    incident: &IncidentSummary,
    failure_types: &[FailureType],
    terms: &SearchTerms,
    base: &str,
    link_query: &str,
) -> Markup {
    html! {
        li {
            // The incident's id lets Back return to this card (src/app/reading_place.rs).
            article class=(class::INCIDENT_CARD) data-incident=(incident.id.as_str()) {
                h3 class=(class::INCIDENT_CARD_TITLE) {
                    a href={ (href(base, &incident_path(incident.id.as_str()))) (link_query) } {
                        (highlighted(&incident.title, terms))
                    }
                }
                p class="incident-card__meta" {
                    time datetime=(incident.start.to_string()) { (incident.start.date_long()) }
                    " · "
                    span class="incident-card__org" { (highlighted(&incident.organisation, terms)) }
                    @if let Some(minutes) = incident.duration_minutes() {
                        " · "
                        span { "lasted " (format_duration(minutes)) }
                    }
                }
                p class="incident-card__summary" { (highlighted(&incident.summary, terms)) }
                @if let Some(context) = match_context(incident, terms) {
                    p class="incident-card__match" {
                        span class="incident-card__match-place" { "In the " (context.place) ": " }
                        (segments(&context.segments))
                    }
                }
                (chips(incident, failure_types, base))
            }
        }
    }
}

/// The incidents at `indices` (newest first) as sections per year, each a heading and a list
/// of cards. `heading_ids` prefixes the year headings' ids, so that the
/// served page's timeline and the app's can both be in the document for a moment.
///
/// `link_query` follows each card's link to its incident (`?from=a&to=b`, so that the page
/// marks the "led to" route of the view it was opened from), or is empty.
pub fn timeline(
    atlas: &Atlas,
    indices: &[usize],
    terms: &SearchTerms,
    base: &str,
    (heading_ids, link_query): (&str, &str),
) -> Markup {
    let failure_types = atlas.failure_types();
    html! {
        @for group in atlas.group_by_year_and_month(indices) {
            @let year = group.year.to_string();
            section class="timeline__year" aria-labelledby={ (heading_ids) "y" (year) } {
                h2 id={ (heading_ids) "y" (year) } class="timeline__year-heading" {
                    (year) " "
                    span class="timeline__count" { (incident_count(group.count)) }
                }
                // One list a year: each card says its date, so a heading per month (most
                // months have one incident) would only take room from the cards.
                ol class="incident-list" {
                    @for month in group.months {
                        @for index in month.incidents {
                            (card(atlas.incident(index), &failure_types, terms, base, link_query))
                        }
                    }
                }
            }
        }
    }
}

/// `value` as markup escapes it, for tests to look for.
#[cfg(test)]
pub(crate) fn escaped(value: &str) -> String {
    html! { (value) }.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;

    /// The minimal fixture with the given title and summary, and a hostile failure-type label.
    fn atlas(title: &str, summary: &str) -> Atlas {
        let mut catalogue = minimal_fixture();
        catalogue.failure_types[0].label = "Config <change>".into();
        let incident = &mut catalogue.incidents[0];
        incident.title = title.into();
        incident.summary = summary.into();
        incident.organisation = "Org & Co".into();
        Atlas::new(catalogue)
    }

    #[test]
    fn a_card_links_with_the_route_of_its_view() {
        let atlas = atlas("Title", "Summary");
        let id = atlas.incident(0).id.to_string();
        let html = timeline(
            &atlas,
            &[0],
            &SearchTerms::default(),
            "/b",
            ("", "?from=a&to=b"),
        )
        .into_string();
        assert!(
            html.contains(&format!("href=\"/b/incidents/{id}?from=a&amp;to=b\"")),
            "{html}"
        );
    }

    #[test]
    fn cards_escape_every_text_and_attribute() {
        let atlas = atlas(
            "<script>alert(1)</script>",
            "a \"quoted\" & <b>bold</b> summary",
        );
        let html = timeline(&atlas, &[0], &SearchTerms::default(), "/base", ("", "")).into_string();
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("Org &amp; Co"));
        assert!(html.contains("title=\"All incidents involving Config &lt;change&gt;\""));
        assert!(html.contains("href=\"/base/incidents/example-2021-01-01\""));
        assert!(html.contains("lasted 1 h 30 min"), "{html}");
    }

    #[test]
    fn the_trigger_chip_comes_first_and_says_so() {
        let atlas = atlas("Title", "Summary");
        let html = timeline(&atlas, &[0], &SearchTerms::default(), "", ("", "")).into_string();
        let trigger = html
            .find("Trigger: </span>Config &lt;change&gt;")
            .expect("trigger chip");
        let contributing = html.find(">DNS</a>").expect("contributing chip");
        assert!(trigger < contributing);
        assert_eq!(html.matches("chip--trigger").count(), 1);
    }

    #[test]
    fn search_terms_are_marked_and_escaped_inside_the_mark() {
        let atlas = atlas("Replica <lag> storm", "Summary");
        let html = timeline(&atlas, &[0], &SearchTerms::parse("<lag>"), "", ("", "")).into_string();
        assert!(html.contains("<mark>&lt;lag&gt;</mark>"), "{html}");
    }

    #[test]
    fn a_match_only_in_the_write_up_names_the_words() {
        let atlas = atlas("Title", "Summary");
        let html =
            timeline(&atlas, &[0], &SearchTerms::parse("record"), "", ("", "")).into_string();
        assert!(html.contains("incident-card__match"), "{html}");
        assert!(html.contains("<mark>record</mark>"), "{html}");
        let plain = timeline(&atlas, &[0], &SearchTerms::default(), "", ("", "")).into_string();
        assert!(!plain.contains("incident-card__match"));
    }

    #[test]
    fn the_markup_carries_every_name_the_app_looks_up() {
        use crate::chain::diagram::{EstimatedMeasure, layout_chain};
        use crate::site::contract::{Action, data, id};
        let atlas = atlas("Title", "Summary");
        let whole = atlas.full_incident(0).expect("a whole catalogue");
        let drawn = layout_chain(&whole.causal_chain, &EstimatedMeasure);
        let drawing = chain::diagram(
            &whole.causal_chain,
            &drawn,
            "Title",
            None,
            &chain::DiagramContext {
                mechanisms: &[],
                base: "",
                route: None,
            },
        );
        let filter = TimelineFilter::default();
        let html = [
            timeline(&atlas, &[0], &SearchTerms::default(), "", ("", "")),
            home::filter_form(&atlas, &filter, &atlas.facet_counts(&filter)),
            home::overview(&atlas, &filter, ""),
            home::window_status(1, 2, 1),
            incident::header(&**whole, &atlas.failure_types(), ("", &[]), "", true),
            incident::body(
                whole,
                "",
                Some(&drawing),
                "",
                Some("https://github.com/a/b/issues/new"),
            ),
            compare::picker(&atlas, &["x"], "Compare with…"),
        ]
        .map(Markup::into_string)
        .concat();
        for attribute in [
            data::ACTION,
            data::INCIDENT,
            data::INDEX,
            data::YEAR,
            data::HEIGHT,
            data::FILL,
            data::IDS,
        ] {
            assert!(html.contains(&format!(" {attribute}=\"")), "{attribute}");
        }
        for action in Action::ALL {
            let attribute = format!("{}=\"{}\"", data::ACTION, action.as_str());
            assert!(html.contains(&attribute), "{attribute}");
        }
        for name in [
            class::INCIDENT_CARD,
            class::INCIDENT_CARD_TITLE,
            class::SHARE_STATUS,
            class::CHAIN_DIAGRAM,
            class::CHAIN_FRAME,
            class::CHAIN_NODE,
            class::CHAIN_EDGE,
            class::CHAIN_DETAIL,
            class::CHIP_COUNT,
        ] {
            assert!(html.contains(&format!("class=\"{name}")), "{name}");
        }
        for id in [
            id::SEARCH_INPUT,
            id::YEAR_SELECT,
            id::THROUGH_SELECT,
            id::ORGANISATION_SELECT,
            id::TYPE_CHIPS,
            id::FILTER_PANEL,
            id::CHAIN_SVG,
            id::COMPARE_SELECT,
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }

    #[test]
    fn the_navigation_marks_the_current_section_only() {
        let nav = |current| site_header("/b", "", "main", current).into_string();
        let incidents = nav(Some(Section::Incidents));
        assert!(incidents.contains("<nav class=\"site-nav\" aria-label=\"Site\">"));
        assert!(incidents.contains("<a href=\"/b/\" aria-current=\"page\">Incidents</a>"));
        assert!(incidents.contains("<a href=\"/b/mechanisms\">Mechanisms</a>"));
        let mechanisms = nav(Some(Section::Mechanisms));
        assert!(mechanisms.contains("<a href=\"/b/\">Incidents</a>"));
        assert!(
            mechanisms.contains("<a href=\"/b/mechanisms\" aria-current=\"page\">Mechanisms</a>")
        );
        assert!(!nav(None).contains("aria-current"));
        // The navigation is inside the header, the banner landmark.
        let header = &incidents[incidents.find("<header").expect("header")..];
        assert!(header.find("<nav").expect("nav") < header.find("</header>").expect("end"));
    }

    #[test]
    fn headings_group_by_year_with_prefixed_ids() {
        let atlas = atlas("Title", "Summary");
        let html =
            timeline(&atlas, &[0], &SearchTerms::default(), "", ("static-", "")).into_string();
        assert!(html.contains("aria-labelledby=\"static-y2021\""));
        assert!(html.contains("<h2 id=\"static-y2021\""));
        assert!(html.contains("2021 <span class=\"timeline__count\">1 incident</span>"));
        // One list a year, no heading a month: the card says its date.
        assert_eq!(html.matches("<ol class=\"incident-list\">").count(), 1);
        assert!(!html.contains("timeline__month"), "{html}");
        assert_eq!(
            timeline(&atlas, &[], &SearchTerms::default(), "", ("", "")).into_string(),
            ""
        );
    }
}
