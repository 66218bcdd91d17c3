//! The rundown: the markdown an author of incident write-ups already writes (see
//! `tests/fixtures/seed/`), read into catalogue entries and written back from them.
//!
//! ````text
//! # 2020
//! ## 11/02/20
//! ### Cloudflare - A half-working switch stalls etcd
//! [Incident](https://status.example/x) | [Postmortem](https://blog.example/y)
//!
//! The write-up: paragraphs with `code` and [links](https://example.org).
//!
//! ```atlas
//! id: cloudflare-2020-11-02-etcd
//! start: 2020-11-02T14:43Z
//! end: 2020-11-02T21:20Z
//! added: 2026-12-07
//! sector: technology
//! summary: One or two sentences.
//! impact: Who felt what.
//! remediation: One step.
//! remediation: Another step.
//! trigger: hardware
//! contributing: network, consensus
//! link: other | A title | https://example.org/more
//! source: https://blog.example/y
//! ```
//!
//! ```chain
//! node switch trigger: A switch fails only partially
//!   A detail line, indented, belongs to the node above.
//! node etcd event [quorum-loss]: etcd stops accepting writes
//! switch -> etcd
//! ```
//! ````
//!
//! A fenced `taxonomy` block (`id | label | description` a line) before the first year
//! defines the failure types, and a fenced `mechanisms` block, in the same form, the
//! mechanisms: the patterns that recur across chains. A node names the mechanism it is an
//! instance of by its id in square brackets after its kind (`[quorum-loss]` above): ids are
//! slugs, so neither the brackets nor the colon that ends the node's head can be part of one.
//! Everything the atlas block does not give is derived where it can be (id, start, summary)
//! and otherwise left empty for `atlas check` to report.
//!
//! Any text (a heading's organisation or title, a taxonomy or mechanism label or
//! description, a text value of the atlas block, a link's title, a node's label or detail)
//! may be written in double quotes as a JSON string, with JSON's backslash escapes:
//! `summary: "Two lines,\nthe second."`. Without quotes a text is trimmed and ends with its
//! line, and a text is read as quoted only when it is one whole JSON string (`"Big" Corp`
//! stays as it is). So a text needs quotes when it has a new line or another control
//! character, white space at either end, the separator of its line (` - ` in a heading's
//! organisation, ` | ` in a taxonomy label), or is itself one whole JSON string or a fence
//! (three backticks); `atlas export` quotes exactly those. A link's title is all between the
//! first and the last ` | ` of its line.
//!
//! A paragraph of the write-up is inline markdown, where a character reference such as
//! `&#10;` is a new line. One that markdown cannot hold (a new line inside `code`, two text
//! runs side by side) is written as a fenced `paragraph` block of its runs as JSON, as in the
//! catalogue: `["The query ", {"code": "dig NS\nexample.com"}, " failed."]`. Exporting any
//! catalogue that `atlas check` accepts and importing it gives back the same catalogue, but
//! for `$schema`, which an import always sets to `./catalogue.schema.json`.

use crate::catalogue::{
    CATALOGUE_VERSION, Catalogue, CausalChain, ChainEdge, ChainNode, Day, FailureType, HttpUrl,
    Incident, IncidentFailureTypes, Inline, Link, LinkKind, Mechanism, Moment, NodeKind, Paragraph,
    Slug,
};

/// A problem in a rundown, at a line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RundownError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RundownError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What an import produced: the catalogue, and what was wrong (errors) or only missing
/// (warnings, for fields the rundown did not give).
#[derive(Debug, Clone)]
pub struct Imported {
    pub catalogue: Catalogue,
    pub errors: Vec<RundownError>,
    pub warnings: Vec<RundownError>,
}

/// What the rundown said of one incident, before its fields are read and checked. A draft
/// with line 0 is a section that is not a year: the prose under it belongs to no incident.
struct Draft {
    line: usize,
    organisation: String,
    title: String,
    date: Option<time::Date>,
    links: Vec<Link>,
    write_up: Vec<Paragraph>,
    fields: Vec<(usize, String, String)>,
    chain: Option<(usize, Vec<(usize, String)>)>,
}

impl Draft {
    fn new(line: usize, organisation: String, title: String, date: Option<time::Date>) -> Draft {
        Draft {
            line,
            organisation,
            title,
            date,
            links: Vec::new(),
            write_up: Vec::new(),
            fields: Vec::new(),
            chain: None,
        }
    }

    /// Closes the current incident so that following prose is not added to it.
    fn section_break() -> Draft {
        Draft::new(0, String::new(), String::new(), None)
    }
}

/// The errors and warnings found so far, in the order of the rundown.
#[derive(Default)]
struct Report {
    errors: Vec<RundownError>,
    warnings: Vec<RundownError>,
}

impl Report {
    fn error(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(err(line, message));
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(err(line, message));
    }
}

/// Reads a rundown.
pub fn import_rundown(text: &str) -> Imported {
    let mut reader = RundownReader::new(text);
    while let Some((number, line)) = reader.next_line() {
        reader.read_line(number, line);
    }
    reader.into_imported()
}

/// Reads a rundown line by line: headings open years, days and incidents; fenced blocks and
/// paragraphs go to the incident above them.
struct RundownReader<'a> {
    lines: Vec<&'a str>,
    /// The index of the next line to read.
    at: usize,
    report: Report,
    failure_types: Vec<FailureType>,
    mechanisms: Vec<Mechanism>,
    drafts: Vec<Draft>,
    year: Option<i32>,
    date: Option<time::Date>,
    /// The lines of the paragraph being read.
    paragraph: Vec<String>,
}

impl<'a> RundownReader<'a> {
    fn new(text: &'a str) -> Self {
        RundownReader {
            lines: text.lines().collect(),
            at: 0,
            report: Report::default(),
            failure_types: Vec::new(),
            mechanisms: Vec::new(),
            drafts: Vec::new(),
            year: None,
            date: None,
            paragraph: Vec::new(),
        }
    }

    /// The next line and its number (1-based).
    fn next_line(&mut self) -> Option<(usize, &'a str)> {
        let line = *self.lines.get(self.at)?;
        self.at += 1;
        Some((self.at, line))
    }

    fn read_line(&mut self, number: usize, line: &str) {
        if let Some(kind) = line.trim().strip_prefix("```") {
            self.end_paragraph();
            let body = self.read_block_body(number);
            self.file_block(kind.trim(), number, body);
        } else if let Some(heading) = line.strip_prefix("### ") {
            self.end_paragraph();
            self.read_incident_heading(number, heading);
        } else if let Some(heading) = line.strip_prefix("## ") {
            self.end_paragraph();
            self.read_date_heading(number, heading);
        } else if let Some(heading) = line.strip_prefix("# ") {
            self.end_paragraph();
            self.read_year_heading(heading);
        } else if line.trim().is_empty() {
            self.end_paragraph();
        } else if self.drafts.last().is_some_and(|d| d.line > 0) {
            self.paragraph.push(line.to_owned());
        }
    }

