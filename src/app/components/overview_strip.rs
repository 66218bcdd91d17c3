use std::sync::Arc;

use leptos::prelude::*;

use crate::app::{LoadedAtlas, Site};
use crate::filter::{TimelineFilter, YearRange};
use crate::url_state::timeline_path;

/// Incidents per year as stacked columns coloured by triggering failure type. Each column is a
/// link to that year; its accessible name says the counts in words, and a legend names the
/// colours, so colour is never the only way to read it.
#[component]
pub fn OverviewStrip(loaded: Arc<LoadedAtlas>, filter: Memo<TimelineFilter>) -> impl IntoView {
    let site = expect_context::<Site>();
    let atlas = &loaded.atlas;
    let columns = atlas.overview();
    let tallest = columns.iter().map(|c| c.total).max().unwrap_or(1).max(1);
    let label_of = |id: &str| {
        atlas
            .failure_type(id)
            .map_or_else(|| id.to_owned(), |t| t.label.clone())
    };
    let mut legend: Vec<String> = Vec::new();
    for column in &columns {
        for (id, _) in &column.by_trigger {
            if !legend.contains(id) {
                legend.push(id.clone());
            }
        }
    }
    // Each id once, so no two keys tie.
    crate::order::sort_by_key(&mut legend, |id| {
        atlas
            .failure_types()
            .iter()
            .position(|t| t.id.as_str() == id)
    });

    let column_views = columns
        .into_iter()
        .map(|column| {
            let year = column.year;
            // The column keeps the other filters and sets the year.
            let href = {
                let site = site.clone();
                move || {
                    site.href(&timeline_path(&TimelineFilter {
                        years: Some(YearRange::single(year)),
                        ..filter.get()
                    }))
                }
            };
            let breakdown: Vec<String> = column
                .by_trigger
                .iter()
                .map(|(id, count)| format!("{} {count}", label_of(id)))
                .collect();
            let name = match column.total {
                0 => format!("{year}: no incidents"),
                1 => format!("{year}: 1 incident, triggered by {}", breakdown.join(", ")),
                n => format!("{year}: {n} incidents, triggered by {}", breakdown.join(", ")),
            };
            let tooltip = name.clone();
            let height = format!("{}%", column.total * 100 / tallest);
            let segments = column
                .by_trigger
                .into_iter()
                .map(|(id, count)| {
                    view! {
                        <span
                            class=format!("overview__segment type-colour--{id}")
                            style:flex-grow=count.to_string()
                        ></span>
                    }
                })
                .collect_view();
            let selected = move || {
                filter.with(|f| f.years.is_some_and(|y| y.contains(year)))
            };
            view! {
                <li class="overview__column">
                    <a
                        class="overview__link"
                        class:overview__link--selected=selected
                        href=href
                        title=tooltip
                        aria-current=move || selected().then_some("true")
                    >
                        <span class="visually-hidden">{name}</span>
                        <span class="overview__count" aria-hidden="true">{column.total}</span>
                        <span class="overview__bar-area" aria-hidden="true">
                            <span class="overview__bar" style:height=height>{segments}</span>
                        </span>
                        <span class="overview__year" aria-hidden="true">{format!("’{:02}", year % 100)}</span>
                    </a>
                </li>
            }
        })
        .collect_view();

    let legend_views = legend
        .into_iter()
        .map(|id| {
            let label = label_of(&id);
            view! {
                <li>
                    <span class=format!("overview__swatch type-colour--{id}") aria-hidden="true"></span>
                    {label}
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title" class="overview__title">"Incidents over time"</h2>
            <p class="overview__hint">"Choose a column to see its incidents. Colours show what triggered them."</p>
            <ol class="overview__columns">{column_views}</ol>
            <ul class="overview__legend">{legend_views}</ul>
        </section>
    }
}
