//! Helpers shared by the integration tests.

use std::process::{Command, Output};

/// Runs the `atlas` command line from the crate's root.
pub fn atlas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("atlas runs")
}
