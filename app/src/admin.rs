//! Tenant administration: people and their personas, security events.
//! (Branding, limits, moderation and the platform console grow here.)

pub mod users;
