//! The static pages of a built site: one `index.html` per incident, for the map of mechanisms
//! and per mechanism, so that a deep link answers 200 from a plain file host, and a link pasted
//! into a chat previews the page's own title and summary (Open Graph). Each page is the app's `index.html` rewritten; the app boots from it
//! as from the home page.
//!
//! Pages are rewritten with lol_html, by CSS selector, so a change in how Trunk lays out its
//! `index.html` (attribute order, quotes, line breaks) changes nothing here.

use std::fmt::Write as _;

use maud::Markup;

use html_escape::encode_double_quoted_attribute;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, text};

use crate::catalogue::{Incident, Mechanism};
use crate::site::contract::id::PRERENDERED;
use crate::site::paths::{MECHANISMS_PATH, incident_detail_path, incident_path, mechanism_path};

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
    /// What the page reads besides the catalogue's index (an incident's full entry), with
    /// the base: preloaded, so its download starts with the page's rather than the app's.
    pub entry: Option<String>,
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
            entry: Some(format!(
                "{base}{}",
                incident_detail_path(incident.id.as_str())
            )),
        }
    }

    /// The comparison of incidents, whichever its query names.
    pub fn for_compare(base: &str) -> PageMeta {
        PageMeta {
            title: format!("Compare incidents — {SITE_NAME}"),
            description: "Real production incidents side by side: their triggers, causal \
                          chains, and the failure types and mechanisms they share."
                .to_owned(),
            path: format!("{base}{}", crate::timeline::compare::COMPARE_PATH),
            kind: "website",
            entry: None,
        }
    }

    /// The map of mechanisms, which has `count` of them.
    pub fn for_map(count: usize, base: &str) -> PageMeta {
        PageMeta {
            title: format!("Mechanisms — {SITE_NAME}"),
            description: format!(
                "A map of the {count} mechanisms that recur across the causal chains of real \
                 production incidents, and of which led to which."
            ),
            path: format!("{base}{MECHANISMS_PATH}"),
            kind: "website",
            entry: None,
        }
    }

    /// The page of a mechanism that `count` incidents name: the description says what it is.
    pub fn for_mechanism(mechanism: &Mechanism, count: usize, base: &str) -> PageMeta {
        let incidents = crate::site::markup::incident_count(count);
        PageMeta {
            title: format!("{} — Mechanisms — {SITE_NAME}", mechanism.label),
            description: format!("{} Seen in {incidents}.", mechanism.description),
            path: format!("{base}{}", mechanism_path(mechanism.id.as_str())),
            kind: "article",
            entry: None,
        }
    }
}

/// Why a page could not be written from the template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the app's index.html has no {0}; was it built from this project's index.html?")]
    Missing(&'static str),
    #[error("cannot rewrite the app's index.html: {0}")]
    Rewrite(String),
}

/// `page` with the handlers of `settings` applied.
pub(crate) fn rewrite(page: &str, settings: RewriteStrSettings) -> Result<String, TemplateError> {
    lol_html::rewrite_str(page, settings).map_err(|error| TemplateError::Rewrite(error.to_string()))
}

/// Text as the value of a double-quoted attribute. lol_html's `set_attribute` writes a value as
/// HTML and escapes only `"`: an `&` in catalogue text would start a character reference.
pub(crate) fn attribute_value(text: &str) -> std::borrow::Cow<'_, str> {
    encode_double_quoted_attribute(text)
}

/// A void element (`<meta …/>`, `<link …/>`) with these attributes, their values escaped.
pub(crate) fn void_element(name: &str, attributes: &[(&str, &str)]) -> String {
    let mut html = format!("<{name}");
    for (attribute, value) in attributes {
        let _ = write!(html, " {attribute}=\"{}\"", attribute_value(value));
    }
    html.push_str(" />");
    html
}

