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
//! node etcd event: etcd stops accepting writes
//! switch -> etcd
//! ```
//! ````
//!
//! A fenced `taxonomy` block (`id | label | description` a line) before the first year
//! defines the failure types. Everything the atlas block does not give is derived where it can
//! be (id, start, summary) and otherwise left empty for `atlas check` to report.

use crate::catalogue::{
    CATALOGUE_VERSION, Catalogue, CausalChain, ChainEdge, ChainNode, FailureType, HttpUrl,
    Incident, IncidentFailureTypes, Inline, Link, LinkKind, Moment, NodeKind, Paragraph, Slug,
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

/// Reads a rundown.
pub fn import_rundown(text: &str) -> Imported {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut failure_types = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut year: Option<i32> = None;
    let mut date: Option<time::Date> = None;
    let mut paragraph: Vec<String> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;

    let flush = |paragraph: &mut Vec<String>, drafts: &mut Vec<Draft>| {
        if paragraph.is_empty() {
            return;
        }
        let text = paragraph.join("\n");
        paragraph.clear();
        if let Some(draft) = drafts.last_mut() {
            draft.write_up.push(parse_inline(&text));
        }
    };

    while at < lines.len() {
        let number = at + 1;
        let line = lines[at];
        at += 1;
        if let Some(kind) = line.trim().strip_prefix("```") {
            flush(&mut paragraph, &mut drafts);
            let kind = kind.trim().to_owned();
            let mut body = Vec::new();
            let mut closed = false;
            while at < lines.len() {
                let inner = lines[at];
                at += 1;
                if inner.trim() == "```" {
                    closed = true;
                    break;
                }
                body.push((at, inner.to_owned()));
            }
            if !closed {
                errors.push(err(number, "this ``` block is never closed"));
            }
            match kind.as_str() {
                "taxonomy" => failure_types.extend(parse_taxonomy(&body, &mut errors)),
                "atlas" | "chain" => match drafts.last_mut() {
                    Some(draft) if kind == "atlas" => {
                        for (n, text) in body {
                            match text.split_once(':') {
                                Some((key, value)) => draft.fields.push((
                                    n,
                                    key.trim().to_owned(),
                                    value.trim().to_owned(),
                                )),
                                None if text.trim().is_empty() => {}
                                None => errors.push(err(n, "expected `key: value`")),
                            }
                        }
                    }
                    Some(draft) => draft.chain = Some((number, body)),
                    None => {
                        errors.push(err(number, format!("a `{kind}` block outside an incident")))
                    }
                },
                _ => {}
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("### ") {
            flush(&mut paragraph, &mut drafts);
            let Some((organisation, title)) = heading.split_once(" - ") else {
                errors.push(err(
                    number,
                    "an incident heading needs `### Organisation - Title`",
                ));
                continue;
            };
            if date.is_none() {
                errors.push(err(
                    number,
                    "this incident has no date: put a `## MM/DD/YY` heading above it",
                ));
            }
            drafts.push(Draft {
                line: number,
                organisation: organisation.trim().to_owned(),
                title: title.trim().to_owned(),
                date,
                links: Vec::new(),
                write_up: Vec::new(),
                fields: Vec::new(),
                chain: None,
            });
            // The links line, if any, comes next.
            if let Some(next) = lines.get(at)
                && next.trim_start().starts_with('[')
            {
                at += 1;
                match parse_links_line(next) {
                    Ok(links) => {
                        if let Some(draft) = drafts.last_mut() {
                            draft.links = links;
                        }
                    }
                    Err(message) => errors.push(err(at, message)),
                }
            }
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut drafts);
            date = match parse_heading_date(heading.trim(), year) {
                Ok(d) => Some(d),
                Err(message) => {
                    errors.push(err(number, message));
                    None
                }
            };
            continue;
        }
        if let Some(heading) = line.strip_prefix("# ") {
            flush(&mut paragraph, &mut drafts);
            let heading = heading.trim();
            year = Some(heading)
                .filter(|h| h.len() == 4 && h.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|h| h.parse().ok());
            date = None;
            if year.is_none() {
                // A section that is not a year (an overview): its text is not an incident's.
                drafts_section_break(&mut drafts);
            }
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut drafts);
        } else if drafts.last().is_some_and(|d| d.line > 0) {
            paragraph.push(line.to_owned());
        }
    }
    flush(&mut paragraph, &mut drafts);

    let mut incidents = Vec::new();
    for draft in drafts.into_iter().filter(|d| d.line > 0) {
        if let Some(incident) = finish(draft, &mut errors, &mut warnings) {
            incidents.push(incident);
        }
    }
    Imported {
        catalogue: Catalogue {
            schema: Some("./catalogue.schema.json".into()),
            version: CATALOGUE_VERSION,
            failure_types,
            incidents,
        },
        errors,
        warnings,
    }
}

/// Closes the current incident so that following prose is not added to it.
fn drafts_section_break(drafts: &mut Vec<Draft>) {
    drafts.push(Draft {
        line: 0,
        organisation: String::new(),
        title: String::new(),
        date: None,
        links: Vec::new(),
        write_up: Vec::new(),
        fields: Vec::new(),
        chain: None,
    });
}

fn err(line: usize, message: impl Into<String>) -> RundownError {
    RundownError {
        line,
        message: message.into(),
    }
}

fn parse_taxonomy(body: &[(usize, String)], errors: &mut Vec<RundownError>) -> Vec<FailureType> {
    body.iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .filter_map(|(n, text)| {
            let parts: Vec<&str> = text.splitn(3, " | ").collect();
            let [id, label, description] = parts[..] else {
                errors.push(err(*n, "a failure type is `id | label | description`"));
                return None;
            };
            match Slug::parse(id.trim()) {
                Ok(id) => Some(FailureType {
                    id,
                    label: label.trim().to_owned(),
                    description: description.trim().to_owned(),
                }),
                Err(message) => {
                    errors.push(err(*n, message));
                    None
                }
            }
        })
        .collect()
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
            let url = HttpUrl::parse(url.trim_start_matches('<').trim_end_matches('>'))?;
            let (kind, title) = match label {
                "Incident" => (LinkKind::StatusPage, None),
                "Postmortem" => (LinkKind::Postmortem, None),
                other => (LinkKind::Other, Some(other.to_owned())),
            };
            Ok(Link { kind, url, title })
        })
        .collect()
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

