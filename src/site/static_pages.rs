//! The static pages of a built site: one `index.html` per incident, so that a deep link answers
//! 200 from a plain file host, and a link pasted into a chat previews the incident's own title
//! and summary (Open Graph). Each page is the app's `index.html` with its head rewritten; the
//! app boots from it as from the home page.

use html_escape::{encode_double_quoted_attribute, encode_text};

use crate::catalogue::Incident;
use crate::site::paths::{incident_detail_path, incident_path};

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
    if let Some(entry) = &meta.entry {
        // The same request as the app's fetch (mode and credentials), so it takes this one.
        open_graph.push_str(&format!(
            "    <link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\" \
             fetchpriority=\"low\" />\n",
            attribute(entry)
        ));
    }
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

/// The page with its icon written into the link as a `data:` URL. Chromium fetches and
/// decodes a page's icon again after every same-document navigation, and each filter change
/// is one: a file icon cost 3 to 7 ms of the main thread per change (traced in `make bench`),
/// a `data:` one nothing measurable. `read` gives the bytes of a file by its path in the page
/// (`/incident-atlas/favicon-x.png`). A page without a file icon, or whose icon cannot be
/// read, is returned unchanged.
pub fn with_inline_icon(page: &str, read: impl Fn(&str) -> Option<Vec<u8>>) -> String {
    use base64::Engine as _;
    let Some(start) = page.find("<link rel=\"icon\"") else {
        return page.to_owned();
    };
    let Some(end) = page[start..].find('>').map(|i| start + i + 1) else {
        return page.to_owned();
    };
    let tag = &page[start..end];
    let Some(href) = tag
        .split("href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
    else {
        return page.to_owned();
    };
    let mime = match href.rsplit('.').next() {
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => return page.to_owned(),
    };
    let Some(bytes) = read(href) else {
        return page.to_owned();
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!(
        "{}<link rel=\"icon\" type=\"{mime}\" href=\"data:{mime};base64,{encoded}\" />{}",
        &page[..start],
        &page[end..]
    )
}

/// What Trunk's inline loader imports: the app's JS glue and its wasm, as absolute paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppFiles {
    pub script: String,
    pub wasm: String,
}

/// The page with Trunk's inline loader and its preload links replaced by an external module,
/// `boot_path`, that starts the app once the served page has painted (see [`boot_script`]).
/// Returns the page unchanged, and no files, when it carries no Trunk loader (already done).
pub fn with_boot_script(page: &str, boot_path: &str) -> (String, Option<AppFiles>) {
    let Some(start) = page.find("<script type=\"module\">") else {
        return (page.to_owned(), None);
    };
    let Some(end) = page[start..]
        .find("</script>")
        .map(|i| start + i + "</script>".len())
    else {
        return (page.to_owned(), None);
    };
    let loader = &page[start..end];
    let quoted_after = |marker: &str| {
        let at = loader.find(marker)? + marker.len();
        let quote = loader[at..].chars().next()?;
        let rest = &loader[at + quote.len_utf8()..];
        rest.find(quote).map(|close| rest[..close].to_owned())
    };
    let (Some(script), Some(wasm)) = (quoted_after("from "), quoted_after("module_or_path: "))
    else {
        return (page.to_owned(), None);
    };
    let mut out = format!(
        "{}<script type=\"module\" src=\"{}\"></script>{}",
        &page[..start],
        encode_double_quoted_attribute(boot_path),
        &page[end..]
    );
    // Trunk's preloads would fetch the wasm before the first paint, competing with it.
    for preload in [
        format!("<link rel=\"modulepreload\" href=\"{script}\""),
        format!("<link rel=\"preload\" href=\"{wasm}\""),
    ] {
        if let Some(at) = out.find(&preload)
            && let Some(close) = out[at..].find('>')
        {
            out.replace_range(at..at + close + 1, "");
        }
    }
    (out, Some(AppFiles { script, wasm }))
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
/// An external file rather than inline code, so the content security policy needs no hash.
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

/// The content security policy of every page, with the hashes of the page's inline scripts
/// (Trunk's loader, which carries the hashed file names, so the hash is taken at build time).
/// `img-src blob: data:` lets the PNG download draw the diagram's SVG through an image.
pub fn content_security_policy(inline_script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in inline_script_hashes {
        script_src.push_str(&format!(" '{hash}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; \
         img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'none'; frame-src 'none'; worker-src 'none'; \
         manifest-src 'self'"
    )
}

/// Links to postmortems and status pages leave with no referrer: a reader's path through
/// the atlas (filters, searches) is nobody else's business.
pub const REFERRER_POLICY: &str = "no-referrer";

/// The same policy as HTTP headers, for hosts that read a `_headers` file (Netlify,
/// Cloudflare Pages); GitHub Pages ignores it. Headers can also forbid framing, which a meta
/// tag cannot.
pub fn headers_file() -> String {
    format!(
        "/*\n  Content-Security-Policy: {}; frame-ancestors 'none'\n  \
         Referrer-Policy: {REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n",
        content_security_policy(&[])
    )
}

const POLICY_META: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// `sha256-…` of the text of each inline `<script>` (one without `src`) in the page.
pub fn inline_script_hashes(page: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    let mut hashes = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            hashes.push(format!("sha256-{encoded}"));
        }
        rest = &body[close..];
    }
    hashes
}

/// The page with its content security policy and referrer policy as meta tags, right after
/// `<meta charset>` so that they apply before any script or style is read.
pub fn with_security_policy(page: &str) -> Result<String, TemplateError> {
    let charset = page
        .find("<meta charset")
        .ok_or(TemplateError::Missing("<meta charset>"))?;
    let charset_end = page[charset..]
        .find('>')
        .map(|i| charset + i + 1)
        .ok_or(TemplateError::Missing("the end of <meta charset>"))?;
    if page.contains(POLICY_META) {
        return Ok(page.to_owned());
    }
    let policy = content_security_policy(&inline_script_hashes(page));
    Ok(format!(
        "{}\n    {POLICY_META} content=\"{}\" />\n    \
         <meta name=\"referrer\" content=\"{REFERRER_POLICY}\" />{}",
        &page[..charset_end],
        encode_double_quoted_attribute(&policy),
        &page[charset_end..]
    ))
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
    }

    #[test]
    fn the_icon_file_becomes_a_data_url() {
        let page = "<head><link rel=\"icon\" href=\"/b/favicon-1.png\" integrity=\"sha384-x\"/>\
            <title>T</title></head>";
        let read = |path: &str| (path == "/b/favicon-1.png").then(|| b"PNG".to_vec());
        let inlined = with_inline_icon(page, read);
        assert_eq!(
            inlined,
            "<head><link rel=\"icon\" type=\"image/png\" href=\"data:image/png;base64,UE5H\" />\
             <title>T</title></head>"
        );
        // Over a page done before, and without a readable file, nothing changes.
        assert_eq!(with_inline_icon(&inlined, read), inlined);
        assert_eq!(with_inline_icon(page, |_| None), page);
        assert_eq!(with_inline_icon("<head></head>", read), "<head></head>");
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
    fn the_policy_hashes_inline_scripts_only_and_forbids_inline_code() {
        let page = "<html><head><meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init from './a.js';\n</script>\
            <script src=\"x.js\"></script></head><body></body></html>";
        let hashes = inline_script_hashes(page);
        assert_eq!(hashes.len(), 1, "{hashes:?}");
        // echo -n "\nimport init from './a.js';\n" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hashes[0],
            "sha256-b8dPs/81WrgdLiiXFdRIvTN+J/lNbYF2vbwDBORDYHw="
        );
        let secured = with_security_policy(page).unwrap();
        let meta_at = secured.find("Content-Security-Policy").unwrap();
        assert!(
            meta_at < secured.find("<script").unwrap(),
            "the policy comes before scripts"
        );
        for required in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ] {
            assert!(secured.contains(required), "{required}");
        }
        assert!(!secured.contains("unsafe-inline") && !secured.contains("'unsafe-eval'"));
        assert!(secured.contains("<meta name=\"referrer\" content=\"no-referrer\" />"));
        assert_eq!(
            with_security_policy(&secured).unwrap(),
            secured,
            "applied once"
        );
    }

    #[test]
    fn trunks_inline_loader_becomes_an_external_boot_module() {
        let page = "<head><meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init, * as bindings from '/b/app-1.js';\n\
            const wasm = await init({ module_or_path: '/b/app-1_bg.wasm' });\n</script>\n\
            <link rel=\"modulepreload\" href=\"/b/app-1.js\" crossorigin=\"anonymous\">\
            <link rel=\"preload\" href=\"/b/app-1_bg.wasm\" as=\"fetch\" type=\"application/wasm\"></head>";
        let (out, files) = with_boot_script(page, "/b/boot-x.js");
        let files = files.expect("finds the loader");
        assert_eq!(files.script, "/b/app-1.js");
        assert_eq!(files.wasm, "/b/app-1_bg.wasm");
        assert!(out.contains("<script type=\"module\" src=\"/b/boot-x.js\"></script>"));
        assert!(
            !out.contains("preload") && !out.contains("import init"),
            "{out}"
        );
        assert!(
            inline_script_hashes(&out).is_empty(),
            "no inline script is left"
        );
        let boot = boot_script(&files);
        assert!(boot.contains("await import(\"/b/app-1.js\")"));
        assert!(boot.contains("module_or_path: \"/b/app-1_bg.wasm\""));
        assert_eq!(
            with_boot_script(&out, "/b/boot-x.js"),
            (out.clone(), None),
            "done once"
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
