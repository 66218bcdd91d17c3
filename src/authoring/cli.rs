//! The `atlas` command line: argument parsing and output. Native only.
//!
//! `atlas check public/catalogue.json` reads the catalogue exactly as the app does and reports
//! every problem, one a line, with the incident and the field; it exits non-zero if there is any.
//! What is worth telling but not wrong (a mechanism no incident names) is printed as a warning
//! and does not fail it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::catalogue::IncidentFacts;
use crate::catalogue::load::{LoadedCatalogue, load_catalogue};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "atlas",
    about = "Check and maintain the Incident Atlas catalogue"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a catalogue file: what the schema says and what it cannot (ids, references,
    /// acyclic causal chains, dates, links, empty text).
    Check {
        /// The catalogue, e.g. public/catalogue.json
        path: PathBuf,
    },
    /// Read a rundown (the seed's markdown, see README) into catalogue JSON, on stdout or
    /// into --output. Problems are printed as file:line: message; missing fields are warnings.
    Import {
        /// The rundown, e.g. tests/fixtures/seed/incidents-rundown.md
        rundown: PathBuf,
        /// Where to write the catalogue (default: stdout)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Where to take the failure-type taxonomy from when the rundown has none
        #[arg(long, default_value = "public/catalogue.json")]
        taxonomy: PathBuf,
    },
    /// Write the catalogue as a rundown (markdown) that `atlas import` reads back.
    Export {
        /// The format; only `md` for now
        #[arg(long, default_value = "md")]
        format: String,
        /// The catalogue
        #[arg(default_value = "public/catalogue.json")]
        catalogue: PathBuf,
    },
    /// Print every run of ten words that an incident's text shares with the sources it was
    /// written from (saved as text files); fails if there is one. Our words must be our own.
    Overlap {
        /// The incident's id
        #[arg(long)]
        incident: String,
        /// The text of each source read for it (a file each)
        #[arg(required = true)]
        sources: Vec<PathBuf>,
        /// The catalogue
        #[arg(long, default_value = "public/catalogue.json")]
        catalogue: PathBuf,
    },
    /// Write a synthetic catalogue of fictional incidents, for benchmarks.
    Generate {
        /// How many incidents
        #[arg(long, default_value_t = 10_000)]
        count: usize,
        /// The same seed gives the same catalogue
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write it (default: stdout)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Where to take the failure-type taxonomy from
        #[arg(long, default_value = "public/catalogue.json")]
        taxonomy: PathBuf,
    },
    /// Count incidents by year, failure type and organisation.
    Stats {
        /// The catalogue
        #[arg(default_value = "public/catalogue.json")]
        catalogue: PathBuf,
    },
    /// Write the static pages of a built site: `404.html` (which boots the app on any path a
    /// host has no file for) and `incidents/<id>/index.html` for every incident, each with the
    /// incident's own title, description and Open Graph tags, so deep links answer 200.
    Pages {
        /// The built site, e.g. dist (its index.html is the template)
        dist: PathBuf,
        /// The catalogue to read incidents from
        #[arg(long, default_value = "public/catalogue.json")]
        catalogue: PathBuf,
        /// The path the site is served under, e.g. /incident-atlas/
        #[arg(long, default_value = "/")]
        base: String,
        /// The absolute URL of the host, e.g. https://someone.github.io, for og:url and the
        /// absolute URLs of feed.xml and catalogue.csv
        #[arg(long)]
        site_url: Option<String>,
        /// The project's repository, e.g. https://github.com/owner/name: each incident page
        /// links to a new issue there to suggest a correction
        #[arg(long)]
        repo_url: Option<String>,
    },
}

/// Runs the command line with the process arguments.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Check { path } => check(&path),
        Command::Import {
            rundown,
            output,
            taxonomy,
        } => import(&rundown, output.as_deref(), &taxonomy),
        Command::Export { format, catalogue } => export(&format, &catalogue),
        Command::Overlap {
            incident,
            sources,
            catalogue,
        } => overlap(&catalogue, &incident, &sources),
        Command::Generate {
            count,
            seed,
            output,
            taxonomy,
        } => generate(count, seed, output.as_deref(), &taxonomy),
        Command::Stats { catalogue } => match read_valid(&catalogue) {
            Ok(catalogue) => {
                print!("{}", stats(&catalogue));
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("atlas stats: {message}");
                ExitCode::FAILURE
            }
        },
        Command::Pages {
            dist,
            catalogue,
            base,
            site_url,
            repo_url,
        } => pages(
            &dist,
            &catalogue,
            &base,
            site_url.as_deref(),
            repo_url.as_deref(),
        ),
    }
}

