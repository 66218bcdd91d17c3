//! An incident's page as HTML: its header (facts, failure types, summary), its body
//! (write-up, causal chain, impact, remediation, links) and its neighbours (related, previous
//! and next). The served page (`site::prerender`) and the app use the same markup; `ids`
//! prefixes every id, so that both can be in the document for a moment.

use maud::{Markup, html};

use super::chips;
use crate::catalogue::{
    CausalChain, FailureType, Incident, IncidentFacts, IncidentSummary, Inline, LinkKind,
    Mechanism, format_duration,
};
use crate::chain::story::{consequences, steps_in_causal_order};
use crate::site::contract::Action;
use crate::site::contract::class;
use crate::site::paths::{href, incident_detail_path, incident_path, mechanism_path};
use crate::timeline::Atlas;

/// The header's content: organisation, title, when and how long, the mechanisms its chain
/// names (`named`, their ids separated by spaces as the index has them, each a link to its
/// page), failure types and summary; with `share`, the app's "Copy link" button
/// (`data-action="copy-link"`) and its status.
pub fn header(
    incident: &impl IncidentFacts,
    failure_types: &[FailureType],
    (named, mechanisms): (&str, &[Mechanism]),
    base: &str,
    share: bool,
) -> Markup {
    let named: Vec<&Mechanism> = named
        .split_ascii_whitespace()
        .filter_map(|id| mechanisms.iter().find(|m| m.id.as_str() == id))
        .collect();
    html! {
        p class="incident__org" { (incident.organisation()) }
        // Focused on arrival (tabindex -1), so reading starts at the new page.
        h1 tabindex="-1" { (incident.title()) }
        dl class="incident__facts" {
            div {
                dt { "When" }
                dd {
                    time datetime=(incident.start().to_string()) {
                        (incident.start().date_long())
                        @if let Some(time) = incident.start().time_hhmm() { " " (time) " UTC" }
                    }
                    @if let (Some(end), Some(label)) = (incident.end(), incident.end_label()) {
                        " to "
                        time datetime=(end.to_string()) { (label) }
                    }
                }
            }
            @if let Some(minutes) = incident.duration_minutes() {
                div { dt { "Duration" } dd { (format_duration(minutes)) } }
            }
            div { dt { "Organisation" } dd { (incident.organisation()) } }
            @if !named.is_empty() {
                div {
                    dt { "Mechanisms" }
                    dd {
                        ul class="incident__mechanisms" {
                            @for mechanism in &named {
                                li {
                                    a href=(href(base, &mechanism_path(mechanism.id.as_str()))) {
                                        (mechanism.label)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        div class="incident__types" { (chips(incident, failure_types, base)) }
        p class="incident__summary" { (incident.summary()) }
        @if share {
            div class="incident__share" {
                button type="button" class="button" data-action=(Action::CopyLink.as_str()) {
                    "Copy link"
                }
                span class=(class::SHARE_STATUS) role="status" {}
            }
        }
    }
}

/// The write-up's paragraphs. Every run is text, `<code>` or a link whose URL was checked to
/// be http(s) when the catalogue was read.
fn write_up(incident: &Incident) -> Markup {
    html! {
        @for paragraph in &incident.write_up {
            p {
                @for run in paragraph {
                    @match run {
                        Inline::Text(words) => { (words) }
                        Inline::Code { code } => { code { (code) } }
                        Inline::Link { text, href } => {
                            a href=(href.as_str()) rel="noopener noreferrer" { (text) }
                        }
                    }
                }
            }
        }
    }
}

/// The causal chain in words, in causal order, each step with what it led to: the text
/// alternative of the diagram.
fn chain_steps(chain: &CausalChain, ids: &str) -> Markup {
    html! {
        h3 id={ (ids) "chain-steps-title" } { "The chain, step by step" }
        ol class="chain-steps" aria-labelledby={ (ids) "chain-steps-title" } {
            @for node in steps_in_causal_order(chain) {
                @let next: Vec<&str> = consequences(chain, node.id.as_str())
                    .into_iter()
                    .map(|n| n.label.as_str())
                    .collect();
                li id={ (ids) "step-" (node.id.as_str()) } {
                    strong { (node.kind.label()) ": " }
                    (node.label) "."
                    @if !next.is_empty() { " Leads to: " (next.join("; ")) "." }
                }
            }
        }
    }
}

/// The status page, postmortem and other links, in that order, each opening in a new tab.
fn sources(incident: &Incident) -> Markup {
    html! {
        ul class="sources" {
            @for kind in [LinkKind::StatusPage, LinkKind::Postmortem, LinkKind::Other] {
                @for link in incident.links.iter().filter(|l| l.kind == kind) {
                    li {
                        a href=(link.url.as_str()) target="_blank" rel="noopener noreferrer" {
                            (link.title.as_deref().unwrap_or(link.kind.label()))
                        }
                        " "
                        span class="link-host" { "(" (link.url.host()) ", opens in a new tab)" }
                    }
                }
            }
        }
    }
}

/// What only the full entry has: the write-up, the causal chain (the `diagram`, if any, then
/// the chain in words, which is also the diagram's text alternative), impact, remediation, the
/// status page, postmortem and other links, and the entry as JSON with, where the build knows
/// the project's repository, `correction`: the address of a new issue about it
/// (`site::corrections`).
pub fn body(
    incident: &Incident,
    ids: &str,
    diagram: Option<&Markup>,
    base: &str,
    correction: Option<&str>,
) -> Markup {
    html! {
        section aria-labelledby={ (ids) "what-happened" } {
            h2 id={ (ids) "what-happened" } { "What happened" }
            (write_up(incident))
        }
        section aria-labelledby={ (ids) "causal-chain" } {
            h2 id={ (ids) "causal-chain" } { "Causal chain" }
            @if let Some(diagram) = diagram {
                div class=(class::CHAIN_DIAGRAM) { (diagram) }
            }
            (chain_steps(&incident.causal_chain, ids))
        }
        section aria-labelledby={ (ids) "impact" } {
            h2 id={ (ids) "impact" } { "Impact" }
            p { (incident.impact) }
        }
        section aria-labelledby={ (ids) "remediation" } {
            h2 id={ (ids) "remediation" } { "Remediation" }
            ul { @for step in &incident.remediation { li { (step) } } }
        }
        section aria-labelledby={ (ids) "sources" } {
            h2 id={ (ids) "sources" } { "Status page and postmortem" }
            (sources(incident))
        }
        (reuse(incident.id.as_str(), base, correction, ids))
    }
}

/// What a reader can take or give: the incident's entry as JSON, and a correction.
fn reuse(id: &str, base: &str, correction: Option<&str>, ids: &str) -> Markup {
    html! {
        section class="incident__reuse" aria-labelledby={ (ids) "reuse" } {
            h2 id={ (ids) "reuse" } { "Data and corrections" }
            ul {
                li {
                    a href=(href(base, &incident_detail_path(id))) type="application/json"
                        download={ (id) ".json" } {
                        "This incident as JSON"
                    }
                }
                @if let Some(correction) = correction {
                    li {
                        a href=(correction) target="_blank" rel="noopener noreferrer" {
                            "Suggest a correction"
                        }
                        " "
                        span class="link-host" { "(opens a new issue, in a new tab)" }
                    }
                }
            }
        }
    }
}

/// A link to an incident's page, named by its title.
fn incident_link(base: &str, incident: &IncidentSummary) -> Markup {
    html! { a href=(href(base, &incident_path(incident.id.as_str()))) { (incident.title) } }
}

/// Related incidents (sharing failure types), then the previous and next in time.
pub fn neighbours(atlas: &Atlas, id: &str, base: &str) -> Markup {
    let related = atlas.related(id, 4);
    let (older, newer) = atlas.neighbours(id);
    html! {
        @if !related.is_empty() {
            section aria-labelledby="related" {
                h2 id="related" { "Related incidents" }
                p class="related__hint" { "Incidents that share failure types with this one." }
                ul class="related" {
                    @for incident in related {
                        li {
                            (incident_link(base, incident))
                            span class="related__meta" {
                                " — " (incident.organisation) ", "
                                (incident.start.year().to_string())
                            }
                        }
                    }
                }
            }
        }
        nav class="adjacent" aria-label="Previous and next incident" {
            @for (incident, rel, label) in [
                (older, "prev", "Previous incident"),
                (newer, "next", "Next incident"),
            ] {
                @if let Some(incident) = incident {
                    a class={ "adjacent__link adjacent__link--" (rel) } rel=(rel)
                        href=(href(base, &incident_path(incident.id.as_str()))) {
                        span class="adjacent__label" { (label) }
                        span class="adjacent__title" { (incident.title) }
                    }
                }
            }
        }
    }
}

/// A not-found page headed `title`: what was not found, then the way home.
fn not_found_page(base: &str, title: &str, content: Markup) -> Markup {
    html! {
        section class="not-found" aria-labelledby="not-found-title" {
            h1 id="not-found-title" { (title) }
            (content)
            p { a href=(href(base, "/")) { "See all incidents" } }
        }
    }
}

/// The page for an id the catalogue does not have, with the closest ids it does have.
pub fn unknown(atlas: &Atlas, id: &str, base: &str) -> Markup {
    let suggestions = atlas.closest_ids(id, 3);
    let content = html! {
        p { "The catalogue has no incident with the id " code { (id) } "." }
        @if !suggestions.is_empty() {
            h2 { "Did you mean" }
            ul class="suggestions" {
                @for incident in suggestions {
                    li { (incident_link(base, incident)) " " code { (incident.id.as_str()) } }
                }
            }
        }
    };
    not_found_page(base, "Incident not found", content)
}

/// The page for a path the site has no page for (`path` as the address bar has it).
pub fn not_found(path: &str, base: &str) -> Markup {
    let content = html! { p { "There is no page at " code { (path) } "." } };
    not_found_page(base, "Page not found", content)
}

/// Why the full entry at `url` could not be shown, and what still works.
pub fn detail_failure(url: &str, reason: &str) -> Markup {
    html! {
        section class="load-failure" role="alert" aria-labelledby="detail-failure-title" {
            h2 id="detail-failure-title" { "The write-up could not be loaded" }
            p {
                "This incident's full entry at " a href=(url) { code { (url) } }
                " could not be read, so its write-up, causal chain and links are missing here."
            }
            p class="load-failure__reason" { strong { "Why: " } (reason) }
            p {
                "Reload the page to try again; the summary above and the rest of the atlas \
                 still work."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;

    fn atlas() -> Atlas {
        Atlas::new(minimal_fixture())
    }

    #[test]
    fn the_header_states_the_facts_and_shares_only_in_the_app() {
        let atlas = atlas();
        let incident = atlas.incident(0);
        let html = header(incident, &atlas.failure_types(), ("", &[]), "/b", false).into_string();
        assert!(html.contains("<h1 tabindex=\"-1\">"));
        assert!(
            html.contains("<dt>Duration</dt><dd>1 h 30 min</dd>"),
            "{html}"
        );
        assert!(html.contains("10:00 UTC</time> to <time"), "{html}");
        assert!(html.contains("href=\"/b/?type="), "{html}");
        assert!(!html.contains("copy-link"));
        assert!(!html.contains("Mechanisms"), "none named, none listed");
        let shared = header(incident, &atlas.failure_types(), ("", &[]), "/b", true).into_string();
        assert!(shared.contains("data-action=\"copy-link\""));
    }

    #[test]
    fn the_header_lists_each_mechanism_once_as_a_link() {
        let catalogue: crate::catalogue::Catalogue = crate::catalogue::load::load_catalogue(
            &std::fs::read_to_string("tests/fixtures/valid/mechanisms.json").expect("fixture"),
        )
        .expect("loads")
        .catalogue;
        let atlas = Atlas::new(catalogue.clone());
        for index in 0..atlas.len() {
            let incident = atlas.incident(index);
            let html = header(
                incident,
                &atlas.failure_types(),
                (&incident.mechanisms, &catalogue.mechanisms),
                "/b",
                false,
            )
            .into_string();
            let full = atlas.full_incident(index).expect("whole");
            let mut named: Vec<&str> = full
                .causal_chain
                .nodes
                .iter()
                .filter_map(|n| n.mechanism.as_ref().map(|m| m.as_str()))
                .collect();
            named.sort_unstable();
            named.dedup();
            assert!(!named.is_empty());
            assert!(html.contains("<dt>Mechanisms</dt>"), "{html}");
            for id in named {
                let link = format!("<a href=\"/b/mechanisms/{id}\">");
                assert_eq!(html.matches(&link).count(), 1, "{id}: {html}");
            }
        }
    }

    #[test]
    fn the_body_prefixes_its_ids_and_puts_the_diagram_before_the_steps() {
        let atlas = atlas();
        let incident = atlas.full_incident(0).expect("whole");
        let html = body(incident, "static-", Some(&html! { svg {} }), "", None).into_string();
        for id in [
            "what-happened",
            "causal-chain",
            "impact",
            "remediation",
            "sources",
        ] {
            assert!(html.contains(&format!("<h2 id=\"static-{id}\">")), "{id}");
            assert!(
                html.contains(&format!("aria-labelledby=\"static-{id}\"")),
                "{id}"
            );
        }
        let drawing = html.find("<svg></svg>").expect("the diagram");
        assert!(drawing < html.find("chain-steps").expect("the steps"));
        assert_eq!(
            html.matches("<li id=\"static-step-").count(),
            incident.causal_chain.nodes.len()
        );
        assert!(
            !body(incident, "", None, "", None)
                .into_string()
                .contains("chain-diagram")
        );
    }

    #[test]
    fn an_unknown_id_is_shown_escaped_with_suggestions() {
        let atlas = atlas();
        let html = unknown(&atlas, "example-2021-01-0<", "/b").into_string();
        assert!(
            html.contains("<code>example-2021-01-0&lt;</code>"),
            "{html}"
        );
        assert!(html.contains("Did you mean"));
        assert!(html.contains("href=\"/b/incidents/example-2021-01-01\""));
        assert!(html.contains("href=\"/b/\">See all incidents"));
    }
}