    /// Adds the paragraph read so far, if any, to the current incident's write-up.
    fn end_paragraph(&mut self) {
        if self.paragraph.is_empty() {
            return;
        }
        let text = self.paragraph.join("\n");
        self.paragraph.clear();
        if let Some(draft) = self.drafts.last_mut() {
            draft.write_up.push(parse_inline(&text));
        }
    }

    /// The lines of a fenced block up to its closing fence, each with its number.
    fn read_block_body(&mut self, opening: usize) -> Vec<(usize, String)> {
        let mut body = Vec::new();
        while let Some((number, inner)) = self.next_line() {
            if inner.trim() == "```" {
                return body;
            }
            body.push((number, inner.to_owned()));
        }
        self.report.error(opening, "this ``` block is never closed");
        body
    }

    /// Hands a fenced block to what it describes: the taxonomy, or the current incident.
    fn file_block(&mut self, kind: &str, number: usize, body: Vec<(usize, String)>) {
        match kind {
            "taxonomy" => {
                let failure_types = parse_taxonomy(&body, &mut self.report.errors);
                self.failure_types.extend(failure_types);
            }
            "mechanisms" => {
                let mechanisms = parse_mechanisms(&body, &mut self.report.errors);
                self.mechanisms.extend(mechanisms);
            }
            "atlas" | "chain" | "paragraph" => match self.drafts.last_mut() {
                Some(draft) if kind == "atlas" => {
                    draft
                        .fields
                        .extend(parse_atlas_block(body, &mut self.report.errors));
                }
                Some(draft) if kind == "paragraph" => match parse_paragraph_block(number, &body) {
                    Ok(paragraph) => draft.write_up.push(paragraph),
                    Err(error) => self.report.errors.push(error),
                },
                Some(draft) => draft.chain = Some((number, body)),
                None => self
                    .report
                    .error(number, format!("a `{kind}` block outside an incident")),
            },
            _ => {}
        }
    }

    /// `### Organisation - Title`, and the links line under it if there is one.
    fn read_incident_heading(&mut self, number: usize, heading: &str) {
        let Some((organisation, title)) = parse_incident_heading(heading) else {
            self.report.error(
                number,
                "an incident heading needs `### Organisation - Title`",
            );
            return;
        };
        if self.date.is_none() {
            self.report.error(
                number,
                "this incident has no date: put a `## MM/DD/YY` heading above it",
            );
        }
        let mut draft = Draft::new(number, organisation, title, self.date);
        if let Some(next) = self.lines.get(self.at)
            && next.trim_start().starts_with('[')
        {
            self.at += 1;
            match parse_links_line(next) {
                Ok(links) => draft.links = links,
                Err(message) => self.report.error(self.at, message),
            }
        }
        self.drafts.push(draft);
    }

    /// `## MM/DD/YY`: the day of the incidents under it.
    fn read_date_heading(&mut self, number: usize, heading: &str) {
        self.date = match parse_heading_date(heading.trim(), self.year) {
            Ok(date) => Some(date),
            Err(message) => {
                self.report.error(number, message);
                None
            }
        };
    }

    /// `# YYYY`, or a section that is not a year (an overview): its text is not an
    /// incident's.
    fn read_year_heading(&mut self, heading: &str) {
        let heading = heading.trim();
        self.year = Some(heading)
            .filter(|h| h.len() == 4 && h.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|h| h.parse().ok());
        self.date = None;
        if self.year.is_none() {
            self.drafts.push(Draft::section_break());
        }
    }

    /// The catalogue of every incident read, with what was wrong and what was missing.
    fn into_imported(mut self) -> Imported {
        self.end_paragraph();
        let mut report = self.report;
        let incidents = self
            .drafts
            .into_iter()
            .filter(|d| d.line > 0)
            .filter_map(|draft| incident_from_draft(draft, &mut report))
            .collect();
        Imported {
            catalogue: Catalogue {
                schema: Some("./catalogue.schema.json".into()),
                version: CATALOGUE_VERSION,
                failure_types: self.failure_types,
                mechanisms: self.mechanisms,
                incidents,
            },
            errors: report.errors,
            warnings: report.warnings,
        }
    }
}

/// `key: value` lines, each with its line number; blank lines are skipped.
fn parse_atlas_block(
    body: Vec<(usize, String)>,
    errors: &mut Vec<RundownError>,
) -> Vec<(usize, String, String)> {
    let mut fields = Vec::new();
    for (n, text) in body {
        match text.split_once(':') {
            Some((key, value)) => {
                fields.push((n, key.trim().to_owned(), value.trim().to_owned()));
            }
            None if text.trim().is_empty() => {}
            None => errors.push(err(n, "expected `key: value`")),
        }
    }
    fields
}

fn err(line: usize, message: impl Into<String>) -> RundownError {
    RundownError {
        line,
        message: message.into(),
    }
}

fn parse_taxonomy(body: &[(usize, String)], errors: &mut Vec<RundownError>) -> Vec<FailureType> {
    parse_lines(body, errors, parse_failure_type)
}

fn parse_mechanisms(body: &[(usize, String)], errors: &mut Vec<RundownError>) -> Vec<Mechanism> {
    parse_lines(body, errors, parse_mechanism)
}

/// Each line of a block that is not blank, read by `parse`; a line it refuses is an error.
fn parse_lines<T>(
    body: &[(usize, String)],
    errors: &mut Vec<RundownError>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Vec<T> {
    body.iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .filter_map(|(n, text)| {
            parse(text)
                .map_err(|message| errors.push(err(*n, message)))
                .ok()
        })
        .collect()
}

/// `id | label | description`.
fn parse_failure_type(text: &str) -> Result<FailureType, String> {
    let (id, label, description) = parse_entry(text, "a failure type")?;
    Ok(FailureType {
        id,
        label,
        description,
    })
}

/// `id | label | description`, as a failure type.
fn parse_mechanism(text: &str) -> Result<Mechanism, String> {
    let (id, label, description) = parse_entry(text, "a mechanism")?;
    Ok(Mechanism {
        id,
        label,
        description,
    })
}

/// The id, label and description of a taxonomy's line, `id | label | description`; an error
/// says what `what` is written as.
fn parse_entry(text: &str, what: &str) -> Result<(Slug, String, String), String> {
    let shape = || format!("{what} is `id | label | description`");
    let (id, rest) = text.split_once(" | ").ok_or_else(shape)?;
    let (label, description) = split_text(rest, " | ").ok_or_else(shape)?;
    Ok((Slug::parse(id.trim())?, label, read_text(description)))
}

/// `Organisation - Title`, after `### `.
fn parse_incident_heading(heading: &str) -> Option<(String, String)> {
    let (organisation, title) = split_text(heading, " - ")?;
    Some((organisation, read_text(title)))
}

/// A `paragraph` block: one paragraph's runs as JSON, as in the catalogue.
fn parse_paragraph_block(
    opening: usize,
    body: &[(usize, String)],
) -> Result<Paragraph, RundownError> {
    let json: Vec<&str> = body.iter().map(|(_, line)| line.as_str()).collect();
    serde_json::from_str(&json.join("\n")).map_err(|error| {
        let line = body
            .get(error.line().saturating_sub(1))
            .map_or(opening, |(n, _)| *n);
        err(
            line,
            format!(
                "a `paragraph` block holds one paragraph's runs as JSON, such as \
                 [\"text\", {{\"code\": \"etcd\"}}]: {error}"
            ),
        )
    })
}

/// A text as the rundown reads it: trimmed, and then, if it is a JSON string in double
/// quotes, that string. So any text can be written, new lines and outer spaces included.
fn read_text(text: &str) -> String {
    let text = text.trim();
    match quoted_prefix(text) {
        Some((quoted, "")) => quoted,
        _ => text.to_owned(),
    }
}

/// The text before the first `separator` and what follows it. A text in double quotes may
/// hold the separator: `"Org - Unit" - Title`.
fn split_text<'t>(line: &'t str, separator: &str) -> Option<(String, &'t str)> {
    if let Some((quoted, rest)) = quoted_prefix(line.trim_start())
        && let Some(rest) = rest.strip_prefix(separator)
    {
        return Some((quoted, rest));
    }
    let (first, rest) = line.split_once(separator)?;
    Some((read_text(first), rest))
}

