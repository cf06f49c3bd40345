//! Lyceum's Leptos application: one folder per bounded context.
//!
//! Code that touches the database, hashes passwords or reads the request
//! lives in `#[cfg(feature = "ssr")]` modules inside its context; the rest is
//! shared by the server render and the hydrated WebAssembly.

pub mod admin;
pub mod authoring;
pub mod catalog;
pub mod error;
pub mod identity;
pub mod learning;
pub mod media;
pub mod shell;
pub mod ui;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod state;

pub use shell::app::{shell, App};
