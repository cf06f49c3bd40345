//! Identity: log in and out over HTTP, sessions and tokens, the throttle.

mod http;
mod throttle;