fn export(format: &str, catalogue: &Path) -> ExitCode {
    if format != "md" {
        eprintln!("atlas export: unknown format `{format}`; the one format is `md`");
        return ExitCode::from(2);
    }
    match read_valid(catalogue) {
        Ok(catalogue) => {
            print!("{}", crate::authoring::rundown::export_rundown(&catalogue));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("atlas export: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(count: usize, seed: u64, output: Option<&Path>, taxonomy: &Path) -> ExitCode {
    let failure_types = match read_valid(taxonomy) {
        Ok(catalogue) => catalogue.failure_types,
        Err(message) => {
            eprintln!("atlas generate: {message}");
            return ExitCode::FAILURE;
        }
    };
    let catalogue = crate::authoring::generate::generate_catalogue(count, seed, failure_types);
    let json = match serde_json::to_string(&catalogue) {
        Ok(json) => json,
        Err(error) => {
            eprintln!("atlas generate: {error}");
            return ExitCode::FAILURE;
        }
    };
    match output {
        Some(path) => match std::fs::write(path, json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{}: cannot write: {error}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            print!("{json}");
            ExitCode::SUCCESS
        }
    }
}

fn pages(
    dist: &Path,
    catalogue: &Path,
    base: &str,
    site_url: Option<&str>,
    repo_url: Option<&str>,
) -> ExitCode {
    // An empty value is what `make build` passes when none is given.
    let site_url = site_url.filter(|url| !url.trim().is_empty());
    let repository = match repo_url.filter(|url| !url.trim().is_empty()) {
        None => None,
        Some(text) => match crate::site::corrections::repository_url(text) {
            Ok(repository) => Some(repository),
            Err(message) => {
                eprintln!("atlas pages: --repo-url: {message}");
                return ExitCode::FAILURE;
            }
        },
    };
    let options = crate::site::build::SiteOptions {
        base,
        site_url,
        repository: repository.as_deref(),
    };
    match crate::site::build::write_site(dist, catalogue, options) {
        Ok(written) => {
            println!(
                "{}: wrote 404.html, {} incident pages, catalogue.csv and feed.xml ({} entries)",
                dist.display(),
                written.incidents,
                written.feed_entries
            );
            if site_url.is_none() {
                println!(
                    "note: no site URL (make build SITE_URL=https://…): feed.xml and \
                     catalogue.csv link pages by their path from the host's root, not by \
                     absolute URLs, and pages have no canonical link"
                );
            }
            if repository.is_none() {
                println!(
                    "note: no repository (make build REPO_URL=https://github.com/owner/name): \
                     incident pages have no \"Suggest a correction\" link"
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("atlas pages: {error}");
            ExitCode::FAILURE
        }
    }
}

fn overlap(catalogue: &Path, id: &str, sources: &[PathBuf]) -> ExitCode {
    use crate::authoring::overlap::{RUN_LENGTH, own_texts, shared_runs};
    let catalogue = match read_valid(catalogue) {
        Ok(catalogue) => catalogue,
        Err(message) => {
            eprintln!("atlas overlap: {message}");
            return ExitCode::FAILURE;
        }
    };
    let Some(incident) = catalogue.incidents.iter().find(|i| i.id.as_str() == id) else {
        eprintln!("atlas overlap: the catalogue has no incident `{id}`");
        return ExitCode::FAILURE;
    };
    let own = own_texts(incident);
    let mut shared_any = false;
    for source in sources {
        let text = match std::fs::read_to_string(source) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("atlas overlap: cannot read {}: {error}", source.display());
                return ExitCode::FAILURE;
            }
        };
        for run in shared_runs(&own, &text) {
            println!("{}: shares \"{run}\"", source.display());
            shared_any = true;
        }
    }
    if shared_any {
        eprintln!("atlas overlap: `{id}` shares runs of {RUN_LENGTH} words with its sources");
        ExitCode::FAILURE
    } else {
        println!(
            "{id}: no run of {RUN_LENGTH} words shared with {} source(s)",
            sources.len()
        );
        ExitCode::SUCCESS
    }
}

fn check(path: &Path) -> ExitCode {
    let shown = path.display();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{shown}: cannot read the catalogue: {error}");
            return ExitCode::from(2);
        }
    };
    match load_catalogue(&text) {
        Err(error) => {
            eprintln!("{shown}: {error}");
            ExitCode::FAILURE
        }
        Ok(mut loaded) if loaded.problems.is_empty() => {
            loaded.problems = crate::catalogue::check::mechanism_coverage(&loaded.catalogue);
            loaded
                .problems
                .extend(crate::catalogue::check::unknown_sectors(&loaded.catalogue));
            if !loaded.problems.is_empty() {
                return report_problems(&shown.to_string(), &loaded);
            }
            print_warnings(&shown.to_string(), &loaded.catalogue);
            println!(
                "{shown}: ok, {} incidents, {} failure types and {} mechanisms",
                loaded.catalogue.incidents.len(),
                loaded.catalogue.failure_types.len(),
                loaded.catalogue.mechanisms.len()
            );
            ExitCode::SUCCESS
        }
        Ok(loaded) => report_problems(&shown.to_string(), &loaded),
    }
}

/// Prints the warnings, then each problem with its line where known, and fails.
fn report_problems(shown: &str, loaded: &LoadedCatalogue) -> ExitCode {
    print_warnings(shown, &loaded.catalogue);
    for problem in &loaded.problems {
        match problem.line {
            Some(line) => eprintln!("{shown}:{line}: {problem}"),
            None => eprintln!("{shown}: {problem}"),
        }
    }
    eprintln!(
        "{shown}: {} problem(s); {} of {} incidents are valid",
        loaded.problems.len(),
        loaded.catalogue.incidents.len(),
        loaded.incidents_in_file
    );
    ExitCode::FAILURE
}

/// Prints each warning about the catalogue's valid incidents: told, but never a failure.
fn print_warnings(shown: &str, catalogue: &crate::catalogue::Catalogue) {
    let unused = crate::catalogue::check::unused_mechanisms(catalogue);
    let durations = crate::catalogue::stated_durations::duration_warnings(catalogue);
    let added = crate::catalogue::check::added_days(catalogue);
    let sectorless = crate::catalogue::check::sectorless(catalogue);
    for warning in unused
        .iter()
        .chain(&durations)
        .chain(&added)
        .chain(&sectorless)
    {
        eprintln!("{shown}: warning: {warning}");
    }
}

/// A catalogue that loads with no problem at all.
fn read_valid(path: &Path) -> Result<crate::catalogue::Catalogue, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let loaded = load_catalogue(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if !loaded.problems.is_empty() {
        return Err(format!(
            "{} has {} problem(s); run `atlas check` first",
            path.display(),
            loaded.problems.len()
        ));
    }
    Ok(loaded.catalogue)
}

fn import(rundown: &Path, output: Option<&Path>, taxonomy: &Path) -> ExitCode {
    let shown = rundown.display();
    let text = match std::fs::read_to_string(rundown) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{shown}: cannot read the rundown: {error}");
            return ExitCode::from(2);
        }
    };
    let mut imported = crate::authoring::rundown::import_rundown(&text);
    let catalogue = &imported.catalogue;
    // Mechanisms are taken only when a step names one: a rundown that names none imports to a
    // catalogue without them, as it was exported from.
    let needs_mechanisms = catalogue.mechanisms.is_empty()
        && (catalogue.incidents.iter())
            .flat_map(|i| &i.causal_chain.nodes)
            .any(|node| node.mechanism.is_some());
    if catalogue.failure_types.is_empty() || needs_mechanisms {
        match read_valid(taxonomy) {
            Ok(from_file) => fill_taxonomy(&mut imported.catalogue, from_file, needs_mechanisms),
            Err(message) => eprintln!("{shown}: no taxonomy block, and {message}"),
        }
    }
    for warning in &imported.warnings {
        eprintln!("{shown}:{}: warning: {}", warning.line, warning.message);
    }
    for error in &imported.errors {
        eprintln!("{shown}:{}: {}", error.line, error.message);
    }
    let json = match serde_json::to_string_pretty(&imported.catalogue) {
        Ok(json) => json + "\n",
        Err(error) => {
            eprintln!("{shown}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, json) {
                eprintln!("{}: cannot write: {error}", path.display());
                return ExitCode::FAILURE;
            }
        }
        None => print!("{json}"),
    }
    eprintln!(
        "{shown}: {} incident(s), {} error(s), {} warning(s)",
        imported.catalogue.incidents.len(),
        imported.errors.len(),
        imported.warnings.len()
    );
    if imported.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The failure types the rundown had no block for, and the mechanisms if it needs them, from
