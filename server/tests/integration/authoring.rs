//! Authoring: the curriculum (modules, lessons, their order) through the
//! service functions and over HTTP. `fixtures` builds curricula for the
//! other contexts' tests too (a course needs one to be published).

mod curriculum;
pub mod fixtures;
mod lessons;
mod rest;
