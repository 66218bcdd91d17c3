//! The mechanism pages as HTML: the map of all mechanisms (the drawing, the arrows in a table
//! and every mechanism in a list) and one mechanism's page (its description, the incidents
//! that name it, and what it came from and led to). These are served pages only, written by
//! `atlas pages` (`site::prerender`) from the whole catalogue: the app leaves them as they are
//! (`app::current_page`), so the map, its layout and the profiles cost the wasm nothing.
//!
//! Everything here reads each incident's tagged steps, from its full entry.

use maud::{Markup, html};

use crate::catalogue::Mechanism;
use crate::chain::diagram::{EstimatedMeasure, LABEL_FONT_FAMILY, TextMeasure};
use crate::chain::layout::Num;
use crate::mechanisms::drawing::{MapDrawing, arrow_width, draw_map};
use crate::mechanisms::map::{Arrow, MechanismMap, Profile};
use crate::mechanisms::{TaggedStep, tagged_steps};
use crate::site::contract::id::chain_node;
use crate::site::markup::incident_count;
use crate::site::paths::{MECHANISMS_PATH, href, incident_path, mechanism_path};
use crate::timeline::Atlas;
use crate::timeline::filter::{MechanismPath, TimelineFilter};
use crate::timeline::url_state::timeline_path;

/// Every incident's number in the atlas with its tagged steps, newest first: what the map and
/// the profiles are made of, so a mechanism's incidents are listed newest first. An incident
/// whose full entry is not at hand (an atlas read from an index) has none.
pub fn incidents_newest_first(atlas: &Atlas) -> Vec<(usize, Vec<TaggedStep>)> {
    atlas
        .newest_first()
        .iter()
        .map(|&index| {
            let steps = atlas
                .full_incident(index)
                .map(|incident| tagged_steps(&incident.causal_chain))
                .unwrap_or_default();
            (index, steps)
        })
        .collect()
}

/// The incidents' steps as the map and the profiles take them.
fn borrowed(incidents: &[(usize, Vec<TaggedStep>)]) -> Vec<(usize, &[TaggedStep])> {
    incidents
        .iter()
        .map(|(index, steps)| (*index, steps.as_slice()))
        .collect()
}

/// What every mechanism page is made of, computed once for them all: each incident's tagged
/// steps, newest first, and the map over them.
pub struct MechanismData {
    incidents: Vec<(usize, Vec<TaggedStep>)>,
    pub map: MechanismMap,
}

impl MechanismData {
    pub fn of(atlas: &Atlas) -> MechanismData {
        let incidents = incidents_newest_first(atlas);
        let map = MechanismMap::new(atlas.mechanisms(), borrowed(&incidents));
        MechanismData { incidents, map }
    }
}

/// The map of the atlas's mechanisms over all its incidents.
pub fn atlas_map(atlas: &Atlas) -> MechanismMap {
    MechanismData::of(atlas).map
}

/// The timeline of the incidents in which a step naming `from` led to one naming `to`.
fn led_to_path(from: &str, to: &str) -> String {
    timeline_path(&TimelineFilter {
        path: Some(MechanismPath {
            from: from.to_owned(),
            to: to.to_owned(),
        }),
        ..TimelineFilter::default()
    })
}

/// A link to a mechanism's page, named by its label.
fn mechanism_link(base: &str, mechanism: &Mechanism) -> Markup {
    html! { a href=(href(base, &mechanism_path(mechanism.id.as_str()))) { (mechanism.label) } }
}

/// The width of a label on the map, estimated with room to spare, so the widest of the common
/// system fonts fits in its box. Estimated rather than measured, so that the served page and
/// the app draw the same map, and the app's takes over without a box moving.
struct LabelEstimate;

impl TextMeasure for LabelEstimate {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        EstimatedMeasure.width(text, font_size) * 1.15
    }
}

/// The map's arrows, most incidents first, ties by the labels of their ends (as a reader looks
/// one up in the table).
pub fn arrows_by_weight(map: &MechanismMap) -> Vec<&Arrow> {
    let label = |index: usize| map.mechanisms[index].mechanism.label.as_str();
    let mut arrows: Vec<&Arrow> = map.arrows.iter().collect();
    crate::order::sort_by(&mut arrows, |a, b| {
        b.weight()
            .cmp(&a.weight())
            .then_with(|| label(a.from).cmp(label(b.from)))
            .then_with(|| label(a.to).cmp(label(b.to)))
    });
    arrows
}

