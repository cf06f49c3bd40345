//! Tenant administration: people and their personas, security events, the
//! portal's settings (its currency).
//! (Branding, limits, moderation and the platform console grow here.)

pub mod settings;
pub mod users;
