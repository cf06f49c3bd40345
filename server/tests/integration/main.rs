//! Database and HTTP tests against real PostgreSQL, as the runtime role.
//! Each test creates its own tenants, so tests share one migrated database.

mod api;
mod architecture;
mod catalog;
mod catalog_search;
mod helpers;
mod http_auth;
mod http_security;
mod probes;
mod processes;
mod resilience;
mod security;
mod tenancy;
mod throttle;
