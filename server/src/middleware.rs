//! Request middleware, outermost first: request id → client address →
//! security headers → panic → compression → body limit → CSRF origin check →
//! tenant and session context.

pub mod catch_panic;
pub mod client_ip;
pub mod compression;
pub mod context;
pub mod csrf;
pub mod pages;
pub mod request_id;
pub mod security_headers;
