//! The `atlas` command line: argument parsing and output. Native only.
//!
//! `atlas check public/catalogue.json` reads the catalogue exactly as the app does and reports
//! every problem, one a line, with the incident and the field; it exits non-zero if there is any.

use std::path::PathBuf;
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
}

/// Runs the command line with the process arguments.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Check { path } => check(&path),
    }
}

fn check(path: &std::path::Path) -> ExitCode {
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
