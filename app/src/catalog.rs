//! Catalog & discovery: courses, categories, search, course pages.

pub mod functions;
pub mod labels;
pub mod pages;
pub mod records;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod courses;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod retry;
#[cfg(feature = "ssr")]
pub mod search;
