use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::app::components::chain_diagram::ChainDiagram;
use crate::app::components::failure_type_chips::FailureTypeChips;
use crate::app::components::write_up::WriteUp;
use crate::app::fetch::{OpeningIncident, fetch_incident_text, read_incident_text};
use crate::app::{LoadedAtlas, Site, remove_served_page, set_document_title, use_loaded_atlas};
use crate::catalogue::{Incident, IncidentFacts, IncidentSummary, LinkKind, format_duration};
use crate::chain::{consequences, steps_in_causal_order};
use crate::site::{incident_detail_path, incident_path};

/// One incident: the write-up, its links and its causal chain; or, for an unknown id, a
/// not-found page that suggests the closest ids.
#[component]
pub fn IncidentPage() -> impl IntoView {
    let params = use_params_map();
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    (move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        match loaded.atlas.find(&id) {
            Some(index) => {
                let title = &loaded.atlas.incident(index).title;
                set_document_title(&format!("{title} — Incident Atlas"));
                view! { <IncidentView index loaded=loaded.clone() /> }.into_any()
            }
            None => {
                set_document_title("Incident not found — Incident Atlas");
                view! { <UnknownIncident id loaded=loaded.clone() /> }.into_any()
            }
        }
    })
    .into_any()
}

#[component]
fn UnknownIncident(id: String, loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let site = expect_context::<Site>();
    Effect::new(|_| remove_served_page());
    let suggestions = loaded
        .atlas
        .closest_ids(&id, 3)
        .into_iter()
        .map(|incident| {
            let href = site.href(&incident_path(incident.id.as_str()));
            view! {
                <li>
                    <a href=href>{incident.title.clone()}</a>
                    " " <code>{incident.id.to_string()}</code>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let has_suggestions = !suggestions.is_empty();
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"Incident not found"</h1>
            <p>"The catalogue has no incident with the id " <code>{id}</code> "."</p>
            {has_suggestions.then(|| view! {
                <h2>"Did you mean"</h2>
                <ul class="suggestions">{suggestions}</ul>
            })}
            <p><a href=site.href("/")>"See all incidents"</a></p>
        </section>
    }
}

/// An incident's page: its header at once from the index, then the write-up, chain, impact,
/// remediation and links from its full entry (fetched unless the catalogue carried it), then
/// related and neighbouring incidents.
#[component]
fn IncidentView(index: usize, loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let summary = loaded.atlas.incident(index).clone();
    let body = match loaded.atlas.full_incident(index).cloned() {
        Some(incident) => {
            Effect::new(|_| remove_served_page());
            view! { <IncidentBody incident /> }.into_any()
        }
        None => {
            let site = expect_context::<Site>();
            let url = site.href(&incident_detail_path(summary.id.as_str()));
            let taxonomy = loaded.atlas.taxonomy();
            let id = summary.id.to_string();
            // Fetched already if the app was opened on this page.
            let opening = use_context::<StoredValue<Option<OpeningIncident>, LocalStorage>>()
                .and_then(|stored| stored.get_value())
                .filter(|opening| opening.id == id)
                .map(|opening| opening.text);
            let detail = LocalResource::new(move || {
                let (url, taxonomy, id) = (url.clone(), taxonomy.clone(), id.clone());
                let opening = opening.clone();
                async move {
                    let text = match opening {
                        Some(text) => text.await,
                        None => fetch_incident_text(url.clone()).await,
                    };
                    read_incident_text(&url, text, &taxonomy, &id)
                }
            });
            view! {
                <Suspense fallback=|| view! {
                    <p class="loading" role="status">"Loading the write-up…"</p>
                }>
                    // The served page stays until the write-up is here, so it never gives way
                    // to a page that has less. It goes before the body mounts (in the same
                    // task, so nothing paints in between): while it is there the app's page is
                    // hidden, and the body's effects must be able to focus what they focus.
                    // Read here, inside this Suspense, the resource never suspends the App's.
                    {move || detail.get().inspect(|_| remove_served_page()).map(|outcome| match outcome {
                        Ok(incident) => view! { <IncidentBody incident=Arc::new(incident) /> }.into_any(),
                        Err(failure) => view! {
                            <section class="load-failure" role="alert" aria-labelledby="detail-failure-title">
                                <h2 id="detail-failure-title">"The write-up could not be loaded"</h2>
                                <p>"This incident's full entry at " <a href=failure.url.clone()><code>{failure.url.clone()}</code></a>
                                   " could not be read, so its write-up, causal chain and links are missing here."</p>
                                <p class="load-failure__reason"><strong>"Why: "</strong> {failure.reason}</p>
                                <p>"Reload the page to try again; the summary above and the rest of the atlas still work."</p>
                            </section>
                        }.into_any(),
                    })}
                </Suspense>
            }
            .into_any()
        }
    };
    view! {
        <article class="incident">
            <IncidentHeader summary=summary.clone() loaded=loaded.clone() />
            {body}
            <IncidentNeighbours id=summary.id.to_string() loaded />
        </article>
    }
}

#[component]
fn IncidentHeader(summary: IncidentSummary, loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let site = expect_context::<Site>();
    let incident = summary;
    let duration = incident.duration_minutes().map(format_duration);
    let end = incident
        .end
        .zip(incident.end_label())
        .map(|(end, text)| view! { " to " <time datetime=end.to_string()>{text}</time> });
    let start_time = incident.start.time_hhmm().map(|t| format!(" {t} UTC"));

    let (copy_status, set_copy_status) = signal(String::new());
    // The canonical address, whatever form of it the page was opened with (a host may have
    // added a trailing slash on the way).
    let canonical = format!(
        "{}{}",
        window().location().origin().unwrap_or_default(),
        site.href(&incident_path(incident.id.as_str()))
    );
    let copy_link = move |_| {
        let href = canonical.clone();
        spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&href)).await;
            set_copy_status.set(match copied {
                Ok(_) => "Link copied.".to_owned(),
                Err(_) => format!("Could not copy; the link is {href}"),
            });
        });
    };

    // Move focus to the heading on arrival, so keyboard and screen-reader users start at the
    // new page rather than at the link they left.
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        // A link to a step of the chain (#node-…) focuses that step instead.
        let to_a_step = window()
            .location()
            .hash()
            .unwrap_or_default()
            .starts_with("#node-");
        if let Some(h1) = heading.get()
            && !to_a_step
        {
            let _ = h1.focus();
        }
    });

    view! {
        <header class="incident__header">
            <p class="incident__org">{incident.organisation.clone()}</p>
            <h1 tabindex="-1" node_ref=heading>{incident.title.clone()}</h1>
            <dl class="incident__facts">
                <div>
                    <dt>"When"</dt>
                    <dd>
                        <time datetime=incident.start.to_string()>
                            {incident.start.date_long()} {start_time}
                        </time>
                        {end}
                    </dd>
                </div>
                {duration.map(|d| view! { <div><dt>"Duration"</dt><dd>{d}</dd></div> })}
                <div>
                    <dt>"Organisation"</dt>
                    <dd>{incident.organisation.clone()}</dd>
                </div>
            </dl>
            <FailureTypeChips incident=incident.clone() failure_types=loaded.atlas.failure_types() />
            <p class="incident__summary">{incident.summary.clone()}</p>
            <div class="incident__share">
                <button type="button" class="button" on:click=copy_link>"Copy link"</button>
                <span class="incident__share-status" role="status">{copy_status}</span>
            </div>
        </header>
    }
}

