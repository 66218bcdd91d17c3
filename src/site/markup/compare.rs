//! The comparison page as HTML (`/compare?ids=a,b`): what was wrong with the link, what the
//! incidents share, a picker to add one, and a column per incident with its title, date,
//! organisation, trigger, failure types, mechanisms and causal chain. Shared items say so in
//! words ("Shared"), never by colour alone. The picker is also the incident page's "Compare
//! with…" control.

use maud::{Markup, html};

use crate::catalogue::{Incident, IncidentSummary};
use crate::chain::diagram::{TextMeasure, layout_chain};
use crate::site::contract::{Action, id};
use crate::site::markup::chain::{Route, svg};
use crate::site::paths::{href, incident_path, mechanism_path};
use crate::timeline::Atlas;
use crate::timeline::compare::{Comparison, MAX_COMPARED, Shared, compare_path};

/// A compared incident's causal chain: its full entry is fetched, so it may still be on its
/// way, or have failed.
#[derive(Debug, Clone, Copy)]
pub enum ChainState<'a> {
    Loading,
    Drawn(&'a Markup),
    Failed(&'a str),
}

/// "Shared", in words, next to what two or more of the compared incidents have.
fn shared_mark() -> Markup {
    html! { " " span class="compare__shared" { "Shared" } }
}

/// A mechanism's label, or its id if the taxonomy lacks it.
fn mechanism_label<'a>(atlas: &'a Atlas, id: &'a str) -> &'a str {
    atlas
        .mechanisms()
        .iter()
        .find(|m| m.id.as_str() == id)
        .map_or(id, |m| m.label.as_str())
}

/// "Organisation — title (year)": how the picker names an incident.
fn option_text(incident: &IncidentSummary) -> String {
    format!(
        "{} — {} ({})",
        incident.organisation,
        incident.title,
        incident.start.year()
    )
}

/// A select of every incident but those `compared`, newest first, labelled `label`, and a
/// button that compares `compared` with the one chosen (the app reads its `data-ids`).
pub fn picker(atlas: &Atlas, compared: &[&str], label: &str) -> Markup {
    html! {
        div class="compare-picker" {
            label for=(id::COMPARE_SELECT) { (label) }
            div class="compare-picker__row" {
                select id=(id::COMPARE_SELECT) {
                    option value="" { "Choose an incident" }
                    @for &index in atlas.newest_first() {
                        @let incident = atlas.incident(index);
                        @if !compared.contains(&incident.id.as_str()) {
                            option value=(incident.id.as_str()) { (option_text(incident)) }
                        }
                    }
                }
                button type="button" class="button" data-action=(Action::Compare.as_str())
                    data-ids=(compared.join(",")) { "Compare" }
            }
        }
    }
}

/// The top of the page: its heading, what was wrong with the link, what the incidents share
/// and, while there is room for another, the picker.
pub fn head(atlas: &Atlas, comparison: &Comparison, shared: &Shared) -> Markup {
    let compared = comparison.ids(atlas);
    let count = compared.len();
    let shared_types: Vec<(&str, usize)> = shared
        .failure_types
        .iter()
        .map(|(id, n)| {
            (
                atlas
                    .failure_type(id)
                    .map_or(id.as_str(), |t| t.label.as_str()),
                *n,
            )
        })
        .collect();
    let shared_mechanisms: Vec<(&str, usize)> = shared
        .mechanisms
        .iter()
        .map(|(id, n)| (mechanism_label(atlas, id), *n))
        .collect();
    let how_many = |n: usize| {
        if n == count {
            format!("all {count}")
        } else {
            format!("{n} of {count}")
        }
    };
    html! {
        h1 tabindex="-1" { "Compare incidents" }
        @if !comparison.problems.is_empty() {
            div class="compare__problems" role="status" {
                p { "Part of this link is not shown:" }
                ul {
                    @for problem in &comparison.problems {
                        li { code { (problem.id) } ": " (problem.why.reason()) "." }
                    }
                }
            }
        }
        @if count < 2 {
            p class="compare__intro" {
                @if count == 0 { "Choose two or three incidents to see them side by side." }
                @else { "Choose another incident to compare this one with." }
            }
        } @else {
            section class="compare__summary" aria-labelledby="compare-shared" {
                h2 id="compare-shared" { "What they share" }
                @if shared.is_empty() {
                    p { "These incidents share no failure type and no mechanism." }
                } @else {
                    dl class="compare__shared-list" {
                        @for (title, items) in [
                            ("Failure types", &shared_types),
                            ("Mechanisms", &shared_mechanisms),
                        ] {
                            @if !items.is_empty() {
                                div {
                                    dt { (title) }
                                    dd {
                                        ul {
                                            @for (label, n) in items {
                                                li {
                                                    (label) " "
                                                    span class="compare__count" { "(" (how_many(*n)) ")" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if count < MAX_COMPARED {
            (picker(
                atlas,
                &compared,
                if count == 0 { "Compare…" } else if count == 1 { "Compare with…" } else { "Add an incident" },
            ))
        }
    }
}

/// An incident's chain drawn for its column: its steps link to the steps of its own page,
/// and those naming a `shared` mechanism are outlined heavily.
pub fn chain_drawing(
    incident: &Incident,
    atlas: &Atlas,
    shared: &Shared,
    (base, measure): (&str, &dyn TextMeasure),
) -> Markup {
    let chain = &incident.causal_chain;
    let diagram = layout_chain(chain, measure);
    let marked = Route {
        nodes: (0..chain.nodes.len())
            .filter(|&i| {
                chain.nodes[i]
                    .mechanism
                    .as_ref()
                    .is_some_and(|m| shared.has_mechanism(m.as_str()))
            })
            .collect(),
        edges: Vec::new(),
    };
    let page = href(base, &incident_path(incident.id.as_str()));
    svg(
        chain,
        &diagram,
        &incident.title,
        atlas.mechanisms(),
        (&marked, Some(&page)),
    )
}

/// The columns, one per compared incident, each with its chain as `chains` has it (in the
/// same order).
pub fn columns(
    atlas: &Atlas,
    comparison: &Comparison,
    shared: &Shared,
    chains: &[ChainState],
    base: &str,
) -> Markup {
    let compared = comparison.ids(atlas);
    html! {
        @for (n, &index) in comparison.incidents.iter().enumerate() {
            @let incident = atlas.incident(index);
            @let heading = format!("compare-{n}");
            @let others: Vec<&str> = compared.iter().copied().filter(|id| *id != incident.id.as_str()).collect();
            section class="compare__incident" aria-labelledby=(heading) {
                h2 id=(heading) class="compare__title" {
                    a href=(href(base, &incident_path(incident.id.as_str()))) { (incident.title) }
                }
                dl class="compare__facts" {
                    div {
                        dt { "When" }
                        dd { time datetime=(incident.start.to_string()) { (incident.start.date_long()) } }
                    }
                    div { dt { "Organisation" } dd { (incident.organisation) } }
                    div {
                        dt { "Trigger" }
                        dd {
                            @let trigger = incident.failure_types.trigger.as_str();
                            (atlas.failure_type(trigger).map_or(trigger, |t| t.label.as_str()))
                            @if shared.has_failure_type(trigger) { (shared_mark()) }
                        }
                    }
                    @if !incident.failure_types.contributing.is_empty() {
                        div {
                            dt { "Contributing" }
                            dd {
                                ul class="compare__items" {
                                    @for kind in &incident.failure_types.contributing {
                                        li {
                                            (atlas.failure_type(kind.as_str()).map_or(kind.as_str(), |t| t.label.as_str()))
                                            @if shared.has_failure_type(kind.as_str()) { (shared_mark()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !incident.mechanisms.is_empty() {
                        div {
                            dt { "Mechanisms" }
                            dd {
                                ul class="compare__items" {
                                    @for mechanism in incident.mechanism_ids() {
                                        li {
                                            a href=(href(base, &mechanism_path(mechanism))) {
                                                (mechanism_label(atlas, mechanism))
                                            }
                                            @if shared.has_mechanism(mechanism) { (shared_mark()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                h3 class="compare__chain-title" { "Causal chain" }
                div class="compare__diagram" {
                    @match chains.get(n).copied().unwrap_or(ChainState::Loading) {
                        ChainState::Loading => {
                            p class="loading" role="status" { "Loading the causal chain…" }
                        }
                        ChainState::Drawn(drawing) => { (drawing) }
                        ChainState::Failed(reason) => {
                            p class="compare__failure" {
                                "The causal chain could not be loaded: " (reason)
                            }
                        }
                    }
                }
                @if incident.mechanism_ids().any(|m| shared.has_mechanism(m)) {
                    p class="compare__hint" { "Steps outlined heavily name a shared mechanism." }
                }
                p class="compare__remove" {
                    a href=(href(base, &compare_path(&others))) {
                        "Remove " span class="visually-hidden" { (incident.title) " " } "from the comparison"
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::diagram::EstimatedMeasure;

    /// The bundled catalogue: real incidents that share failure types and mechanisms.
    fn atlas() -> Atlas {
        let text = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        Atlas::new(
            crate::catalogue::load::load_catalogue(&text)
                .expect("loads")
                .catalogue,
        )
    }

    /// Two incidents of the catalogue that share a mechanism.
    fn sharing_pair(atlas: &Atlas) -> (String, String) {
        for a in 0..atlas.len() {
            for b in a + 1..atlas.len() {
                let (x, y) = (atlas.incident(a), atlas.incident(b));
                if x.mechanism_ids().any(|m| y.mechanism_ids().any(|n| n == m)) {
                    return (x.id.to_string(), y.id.to_string());
                }
            }
        }
        panic!("no two incidents share a mechanism");
    }

    #[test]
    fn bad_ids_are_named_escaped_and_the_valid_ones_shown() {
        let atlas = atlas();
        let (a, b) = sharing_pair(&atlas);
        let search = format!("ids={a},%3Cscript%3E,nope-2000,{a},{b}");
        let comparison = Comparison::parse(&search, &atlas);
        let shared = comparison.shared(&atlas);
        let html = head(&atlas, &comparison, &shared).into_string();
        assert!(
            html.contains("<code>&lt;script&gt;</code>: not an incident id"),
            "{html}"
        );
        assert!(
            html.contains("<code>nope-2000</code>: the catalogue has no incident"),
            "{html}"
        );
        assert!(
            html.contains(&format!("<code>{a}</code>: listed twice")),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains("What they share"));
        let columns = columns(&atlas, &comparison, &shared, &[], "/b").into_string();
        assert_eq!(columns.matches("class=\"compare__incident\"").count(), 2);
        assert!(columns.contains(&format!("href=\"/b/incidents/{b}\"")));
        assert!(
            columns.contains(&format!("href=\"/b/compare?ids={b}\"")),
            "remove {a}"
        );
        assert_eq!(columns.matches("Loading the causal chain").count(), 2);
    }

    #[test]
    fn shared_items_are_marked_in_words_and_listed_at_the_top() {
        let atlas = atlas();
        let (a, b) = sharing_pair(&atlas);
        let comparison = Comparison::parse(&format!("ids={a},{b}"), &atlas);
        let shared = comparison.shared(&atlas);
        assert!(!shared.mechanisms.is_empty());
        let html = head(&atlas, &comparison, &shared).into_string();
        let (mechanism, _) = &shared.mechanisms[0];
        let label = &atlas
            .mechanisms()
            .iter()
            .find(|m| m.id.as_str() == mechanism)
            .expect("in the taxonomy")
            .label;
        assert!(
            html.contains(&format!(
                "{} <span class=\"compare__count\">(all 2)</span>",
                crate::site::markup::escaped(label)
            )),
            "{html}"
        );
        assert!(html.contains("Add an incident"));
        let columns = columns(&atlas, &comparison, &shared, &[], "").into_string();
        let marks = columns
            .matches("<span class=\"compare__shared\">Shared</span>")
            .count();
        let expected = 2 * (shared.failure_types.len() + shared.mechanisms.len());
        assert_eq!(marks, expected, "{columns}");
    }

    #[test]
    fn fewer_than_two_asks_for_more_and_three_has_no_picker() {
        let atlas = atlas();
        let none = Comparison::parse("ids=nope-2000", &atlas);
        let html = head(&atlas, &none, &none.shared(&atlas)).into_string();
        assert!(html.contains("Choose two or three incidents"));
        assert!(!html.contains("What they share"));
        assert!(
            html.contains("<label for=\"compare-with\">Compare…</label>"),
            "{html}"
        );
        let ids: Vec<String> = (0..3).map(|i| atlas.incident(i).id.to_string()).collect();
        let three = Comparison::parse(&format!("ids={}", ids.join(",")), &atlas);
        let html = head(&atlas, &three, &three.shared(&atlas)).into_string();
        assert!(!html.contains("<select"));
    }

    #[test]
    fn the_picker_lists_the_others_newest_first_and_says_what_it_compares() {
        let atlas = atlas();
        let newest = atlas.newest_first();
        let this = atlas.incident(newest[1]);
        let html = picker(&atlas, &[this.id.as_str()], "Compare with…").into_string();
        assert_eq!(html.matches("<option value=\"").count(), atlas.len());
        assert!(!html.contains(&format!("<option value=\"{}\"", this.id)));
        let at = |index: usize| {
            let id = atlas.incident(newest[index]).id.as_str();
            html.find(&format!("<option value=\"{id}\""))
                .expect("listed")
        };
        assert!(at(0) < at(2) && at(2) < at(3));
        assert!(
            html.contains(&format!("data-action=\"compare\" data-ids=\"{}\"", this.id)),
            "{html}"
        );
    }

    #[test]
    fn a_drawn_chain_links_its_steps_to_the_incident_page_and_marks_shared_mechanisms() {
        let atlas = atlas();
        let (a, b) = sharing_pair(&atlas);
        let comparison = Comparison::parse(&format!("ids={a},{b}"), &atlas);
        let shared = comparison.shared(&atlas);
        let incident = atlas.full_incident(comparison.incidents[0]).expect("whole");
        let drawing =
            chain_drawing(incident, &atlas, &shared, ("/b", &EstimatedMeasure)).into_string();
        assert!(!drawing.contains("id=\"chain-svg\""));
        assert!(!drawing.contains("arrow keys"));
        let node = &incident.causal_chain.nodes[0];
        assert!(
            drawing.contains(&format!("href=\"/b/incidents/{a}#node-{}\"", node.id)),
            "{drawing}"
        );
        assert!(!drawing.contains(&format!("id=\"node-{}\"", node.id)));
        assert!(drawing.contains("chain-node--route"));
        let columns = columns(
            &atlas,
            &comparison,
            &shared,
            &[
                ChainState::Drawn(&maud::html! { svg {} }),
                ChainState::Failed("<why>"),
            ],
            "",
        )
        .into_string();
        assert!(columns.contains("<svg></svg>"));
        assert!(columns.contains("could not be loaded: &lt;why&gt;"));
    }
}
