use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::events::{EventType, closest, on_events, target};
use crate::app::location::{HistoryEntry, Location};
use crate::app::reading_place::{ReadingPlace, focus_card_link};
use crate::app::search_words::{SearchWords, SearchWordsContext};
use crate::app::{
    LoadedAtlas, Site, TIMELINE_PAGE, TimelineWindow, inner_markup, remove_served_page_when_shown,
    set_document_title, use_loaded_atlas,
};
use crate::site::contract::{self, Action, attribute_selector, class_selector, id_selector};
use crate::site::markup::{self, home, incident_count};
use crate::site::paths::SEARCH_WORDS_PATH;
use crate::timeline::filter::{MechanismPath, TimelineFilter};
use crate::timeline::search::SearchTerms;
use crate::timeline::url_state::{
    ParsedFilter, filter_query, parse_filter_query, route_query, timeline_path,
};
use crate::timeline::{Atlas, FacetCounts};

/// The events the page handles on its markup.
const PAGE_EVENTS: &[EventType] = &[
    EventType::Click,
    EventType::FocusIn,
    EventType::Input,
    EventType::Change,
    EventType::Submit,
];

/// The timeline: filters, an overview of the collection, and the matching incidents grouped by
/// year and month. The filter lives in the address's query string; everything here derives
/// from it.
#[component]
pub fn HomePage() -> impl IntoView {
    set_document_title("Incident Atlas");
    let Some(loaded) = use_loaded_atlas() else {
        return ().into_any();
    };
    remove_served_page_when_shown();
    let timeline = Timeline::new(loaded, expect_context::<Site>());
    follow_slash_shortcut();
    // Back to this timeline returns to the card that was at the top of the screen.
    let reading = expect_context::<ReadingPlace>();
    let filter = timeline.filter;
    reading.follow(move || filter.with_untracked(filter_query));
    // The page's container: its parts are found from it, and it handles their events.
    let page = NodeRef::<Div>::new();
    timeline.follow_filter(page, reading);
    let handler = timeline.clone();
    on_events(page, PAGE_EVENTS, move |kind, event| {
        handler.handle(kind, &event)
    });
    timeline.view(page)
}

/// The home page's state, derived from the address, and what its parts need.
#[derive(Clone)]
struct Timeline {
    loaded: Arc<LoadedAtlas>,
    site: Site,
    location: Location,
    filter: FilterOf,
    /// The matching incidents, in timeline order.
    matches: Memo<Vec<usize>>,
    words: SearchWordsContext,
    /// How many cards are shown, and for which filter's query string.
    window: RwSignal<(String, usize)>,
    /// The chips' counting that waits for changes to pause, if one does.
    pending_count: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

/// How long the filter must stay unchanged before the chips are counted again: longer than
/// the time between two keystrokes, short enough to read as at once.
const CHIP_COUNT_PAUSE: std::time::Duration = std::time::Duration::from_millis(120);

/// `read` with the atlas to search: the one with the write-ups' words once they are here
/// (src/app/search_words.rs), which has the same incidents in the same order.
fn with_searchable<R>(
    loaded: &LoadedAtlas,
    words: SearchWordsContext,
    read: impl FnOnce(&Atlas) -> R,
) -> R {
    let searchable = words.0.with(SearchWords::atlas);
    read(searchable.as_deref().unwrap_or(&loaded.atlas))
}

impl Timeline {
    fn new(loaded: Arc<LoadedAtlas>, site: Site) -> Timeline {
        let location = expect_context::<Location>();
        let parsed = {
            let loaded = loaded.clone();
            Memo::new(move |_| {
                location
                    .search
                    .with(|search| loaded.atlas.resolve(parse_filter_query(search)))
            })
        };
        let filter = FilterOf(parsed);
        let words = expect_context::<SearchWordsContext>();
        let matches = {
            let loaded = loaded.clone();
            Memo::new(move |_| {
                with_searchable(&loaded, words, |atlas| filter.with(|f| atlas.filtered(f)))
            })
        };
        Timeline {
            loaded,
            site,
            location,
            filter,
            matches,
            words,
            window: expect_context::<TimelineWindow>().0,
            pending_count: StoredValue::new_local(None),
        }
    }

    /// Shows the timeline of `next`: at once, and in the address as `entry` says.
    fn go(&self, next: &TimelineFilter, entry: HistoryEntry) {
        let href = self.site.href(&timeline_path(next));
        self.location.go(&href, entry, false);
    }

