//! "Suggest a correction": a link that opens a new issue in the project's repository, on the
//! correction form of `.github/ISSUE_TEMPLATE/`, with the incident's id and page filled in. The
//! repository is the build's (`make build REPO_URL=https://github.com/owner/name`); without one
//! there is no link.

/// The issue form a correction opens (`.github/ISSUE_TEMPLATE/correction.yml`).
pub const CORRECTION_FORM: &str = "correction.yml";

/// The ids of the form's fields that the link fills in: GitHub fills a form's field from the
/// query parameter of the same name.
pub const INCIDENT_FIELD: &str = "incident";
pub const PAGE_FIELD: &str = "page";

/// The repository's address as the link needs it, `https://host/owner/name` without a trailing
/// slash or `.git`; or why `text` is not one.
pub fn repository_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix(".git").unwrap_or(trimmed);
    let invalid = || {
        format!(
            "`{}` is not a repository's address: write it as https://github.com/owner/name",
            crate::catalogue::truncate_chars(text, 80)
        )
    };
    let rest = trimmed.strip_prefix("https://").ok_or_else(invalid)?;
    let mut parts = rest.split('/');
    let well_formed = parts.clone().count() == 3
        && parts.all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        });
    if well_formed {
        Ok(trimmed.to_owned())
    } else {
        Err(invalid())
    }
}

/// The correction form of `repository` (as [`repository_url`] gives it), as a link that takes
/// query parameters after it: what `atlas pages` writes into every page's head
/// (`contract::meta::CORRECTION_LINK`) for the app.
pub fn correction_form_url(repository: &str) -> String {
    format!("{repository}/issues/new?template={CORRECTION_FORM}")
}

/// The correction link of the incident `id`, whose page is at `page_url`, on the form at
/// `form_url` ([`correction_form_url`]): the form's fields filled by name, and the issue's
/// title. Nothing here needs escaping in a query: an id is a slug, and a page's address is an
/// origin and a path of slugs (`%3A+` is ": ").
pub fn correction_link(form_url: &str, id: &str, page_url: &str) -> String {
    format!("{form_url}&title=Correction%3A+{id}&{INCIDENT_FIELD}={id}&{PAGE_FIELD}={page_url}")
}

/// The address of a new correction issue about the incident `id`, whose page is at `page_url`,
/// in `repository`.
pub fn correction_url(repository: &str, id: &str, page_url: &str) -> String {
    correction_link(&correction_form_url(repository), id, page_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_is_an_https_address_of_an_owner_and_a_name() {
        let ok = |text| repository_url(text);
        assert_eq!(
            ok("https://github.com/someone/incident-atlas"),
            Ok("https://github.com/someone/incident-atlas".to_owned())
        );
        assert_eq!(
            ok(" https://github.com/someone/incident-atlas.git/ "),
            Ok("https://github.com/someone/incident-atlas".to_owned())
        );
        for bad in [
            "",
            "github.com/someone/atlas",
            "http://github.com/someone/atlas",
            "javascript:alert(1)//github.com/a/b",
            "https://github.com/someone",
            "https://github.com/someone/atlas/issues",
            "https://github.com/some one/atlas",
            "https://github.com/someone/<script>",
            "https://github.com//atlas",
        ] {
            assert!(repository_url(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_correction_opens_the_form_with_the_incident_and_its_page() {
        let url = correction_url(
            "https://github.com/someone/incident-atlas",
            "cloudflare-2020-11-02-etcd",
            "https://someone.github.io/incident-atlas/incidents/cloudflare-2020-11-02-etcd",
        );
        let (address, query) = url.split_once('?').expect("a query");
        assert_eq!(
            address,
            "https://github.com/someone/incident-atlas/issues/new"
        );
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("template"), Some("correction.yml"));
        assert_eq!(get("title"), Some("Correction: cloudflare-2020-11-02-etcd"));
        assert_eq!(get("incident"), Some("cloudflare-2020-11-02-etcd"));
        assert_eq!(
            get("page"),
            Some("https://someone.github.io/incident-atlas/incidents/cloudflare-2020-11-02-etcd")
        );
    }
}
