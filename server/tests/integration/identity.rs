//! Identity: log in and out over HTTP, sessions and tokens, the throttle.

pub mod fixtures;
mod http;
mod throttle;
