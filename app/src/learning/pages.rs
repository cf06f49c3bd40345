//! Learning's pages.

pub mod mine;
pub mod player;
mod quiz;
pub mod statistics;