/// What only the full entry has: the write-up, the chain, impact, remediation and links.
#[component]
fn IncidentBody(incident: Arc<Incident>) -> impl IntoView {
    let steps = steps_in_causal_order(&incident.causal_chain)
        .into_iter()
        .map(|node| {
            let leads_to: Vec<String> = consequences(&incident.causal_chain, node.id.as_str())
                .into_iter()
                .map(|next| next.label.clone())
                .collect();
            let next =
                (!leads_to.is_empty()).then(|| format!(" Leads to: {}.", leads_to.join("; ")));
            view! {
                <li id=format!("step-{}", node.id)>
                    <strong>{node.kind.label()} ": "</strong>
                    {node.label.clone()} "."
                    {next}
                </li>
            }
        })
        .collect_view();

    let link_item = |kind: LinkKind| {
        incident.links.iter().filter(move |l| l.kind == kind).map(|link| {
            let label = link.title.clone().unwrap_or_else(|| link.kind.label().to_owned());
            view! {
                <li>
                    <a href=link.url.as_str().to_owned() target="_blank" rel="noopener noreferrer">
                        {label}
                    </a>
                    " " <span class="link-host">"(" {link.url.host().to_owned()} ", opens in a new tab)"</span>
                </li>
            }
        })
    };
    let links = [LinkKind::StatusPage, LinkKind::Postmortem, LinkKind::Other]
        .into_iter()
        .flat_map(link_item)
        .collect_view();

    view! {
        <section aria-labelledby="what-happened">
            <h2 id="what-happened">"What happened"</h2>
            <WriteUp paragraphs=incident.write_up.clone() />
        </section>
        <section aria-labelledby="causal-chain">
            <h2 id="causal-chain">"Causal chain"</h2>
            <ChainDiagram
                chain=incident.causal_chain.clone()
                incident_id=incident.id.to_string()
                incident_title=incident.title.clone()
            />
            <h3 id="chain-steps-title">"The chain, step by step"</h3>
            <ol class="chain-steps" aria-labelledby="chain-steps-title">{steps}</ol>
        </section>
        <section aria-labelledby="impact">
            <h2 id="impact">"Impact"</h2>
            <p>{incident.impact.clone()}</p>
        </section>
        <section aria-labelledby="remediation">
            <h2 id="remediation">"Remediation"</h2>
            <ul>
                {incident.remediation.iter().map(|step| view! { <li>{step.clone()}</li> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="sources">
            <h2 id="sources">"Status page and postmortem"</h2>
            <ul class="sources">{links}</ul>
        </section>
    }
}

/// Related incidents, and the previous and next in time: from the index alone.
#[component]
fn IncidentNeighbours(id: String, loaded: Arc<LoadedAtlas>) -> impl IntoView {
    let site = expect_context::<Site>();
    let atlas = &loaded.atlas;
    let (older, newer) = atlas.neighbours(&id);
    let neighbour = |incident: Option<&IncidentSummary>, rel: &'static str, label: &'static str| {
        incident.map(|i| {
            let href = site.href(&incident_path(i.id.as_str()));
            view! {
                <a class=format!("adjacent__link adjacent__link--{rel}") href=href rel=rel>
                    <span class="adjacent__label">{label}</span>
                    <span class="adjacent__title">{i.title.clone()}</span>
                </a>
            }
        })
    };
    let previous = neighbour(older, "prev", "Previous incident");
    let next = neighbour(newer, "next", "Next incident");

    let related = atlas
        .related(&id, 4)
        .into_iter()
        .map(|r| {
            let href = site.href(&incident_path(r.id.as_str()));
            view! {
                <li>
                    <a href=href>{r.title.clone()}</a>
                    <span class="related__meta">" — " {r.organisation.clone()} ", " {r.start.year()}</span>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let has_related = !related.is_empty();
    view! {
        {has_related.then(|| view! {
            <section aria-labelledby="related">
                <h2 id="related">"Related incidents"</h2>
                <p class="related__hint">"Incidents that share failure types with this one."</p>
                <ul class="related">{related}</ul>
            </section>
        })}
        <nav class="adjacent" aria-label="Previous and next incident">
            {previous}
            {next}
        </nav>
    }
}
