//! Authoring's pages.

pub mod curriculum;
pub mod lesson;
pub mod media;
pub mod preview;
pub mod quiz;
