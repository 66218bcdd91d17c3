use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;

use crate::app::events::{closest, on_events, target};
use crate::app::reading_place::{ReadingPlace, focus_card_link};
use crate::app::search_words::{SearchWords, SearchWordsContext};
use crate::app::{
    Site, TIMELINE_PAGE, TimelineWindow, inner_markup, remove_served_page_when_shown,
    set_document_title, use_loaded_atlas,
};
use crate::site::contract;
use crate::site::markup::{self, home, incident_count};
use crate::site::paths::SEARCH_WORDS_PATH;
use crate::timeline::filter::{TimelineFilter, YearRange};
use crate::timeline::search::SearchTerms;
use crate::timeline::url_state::{ParsedFilter, filter_query, parse_filter_query, timeline_path};

/// The timeline: filters, an overview of the collection, and the matching incidents grouped by
/// year and month. The filter lives in the URL query; everything here derives from it.
#[component]
pub fn HomePage() -> impl IntoView {
    set_document_title("Incident Atlas");
    let site = expect_context::<Site>();
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    remove_served_page_when_shown();
    let location = use_location();
    let parsed = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            loaded
                .atlas
                .resolve(parse_filter_query(&location.search.get()))
        })
    };
    let filter = FilterOf(parsed);
    // Search covers the write-ups once their words are here (src/app/search_words.rs); the
    // atlas with them has the same incidents in the same order.
    let words = expect_context::<SearchWordsContext>();
    let words_url = site.href(SEARCH_WORDS_PATH);
    let matches = {
        let loaded = loaded.clone();
        Memo::new(move |_| {
            let searchable = words.0.with(SearchWords::atlas);
            let atlas = searchable.as_deref().unwrap_or(&loaded.atlas);
            filter.with(|f| atlas.filtered(f))
        })
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
            .get_element_by_id(contract::id::SEARCH_INPUT)
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
            return incident_count(total);
        }
        let count = format!("{} of {total} incidents match", matches.with(Vec::len));
        if filter.with(|f| f.query.trim().is_empty()) {
            return count;
        }
        words.0.with(|words| match words {
            SearchWords::Loading => format!("{count} so far; searching the write-ups too…"),
            SearchWords::Failed(reason) => format!(
                "{count} in their titles and summaries; the write-ups could not be searched ({reason})."
            ),
            SearchWords::NotAsked | SearchWords::Ready(_) => count,
        })
    };

    // Only a window of the matches is rendered: ten thousand cards at once would take seconds.
    let window = expect_context::<TimelineWindow>().0;
    let shown = move || {
        let query = filter.with(filter_query);
        window.with(|(for_query, count)| {
            if *for_query == query {
                *count
            } else {
                TIMELINE_PAGE
            }
        })
    };
    let show_more = move || {
        let query = filter.with_untracked(filter_query);
        let before = untrack(shown);
        window.set((query, before + TIMELINE_PAGE));
        // Keyboard and screen-reader users go on reading where the new cards start, rather
        // than from a button that has moved below them.
        request_animation_frame(move || focus_card_link(before));
    };

    // The cards are set as one piece of HTML (src/markup, shared with the served page): a
    // filter change then costs one DOM call instead of one per text and attribute.
    let timeline_html = {
        let loaded = loaded.clone();
        let base = site.base.clone();
        move || {
            let terms = filter.with_untracked(|f| SearchTerms::parse(&f.query));
            let count = shown();
            // With the search words, a card can say which words of its write-up matched.
            let searchable = words.0.with(SearchWords::atlas);
            let atlas = searchable.as_deref().unwrap_or(&loaded.atlas);
            // Borrowed, not cloned: at 10,000 incidents the matches are 80 KB per change.
            matches.with(|all| {
                markup::timeline(atlas, &all[..count.min(all.len())], &terms, &base, "")
            })
        }
    };
    let window_html = move || {
        let total = matches.with(Vec::len);
        home::window_status(shown().min(total), total, TIMELINE_PAGE)
    };
    let empty_html = move || {
        matches
            .with(Vec::is_empty)
            .then(home::empty_state)
            .unwrap_or_default()
    };
    let ignored_html = move || parsed.with(|p| home::ignored_parameters(&p.ignored));

    // The form and the overview are drawn once; after that they follow the filter in place,
    // so focus and the search box's caret stay where they are.
    // Found from the page's container: one node reference, one copy of its code in the wasm.
    let page = NodeRef::<leptos::html::Div>::new();
    let part = move |selector: &str| page.get()?.query_selector(selector).ok().flatten();
    let form = move || part("form.filters");
    let overview = move || part("section.overview");
    let (form_html, overview_html) = filter.with_untracked(|f| {
        (
            home::filter_form(&loaded.atlas, f),
            home::overview(&loaded.atlas, f, &site.base),
        )
    });

    // What the controls ask for, handled once for the whole page.
    let change = move |update: &dyn Fn(&mut TimelineFilter), entry: HistoryEntry| {
        let mut next = filter.get_untracked();
        update(&mut next);
        on_change.run((next, entry));
    };
    let on_click = move |event: &web_sys::Event| {
        let action = closest(event, &contract::attribute_selector(contract::data::ACTION))
            .and_then(|el| el.get_attribute(contract::data::ACTION))
            .and_then(|name| contract::Action::from_name(&name));
        match action {
            Some(contract::Action::ClearFilters) => {
                on_change.run((TimelineFilter::default(), HistoryEntry::Push))
            }
            Some(contract::Action::ShowMore) => show_more(),
            _ => {}
        }
    };
    // Focusing the search box is a sign a search is coming: fetch its words already.
    let on_focus = {
        let loaded = loaded.clone();
        let words_url = words_url.clone();
        move |event: &web_sys::Event| {
            if target(event).is_some_and(|el| el.id() == contract::id::SEARCH_INPUT) {
                words.request(&loaded, &words_url);
            }
        }
    };
    let on_input = move |event: &web_sys::Event| {
        if target(event).is_some_and(|el| el.id() == contract::id::SEARCH_INPUT) {
            let value = event_target_value(event);
            // The first keystroke of a search makes a history entry, so Back leaves the
            // search; the rest replace it, so Back does not replay the typing.
            let entry = if filter.with_untracked(|f| f.query.trim().is_empty()) {
                HistoryEntry::Push
            } else {
                HistoryEntry::Replace
            };
            change(&|f| f.query = value.clone(), entry)
        }
    };
    let on_select = move |event: &web_sys::Event| {
        let Some(id) = target(event).map(|el| el.id()) else {
            return;
        };
        let value = event_target_value(event);
        let year = value.parse::<i32>().ok();
        let update: &dyn Fn(&mut TimelineFilter) = match id.as_str() {
            contract::id::YEAR_SELECT => &|f| {
                f.years = year.map(|from| match f.years {
                    Some(range) if !range.is_single() && range.to > from => {
                        YearRange::new(from, range.to)
                    }
                    _ => YearRange::single(from),
                })
            },
            contract::id::THROUGH_SELECT => &|f| {
                f.years = match (f.years.map(|y| y.from), year) {
                    (Some(from), Some(to)) => Some(YearRange::new(from, to)),
                    (None, Some(to)) => Some(YearRange::single(to)),
                    (Some(from), None) => Some(YearRange::single(from)),
                    (None, None) => None,
                }
            },
            contract::id::ORGANISATION_SELECT => {
                &|f| f.organisation = (!value.is_empty()).then(|| value.clone())
            }
            contract::id::TYPE_SELECT => &|f| f.types = selected_values(event),
            _ => return,
        };
        change(update, HistoryEntry::Push)
    };

    // Back to this timeline returns to the card that was at the top of the screen.
    let reading = expect_context::<ReadingPlace>();
    reading.follow(move || filter.with_untracked(filter_query));

    // What follows the filter outside the markup, in one effect (each effect is code of its
    // own in the wasm). Once the page is drawn: size the overview's bars, and after Back
    // return to the card that was at the top. After every change: the form and the
    // overview's links follow the filter in place, so focus and the search box's caret stay
    // where they are; and a search fetches the write-ups' words if they are not here yet.
    {
        let base = site.base.clone();
        let loaded = loaded.clone();
        Effect::new(move |drawn: Option<()>| {
            let searching = filter.with(|f| {
                if drawn.is_none() {
                    if let Some(overview) = overview() {
                        size_overview_bars(&overview);
                    }
                    reading.restore(&filter_query(f));
                }
                if let Some(form) = form() {
                    show_filter_in_form(&form, f);
                }
                if let Some(overview) = overview() {
                    show_filter_in_overview(&overview, f, &base);
                }
                !f.query.trim().is_empty()
            });
            if searching {
                words.request(&loaded, &words_url);
            }
        });
    }

    on_events(
        page,
        &["click", "focusin", "input", "change", "submit"],
        move |event| match event.type_().as_str() {
            "click" => on_click(&event),
            "focusin" => on_focus(&event),
            "input" => on_input(&event),
            "change" => on_select(&event),
            // The form has no submit button; Enter in the search box must not reload.
            "submit" => event.prevent_default(),
            _ => {}
        },
    );

    view! {
        <div class="home" node_ref=page>
            <h1>"Incidents"</h1>
            <section class="overview" aria-labelledby="overview-title" {..inner_markup(overview_html)}></section>
            // autocomplete="off": otherwise the browser copies the state of every control (each
            // option of the organisation list) into each history entry a filter change makes,
            // 0.3 ms a change; the form follows the address, so that copy is never used.
            <form
                class="filters"
                role="search"
                aria-label="Filter incidents"
                autocomplete="off"
                {..inner_markup(form_html)}
            ></form>
            <div {..inner_markup(ignored_html)}></div>
            <p class="result-count" role="status">{count_text}</p>
            <div {..inner_markup(empty_html)}></div>
            <div class="timeline" {..inner_markup(timeline_html)}></div>
            <div {..inner_markup(window_html)}></div>
        </div>
    }
    .into_any()
}

