//! Incident Atlas: a catalogue of real production incidents, the checks that keep it sound,
//! and (on wasm32) the Leptos app that renders it.
//!
//! Everything but `app` is plain Rust that compiles and tests natively; the `atlas` command
//! line tool and the app share it.

pub mod catalogue;
pub mod chain;
pub mod check;
pub mod diagram;
pub mod filter;
pub mod json_path;
pub mod layout;
pub mod load;
pub mod markup;
pub mod order;
pub mod search;
pub mod site;
pub mod timeline;
pub mod url_state;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod generate;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(not(target_arch = "wasm32"))]
pub mod rundown;
#[cfg(not(target_arch = "wasm32"))]
pub mod static_pages;

#[cfg(target_arch = "wasm32")]
pub mod app;
