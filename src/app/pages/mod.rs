pub mod compare;
pub mod home;
pub mod incident;
pub mod mechanisms;
pub mod not_found;
