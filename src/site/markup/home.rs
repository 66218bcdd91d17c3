//! The home page's parts as HTML, around the timeline (`super::timeline`): the overview of
//! incidents per year, the filter form, the notices about the catalogue and the link, and the
//! controls under the cards. The app sets each in one step and handles their events on the
//! page (src/app/pages/home.rs); what changes with the filter after that (the form's values,
//! the overview's links) it updates in place, so focus stays where it is.
//!
//! Buttons carry `data-action`, the name the page's one click handler goes by.

use std::fmt::Write;

use maud::{Markup, html};

use crate::catalogue::Slug;
use crate::catalogue::check::Problem;
use crate::site::contract::Action;
use crate::site::contract::class::CHIP_COUNT;
use crate::site::contract::id::{
    FILTER_PANEL, MECHANISM_CHIPS, ORGANISATION_SELECT, PATH_FROM_SELECT, PATH_TO_SELECT,
    SEARCH_INPUT, THROUGH_SELECT, TYPE_CHIPS, YEAR_SELECT,
};
use crate::site::paths::href;
use crate::timeline::filter::{TimelineFilter, YearRange};
use crate::timeline::url_state::{IgnoredParameter, timeline_path};
use crate::timeline::{Atlas, FacetCounts, YearColumn};

/// The value of the year select for `filter`: the first year, or empty for all.
pub fn year_value(filter: &TimelineFilter) -> String {
    filter.years.map(|y| y.from.to_string()).unwrap_or_default()
}

/// The value of the "through" select: the last year of a range, or empty.
pub fn through_value(filter: &TimelineFilter) -> String {
    filter
        .years
        .filter(|y| !y.is_single())
        .map(|y| y.to.to_string())
        .unwrap_or_default()
}

/// `<option value="…"{ selected}>label</option>`.
fn option(value: &str, label: &str, selected: bool) -> Markup {
    html! { option value=(value) selected[selected] { (label) } }
}

/// An empty option labelled `none`, then one per year of the atlas; `chosen` is selected.
fn year_options(atlas: &Atlas, none: &str, chosen: &str) -> Markup {
    html! {
        (option("", none, chosen.is_empty()))
        @for year in atlas.years() {
            @let year = year.to_string();
            (option(&year, &year, year == chosen))
        }
    }
}

/// The words of the button that unfolds the filters on a narrow screen: how many are chosen.
pub fn filters_toggle_label(filter: &TimelineFilter) -> String {
    match filter.chosen_count() {
        0 => "Filters".to_owned(),
        count => format!("Filters ({count})"),
    }
}

/// The filter form's content, its controls showing `filter` and its chips `counts`: the search
/// box, then the rest, which folds behind a "Filters (N)" button on a narrow screen. Native
/// controls with visible labels, hints tied to them, the failure types and mechanisms as
/// chips (checkboxes), and a button to clear the filter (hidden while there is none).
pub fn filter_form(atlas: &Atlas, filter: &TimelineFilter, counts: &FacetCounts) -> Markup {
    let organisation = filter.organisation.as_deref();
    let types = atlas.failure_types();
    html! {
        div class="filters__field filters__field--search" {
            label for=(SEARCH_INPUT) { "Search" }
            input id=(SEARCH_INPUT) type="search" autocomplete="off" spellcheck="false"
                aria-describedby="filter-search-hint" value=(filter.query);
            span id="filter-search-hint" class="filters__hint" {
                "Words or \"a phrase\"; press / to jump here."
            }
        }
        // Keyboard users reach the cards from the search box without tabbing through every
        // chip; it shows when focused, like the page's skip link.
        button type="button" class="button filters__skip"
            data-action=(Action::SkipFilters.as_str()) { "Skip to the incidents" }
        button type="button" class="button filters__toggle" aria-expanded="false"
            aria-controls=(FILTER_PANEL) data-action=(Action::ToggleFilters.as_str()) {
            (filters_toggle_label(filter))
        }
        div id=(FILTER_PANEL) class="filters__panel" {
            div class="filters__field" {
                label for=(YEAR_SELECT) { "Year" }
                select id=(YEAR_SELECT) { (year_options(atlas, "All", &year_value(filter))) }
            }
            div class="filters__field" {
                label for=(THROUGH_SELECT) { "Through" }
                select id=(THROUGH_SELECT) aria-describedby="filter-through-hint" {
                    (year_options(atlas, "—", &through_value(filter)))
                }
                span id="filter-through-hint" class="filters__hint" { "For a range of years." }
            }
            div class="filters__field filters__field--wide" {
                label for=(ORGANISATION_SELECT) { "Organisation" }
                select id=(ORGANISATION_SELECT) {
                    (option("", "All", organisation.is_none()))
                    @for (name, _) in atlas.organisations() {
                        (option(name, name, organisation == Some(name.as_str())))
                    }
                }
            }
            (chip_group(
                TYPE_CHIPS,
                "Failure type",
                "Incidents of any chosen type. Each chip counts what it would match.",
                types.iter().zip(&counts.types).map(|(t, count)| Chip {
                    id: t.id.as_str(),
                    label: &t.label,
                    count: *count,
                    colour: true,
                    chosen: filter.types.iter().any(|c| c == t.id.as_str()),
                }),
            ))
            @if !atlas.mechanisms().is_empty() { (mechanism_fields(atlas, filter, counts)) }
            div class="filters__actions" {
                button type="button" class="button" data-action=(Action::ClearFilters.as_str())
                    hidden[filter.is_empty()] { "Clear filters" }
            }
        }
    }
}

