//! The web app's entry point, built for wasm32 by Trunk.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(incident_atlas::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "incident-atlas is the web app and runs in a browser: `make serve` builds and serves it. \
         The command-line tool is `cargo run --bin atlas`."
    );
    std::process::exit(2);
}
