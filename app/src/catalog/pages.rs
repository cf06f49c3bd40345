//! The catalog's pages.

pub mod catalog;
pub mod categories;
pub mod course;
pub mod profile;
pub mod teaching;
