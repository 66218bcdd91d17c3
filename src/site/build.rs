//! A Trunk build made into the static site (`atlas pages`). Trunk's `index.html` is the
//! template of every page; from it and the catalogue this writes the home page, `404.html`, a
//! page and an entry per incident, the map of mechanisms and a page per mechanism, the data
//! the app reads, the boot module and `_headers`.
//! Running it again over a site built before gives the same files.

use std::path::{Path, PathBuf};

use crate::catalogue::load::load_catalogue;
use crate::catalogue::{CATALOGUE_VERSION, Catalogue, IncidentSummary};
use crate::site::contract::meta;
use crate::site::corrections::{correction_form_url, correction_url};
use crate::site::exports::{
    ExportError, FEED_TITLE, SiteAddress, atom_feed, catalogue_csv, feed_incidents,
};
use crate::site::markup::mechanisms::MechanismData;
use crate::site::paths::{
    CATALOGUE_CSV_PATH, FEED_PATH, FULL_CATALOGUE_PATH, INDEX_PATH, MECHANISMS_PATH,
    SEARCH_WORDS_PATH, incident_detail_path, incident_path, mechanism_path,
};
use crate::site::policy::{headers_file, with_security_policy};
use crate::site::prerender;
use crate::site::static_pages::{
    PageMeta, TemplateError, app_files, boot_script, content_hash, render_page, void_element,
    with_boot_script, with_head_tags, with_inline_icon, with_prerendered, with_site_footer,
};
use crate::timeline::Atlas;
use crate::timeline::compare::COMPARE_PATH;

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Catalogue { path: PathBuf, message: String },
    #[error("{} has {count} problem(s); run `atlas check` first", path.display())]
    Problems { path: PathBuf, count: usize },
    #[error("{}: {source}", path.display())]
    Template {
        path: PathBuf,
        source: TemplateError,
    },
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Export(#[from] ExportError),
}

/// What a build knows of where the site lives.
#[derive(Debug, Clone, Copy, Default)]
pub struct SiteOptions<'a> {
    /// The path the site is served under (`/incident-atlas/`).
    pub base: &'a str,
    /// The absolute URL of its host (`https://someone.github.io`), for `og:url`, canonical
    /// links and the absolute URLs of the feed and the CSV.
    pub site_url: Option<&'a str>,
    /// The project's repository (`https://github.com/owner/name`), checked by
    /// `site::corrections::repository_url`: "Suggest a correction" opens an issue there.
    pub repository: Option<&'a str>,
}

/// What `write_site` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub incidents: usize,
    /// How many incidents the feed lists.
    pub feed_entries: usize,
}

/// Writes the site into `dist`, a Trunk build, from the catalogue at `catalogue_path`.
pub fn write_site(
    dist: &Path,
    catalogue_path: &Path,
    options: SiteOptions<'_>,
) -> Result<Written, BuildError> {
    let site = Site {
        dist,
        base: options.base.trim_end_matches('/'),
        site_url: options.site_url,
        repository: options.repository,
    };
    let template = site.template()?;
    let (source, catalogue) = read_catalogue(catalogue_path)?;
    let feed_entries = site.write_exports(&catalogue)?;
    let atlas = Atlas::new(catalogue);
    site.write("_headers", &headers_file())?;
    site.write_not_found(&template)?;
    site.write_home(&template, &atlas)?;
    site.write_catalogue_files(&source, &atlas)?;
    site.write_incidents(&template, &atlas)?;
    site.write_mechanisms(&template, &atlas)?;
    site.write_compare(&template)?;
    Ok(Written {
        incidents: atlas.len(),
        feed_entries,
    })
}

/// The catalogue as authored, and as loaded; one with any problem is refused.
fn read_catalogue(path: &Path) -> Result<(String, Catalogue), BuildError> {
    let source = std::fs::read_to_string(path).map_err(|source| BuildError::Read {
        path: path.to_owned(),
        source,
    })?;
    let loaded = load_catalogue(&source).map_err(|error| BuildError::Catalogue {
        path: path.to_owned(),
        message: error.to_string(),
    })?;
    if !loaded.problems.is_empty() {
        return Err(BuildError::Problems {
            path: path.to_owned(),
            count: loaded.problems.len(),
        });
    }
    Ok((source, loaded.catalogue))
}