/// the catalogue `from_file`.
fn fill_taxonomy(
    imported: &mut crate::catalogue::Catalogue,
    from_file: crate::catalogue::Catalogue,
    mechanisms: bool,
) {
    if imported.failure_types.is_empty() {
        imported.failure_types = from_file.failure_types;
    }
    if mechanisms {
        imported.mechanisms = from_file.mechanisms;
    }
}

/// Counts by year, failure type (trigger and contributing) and organisation.
pub fn stats(catalogue: &crate::catalogue::Catalogue) -> String {
    use std::collections::BTreeMap;
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    let mut organisations: BTreeMap<String, usize> = BTreeMap::new();
    for incident in &catalogue.incidents {
        *years.entry(incident.start.year()).or_default() += 1;
        *organisations
            .entry(incident.organisation.clone())
            .or_default() += 1;
    }
    let mut out = format!(
        "{} incidents, {} organisations, {} failure types\n\nBy year\n",
        catalogue.incidents.len(),
        organisations.len(),
        catalogue.failure_types.len()
    );
    for (year, count) in &years {
        out.push_str(&format!("  {year}  {count:>4}\n"));
    }
    out.push_str("\nBy failure type (as trigger / in all)\n");
    for failure_type in &catalogue.failure_types {
        let trigger = catalogue
            .incidents
            .iter()
            .filter(|i| i.failure_types.trigger == failure_type.id)
            .count();
        let all = catalogue
            .incidents
            .iter()
            .filter(|i| i.failure_type_ids().any(|t| *t == failure_type.id))
            .count();
        out.push_str(&format!(
            "  {:<28} {trigger:>4} / {all:>4}\n",
            failure_type.label
        ));
    }
    out.push_str(&mechanism_counts(catalogue));
    out.push_str(&sector_counts(catalogue));
    out.push_str("\nBy organisation\n");
    let mut by_count: Vec<(&String, &usize)> = organisations.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (organisation, count) in by_count {
        out.push_str(&format!("  {organisation:<28} {count:>4}\n"));
    }
    out
}

