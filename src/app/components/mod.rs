pub mod catalogue_problems;
pub mod failure_type_chips;
pub mod filter_form;
pub mod highlighted;
pub mod incident_card;
pub mod load_failure;
pub mod overview_strip;
pub mod write_up;