/// The map's page: the heading, what the map shows, the drawing in its scrolling frame, the
/// arrows in a table (the drawing's text alternative) and every mechanism with its
/// description.
pub fn map_page(data: &MechanismData, base: &str, ids: &str) -> Markup {
    let map = &data.map;
    let drawing = draw_map(map, &LabelEstimate);
    let caption = format!("{ids}map-caption");
    html! {
        h1 tabindex="-1" { "Mechanisms" }
        p class="mechanisms__intro" {
            "The patterns that recur across the incidents' causal chains, and which led to \
             which: an arrow runs from one to another where, in some incident, a step of the \
             first led to a step of the second. The wider the arrow, the more incidents."
        }
        @if map.mechanisms.is_empty() {
            p { "This catalogue names no mechanisms yet." }
        } @else {
            // Links within the page carry its path: a bare fragment would resolve against
            // the document's base, the home page.
            @let page = href(base, MECHANISMS_PATH);
            p class="map__skip" {
                "The map is large; the same in words: "
                a href={ (page) "#" (ids) "map-arrows" } { "every arrow in a table" } ", "
                a href={ (page) "#" (ids) "map-all" } { "every mechanism in a list" } "."
            }
            figure class="map" aria-labelledby=(caption) {
                div class="map__frame" role="group" tabindex="0"
                    aria-label="Map of mechanisms (scrolls in both directions)" {
                    (map_svg(map, &drawing, base))
                }
                figcaption id=(caption) class="map__caption" {
                    "Each box is a mechanism and its number of incidents; hover or focus one to \
                     highlight its arrows. The table below lists every arrow."
                }
            }
            (arrow_table(map, base, ids))
            (mechanism_list(map, base, ids))
        }
    }
}

