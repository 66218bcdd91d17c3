use std::sync::Arc;

use leptos::prelude::*;

use crate::app::Site;
use crate::catalogue::{FailureType, IncidentSummary};
use crate::markup::push_chips;

/// An incident's failure types as chips, the trigger first and marked as such in words (not
/// only by colour); each chip links to the timeline filtered by its type. The markup is the
/// timeline cards' own (src/markup.rs).
#[component]
pub fn FailureTypeChips(
    incident: IncidentSummary,
    failure_types: Arc<[FailureType]>,
) -> impl IntoView {
    let site = expect_context::<Site>();
    let mut html = String::new();
    push_chips(&mut html, &incident, &failure_types, &site.base);
    view! { <div class="incident__types" inner_html=html></div> }
}
