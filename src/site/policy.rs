//! The security policy of a built site: a content security policy and a referrer policy on
//! every page, as meta tags, and the same as HTTP headers for hosts that read a `_headers` file.

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element};

use crate::site::static_pages::{TemplateError, attribute_value, rewrite, void_element};

/// The content security policy of every page. No page has an inline script (Trunk's loader is
/// replaced by an external boot module), so scripts come from the site alone, with neither
/// hashes nor `'unsafe-inline'`; `'wasm-unsafe-eval'` is what compiling the wasm needs.
/// `img-src blob: data:` lets the PNG download draw the diagram's SVG through an image, and the
/// icon is a `data:` URL.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
    form-action 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'self'";

/// Links to postmortems and status pages leave with no referrer: a reader's path through
/// the atlas (filters, searches) is nobody else's business.
pub const REFERRER_POLICY: &str = "no-referrer";

/// The same policy as HTTP headers, for hosts that read a `_headers` file (Netlify,
/// Cloudflare Pages); GitHub Pages ignores it. Headers can also forbid framing, which a meta
/// tag cannot.
pub fn headers_file() -> String {
    format!(
        "/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n  \
         Referrer-Policy: {REFERRER_POLICY}\n  X-Content-Type-Options: nosniff\n"
    )
}

const POLICY_META: &str = "meta[http-equiv=Content-Security-Policy]";
const REFERRER_META: &str = "meta[name=referrer]";

/// The page with its content security policy and referrer policy as meta tags, right after
/// `<meta charset>` so that they apply before any script or style is read. A page that has
/// them already (a site built before) gets today's policy in the same tags.
pub fn with_security_policy(page: &str) -> Result<String, TemplateError> {
    let (has_policy, has_referrer) = policy_tags_in(page)?;
    let mut new_tags = String::new();
    if !has_policy {
        new_tags.push_str("\n    ");
        new_tags.push_str(&void_element(
            "meta",
            &[
                ("http-equiv", "Content-Security-Policy"),
                ("content", CONTENT_SECURITY_POLICY),
            ],
        ));
    }
    if !has_referrer {
        new_tags.push_str("\n    ");
        new_tags.push_str(&void_element(
            "meta",
            &[("name", "referrer"), ("content", REFERRER_POLICY)],
        ));
    }
    let mut has_charset = false;
    let page = rewrite(
        page,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("head > meta[charset]", |charset| {
                charset.after(&new_tags, ContentType::Html);
                has_charset = true;
                Ok(())
            }))
            .append_element_content_handler(element!(POLICY_META, |tag| {
                tag.set_attribute("content", &attribute_value(CONTENT_SECURITY_POLICY))?;
                Ok(())
            }))
            .append_element_content_handler(element!(REFERRER_META, |tag| {
                tag.set_attribute("content", &attribute_value(REFERRER_POLICY))?;
                Ok(())
            })),
    )?;
    if has_charset {
        Ok(page)
    } else {
        Err(TemplateError::Missing("<meta charset>"))
    }
}

/// Whether the page has a content security policy tag, and a referrer policy tag.
fn policy_tags_in(page: &str) -> Result<(bool, bool), TemplateError> {
    let (mut policy, mut referrer) = (false, false);
    rewrite(
        page,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(POLICY_META, |_| {
                policy = true;
                Ok(())
            }))
            .append_element_content_handler(element!(REFERRER_META, |_| {
                referrer = true;
                Ok(())
            })),
    )?;
    Ok((policy, referrer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_sites_own_scripts_and_no_inline_code() {
        for required in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval';",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ] {
            assert!(CONTENT_SECURITY_POLICY.contains(required), "{required}");
        }
        for forbidden in ["unsafe-inline", "'unsafe-eval'", "'sha", "'nonce"] {
            assert!(!CONTENT_SECURITY_POLICY.contains(forbidden), "{forbidden}");
        }
        let headers = headers_file();
        assert!(headers.contains(&format!(
            "Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n"
        )));
        assert!(headers.contains("Referrer-Policy: no-referrer\n"));
    }

    #[test]
    fn the_policy_comes_right_after_the_charset_once() {
        let page = "<html><head><meta charset=\"utf-8\" />\n<script src=\"x.js\"></script>\
            </head><body></body></html>";
        let secured = with_security_policy(page).unwrap();
        assert_eq!(
            secured,
            format!(
                "<html><head><meta charset=\"utf-8\" />\n    \
                 <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\" />\n    \
                 <meta name=\"referrer\" content=\"no-referrer\" />\n\
                 <script src=\"x.js\"></script></head><body></body></html>"
            )
        );
        assert_eq!(
            with_security_policy(&secured).unwrap(),
            secured,
            "applied once"
        );
        let stale = secured.replace("'wasm-unsafe-eval'", "'unsafe-inline'");
        assert_eq!(
            with_security_policy(&stale).unwrap(),
            secured,
            "a policy from before is brought up to date"
        );
        assert_eq!(
            with_security_policy("<html><head></head></html>"),
            Err(TemplateError::Missing("<meta charset>"))
        );
    }
}
