pub mod catalogue_problems;
pub mod chain_diagram;
pub mod failure_type_chips;
pub mod filter_form;
pub mod load_failure;
pub mod overview_strip;
pub mod write_up;