/// The JSON string that `text` starts with, and what follows it.
fn quoted_prefix(text: &str) -> Option<(String, &str)> {
    let inside = text.strip_prefix('"')?;
    let mut escaped = false;
    for (at, c) in inside.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let end = 1 + at + 1;
                let quoted = serde_json::from_str(&text[..end]).ok()?;
                return Some((quoted, &text[end..]));
            }
            _ => {}
        }
    }
    None
}

/// A text as the rundown writes it: as it is when [`read_text`] gives it back and it cannot
/// be taken for a closing fence, else in double quotes.
fn write_text(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = !text.chars().any(char::is_control) && text != "```" && read_text(text) == text;
    if plain {
        text.into()
    } else {
        json_string(text).into()
    }
}

/// `text` as a JSON string, in double quotes.
fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// `MM/DD/YY` under a `# YYYY` heading (whose century it takes), or `YYYY-MM-DD`.
fn parse_heading_date(text: &str, year: Option<i32>) -> Result<time::Date, String> {
    if let Ok(moment) = Moment::parse(text) {
        return Ok(moment.date);
    }
    let parts: Vec<&str> = text.split('/').collect();
    let [month, day, short_year] = parts[..] else {
        return Err(format!(
            "`{text}` is not a date: write MM/DD/YY, as in 11/02/20"
        ));
    };
    let number = |s: &str| s.trim().parse::<i32>().ok();
    let (Some(month), Some(day), Some(short)) = (number(month), number(day), number(short_year))
    else {
        return Err(format!(
            "`{text}` is not a date: write MM/DD/YY, as in 11/02/20"
        ));
    };
    if !(0..100).contains(&short) {
        return Err(format!(
            "`{text}` is not a date: write MM/DD/YY, as in 11/02/20"
        ));
    }
    let full_year = match year {
        Some(y) if y % 100 == short => y,
        Some(y) => {
            return Err(format!(
                "`{text}` is not in {y}, the year this section is under"
            ));
        }
        None => 2000 + short,
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok())
        .ok_or_else(|| format!("`{text}`: there is no month {month}"))?;
    let day = u8::try_from(day).map_err(|_| format!("`{text}`: there is no day {day}"))?;
    time::Date::from_calendar_date(full_year, month, day)
        .map_err(|_| format!("`{text}` is not a day of the calendar"))
}

/// `[Incident](url) | [Postmortem](url) | [Other title](url)`.
fn parse_links_line(line: &str) -> Result<Vec<Link>, String> {
    line.split(" | ")
        .map(|part| {
            let part = part.trim();
            let (label, rest) = part
                .strip_prefix('[')
                .and_then(|p| p.split_once("]("))
                .ok_or_else(|| format!("`{part}` is not a link: write [Label](https://...)"))?;
            let url = rest
                .strip_suffix(')')
                .ok_or_else(|| format!("`{part}` is not a link: it needs a closing `)`"))?;
            let url = HttpUrl::parse(without_angle_brackets(url))?;
            let (kind, title) = match label {
                "Incident" => (LinkKind::StatusPage, None),
                "Postmortem" => (LinkKind::Postmortem, None),
                other => (LinkKind::Other, Some(other.to_owned())),
            };
            Ok(Link { kind, url, title })
        })
        .collect()
}

/// The link inside one pair of angle brackets (markdown's `<https://...>` form), or the
/// text as it is: a link may itself end with `>`.
fn without_angle_brackets(url: &str) -> &str {
    url.strip_prefix('<')
        .and_then(|inner| inner.strip_suffix('>'))
        .unwrap_or(url)
}