    /// Shows the filter that `update` makes of the current one.
    fn change(&self, update: &dyn Fn(&mut TimelineFilter), entry: HistoryEntry) {
        let mut next = self.filter.get_untracked();
        update(&mut next);
        self.go(&next, entry);
    }

    /// How many cards are shown: a window of the matches, grown by "Show more".
    fn shown(&self) -> usize {
        let query = self.filter.with(filter_query);
        self.window.with(|(for_query, count)| {
            if *for_query == query {
                *count
            } else {
                TIMELINE_PAGE
            }
        })
    }

    fn show_more(&self) {
        let query = self.filter.with_untracked(filter_query);
        let before = untrack(|| self.shown());
        self.window.set((query, before + TIMELINE_PAGE));
        // Keyboard and screen-reader users go on reading where the new cards start, rather
        // than from a button that has moved below them.
        request_animation_frame(move || focus_card_link(before));
    }

    /// Counts what each chip would match for `filter` and shows it, once changes pause
    /// ([`CHIP_COUNT_PAUSE`]): the counts are a second pass over every incident, which the
    /// cards of each keystroke need not wait for, and only the last filter's counts are read.
    fn count_chips_when_paused(&self, form: web_sys::Element, filter: TimelineFilter) {
        let (loaded, words) = (self.loaded.clone(), self.words);
        let count = move || {
            let counts = with_searchable(&loaded, words, |atlas| atlas.facet_counts(&filter));
            show_counts_in_form(&form, &counts);
        };
        let pending = self.pending_count;
        pending.update_value(|last| {
            if let Some(last) = last.take() {
                last.clear();
            }
            *last = set_timeout_with_handle(count, CHIP_COUNT_PAUSE).ok();
        });
    }

    /// Starts fetching the write-ups' search words, unless they are here or coming.
    fn request_words(&self) {
        let url = self.site.href(SEARCH_WORDS_PATH);
        self.words.request(&self.loaded, &url);
    }

    fn count_text(&self) -> String {
        let total = self.loaded.atlas.len();
        let matched = self.matches.with(Vec::len);
        self.filter.with(|filter| {
            self.words
                .0
                .with(|words| count_text(total, matched, filter, words))
        })
    }

    /// The cards of the window, as one piece of HTML (the served page's markup): a change
    /// then replaces them in one DOM call.
    fn cards_html(&self) -> maud::Markup {
        let (terms, link_query) = self
            .filter
            .with_untracked(|f| (SearchTerms::parse(&f.query), route_query(f)));
        let count = self.shown();
        let base = &self.site.base;
        // With the search words, a card can say which words of its write-up matched.
        with_searchable(&self.loaded, self.words, |atlas| {
            // Borrowed: the matches can be long.
            self.matches.with(|all| {
                let shown = &all[..count.min(all.len())];
                markup::timeline(atlas, shown, &terms, base, ("", &link_query))
            })
        })
    }

    fn handle(&self, kind: EventType, event: &web_sys::Event) {
        match kind {
            EventType::Click => self.on_click(event),
            EventType::FocusIn => self.on_focus(event),
            EventType::Input => self.on_input(event),
            EventType::Change => self.on_select(event),
            // The form has no submit button; Enter in the search box must not reload.
            EventType::Submit => event.prevent_default(),
            _ => {}
        }
    }

    /// The buttons: Clear filters, the folded filters' button, and Show more.
    fn on_click(&self, event: &web_sys::Event) {
        let action = closest(event, &attribute_selector(contract::data::ACTION))
            .and_then(|el| el.get_attribute(contract::data::ACTION))
            .and_then(|name| Action::from_name(&name));
        match action {
            Some(Action::ClearFilters) => {
                clear_path_in_form();
                self.go(&TimelineFilter::default(), HistoryEntry::Push)
            }
            Some(Action::ToggleFilters) => {
                if let Some(button) = target(event) {
                    let open = button.get_attribute("aria-expanded").as_deref() == Some("true");
                    let _ =
                        button.set_attribute("aria-expanded", if open { "false" } else { "true" });
                }
            }
            Some(Action::SkipFilters) => focus_card_link(0),
            Some(Action::ShowMore) => self.show_more(),
            _ => {}
        }
    }

    /// Focusing the search box is a sign a search is coming: its words are fetched already.
    fn on_focus(&self, event: &web_sys::Event) {
        if target(event).is_some_and(|el| el.id() == contract::id::SEARCH_INPUT) {
            self.request_words();
        }
    }

