//! Catalog: courses and categories (service rules and SQL), search, and
//! the REST API over them.

mod courses;
mod rest;
mod search;