/// The filter of the parsed query string, read in place: a memo of its own would be one more
/// memo type in the wasm, to spare a few updates when only the ignored parameters change.
#[derive(Clone, Copy)]
struct FilterOf(Memo<ParsedFilter>);

impl FilterOf {
    fn with<R>(&self, read: impl FnOnce(&TimelineFilter) -> R) -> R {
        self.0.with(|parsed| read(&parsed.filter))
    }

    fn with_untracked<R>(&self, read: impl FnOnce(&TimelineFilter) -> R) -> R {
        self.0.with_untracked(|parsed| read(&parsed.filter))
    }

    fn get_untracked(&self) -> TimelineFilter {
        self.with_untracked(TimelineFilter::clone)
    }
}

/// How a filter change should enter the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HistoryEntry {
    /// A new entry: Back returns to the previous view.
    Push,
    /// Replace the current entry (each keystroke of a search).
    Replace,
}

/// The values of a `<select multiple>`'s chosen options.
fn selected_values(event: &web_sys::Event) -> Vec<String> {
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

/// The element with `id` inside `root`, as `T`.
fn control<T: JsCast>(root: &web_sys::Element, id: &str) -> Option<T> {
    root.query_selector(&format!("#{id}"))
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<T>().ok())
}

/// Sets the form's controls to `filter`, each only if it differs: setting a search box's
/// value moves its caret, and a select's value is one update, not one per option.
fn show_filter_in_form(form: &web_sys::Element, filter: &TimelineFilter) {
    if let Some(search) = control::<web_sys::HtmlInputElement>(form, contract::id::SEARCH_INPUT)
        && search.value() != filter.query
    {
        search.set_value(&filter.query);
    }
    for (id, value) in [
        (contract::id::YEAR_SELECT, home::year_value(filter)),
        (contract::id::THROUGH_SELECT, home::through_value(filter)),
        (
            contract::id::ORGANISATION_SELECT,
            filter.organisation.clone().unwrap_or_default(),
        ),
    ] {
        if let Some(select) = control::<web_sys::HtmlSelectElement>(form, id)
            && select.value() != value
        {
            select.set_value(&value);
        }
    }
    if let Some(types) = control::<web_sys::Element>(form, contract::id::TYPE_SELECT)
        && let Ok(options) = types.query_selector_all("option")
    {
        for option in (0..options.length())
            .filter_map(|i| options.item(i))
            .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
        {
            let chosen = filter.types.contains(&option.value());
            if option.selected() != chosen {
                option.set_selected(chosen);
            }
        }
    }
    if let Ok(Some(clear)) = form.query_selector(&format!(
        "[data-action={}]",
        contract::Action::ClearFilters.as_str()
    )) && let Ok(clear) = clear.dyn_into::<web_sys::HtmlElement>()
    {
        clear.set_hidden(filter.is_empty());
    }
}

