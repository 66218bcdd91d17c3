//! Authoring the catalogue, natively only: the rundown markdown read and written, a generator
//! of synthetic catalogues for benchmarks, the check that an entry's words are its own, and
//! the `atlas` command line over them.

pub mod cli;
pub mod generate;
pub mod overlap;
pub mod rundown;