/// One chip of a group: a checkbox named by its label, with the count of incidents it would
/// match, and its colour where it has one.
struct Chip<'a> {
    id: &'a str,
    label: &'a str,
    count: usize,
    /// Whether it has a failure type's colour (`type-colour--<id>`).
    colour: bool,
    chosen: bool,
}

/// A fieldset of chips, `id` its id and `legend` its name. A chip's accessible name is its
/// label alone, so it reads and is found as "DNS"; its count is its description.
fn chip_group<'a>(
    id: &str,
    legend: &str,
    hint: &str,
    chips: impl Iterator<Item = Chip<'a>>,
) -> Markup {
    html! {
        fieldset id=(id) class="filters__field filters__field--wide filters__chips"
            aria-describedby={ (id) "-hint" } {
            legend { (legend) }
            span id={ (id) "-hint" } class="filters__hint" { (hint) }
            span class="filters__chip-list" {
                @for chip in chips {
                    @let count_id = format!("{id}-{}", chip.id);
                    label class="chip-toggle" {
                        input type="checkbox" value=(chip.id) checked[chip.chosen]
                            aria-describedby=(count_id);
                        @if chip.colour {
                            span class={ "chip-toggle__swatch type-colour--" (chip.id) }
                                aria-hidden="true" {}
                        }
                        span class="chip-toggle__name" { (chip.label) }
                        span id=(count_id) class=(CHIP_COUNT) aria-hidden="true" {
                            (chip.count.to_string())
                        }
                    }
                }
            }
        }
    }
}

/// The mechanism controls: chips (any of them), and the "led to" path, two selects that apply
/// once both are chosen.
fn mechanism_fields(atlas: &Atlas, filter: &TimelineFilter, counts: &FacetCounts) -> Markup {
    let (from, to) = path_values(filter);
    let path_select = |id: &str, label: &str, chosen: &str| {
        html! {
            span class="filters__pair" {
                label for=(id) { (label) }
                select id=(id) aria-describedby="filter-path-hint" {
                    (option("", "—", chosen.is_empty()))
                    @for mechanism in atlas.mechanisms() {
                        @let id = mechanism.id.as_str();
                        (option(id, &mechanism.label, id == chosen))
                    }
                }
            }
        }
    };
    html! {
        (chip_group(
            MECHANISM_CHIPS,
            "Mechanism",
            "Incidents with a step of any chosen mechanism.",
            atlas.mechanisms().iter().zip(&counts.mechanisms).map(|(m, count)| Chip {
                id: m.id.as_str(),
                label: &m.label,
                count: *count,
                colour: false,
                chosen: filter.mechanisms.iter().any(|c| c == m.id.as_str()),
            }),
        ))
        fieldset class="filters__field filters__field--wide filters__path" {
            legend { "Led to" }
            (path_select(PATH_FROM_SELECT, "From", &from))
            (path_select(PATH_TO_SELECT, "To", &to))
            span id="filter-path-hint" class="filters__hint" {
                "Choose both: incidents in which a step of the first led, directly or not, to a \
                 step of the second."
            }
        }
    }
}