/// The template with the page's title, description and Open Graph tags. `site_url` is the
/// absolute URL of the site's root (`https://example.org`), when known: Open Graph wants
/// absolute URLs, so without it `og:url` and the canonical link are left out.
pub fn render_page(
    template: &str,
    meta: &PageMeta,
    site_url: Option<&str>,
) -> Result<String, TemplateError> {
    let description = crate::catalogue::truncate_chars(&meta.description, 300);
    let head_tags = head_tags(meta, &description, site_url);
    let (mut titled, mut described, mut headed) = (false, false, false);
    let page = rewrite(
        template,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("head > title", |title| {
                title.set_inner_content(&meta.title, ContentType::Text);
                titled = true;
                Ok(())
            }))
            .append_element_content_handler(element!("head > meta[name=description]", |tag| {
                tag.set_attribute("content", &attribute_value(&description))?;
                described = true;
                Ok(())
            }))
            .append_element_content_handler(element!("head", |head| {
                head.append(&head_tags, ContentType::Html);
                headed = true;
                Ok(())
            })),
    )?;
    for (found, what) in [
        (titled, "<title>"),
        (described, "meta description"),
        (headed, "<head>"),
    ] {
        if !found {
            return Err(TemplateError::Missing(what));
        }
    }
    Ok(page)
}

/// The tags an incident's page adds to the head: Open Graph, the preload of its entry and,
/// with a site URL, its absolute URL.
fn head_tags(meta: &PageMeta, description: &str, site_url: Option<&str>) -> String {
    let property = |name: &str, content: &str| {
        void_element("meta", &[("property", name), ("content", content)])
    };
    let mut tags = vec![
        property("og:site_name", SITE_NAME),
        property("og:type", meta.kind),
        property("og:title", &meta.title),
        property("og:description", description),
        void_element("meta", &[("name", "twitter:card"), ("content", "summary")]),
    ];
    if let Some(entry) = &meta.entry {
        // The same request as the app's fetch (mode and credentials), so it takes this one.
        tags.push(void_element(
            "link",
            &[
                ("rel", "preload"),
                ("href", entry),
                ("as", "fetch"),
                ("crossorigin", "anonymous"),
                ("fetchpriority", "low"),
            ],
        ));
    }
    if let Some(site_url) = site_url {
        let url = format!("{}{}", site_url.trim_end_matches('/'), meta.path);
        tags.push(property("og:url", &url));
        tags.push(void_element(
            "link",
            &[("rel", "canonical"), ("href", &url)],
        ));
    }
    format!("  {}\n  ", tags.join("\n    "))
}

/// Where [`with_replaced`] puts what it adds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    BodyStart,
    BodyEnd,
    HeadEnd,
}

/// The page without the elements that `stale` selects (what a build before wrote) and with
/// `html` at `place`: the one way `atlas pages` adds its own parts, so that running it again
/// over a built site gives the same page. Nothing is added where `html` is `None`. `html` is
/// trusted markup: escaped as it was written, or built from escaped values.
fn with_replaced(
    page: &str,
    stale: &[&str],
    place: Place,
    html: Option<&str>,
) -> Result<String, TemplateError> {
    let (container, missing) = match place {
        Place::BodyStart | Place::BodyEnd => ("body", "<body>"),
        Place::HeadEnd => ("head", "<head>"),
    };
    let mut found = false;
    let mut settings = RewriteStrSettings::new();
    for selector in stale {
        settings = settings.append_element_content_handler(element!(*selector, |old| {
            old.remove();
            Ok(())
        }));
    }
    let settings = settings.append_element_content_handler(element!(container, |parent| {
        match (html, place) {
            (Some(html), Place::BodyStart) => parent.prepend(html, ContentType::Html),
            (Some(html), _) => parent.append(html, ContentType::Html),
            (None, _) => {}
        }
        found = true;
        Ok(())
    }));
    let page = rewrite(page, settings)?;
    if found {
        Ok(page)
    } else {
        Err(TemplateError::Missing(missing))
    }
}

/// The page with `block` as the first thing in its body, in place of any block put there
/// before, so that `atlas pages` can run again over a built site; with no block, the page
/// without one (404.html serves every path, so it shows no page's content).
pub fn with_prerendered(page: &str, block: Option<&Markup>) -> Result<String, TemplateError> {
    let stale = format!("#{PRERENDERED}");
    with_replaced(
        page,
        &[&stale],
        Place::BodyStart,
        block.map(|block| block.0.as_str()),
    )
}

