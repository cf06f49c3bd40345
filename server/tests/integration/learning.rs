//! Learning: enrollment, the entitlement rule, progress and quiz attempts
//! through the service functions (as the runtime role, under RLS), and
//! the player and quiz forms over HTTP.

mod api;
mod attempts;
mod certificates;
mod enrollment;
pub mod fixtures;
mod http;