    fn on_input(&self, event: &web_sys::Event) {
        if target(event).is_none_or(|el| el.id() != contract::id::SEARCH_INPUT) {
            return;
        }
        let value = event_target_value(event);
        // The first keystroke of a search makes a history entry, so Back leaves the search;
        // the rest replace it, so Back does not replay the typing.
        let entry = if self.filter.with_untracked(|f| f.query.trim().is_empty()) {
            HistoryEntry::Push
        } else {
            HistoryEntry::Replace
        };
        self.change(&|f| f.query = value.clone(), entry)
    }

    /// The selects (years, organisation, the "led to" path) and the chips (failure types and
    /// mechanisms).
    fn on_select(&self, event: &web_sys::Event) {
        let Some(id) = target(event).map(|el| el.id()) else {
            return;
        };
        let value = event_target_value(event);
        let year = value.parse::<i32>().ok();
        let path = path_in_form();
        let update: &dyn Fn(&mut TimelineFilter) = match id.as_str() {
            contract::id::YEAR_SELECT => &|f| f.set_first_year(year),
            contract::id::THROUGH_SELECT => &|f| f.set_last_year(year),
            contract::id::ORGANISATION_SELECT => {
                &|f| f.organisation = (!value.is_empty()).then(|| value.clone())
            }
            // A chip has no id of its own: its group says what it chooses.
            "" => match chip_group(event) {
                Some((group, chosen)) if group == contract::id::TYPE_CHIPS => {
                    &move |f| f.types = chosen.clone()
                }
                Some((_, chosen)) => &move |f| f.mechanisms = chosen.clone(),
                None => return,
            },
            contract::id::PATH_FROM_SELECT | contract::id::PATH_TO_SELECT => {
                // "Led to" applies once both ends are chosen; one end alone waits for the
                // other (and removes a path that was applied).
                if path.is_none() && self.filter.with_untracked(|f| f.path.is_none()) {
                    return;
                }
                &|f| f.path = path.clone()
            }
            _ => return,
        };
        self.change(update, HistoryEntry::Push)
    }

    /// What follows the filter outside the markup, in one effect (each effect is code of its
    /// own in the wasm). Once the page is drawn: size the overview's bars, and after Back
    /// return to the card that was at the top. After every change: the form and the
    /// overview's links follow the filter in place, so focus and the search box's caret stay
    /// where they are; and a search fetches the write-ups' words if they are not here yet.
    fn follow_filter(&self, page: NodeRef<Div>, reading: ReadingPlace) {
        let timeline = self.clone();
        // Found from the page's container: one node reference type in the wasm.
        let part = move |class: &str| {
            page.get()?
                .query_selector(&class_selector(class))
                .ok()
                .flatten()
        };
        Effect::new(move |drawn: Option<()>| {
            let searching = timeline.filter.with(|f| {
                if drawn.is_none() {
                    if let Some(overview) = part(contract::class::OVERVIEW) {
                        size_overview_bars(&overview);
                    }
                    reading.restore(&filter_query(f));
                }
                if let Some(form) = part(contract::class::FILTER_FORM) {
                    show_filter_in_form(&form, f);
                    // Counted again when the write-ups' words arrive too: a search then
                    // matches more.
                    timeline.words.0.track();
                    timeline.count_chips_when_paused(form, f.clone());
                }
                if let Some(overview) = part(contract::class::OVERVIEW) {
                    show_filter_in_overview(&overview, f, &timeline.site.base);
                }
                !f.query.trim().is_empty()
            });
            if searching {
                timeline.request_words();
            }
        });
    }

