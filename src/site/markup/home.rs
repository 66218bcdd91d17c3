//! The home page's parts as HTML text, around the timeline (`super::timeline`): the overview
//! of incidents per year, the filter form, the notices about the catalogue and the link, and
//! the controls under the cards. The app sets each in one step and handles their events on
//! the page (src/app/pages/home.rs); what changes with the filter after that (the form's
//! values, the overview's links) it updates in place, so focus stays where it is.
//!
//! Buttons carry `data-action`, the name the page's one click handler goes by.

use std::fmt::Write;

use super::{attr, push_attr, push_text};
use crate::catalogue::Slug;
use crate::catalogue::check::Problem;
use crate::site::contract;
use crate::site::contract::id::{
    ORGANISATION_SELECT, SEARCH_INPUT, THROUGH_SELECT, TYPE_SELECT, YEAR_SELECT,
};
use crate::site::paths::href;
use crate::timeline::Atlas;
use crate::timeline::filter::{TimelineFilter, YearRange};
use crate::timeline::url_state::{IgnoredParameter, timeline_path};

// Names the format strings below can capture.
const CLEAR_FILTERS: &str = contract::Action::ClearFilters.as_str();
const SHOW_MORE: &str = contract::Action::ShowMore.as_str();

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
fn push_option(out: &mut String, value: &str, label: &str, selected: bool) {
    out.push_str("<option value=\"");
    push_attr(out, value);
    out.push('"');
    if selected {
        out.push_str(" selected");
    }
    out.push('>');
    push_text(out, label);
    out.push_str("</option>");
}

/// An empty option labelled `none`, then one per year of the atlas; `chosen` is selected.
fn push_year_options(out: &mut String, atlas: &Atlas, none: &str, chosen: &str) {
    push_option(out, "", none, chosen.is_empty());
    for year in atlas.years() {
        let year = year.to_string();
        push_option(out, &year, &year, year == chosen);
    }
}