/// The values of the "led to" selects for `filter`: the path's ends, or empty.
pub fn path_values(filter: &TimelineFilter) -> (String, String) {
    filter
        .path
        .as_ref()
        .map(|p| (p.from.clone(), p.to.clone()))
        .unwrap_or_default()
}

/// Where the overview's column for `year` leads from `filter` (the other filters kept, the
/// year set), and whether that year is part of the filter.
pub fn overview_link(filter: &TimelineFilter, year: i32, base: &str) -> (String, bool) {
    let to_year = TimelineFilter {
        years: Some(YearRange::single(year)),
        ..filter.clone()
    };
    (
        href(base, &timeline_path(&to_year)),
        filter.years.is_some_and(|y| y.contains(year)),
    )
}

/// The class of an overview column's link.
pub fn overview_link_class(selected: bool) -> &'static str {
    if selected {
        "overview__link overview__link--selected"
    } else {
        "overview__link"
    }
}

/// A column's colours, bottom up, as one CSS background: a band per triggering failure type
/// as tall as its share, each topped by a 1px line of the page's colour. One box to paint
/// instead of one per type: the strip is repainted whenever the chosen years change.
///
/// Type ids are slugs (lower-case letters, digits and hyphens: `Slug::parse`), so they name
/// custom properties as they are, and the value has nothing an attribute escapes; a type
/// without a colour of its own is drawn in the muted text colour.
pub fn bar_fill(by_trigger: &[(Slug, usize)]) -> String {
    let total: usize = by_trigger.iter().map(|(_, count)| count).sum();
    if total == 0 {
        return String::new();
    }
    let mut fill = String::from("linear-gradient(to top");
    // Percentages with two decimals, in integers: no float formatting in the wasm.
    let percent = |part: usize| {
        let hundredths = part * 10_000 / total;
        format!("{}.{:02}%", hundredths / 100, hundredths % 100)
    };
    let mut below = 0;
    for (id, count) in by_trigger {
        let from = percent(below);
        below += count;
        let to = percent(below);
        let _ = write!(
            fill,
            ", var(--type-{id}, var(--muted)) {from} calc({to} - 1px), \
             var(--surface) calc({to} - 1px) {to}"
        );
    }
    fill.push(')');
    fill
}

/// The label of failure type `id`, or the id itself for a type the taxonomy lacks.
fn type_label(atlas: &Atlas, id: &str) -> String {
    atlas
        .failure_type(id)
        .map_or_else(|| id.to_owned(), |t| t.label.clone())
}

/// A column's counts in words: "2020: 3 incidents, triggered by Hardware 2, DNS 1".
fn column_name(atlas: &Atlas, column: &YearColumn) -> String {
    let year = column.year;
    let breakdown: Vec<String> = column
        .by_trigger
        .iter()
        .map(|(id, count)| format!("{} {count}", type_label(atlas, id.as_str())))
        .collect();
    match column.total {
        0 => format!("{year}: no incidents"),
        1 => format!("{year}: 1 incident, triggered by {}", breakdown.join(", ")),
        n => format!(
            "{year}: {n} incidents, triggered by {}",
            breakdown.join(", ")
        ),
    }
}

/// The failure types that trigger the columns' incidents, each once, in taxonomy order.
fn legend_types<'a>(atlas: &Atlas, columns: &'a [YearColumn]) -> Vec<&'a str> {
    let mut legend: Vec<&str> = Vec::new();
    for column in columns {
        for (id, _) in &column.by_trigger {
            if !legend.contains(&id.as_str()) {
                legend.push(id.as_str());
            }
        }
    }
    // Each id once, so no two keys tie.
    crate::order::sort_by_key(&mut legend, |id| {
        atlas
            .failure_types()
            .iter()
            .position(|t| t.id.as_str() == *id)
    });
    legend
}

