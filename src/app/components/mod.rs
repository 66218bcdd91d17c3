pub mod catalogue_problems;
pub mod chain_diagram;
pub mod filter_form;
pub mod load_failure;
pub mod overview_strip;
