//! Every page's content as HTML text: here the timeline (the year and month headings and the
//! incident cards, with the search terms marked), and in the submodules the home page's other
//! parts, the incident page and the causal-chain SVG. One markup serves both the page the host
//! sends (src/prerender.rs) and the app, which sets each part in one step and handles its
//! events on the part's container. Built as views, a filter change cost the app about a
//! thousand DOM calls (each text and attribute of each card, crossing from wasm to
//! JavaScript), and each element, attribute and handler was code of its own in the wasm; as
//! one string it costs one call, and the browser's parser does the rest.
//!
//! Every text and attribute value is escaped here and nowhere else; links are the site's own
//! paths, built from validated ids, or http(s) URLs checked when the catalogue was read.

pub mod chain;
pub mod home;
pub mod incident;

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute_to_string, encode_text_to_string};

use crate::catalogue::{FailureType, IncidentFacts, IncidentSummary, format_duration};
use crate::site::paths::{href, incident_path};
use crate::timeline::filter::TimelineFilter;
use crate::timeline::search::{SearchTerms, Segment, highlight, match_context};
use crate::timeline::url_state::timeline_path;
use crate::timeline::{Atlas, MONTH_NAMES};

/// Appends `value` escaped for an element's content.
pub fn push_text(out: &mut String, value: &str) {
    encode_text_to_string(value, out);
}

/// Appends `value` escaped for a double-quoted attribute.
pub fn push_attr(out: &mut String, value: &str) {
    encode_double_quoted_attribute_to_string(value, out);
}

/// The skip link and the site's header, on every page; the skip link goes to `main_id`.
pub fn site_header(base: &str, main_id: &str) -> String {
    let mut out = String::from("<a class=\"skip-link\" href=\"#");
    push_attr(&mut out, main_id);
    out.push_str(
        "\">Skip to content</a><header class=\"site-header\"><a class=\"site-header__brand\" href=\"",
    );
    push_attr(&mut out, &href(base, "/"));
    out.push_str(
        "\">Incident Atlas</a><p class=\"site-header__tagline\">Real production incidents, and \
         how they spread</p></header>",
    );
    out
}

/// The site's footer, on every page.
pub fn site_footer(base: &str) -> String {
    let mut out = String::from(
        "<footer class=\"site-footer\"><p>Abridged in our own words from public postmortems; each \
         incident links to its sources. <a href=\"",
    );
    push_attr(
        &mut out,
        &href(base, crate::site::paths::FULL_CATALOGUE_PATH),
    );
    out.push_str("\">The catalogue as JSON</a>.</p></footer>");
    out
}

/// A status line while something loads (`what` is plain text, such as "Loading the
/// catalogue…").
pub fn loading(what: &str) -> String {
    let mut out = String::from("<p class=\"loading\" role=\"status\">");
    push_text(&mut out, what);
    out.push_str("</p>");
    out
}

/// `value` escaped for an element's content.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_text(&mut out, value);
    out
}

/// `value` escaped for a double-quoted attribute.
pub fn attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_attr(&mut out, value);
    out
}

/// "1 incident", "12 incidents".
pub fn incident_count(n: usize) -> String {
    match n {
        1 => "1 incident".to_owned(),
        n => format!("{n} incidents"),
    }
}

/// Segments of text, the matched ones in `<mark>`.
fn push_segments(out: &mut String, segments: Vec<Segment>) {
    for segment in segments {
        if segment.matched {
            out.push_str("<mark>");
            push_text(out, &segment.text);
            out.push_str("</mark>");
        } else {
            push_text(out, &segment.text);
        }
    }
}

/// Text with the parts that match the search terms in `<mark>`.
fn push_highlighted(out: &mut String, value: &str, terms: &SearchTerms) {
    push_segments(out, highlight(value, terms));
}

/// An incident's failure types as a list of chips, the trigger first and named as such in
/// words (not only by colour); each chip links to the timeline filtered by its type.
pub fn push_chips(
    out: &mut String,
    incident: &impl IncidentFacts,
    failure_types: &[FailureType],
    base: &str,
) {
    out.push_str("<ul class=\"chips\">");
    for id in incident.failure_type_ids() {
        let label = failure_types
            .iter()
            .find(|t| t.id == *id)
            .map_or(id.as_str(), |t| t.label.as_str());
        let is_trigger = *id == incident.failure_types().trigger;
        let filter = TimelineFilter {
            types: vec![id.to_string()],
            ..Default::default()
        };
        out.push_str("<li><a class=\"chip chip--type-");
        push_attr(out, id.as_str());
        if is_trigger {
            out.push_str(" chip--trigger");
        }
        out.push_str("\" href=\"");
        push_attr(out, &href(base, &timeline_path(&filter)));
        out.push_str("\" title=\"All incidents involving ");
        push_attr(out, label);
        out.push_str("\">");
        if is_trigger {
            out.push_str("<span class=\"chip__role\">Trigger: </span>");
        }
        push_text(out, label);
        out.push_str("</a></li>");
    }
    out.push_str("</ul>");
}