/// Sets the heights and colours of the overview's bars, which the markup carries as
/// `data-height` (percent) and `data-fill` (a CSS background, `markup::home::bar_fill`).
fn size_overview_bars(overview: &web_sys::Element) {
    let Ok(bars) = overview.query_selector_all("[data-height]") else {
        return;
    };
    for bar in (0..bars.length())
        .filter_map(|i| bars.item(i))
        .filter_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let style = bar.style();
        if let Some(height) = bar
            .get_attribute("data-height")
            .and_then(|v| v.parse::<u32>().ok())
        {
            let _ = style.set_property("height", &format!("{height}%"));
        }
        if let Some(fill) = bar.get_attribute("data-fill") {
            let _ = style.set_property("background-image", &fill);
        }
    }
}

/// Points each column of the overview at its year with the other filters kept, and marks
/// the years the filter covers.
fn show_filter_in_overview(overview: &web_sys::Element, filter: &TimelineFilter, base: &str) {
    let Ok(links) = overview.query_selector_all("a[data-year]") else {
        return;
    };
    for link in (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|l| l.dyn_into::<web_sys::Element>().ok())
    {
        let Some(year) = link
            .get_attribute("data-year")
            .and_then(|y| y.parse::<i32>().ok())
        else {
            continue;
        };
        let (href, selected) = home::overview_link(filter, year, base);
        set_attribute_if_changed(&link, "href", Some(&href));
        set_attribute_if_changed(&link, "class", Some(home::overview_link_class(selected)));
        set_attribute_if_changed(&link, "aria-current", selected.then_some("true"));
    }
}

/// Sets `name` to `value` (removes it for `None`) only if that changes it: writing an
/// attribute, even to the value it has, makes the browser restyle and repaint the element,
/// and a column of the overview is some thirty boxes.
fn set_attribute_if_changed(element: &web_sys::Element, name: &str, value: Option<&str>) {
    if element.get_attribute(name).as_deref() == value {
        return;
    }
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}
