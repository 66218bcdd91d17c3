use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::LoadedAtlas;
use crate::filter::{TimelineFilter, YearRange};

/// The id of the search box, for the "/" shortcut.
pub const SEARCH_INPUT_ID: &str = "filter-search";

/// How a filter change should enter the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryEntry {
    /// A new entry: Back returns to the previous view.
    Push,
    /// Replace the current entry (each keystroke of a search).
    Replace,
}

/// The filter controls: native form controls with visible labels. Their values come from the
/// URL (through `filter`); a change computes the next filter and hands it to `on_change`.
#[component]
pub fn FilterForm(
    loaded: Arc<LoadedAtlas>,
    filter: Memo<TimelineFilter>,
    on_change: Callback<(TimelineFilter, HistoryEntry)>,
) -> impl IntoView {
    let atlas = &loaded.atlas;
    let years: Vec<i32> = atlas.years().to_vec();
    let through_years = years.clone();
    let organisations: Vec<String> = atlas
        .organisations()
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    let types: Vec<(String, String)> = atlas
        .failure_types()
        .iter()
        .map(|t| (t.id.to_string(), t.label.clone()))
        .collect();

    let change = move |update: &dyn Fn(&mut TimelineFilter), entry: HistoryEntry| {
        let mut next = filter.get_untracked();
        update(&mut next);
        on_change.run((next, entry));
    };

    let on_year = move |event: ev::Event| {
        let value = event_target_value(&event);
        change(
            &|f| {
                f.years = value.parse::<i32>().ok().map(|from| match f.years {
                    Some(range) if !range.is_single() && range.to > from => {
                        YearRange::new(from, range.to)
                    }
                    _ => YearRange::single(from),
                })
            },
            HistoryEntry::Push,
        )
    };
    let on_through = move |event: ev::Event| {
        let value = event_target_value(&event);
        change(
            &|f| {
                let from = f.years.map(|y| y.from);
                f.years = match (from, value.parse::<i32>().ok()) {
                    (Some(from), Some(to)) => Some(YearRange::new(from, to)),
                    (None, Some(to)) => Some(YearRange::single(to)),
                    (Some(from), None) => Some(YearRange::single(from)),
                    (None, None) => None,
                }
            },
            HistoryEntry::Push,
        )
    };
    let on_types = move |event: ev::Event| {
        let chosen = selected_values(&event);
        change(&|f| f.types = chosen.clone(), HistoryEntry::Push)
    };
    let on_organisation = move |event: ev::Event| {
        let value = event_target_value(&event);
        change(
            &|f| f.organisation = (!value.is_empty()).then(|| value.clone()),
            HistoryEntry::Push,
        )
    };
    let on_search = move |event: ev::Event| {
        let value = event_target_value(&event);
        // The first keystroke of a search makes a history entry, so Back leaves the search;
        // the rest replace it, so Back does not replay the typing.
        let entry = if filter.with_untracked(|f| f.query.trim().is_empty()) {
            HistoryEntry::Push
        } else {
            HistoryEntry::Replace
        };
        change(&|f| f.query = value.clone(), entry)
    };
    let clear = move |_| on_change.run((TimelineFilter::default(), HistoryEntry::Push));

    let year_from = move || filter.with(|f| f.years.map(|y| y.from));
    let year_to = move || filter.with(|f| f.years.filter(|y| !y.is_single()).map(|y| y.to));
    // Each single-choice select follows the filter through its value: one update per change,
    // not one per option (a 10,000-incident catalogue has hundreds of organisations). The
    // options' `selected` attributes give the first render its choice.
    let option_value = |year: Option<i32>| year.map(|y| y.to_string()).unwrap_or_default();
    let (initial_from, initial_to) = untrack(|| (year_from(), year_to()));
    let initial_org = filter.with_untracked(|f| f.organisation.clone());

    view! {
        <form class="filters" role="search" aria-label="Filter incidents" on:submit=|e| e.prevent_default()>
            <div class="filters__field filters__field--search">
                <label for=SEARCH_INPUT_ID>"Search"</label>
                <input
                    id=SEARCH_INPUT_ID
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="filter-search-hint"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=on_search
                />
                <span id="filter-search-hint" class="filters__hint">
                    "Words or \"a phrase\"; press / to jump here."
                </span>
            </div>
            <div class="filters__field">
                <label for="filter-year">"Year"</label>
                <select id="filter-year" on:change=on_year prop:value=move || option_value(year_from())>
                    <option value="" selected=initial_from.is_none()>"All"</option>
                    {years
                        .into_iter()
                        .map(|year| view! {
                            <option value=year.to_string() selected=initial_from == Some(year)>
                                {year}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filters__field">
                <label for="filter-through">"Through"</label>
                <select
                    id="filter-through"
                    on:change=on_through
                    aria-describedby="filter-through-hint"
                    prop:value=move || option_value(year_to())
                >
                    <option value="" selected=initial_to.is_none()>"—"</option>
                    {through_years
                        .into_iter()
                        .map(|year| view! {
                            <option value=year.to_string() selected=initial_to == Some(year)>
                                {year}
                            </option>
                        })
                        .collect_view()}
                </select>
                <span id="filter-through-hint" class="filters__hint">"For a range of years."</span>
            </div>
            <div class="filters__field">
                <label for="filter-organisation">"Organisation"</label>
                <select
                    id="filter-organisation"
                    on:change=on_organisation
                    prop:value=move || filter.with(|f| f.organisation.clone().unwrap_or_default())
                >
                    <option value="" selected=initial_org.is_none()>"All"</option>
                    {organisations
                        .into_iter()
                        .map(|name| {
                            let selected = initial_org.as_deref() == Some(name.as_str());
                            let value = name.clone();
                            view! { <option value=value selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="filters__field filters__field--types">
                <label for="filter-type">"Failure type"</label>
                <select id="filter-type" multiple size="6" on:change=on_types aria-describedby="filter-type-hint">
                    {types
                        .into_iter()
                        .map(|(id, label)| {
                            let value = id.clone();
                            view! {
                                <option
                                    value=value
                                    prop:selected=move || filter.with(|f| f.types.contains(&id))
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <span id="filter-type-hint" class="filters__hint">"Ctrl or ⌘ to choose several."</span>
            </div>
            <div class="filters__actions">
                <Show when=move || filter.with(|f| !f.is_empty())>
                    <button type="button" class="button" on:click=clear>"Clear filters"</button>
                </Show>
            </div>
        </form>
    }
}

/// The values of a `<select multiple>`'s chosen options.
fn selected_values(event: &ev::Event) -> Vec<String> {
    let Some(select) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
    else {
        return Vec::new();
    };
    let options = select.selected_options();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|option| option.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .map(|option| option.value())
        .collect()
}
