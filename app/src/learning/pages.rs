//! Learning's pages.

pub mod certificate;
pub mod mine;
pub mod player;
mod quiz;
pub mod statistics;