/// The filter form's content, its controls showing `filter`: native controls with visible
/// labels, hints tied to them, and a button to clear the filter (hidden while there is none).
pub fn filter_form(atlas: &Atlas, filter: &TimelineFilter) -> String {
    let mut out = String::with_capacity(4000 + atlas.organisations().len() * 60);
    let _ = write!(
        out,
        "<div class=\"filters__field filters__field--search\">\
         <label for=\"{SEARCH_INPUT}\">Search</label>\
         <input id=\"{SEARCH_INPUT}\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" \
         aria-describedby=\"filter-search-hint\" value=\"{query}\">\
         <span id=\"filter-search-hint\" class=\"filters__hint\">Words or \"a phrase\"; press / to jump here.</span>\
         </div><div class=\"filters__field\"><label for=\"{YEAR_SELECT}\">Year</label>\
         <select id=\"{YEAR_SELECT}\">",
        query = attr(&filter.query),
    );
    push_year_options(&mut out, atlas, "All", &year_value(filter));
    let _ = write!(
        out,
        "</select></div><div class=\"filters__field\"><label for=\"{THROUGH_SELECT}\">Through</label>\
         <select id=\"{THROUGH_SELECT}\" aria-describedby=\"filter-through-hint\">"
    );
    push_year_options(&mut out, atlas, "—", &through_value(filter));
    let _ = write!(
        out,
        "</select><span id=\"filter-through-hint\" class=\"filters__hint\">For a range of years.</span>\
         </div><div class=\"filters__field\"><label for=\"{ORGANISATION_SELECT}\">Organisation</label>\
         <select id=\"{ORGANISATION_SELECT}\">"
    );
    let organisation = filter.organisation.as_deref();
    push_option(&mut out, "", "All", organisation.is_none());
    for (name, _) in atlas.organisations() {
        push_option(&mut out, name, name, organisation == Some(name.as_str()));
    }
    let _ = write!(
        out,
        "</select></div><div class=\"filters__field filters__field--types\">\
         <label for=\"{TYPE_SELECT}\">Failure type</label>\
         <select id=\"{TYPE_SELECT}\" multiple size=\"6\" aria-describedby=\"filter-type-hint\">"
    );
    for failure_type in atlas.failure_types().iter() {
        let id = failure_type.id.as_str();
        push_option(
            &mut out,
            id,
            &failure_type.label,
            filter.types.iter().any(|t| t == id),
        );
    }
    let _ = write!(
        out,
        "</select><span id=\"filter-type-hint\" class=\"filters__hint\">Ctrl or ⌘ to choose several.</span>\
         </div><div class=\"filters__actions\">\
         <button type=\"button\" class=\"button\" data-action=\"{CLEAR_FILTERS}\"{hidden}>Clear filters</button></div>",
        hidden = if filter.is_empty() { " hidden" } else { "" },
    );
    out
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
/// custom properties as they are; a type without a colour of its own is drawn in the muted
/// text colour.
pub fn bar_fill(by_trigger: &[(Slug, usize)]) -> String {
    let total: usize = by_trigger.iter().map(|(_, count)| count).sum();
    if total == 0 {
        return String::new();
    }
    let mut fill = String::from("linear-gradient(to top");
    // Percentages with two decimals, in integers: formatting floats would add 8 KB of wasm.
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

/// Incidents per year as stacked columns coloured by triggering failure type. Each column is a
/// link to that year (`data-year`); its accessible name says the counts in words, and a legend
/// names the colours, so colour is never the only way to read it.
///
/// A bar's height (percent of the tallest, `data-height`) and its colours (`data-fill`, see
/// [`bar_fill`]) are for the app to set through the CSS object model: the site's content
/// security policy refuses `style` attributes.
pub fn overview(atlas: &Atlas, filter: &TimelineFilter, base: &str) -> String {
    let columns = atlas.overview();
    let tallest = columns.iter().map(|c| c.total).max().unwrap_or(1).max(1);
    let label_of = |id: &str| {
        atlas
            .failure_type(id)
            .map_or_else(|| id.to_owned(), |t| t.label.clone())
    };
    let mut legend: Vec<&str> = Vec::new();
    for column in &columns {
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

    let mut out = String::from(
        "<h2 id=\"overview-title\" class=\"overview__title\">Incidents over time</h2>\
         <p class=\"overview__hint\">Choose a column to see its incidents. Colours show what triggered them.</p>\
         <ol class=\"overview__columns\">",
    );
    for column in &columns {
        let year = column.year;
        let (link, selected) = overview_link(filter, year, base);
        let breakdown: Vec<String> = column
            .by_trigger
            .iter()
            .map(|(id, count)| format!("{} {count}", label_of(id.as_str())))
            .collect();
        let name = match column.total {
            0 => format!("{year}: no incidents"),
            1 => format!("{year}: 1 incident, triggered by {}", breakdown.join(", ")),
            n => format!(
                "{year}: {n} incidents, triggered by {}",
                breakdown.join(", ")
            ),
        };
        let _ = write!(
            out,
            "<li class=\"overview__column\"><a class=\"{}\" data-year=\"{year}\" href=\"",
            overview_link_class(selected)
        );
        push_attr(&mut out, &link);
        out.push_str("\" title=\"");
        push_attr(&mut out, &name);
        out.push('"');
        if selected {
            out.push_str(" aria-current=\"true\"");
        }
        out.push_str("><span class=\"visually-hidden\">");
        push_text(&mut out, &name);
        let _ = write!(
            out,
            "</span><span class=\"overview__count\" aria-hidden=\"true\">{}</span>\
             <span class=\"overview__bar-area\" aria-hidden=\"true\">\
             <span class=\"overview__bar\" data-height=\"{}\" data-fill=\"",
            column.total,
            column.total * 100 / tallest
        );
        push_attr(&mut out, &bar_fill(&column.by_trigger));
        let _ = write!(
            out,
            "\"></span></span><span class=\"overview__year\" aria-hidden=\"true\">’{:02}</span></a></li>",
            year.rem_euclid(100)
        );
    }
    out.push_str("</ol><ul class=\"overview__legend\">");
    for id in legend {
        out.push_str("<li><span class=\"overview__swatch type-colour--");
        push_attr(&mut out, id);
        out.push_str("\" aria-hidden=\"true\"></span>");
        push_text(&mut out, &label_of(id));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// A catalogue with thousands of bad entries still gets a notice a person can read.
pub const SHOWN_PROBLEMS: usize = 50;

/// Incidents left out because they failed their checks (`skipped` of them): a notice listing
/// each problem, so that nothing disappears silently while the valid ones stay on screen.
/// Empty when there are none.
pub fn catalogue_problems(problems: &[Problem], skipped: usize) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<section class=\"catalogue-problems\" aria-labelledby=\"catalogue-problems-title\">\
         <h2 id=\"catalogue-problems-title\">",
    );
    match skipped {
        1 => out.push_str("1 incident in the catalogue could not be shown"),
        n => {
            let _ = write!(out, "{n} incidents in the catalogue could not be shown");
        }
    }
    out.push_str("</h2><p>Everything else is shown as usual. What was wrong:</p><ul>");
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        out.push_str("<li>");
        if let Some(line) = problem.line {
            let _ = write!(out, "line {line}: ");
        }
        push_text(&mut out, &problem.to_string());
        out.push_str("</li>");
    }
    if problems.len() > SHOWN_PROBLEMS {
        let _ = write!(
            out,
            "<li>… and {} more; `atlas check` on the catalogue lists them all.</li>",
            problems.len() - SHOWN_PROBLEMS
        );
    }
    out.push_str("</ul></section>");
    out
}

/// The whole catalogue at `url` could not be read: say so, why, and what to do.
pub fn load_failure(url: &str, reason: &str) -> String {
    let mut out = String::from(
        "<section class=\"load-failure\" role=\"alert\" aria-labelledby=\"load-failure-title\">\
         <h1 id=\"load-failure-title\">The catalogue could not be loaded</h1>\
         <p>The incident catalogue at <a href=\"",
    );
    push_attr(&mut out, url);
    out.push_str("\"><code>");
    push_text(&mut out, url);
    out.push_str(
        "</code></a> could not be read, so there is nothing to show.</p>\
         <p class=\"load-failure__reason\"><strong>Why: </strong>",
    );
    push_text(&mut out, reason);
    out.push_str(
        "</p><p>Reload the page to try again. If you maintain this site, run \
         <code>cargo run --bin atlas -- check public/catalogue.json</code> to see every problem.</p></section>",
    );
    out
}

/// The parts of the link that were ignored, and why; empty when none were.
pub fn ignored_parameters(ignored: &[IgnoredParameter]) -> String {
    if ignored.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<section class=\"ignored-parameters\" aria-labelledby=\"ignored-title\">\
         <h2 id=\"ignored-title\">Part of this link was ignored</h2>\
         <p>The rest of the link still applies. Ignored:</p><ul>",
    );
    for item in ignored {
        out.push_str("<li>");
        push_text(&mut out, &item.to_string());
        out.push_str("</li>");
    }
    out.push_str("</ul></section>");
    out
}

/// What the timeline shows when nothing matches.
pub fn empty_state() -> String {
    format!(
        "<div class=\"empty-state\"><p>No incidents match these filters.</p>\
         <button type=\"button\" class=\"button\" data-action=\"{CLEAR_FILTERS}\">Clear all filters</button></div>"
    )
}

/// Under a window of `shown` of `total` cards: how many are shown, and a button for the next
/// `page` of them. Empty when all are shown.
pub fn window_status(shown: usize, total: usize, page: usize) -> String {
    if shown >= total {
        return String::new();
    }
    format!(
        "<div class=\"timeline__more\"><p>Showing {shown} of {total} matching incidents.</p>\
         <button type=\"button\" class=\"button\" data-action=\"{SHOW_MORE}\">Show {} more</button></div>",
        page.min(total - shown)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::load_catalogue;

    fn atlas() -> Atlas {
        let text = std::fs::read_to_string("public/catalogue.json").expect("the catalogue");
        Atlas::new(load_catalogue(&text).expect("loads").catalogue)
    }

    #[test]
    fn the_form_shows_the_filter_it_is_drawn_for() {
        let atlas = atlas();
        let year = atlas.years()[0];
        let organisation = atlas.organisations()[0].0.clone();
        let failure_type = atlas.failure_types()[0].id.to_string();
        let filter = TimelineFilter {
            query: "\"etcd\" <b>".into(),
            years: Some(YearRange::single(year)),
            organisation: Some(organisation.clone()),
            types: vec![failure_type.clone()],
        };
        let html = filter_form(&atlas, &filter);
        assert!(
            html.contains("value=\"&quot;etcd&quot; &lt;b&gt;\""),
            "{html}"
        );
        assert!(html.contains(&format!(
            "<option value=\"{year}\" selected>{year}</option>"
        )));
        assert!(html.contains(&format!("value=\"{}\" selected>", attr(&organisation))));
        assert!(html.contains(&format!("<option value=\"{failure_type}\" selected>")));
        // The year select has one choice; "through" has none, so its empty option is it.
        assert_eq!(html.matches(" selected>").count(), 4, "{html}");
        assert!(html.contains("<option value=\"\" selected>—</option>"));
        assert!(!html.contains("hidden>Clear filters"));
        let empty = filter_form(&atlas, &TimelineFilter::default());
        assert!(empty.contains(" hidden>Clear filters"));
        assert_eq!(empty.matches(" selected>").count(), 3);
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
        let html = overview(&atlas, &TimelineFilter::default(), "");
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
        let html = catalogue_problems(&problems, 53);
        assert!(html.contains("53 incidents in the catalogue could not be shown"));
        assert_eq!(html.matches("<li>line ").count(), SHOWN_PROBLEMS);
        assert!(html.contains("… and 3 more"));
        assert!(html.contains("&lt;x&gt;") && !html.contains("<x>"));
        assert_eq!(catalogue_problems(&[], 0), "");
    }

    #[test]
    fn the_window_says_how_many_are_shown_and_offers_the_next_page() {
        assert_eq!(window_status(25, 25, 25), "");
        let html = window_status(25, 30, 25);
        assert!(html.contains("Showing 25 of 30 matching incidents."));
        assert!(html.contains(">Show 5 more</button>"));
        assert!(html.contains("data-action=\"show-more\""));
        assert!(empty_state().contains("data-action=\"clear-filters\""));
    }

    #[test]
    fn failures_and_ignored_parameters_are_escaped() {
        let html = load_failure("/c.json?<x>", "<script>");
        assert!(html.contains("<code>/c.json?&lt;x&gt;</code>") && html.contains("&lt;script&gt;"));
        let ignored = crate::timeline::url_state::parse_filter_query("year=<b>").ignored;
        let html = ignored_parameters(&ignored);
        assert!(
            html.contains("&lt;b&gt;") && !html.contains("<b>"),
            "{html}"
        );
        assert_eq!(ignored_parameters(&[]), "");
    }
}
