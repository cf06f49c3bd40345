//! Application state shared by routes, middleware and server functions.

use crate::db::Db;
use crate::identity::throttle::ThrottleStore;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use std::time::Duration;

/// Settings read once at start-up (see `server/src/config.rs`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Hosts `<subdomain>.<base_domain>` are tenant portals; the bare base domain is the platform.
    pub base_domain: String,
    /// Served over https: cookies get `Secure` and the `__Host-` prefix, HSTS is sent.
    pub https: bool,
    pub session_ttl: Duration,
}

impl Config {
    pub fn session_cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-lyceum_session"
        } else {
            "lyceum_session"
        }
    }
}

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    pub throttle: Arc<ThrottleStore>,
    /// Facet counts per tenant and filter state (see `catalog/cache.rs`).
    pub facets: Arc<crate::catalog::search::FacetCache>,
}
