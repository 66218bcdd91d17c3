use std::sync::Arc;

use leptos::prelude::*;

use crate::app::Site;
use crate::catalogue::{FailureType, IncidentFacts, Slug};
use crate::filter::TimelineFilter;
use crate::url_state::timeline_path;

/// An incident's failure types as chips, the trigger first and marked as such in words (not
/// only by colour). Each chip is a link to the timeline filtered by its type.
#[component]
pub fn FailureTypeChips(ids: Vec<Slug>, failure_types: Arc<[FailureType]>) -> impl IntoView {
    let site = expect_context::<Site>();
    let trigger = ids.first().cloned();
    let chips = ids
        .iter()
        .map(|id| {
            let label = failure_types
                .iter()
                .find(|t| t.id == *id)
                .map_or_else(|| id.to_string(), |t| t.label.clone());
            let is_trigger = trigger.as_ref() == Some(id);
            let href = site.href(&timeline_path(&TimelineFilter {
                types: vec![id.to_string()],
                ..Default::default()
            }));
            let class = format!(
                "chip chip--type-{}{}",
                id.as_str(),
                if is_trigger { " chip--trigger" } else { "" }
            );
            let title = format!("All incidents involving {label}");
            view! {
                <li>
                    <a class=class href=href title=title>
                        {is_trigger.then(|| view! { <span class="chip__role">"Trigger: "</span> })}
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="chips">{chips}</ul> }
}

/// An incident's failure-type ids, the trigger first, as [`FailureTypeChips`] takes them.
pub fn chip_ids(incident: &impl IncidentFacts) -> Vec<Slug> {
    incident.failure_type_ids().cloned().collect()
}
