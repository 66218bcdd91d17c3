//! The catalogue: its format (the serde types of `public/catalogue.json`), the values with a
//! syntax of their own, reading a catalogue so that one bad incident never sinks the file, and
//! the checks that need a whole incident or catalogue to decide.

pub mod check;
pub mod format;
pub mod json_path;
pub mod load;
pub mod stated_durations;
pub mod values;

pub use format::*;
pub use values::*;