/// Every arrow of the map as a row: from, to and the number of incidents, most first.
fn arrow_table(map: &MechanismMap, base: &str, ids: &str) -> Markup {
    html! {
        section aria-labelledby={ (ids) "map-arrows" } {
            h2 id={ (ids) "map-arrows" } { "What led to what" }
            div class="map-table" {
                table {
                    caption { "Every arrow of the map, most incidents first." }
                    thead { tr { th scope="col" { "From" } th scope="col" { "To" }
                        th scope="col" { "Incidents" } } }
                    tbody {
                        @for arrow in arrows_by_weight(map) {
                            tr {
                                td { (mechanism_link(base, &map.mechanisms[arrow.from].mechanism)) }
                                td { (mechanism_link(base, &map.mechanisms[arrow.to].mechanism)) }
                                td { (arrow.weight().to_string()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every mechanism, in the taxonomy's order, with its number of incidents and description.
fn mechanism_list(map: &MechanismMap, base: &str, ids: &str) -> Markup {
    html! {
        section aria-labelledby={ (ids) "map-all" } {
            h2 id={ (ids) "map-all" } { "All mechanisms" }
            ul class="mechanism-list" {
                @for entry in &map.mechanisms {
                    li {
                        (mechanism_link(base, &entry.mechanism))
                        " — " (incident_count(entry.incidents))
                        p { (entry.mechanism.description) }
                    }
                }
            }
        }
    }
}

/// A coordinate as SVG writes it.
fn num(value: f64) -> String {
    Num(value).to_string()
}

/// "Retry storm led to Cascading overload in 3 incidents".
fn arrow_words(map: &MechanismMap, arrow: &Arrow) -> String {
    format!(
        "{} led to {} in {}",
        map.mechanisms[arrow.from].mechanism.label,
        map.mechanisms[arrow.to].mechanism.label,
        incident_count(arrow.weight())
    )
}

/// The map as SVG: the arrows, each as wide as its number of incidents and titled in words,
/// then each mechanism as a group of its box (a link to its page) and a highlighted copy of
/// the arrows to and from it, shown while the box is hovered or focused (by the stylesheet).
fn map_svg(map: &MechanismMap, drawing: &MapDrawing, base: &str) -> Markup {
    let (width, height) = (
        num(drawing.layout.width.round()),
        num(drawing.layout.height.round()),
    );
    let routed: Vec<(&crate::chain::layout::RoutedEdge, &Arrow)> = drawing
        .layout
        .edges
        .iter()
        .zip(&drawing.arrows)
        .filter_map(|(edge, &arrow)| Some((edge, map.arrows.get(arrow)?)))
        .collect();
    let arrow_path = |edge: &crate::chain::layout::RoutedEdge, arrow: &Arrow, on: bool| {
        // The arrowhead is drawn in stroke widths, so it grows with the arrow.
        let head = if on {
            "url(#map-head-on)"
        } else {
            "url(#map-head)"
        };
        html! {
            path class=(if on { "map__arrow-on" } else { "map__arrow" }) d=(edge.svg_path())
                stroke-width=(num(arrow_width(arrow.weight())))
                marker-start=[edge.reversed.then_some(head)]
                marker-end=[(!edge.reversed).then_some(head)] {
                @if !on { title { (arrow_words(map, arrow)) } }
            }
        }
    };
    html! {
        svg class="map__svg" xmlns="http://www.w3.org/2000/svg" role="group"
            aria-label={ "Map: " (map.mechanisms.len().to_string()) " mechanisms and "
                (map.arrows.len().to_string()) " arrows between them" }
            viewBox={ "0 0 " (width) " " (height) } width=(width) height=(height)
            font-family=(LABEL_FONT_FAMILY) {
            defs {
                @for on in [false, true] {
                    marker id=(if on { "map-head-on" } else { "map-head" }) viewBox="0 0 10 10"
                        refX="9" refY="5" markerWidth="5" markerHeight="5"
                        orient="auto-start-reverse" {
                        path class=(if on { "map__head-on" } else { "map__head" })
                            d="M0,0 L10,5 L0,10 z" {}
                    }
                }
            }
            g {
                @for (edge, arrow) in &routed { (arrow_path(edge, arrow, false)) }
            }
            @for (index, (entry, drawn)) in map.mechanisms.iter().zip(&drawing.boxes).enumerate() {
                g class="map__mechanism" {
                    @for (edge, arrow) in routed.iter().filter(|(_, a)| a.from == index || a.to == index) {
                        (arrow_path(edge, arrow, true))
                    }
                    (map_box(base, &entry.mechanism, drawn))
                }
            }
        }
    }
}

/// A mechanism's box: a link to its page, with its wrapped label and its number of incidents.
/// The box is placed by a translation, so the text's offsets within it are the same in every
/// box: `PADDING_X` from the left, a baseline `LINE_HEIGHT` below the one before, the first one
/// `PADDING_Y + LABEL_FONT_SIZE` from the top, and the count's a smaller line below the label
/// (the test `offsets_follow_the_drawing` keeps these numbers in step with the drawing's).
fn map_box(
    base: &str,
    mechanism: &Mechanism,
    drawn: &crate::mechanisms::drawing::MapBox,
) -> Markup {
    let placed = drawn.placed;
    html! {
        a class="map__node" href=(href(base, &mechanism_path(mechanism.id.as_str())))
            aria-label={ (mechanism.label) ", " (drawn.count) }
            transform={ "translate(" (num(placed.x)) "," (num(placed.y)) ")" } {
            rect class="map__box" width=(num(placed.width)) height=(num(placed.height)) rx="6" {}
            text y="5" {
                @for words in &drawn.lines {
                    tspan class="map__label" x="10" dy="16" { (words) }
                }
                tspan class="map__count" x="10" dy="15" { (drawn.count) }
            }
        }
    }
}

/// One mechanism's page, and its label (for the document's title); None for an id the atlas
/// has no mechanism with.
pub fn mechanism_page(
    atlas: &Atlas,
    data: &MechanismData,
    id: &str,
    base: &str,
    ids: &str,
) -> Option<(String, Markup)> {
    let (incidents, map) = (&data.incidents, &data.map);
    let profile = map.profile(id, borrowed(incidents))?;
    let mechanism = &map.mechanisms.get(profile.mechanism)?.mechanism;
    let count = profile.appearances.len();
    let markup = html! {
        article class="mechanism" {
            p class="mechanism__kicker" {
                a href=(href(base, MECHANISMS_PATH)) { "Mechanisms" }
            }
            h1 tabindex="-1" { (mechanism.label) }
            p class="mechanism__description" { (mechanism.description) }
            p class="result-count" {
                a href=(href(base, &timeline_path(&TimelineFilter {
                    mechanisms: vec![id.to_owned()],
                    ..TimelineFilter::default()
                }))) {
                    "All " (incident_count(count)) " on the timeline"
                }
            }
            div class="mechanism__neighbourhood" { (neighbours(map, &profile, id, base, ids)) }
            (appearances(atlas, incidents, &profile, base, ids))
        }
    };
    Some((mechanism.label.clone(), markup))
}

/// The incidents that name the mechanism `id`, newest first, each with its steps that do.
fn appearances(
    atlas: &Atlas,
    incidents: &[(usize, Vec<TaggedStep>)],
    profile: &Profile,
    base: &str,
    ids: &str,
) -> Markup {
    html! {
        section aria-labelledby={ (ids) "mechanism-incidents" } {
            h2 id={ (ids) "mechanism-incidents" } { "Incidents" }
            ol class="mechanism__incidents" {
                @for (index, steps) in &profile.appearances {
                    @let incident = atlas.incident(*index);
                    @let tagged = incidents
                        .iter()
                        .find(|(at, _)| at == index)
                        .map_or(&[][..], |(_, steps)| steps.as_slice());
                    @let page = incident_path(incident.id.as_str());
                    li {
                        a href=(href(base, &page)) { (incident.title) }
                        span class="mechanism__meta" {
                            " — " (incident.organisation) ", " (incident.start.date_long())
                        }
                        @for step in steps.iter().filter_map(|&step| tagged.get(step)) {
                            span class="mechanism__step" {
                                "The step: "
                                a href={ (href(base, &page)) "#" (chain_node(step.node.as_str())) } {
                                    (step.label)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the mechanism came from and led to: other mechanisms, most incidents first, each a
/// link to its page and to the timeline of the incidents in which it did.
fn neighbours(map: &MechanismMap, profile: &Profile, id: &str, base: &str, ids: &str) -> Markup {
    html! {
        // Whether the others came first, the heading, the list, and the words around the
        // other's label in the link to the timeline.
        @for (came_from, heading, list, words) in [
            (true, "What led to it", &profile.came_from, ["Incidents where ", " led to it"]),
            (false, "What it led to", &profile.led_to, ["Incidents where it led to ", ""]),
        ] {
            @let heading_id = format!("{ids}{}", if came_from { "came-from" } else { "led-to" });
            section aria-labelledby=(heading_id) {
                h2 id=(heading_id) { (heading) }
                @if list.is_empty() {
                    p class="mechanism__none" { "None in these incidents." }
                } @else {
                ul class="mechanism__neighbours" {
                    @for &(other, incidents) in list {
                        @let other = &map.mechanisms[other].mechanism;
                        @let (from, to) = if came_from { (other.id.as_str(), id) } else { (id, other.id.as_str()) };
                        li {
                            (mechanism_link(base, other)) " — "
                            span class="mechanism__count" { (incident_count(incidents)) }
                            a class="mechanism__query" href=(href(base, &led_to_path(from, to))) {
                                (words[0]) (other.label) (words[1])
                            }
                        }
                    }
                }
                }
            }
        }
    }
}

/// The page for an id the atlas has no mechanism with: says so, and leads to the map.
pub fn unknown(id: &str, base: &str) -> Markup {
    html! {
        section class="not-found" aria-labelledby="not-found-title" {
            h1 id="not-found-title" tabindex="-1" { "Mechanism not found" }
            p { "The atlas has no mechanism with the id " code { (id) } "." }
            p { a href=(href(base, MECHANISMS_PATH)) { "See the map of all mechanisms" } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;
    use crate::catalogue::{Moment, Slug};

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("a slug")
    }

    /// Three incidents over the minimal one's chain (change → lookups-fail → restored): in
    /// two, a push led to a retry storm; in the oldest, a retry storm led to a push. The labels
    /// carry markup, which must come out escaped.
    fn atlas() -> Atlas {
        let mut catalogue = minimal_fixture();
        catalogue.mechanisms = [
            ("push", "Global <push>"),
            ("retry", "Retry storm"),
            ("unused", "Unused"),
        ]
        .map(|(id, label)| Mechanism {
            id: slug(id),
            label: label.to_owned(),
            description: format!("What {id} is & does."),
        })
        .to_vec();
        let first = catalogue.incidents[0].clone();
        let variant = |id: &str, start: &str, title: &str, tags: [&str; 2]| {
            let mut incident = first.clone();
            incident.id = slug(id);
            incident.start = Moment::parse(start).expect("a moment");
            incident.end = None;
            incident.title = title.to_owned();
            for (node, tag) in incident.causal_chain.nodes.iter_mut().zip(tags) {
                node.mechanism = Some(slug(tag));
            }
            incident
        };
        catalogue.incidents = vec![
            variant("a-2021", "2021-01-01", "First", ["push", "retry"]),
            variant("b-2022", "2022-03-04", "Newest", ["push", "retry"]),
            variant("c-2020", "2020-05-05", "<b>Oldest</b>", ["retry", "push"]),
        ];
        Atlas::new(catalogue)
    }

    #[test]
    fn the_table_lists_exactly_the_maps_arrows_most_incidents_first() {
        let atlas = atlas();
        let map = atlas_map(&atlas);
        assert_eq!(map.arrows.len(), 2, "push → retry and back");
        let html = map_page(&MechanismData::of(&atlas), "/b", "").into_string();
        let body = &html[html.find("<tbody>").expect("a table")..];
        let rows: Vec<&str> = body.split("<tr>").skip(1).collect();
        assert_eq!(rows.len(), map.arrows.len());
        assert!(rows[0].contains(">Global &lt;push&gt;</a></td><td><a href=\"/b/mechanisms/retry\">Retry storm</a></td><td>2</td>"), "{}", rows[0]);
        assert!(rows[1].contains(">Retry storm</a></td><td><a href=\"/b/mechanisms/push\">Global &lt;push&gt;</a></td><td>1</td>"), "{}", rows[1]);
        assert!(html.contains("<caption>"));
        for header in ["From", "To", "Incidents"] {
            assert!(html.contains(&format!("<th scope=\"col\">{header}</th>")));
        }
    }

    #[test]
    fn arrows_of_equal_weight_come_by_the_labels_of_their_ends() {
        let atlas = atlas();
        let mut map = atlas_map(&atlas);
        let arrow = |from, to| Arrow {
            from,
            to,
            incidents: vec![0],
        };
        // "Retry storm" > "Global <push>" > "Unused" is not the labels' order.
        map.arrows = vec![arrow(2, 0), arrow(1, 2), arrow(1, 0), arrow(0, 2)];
        let order: Vec<(usize, usize)> = arrows_by_weight(&map)
            .iter()
            .map(|a| (a.from, a.to))
            .collect();
        assert_eq!(order, [(0, 2), (1, 0), (1, 2), (2, 0)]);
    }

    #[test]
    fn the_drawing_links_every_mechanism_and_says_each_arrow_in_words() {
        let atlas = atlas();
        let html = map_page(&MechanismData::of(&atlas), "/b", "").into_string();
        assert_eq!(html.matches("<h1").count(), 1);
        assert_eq!(html.matches("<a class=\"map__node\"").count(), 3);
        assert!(
            html.contains("href=\"/b/mechanisms/retry\" aria-label=\"Retry storm, 3 incidents\"")
        );
        assert!(html.contains("aria-label=\"Unused, 0 incidents\""));
        // Each arrow once in words, and once more in each of its two ends' highlights.
        assert_eq!(html.matches("<path class=\"map__arrow\"").count(), 2);
        assert_eq!(html.matches("<path class=\"map__arrow-on\"").count(), 4);
        assert!(
            html.contains("<title>Global &lt;push&gt; led to Retry storm in 2 incidents</title>")
        );
        assert!(
            html.contains("<title>Retry storm led to Global &lt;push&gt; in 1 incident</title>")
        );
        assert!(html.contains("role=\"group\" tabindex=\"0\" aria-label=\"Map of mechanisms"));
        assert!(!html.contains("<push>"), "labels are escaped");
        // The links past the map lead to the table and the list, on this page.
        for target in ["map-arrows", "map-all"] {
            assert!(html.contains(&format!("href=\"/b/mechanisms#{target}\"")));
            assert!(html.contains(&format!("<h2 id=\"{target}\">")));
        }
        // The list names every mechanism with its count and description.
        assert!(html.contains("Retry storm</a> — 3 incidents<p>What retry is &amp; does.</p>"));
    }

    #[test]
    fn a_mechanism_page_lists_its_incidents_newest_first_and_its_neighbours() {
        let atlas = atlas();
        let (label, page) =
            mechanism_page(&atlas, &MechanismData::of(&atlas), "retry", "/b", "static-")
                .expect("known");
        assert_eq!(label, "Retry storm");
        let html = page.into_string();
        assert!(html.contains("<h1 tabindex=\"-1\">Retry storm</h1>"));
        assert!(html.contains("What retry is &amp; does."));
        assert!(html.contains("href=\"/b/?mech=retry\">All 3 incidents on the timeline</a>"));
        let newest = html.find(">Newest</a>").expect("newest");
        let first = html.find(">First</a>").expect("first");
        let oldest = html
            .find(">&lt;b&gt;Oldest&lt;/b&gt;</a>")
            .expect("oldest, escaped");
        assert!(newest < first && first < oldest);
        // The step that names it, linked to that step on the incident's page.
        assert!(html.contains("href=\"/b/incidents/b-2022#node-lookups-fail\">Lookups fail</a>"));
        assert!(html.contains("href=\"/b/incidents/c-2020#node-change\">Record removed</a>"));
        // Came from the push in 2 incidents; led to it in 1; each with its timeline query.
        let from = html.find("id=\"static-came-from\"").expect("came from");
        let to = html.find("id=\"static-led-to\"").expect("led to");
        assert!(from < to);
        let came_from = &html[from..to];
        assert!(
            came_from.contains("href=\"/b/mechanisms/push\">Global &lt;push&gt;</a> — <span class=\"mechanism__count\">2 incidents</span>")
        );
        assert!(came_from.contains(
            "href=\"/b/?from=push&amp;to=retry\">Incidents where Global &lt;push&gt; led to it</a>"
        ));
        let led_to = &html[to..];
        assert!(led_to.contains(
            "Global &lt;push&gt;</a> — <span class=\"mechanism__count\">1 incident</span>"
        ));
        assert!(
            led_to.contains("href=\"/b/?from=retry&amp;to=push\">Incidents where it led to Global")
        );
    }

    #[test]
    fn an_unused_or_unknown_mechanism() {
        let atlas = atlas();
        let (_, page) =
            mechanism_page(&atlas, &MechanismData::of(&atlas), "unused", "", "").expect("known");
        let html = page.into_string();
        assert_eq!(html.matches("None in these incidents.").count(), 2);
        assert!(mechanism_page(&atlas, &MechanismData::of(&atlas), "nope", "", "").is_none());
        let html = unknown("<nope>", "/b").into_string();
        assert!(
            html.contains("<h1 id=\"not-found-title\" tabindex=\"-1\">Mechanism not found</h1>")
        );
        assert!(html.contains("<code>&lt;nope&gt;</code>"));
        assert!(html.contains("href=\"/b/mechanisms\">See the map of all mechanisms</a>"));
    }

    /// The offsets written in `map_box` (and the font sizes in the stylesheet) are the
    /// drawing's: the label starts `PADDING_X` in, its first baseline is `PADDING_Y +
    /// LABEL_FONT_SIZE` down (`y` 5, then `dy` 16), each next one `LINE_HEIGHT` lower, and the
    /// count's, 15 lower again, stays above the box's bottom padding (a box is
    /// `2 PADDING_Y + KIND_LINE_HEIGHT + n LINE_HEIGHT` high).
    #[test]
    fn offsets_follow_the_drawing() {
        use crate::chain::diagram::{
            KIND_FONT_SIZE, KIND_LINE_HEIGHT, LABEL_FONT_SIZE, LINE_HEIGHT, PADDING_X, PADDING_Y,
        };
        assert_eq!(PADDING_X, 10.0);
        assert_eq!(LINE_HEIGHT, 16.0);
        assert_eq!(5.0 + 16.0, PADDING_Y + LABEL_FONT_SIZE);
        assert_eq!((LABEL_FONT_SIZE, KIND_FONT_SIZE), (13.0, 10.0));
        const { assert!(5.0 + 15.0 <= PADDING_Y + KIND_LINE_HEIGHT) };
        let css = std::fs::read_to_string("assets/style.css").expect("the stylesheet");
        assert!(css.contains(".map__label {\n  fill: var(--text);\n  font-size: 13px;"));
        assert!(css.contains(".map__count {\n  fill: var(--muted);\n  font-size: 10px;"));
    }

    #[test]
    fn a_catalogue_without_mechanisms_has_an_empty_map() {
        let atlas = Atlas::new(minimal_fixture());
        let html = map_page(&MechanismData::of(&atlas), "", "").into_string();
        assert!(html.contains("names no mechanisms yet"));
        assert!(!html.contains("<svg"));
    }
}