    /// The page. The form and the overview are drawn once; after that they follow the filter
    /// in place (`follow_filter`).
    fn view(self, page: NodeRef<Div>) -> AnyView {
        let (form_html, overview_html) = self.filter.with_untracked(|f| {
            let counts = self.loaded.atlas.facet_counts(f);
            (
                home::filter_form(&self.loaded.atlas, f, &counts),
                home::overview(&self.loaded.atlas, f, &self.site.base),
            )
        });
        let count_text = {
            let timeline = self.clone();
            move || timeline.count_text()
        };
        let timeline_html = {
            let timeline = self.clone();
            move || timeline.cards_html()
        };
        let window_html = {
            let timeline = self.clone();
            move || {
                let total = timeline.matches.with(Vec::len);
                home::window_status(timeline.shown().min(total), total, TIMELINE_PAGE)
            }
        };
        let matches = self.matches;
        let empty_html = move || {
            matches
                .with(Vec::is_empty)
                .then(home::empty_state)
                .unwrap_or_default()
        };
        let parsed = self.filter.0;
        let ignored_html = move || parsed.with(|p| home::ignored_parameters(&p.ignored));

        view! {
            <div class="home" node_ref=page>
                <h1>"Incidents"</h1>
                <section class=contract::class::OVERVIEW aria-labelledby="overview-title" {..inner_markup(overview_html)}></section>
                // autocomplete="off": otherwise the browser copies the state of every control
                // into each history entry a change makes; the form follows the address instead.
                <div class="home__body">
                    <form
                        class=contract::class::FILTER_FORM
                        role="search"
                        aria-label="Filter incidents"
                        autocomplete="off"
                        {..inner_markup(form_html)}
                    ></form>
                    <div class="home__results">
                        <div {..inner_markup(ignored_html)}></div>
                        <p class="result-count" role="status">{count_text}</p>
                        <div {..inner_markup(empty_html)}></div>
                        <div class="timeline" {..inner_markup(timeline_html)}></div>
                        <div {..inner_markup(window_html)}></div>
                    </div>
                </div>
            </div>
        }
        .into_any()
    }
}

/// The result count's words: how many of the `total` incidents match the filter and, for a
/// search, whether the write-ups were searched too.
fn count_text(
    total: usize,
    matched: usize,
    filter: &TimelineFilter,
    words: &SearchWords,
) -> String {
    if filter.is_empty() {
        return incident_count(total);
    }
    let count = format!("{matched} of {total} incidents match");
    if filter.query.trim().is_empty() {
        return count;
    }
    match words {
        SearchWords::Loading => format!("{count} so far; searching the write-ups too…"),
        SearchWords::Failed(reason) => format!(
            "{count} in their titles and summaries; the write-ups could not be searched ({reason})."
        ),
        SearchWords::NotAsked | SearchWords::Ready(_) => count,
    }
}

/// "/" jumps to the search box from anywhere on the page but a text field.
fn follow_slash_shortcut() {
    let slash = window_event_listener(leptos::ev::keydown, |event| {
        if event.key() != "/"
            || event.ctrl_key()
            || event.meta_key()
            || event.alt_key()
            || target(&event).is_some_and(|el| takes_text(&el))
        {
            return;
        }
        if let Some(input) = document()
            .get_element_by_id(contract::id::SEARCH_INPUT)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            event.prevent_default();
            let _ = input.focus();
        }
    });
    on_cleanup(move || slash.remove());
}

/// Whether keys typed into `element` are text for it ("/" there is a character).
fn takes_text(element: &web_sys::Element) -> bool {
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element
            .closest("[contenteditable]")
            .ok()
            .flatten()
            .is_some()
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

/// The chip group (its id) of the checkbox an event came from, and the values of the group's
/// checked chips.
fn chip_group(event: &web_sys::Event) -> Option<(String, Vec<String>)> {
    let group = closest(event, "fieldset")?;
    let chosen = checkboxes(&group)
        .filter(|chip| chip.checked())
        .map(|chip| chip.value())
        .collect();
    Some((group.id(), chosen))
}

/// The checkboxes inside `root`.
fn checkboxes(root: &web_sys::Element) -> impl Iterator<Item = web_sys::HtmlInputElement> {
    let found = root.query_selector_all("input[type=checkbox]").ok();
    let count = found.as_ref().map_or(0, |list| list.length());
    (0..count)
        .filter_map(move |i| found.as_ref().and_then(|list| list.item(i)))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlInputElement>().ok())
}

/// The element with `id` inside `root`, as `T`.
fn control<T: JsCast>(root: &web_sys::Element, id: &str) -> Option<T> {
    root.query_selector(&id_selector(id))
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
    for (id, chosen) in [
        (contract::id::TYPE_CHIPS, &filter.types),
        (contract::id::MECHANISM_CHIPS, &filter.mechanisms),
    ] {
        show_chosen_chips(form, id, chosen);
    }
    if let Ok(Some(toggle)) = form.query_selector(&Action::ToggleFilters.selector()) {
        let label = home::filters_toggle_label(filter);
        if toggle.text_content().as_deref() != Some(label.as_str()) {
            toggle.set_text_content(Some(&label));
        }
    }
    show_path_in_form(form, filter);
    if let Ok(Some(clear)) = form.query_selector(&Action::ClearFilters.selector())
        && let Ok(clear) = clear.dyn_into::<web_sys::HtmlElement>()
    {
        clear.set_hidden(filter.is_empty());
    }
}

