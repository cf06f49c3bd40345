//! Request middleware, outermost first: request id → panic → client address →
//! security headers → body limit → CSRF origin check → tenant and session
//! context.

pub mod catch_panic;
pub mod client_ip;
pub mod context;
pub mod csrf;
pub mod pages;
pub mod request_id;
pub mod security_headers;
