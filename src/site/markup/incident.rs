//! An incident's page as HTML text: its header (facts, failure types, summary), its body
//! (write-up, causal chain, impact, remediation, links) and its neighbours (related, previous
//! and next). The served page (src/prerender.rs) and the app use the same markup; `ids`
//! prefixes every id, so that both can be in the document for a moment.

use std::fmt::Write;

use super::{push_attr, push_chips, push_text};
use crate::catalogue::{
    FailureType, Incident, IncidentFacts, IncidentSummary, Inline, LinkKind, format_duration,
};
use crate::chain::story::{consequences, steps_in_causal_order};
use crate::site::paths::{href, incident_path};
use crate::timeline::Atlas;

/// The header's content: organisation, title, when and how long, failure types and summary;
/// with `share`, the app's "Copy link" button (`data-action="copy-link"`) and its status.
pub fn header(
    incident: &impl IncidentFacts,
    failure_types: &[FailureType],
    base: &str,
    share: bool,
) -> String {
    let mut out = String::from("<p class=\"incident__org\">");
    push_text(&mut out, incident.organisation());
    // Focused on arrival (tabindex -1), so reading starts at the new page.
    out.push_str("</p><h1 tabindex=\"-1\">");
    push_text(&mut out, incident.title());
    out.push_str("</h1><dl class=\"incident__facts\"><div><dt>When</dt><dd><time datetime=\"");
    push_attr(&mut out, &incident.start().to_string());
    out.push_str("\">");
    push_text(&mut out, &incident.start().date_long());
    if let Some(time) = incident.start().time_hhmm() {
        let _ = write!(out, " {time} UTC");
    }
    out.push_str("</time>");
    if let (Some(end), Some(label)) = (incident.end(), incident.end_label()) {
        out.push_str(" to <time datetime=\"");
        push_attr(&mut out, &end.to_string());
        out.push_str("\">");
        push_text(&mut out, &label);
        out.push_str("</time>");
    }
    out.push_str("</dd></div>");
    if let Some(minutes) = incident.duration_minutes() {
        out.push_str("<div><dt>Duration</dt><dd>");
        push_text(&mut out, &format_duration(minutes));
        out.push_str("</dd></div>");
    }
    out.push_str("<div><dt>Organisation</dt><dd>");
    push_text(&mut out, incident.organisation());
    out.push_str("</dd></div></dl><div class=\"incident__types\">");
    push_chips(&mut out, incident, failure_types, base);
    out.push_str("</div><p class=\"incident__summary\">");
    push_text(&mut out, incident.summary());
    out.push_str("</p>");
    if share {
        out.push_str(
            "<div class=\"incident__share\">\
             <button type=\"button\" class=\"button\" data-action=\"copy-link\">Copy link</button>\
             <span class=\"incident__share-status\" role=\"status\"></span></div>",
        );
    }
    out
}

/// `<section aria-labelledby="{ids}{id}"><h2 id="{ids}{id}">{title}</h2>`.
fn open_section(out: &mut String, ids: &str, id: &str, title: &str) {
    out.push_str("<section aria-labelledby=\"");
    push_attr(out, ids);
    let _ = write!(out, "{id}\"><h2 id=\"");
    push_attr(out, ids);
    let _ = write!(out, "{id}\">{title}</h2>");
}