/// The "led to" path the form's two selects choose, if both ends are chosen.
fn path_in_form() -> Option<MechanismPath> {
    let end = |id: &str| {
        document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|select| select.value())
            .filter(|value| !value.is_empty())
    };
    end(contract::id::PATH_FROM_SELECT)
        .zip(end(contract::id::PATH_TO_SELECT))
        .map(|(from, to)| MechanismPath { from, to })
}

/// Empties both "led to" selects (Clear filters: one end chosen alone is cleared too).
fn clear_path_in_form() {
    for id in [contract::id::PATH_FROM_SELECT, contract::id::PATH_TO_SELECT] {
        if let Some(select) = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value("");
        }
    }
}

/// Checks exactly the chips of the group `id` whose values are `chosen`.
fn show_chosen_chips(form: &web_sys::Element, id: &str, chosen: &[String]) {
    let Some(group) = control::<web_sys::Element>(form, id) else {
        return;
    };
    for chip in checkboxes(&group) {
        let checked = chosen.contains(&chip.value());
        if chip.checked() != checked {
            chip.set_checked(checked);
        }
    }
}

/// Sets each chip's count, in the order the groups list them, where it changed; and says
/// how many filters are chosen on the button that unfolds them.
fn show_counts_in_form(form: &web_sys::Element, counts: &FacetCounts) {
    for (id, counts) in [
        (contract::id::TYPE_CHIPS, &counts.types),
        (contract::id::MECHANISM_CHIPS, &counts.mechanisms),
    ] {
        let Some(shown) = control::<web_sys::Element>(form, id).and_then(|group| {
            group
                .query_selector_all(&class_selector(contract::class::CHIP_COUNT))
                .ok()
        }) else {
            continue;
        };
        for (i, count) in counts.iter().enumerate() {
            let text = count.to_string();
            if let Some(node) = shown.item(i as u32)
                && node.text_content().as_deref() != Some(text.as_str())
            {
                node.set_text_content(Some(&text));
            }
        }
    }
}

/// The "led to" selects show the path; without one, both are emptied unless only one end is
/// chosen (it waits for the other).
fn show_path_in_form(form: &web_sys::Element, filter: &TimelineFilter) {
    let ends = [contract::id::PATH_FROM_SELECT, contract::id::PATH_TO_SELECT]
        .map(|id| control::<web_sys::HtmlSelectElement>(form, id));
    let [Some(from), Some(to)] = ends else {
        return;
    };
    let (want_from, want_to) = home::path_values(filter);
    let half_chosen = from.value().is_empty() != to.value().is_empty();
    if filter.path.is_none() && half_chosen {
        return;
    }
    for (select, value) in [(from, want_from), (to, want_to)] {
        if select.value() != value {
            select.set_value(&value);
        }
    }
}

/// Sets the heights and colours of the overview's bars, which the markup carries as
/// `data-height` (percent) and `data-fill` (a CSS background, `markup::home::bar_fill`).
fn size_overview_bars(overview: &web_sys::Element) {
    let Ok(bars) = overview.query_selector_all(&attribute_selector(contract::data::HEIGHT)) else {
        return;
    };
    for bar in (0..bars.length())
        .filter_map(|i| bars.item(i))
        .filter_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let style = bar.style();
        if let Some(height) = bar
            .get_attribute(contract::data::HEIGHT)
            .and_then(|v| v.parse::<u32>().ok())
        {
            let _ = style.set_property("height", &format!("{height}%"));
        }
        if let Some(fill) = bar.get_attribute(contract::data::FILL) {
            let _ = style.set_property("background-image", &fill);
        }
    }
}

/// Points each column of the overview at its year with the other filters kept, and marks
/// the years the filter covers.
fn show_filter_in_overview(overview: &web_sys::Element, filter: &TimelineFilter, base: &str) {
    let Ok(links) = overview.query_selector_all(&attribute_selector(contract::data::YEAR)) else {
        return;
    };
    for link in (0..links.length())
        .filter_map(|i| links.item(i))
        .filter_map(|l| l.dyn_into::<web_sys::Element>().ok())
    {
        let Some(year) = link
            .get_attribute(contract::data::YEAR)
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