/// The page with the site's `footer` at the end of its body, in place of one a site built
/// before carries: every page has the same, outside what the app and the served content
/// replace.
pub fn with_site_footer(page: &str, footer: &Markup) -> Result<String, TemplateError> {
    with_replaced(
        page,
        &["body > footer.site-footer"],
        Place::BodyEnd,
        Some(&footer.0),
    )
}

/// The page with `tags` (the site's own: its feed, its correction link) at the end of its
/// head, in place of those a site built before carries. `tags` have no white space of their
/// own: the tags of a build before go without theirs, so a second run writes the same page.
pub fn with_head_tags(page: &str, tags: &str) -> Result<String, TemplateError> {
    let feed = r#"head > link[rel="alternate"][type="application/atom+xml"]"#;
    let correction = format!(
        r#"head > meta[name="{}"]"#,
        crate::site::contract::meta::CORRECTION_LINK
    );
    with_replaced(page, &[feed, &correction], Place::HeadEnd, Some(tags))
}

/// The page with its icon written into the link as a `data:` URL: Chromium fetches and
/// decodes a page's icon again after every same-document navigation, and each filter change
/// is one. `read` gives the bytes of a file by its path in the page
/// (`/incident-atlas/favicon-x.png`). A page without a file icon, or whose icon cannot be
/// read, is returned unchanged.
pub fn with_inline_icon(
    page: &str,
    read: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<String, TemplateError> {
    use base64::Engine as _;
    rewrite(
        page,
        RewriteStrSettings::new().append_element_content_handler(element!(
            "link[rel=icon][href]",
            |link| {
                let Some(href) = link.get_attribute("href") else {
                    return Ok(());
                };
                let Some(mime) = icon_type(&href) else {
                    return Ok(());
                };
                let Some(bytes) = read(&href) else {
                    return Ok(());
                };
                let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
                // Only the link's relation, type and URL: Trunk's integrity hash is the
                // file's, not the data URL's.
                keep_only_attribute(link, "rel");
                link.set_attribute("type", mime)?;
                link.set_attribute("href", &format!("data:{mime};base64,{encoded}"))?;
                Ok(())
            }
        )),
    )
}

/// The type of an icon file by its name's extension; none for a `data:` URL (inlined before).
fn icon_type(href: &str) -> Option<&'static str> {
    if href.starts_with("data:") {
        return None;
    }
    match href.rsplit('.').next() {
        Some("png") => Some("image/png"),
        Some("svg") => Some("image/svg+xml"),
        Some("ico") => Some("image/x-icon"),
        _ => None,
    }
}

fn keep_only_attribute(element: &mut Element, kept: &str) {
    let names: Vec<String> = element
        .attributes()
        .iter()
        .map(|attribute| attribute.name())
        .filter(|name| name != kept)
        .collect();
    for name in names {
        element.remove_attribute(&name);
    }
}

/// What Trunk's inline loader imports: the app's JS glue and its wasm, as absolute paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppFiles {
    pub script: String,
    pub wasm: String,
}

/// Trunk's inline loader: the module script with code rather than a `src`.
const TRUNK_LOADER: &str = "script[type=module]:not([src])";

/// What the page's Trunk loader imports, or none when the page has no loader (it was replaced
/// by a boot module before).
pub fn app_files(page: &str) -> Result<Option<AppFiles>, TemplateError> {
    let mut loader = String::new();
    rewrite(
        page,
        RewriteStrSettings::new().append_element_content_handler(text!(TRUNK_LOADER, |chunk| {
            loader.push_str(chunk.as_str());
            Ok(())
        })),
    )?;
    // The loader is JavaScript: `import init, * as bindings from '/x/app.js';` and
    // `init({ module_or_path: '/x/app_bg.wasm' })`, each path in quotes of either kind.
    let quoted_after = |marker: &str| {
        let at = loader.find(marker)? + marker.len();
        let quote = loader[at..].chars().next()?;
        let rest = &loader[at + quote.len_utf8()..];
        rest.find(quote).map(|close| rest[..close].to_owned())
    };
    Ok(
        match (quoted_after("from "), quoted_after("module_or_path: ")) {
            (Some(script), Some(wasm)) => Some(AppFiles { script, wasm }),
            _ => None,
        },
    )
}

