//! The catalogue for other tools, written by `atlas pages` beside the site: `feed.xml`, an Atom
//! feed (RFC 4287) of the incidents most recently added, for feed readers; and
//! `catalogue.csv`, one row per incident (RFC 4180), for spreadsheets and notebooks.
//!
//! Both need absolute URLs, which only the site's address gives (`make build SITE_URL=…`);
//! without one they carry paths from the host's root, which a feed reader resolves against the
//! feed's own address.

use std::fmt::Write as _;

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use maud::html;
use sha2::{Digest, Sha256};

use crate::catalogue::{Catalogue, Day, Incident, IncidentFacts, LinkKind};
use crate::site::paths::{FEED_PATH, incident_path};

/// How many incidents the feed lists: the most recently added.
pub const FEED_LENGTH: usize = 50;

/// The feed's name, as readers list it.
pub const FEED_TITLE: &str = "Incident Atlas: incidents as they are added";

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the feed: {0}")]
    Feed(String),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// Where the site lives: what its pages' addresses are built from.
#[derive(Debug, Clone, Copy)]
pub struct SiteAddress<'a> {
    /// The path the site is served under, without its trailing slash (`""`, `/incident-atlas`).
    pub base: &'a str,
    /// The host's absolute URL (`https://someone.github.io`), when the build knows it.
    pub site_url: Option<&'a str>,
}

impl SiteAddress<'_> {
    /// The address of the in-app `path` (`/incidents/x`): absolute with the site's URL, else
    /// from the host's root.
    pub fn url(&self, path: &str) -> String {
        match self.site_url {
            Some(site_url) => format!("{}{}{path}", site_url.trim_end_matches('/'), self.base),
            None => format!("{}{path}", self.base),
        }
    }

    /// A permanent id for what is at `path`: its absolute URL when known; else a UUID named by
    /// the path (an Atom id must be an absolute IRI).
    fn atom_id(&self, path: &str) -> String {
        match self.site_url {
            Some(_) => self.url(path),
            None => name_based_uuid(path),
        }
    }
}

/// `urn:uuid:` with the first 128 bits of the SHA-256 of `name`, marked as a version 8 (custom)
/// UUID of RFC 9562: the same name always gives the same id.
fn name_based_uuid(name: &str) -> String {
    let digest = Sha256::digest(format!("incident-atlas:{name}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut uuid = String::from("urn:uuid:");
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            uuid.push('-');
        }
        let _ = write!(uuid, "{byte:02x}");
    }
    uuid
}

/// Text as XML 1.0 may carry it: without the control characters it forbids (a catalogue
/// string may hold them; the feed must still parse).
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

/// Midnight UTC of `day`, as the feed writes dates.
fn day_start(day: Day) -> Result<FixedDateTime, ExportError> {
    format!("{day}T00:00:00Z")
        .parse()
        .map_err(|e| ExportError::Feed(format!("{day}: {e}")))
}

/// The incidents the feed lists: those with an `added` day, the latest added first (and of
/// one day, the latest to start first), at most [`FEED_LENGTH`].
pub fn feed_incidents(catalogue: &Catalogue) -> Vec<&Incident> {
    let mut added: Vec<&Incident> = catalogue
        .incidents
        .iter()
        .filter(|incident| incident.added.is_some())
        .collect();
    added.sort_by(|a, b| {
        (b.added, b.start.date, b.start.time, &b.id).cmp(&(
            a.added,
            a.start.date,
            a.start.time,
            &a.id,
        ))
    });
    added.truncate(FEED_LENGTH);
    added
}

/// The Atom feed of `incidents` ([`feed_incidents`] of `catalogue`), the most recently added.
pub fn atom_feed(
    catalogue: &Catalogue,
    incidents: &[&Incident],
    site: SiteAddress<'_>,
) -> Result<String, ExportError> {
    let failure_type_label = |id: &str| {
        catalogue
            .failure_types
            .iter()
            .find(|t| t.id.as_str() == id)
            .map(|t| t.label.clone())
    };
    let mut entries = Vec::with_capacity(incidents.len());
    for incident in incidents {
        let Some(added) = incident.added else {
            continue;
        };
        let path = incident_path(incident.id.as_str());
        let added_at = day_start(added)?;
        let started = match incident.start.time_hhmm() {
            Some(time) => format!("{} {time} UTC", incident.start.date_long()),
            None => incident.start.date_long(),
        };
        let content = html! {
            p { (xml_text(&incident.summary)) }
            dl {
                dt { "Organisation" } dd { (xml_text(&incident.organisation)) }
                dt { "Started" } dd { (started) }
                dt { "Added to the atlas" } dd { (Day::to_string(&added)) }
            }
        };
        entries.push(Entry {
            title: Text::plain(xml_text(&incident.title)),
            id: site.atom_id(&path),
            updated: added_at,
            published: Some(added_at),
            links: vec![Link {
                href: site.url(&path),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            }],
            summary: Some(Text::plain(xml_text(&format!(
                "{}, {}: {}",
                incident.organisation,
                incident.start.date_long(),
                incident.summary
            )))),
            content: Some(Content {
                content_type: Some("html".to_owned()),
                value: Some(content.into_string()),
                ..Content::default()
            }),
            categories: incident
                .failure_type_ids()
                .map(|id| Category {
                    term: id.as_str().to_owned(),
                    label: failure_type_label(id.as_str()).map(|label| xml_text(&label)),
                    ..Category::default()
                })
                .collect(),
            ..Entry::default()
        });
    }
    let updated = match incidents.first().and_then(|incident| incident.added) {
        Some(day) => day_start(day)?,
        None => day_start(Day(time::Date::MIN))?,
    };
    let feed = Feed {
        title: Text::plain(FEED_TITLE),
        subtitle: Some(Text::plain(
            "Real production incidents, abridged in our own words from their postmortems, \
             each with its causal chain.",
        )),
        id: site.atom_id("/"),
        updated,
        authors: vec![Person {
            name: "Incident Atlas".to_owned(),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: site.url(FEED_PATH),
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link {
                href: site.url("/"),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            },
        ],
        entries,
        lang: Some("en".to_owned()),
        ..Feed::default()
    };
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| ExportError::Feed(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Feed(e.to_string()))
}

/// The CSV's columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "id",
    "organisation",
    "title",
    "start",
    "end",
    "duration_minutes",
    "trigger",
    "contributing_failure_types",
    "mechanisms",
    "postmortem_url",
    "status_page_url",
    "page_url",
];

