//! What the served HTML shows before the app has started: the site's frame and the page's
//! content as plain markup, so the first paint carries real text (not a blank page waiting for
//! the wasm), search engines and link previews read it, and it stays readable without
//! JavaScript. The app removes this block in the same frame as it shows its own page; until
//! then a stylesheet rule keeps the app's loading frame hidden, so the page never has two
//! headers or two `h1`. The markup uses the app's own classes so the swap does not move text,
//! and the loading status comes after the content for the same reason.

use maud::{Markup, html};

use crate::catalogue::{Catalogue, Incident};
use crate::mechanisms::index_fields;
use crate::site::contract::class;
use crate::site::contract::id::PRERENDERED;
use crate::site::markup::mechanisms::MechanismData;
use crate::site::markup::{self, incident_count, timeline};
use crate::site::paths::{MECHANISMS_PATH, Section, href, incident_path, mechanism_path};
use crate::timeline::Atlas;
use crate::timeline::compare::COMPARE_PATH;
use crate::timeline::filter::TimelineFilter;
use crate::timeline::search::SearchTerms;

/// How many of the newest incidents the home page's HTML lists: as many as the app's first
/// window.
pub const HOME_CARDS: usize = crate::timeline::TIMELINE_PAGE;

/// The site's frame around `main` on the page at `page` (its path, base included): the same
/// header, landmarks and footer as the app.
fn frame(base: &str, page: &str, current: Section, main: Markup) -> Markup {
    html! {
        div id=(PRERENDERED) {
            (markup::site_header(base, page, "main-static", Some(current)))
            main id="main-static" tabindex="-1" {
                (main)
                // The app takes over the timeline and the incidents; the mechanism pages are
                // served pages it leaves as they are, so they wait for nothing.
                @if current == Section::Incidents {
                    (markup::loading("Loading the catalogue…"))
                }
            }
        }
    }
}

/// The home page's block: the heading, the size of the collection and the newest incidents,
/// grouped by year and month like the timeline.
pub fn home(atlas: &Atlas, base: &str) -> Markup {
    let newest = atlas.filtered(&TimelineFilter::default());
    let shown = &newest[..newest.len().min(HOME_CARDS)];
    // The app's frame of the page (src/app/pages/home.rs), so the cards stay where they are
    // when it takes over.
    let main = html! {
        div class="home" {
            h1 { "Incidents" }
            div class="home__body" {
                div class="home__results" {
                    p class="result-count" { (incident_count(atlas.len())) }
                    div class="timeline" {
                        (timeline(atlas, shown, &SearchTerms::default(), base, ("static-", "")))
                    }
                    @if newest.len() > shown.len() {
                        p class="timeline__more" {
                            "The " (shown.len()) " newest of " (newest.len()) " incidents."
                        }
                    }
                }
            }
        }
    };
    frame(base, &href(base, "/"), Section::Incidents, main)
}

/// An incident page's block: its facts, write-up, causal chain in words, impact, remediation
/// and links, in the app's own markup (the diagram is drawn by the app).
/// `correction` is where "Suggest a correction" leads, when the build knows the repository.
pub fn incident(
    incident: &Incident,
    catalogue: &Catalogue,
    base: &str,
    correction: Option<&str>,
) -> Markup {
    let main = html! {
        article class="incident" {
            header class=(class::INCIDENT_HEADER) {
                (markup::incident::header(
                    incident,
                    &catalogue.failure_types,
                    (&index_fields(&incident.causal_chain).0, &catalogue.mechanisms),
                    base,
                    false,
                ))
            }
            (markup::incident::body(incident, "static-", None, base, correction))
        }
    };
    frame(
        base,
        &href(base, &incident_path(incident.id.as_str())),
        Section::Incidents,
        main,
    )
}

/// The comparison's block: which incidents it shows is in the query, which only the app
/// reads, so the served page says what the page is while the app loads.
pub fn compare(base: &str) -> Markup {
    let main = html! {
        h1 { "Compare incidents" }
        p class="compare__intro" { "Two or three incidents side by side, and what they share." }
    };
    frame(base, &href(base, COMPARE_PATH), Section::Incidents, main)
}

/// The map's block: the drawing, the table of its arrows and the list of mechanisms.
pub fn mechanisms(data: &MechanismData, base: &str) -> Markup {
    let main = markup::mechanisms::map_page(data, base, "static-");
    frame(
        base,
        &href(base, MECHANISMS_PATH),
        Section::Mechanisms,
        main,
    )
}

