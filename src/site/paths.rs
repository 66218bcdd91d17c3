//! Where the site lives: the base path it is served under, and the URLs built from it.
//!
//! One build serves at `/` and, built with `BASE=/incident-atlas/`, under a sub-path such as
//! GitHub Pages gives a project. Trunk writes the public URL into `<base href>`; the app reads
//! it once from `document.baseURI` and builds every link and fetch from it.

/// The path part of the document's base URI, without its trailing slash: `""` at the root,
/// `"/incident-atlas"` under a sub-path.
pub fn base_path_from_base_uri(base_uri: &str) -> String {
    let after_scheme = match base_uri.split_once("://") {
        Some((_, rest)) => rest,
        None => base_uri,
    };
    let path = match after_scheme.find('/') {
        Some(start) if base_uri.contains("://") => &after_scheme[start..],
        Some(_) => after_scheme,
        None => "",
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // A base URI names a directory only up to its last slash (`/a/index.html` is based at `/a/`).
    let directory = match path.rfind('/') {
        Some(last) => &path[..last],
        None => "",
    };
    directory.to_owned()
}

/// What the app reads at start: the catalogue's index, written by `atlas pages` over the copy
/// of the whole catalogue that Trunk makes (the app reads a whole catalogue as well, so a site
/// built without `atlas pages` still works).
pub const INDEX_PATH: &str = "/catalogue.json";

/// The whole catalogue, as authored (`public/catalogue.json`), written by `atlas pages`.
pub const FULL_CATALOGUE_PATH: &str = "/catalogue-full.json";

/// The whole catalogue as a spreadsheet: one row per incident (`site::exports`).
pub const CATALOGUE_CSV_PATH: &str = "/catalogue.csv";

/// The Atom feed of the incidents most recently added (`site::exports`).
pub const FEED_PATH: &str = "/feed.xml";

/// The search words of every incident, by id, which the index leaves out (written by
/// `atlas pages`): fetched only when a search needs them.
pub const SEARCH_WORDS_PATH: &str = "/search-words.json";

/// Where an incident's full entry is, next to its page.
pub fn incident_detail_path(id: &str) -> String {
    format!("/incidents/{id}.json")
}

/// The in-app path of an incident's page.
pub fn incident_path(id: &str) -> String {
    format!("/incidents/{id}")
}

/// The in-app path of the map of mechanisms.
pub const MECHANISMS_PATH: &str = "/mechanisms";

/// The in-app path of a mechanism's page.
pub fn mechanism_path(id: &str) -> String {
    format!("{MECHANISMS_PATH}/{id}")
}

/// The parts of the site that its navigation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The timeline and the incident pages.
    Incidents,
    /// The map and the mechanism pages.
    Mechanisms,
}

/// What the app shows for a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// The timeline: the base path, with or without its slash, or its `index.html`.
    Home,
    /// `/incidents/<id>`, the id percent-decoded: it may name no incident, or be no id at all,
    /// and the incident page says so.
    Incident(String),
    /// `/compare?ids=a,b`: incidents side by side (the query names them).
    Compare,
    /// `/mechanisms`: the map of mechanisms.
    Mechanisms,
    /// `/mechanisms/<id>`, the id percent-decoded, as for an incident.
    Mechanism(String),
    /// Any other path.
    NotFound,
}

impl Page {
    /// The part of the site the page belongs to, which the navigation marks as current.
    pub fn section(&self) -> Option<Section> {
        match self {
            Page::Home | Page::Incident(_) | Page::Compare => Some(Section::Incidents),
            Page::Mechanisms | Page::Mechanism(_) => Some(Section::Mechanisms),
            Page::NotFound => None,
        }
    }
}

/// The page a location's path (`location.pathname`, base included) shows. The routes are few
/// and flat, so matching them here costs the wasm far less than a router's route tree, and
/// is tested natively.
pub fn page_at(base: &str, pathname: &str) -> Page {
    let Some(rest) = pathname.strip_prefix(base) else {
        return Page::NotFound;
    };
    match rest {
        "" | "/" | "/index.html" => Page::Home,
        "/mechanisms" | "/mechanisms/" | "/mechanisms/index.html" => Page::Mechanisms,
        // A host answers `/compare` from `compare/index.html`, redirecting to `/compare/`.
        "/compare" | "/compare/" | "/compare/index.html" => Page::Compare,
        _ => {
            if let Some(id) = id_segment(rest, "/incidents/") {
                Page::Incident(id)
            } else if let Some(id) = id_segment(rest, "/mechanisms/") {
                Page::Mechanism(id)
            } else {
                Page::NotFound
            }
        }
    }
}

/// The one segment after `prefix` in `rest` (a trailing slash allowed), percent-decoded.
fn id_segment(rest: &str, prefix: &str) -> Option<String> {
    let segment = rest.strip_prefix(prefix)?;
    let segment = segment.strip_suffix('/').unwrap_or(segment);
    (!segment.is_empty() && !segment.contains('/')).then(|| {
        percent_encoding::percent_decode_str(segment)
            .decode_utf8_lossy()
            .into_owned()
    })
}