/// Incidents per year as stacked columns coloured by triggering failure type. Each column is a
/// link to that year (`data-year`); its accessible name says the counts in words, and a legend
/// names the colours, so colour is never the only way to read it.
///
/// A bar's height (percent of the tallest, `data-height`) and its colours (`data-fill`, see
/// [`bar_fill`]) are for the app to set through the CSS object model: the site's content
/// security policy refuses `style` attributes.
pub fn overview(atlas: &Atlas, filter: &TimelineFilter, base: &str) -> Markup {
    let columns = atlas.overview();
    let tallest = columns.iter().map(|c| c.total).max().unwrap_or(1).max(1);
    html! {
        div class="overview__head" {
            h2 id="overview-title" class="overview__title" { "Incidents over time" }
            p class="overview__hint" {
                "Choose a column to see its incidents. Colours show what triggered them."
            }
        }
        ol class="overview__columns" {
            @for column in &columns {
                @let (link, selected) = overview_link(filter, column.year, base);
                @let name = column_name(atlas, column);
                li class="overview__column" {
                    a class=(overview_link_class(selected)) data-year=(column.year.to_string())
                        href=(link) title=(name) aria-current=[selected.then_some("true")] {
                        span class="visually-hidden" { (name) }
                        span class="overview__count" aria-hidden="true" {
                            (column.total.to_string())
                        }
                        span class="overview__bar-area" aria-hidden="true" {
                            span class="overview__bar"
                                data-height=((column.total * 100 / tallest).to_string())
                                data-fill=(bar_fill(&column.by_trigger)) {}
                        }
                        span class="overview__year" aria-hidden="true" {
                            "’" (format!("{:02}", column.year.rem_euclid(100)))
                        }
                    }
                }
            }
        }
        // The key to the colours: in the open on a wide screen, folded on a phone, where it
        // would take the room of the first incident. One of the two is displayed at a time,
        // so only one is read.
        @let legend = html! {
            ul class="overview__legend" {
                @for id in legend_types(atlas, &columns) {
                    li {
                        span class={ "overview__swatch type-colour--" (id) } aria-hidden="true" {}
                        (type_label(atlas, id))
                    }
                }
            }
        };
        div class="overview__key overview__key--open" { (legend) }
        details class="overview__key overview__key--folded" {
            summary { "What the colours mean" }
            (legend)
        }
    }
}

/// A catalogue with thousands of bad entries still gets a notice a person can read.
pub const SHOWN_PROBLEMS: usize = 50;

/// Incidents left out because they failed their checks (`skipped` of them): a notice listing
/// each problem, so that nothing disappears silently while the valid ones stay on screen.
/// Empty when there are none.
pub fn catalogue_problems(problems: &[Problem], skipped: usize) -> Markup {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        section class="catalogue-problems" aria-labelledby="catalogue-problems-title" {
            h2 id="catalogue-problems-title" {
                @if skipped == 1 { "1 incident" } @else { (skipped.to_string()) " incidents" }
                " in the catalogue could not be shown"
            }
            p { "Everything else is shown as usual. What was wrong:" }
            ul {
                @for problem in problems.iter().take(SHOWN_PROBLEMS) {
                    li {
                        @if let Some(line) = problem.line { "line " (line.to_string()) ": " }
                        (problem.to_string())
                    }
                }
                @if problems.len() > SHOWN_PROBLEMS {
                    li {
                        "… and " ((problems.len() - SHOWN_PROBLEMS).to_string())
                        " more; `atlas check` on the catalogue lists them all."
                    }
                }
            }
        }
    }
}

/// The whole catalogue at `url` could not be read: say so, why, and what to do.
pub fn load_failure(url: &str, reason: &str) -> Markup {
    html! {
        section class="load-failure" role="alert" aria-labelledby="load-failure-title" {
            h1 id="load-failure-title" { "The catalogue could not be loaded" }
            p {
                "The incident catalogue at " a href=(url) { code { (url) } }
                " could not be read, so there is nothing to show."
            }
            p class="load-failure__reason" { strong { "Why: " } (reason) }
            p {
                "Reload the page to try again. If you maintain this site, run "
                code { "cargo run --bin atlas -- check public/catalogue.json" }
                " to see every problem."
            }
        }
    }
}