/// One incident on the timeline: title (a link to its page), date, organisation, duration,
/// summary and failure-type chips, inside its list item. With search terms, the words that
/// matched are marked, and a card that matched only in its write-up says which words did.
pub fn push_card(
    out: &mut String,
    incident: &IncidentSummary,
    failure_types: &[FailureType],
    terms: &SearchTerms,
    base: &str,
) {
    // The incident's id lets Back return to this card (src/app/reading_place.rs).
    out.push_str("<li><article class=\"incident-card\" data-incident=\"");
    push_attr(out, incident.id.as_str());
    out.push_str("\"><h4 class=\"incident-card__title\"><a href=\"");
    push_attr(out, &href(base, &incident_path(incident.id.as_str())));
    out.push_str("\">");
    push_highlighted(out, &incident.title, terms);
    out.push_str("</a></h4><p class=\"incident-card__meta\"><time datetime=\"");
    push_attr(out, &incident.start.to_string());
    out.push_str("\">");
    push_text(out, &incident.start.date_long());
    out.push_str("</time> · <span class=\"incident-card__org\">");
    push_highlighted(out, &incident.organisation, terms);
    out.push_str("</span>");
    if let Some(minutes) = incident.duration_minutes() {
        out.push_str(" · <span>lasted ");
        push_text(out, &format_duration(minutes));
        out.push_str("</span>");
    }
    out.push_str("</p><p class=\"incident-card__summary\">");
    push_highlighted(out, &incident.summary, terms);
    out.push_str("</p>");
    if let Some(context) = match_context(incident, terms) {
        out.push_str(
            "<p class=\"incident-card__match\"><span class=\"incident-card__match-place\">In the ",
        );
        push_text(out, context.place);
        out.push_str(": </span>");
        push_segments(out, context.segments);
        out.push_str("</p>");
    }
    push_chips(out, incident, failure_types, base);
    out.push_str("</article></li>");
}

/// The incidents at `indices` (newest first) as sections per year, each with a heading per
/// month and a list of cards. `heading_ids` prefixes the year headings' ids, so that the
/// served page's timeline and the app's can both be in the document for a moment.
pub fn timeline(
    atlas: &Atlas,
    indices: &[usize],
    terms: &SearchTerms,
    base: &str,
    heading_ids: &str,
) -> String {
    let failure_types = atlas.failure_types();
    // About 1.2 KB per card.
    let mut out = String::with_capacity(indices.len() * 1200);
    for group in atlas.group_by_year_and_month(indices) {
        let _ = write!(
            out,
            "<section class=\"timeline__year\" aria-labelledby=\"{heading_ids}y{year}\">\
             <h2 id=\"{heading_ids}y{year}\" class=\"timeline__year-heading\">{year} \
             <span class=\"timeline__count\">{count}</span></h2>",
            heading_ids = attr(heading_ids),
            year = group.year,
            count = incident_count(group.count),
        );
        for month in group.months {
            let name = MONTH_NAMES[usize::from(month.month.clamp(1, 12)) - 1];
            let _ = write!(
                out,
                "<h3 class=\"timeline__month\">{name} {year} \
                 <span class=\"timeline__count\">({count})</span></h3><ol class=\"incident-list\">",
                year = group.year,
                count = incident_count(month.incidents.len()),
            );
            for index in month.incidents {
                push_card(&mut out, atlas.incident(index), &failure_types, terms, base);
            }
            out.push_str("</ol>");
        }
        out.push_str("</section>");
    }
    out
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
    fn cards_escape_every_text_and_attribute() {
        let atlas = atlas(
            "<script>alert(1)</script>",
            "a \"quoted\" & <b>bold</b> summary",
        );
        let html = timeline(&atlas, &[0], &SearchTerms::default(), "/base", "");
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
        let html = timeline(&atlas, &[0], &SearchTerms::default(), "", "");
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
        let html = timeline(&atlas, &[0], &SearchTerms::parse("<lag>"), "", "");
        assert!(html.contains("<mark>&lt;lag&gt;</mark>"), "{html}");
    }

    #[test]
    fn a_match_only_in_the_write_up_names_the_words() {
        let atlas = atlas("Title", "Summary");
        let html = timeline(&atlas, &[0], &SearchTerms::parse("record"), "", "");
        assert!(html.contains("incident-card__match"), "{html}");
        assert!(html.contains("<mark>record</mark>"), "{html}");
        let plain = timeline(&atlas, &[0], &SearchTerms::default(), "", "");
        assert!(!plain.contains("incident-card__match"));
    }

    #[test]
    fn headings_group_by_year_and_month_with_prefixed_ids() {
        let atlas = atlas("Title", "Summary");
        let html = timeline(&atlas, &[0], &SearchTerms::default(), "", "static-");
        assert!(html.contains("aria-labelledby=\"static-y2021\""));
        assert!(html.contains("<h2 id=\"static-y2021\""));
        assert!(html.contains("January 2021 <span class=\"timeline__count\">(1 incident)</span>"));
        assert_eq!(timeline(&atlas, &[], &SearchTerms::default(), "", ""), "");
    }
}