/// How many incidents each sector has, and how many are outside the technology industry.
fn sector_counts(catalogue: &crate::catalogue::Catalogue) -> String {
    use crate::catalogue::{SECTORS, TECHNOLOGY_SECTOR};
    let count = |id: &str| {
        catalogue
            .incidents
            .iter()
            .filter(|i| i.sector.as_ref().is_some_and(|s| s.as_str() == id))
            .count()
    };
    let mut out = String::from("\nBy sector\n");
    for (id, label) in SECTORS {
        out.push_str(&format!("  {label:<30} {:>4}\n", count(id)));
    }
    let none = catalogue
        .incidents
        .iter()
        .filter(|i| i.sector.is_none())
        .count();
    if none > 0 {
        out.push_str(&format!("  {:<30} {none:>4}\n", "(no sector)"));
    }
    let outside = catalogue
        .incidents
        .iter()
        .filter(|i| {
            i.sector
                .as_ref()
                .is_some_and(|s| s.as_str() != TECHNOLOGY_SECTOR)
        })
        .count();
    out.push_str(&format!(
        "  Outside the technology industry: {outside} of {}\n",
        catalogue.incidents.len()
    ));
    out
}

/// For each mechanism, in taxonomy order, how many incidents have a step that names it (an
/// incident that names it twice counts once). Nothing when the catalogue has no mechanisms.
fn mechanism_counts(catalogue: &crate::catalogue::Catalogue) -> String {
    if catalogue.mechanisms.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nBy mechanism (incidents)\n");
    for mechanism in &catalogue.mechanisms {
        let count = catalogue
            .incidents
            .iter()
            .filter(|incident| {
                (incident.causal_chain.nodes.iter())
                    .any(|node| node.mechanism.as_ref() == Some(&mechanism.id))
            })
            .count();
        out.push_str(&format!("  {:<28} {count:>4}\n", mechanism.label));
    }
    out
}