/// A cell a spreadsheet will show as text, never run: one that starts with `=`, `+`, `-` or
/// `@` (or a tab or carriage return, which some read past) would be taken as a formula, so it
/// gets a leading apostrophe, which spreadsheets read as "text follows" (OWASP's advice on CSV
/// injection).
pub fn inert_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The first link of `kind`, if any.
fn first_link(incident: &Incident, kind: LinkKind) -> String {
    incident
        .links
        .iter()
        .find(|link| link.kind == kind)
        .map(|link| link.url.as_str().to_owned())
        .unwrap_or_default()
}

/// The mechanisms the chain names, each once, in the chain's order.
fn mechanisms(incident: &Incident) -> Vec<&str> {
    let mut named: Vec<&str> = Vec::new();
    for node in &incident.causal_chain.nodes {
        if let Some(mechanism) = &node.mechanism
            && !named.contains(&mechanism.as_str())
        {
            named.push(mechanism.as_str());
        }
    }
    named
}

/// The catalogue as CSV: a header row of [`CSV_COLUMNS`], then one row per incident in the
/// catalogue's order. UTF-8 with a byte order mark (so that Excel reads it as UTF-8), fields
/// quoted where they need it, CRLF line ends, every text cell inert ([`inert_cell`]). Lists
/// (contributing types, mechanisms) are ids separated by `; `.
pub fn catalogue_csv(catalogue: &Catalogue, site: SiteAddress<'_>) -> Result<String, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for incident in &catalogue.incidents {
        let contributing: Vec<&str> = incident
            .failure_types
            .contributing
            .iter()
            .map(|id| id.as_str())
            .collect();
        let row = [
            incident.id.as_str().to_owned(),
            incident.organisation.clone(),
            incident.title.clone(),
            incident.start.to_string(),
            incident.end.map(|end| end.to_string()).unwrap_or_default(),
            incident
                .duration_minutes()
                .map(|minutes| minutes.to_string())
                .unwrap_or_default(),
            incident.failure_types.trigger.as_str().to_owned(),
            contributing.join("; "),
            mechanisms(incident).join("; "),
            first_link(incident, LinkKind::Postmortem),
            first_link(incident, LinkKind::StatusPage),
            site.url(&incident_path(incident.id.as_str())),
        ];
        writer.write_record(row.iter().map(|cell| inert_cell(cell)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    let mut text = String::from('\u{feff}');
    text.push_str(&String::from_utf8_lossy(&bytes));
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::load::minimal_fixture;

    const SITE: SiteAddress<'static> = SiteAddress {
        base: "/incident-atlas",
        site_url: Some("https://someone.github.io/"),
    };

    #[test]
    fn addresses_are_absolute_with_the_site_url_and_rooted_without() {
        assert_eq!(
            SITE.url("/incidents/x"),
            "https://someone.github.io/incident-atlas/incidents/x"
        );
        let local = SiteAddress {
            base: "/incident-atlas",
            site_url: None,
        };
        assert_eq!(local.url("/feed.xml"), "/incident-atlas/feed.xml");
        let id = local.atom_id("/incidents/x");
        assert_eq!(id, local.atom_id("/incidents/x"), "the same every build");
        assert_ne!(id, local.atom_id("/incidents/y"));
        assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
        assert_eq!(&id[23..24], "8", "version 8: {id}");
    }

    #[test]
    fn formulas_are_made_inert_and_other_text_is_kept() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert_cell(formula), format!("'{formula}"));
        }
        for text in ["", "Cloudflare", "1 = 1", "a-b", "'quoted"] {
            assert_eq!(inert_cell(text), text);
        }
    }

    #[test]
    fn xml_text_drops_only_what_xml_forbids() {
        assert_eq!(
            xml_text("a\u{1}b\u{b}c\td\ne <&>\u{fffe}é"),
            "abc\td\ne <&>é"
        );
    }

    #[test]
    fn the_feed_lists_the_latest_added_first_and_only_those_with_a_day() {
        let mut catalogue = minimal_fixture();
        let template = catalogue.incidents[0].clone();
        catalogue.incidents = (0..60)
            .map(|n: u16| {
                let mut incident = template.clone();
                incident.id =
                    crate::catalogue::Slug::parse(&format!("example-{n:02}")).expect("a slug");
                incident.added = (!n.is_multiple_of(10))
                    .then(|| Day(time::Date::from_ordinal_date(2026, 1 + n).expect("a day")));
                incident
            })
            .collect();
        let listed: Vec<&str> = feed_incidents(&catalogue)
            .iter()
            .map(|incident| incident.id.as_str())
            .collect();
        assert_eq!(listed.len(), FEED_LENGTH);
        assert_eq!(listed[0], "example-59");
        assert_eq!(listed[1], "example-58");
        assert!(!listed.contains(&"example-50"), "no added day, not listed");
        assert!(!listed.contains(&"example-01"), "older than the 50 latest");
    }
}
