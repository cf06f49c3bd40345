//! Authoring's pages.

pub mod curriculum;
pub mod lesson;
pub mod preview;
pub mod quiz;
