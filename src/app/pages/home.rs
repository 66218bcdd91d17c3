use leptos::prelude::*;

use crate::app::{Site, set_document_title, use_loaded_catalogue};
use crate::catalogue::{Incident, format_duration};
use crate::site::incident_path;

/// The list of incidents, newest first.
#[component]
pub fn HomePage() -> impl IntoView {
    set_document_title("Incident Atlas");
    let site = expect_context::<Site>();
    let Some(loaded) = use_loaded_catalogue() else {
        return ().into_any();
    };
    let mut incidents: Vec<Incident> = loaded.catalogue.incidents.clone();
    incidents.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| a.id.cmp(&b.id)));
    let count = match incidents.len() {
        1 => "1 incident".to_owned(),
        n => format!("{n} incidents"),
    };
    view! {
        <h1>"Incidents"</h1>
        <p class="result-count">{count}</p>
        <ol class="incident-list">
            {incidents
                .into_iter()
                .map(|incident| {
                    let href = site.href(&incident_path(incident.id.as_str()));
                    let duration = incident.duration_minutes().map(format_duration);
                    view! {
                        <li>
                            <article class="incident-card">
                                <h2 class="incident-card__title">
                                    <a href=href>{incident.title.clone()}</a>
                                </h2>
                                <p class="incident-card__meta">
                                    <time datetime=incident.start.to_string()>{incident.start.date_long()}</time>
                                    " · "
                                    <span>{incident.organisation.clone()}</span>
                                    {duration.map(|d| view! { " · " <span>{d}</span> })}
                                </p>
                                <p class="incident-card__summary">{incident.summary.clone()}</p>
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
