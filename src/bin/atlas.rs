//! `atlas`: the catalogue's command-line tool (see `incident_atlas::authoring::cli`).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    incident_atlas::authoring::cli::run()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
