//! The contract between the markup and the app: every id, class, data attribute and action
//! that the app looks up in markup written elsewhere (the served page, `site::markup`, or
//! its own views) is named here once, and both sides use the name. A class that only styles
//! stays in the markup and the stylesheet.

/// Element ids.
pub mod id {
    /// The page's main landmark, the skip link's target.
    pub const MAIN: &str = "main";
    /// Where the app mounts (`index.html`): before the site's footer, which `atlas pages`
    /// writes into every page and the app leaves as it is.
    pub const APP: &str = "app";
    /// The block of plain HTML a built page carries until the app takes over
    /// (`site::prerender`); the app removes it when it shows its own page.
    pub const PRERENDERED: &str = "prerendered";
    /// The timeline's search box (`/` jumps to it).
    pub const SEARCH_INPUT: &str = "filter-search";
    pub const YEAR_SELECT: &str = "filter-year";
    pub const THROUGH_SELECT: &str = "filter-through";
    pub const ORGANISATION_SELECT: &str = "filter-organisation";
    /// The failure types' chips (a fieldset of checkboxes).
    pub const TYPE_CHIPS: &str = "filter-types";
    /// The mechanisms' chips.
    pub const MECHANISM_CHIPS: &str = "filter-mechanisms";
    /// The filters that fold away on a narrow screen, behind the "Filters (N)" button.
    pub const FILTER_PANEL: &str = "filter-panel";
    /// The two ends of the "led to" path.
    pub const PATH_FROM_SELECT: &str = "filter-path-from";
    pub const PATH_TO_SELECT: &str = "filter-path-to";
    /// The causal chain's SVG (what "Download SVG" saves).
    pub const CHAIN_SVG: &str = "chain-svg";
    /// The "Compare with…" select: the incident page's and the comparison's.
    pub const COMPARE_SELECT: &str = "compare-with";
    /// A chain step's id is this and the node's id; `#node-<id>` in a link focuses it.
    pub const CHAIN_NODE_PREFIX: &str = "node-";

    /// The id of the chain step `node_id`.
    pub fn chain_node(node_id: &str) -> String {
        format!("{CHAIN_NODE_PREFIX}{node_id}")
    }
}

/// The `name`s of the `<meta>` tags `atlas pages` writes into every page's head for the app.
pub mod meta {
    /// Where "Suggest a correction" leads: the correction form of the project's repository
    /// (`make build REPO_URL=…`), which the app completes for the incident
    /// (`site::corrections`). A page without it has no such link.
    pub const CORRECTION_LINK: &str = "incident-atlas-correction-link";
}

/// Classes the app finds elements by.
pub mod class {
    /// The site's navigation, whose current link the app marks as the page changes.
    pub const SITE_NAV: &str = "site-nav";
    /// The home page's filter form.
    pub const FILTER_FORM: &str = "filters";
    /// A chip's count of the incidents it would match, which follows the filter.
    pub const CHIP_COUNT: &str = "chip-toggle__count";
    /// The home page's overview of the years.
    pub const OVERVIEW: &str = "overview";
    /// One incident on the timeline (it carries [`super::data::INCIDENT`]).
    pub const INCIDENT_CARD: &str = "incident-card";
    /// The heading of a card, whose link Back focuses.
    pub const INCIDENT_CARD_TITLE: &str = "incident-card__title";
    /// An incident page's header (organisation, title, facts, summary, sharing).
    pub const INCIDENT_HEADER: &str = "incident__header";
    /// Where "Copy link" says whether it worked.
    pub const SHARE_STATUS: &str = "incident__share-status";
    /// The causal chain's container: the toolbar, the frame and the detail panel.
    pub const CHAIN_DIAGRAM: &str = "chain-diagram";
    /// The scrolling, zoomable frame around the SVG.
    pub const CHAIN_FRAME: &str = "chain-frame";
    /// The frame while its drawing is fitted to its width (as it opens), not zoomed.
    pub const CHAIN_FRAME_FITTED: &str = "chain-frame--fitted";
    /// One step of the chain (it carries [`super::data::INDEX`]).
    pub const CHAIN_NODE: &str = "chain-node";
    /// One arrow of the chain.
    pub const CHAIN_EDGE: &str = "chain-edge";
    /// The panel that shows the focused step's detail.
    pub const CHAIN_DETAIL: &str = "chain-detail";
    /// One entry of that panel: its hint, then each step's detail, one shown at a time.
    pub const CHAIN_DETAIL_ENTRY: &str = "chain-detail__entry";
}

/// Data attributes the app reads.
pub mod data {
    /// What a button asks for: one of [`super::Action`].
    pub const ACTION: &str = "data-action";
    /// A card's incident id (Back returns to that card).
    pub const INCIDENT: &str = "data-incident";
    /// The ids a "Compare" button compares with the incident chosen, separated by commas.
    pub const IDS: &str = "data-ids";
    /// A chain step's index in the drawing.
    pub const INDEX: &str = "data-index";
    /// An overview column's year.
    pub const YEAR: &str = "data-year";
    /// An overview bar's height, in percent of the tallest.
    pub const HEIGHT: &str = "data-height";
    /// An overview bar's background: its bands of colour, one per failure type.
    pub const FILL: &str = "data-fill";
}

/// What a button in the markup asks the app to do (`data-action="…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ClearFilters,
    ToggleFilters,
    SkipFilters,
    ShowMore,
    CopyLink,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ZoomFit,
    DownloadSvg,
    DownloadPng,
    /// Go to the comparison of the button's `data-ids` and the incident chosen.
    Compare,
}

impl Action {
    pub const ALL: [Action; 12] = [
        Action::ClearFilters,
        Action::ToggleFilters,
        Action::SkipFilters,
        Action::ShowMore,
        Action::CopyLink,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::ZoomReset,
        Action::ZoomFit,
        Action::DownloadSvg,
        Action::DownloadPng,
        Action::Compare,
    ];

    /// The attribute's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::ClearFilters => "clear-filters",
            Action::ToggleFilters => "toggle-filters",
            Action::SkipFilters => "skip-filters",
            Action::ShowMore => "show-more",
            Action::CopyLink => "copy-link",
            Action::ZoomIn => "zoom-in",
            Action::ZoomOut => "zoom-out",
            Action::ZoomReset => "zoom-reset",
            Action::ZoomFit => "zoom-fit",
            Action::DownloadSvg => "download-svg",
            Action::DownloadPng => "download-png",
            Action::Compare => "compare",
        }
    }

    /// The action an attribute's value names, if any.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.as_str() == name)
    }

    /// A selector for the button that asks for this action.
    pub fn selector(self) -> String {
        format!("[{}={}]", data::ACTION, self.as_str())
    }
}

/// `.class`
pub fn class_selector(class: &str) -> String {
    format!(".{class}")
}

/// `#id`
pub fn id_selector(id: &str) -> String {
    format!("#{id}")
}

/// `[data-…]`
pub fn attribute_selector(attribute: &str) -> String {
    format!("[{attribute}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_name_and_no_other_does() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.as_str()), Some(action));
        }
        assert_eq!(Action::from_name("zoom"), None);
        assert_eq!(Action::CopyLink.selector(), "[data-action=copy-link]");
    }

    #[test]
    fn selectors_are_made_from_the_names() {
        assert_eq!(class_selector(class::FILTER_FORM), ".filters");
        assert_eq!(id_selector(id::SEARCH_INPUT), "#filter-search");
        assert_eq!(attribute_selector(data::INCIDENT), "[data-incident]");
        assert_eq!(id::chain_node("etcd"), "node-etcd");
    }
}
