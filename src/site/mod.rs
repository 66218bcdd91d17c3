//! The site: where it lives (paths under a base), every page's markup, the pages a build
//! serves before the app starts, and the security policy they carry.

#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod contract;
pub mod corrections;
#[cfg(not(target_arch = "wasm32"))]
pub mod exports;
pub mod markup;
pub mod paths;
#[cfg(not(target_arch = "wasm32"))]
pub mod policy;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
#[cfg(not(target_arch = "wasm32"))]
pub mod static_pages;
