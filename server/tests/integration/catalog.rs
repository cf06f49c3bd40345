//! Catalog: courses and categories (service rules and SQL), search, the
//! pages over HTTP, and the REST API over them. `fixtures` builds the
//! portals, people and categories the tests share.

mod courses;
mod fixtures;
mod pages;
mod profiles;
mod ranking;
pub(crate) mod rest;
mod search;
