//! Catalog rules: what a course is allowed to be, when it may be published,
//! how categories nest, and what a catalog URL means.

pub mod category;
pub mod course;
pub mod draft;
pub mod pricing;
pub mod profile;
pub mod query;
pub mod review;