/// The id of the incident whose page a path is (`/incident-atlas/incidents/x`, with or
/// without a trailing slash), under the base path; None for any other path or a malformed id.
pub fn incident_id_in_path(base: &str, pathname: &str) -> Option<String> {
    match page_at(base, pathname) {
        Page::Incident(id) => crate::catalogue::Slug::parse(&id)
            .ok()
            .map(|slug| slug.to_string()),
        _ => None,
    }
}

/// Prefixes an in-app path (`/incidents/x`) with the base path, for an `href`.
pub fn href(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_page_path_names_its_incident() {
        let id = |base, path| incident_id_in_path(base, path);
        assert_eq!(id("/x", "/x/incidents/a-2020"), Some("a-2020".to_owned()));
        assert_eq!(id("/x", "/x/incidents/a-2020/"), Some("a-2020".to_owned()));
        assert_eq!(id("", "/incidents/a-2020"), Some("a-2020".to_owned()));
        assert_eq!(id("/x", "/incidents/a-2020"), None, "outside the base");
        assert_eq!(id("/x", "/x/incidents/a/b"), None);
        assert_eq!(id("/x", "/x/incidents/%3Cscript%3E"), None);
        assert_eq!(id("/x", "/x/"), None);
    }

    #[test]
    fn paths_name_their_pages() {
        let incident = |id: &str| Page::Incident(id.to_owned());
        for base in ["", "/incident-atlas"] {
            let page = |path: &str| page_at(base, &format!("{base}{path}"));
            assert_eq!(page("/"), Page::Home);
            assert_eq!(page("/index.html"), Page::Home);
            assert_eq!(page("/incidents/a-2020"), incident("a-2020"));
            assert_eq!(page("/incidents/a-2020/"), incident("a-2020"));
            assert_eq!(page("/incidents/%3Cscript%3E"), incident("<script>"));
            assert_eq!(
                page("/incidents/..%2F..%2Fx.json"),
                incident("../../x.json")
            );
            assert_eq!(page("/incidents/%FF"), incident("\u{fffd}"));
            assert_eq!(page("/incidents/"), Page::NotFound);
            assert_eq!(page("/incidents"), Page::NotFound);
            assert_eq!(page("/incidents/a/b"), Page::NotFound);
            assert_eq!(page("/about"), Page::NotFound);
            assert_eq!(page("/mechanisms"), Page::Mechanisms);
            assert_eq!(page("/mechanisms/"), Page::Mechanisms);
            assert_eq!(
                page("/mechanisms/retry-storm"),
                Page::Mechanism("retry-storm".to_owned())
            );
            assert_eq!(
                page("/mechanisms/retry-storm/"),
                Page::Mechanism("retry-storm".to_owned())
            );
            assert_eq!(page("/mechanisms/a/b"), Page::NotFound);
            assert_eq!(page("/mechanism"), Page::NotFound);
            assert_eq!(page("/compare"), Page::Compare);
            assert_eq!(page("/compare/"), Page::Compare);
            assert_eq!(page("/compare/index.html"), Page::Compare);
            assert_eq!(page("/compare/x"), Page::NotFound);
        }
        assert_eq!(page_at("/incident-atlas", "/incident-atlas"), Page::Home);
        assert_eq!(page_at("", ""), Page::Home);
        assert_eq!(
            page_at("/incident-atlas", "/incident-atlas/incident-atlas/"),
            Page::NotFound
        );
        assert_eq!(
            page_at("/incident-atlas", "/"),
            Page::NotFound,
            "outside the base"
        );
        assert_eq!(page_at("/incident-atlas", "/incidents/a"), Page::NotFound);
    }

    #[test]
    fn each_page_belongs_to_its_section() {
        assert_eq!(Page::Home.section(), Some(Section::Incidents));
        assert_eq!(
            Page::Incident("x".into()).section(),
            Some(Section::Incidents)
        );
        assert_eq!(Page::Compare.section(), Some(Section::Incidents));
        assert_eq!(Page::Mechanisms.section(), Some(Section::Mechanisms));
        assert_eq!(
            Page::Mechanism("x".into()).section(),
            Some(Section::Mechanisms)
        );
        assert_eq!(Page::NotFound.section(), None);
    }

    #[test]
    fn base_path_at_the_root_is_empty() {
        assert_eq!(base_path_from_base_uri("http://127.0.0.1:8080/"), "");
        assert_eq!(base_path_from_base_uri("https://example.org"), "");
    }

    #[test]
    fn base_path_under_a_sub_path_has_no_trailing_slash() {
        assert_eq!(
            base_path_from_base_uri("https://someone.github.io/incident-atlas/"),
            "/incident-atlas"
        );
        assert_eq!(
            base_path_from_base_uri("http://127.0.0.1:8080/a/b/index.html?x=1#y"),
            "/a/b"
        );
    }

    #[test]
    fn hrefs_carry_the_base() {
        assert_eq!(
            href("/incident-atlas", &incident_path("cloudflare-2020-11-02")),
            "/incident-atlas/incidents/cloudflare-2020-11-02"
        );
        assert_eq!(href("", "/"), "/");
    }
}
