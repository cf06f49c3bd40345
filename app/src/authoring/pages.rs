//! Authoring's pages.

pub mod curriculum;
