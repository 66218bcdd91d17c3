use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::components::write_up::WriteUp;
use crate::app::{Site, set_document_title, use_loaded_catalogue};
use crate::catalogue::{Incident, format_duration};
use crate::chain::{consequences, steps_in_causal_order};

/// One incident: the write-up, its links and its causal chain.
#[component]
pub fn IncidentPage() -> impl IntoView {
    let site = expect_context::<Site>();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let incident =
            use_loaded_catalogue().and_then(|loaded| loaded.catalogue.incident(&id).cloned());
        match incident {
            Some(incident) => {
                set_document_title(&format!("{} — Incident Atlas", incident.title));
                view! { <IncidentDetail incident /> }.into_any()
            }
            None => {
                set_document_title("Incident not found — Incident Atlas");
                view! {
                    <section class="not-found" aria-labelledby="not-found-title">
                        <h1 id="not-found-title">"Incident not found"</h1>
                        <p>"The catalogue has no incident with the id " <code>{id}</code> "."</p>
                        <p><a href=site.href("/")>"See all incidents"</a></p>
                    </section>
                }
                .into_any()
            }
        }
    }
}

#[component]
fn IncidentDetail(incident: Incident) -> impl IntoView {
    let duration = incident.duration_minutes().map(format_duration);
    let steps: Vec<(String, String, Vec<String>)> = steps_in_causal_order(&incident.causal_chain)
        .into_iter()
        .map(|node| {
            let leads_to = consequences(&incident.causal_chain, node.id.as_str())
                .into_iter()
                .map(|next| next.label.clone())
                .collect();
            (node.kind.label().to_owned(), node.label.clone(), leads_to)
        })
        .collect();
    view! {
        <article class="incident">
            <header class="incident__header">
                <h1>{incident.title.clone()}</h1>
                <p class="incident__meta">
                    <span>{incident.organisation.clone()}</span>
                    " · "
                    <time datetime=incident.start.to_string()>{incident.start.date_long()}</time>
                    {duration.map(|d| view! { " · lasted " <span>{d}</span> })}
                </p>
                <p class="incident__summary">{incident.summary.clone()}</p>
            </header>
            <section aria-labelledby="what-happened">
                <h2 id="what-happened">"What happened"</h2>
                <WriteUp paragraphs=incident.write_up.clone() />
            </section>
            <section aria-labelledby="impact">
                <h2 id="impact">"Impact"</h2>
                <p>{incident.impact.clone()}</p>
            </section>
            <section aria-labelledby="causal-chain">
                <h2 id="causal-chain">"Causal chain"</h2>
                <ol class="chain-steps">
                    {steps
                        .into_iter()
                        .map(|(kind, label, leads_to)| {
                            let next = (!leads_to.is_empty())
                                .then(|| format!(" Leads to: {}.", leads_to.join("; ")));
                            view! {
                                <li><strong>{kind} ": "</strong> {label} "." {next}</li>
                            }
                        })
                        .collect_view()}
                </ol>
            </section>
            <section aria-labelledby="remediation">
                <h2 id="remediation">"Remediation"</h2>
                <ul>
                    {incident.remediation.iter().map(|step| view! { <li>{step.clone()}</li> }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="sources">
                <h2 id="sources">"Sources"</h2>
                <ul>
                    {incident
                        .links
                        .iter()
                        .map(|link| {
                            let label = link.title.clone().unwrap_or_else(|| link.kind.label().to_owned());
                            view! {
                                <li>
                                    <a href=link.url.as_str().to_owned() target="_blank" rel="noopener noreferrer">
                                        {label}
                                    </a>
                                    " (" {link.url.host().to_owned()} ")"
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        </article>
    }
}