/// The page with Trunk's inline loader replaced by an external module, `boot_path`, that
/// starts the app once the served page has painted (see [`boot_script`]), and without Trunk's
/// preloads of the app's files: they would fetch the wasm before the first paint, competing
/// with it.
pub fn with_boot_script(
    page: &str,
    boot_path: &str,
    files: &AppFiles,
) -> Result<String, TemplateError> {
    let mut replaced = false;
    rewrite(
        page,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(TRUNK_LOADER, |loader| {
                if !replaced {
                    loader.set_attribute("src", &attribute_value(boot_path))?;
                    loader.set_inner_content("", ContentType::Text);
                    replaced = true;
                }
                Ok(())
            }))
            .append_element_content_handler(element!(
                "link[rel=modulepreload], link[rel=preload]",
                |link| {
                    let href = link.get_attribute("href");
                    if href.is_some_and(|href| href == files.script || href == files.wasm) {
                        link.remove();
                    }
                    Ok(())
                }
            )),
    )
}

/// The first 16 hex digits of the SHA-256 of `text`: a name that changes with the content.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The module that starts the app: after the browser has painted the page's served HTML (or
/// after 100 ms in a tab that does not paint), so the first paint never waits for the wasm.
/// An external file rather than inline code, so the content security policy allows no inline
/// script at all.
pub fn boot_script(files: &AppFiles) -> String {
    let js = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    format!(
        "// Starts Incident Atlas once the page's own HTML has been painted (written by atlas pages).\n\
         await new Promise((resolve) => {{\n  \
           requestAnimationFrame(() => setTimeout(resolve, 0));\n  \
           setTimeout(resolve, 100);\n\
         }});\n\
         const bindings = await import({script});\n\
         const wasm = await bindings.default({{ module_or_path: {wasm} }});\n\
         window.wasmBindings = bindings;\n\
         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {{ detail: {{ wasm }} }}));\n",
        script = js(&files.script),
        wasm = js(&files.wasm),
    )
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
            entry: Some("/incident-atlas/incidents/x.json".into()),
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
        assert!(page.contains(
            "<link rel=\"preload\" href=\"/incident-atlas/incidents/x.json\" as=\"fetch\" crossorigin=\"anonymous\" fetchpriority=\"low\" />"
        ));
        let head_end = page.find("</head>").unwrap();
        assert!(
            page.find("og:site_name").unwrap() < head_end,
            "the tags are in the head"
        );
    }

    /// What a browser reads from the first `name="…"` attribute of the page's tag that
    /// contains `marker`, its character references decoded.
    fn attribute_as_read(page: &str, marker: &str, name: &str) -> String {
        let at = page.find(marker).unwrap();
        let tag = &page[page[..at].rfind('<').unwrap()..];
        let tag = &tag[..tag.find('>').unwrap()];
        let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let value = &tag[start..];
        html_escape::decode_html_entities(&value[..value.find('"').unwrap()]).into_owned()
    }

    #[test]
    fn attribute_values_read_back_as_written() {
        let tricky = "Quote \" less < more > amp & an entity &amp; a tag <b>";
        let meta = PageMeta {
            title: tricky.into(),
            description: tricky.into(),
            path: "/x?a=1&b=\"2\"".into(),
            kind: "article",
            entry: Some("/x.json?a=1&b=<2>".into()),
        };
        let page = render_page(TEMPLATE, &meta, Some("https://h.example")).unwrap();
        assert_eq!(
            attribute_as_read(&page, "name=\"description\"", "content"),
            tricky
        );
        assert_eq!(
            attribute_as_read(&page, "property=\"og:title\"", "content"),
            tricky
        );
        assert_eq!(
            attribute_as_read(&page, "rel=\"preload\"", "href"),
            "/x.json?a=1&b=<2>"
        );
        assert_eq!(
            attribute_as_read(&page, "rel=\"canonical\"", "href"),
            "https://h.example/x?a=1&b=\"2\""
        );
        assert!(page.contains("<title>Quote \" less &lt; more &gt; amp &amp; an entity &amp;amp;"));
        let files = AppFiles {
            script: "/a.js".into(),
            wasm: "/a.wasm".into(),
        };
        let loader = "<head><script type=\"module\">x</script></head>";
        let booted = with_boot_script(loader, "/b\"&<.js", &files).unwrap();
        assert_eq!(
            attribute_as_read(&booted, "type=\"module\"", "src"),
            "/b\"&<.js"
        );
    }

    #[test]
    fn the_icon_file_becomes_a_data_url() {
        let page = "<head><link rel=\"icon\" href=\"/b/favicon-1.png\" integrity=\"sha384-x\"/>\
            <title>T</title></head>";
        let read = |path: &str| (path == "/b/favicon-1.png").then(|| b"PNG".to_vec());
        let inlined = with_inline_icon(page, read).unwrap();
        assert_eq!(
            inlined,
            "<head><link rel=\"icon\" type=\"image/png\" href=\"data:image/png;base64,UE5H\" />\
             <title>T</title></head>"
        );
        // Over a page done before, and without a readable file, nothing changes.
        assert_eq!(with_inline_icon(&inlined, read).unwrap(), inlined);
        assert_eq!(with_inline_icon(page, |_| None).unwrap(), page);
        assert_eq!(
            with_inline_icon("<head></head>", read).unwrap(),
            "<head></head>"
        );
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
    fn trunks_inline_loader_becomes_an_external_boot_module() {
        let page = "<head><meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init, * as bindings from '/b/app-1.js';\n\
            const wasm = await init({ module_or_path: '/b/app-1_bg.wasm' });\n</script>\n\
            <link rel=\"modulepreload\" href=\"/b/app-1.js\" crossorigin=\"anonymous\">\
            <link rel=\"preload\" href=\"/b/app-1_bg.wasm\" as=\"fetch\" type=\"application/wasm\">\
            <link rel=\"preload\" href=\"/b/catalogue.json\" as=\"fetch\"></head>";
        let files = app_files(page).unwrap().expect("finds the loader");
        assert_eq!(files.script, "/b/app-1.js");
        assert_eq!(files.wasm, "/b/app-1_bg.wasm");
        let out = with_boot_script(page, "/b/boot-x.js", &files).unwrap();
        assert!(out.contains("<script type=\"module\" src=\"/b/boot-x.js\"></script>"));
        assert!(
            !out.contains("modulepreload") && !out.contains("app-1") && !out.contains("import"),
            "{out}"
        );
        assert!(
            out.contains("<link rel=\"preload\" href=\"/b/catalogue.json\" as=\"fetch\">"),
            "the page's own preloads stay"
        );
        let boot = boot_script(&files);
        assert!(boot.contains("await import(\"/b/app-1.js\")"));
        assert!(boot.contains("module_or_path: \"/b/app-1_bg.wasm\""));
        assert_eq!(app_files(&out).unwrap(), None, "done once");
    }

    #[test]
    fn the_prerendered_block_replaces_the_one_before() {
        let page = "<html><head></head><body class=\"x\">\n<noscript>n</noscript></body></html>";
        let block = |text: &str| maud::html! { div id=(PRERENDERED) { p { (text) } } };
        let out = with_prerendered(page, Some(&block("B"))).unwrap();
        assert_eq!(
            out,
            format!(
                "<html><head></head><body class=\"x\">{}\n<noscript>n</noscript></body></html>",
                block("B").0
            )
        );
        let again = with_prerendered(&out, Some(&block("C"))).unwrap();
        assert_eq!(again, out.replace(&block("B").0, &block("C").0));
        assert_eq!(with_prerendered(&out, None).unwrap(), page);
        assert_eq!(
            with_prerendered("<html></html>", None),
            Err(TemplateError::Missing("<body>"))
        );
    }

    #[test]
    fn a_template_without_a_head_is_an_error() {
        assert_eq!(
            render_page("<html></html>", &meta(), None),
            Err(TemplateError::Missing("<title>"))
        );
    }
}
