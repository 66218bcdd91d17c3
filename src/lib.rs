//! Incident Atlas: a catalogue of real production incidents, the checks that keep it sound,
//! and (on wasm32) the Leptos app that renders it.
//!
//! Dependencies run one way, each folder using only those listed before it:
//!
//! | module | what |
//! | --- | --- |
//! | `order`, `random` | the one sort the wasm carries; a seeded random number generator |
//! | `catalogue` | the format, its values, loading and checking |
//! | `chain` | the causal chain: story, layered layout, drawing |
//! | `mechanisms` | the patterns across chains: tagged steps, paths, the map and its drawing |
//! | `timeline` | the collection as browsed: filters, search, the filter in the URL |
//! | `site` | paths, markup, the served pages, the security policy |
//! | `authoring` | rundown import and export, the generator, the command line (native) |
//! | `app` | the Leptos app (wasm32) |
//!
//! Everything but `app` is plain Rust that compiles and tests natively; the `atlas` command
//! line tool and the app share it.

pub mod catalogue;
pub mod chain;
pub mod mechanisms;
pub mod order;
pub mod random;
pub mod site;
pub mod timeline;

#[cfg(not(target_arch = "wasm32"))]
pub mod authoring;

#[cfg(target_arch = "wasm32")]
pub mod app;