/// A paragraph's inline markdown as runs: text, code and links. Other markup keeps its text.
fn parse_inline(text: &str) -> Paragraph {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut runs: Paragraph = Vec::new();
    let mut link: Option<(String, String)> = None;
    let push_text = |runs: &mut Paragraph, link: &mut Option<(String, String)>, text: &str| {
        if let Some((_, link_text)) = link.as_mut() {
            link_text.push_str(text);
        } else if let Some(Inline::Text(last)) = runs.last_mut() {
            last.push_str(text);
        } else {
            runs.push(Inline::Text(text.to_owned()));
        }
    };
    for event in Parser::new(text) {
        match event {
            Event::Text(t) => push_text(&mut runs, &mut link, &t),
            Event::Code(c) => {
                if let Some((_, link_text)) = link.as_mut() {
                    link_text.push_str(&c);
                } else {
                    runs.push(Inline::Code {
                        code: c.into_string(),
                    });
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut runs, &mut link, " "),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.into_string(), String::new()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((href, text)) = link.take() {
                    match HttpUrl::parse(&href) {
                        Ok(href) => runs.push(Inline::Link { text, href }),
                        // Not an http(s) link: keep its words, drop the target.
                        Err(_) => push_text(&mut runs, &mut None, &text),
                    }
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => push_text(&mut runs, &mut link, &h),
            _ => {}
        }
    }
    runs
}

/// The keys an `atlas` block may have.
const ATLAS_KEYS: [&str; 12] = [
    "id",
    "sector",
    "start",
    "end",
    "added",
    "summary",
    "impact",
    "remediation",
    "trigger",
    "contributing",
    "link",
    "source",
];

/// The incident a draft describes, or `None` when something it cannot do without is wrong
/// (the error says what). What is only missing is derived or left empty, with a warning.
fn incident_from_draft(draft: Draft, report: &mut Report) -> Option<Incident> {
    let Draft {
        line,
        organisation,
        title,
        date,
        links,
        write_up,
        fields,
        chain,
    } = draft;
    let date = date?;
    let fields = AtlasFields { line, fields };
    fields.report_unknown_keys(report);
    let id = fields.id(&organisation, date, &title, report)?;
    let start = fields.start(date, report)?;
    let end = fields.end(report);
    let added = fields.added(report);
    let sector = fields.sector(report);
    let summary = fields.summary(&write_up, report);
    let impact = fields.impact(report);
    let remediation = fields.remediation(report);
    let failure_types = fields.failure_types(report)?;
    let links = fields.links(links, report);
    let sources = fields.sources(&links, report);
    let causal_chain = match chain {
        Some((n, body)) => parse_chain(n, &body, &mut report.errors)?,
        None => {
            report.warn(line, "no ```chain block");
            CausalChain {
                nodes: Vec::new(),
                edges: Vec::new(),
            }
        }
    };
    Some(Incident {
        id,
        organisation,
        sector,
        title,
        start,
        end,
        added,
        summary,
        write_up,
        impact,
        remediation,
        failure_types,
        links,
        sources,
        causal_chain,
    })
}

/// The `key: value` lines of an incident's `atlas` block, and the line of its heading (where
/// a missing field is reported).
struct AtlasFields {
    line: usize,
    fields: Vec<(usize, String, String)>,
}

impl AtlasFields {
    /// Every value given for `key`, in order, each with its line.
    fn all<'s>(&'s self, key: &'s str) -> impl Iterator<Item = (usize, &'s str)> + 's {
        self.fields
            .iter()
            .filter(move |(_, k, _)| k == key)
            .map(|(n, _, v)| (*n, v.as_str()))
    }

    /// The first value given for `key`: a field given twice takes its first.
    fn first(&self, key: &str) -> Option<(usize, &str)> {
        self.fields
            .iter()
            .find(|(_, k, _)| k == key)
            .map(|(n, _, v)| (*n, v.as_str()))
    }

    fn report_unknown_keys(&self, report: &mut Report) {
        for (n, key, _) in &self.fields {
            if !ATLAS_KEYS.contains(&key.as_str()) {
                report.error(*n, format!("unknown field `{key}`"));
            }
        }
    }

    /// The `id`, or one derived from the organisation, the date and the title.
    fn id(
        &self,
        organisation: &str,
        date: time::Date,
        title: &str,
        report: &mut Report,
    ) -> Option<Slug> {
        if let Some((n, text)) = self.first("id") {
            return Slug::parse(text)
                .map_err(|message| report.error(n, message))
                .ok();
        }
        let derived = derive_id(organisation, date, title);
        match Slug::parse(&derived) {
            Ok(id) => {
                report.warn(self.line, format!("no `id`: using `{derived}`"));
                Some(id)
            }
            Err(message) => {
                report.error(
                    self.line,
                    format!("no `id`, and `{derived}` is not one: {message}"),
                );
                None
            }
        }
    }

    /// The `start`, which must be on the date heading's day; that day without a time if none
    /// is given.
    fn start(&self, date: time::Date, report: &mut Report) -> Option<Moment> {
        let Some((n, text)) = self.first("start") else {
            return Some(Moment { date, time: None });
        };
        match Moment::parse(text) {
            Ok(start) if start.date == date => Some(start),
            Ok(start) => {
                report.error(n, format!("start {start} is not on the date heading's day"));
                None
            }
            Err(message) => {
                report.error(n, message);
                None
            }
        }
    }

    fn end(&self, report: &mut Report) -> Option<Moment> {
        let (n, text) = self.first("end")?;
        Moment::parse(text)
            .map_err(|message| report.error(n, message))
            .ok()
    }

    fn sector(&self, report: &mut Report) -> Option<Slug> {
        let (n, text) = self.first("sector")?;
        Slug::parse(text)
            .map_err(|message| report.error(n, message))
            .ok()
    }

    fn added(&self, report: &mut Report) -> Option<Day> {
        let (n, text) = self.first("added")?;
        Day::parse(text)
            .map_err(|message| report.error(n, message))
            .ok()
    }

    /// The `summary`, or the write-up's first sentence.
    fn summary(&self, write_up: &[Paragraph], report: &mut Report) -> String {
        match self.first("summary") {
            Some((_, text)) => read_text(text),
            None => {
                report.warn(
                    self.line,
                    "no `summary`: using the write-up's first sentence",
                );
                first_sentence(write_up)
            }
        }
    }

    fn impact(&self, report: &mut Report) -> String {
        match self.first("impact") {
            Some((_, text)) => read_text(text),
            None => {
                report.warn(self.line, "no `impact`");
                String::new()
            }
        }
    }

    /// Every `remediation` step, in order.
    fn remediation(&self, report: &mut Report) -> Vec<String> {
        let steps: Vec<String> = self
            .all("remediation")
            .map(|(_, text)| read_text(text))
            .collect();
        if steps.is_empty() {
            report.warn(self.line, "no `remediation`");
        }
        steps
    }

    /// The `trigger` (`unknown` when none is given) and the comma-separated `contributing`
    /// failure types.
    fn failure_types(&self, report: &mut Report) -> Option<IncidentFailureTypes> {
        let trigger = match self.first("trigger") {
            Some((n, text)) => slug_at(n, text, report)?,
            None => {
                report.warn(self.line, "no `trigger` failure type");
                Slug::parse("unknown").ok()?
            }
        };
        let contributing = self
            .all("contributing")
            .flat_map(|(n, text)| text.split(',').map(move |t| (n, t.trim())))
            .filter(|(_, t)| !t.is_empty())
            .filter_map(|(n, t)| slug_at(n, t, report))
            .collect();
        Some(IncidentFailureTypes {
            trigger,
            contributing,
        })
    }

    /// The links line's links, then each `link: kind | url` or `link: kind | title | url`.
    fn links(&self, mut links: Vec<Link>, report: &mut Report) -> Vec<Link> {
        for (n, text) in self.all("link") {
            match parse_link_field(text) {
                Ok(link) => links.push(link),
                Err(message) => report.error(n, message),
            }
        }
        links
    }

    /// Every `source`, or the links' targets when none is given.
    fn sources(&self, links: &[Link], report: &mut Report) -> Vec<HttpUrl> {
        let sources: Vec<HttpUrl> = self
            .all("source")
            .filter_map(|(n, text)| {
                HttpUrl::parse(text)
                    .map_err(|message| report.error(n, message))
                    .ok()
            })
            .collect();
        if !sources.is_empty() {
            return sources;
        }
        report.warn(self.line, "no `source`: using the links");
        links.iter().map(|l| l.url.clone()).collect()
    }
}

/// A slug, or an error at its line.
fn slug_at(line: usize, text: &str, report: &mut Report) -> Option<Slug> {
    Slug::parse(text)
        .map_err(|message| report.error(line, message))
        .ok()
}

/// `kind | url` or `kind | title | url`. A link has no spaces, so the title is all between
/// the first ` | ` and the last.
fn parse_link_field(text: &str) -> Result<Link, String> {
    let (kind, rest) = text
        .split_once(" | ")
        .ok_or("a link is `kind | url` or `kind | title | url`")?;
    let (title, url) = match rest.rsplit_once(" | ") {
        Some((title, url)) => (Some(read_text(title)), url),
        None => (None, rest),
    };
    let kind = match kind.trim() {
        "status_page" => LinkKind::StatusPage,
        "postmortem" => LinkKind::Postmortem,
        "other" => LinkKind::Other,
        other => {
            return Err(format!(
                "`{other}` is not a link kind: status_page, postmortem or other"
            ));
        }
    };
    let url = HttpUrl::parse(url.trim())?;
    Ok(Link { kind, url, title })
}

