//! Authoring rules: the order of a course's modules and lessons, what a
//! lesson and a quiz question may hold, and when a curriculum is ready to
//! be published.

pub mod curriculum;
pub mod lesson;
pub mod quiz;
