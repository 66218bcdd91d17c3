//! The static pages of a built site: one `index.html` per incident, so that a deep link answers
//! 200 from a plain file host, and a link pasted into a chat previews the incident's own title
//! and summary (Open Graph). Each page is the app's `index.html` with its head rewritten; the
//! app boots from it as from the home page.

use html_escape::{encode_double_quoted_attribute, encode_text};

use crate::catalogue::Incident;
use crate::site::incident_path;

const SITE_NAME: &str = "Incident Atlas";

/// What the head of one page says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    /// The page's path within the site, with the base: `/incident-atlas/incidents/x`.
    pub path: String,
    /// `article` for an incident, `website` for the home page.
    pub kind: &'static str,
}

impl PageMeta {
    pub fn for_incident(incident: &Incident, base: &str) -> PageMeta {
        PageMeta {
            title: format!("{} — {SITE_NAME}", incident.title),
            description: format!(
                "{}, {}: {}",
                incident.organisation,
                incident.start.date_long(),
                incident.summary
            ),
            path: format!("{base}{}", incident_path(incident.id.as_str())),
            kind: "article",
        }
    }
}

/// Why a page could not be written from the template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the app's index.html has no {0}; was it built from this project's index.html?")]
    Missing(&'static str),
}

/// The template with the page's title, description and Open Graph tags. `site_url` is the
/// absolute URL of the site's root (`https://example.org`), when known: Open Graph wants
/// absolute URLs, so without it `og:url` and the canonical link are left out.
pub fn render_page(
    template: &str,
    meta: &PageMeta,
    site_url: Option<&str>,
) -> Result<String, TemplateError> {
    let title_start = template
        .find("<title>")
        .ok_or(TemplateError::Missing("<title>"))?;
    let title_end = template[title_start..]
        .find("</title>")
        .map(|i| title_start + i + "</title>".len())
        .ok_or(TemplateError::Missing("</title>"))?;
    let description_start = template
        .find("<meta name=\"description\"")
        .ok_or(TemplateError::Missing("meta description"))?;
    let description_end = template[description_start..]
        .find('>')
        .map(|i| description_start + i + 1)
        .ok_or(TemplateError::Missing("end of the meta description"))?;
    if description_start < title_end {
        return Err(TemplateError::Missing("meta description after the title"));
    }
    let head_end = template
        .find("</head>")
        .ok_or(TemplateError::Missing("</head>"))?;
    if head_end < description_end {
        return Err(TemplateError::Missing("</head> after the meta description"));
    }

    let attribute = |text: &str| encode_double_quoted_attribute(text).into_owned();
    let description = crate::catalogue::truncate_chars(&meta.description, 300);
    let mut open_graph = format!(
        "<meta property=\"og:site_name\" content=\"{SITE_NAME}\" />\n    \
         <meta property=\"og:type\" content=\"{}\" />\n    \
         <meta property=\"og:title\" content=\"{}\" />\n    \
         <meta property=\"og:description\" content=\"{}\" />\n    \
         <meta name=\"twitter:card\" content=\"summary\" />\n",
        meta.kind,
        attribute(&meta.title),
        attribute(&description),
    );
    if let Some(site_url) = site_url {
        let url = format!("{}{}", site_url.trim_end_matches('/'), meta.path);
        open_graph.push_str(&format!(
            "    <meta property=\"og:url\" content=\"{0}\" />\n    \
             <link rel=\"canonical\" href=\"{0}\" />\n",
            attribute(&url)
        ));
    }

    let mut page = String::with_capacity(template.len() + open_graph.len() + 512);
    page.push_str(&template[..title_start]);
    page.push_str(&format!("<title>{}</title>", encode_text(&meta.title)));
    page.push_str(&template[title_end..description_start]);
    page.push_str(&format!(
        "<meta name=\"description\" content=\"{}\" />",
        attribute(&description)
    ));
    page.push_str(&template[description_end..head_end]);
    page.push_str(&open_graph);
    page.push_str("  ");
    page.push_str(&template[head_end..]);
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>Incident Atlas</title>\n    \
        <meta name=\"description\" content=\"Site.\" />\n    <base href=\"/incident-atlas/\" />\n  \
        </head>\n  <body></body>\n</html>\n";

    fn meta() -> PageMeta {
        PageMeta {
            title: "A \"switch\" <fails> & etcd — Incident Atlas".into(),
            description: "Cloudflare, 2 November 2020: it <script>broke</script>.".into(),
            path: "/incident-atlas/incidents/x".into(),
            kind: "article",
        }
    }

    #[test]
    fn rewrites_title_and_description_and_adds_open_graph() {
        let page = render_page(TEMPLATE, &meta(), None).unwrap();
        assert!(
            page.contains("<title>A \"switch\" &lt;fails&gt; &amp; etcd — Incident Atlas</title>")
        );
        assert!(page.contains(
            "<meta name=\"description\" content=\"Cloudflare, 2 November 2020: it &lt;script&gt;broke&lt;/script&gt;.\" />"
        ));
        assert!(page.contains("<meta property=\"og:title\" content=\"A &quot;switch&quot;"));
        assert!(page.contains("<meta property=\"og:type\" content=\"article\" />"));
        assert!(
            !page.contains("og:url"),
            "no absolute URL without a site URL"
        );
        assert!(
            !page.contains("<script>"),
            "markup from the catalogue is escaped"
        );
        assert_eq!(page.matches("<title>").count(), 1);
        assert!(page.contains("<base href=\"/incident-atlas/\" />"));
    }

    #[test]
    fn adds_canonical_and_og_url_with_a_site_url() {
        let page = render_page(TEMPLATE, &meta(), Some("https://someone.github.io/")).unwrap();
        assert!(page.contains(
            "<meta property=\"og:url\" content=\"https://someone.github.io/incident-atlas/incidents/x\" />"
        ));
        assert!(page.contains(
            "<link rel=\"canonical\" href=\"https://someone.github.io/incident-atlas/incidents/x\" />"
        ));
    }

    #[test]
    fn a_template_without_a_head_is_an_error() {
        assert_eq!(
            render_page("<html></html>", &meta(), None),
            Err(TemplateError::Missing("<title>"))
        );
    }
}
