pub mod catalogue_problems;
pub mod load_failure;
pub mod write_up;
