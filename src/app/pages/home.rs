use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::app::components::filter_form::{FilterForm, HistoryEntry, SEARCH_INPUT_ID};
use crate::app::components::overview_strip::OverviewStrip;
use crate::app::reading_place::{ReadingPlace, focus_card_link};
use crate::app::{
    Site, TIMELINE_PAGE, TimelineWindow, remove_served_page, set_document_title, use_loaded_atlas,
};
use crate::filter::TimelineFilter;
use crate::markup::{incident_count, timeline};
use crate::search::SearchTerms;
use crate::url_state::{filter_query, parse_filter_query, timeline_path};

/// The timeline: filters, an overview of the collection, and the matching incidents grouped by
/// year and month. The filter lives in the URL query; everything here derives from it.
#[component]
pub fn HomePage() -> impl IntoView {
    set_document_title("Incident Atlas");
    let site = expect_context::<Site>();
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    Effect::new(|_| remove_served_page());
    let location = use_location();
    let parsed = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            loaded
                .atlas
                .resolve(parse_filter_query(&location.search.get()))
        })
    };
    let filter = Memo::new(move |_| parsed.with(|p| p.filter.clone()));
    let matches = {
        let loaded = loaded.clone();
        Memo::new(move |_| filter.with(|f| loaded.atlas.filtered(f)))
    };

    let navigate = use_navigate();
    let on_change = {
        let site = site.clone();
        Callback::new(move |(next, entry): (TimelineFilter, HistoryEntry)| {
            navigate(
                &site.href(&timeline_path(&next)),
                NavigateOptions {
                    resolve: false,
                    replace: entry == HistoryEntry::Replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        })
    };

    // "/" jumps to the search box from anywhere on the page but another text field.
    let slash = window_event_listener(leptos::ev::keydown, |event| {
        if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        let typing = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("[contenteditable]").ok().flatten().is_some()
            });
        if typing {
            return;
        }
        if let Some(input) = document()
            .get_element_by_id(SEARCH_INPUT_ID)
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
        {
            event.prevent_default();
            let _ = input.focus();
        }
    });
    on_cleanup(move || slash.remove());

    let total = loaded.atlas.len();
    let count_text = move || {
        if filter.with(TimelineFilter::is_empty) {
            incident_count(total)
        } else {
            format!("{} of {total} incidents match", matches.with(Vec::len))
        }
    };

    // Only a window of the matches is rendered: ten thousand cards at once would take seconds.
    let window = expect_context::<TimelineWindow>().0;
    let shown = Memo::new(move |_| {
        let query = filter.with(filter_query);
        window.with(|(for_query, count)| {
            if *for_query == query {
                *count
            } else {
                TIMELINE_PAGE
            }
        })
    });
    let show_more = move |_| {
        let query = filter.with_untracked(filter_query);
        let before = shown.get_untracked();
        window.set((query, before + TIMELINE_PAGE));
        // Keyboard and screen-reader users go on reading where the new cards start, rather
        // than from a button that has moved below them.
        request_animation_frame(move || focus_card_link(before));
    };
    let window_status = move || {
        let total = matches.with(Vec::len);
        let visible = shown.get().min(total);
        (visible < total).then(|| {
            view! {
                <div class="timeline__more">
                    <p>{format!("Showing {visible} of {total} matching incidents.")}</p>
                    <button type="button" class="button" on:click=show_more>
                        {format!("Show {} more", TIMELINE_PAGE.min(total - visible))}
                    </button>
                </div>
            }
        })
    };

    // The cards are set as one piece of HTML (src/markup.rs, shared with the served page): a
    // filter change then costs one DOM call instead of one per text and attribute.
    let timeline_html = {
        let loaded = loaded.clone();
        let base = site.base.clone();
        move || {
            let terms = filter.with_untracked(|f| SearchTerms::parse(&f.query));
            let count = shown.get();
            // Borrowed, not cloned: at 10,000 incidents the matches are 80 KB per change.
            matches.with(|all| {
                timeline(
                    &loaded.atlas,
                    &all[..count.min(all.len())],
                    &terms,
                    &base,
                    "",
                )
            })
        }
    };
    let empty_state = move || {
        matches.with(Vec::is_empty).then(|| {
            view! {
                <div class="empty-state">
                    <p>"No incidents match these filters."</p>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| on_change.run((TimelineFilter::default(), HistoryEntry::Push))
                    >
                        "Clear all filters"
                    </button>
                </div>
            }
        })
    };

    let ignored = move || {
        let ignored = parsed.with(|p| p.ignored.clone());
        (!ignored.is_empty()).then(|| {
            view! {
                <section class="ignored-parameters" aria-labelledby="ignored-title">
                    <h2 id="ignored-title">"Part of this link was ignored"</h2>
                    <p>"The rest of the link still applies. Ignored:"</p>
                    <ul>
                        {ignored
                            .into_iter()
                            .map(|item| view! { <li>{item.to_string()}</li> })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    };

    // Back to this timeline returns to the card that was at the top of the screen.
    let reading = expect_context::<ReadingPlace>();
    reading.follow(move || filter.with_untracked(filter_query));
    Effect::new(move |_| reading.restore(&filter.with_untracked(filter_query)));

    view! {
        <h1>"Incidents"</h1>
        <OverviewStrip loaded=loaded.clone() filter />
        <FilterForm loaded=loaded.clone() filter on_change />
        {ignored}
        <p class="result-count" role="status">{count_text}</p>
        {empty_state}
        <div class="timeline" inner_html=timeline_html></div>
        {window_status}
    }
    .into_any()
}