fn finish(
    draft: Draft,
    errors: &mut Vec<RundownError>,
    warnings: &mut Vec<RundownError>,
) -> Option<Incident> {
    let line = draft.line;
    let date = draft.date?;
    let mut get_all = |key: &str| -> Vec<(usize, String)> {
        draft
            .fields
            .iter()
            .filter(|(_, k, _)| k == key)
            .map(|(n, _, v)| (*n, v.clone()))
            .collect()
    };
    let one = |key: &str, get_all: &mut dyn FnMut(&str) -> Vec<(usize, String)>| {
        get_all(key).into_iter().next()
    };
    for (n, key, _) in &draft.fields {
        if ![
            "id",
            "start",
            "end",
            "summary",
            "impact",
            "remediation",
            "trigger",
            "contributing",
            "link",
            "source",
        ]
        .contains(&key.as_str())
        {
            errors.push(err(*n, format!("unknown field `{key}`")));
        }
    }

    let id = match one("id", &mut get_all) {
        Some((n, text)) => match Slug::parse(&text) {
            Ok(id) => id,
            Err(message) => {
                errors.push(err(n, message));
                return None;
            }
        },
        None => {
            let derived = derive_id(&draft.organisation, date, &draft.title);
            match Slug::parse(&derived) {
                Ok(id) => {
                    warnings.push(err(line, format!("no `id`: using `{derived}`")));
                    id
                }
                Err(message) => {
                    errors.push(err(
                        line,
                        format!("no `id`, and `{derived}` is not one: {message}"),
                    ));
                    return None;
                }
            }
        }
    };
    let start = match one("start", &mut get_all) {
        Some((n, text)) => match Moment::parse(&text) {
            Ok(m) if m.date == date => m,
            Ok(m) => {
                errors.push(err(
                    n,
                    format!("start {m} is not on the date heading's day"),
                ));
                return None;
            }
            Err(message) => {
                errors.push(err(n, message));
                return None;
            }
        },
        None => Moment { date, time: None },
    };
    let end = match one("end", &mut get_all) {
        Some((n, text)) => match Moment::parse(&text) {
            Ok(m) => Some(m),
            Err(message) => {
                errors.push(err(n, message));
                None
            }
        },
        None => None,
    };
    let summary = match one("summary", &mut get_all) {
        Some((_, text)) => text,
        None => {
            warnings.push(err(
                line,
                "no `summary`: using the write-up's first sentence",
            ));
            first_sentence(&draft.write_up)
        }
    };
    let impact = one("impact", &mut get_all)
        .map(|(_, t)| t)
        .unwrap_or_else(|| {
            warnings.push(err(line, "no `impact`"));
            String::new()
        });
    let remediation: Vec<String> = get_all("remediation").into_iter().map(|(_, t)| t).collect();
    if remediation.is_empty() {
        warnings.push(err(line, "no `remediation`"));
    }
    let slug = |(n, text): (usize, String), errors: &mut Vec<RundownError>| match Slug::parse(&text)
    {
        Ok(s) => Some(s),
        Err(message) => {
            errors.push(err(n, message));
            None
        }
    };
    let trigger = match one("trigger", &mut get_all) {
        Some(field) => slug(field, errors)?,
        None => {
            warnings.push(err(line, "no `trigger` failure type"));
            Slug::parse("unknown").ok()?
        }
    };
    let contributing = get_all("contributing")
        .into_iter()
        .flat_map(|(n, text)| {
            text.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| (n, t.to_owned()))
                .collect::<Vec<_>>()
        })
        .filter_map(|field| slug(field, errors))
        .collect();
    let mut links = draft.links;
    for (n, text) in get_all("link") {
        let parts: Vec<&str> = text.splitn(3, " | ").collect();
        let (kind, title, url) = match parts[..] {
            [kind, url] => (kind, None, url),
            [kind, title, url] => (kind, Some(title.trim().to_owned()), url),
            _ => {
                errors.push(err(n, "a link is `kind | url` or `kind | title | url`"));
                continue;
            }
        };
        let kind = match kind.trim() {
            "status_page" => LinkKind::StatusPage,
            "postmortem" => LinkKind::Postmortem,
            "other" => LinkKind::Other,
            other => {
                errors.push(err(
                    n,
                    format!("`{other}` is not a link kind: status_page, postmortem or other"),
                ));
                continue;
            }
        };
        match HttpUrl::parse(url.trim()) {
            Ok(url) => links.push(Link { kind, url, title }),
            Err(message) => errors.push(err(n, message)),
        }
    }
    let mut sources = Vec::new();
    for (n, text) in get_all("source") {
        match HttpUrl::parse(&text) {
            Ok(url) => sources.push(url),
            Err(message) => errors.push(err(n, message)),
        }
    }
    if sources.is_empty() {
        warnings.push(err(line, "no `source`: using the links"));
        sources = links.iter().map(|l| l.url.clone()).collect();
    }
    let causal_chain = match draft.chain {
        Some((n, body)) => parse_chain(n, &body, errors)?,
        None => {
            warnings.push(err(line, "no ```chain block"));
            CausalChain {
                nodes: Vec::new(),
                edges: Vec::new(),
            }
        }
    };
    Some(Incident {
        id,
        organisation: draft.organisation,
        title: draft.title,
        start,
        end,
        summary,
        write_up: draft.write_up,
        impact,
        remediation,
        failure_types: IncidentFailureTypes {
            trigger,
            contributing,
        },
        links,
        sources,
        causal_chain,
    })
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
/// `<id> -> <id>, <id>` edge lines.
fn parse_chain(
    block_line: usize,
    body: &[(usize, String)],
    errors: &mut Vec<RundownError>,
) -> Option<CausalChain> {
    let before = errors.len();
    let mut nodes: Vec<ChainNode> = Vec::new();
    let mut edges: Vec<(usize, ChainEdge)> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    for (n, text) in body {
        if text.trim().is_empty() {
            continue;
        }
        if text.starts_with("  ") || text.starts_with('\t') {
            match nodes.last_mut() {
                Some(node) => node.detail = Some(text.trim().to_owned()),
                None => errors.push(err(*n, "a detail line needs a node line above it")),
            }
            continue;
        }
        if let Some(rest) = text.strip_prefix("node ") {
            let Some((head, label)) = rest.split_once(':') else {
                errors.push(err(*n, "a node is `node <id> <kind>: <label>`"));
                continue;
            };
            let mut words = head.split_whitespace();
            let (Some(id), Some(kind), None) = (words.next(), words.next(), words.next()) else {
                errors.push(err(*n, "a node is `node <id> <kind>: <label>`"));
                continue;
            };
            let Some(kind) = NodeKind::ALL.into_iter().find(|k| k.as_str() == kind) else {
                // Remember the id, so edges to it do not add errors of their own.
                declared.push(id.to_owned());
                errors.push(err(
                    *n,
                    format!("`{kind}` is not a node kind: trigger, condition, event, impact, response or recovery"),
                ));
                continue;
            };
            match Slug::parse(id) {
                Ok(id) => nodes.push(ChainNode {
                    id,
                    kind,
                    label: label.trim().to_owned(),
                    detail: None,
                }),
                Err(message) => errors.push(err(*n, message)),
            }
            continue;
        }
        if let Some((from, targets)) = text.split_once("->") {
            for to in targets.split(',') {
                match (Slug::parse(from.trim()), Slug::parse(to.trim())) {
                    (Ok(from), Ok(to)) => edges.push((*n, ChainEdge { from, to })),
                    (Err(message), _) | (_, Err(message)) => errors.push(err(*n, message)),
                }
            }
            continue;
        }
        errors.push(err(
            *n,
            "expected `node <id> <kind>: <label>` or `<id> -> <id>`",
        ));
    }
    for (n, edge) in &edges {
        for end in [&edge.from, &edge.to] {
            if !nodes.iter().any(|node| node.id == *end)
                && !declared.iter().any(|d| d == end.as_str())
            {
                errors.push(err(*n, format!("no node `{end}` in this chain")));
            }
        }
    }
    let index_of = |id: &Slug| nodes.iter().position(|node| node.id == *id);
    let mut successors = vec![Vec::new(); nodes.len()];
    for (_, edge) in &edges {
        if let (Some(a), Some(b)) = (index_of(&edge.from), index_of(&edge.to)) {
            successors[a].push(b);
        }
    }
    if let Some(cycle) = crate::catalogue::check::find_cycle(&successors) {
        let names: Vec<&str> = cycle.iter().map(|&i| nodes[i].id.as_str()).collect();
        let line = edges
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
    (errors.len() == before).then(|| CausalChain {
        nodes,
        edges: edges.into_iter().map(|(_, e)| e).collect(),
    })
}

/// Writes a catalogue as a rundown that [`import_rundown`] reads back to the same catalogue.
pub fn export_rundown(catalogue: &Catalogue) -> String {
    let mut out = String::from(
        "# Incident Atlas\nReal production incidents, abridged in our own words. \
         Written by `atlas export --format md`; `atlas import` reads it back.\n\n```taxonomy\n",
    );
    for t in &catalogue.failure_types {
        out.push_str(&format!("{} | {} | {}\n", t.id, t.label, t.description));
    }
    out.push_str("```\n");
    let mut year = None;
    let mut day = None;
    for incident in &catalogue.incidents {
        let date = incident.start.date;
        if year != Some(date.year()) {
            out.push_str(&format!("\n# {}\n", date.year()));
            year = Some(date.year());
            day = None;
        }
        if day != Some(date) {
            out.push_str(&format!(
                "## {:02}/{:02}/{:02}\n",
                u8::from(date.month()),
                date.day(),
                date.year().rem_euclid(100)
            ));
            day = Some(date);
        }
        out.push_str(&format!(
            "### {} - {}\n",
            incident.organisation, incident.title
        ));
        // Untitled status pages and postmortems go on the seed's links line, as long as they
        // come first; the rest, in order, in the atlas block.
        let plain = |l: &Link| l.title.is_none() && l.kind != LinkKind::Other;
        let on_line = incident.links.iter().take_while(|l| plain(l)).count();
        let line: Vec<String> = incident.links[..on_line]
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
        out.push('\n');
        for paragraph in &incident.write_up {
            out.push_str(&inline_markdown(paragraph));
            out.push_str("\n\n");
        }
        out.push_str("```atlas\n");
        out.push_str(&format!("id: {}\nstart: {}\n", incident.id, incident.start));
        if let Some(end) = &incident.end {
            out.push_str(&format!("end: {end}\n"));
        }
        out.push_str(&format!(
            "summary: {}\nimpact: {}\n",
            incident.summary, incident.impact
        ));
        for step in &incident.remediation {
            out.push_str(&format!("remediation: {step}\n"));
        }
        out.push_str(&format!("trigger: {}\n", incident.failure_types.trigger));
        if !incident.failure_types.contributing.is_empty() {
            let list: Vec<&str> = incident
                .failure_types
                .contributing
                .iter()
                .map(Slug::as_str)
                .collect();
            out.push_str(&format!("contributing: {}\n", list.join(", ")));
        }
        for link in &incident.links[on_line..] {
            let kind = match link.kind {
                LinkKind::StatusPage => "status_page",
                LinkKind::Postmortem => "postmortem",
                LinkKind::Other => "other",
            };
            match &link.title {
                Some(title) => out.push_str(&format!("link: {kind} | {title} | {}\n", link.url)),
                None => out.push_str(&format!("link: {kind} | {}\n", link.url)),
            }
        }
        for source in &incident.sources {
            out.push_str(&format!("source: {source}\n"));
        }
        out.push_str("```\n\n```chain\n");
        for node in &incident.causal_chain.nodes {
            out.push_str(&format!(
                "node {} {}: {}\n",
                node.id,
                node.kind.as_str(),
                node.label
            ));
            if let Some(detail) = &node.detail {
                out.push_str(&format!("  {detail}\n"));
            }
        }
        for edge in &incident.causal_chain.edges {
            out.push_str(&format!("{} -> {}\n", edge.from, edge.to));
        }
        out.push_str("```\n\n");
    }
    out
}

/// A paragraph's runs as one line of markdown that parses back to the same runs.
fn inline_markdown(paragraph: &Paragraph) -> String {
    paragraph
        .iter()
        .map(|run| match run {
            Inline::Text(text) => escape_markdown(text),
            Inline::Code { code } => {
                let fence = if code.contains('`') { "``" } else { "`" };
                let pad = if code.starts_with('`') || code.ends_with('`') {
                    " "
                } else {
                    ""
                };
                format!("{fence}{pad}{code}{pad}{fence}")
            }
            Inline::Link { text, href } => format!("[{}](<{}>)", escape_markdown(text), href),
        })
        .collect()
}

/// Backslash-escapes every ASCII punctuation character that markdown could read as markup.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that starts like a list item or a numbered item would become one.
    if out.starts_with(['-', '+'])
        || out
            .split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
    {
        out.insert(0, '\\');
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
