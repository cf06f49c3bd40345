//! Catalog rules: what a course is allowed to be, and when it may be published.

pub mod course;
pub mod pricing;