fn derive_id(organisation: &str, date: time::Date, title: &str) -> String {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let mut parts = words(organisation);
    parts.push(format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    ));
    parts.extend(words(title).into_iter().take(5));
    let id = parts.join("-");
    id.chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

fn first_sentence(write_up: &[Paragraph]) -> String {
    let text: String = write_up
        .first()
        .map(|p| p.iter().map(Inline::text).collect())
        .unwrap_or_default();
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

/// `node <id> <kind>: <label>` lines (an indented line after one is its detail) and
/// `<id> -> <id>, <id>` edge lines; `None` when any of them is wrong.
fn parse_chain(
    block_line: usize,
    body: &[(usize, String)],
    errors: &mut Vec<RundownError>,
) -> Option<CausalChain> {
    let before = errors.len();
    let mut chain = ChainLines::default();
    for (n, text) in body {
        chain.read_line(*n, text, errors);
    }
    chain.report_unknown_ends(errors);
    chain.report_cycle(block_line, errors);
    (errors.len() == before).then(|| CausalChain {
        nodes: chain.nodes,
        edges: chain.edges.into_iter().map(|(_, e)| e).collect(),
    })
}

/// `node -> b`: an edge whose first end is the node with the id `node`, not a node line.
fn is_edge_from_node_named_node(text: &str) -> bool {
    text.split_once("->")
        .is_some_and(|(from, _)| from.trim() == "node")
}

/// What a `chain` block's lines gave so far.
#[derive(Default)]
struct ChainLines {
    nodes: Vec<ChainNode>,
    /// Each edge with its line.
    edges: Vec<(usize, ChainEdge)>,
    /// The ids that node lines name, read or not, so edges to a node line in error add no errors.
    declared: Vec<String>,
}

impl ChainLines {
    fn read_line(&mut self, n: usize, text: &str, errors: &mut Vec<RundownError>) {
        if text.trim().is_empty() {
            return;
        }
        if text.starts_with("  ") || text.starts_with('\t') {
            match self.nodes.last_mut() {
                Some(node) => node.detail = Some(read_text(text)),
                None => errors.push(err(n, "a detail line needs a node line above it")),
            }
        } else if let Some(rest) = text.strip_prefix("node ")
            && !is_edge_from_node_named_node(text)
        {
            self.read_node(n, rest, errors);
        } else if let Some((from, targets)) = text.split_once("->") {
            self.read_edges(n, from, targets, errors);
        } else {
            errors.push(err(
                n,
                "expected `node <id> <kind>: <label>` or `<id> -> <id>`",
            ));
        }
    }

    /// `<id> <kind>: <label>` or `<id> <kind> [<mechanism>]: <label>`, after `node `.
    fn read_node(&mut self, n: usize, rest: &str, errors: &mut Vec<RundownError>) {
        let shape = "a node is `node <id> <kind>: <label>` or `node <id> <kind> [<mechanism>]: \
                     <label>`";
        // A line that is not a node's names one all the same: edges to it add no errors.
        if let Some(id) = rest.split([' ', ':']).next() {
            self.declared.push(id.to_owned());
        }
        let Some((head, label)) = rest.split_once(':') else {
            errors.push(err(n, shape));
            return;
        };
        let mut words = head.split_whitespace();
        let (Some(id), Some(kind), mechanism, None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            errors.push(err(n, shape));
            return;
        };
        let mechanism = match mechanism.map(parse_node_mechanism).transpose() {
            Ok(mechanism) => mechanism,
            Err(message) => {
                errors.push(err(n, message));
                return;
            }
        };
        let Some(kind) = NodeKind::ALL.into_iter().find(|k| k.as_str() == kind) else {
            errors.push(err(
                n,
                format!(
                    "`{kind}` is not a node kind: trigger, condition, event, impact, response \
                     or recovery"
                ),
            ));
            return;
        };
        match Slug::parse(id) {
            Ok(id) => self.nodes.push(ChainNode {
                id,
                kind,
                label: read_text(label),
                detail: None,
                mechanism,
            }),
            Err(message) => errors.push(err(n, message)),
        }
    }

    /// `<id> -> <id>, <id>`: one edge to each target.
    fn read_edges(&mut self, n: usize, from: &str, targets: &str, errors: &mut Vec<RundownError>) {
        for to in targets.split(',') {
            match (Slug::parse(from.trim()), Slug::parse(to.trim())) {
                (Ok(from), Ok(to)) => self.edges.push((n, ChainEdge { from, to })),
                (Err(message), _) | (_, Err(message)) => errors.push(err(n, message)),
            }
        }
    }

    /// An edge from or to a node the block does not have.
    fn report_unknown_ends(&self, errors: &mut Vec<RundownError>) {
        for (n, edge) in &self.edges {
            for end in [&edge.from, &edge.to] {
                if !self.nodes.iter().any(|node| node.id == *end)
                    && !self.declared.iter().any(|d| d == end.as_str())
                {
                    errors.push(err(*n, format!("no node `{end}` in this chain")));
                }
            }
        }
    }

    /// A cycle, at the line of the edge that closes it.
    fn report_cycle(&self, block_line: usize, errors: &mut Vec<RundownError>) {
        let index_of = |id: &Slug| self.nodes.iter().position(|node| node.id == *id);
        let mut successors = vec![Vec::new(); self.nodes.len()];
        for (_, edge) in &self.edges {
            if let (Some(a), Some(b)) = (index_of(&edge.from), index_of(&edge.to)) {
                successors[a].push(b);
            }
        }
        let Some(cycle) = crate::catalogue::check::find_cycle(&successors) else {
            return;
        };
        let names: Vec<&str> = cycle.iter().map(|&i| self.nodes[i].id.as_str()).collect();
        let line = self
            .edges
            .iter()
            .find(|(_, e)| e.from.as_str() == names[names.len() - 1])
            .map_or(block_line, |(n, _)| *n);
        errors.push(err(
            line,
            format!(
                "the chain has a cycle: {} -> {}",
                names.join(" -> "),
                names[0]
            ),
        ));
    }
}

/// `[<mechanism>]`, the id of the mechanism a node names.
fn parse_node_mechanism(word: &str) -> Result<Slug, String> {
    let id = word
        .strip_prefix('[')
        .and_then(|w| w.strip_suffix(']'))
        .ok_or_else(|| {
            format!("`{word}`: a node's mechanism is its id in brackets, `[retry-storm]`")
        })?;
    Slug::parse(id).map_err(|message| format!("the mechanism `{id}`: {message}"))
}

/// What an exported rundown opens with, before the taxonomy.
const EXPORT_PREAMBLE: &str = "# Incident Atlas\nReal production incidents, abridged in our own \
    words. Written by `atlas export --format md`; `atlas import` reads it back.\n\n";

/// Writes a catalogue as a rundown that [`import_rundown`] reads back to the same catalogue.
pub fn export_rundown(catalogue: &Catalogue) -> String {
    let mut out = String::from(EXPORT_PREAMBLE);
    write_taxonomy(&mut out, &catalogue.failure_types);
    write_mechanisms(&mut out, &catalogue.mechanisms);
    let mut headings = DateHeadings::default();
    for incident in &catalogue.incidents {
        headings.write(&mut out, incident.start.date);
        write_incident(&mut out, incident);
    }
    out
}

fn write_taxonomy(out: &mut String, failure_types: &[FailureType]) {
    out.push_str("```taxonomy\n");
    for failure_type in failure_types {
        out.push_str(&failure_type_line(failure_type));
        out.push('\n');
    }
    out.push_str("```\n");
}

/// The `mechanisms` block, when there are any: a catalogue without them exports as before.
fn write_mechanisms(out: &mut String, mechanisms: &[Mechanism]) {
    if mechanisms.is_empty() {
        return;
    }
    out.push_str("```mechanisms\n");
    for mechanism in mechanisms {
        let entry = (&mechanism.id, &*mechanism.label, &*mechanism.description);
        out.push_str(&entry_line(entry));
        out.push('\n');
    }
    out.push_str("```\n");
}

/// `id | label | description`, the label in quotes when it would not read back as it is.
fn failure_type_line(failure_type: &FailureType) -> String {
    entry_line((
        &failure_type.id,
        &failure_type.label,
        &failure_type.description,
    ))
}

/// A taxonomy's line for an entry's id, label and description, the label in quotes when it
/// would not read back as it is (it holds ` | `, say).
fn entry_line((id, label, description): (&Slug, &str, &str)) -> String {
    let written = write_text(description);
    let plain = format!("{id} | {} | {written}", write_text(label));
    let reads_back = parse_entry(&plain, "")
        .is_ok_and(|(i, l, d)| (&i, l.as_str(), d.as_str()) == (id, label, description));
    if reads_back {
        return plain;
    }
    format!("{id} | {} | {written}", json_string(label))
}

/// The year and day headings written last: a heading is written when an incident's day
/// differs from the one above it.
#[derive(Default)]
struct DateHeadings {
    year: Option<i32>,
    day: Option<time::Date>,
}

impl DateHeadings {
    fn write(&mut self, out: &mut String, date: time::Date) {
        if self.year != Some(date.year()) {
            // Four digits, as the reader takes only those for a year.
            out.push_str(&format!("\n# {:04}\n", date.year()));
            self.year = Some(date.year());
            self.day = None;
        }
        if self.day != Some(date) {
            out.push_str(&format!(
                "## {:02}/{:02}/{:02}\n",
                u8::from(date.month()),
                date.day(),
                date.year().rem_euclid(100)
            ));
            self.day = Some(date);
        }
    }
}

fn write_incident(out: &mut String, incident: &Incident) {
    out.push_str(&incident_heading(&incident.organisation, &incident.title));
    let on_line = write_links_line(out, &incident.links);
    out.push('\n');
    for paragraph in &incident.write_up {
        write_paragraph(out, paragraph);
    }
    write_atlas_block(out, incident, &incident.links[on_line..]);
    out.push('\n');
    write_chain_block(out, &incident.causal_chain);
    out.push('\n');
}

/// `### Organisation - Title`, the organisation in quotes when it would not read back as it
/// is (it holds ` - `, say).
fn incident_heading(organisation: &str, title: &str) -> String {
    let written_title = write_text(title);
    let plain = format!("{} - {written_title}", write_text(organisation));
    if parse_incident_heading(&plain) == Some((organisation.to_owned(), title.to_owned())) {
        return format!("### {plain}\n");
    }
    format!("### {} - {written_title}\n", json_string(organisation))
}

/// Untitled status pages and postmortems go on the seed's links line, as long as they come
/// first; returns how many did. The rest, in order, go in the atlas block.
fn write_links_line(out: &mut String, links: &[Link]) -> usize {
    let plain = |l: &Link| l.title.is_none() && l.kind != LinkKind::Other;
    let on_line = links.iter().take_while(|l| plain(l)).count();
    let line: Vec<String> = links[..on_line]
        .iter()
        .map(|l| {
            let label = if l.kind == LinkKind::StatusPage {
                "Incident"
            } else {
                "Postmortem"
            };
            format!("[{label}]({})", l.url)
        })
        .collect();
    if !line.is_empty() {
        out.push_str(&line.join(" | "));
        out.push('\n');
    }
    on_line
}

/// The `atlas` block: every field the headings and the write-up do not give, and the links
/// that are not on the links line.
fn write_atlas_block(out: &mut String, incident: &Incident, links: &[Link]) {
    out.push_str("```atlas\n");
    out.push_str(&format!("id: {}\nstart: {}\n", incident.id, incident.start));
    if let Some(end) = &incident.end {
        out.push_str(&format!("end: {end}\n"));
    }
    if let Some(sector) = &incident.sector {
        out.push_str(&format!("sector: {sector}\n"));
    }
    if let Some(added) = &incident.added {
        out.push_str(&format!("added: {added}\n"));
    }
    out.push_str(&format!(
        "summary: {}\nimpact: {}\n",
        write_text(&incident.summary),
        write_text(&incident.impact)
    ));
    for step in &incident.remediation {
        out.push_str(&format!("remediation: {}\n", write_text(step)));
    }
    let types = &incident.failure_types;
    out.push_str(&format!("trigger: {}\n", types.trigger));
    if !types.contributing.is_empty() {
        let list: Vec<&str> = types.contributing.iter().map(Slug::as_str).collect();
        out.push_str(&format!("contributing: {}\n", list.join(", ")));
    }
    for link in links {
        let kind = match link.kind {
            LinkKind::StatusPage => "status_page",
            LinkKind::Postmortem => "postmortem",
            LinkKind::Other => "other",
        };
        match &link.title {
            Some(title) => {
                let title = write_text(title);
                out.push_str(&format!("link: {kind} | {title} | {}\n", link.url));
            }
            None => out.push_str(&format!("link: {kind} | {}\n", link.url)),
        }
    }
    for source in &incident.sources {
        out.push_str(&format!("source: {source}\n"));
    }
    out.push_str("```\n");
}

fn write_chain_block(out: &mut String, chain: &CausalChain) {
    out.push_str("```chain\n");
    for node in &chain.nodes {
        let mechanism = match &node.mechanism {
            Some(id) => format!(" [{id}]"),
            None => String::new(),
        };
        out.push_str(&format!(
            "node {} {}{mechanism}: {}\n",
            node.id,
            node.kind.as_str(),
            write_text(&node.label)
        ));
        if let Some(detail) = &node.detail {
            out.push_str(&format!("  {}\n", write_text(detail)));
        }
    }
    for edge in &chain.edges {
        out.push_str(&format!("{} -> {}\n", edge.from, edge.to));
    }
    out.push_str("```\n");
}

/// A write-up paragraph: a line of markdown when that reads back to the same runs, else a
/// `paragraph` block of its runs as JSON.
fn write_paragraph(out: &mut String, paragraph: &Paragraph) {
    match paragraph_markdown(paragraph) {
        Some(line) => {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        None => {
            out.push_str("```paragraph\n");
            out.push_str(&paragraph_json(paragraph));
            out.push_str("\n```\n\n");
        }
    }
}

/// The paragraph as one line of markdown, if the rundown reads that line as a paragraph
/// with the same runs. Markdown cannot hold every paragraph: a new line in `code`, two text
/// runs side by side or an empty one, a NUL character.
fn paragraph_markdown(paragraph: &Paragraph) -> Option<String> {
    let line = inline_markdown(paragraph);
    let is_paragraph_line = !line.trim().is_empty()
        && !line.contains(['\n', '\r'])
        && !line.starts_with('#')
        && !line.trim_start().starts_with("```");
    (is_paragraph_line && parse_inline(&line) == *paragraph).then_some(line)
}

/// The runs as the catalogue writes them: `["text", {"code": "etcd"}, {"text": "Raft",
/// "href": "https://raft.github.io/"}]`.
fn paragraph_json(paragraph: &Paragraph) -> String {
    let runs: Vec<String> = paragraph
        .iter()
        .map(|run| match run {
            Inline::Text(text) => json_string(text),
            Inline::Code { code } => format!("{{\"code\": {}}}", json_string(code)),
            Inline::Link { text, href } => format!(
                "{{\"text\": {}, \"href\": {}}}",
                json_string(text),
                json_string(href.as_str())
            ),
        })
        .collect();
    format!("[{}]", runs.join(", "))
}

/// A paragraph's runs as one line of markdown.
fn inline_markdown(paragraph: &Paragraph) -> String {
    let line: String = paragraph
        .iter()
        .map(|run| match run {
            Inline::Text(text) => escape_markdown(text),
            Inline::Code { code } => code_span(code),
            Inline::Link { text, href } => format!(
                "[{}](<{}>)",
                escape_markdown(text),
                escape_destination(href.as_str())
            ),
        })
        .collect();
    keep_outer_spaces(line)
}

/// Markdown drops white space at either end of a paragraph: a character reference keeps it.
fn keep_outer_spaces(line: String) -> String {
    let reference = |c: char| format!("&#{};", u32::from(c));
    let mut line = line;
    if let Some(first) = line.chars().next().filter(|c| c.is_whitespace()) {
        line.replace_range(..first.len_utf8(), &reference(first));
    }
    if let Some(last) = line.chars().next_back().filter(|c| c.is_whitespace()) {
        line.replace_range(line.len() - last.len_utf8().., &reference(last));
    }
    line
}

/// `` `code` ``, its fence one backtick longer than any run of backticks inside; padded with
/// a space on each side where markdown would take one off or join a backtick to the fence.
fn code_span(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// A link's target inside `<...>`, where a backslash, an angle bracket and a character
/// reference would mean something else.
fn escape_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    for (at, c) in url.char_indices() {
        let escape = match c {
            '\\' | '<' | '>' => true,
            '&' => starts_character_reference(&url[at..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `&amp;`, `&#10;`, `&#x41;`: what markdown would read as one character.
fn starts_character_reference(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('&') else {
        return false;
    };
    let name_length = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len());
    name_length > 0 && rest[name_length..].starts_with(';')
}

/// Backslash-escapes every ASCII punctuation character that markdown could read as markup,
/// and writes control characters (a new line, a tab) as character references.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        if c.is_control() {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    // A line that starts like a list item or a numbered item would become one.
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    let digits = out.len() - out.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=9).contains(&digits) && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_round_trips() {
        let paragraph = vec![
            Inline::Text("A *star*, an_underscore, [brackets] & <tags> ".into()),
            Inline::Code {
                code: "etcd".into(),
            },
            Inline::Text(" and ".into()),
            Inline::Link {
                text: "Raft [paper]".into(),
                href: HttpUrl::parse("https://raft.github.io/a_(b)").unwrap(),
            },
            Inline::Text(".".into()),
        ];
        assert_eq!(parse_inline(&inline_markdown(&paragraph)), paragraph);
        let leading = vec![Inline::Text("- not a list, 1. not a number".into())];
        assert_eq!(parse_inline(&inline_markdown(&leading)), leading);
        // A backslash before the digit would be a backslash of the text.
        let numbered = vec![Inline::Text("1. not a number, 2) nor this".into())];
        assert_eq!(inline_markdown(&numbered), "1\\. not a number, 2) nor this");
        assert_eq!(parse_inline(&inline_markdown(&numbered)), numbered);
    }

    #[test]
    fn markdown_keeps_outer_spaces_new_lines_and_backticks() {
        let paragraph = vec![
            Inline::Text("  two\nlines, a\ttab ".into()),
            Inline::Code {
                code: "``a`` ` b".into(),
            },
            Inline::Text(" & &amp; ".into()),
            Inline::Link {
                text: "x".into(),
                href: HttpUrl::parse("https://example.com/a>b&amp;c\\d").unwrap(),
            },
            Inline::Text(" ".into()),
        ];
        let line = paragraph_markdown(&paragraph).expect("markdown holds it");
        assert!(line.starts_with("&#32; two&#10;lines"), "{line}");
        assert!(line.contains("```"), "{line}");
    }

    #[test]
    fn paragraphs_markdown_cannot_hold_are_written_as_json() {
        for paragraph in [
            vec![Inline::Text("a".into()), Inline::Text("b".into())],
            vec![Inline::Code {
                code: "two\nlines".into(),
            }],
            vec![
                Inline::Code { code: "a".into() },
                Inline::Code { code: "b".into() },
            ],
            vec![Inline::Code { code: "``".into() }],
        ] {
            assert_eq!(paragraph_markdown(&paragraph), None, "{paragraph:?}");
            let mut out = String::new();
            write_paragraph(&mut out, &paragraph);
            let body: Vec<(usize, String)> = out
                .lines()
                .skip(1)
                .take(1)
                .map(|l| (2, l.to_owned()))
                .collect();
            assert_eq!(parse_paragraph_block(1, &body), Ok(paragraph));
        }
        let broken = [(2, "[\"text\", {\"code\": 1}]".to_owned())];
        let error = parse_paragraph_block(1, &broken).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("as JSON"), "{}", error.message);
    }

    #[test]
    fn a_text_in_double_quotes_reads_as_its_json_string() {
        assert_eq!(read_text(r#"  "two\nlines"  "#), "two\nlines");
        assert_eq!(read_text(r#""  spaced  ""#), "  spaced  ");
        // Not one whole JSON string: the text as it is.
        assert_eq!(read_text(r#""Big" Corp"#), r#""Big" Corp"#);
        assert_eq!(read_text(r#""a" and "b""#), r#""a" and "b""#);
        assert_eq!(read_text(r#""bad \q""#), r#""bad \q""#);
        assert_eq!(
            split_text(r#""A - B" - C - D"#, " - "),
            Some(("A - B".to_owned(), "C - D"))
        );
        assert_eq!(
            split_text(r#""A" B - C"#, " - "),
            Some((r#""A" B"#.to_owned(), "C"))
        );
    }

    #[test]
    fn a_text_is_quoted_only_when_it_would_not_read_back() {
        let plain = "A sentence: with - and | and -> and \"quotes\" inside.";
        assert_eq!(write_text(plain), plain);
        for text in [
            "two\nlines",
            " padded ",
            "\"quoted\"",
            "```",
            "a\ttab",
            "\u{3000}x",
        ] {
            let written = write_text(text);
            assert!(written.starts_with('"'), "{written}");
            assert_eq!(read_text(&written), text);
        }
    }

    #[test]
    fn separators_inside_a_text_quote_it() {
        let heading = incident_heading("Acme - EU", "Title - part two");
        assert_eq!(heading, "### \"Acme - EU\" - Title - part two\n");
        let failure_type = FailureType {
            id: Slug::parse("config").unwrap(),
            label: "Config | deploy".into(),
            description: "Set | off".into(),
        };
        let line = failure_type_line(&failure_type);
        assert_eq!(line, "config | \"Config | deploy\" | Set | off");
        assert_eq!(parse_failure_type(&line), Ok(failure_type));
        let link = parse_link_field("other | A | B | https://example.com/").unwrap();
        assert_eq!(link.title.as_deref(), Some("A | B"));
    }

    fn chain_of(lines: &[&str]) -> (Option<CausalChain>, Vec<RundownError>) {
        let body: Vec<(usize, String)> = lines
            .iter()
            .enumerate()
            .map(|(n, line)| (n + 2, line.to_string()))
            .collect();
        let mut errors = Vec::new();
        (parse_chain(1, &body, &mut errors), errors)
    }

    #[test]
    fn a_node_names_its_mechanism_in_brackets_after_its_kind() {
        let (chain, errors) = chain_of(&[
            "node a trigger [global-config-push]: Pushed: everywhere [at once]",
            "node b event: B",
            "a -> b",
        ]);
        assert!(errors.is_empty(), "{errors:?}");
        let chain = chain.expect("a chain");
        let a = &chain.nodes[0];
        assert_eq!(
            a.mechanism.as_ref().map(Slug::as_str),
            Some("global-config-push")
        );
        assert_eq!(a.label, "Pushed: everywhere [at once]");
        assert_eq!(chain.nodes[1].mechanism, None);
        let mut out = String::new();
        write_chain_block(&mut out, &chain);
        assert!(
            out.contains("node a trigger [global-config-push]: Pushed"),
            "{out}"
        );

        for (line, said) in [
            ("node a trigger global-config-push: A", "its id in brackets"),
            ("node a trigger [Not A Slug]: A", "a node is"),
            (
                "node a trigger [not_a_slug]: A",
                "the mechanism `not_a_slug`",
            ),
            ("node a trigger [x] [y]: A", "a node is"),
        ] {
            let (chain, errors) = chain_of(&[line, "a -> a2", "node a2 event: B"]);
            assert!(chain.is_none(), "{line}");
            assert_eq!(errors.len(), 1, "{line}: {errors:?}");
            assert_eq!(errors[0].line, 2);
            assert!(errors[0].message.contains(said), "{line}: {errors:?}");
        }
    }

    #[test]
    fn a_mechanisms_block_defines_the_mechanisms() {
        let imported = import_rundown(
            "```mechanisms\nretry-storm | Retry storm | Retries keep it down.\n\
             split-brain | \"Split | brain\" | Two leaders.\nnot a line\n```\n",
        );
        let mechanisms = &imported.catalogue.mechanisms;
        assert_eq!(mechanisms.len(), 2);
        assert_eq!(mechanisms[1].label, "Split | brain");
        assert_eq!(imported.errors.len(), 1);
        assert_eq!(imported.errors[0].line, 4);
        assert!(imported.errors[0].message.starts_with("a mechanism is"));
        let mut out = String::new();
        write_mechanisms(&mut out, mechanisms);
        assert!(
            out.contains("split-brain | \"Split | brain\" | Two leaders.\n"),
            "{out}"
        );
        let mut none = String::new();
        write_mechanisms(&mut none, &[]);
        assert!(none.is_empty(), "no block without mechanisms");
    }

    #[test]
    fn an_edge_from_a_node_named_node_is_an_edge() {
        let body: Vec<(usize, String)> = ["node node trigger: A", "node b event: B", "node -> b"]
            .iter()
            .enumerate()
            .map(|(n, line)| (n + 2, line.to_string()))
            .collect();
        let mut errors = Vec::new();
        let chain = parse_chain(1, &body, &mut errors).expect("a chain");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(chain.edges.len(), 1);
        assert_eq!(chain.edges[0].from.as_str(), "node");
    }

    #[test]
    fn the_links_line_takes_off_a_pair_of_angle_brackets_only() {
        let links = parse_links_line(
            "[Incident](<https://a.example/x>>) | [Postmortem](https://a.example/y>)",
        )
        .unwrap();
        assert_eq!(links[0].url.as_str(), "https://a.example/x>");
        assert_eq!(links[1].url.as_str(), "https://a.example/y>");
    }

    #[test]
    fn heading_dates_take_the_century_of_their_year() {
        let date = parse_heading_date("11/02/20", Some(2020)).unwrap();
        assert_eq!(
            (date.year(), u8::from(date.month()), date.day()),
            (2020, 11, 2)
        );
        assert!(parse_heading_date("11/02/21", Some(2020)).is_err());
        assert!(parse_heading_date("02/30/20", Some(2020)).is_err());
        assert!(parse_heading_date("yesterday", Some(2020)).is_err());
    }

    #[test]
    fn short_years_are_two_digits() {
        // `2000 + short` overflowed (a panic with overflow checks) for a huge short year.
        assert!(parse_heading_date("1/1/2147483647", None).is_err());
        assert!(parse_heading_date("01/01/-23", Some(-123)).is_err());
        assert!(parse_heading_date("11/02/2020", None).is_err());
        let imported = import_rundown("## 1/1/2147483647\n### Org - Title\n");
        assert!(imported.catalogue.incidents.is_empty());
        assert_eq!(imported.errors.len(), 2, "{:?}", imported.errors);
    }

    #[test]
    fn an_incident_is_never_dropped_without_an_error() {
        // `# -123` was read as a year, and the id derived from it (`a--123-01-01-b`) is not a
        // slug: the incident vanished with only a warning.
        let imported = import_rundown("# -123\n## 01/01/-23\n### A - B\n");
        assert!(imported.catalogue.incidents.is_empty());
        assert!(!imported.errors.is_empty(), "{:?}", imported.warnings);
        // Years are four digits, so the derived id is always a slug.
        let imported = import_rundown("# 0999\n## 01/01/99\n### A - B\n");
        assert_eq!(
            imported.catalogue.incidents[0].id.as_str(),
            "a-0999-01-01-b"
        );
    }

    #[test]
    fn ids_are_derived_from_organisation_date_and_title() {
        let date = time::Date::from_calendar_date(2020, time::Month::November, 2).unwrap();
        assert_eq!(
            derive_id("Cloudflare", date, "A Byzantine failure in the real world"),
            "cloudflare-2020-11-02-a-byzantine-failure-in-the"
        );
    }
}
