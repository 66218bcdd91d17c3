//! The causal chain: read as a story (causal order, causes and consequences), laid out as
//! layered boxes and arrows, and turned into a drawing with wrapped labels and keyboard
//! neighbours. The SVG markup itself is the site's (`crate::site::markup::chain`).

pub mod diagram;
pub mod layout;
pub mod story;
