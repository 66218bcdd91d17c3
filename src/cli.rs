//! The `atlas` command line: argument parsing and output. Native only.
//!
//! `atlas check public/catalogue.json` reads the catalogue exactly as the app does and reports
//! every problem, one a line, with the incident and the field; it exits non-zero if there is any.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::load::load_catalogue;
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
        /// The absolute URL of the host, e.g. https://someone.github.io, for og:url
        #[arg(long)]
        site_url: Option<String>,
    },
}

/// Runs the command line with the process arguments.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Check { path } => check(&path),
        Command::Pages {
            dist,
            catalogue,
            base,
            site_url,
        } => match write_pages(&dist, &catalogue, &base, site_url.as_deref()) {
            Ok(count) => {
                println!(
                    "{}: wrote 404.html and {count} incident pages",
                    dist.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("atlas pages: {message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn write_pages(
    dist: &Path,
    catalogue_path: &Path,
    base: &str,
    site_url: Option<&str>,
) -> Result<usize, String> {
    use crate::static_pages::{PageMeta, render_page};

    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let write = |path: &Path, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let template = read(&dist.join("index.html"))?;
    let loaded = load_catalogue(&read(catalogue_path)?)
        .map_err(|e| format!("{}: {e}", catalogue_path.display()))?;
    if !loaded.problems.is_empty() {
        return Err(format!(
            "{} has {} problem(s); run `atlas check` first",
            catalogue_path.display(),
            loaded.problems.len()
        ));
    }
    let base = base.trim_end_matches('/');
    write(&dist.join("404.html"), &template)?;
    for incident in &loaded.catalogue.incidents {
        let meta = PageMeta::for_incident(incident, base);
        let page = render_page(&template, &meta, site_url).map_err(|e| e.to_string())?;
        let path = dist
            .join("incidents")
            .join(incident.id.as_str())
            .join("index.html");
        write(&path, &page)?;
    }
    Ok(loaded.catalogue.incidents.len())
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
        Ok(loaded) if loaded.problems.is_empty() => {
            println!(
                "{shown}: ok, {} incidents and {} failure types",
                loaded.catalogue.incidents.len(),
                loaded.catalogue.failure_types.len()
            );
            ExitCode::SUCCESS
        }
        Ok(loaded) => {
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
    }
}