/// The parts of the link that were ignored, and why; empty when none were.
pub fn ignored_parameters(ignored: &[IgnoredParameter]) -> Markup {
    if ignored.is_empty() {
        return html! {};
    }
    html! {
        section class="ignored-parameters" aria-labelledby="ignored-title" {
            h2 id="ignored-title" { "Part of this link was ignored" }
            p { "The rest of the link still applies. Ignored:" }
            ul { @for item in ignored { li { (item.to_string()) } } }
        }
    }
}

/// What the timeline shows when nothing matches.
pub fn empty_state() -> Markup {
    html! {
        div class="empty-state" {
            p { "No incidents match these filters." }
            button type="button" class="button" data-action=(Action::ClearFilters.as_str()) {
                "Clear all filters"
            }
        }
    }
}

/// Under a window of `shown` of `total` cards: how many are shown, and a button for the next
/// `page` of them. Empty when all are shown.
pub fn window_status(shown: usize, total: usize, page: usize) -> Markup {
    if shown >= total {
        return html! {};
    }
    html! {
        div class="timeline__more" {
            p { "Showing " (shown.to_string()) " of " (total.to_string()) " matching incidents." }
            button type="button" class="button" data-action=(Action::ShowMore.as_str()) {
                "Show " (page.min(total - shown).to_string()) " more"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::load_catalogue;
    use crate::timeline::filter::MechanismPath;

    fn atlas() -> Atlas {
        let text = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        Atlas::new(load_catalogue(&text).expect("loads").catalogue)
    }

    /// The form for `filter`, with the counts the atlas gives it.
    fn form(atlas: &Atlas, filter: &TimelineFilter) -> String {
        filter_form(atlas, filter, &atlas.facet_counts(filter)).into_string()
    }

    /// The chip `value` of a group: `(checked, count)`, found by its checkbox.
    fn chip(html: &str, value: &str) -> (bool, String) {
        let start = html
            .find(&format!("<input type=\"checkbox\" value=\"{value}\""))
            .unwrap_or_else(|| panic!("a chip {value}"));
        let rest = &html[start..];
        let tag_end = rest.find('>').expect("the tag ends");
        let count_tag = format!("class=\"{CHIP_COUNT}\" aria-hidden=\"true\">");
        let count_start = rest.find(&count_tag).expect("its count") + count_tag.len();
        let count_end = count_start + rest[count_start..].find('<').expect("the count ends");
        (
            rest[..tag_end].contains(" checked"),
            rest[count_start..count_end].to_owned(),
        )
    }

    #[test]
    fn the_form_shows_the_filter_it_is_drawn_for() {
        let atlas = atlas();
        let year = atlas.years()[0];
        let organisation = atlas.organisations()[0].0.clone();
        let failure_type = atlas.failure_types()[0].id.to_string();
        let other_type = atlas.failure_types()[1].id.to_string();
        let filter = TimelineFilter {
            query: "\"etcd\" <b>".into(),
            years: Some(YearRange::single(year)),
            organisation: Some(organisation.clone()),
            types: vec![failure_type.clone()],
            ..Default::default()
        };
        let html = form(&atlas, &filter);
        assert!(
            html.contains("value=\"&quot;etcd&quot; &lt;b&gt;\""),
            "{html}"
        );
        assert!(html.contains(&format!(
            "<option value=\"{year}\" selected>{year}</option>"
        )));
        assert!(html.contains(&format!(
            "value=\"{}\" selected>",
            super::super::escaped(&organisation)
        )));
        assert!(chip(&html, &failure_type).0);
        assert!(!chip(&html, &other_type).0);
        // The year select has one choice; "through" and the two ends of "led to" have none,
        // so their empty options are it.
        assert_eq!(html.matches(" selected>").count(), 5, "{html}");
        assert_eq!(
            html.matches("<option value=\"\" selected>—</option>")
                .count(),
            3
        );
        assert!(!html.contains("hidden>Clear filters"));
        // Year, organisation and one type; the search box is in view, so not counted.
        assert!(html.contains(">Filters (3)</button>"), "{html}");
        let empty = form(&atlas, &TimelineFilter::default());
        assert!(empty.contains(" hidden>Clear filters"));
        assert_eq!(empty.matches(" selected>").count(), 5);
        assert!(empty.contains(">Filters</button>"));
        assert!(!empty.contains(" checked"));
    }

    #[test]
    fn a_chip_is_a_checkbox_named_by_its_label_with_its_count_and_colour() {
        let atlas = atlas();
        let first = &atlas.failure_types()[0];
        let filter = TimelineFilter {
            years: Some(YearRange::single(atlas.years()[0])),
            ..Default::default()
        };
        let html = form(&atlas, &filter);
        let counted = atlas.facet_counts(&filter).types[0];
        assert_eq!(chip(&html, first.id.as_str()).1, counted.to_string());
        // The label is the name; the count, hidden from the name, is its description.
        let id = format!("{TYPE_CHIPS}-{}", first.id);
        assert!(html.contains(&format!(
            "<input type=\"checkbox\" value=\"{}\" aria-describedby=\"{id}\">\
             <span class=\"chip-toggle__swatch type-colour--{}\" aria-hidden=\"true\"></span>\
             <span class=\"chip-toggle__name\">{}</span>\
             <span id=\"{id}\" class=\"{CHIP_COUNT}\" aria-hidden=\"true\">{counted}</span>",
            first.id,
            first.id,
            super::super::escaped(&first.label)
        )));
        assert!(html.contains(&format!("<fieldset id=\"{TYPE_CHIPS}\"")));
        assert!(html.contains("<legend>Failure type</legend>"));
        assert!(!html.contains("<select id=\"filter-type\""), "no list box");
    }

    #[test]
    fn the_filters_fold_behind_a_button_that_says_how_many_are_chosen() {
        let path = MechanismPath {
            from: "a".into(),
            to: "b".into(),
        };
        let filter = TimelineFilter {
            query: "dns".into(),
            types: vec!["dns".into(), "config".into()],
            mechanisms: vec!["retry-storm".into()],
            path: Some(path),
            ..Default::default()
        };
        assert_eq!(filters_toggle_label(&filter), "Filters (4)");
        assert_eq!(filters_toggle_label(&TimelineFilter::default()), "Filters");
        let html = form(&atlas(), &TimelineFilter::default());
        assert!(html.contains(&format!(
            "aria-expanded=\"false\" aria-controls=\"{FILTER_PANEL}\" \
             data-action=\"toggle-filters\">Filters</button><div id=\"{FILTER_PANEL}\""
        )));
        // The search box comes before the button: it stays in view when the rest folds.
        assert!(html.find(SEARCH_INPUT) < html.find(FILTER_PANEL));
    }

    #[test]
    fn the_form_shows_the_mechanisms_and_the_path_it_is_drawn_for() {
        let atlas = atlas();
        let [first, second, third] = [0, 1, 2].map(|i| atlas.mechanisms()[i].id.to_string());
        let filter = TimelineFilter {
            mechanisms: vec![first.clone(), third.clone()],
            path: Some(MechanismPath {
                from: second.clone(),
                to: first.clone(),
            }),
            ..Default::default()
        };
        let html = form(&atlas, &filter);
        let chosen = |id: &str| format!("<option value=\"{id}\" selected>");
        // The "to" end of the path, and a chip of the mechanisms.
        assert_eq!(html.matches(&chosen(&first)).count(), 1, "{html}");
        assert_eq!(html.matches(&chosen(&second)).count(), 1, "{html}");
        assert!(chip(&html, &first).0 && chip(&html, &third).0 && !chip(&html, &second).0);
        for label in ["From", "To"] {
            assert!(html.contains(&format!(">{label}</label>")), "{label}");
        }
        assert!(html.contains("<legend>Mechanism</legend>"));
        assert!(html.contains("<legend>Led to</legend>"));
        let without = Atlas::new(crate::catalogue::load::minimal_fixture());
        let html = form(&without, &TimelineFilter::default());
        assert!(
            !html.contains("Mechanism") && !html.contains("Led to"),
            "none to choose"
        );
    }

    #[test]
    fn an_overview_column_keeps_the_other_filters_and_sets_its_year() {
        let filter = TimelineFilter {
            query: "dns".into(),
            years: Some(YearRange::new(2019, 2021)),
            ..Default::default()
        };
        let (link, selected) = overview_link(&filter, 2020, "/b");
        assert!(selected);
        assert!(link.starts_with("/b/?") && link.contains("year=2020") && link.contains("q=dns"));
        assert!(!link.contains("2019"), "{link}");
        assert!(!overview_link(&filter, 2018, "/b").1);
        assert_eq!(
            overview_link_class(true),
            "overview__link overview__link--selected"
        );
    }

    #[test]
    fn a_bar_is_one_band_per_type_bottom_up_in_proportion() {
        let slug = |id| Slug::parse(id).expect("a slug");
        let fill = bar_fill(&[(slug("dns"), 1), (slug("config"), 3)]);
        assert_eq!(
            fill,
            "linear-gradient(to top, \
             var(--type-dns, var(--muted)) 0.00% calc(25.00% - 1px), \
             var(--surface) calc(25.00% - 1px) 25.00%, \
             var(--type-config, var(--muted)) 25.00% calc(100.00% - 1px), \
             var(--surface) calc(100.00% - 1px) 100.00%)"
        );
        assert_eq!(bar_fill(&[]), "");
    }

    #[test]
    fn the_overview_says_each_year_in_words_and_has_no_style_attribute() {
        let atlas = atlas();
        let html = overview(&atlas, &TimelineFilter::default(), "").into_string();
        let columns = atlas.overview();
        assert_eq!(
            html.matches("<li class=\"overview__column\">").count(),
            columns.len()
        );
        for column in &columns {
            let said = match column.total {
                0 => format!("{}: no incidents", column.year),
                1 => format!("{}: 1 incident, triggered by ", column.year),
                n => format!("{}: {n} incidents, triggered by ", column.year),
            };
            assert!(html.contains(&said), "{said}");
        }
        assert!(html.contains("data-height=\"100\""));
        assert_eq!(
            html.matches("data-fill=\"linear-gradient(").count(),
            columns.len()
        );
        assert!(!html.contains("style="));
        assert!(!html.contains("aria-current"));
    }

    #[test]
    fn problems_are_listed_up_to_a_limit_and_escaped() {
        let problems: Vec<Problem> = (0..SHOWN_PROBLEMS + 3)
            .map(|i| {
                let mut problem = Problem::new(Some("<x>"), "title", format!("bad {i}"));
                problem.line = Some(i + 1);
                problem
            })
            .collect();
        let html = catalogue_problems(&problems, 53).into_string();
        assert!(html.contains("53 incidents in the catalogue could not be shown"));
        assert_eq!(html.matches("<li>line ").count(), SHOWN_PROBLEMS);
        assert!(html.contains("… and 3 more"));
        assert!(html.contains("&lt;x&gt;") && !html.contains("<x>"));
        assert_eq!(catalogue_problems(&[], 0).into_string(), "");
    }

    #[test]
    fn the_window_says_how_many_are_shown_and_offers_the_next_page() {
        assert_eq!(window_status(25, 25, 25).into_string(), "");
        let html = window_status(25, 30, 25).into_string();
        assert!(html.contains("Showing 25 of 30 matching incidents."));
        assert!(html.contains(">Show 5 more</button>"));
        assert!(html.contains("data-action=\"show-more\""));
        assert!(
            empty_state()
                .into_string()
                .contains("data-action=\"clear-filters\"")
        );
    }

    #[test]
    fn failures_and_ignored_parameters_are_escaped() {
        let html = load_failure("/c.json?<x>", "<script>").into_string();
        assert!(html.contains("<code>/c.json?&lt;x&gt;</code>") && html.contains("&lt;script&gt;"));
        let ignored = crate::timeline::url_state::parse_filter_query("year=<b>").ignored;
        let html = ignored_parameters(&ignored).into_string();
        assert!(
            html.contains("&lt;b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert_eq!(ignored_parameters(&[]).into_string(), "");
    }
}