/// What only the full entry has: the write-up, the causal chain (the `diagram`'s markup, if
/// any, then the chain in words, which is also the diagram's text alternative), impact,
/// remediation, and the status page, postmortem and other links.
pub fn body(incident: &Incident, ids: &str, diagram: Option<&str>) -> String {
    let mut out = String::with_capacity(8000 + diagram.map_or(0, str::len));
    open_section(&mut out, ids, "what-happened", "What happened");
    // Every run is text, `<code>` or a link whose URL was checked to be http(s) when the
    // catalogue was read.
    for paragraph in &incident.write_up {
        out.push_str("<p>");
        for run in paragraph {
            match run {
                Inline::Text(words) => push_text(&mut out, words),
                Inline::Code { code } => {
                    out.push_str("<code>");
                    push_text(&mut out, code);
                    out.push_str("</code>");
                }
                Inline::Link { text, href } => {
                    out.push_str("<a href=\"");
                    push_attr(&mut out, href.as_str());
                    out.push_str("\" rel=\"noopener noreferrer\">");
                    push_text(&mut out, text);
                    out.push_str("</a>");
                }
            }
        }
        out.push_str("</p>");
    }
    out.push_str("</section>");
    open_section(&mut out, ids, "causal-chain", "Causal chain");
    if let Some(diagram) = diagram {
        out.push_str("<div class=\"chain-diagram\">");
        out.push_str(diagram);
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        "<h3 id=\"{ids}chain-steps-title\">The chain, step by step</h3>\
         <ol class=\"chain-steps\" aria-labelledby=\"{ids}chain-steps-title\">",
        ids = super::attr(ids)
    );
    let chain = &incident.causal_chain;
    for node in steps_in_causal_order(chain) {
        out.push_str("<li id=\"");
        push_attr(&mut out, ids);
        out.push_str("step-");
        push_attr(&mut out, node.id.as_str());
        let _ = write!(out, "\"><strong>{}: </strong>", node.kind.label());
        push_text(&mut out, &node.label);
        out.push('.');
        let next: Vec<&str> = consequences(chain, node.id.as_str())
            .into_iter()
            .map(|n| n.label.as_str())
            .collect();
        if !next.is_empty() {
            out.push_str(" Leads to: ");
            push_text(&mut out, &next.join("; "));
            out.push('.');
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></section>");
    open_section(&mut out, ids, "impact", "Impact");
    out.push_str("<p>");
    push_text(&mut out, &incident.impact);
    out.push_str("</p></section>");
    open_section(&mut out, ids, "remediation", "Remediation");
    out.push_str("<ul>");
    for step in &incident.remediation {
        out.push_str("<li>");
        push_text(&mut out, step);
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
    open_section(&mut out, ids, "sources", "Status page and postmortem");
    out.push_str("<ul class=\"sources\">");
    for kind in [LinkKind::StatusPage, LinkKind::Postmortem, LinkKind::Other] {
        for link in incident.links.iter().filter(|l| l.kind == kind) {
            out.push_str("<li><a href=\"");
            push_attr(&mut out, link.url.as_str());
            out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
            push_text(&mut out, link.title.as_deref().unwrap_or(link.kind.label()));
            out.push_str("</a> <span class=\"link-host\">(");
            push_text(&mut out, link.url.host());
            out.push_str(", opens in a new tab)</span></li>");
        }
    }
    out.push_str("</ul></section>");
    out
}

/// Related incidents (sharing failure types), then the previous and next in time.
pub fn neighbours(atlas: &Atlas, id: &str, base: &str) -> String {
    let mut out = String::new();
    let related = atlas.related(id, 4);
    if !related.is_empty() {
        out.push_str(
            "<section aria-labelledby=\"related\"><h2 id=\"related\">Related incidents</h2>\
             <p class=\"related__hint\">Incidents that share failure types with this one.</p>\
             <ul class=\"related\">",
        );
        for incident in related {
            push_link(&mut out, base, incident);
            out.push_str("<span class=\"related__meta\"> — ");
            push_text(&mut out, &incident.organisation);
            let _ = write!(out, ", {}</span></li>", incident.start.year());
        }
        out.push_str("</ul></section>");
    }
    out.push_str("<nav class=\"adjacent\" aria-label=\"Previous and next incident\">");
    let (older, newer) = atlas.neighbours(id);
    for (incident, rel, label) in [
        (older, "prev", "Previous incident"),
        (newer, "next", "Next incident"),
    ] {
        if let Some(incident) = incident {
            let _ = write!(
                out,
                "<a class=\"adjacent__link adjacent__link--{rel}\" rel=\"{rel}\" href=\""
            );
            push_attr(&mut out, &href(base, &incident_path(incident.id.as_str())));
            let _ = write!(
                out,
                "\"><span class=\"adjacent__label\">{label}</span><span class=\"adjacent__title\">"
            );
            push_text(&mut out, &incident.title);
            out.push_str("</span></a>");
        }
    }
    out.push_str("</nav>");
    out
}

/// `<li><a href="…/incidents/<id>">title</a>` (the item is left open).
fn push_link(out: &mut String, base: &str, incident: &IncidentSummary) {
    out.push_str("<li><a href=\"");
    push_attr(out, &href(base, &incident_path(incident.id.as_str())));
    out.push_str("\">");
    push_text(out, &incident.title);
    out.push_str("</a>");
}

/// The page for an id the catalogue does not have, with the closest ids it does have.
pub fn unknown(atlas: &Atlas, id: &str, base: &str) -> String {
    let mut out = String::from(
        "<section class=\"not-found\" aria-labelledby=\"not-found-title\">\
         <h1 id=\"not-found-title\">Incident not found</h1>\
         <p>The catalogue has no incident with the id <code>",
    );
    push_text(&mut out, id);
    out.push_str("</code>.</p>");
    let suggestions = atlas.closest_ids(id, 3);
    if !suggestions.is_empty() {
        out.push_str("<h2>Did you mean</h2><ul class=\"suggestions\">");
        for incident in suggestions {
            push_link(&mut out, base, incident);
            out.push_str(" <code>");
            push_text(&mut out, incident.id.as_str());
            out.push_str("</code></li>");
        }
        out.push_str("</ul>");
    }
    close_not_found(&mut out, base);
    out
}

/// Ends a not-found page with the way home.
fn close_not_found(out: &mut String, base: &str) {
    out.push_str("<p><a href=\"");
    push_attr(out, &href(base, "/"));
    out.push_str("\">See all incidents</a></p></section>");
}

/// The page for a path the site has no page for (`path` as the address bar has it).
pub fn not_found(path: &str, base: &str) -> String {
    let mut out = String::from(
        "<section class=\"not-found\" aria-labelledby=\"not-found-title\">\
         <h1 id=\"not-found-title\">Page not found</h1><p>There is no page at <code>",
    );
    push_text(&mut out, path);
    out.push_str("</code>.</p>");
    close_not_found(&mut out, base);
    out
}

/// Why the full entry at `url` could not be shown, and what still works.
pub fn detail_failure(url: &str, reason: &str) -> String {
    let mut out = String::from(
        "<section class=\"load-failure\" role=\"alert\" aria-labelledby=\"detail-failure-title\">\
         <h2 id=\"detail-failure-title\">The write-up could not be loaded</h2>\
         <p>This incident's full entry at <a href=\"",
    );
    push_attr(&mut out, url);
    out.push_str("\"><code>");
    push_text(&mut out, url);
    out.push_str(
        "</code></a> could not be read, so its write-up, causal chain and links are missing here.</p>\
         <p class=\"load-failure__reason\"><strong>Why: </strong>",
    );
    push_text(&mut out, reason);
    out.push_str(
        "</p><p>Reload the page to try again; the summary above and the rest of the atlas still work.</p></section>",
    );
    out
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
        let html = header(incident, &atlas.failure_types(), "/b", false);
        assert!(html.contains("<h1 tabindex=\"-1\">"));
        assert!(
            html.contains("<dt>Duration</dt><dd>1 h 30 min</dd>"),
            "{html}"
        );
        assert!(html.contains("10:00 UTC</time> to <time"), "{html}");
        assert!(html.contains("href=\"/b/?type="), "{html}");
        assert!(!html.contains("copy-link"));
        let shared = header(incident, &atlas.failure_types(), "/b", true);
        assert!(shared.contains("data-action=\"copy-link\""));
    }

    #[test]
    fn the_body_prefixes_its_ids_and_puts_the_diagram_before_the_steps() {
        let atlas = atlas();
        let incident = atlas.full_incident(0).expect("whole");
        let html = body(incident, "static-", Some("<svg></svg>"));
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
        assert!(!body(incident, "", None).contains("chain-diagram"));
    }

    #[test]
    fn an_unknown_id_is_shown_escaped_with_suggestions() {
        let atlas = atlas();
        let html = unknown(&atlas, "example-2021-01-0<", "/b");
        assert!(
            html.contains("<code>example-2021-01-0&lt;</code>"),
            "{html}"
        );
        assert!(html.contains("Did you mean"));
        assert!(html.contains("href=\"/b/incidents/example-2021-01-01\""));
        assert!(html.contains("href=\"/b/\">See all incidents"));
    }
}
