//! Request middleware, outermost first: request id → client address →
//! security headers → compression → panic → body limit → CSRF origin check →
//! tenant and session context → render deadline (pages and server functions).

pub mod catch_panic;
pub mod client_ip;
pub mod compression;
pub mod context;
pub mod csrf;
pub mod deadline;
pub mod pages;
pub mod request_id;
pub mod security_headers;
