use std::sync::Arc;

use leptos::prelude::*;

use crate::app::components::failure_type_chips::{FailureTypeChips, chip_ids};
use crate::app::components::highlighted::{Highlighted, segments_view};
use crate::app::{LoadedAtlas, Site};
use crate::catalogue::{IncidentFacts, format_duration};
use crate::search::{SearchTerms, match_context};
use crate::site::incident_path;

/// One incident on the timeline: date, organisation, title (a link to its page), failure-type
/// chips, summary and duration, with the search terms highlighted.
#[component]
pub fn IncidentCard(
    /// The atlas and the incident's index in it: a card borrows, never copies, the incident.
    loaded: Arc<LoadedAtlas>,
    index: usize,
    terms: SearchTerms,
) -> impl IntoView {
    let site = expect_context::<Site>();
    let incident = loaded.atlas.incident(index);
    let href = site.href(&incident_path(incident.id.as_str()));
    let duration = incident.duration_minutes().map(format_duration);
    let context = match_context(incident, &terms).map(|context| {
        view! {
            <p class="incident-card__match">
                <span class="incident-card__match-place">"In the " {context.place} ": "</span>
                {segments_view(context.segments)}
            </p>
        }
    });
    view! {
        <article class="incident-card">
            <h4 class="incident-card__title">
                <a href=href>
                    <Highlighted text=incident.title.clone() terms=terms.clone() />
                </a>
            </h4>
            <p class="incident-card__meta">
                <time datetime=incident.start.to_string()>{incident.start.date_long()}</time>
                " · "
                <span class="incident-card__org">
                    <Highlighted text=incident.organisation.clone() terms=terms.clone() />
                </span>
                {duration.map(|d| view! { " · " <span>"lasted " {d}</span> })}
            </p>
            <p class="incident-card__summary">
                <Highlighted text=incident.summary.clone() terms=terms.clone() />
            </p>
            {context}
            <FailureTypeChips ids=chip_ids(incident) failure_types=loaded.atlas.failure_types() />
        </article>
    }
}