struct Site<'a> {
    dist: &'a Path,
    /// Without its trailing slash: `""` at the root of the host, `/incident-atlas` under it.
    base: &'a str,
    site_url: Option<&'a str>,
    repository: Option<&'a str>,
}

impl Site<'_> {
    fn address(&self) -> SiteAddress<'_> {
        SiteAddress {
            base: self.base,
            site_url: self.site_url,
        }
    }

    /// `feed.xml` and `catalogue.csv`; returns how many incidents the feed lists.
    fn write_exports(&self, catalogue: &Catalogue) -> Result<usize, BuildError> {
        let listed = feed_incidents(catalogue);
        self.write(FEED_PATH, &atom_feed(catalogue, &listed, self.address())?)?;
        self.write(
            CATALOGUE_CSV_PATH,
            &catalogue_csv(catalogue, self.address())?,
        )?;
        Ok(listed.len())
    }

    /// The tags every page's head carries: the feed, for readers and browsers to find, and,
    /// with a repository, the app's "Suggest a correction" link.
    fn head_tags(&self) -> String {
        let mut tags = void_element(
            "link",
            &[
                ("rel", "alternate"),
                ("type", "application/atom+xml"),
                ("title", FEED_TITLE),
                ("href", &self.address().url(FEED_PATH)),
            ],
        );
        if let Some(repository) = self.repository {
            tags.push_str(&void_element(
                "meta",
                &[
                    ("name", meta::CORRECTION_LINK),
                    ("content", &correction_form_url(repository)),
                ],
            ));
        }
        tags
    }
    /// The file at `path` within the site (`/incidents/x.json` or `incidents/x.json`).
    fn file(&self, path: &str) -> PathBuf {
        self.dist.join(path.trim_start_matches('/'))
    }

    fn write(&self, path: &str, text: &str) -> Result<(), BuildError> {
        let file = self.file(path);
        let failed = |source| BuildError::Write {
            path: file.clone(),
            source,
        };
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(&file, text).map_err(failed)
    }

    fn template_error(&self, source: TemplateError) -> BuildError {
        BuildError::Template {
            path: self.file("index.html"),
            source,
        }
    }

    /// Trunk's `index.html` as every page starts from: booted by an external module, with its
    /// icon inline and the security policy.
    fn template(&self) -> Result<String, BuildError> {
        let path = self.file("index.html");
        let template =
            std::fs::read_to_string(&path).map_err(|source| BuildError::Read { path, source })?;
        let template = self.with_boot_module(template)?;
        let template = with_inline_icon(&template, |href| {
            let file = href.strip_prefix(self.base).unwrap_or(href);
            std::fs::read(self.file(file)).ok()
        })
        .map_err(|e| self.template_error(e))?;
        let template =
            with_head_tags(&template, &self.head_tags()).map_err(|e| self.template_error(e))?;
        let template = with_site_footer(&template, &crate::site::markup::site_footer(self.base))
            .map_err(|e| self.template_error(e))?;
        with_security_policy(&template).map_err(|e| self.template_error(e))
    }

    /// The template started by `boot-<hash>.js`, which this writes, in place of Trunk's inline
    /// loader. The name carries a hash of the text, as Trunk's files do, so that a new build is
    /// never read from a stale cache. A template booted before is returned as it is.
    fn with_boot_module(&self, template: String) -> Result<String, BuildError> {
        let Some(files) = app_files(&template).map_err(|e| self.template_error(e))? else {
            return Ok(template);
        };
        let boot = boot_script(&files);
        let name = format!("boot-{}.js", content_hash(&boot));
        self.write(&name, &boot)?;
        with_boot_script(&template, &format!("{}/{name}", self.base), &files)
            .map_err(|e| self.template_error(e))
    }

    /// `404.html`, which a host serves for any path it has no file for: the app, with no
    /// page's content (the template of a site built before carries the home page's).
    fn write_not_found(&self, template: &str) -> Result<(), BuildError> {
        let page = with_prerendered(template, None).map_err(|e| self.template_error(e))?;
        self.write("404.html", &page)
    }

    fn write_home(&self, template: &str, atlas: &Atlas) -> Result<(), BuildError> {
        let block = prerender::home(atlas, self.base);
        let page = with_prerendered(template, Some(&block)).map_err(|e| self.template_error(e))?;
        self.write("index.html", &page)
    }

    /// What the app reads at start: the catalogue's index for the timeline (in place of
    /// Trunk's copy of the whole catalogue), and the search words, which are most of the
    /// index's size and which the home page fetches only to search. The whole catalogue stays
    /// downloadable, as authored.
    fn write_catalogue_files(&self, source: &str, atlas: &Atlas) -> Result<(), BuildError> {
        self.write(FULL_CATALOGUE_PATH, source)?;
        let summaries: Vec<IncidentSummary> = (0..atlas.len())
            .map(|i| IncidentSummary {
                words: String::new(),
                ..atlas.incident(i).clone()
            })
            .collect();
        let mut index = serde_json::json!({
            "version": CATALOGUE_VERSION,
            "failure_types": &*atlas.failure_types(),
            "incidents": summaries,
        });
        // Left out when empty, as the catalogue itself leaves it out.
        if !atlas.mechanisms().is_empty() {
            index["mechanisms"] = serde_json::to_value(atlas.mechanisms())?;
        }
        self.write(INDEX_PATH, &serde_json::to_string(&index)?)?;
        let words: Vec<(&str, &str)> = (0..atlas.len())
            .map(|i| atlas.incident(i))
            .filter(|summary| !summary.words.is_empty())
            .map(|summary| (summary.id.as_str(), summary.words.as_str()))
            .collect();
        let words = serde_json::json!({ "version": CATALOGUE_VERSION, "words": words });
        self.write(SEARCH_WORDS_PATH, &serde_json::to_string(&words)?)
    }

    /// Each incident's full entry, which its page fetches, and its page: the template with
    /// the incident's own head and content.
    fn write_incidents(&self, template: &str, atlas: &Atlas) -> Result<(), BuildError> {
        let taxonomy = atlas.taxonomy();
        for index in 0..atlas.len() {
            let Some(incident) = atlas.full_incident(index) else {
                continue;
            };
            let id = incident.id.as_str();
            let entry = incident_detail_path(id);
            self.write(&entry, &serde_json::to_string(incident.as_ref())?)?;
            let meta = PageMeta::for_incident(incident, self.base);
            let correction = self.repository.map(|repository| {
                let page = self.address().url(&incident_path(id));
                correction_url(repository, id, &page)
            });
            let block = prerender::incident(incident, &taxonomy, self.base, correction.as_deref());
            let page = render_page(template, &meta, self.site_url)
                .and_then(|page| with_prerendered(&page, Some(&block)))
                .map_err(|e| self.template_error(e))?;
            self.write(&format!("incidents/{id}/index.html"), &page)?;
        }
        Ok(())
    }

    /// The comparison's page, so that `/compare?ids=…` answers 200: a host serves
    /// `compare/index.html` for `/compare/` (redirecting `/compare` there, with its query).
    fn write_compare(&self, template: &str) -> Result<(), BuildError> {
        let meta = PageMeta::for_compare(self.base);
        let block = prerender::compare(self.base);
        let page = render_page(template, &meta, self.site_url)
            .and_then(|page| with_prerendered(&page, Some(&block)))
            .map_err(|e| self.template_error(e))?;
        self.write(&format!("{COMPARE_PATH}/index.html"), &page)
    }

    /// The map of mechanisms and each mechanism's page, with their own heads and content.
    fn write_mechanisms(&self, template: &str, atlas: &Atlas) -> Result<(), BuildError> {
        let page = |meta: &PageMeta, block: &maud::Markup| {
            render_page(template, meta, self.site_url)
                .and_then(|page| with_prerendered(&page, Some(block)))
                .map_err(|e| self.template_error(e))
        };
        let data = MechanismData::of(atlas);
        let meta = PageMeta::for_map(data.map.mechanisms.len(), self.base);
        let block = prerender::mechanisms(&data, self.base);
        self.write(
            &format!("{MECHANISMS_PATH}/index.html"),
            &page(&meta, &block)?,
        )?;
        for entry in &data.map.mechanisms {
            let id = entry.mechanism.id.as_str();
            let Some((_, block)) = prerender::mechanism(atlas, &data, id, self.base) else {
                continue;
            };
            let meta = PageMeta::for_mechanism(&entry.mechanism, entry.incidents, self.base);
            self.write(
                &format!("{}/index.html", mechanism_path(id)),
                &page(&meta, &block)?,
            )?;
        }
        Ok(())
    }
}