/// A mechanism page's block, and the mechanism's label; None for an unknown id.
pub fn mechanism(
    atlas: &Atlas,
    data: &MechanismData,
    id: &str,
    base: &str,
) -> Option<(String, Markup)> {
    let (label, main) = markup::mechanisms::mechanism_page(atlas, data, id, base, "static-")?;
    let block = frame(
        base,
        &href(base, &mechanism_path(id)),
        Section::Mechanisms,
        main,
    );
    Some((label, block))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;
    use crate::site::markup::escaped as text;

    fn hostile_atlas() -> Atlas {
        let mut catalogue = minimal_fixture();
        let incident = &mut catalogue.incidents[0];
        incident.title = "<script>alert(1)</script> & \"quotes\"".into();
        incident.summary = "</main><img src=x onerror=alert(1)>".into();
        incident.organisation = "Org <b>".into();
        Atlas::new(catalogue)
    }

    #[test]
    fn home_block_escapes_catalogue_text_and_has_one_h1() {
        let atlas = hostile_atlas();
        let block = home(&atlas, "/incident-atlas").into_string();
        assert!(!block.contains("<script>"), "{block}");
        assert!(!block.contains("<img"), "{block}");
        assert!(block.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
        assert_eq!(block.matches("<h1").count(), 1);
        assert_eq!(block.matches("<main").count(), 1);
        assert!(block.contains("href=\"/incident-atlas/incidents/"));
        assert!(block.starts_with("<div id=\"prerendered\">"));
    }

    #[test]
    fn the_skip_link_stays_on_its_own_page_under_a_base() {
        // With `<base href="/b/">`, a bare `#main-static` would lead to the home page.
        let atlas = hostile_atlas();
        let first = atlas.full_incident(0).expect("a whole catalogue");
        let block = incident(first, &atlas.taxonomy(), "/b", None).into_string();
        let own = format!("href=\"/b/incidents/{}#main-static\"", first.id);
        assert!(block.contains(&own), "{block}");
        let home = home(&atlas, "/b").into_string();
        assert!(home.contains("href=\"/b/#main-static\""), "{home}");
    }

    #[test]
    fn mechanism_blocks_mark_their_section_and_link_their_own_skip_target() {
        let mut catalogue = crate::catalogue::load::minimal_fixture();
        catalogue.mechanisms = vec![crate::catalogue::Mechanism {
            id: crate::catalogue::Slug::parse("push").expect("a slug"),
            label: "Global <push>".into(),
            description: "A change everywhere at once.".into(),
        }];
        for node in &mut catalogue.incidents[0].causal_chain.nodes {
            node.mechanism = crate::catalogue::Slug::parse("push").ok();
        }
        let atlas = Atlas::new(catalogue);
        let data = MechanismData::of(&atlas);
        let map = mechanisms(&data, "/b").into_string();
        assert!(map.starts_with("<div id=\"prerendered\">"));
        assert_eq!(map.matches("<h1").count(), 1);
        assert!(map.contains("href=\"/b/mechanisms#main-static\""));
        assert!(map.contains("<a href=\"/b/mechanisms\" aria-current=\"page\">Mechanisms</a>"));
        assert!(map.contains("<svg class=\"map__svg\""));
        assert!(!map.contains("Loading"), "a served page waits for nothing");
        assert!(
            home(&atlas, "/b")
                .into_string()
                .contains("Loading the catalogue")
        );
        let (label, page) = mechanism(&atlas, &data, "push", "/b").expect("known");
        assert_eq!(label, "Global <push>");
        let page = page.into_string();
        assert!(page.contains("<h1 tabindex=\"-1\">Global &lt;push&gt;</h1>"));
        assert!(page.contains("href=\"/b/mechanisms/push#main-static\""));
        assert!(page.contains("aria-current=\"page\">Mechanisms</a>"));
        assert!(mechanism(&atlas, &data, "nope", "/b").is_none());
        let home = home(&atlas, "/b").into_string();
        assert!(home.contains("<a href=\"/b/\" aria-current=\"page\">Incidents</a>"));
    }

    #[test]
    fn incident_block_carries_the_write_up_and_escapes_it() {
        let atlas = hostile_atlas();
        let first = atlas.full_incident(0).expect("a whole catalogue");
        let block = incident(first, &atlas.taxonomy(), "", None).into_string();
        assert!(
            !block.contains("<script>") && !block.contains("<img"),
            "{block}"
        );
        assert_eq!(block.matches("<h1").count(), 1);
        assert!(block.contains("What happened"));
        assert!(block.contains(&text(&first.impact)));
        for step in &first.remediation {
            assert!(block.contains(&text(step)));
        }
    }
}
