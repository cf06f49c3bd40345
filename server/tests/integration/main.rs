//! Database and HTTP tests against real PostgreSQL, as the runtime role.
//! Each test creates its own tenants, so tests share one migrated database.
//!
//! A folder per bounded context (`identity/`, `catalog/`), and beside them
//! what spans contexts: tenancy and the database roles, HTTP hardening,
//! several server processes, resilience, the architecture's own rules, and
//! the probes of issue 10.

mod architecture;
mod authoring;
mod catalog;
mod helpers;
mod http_security;
mod identity;
mod learning;
mod media;
mod probes;
mod processes;
mod resilience;
mod security;
mod tenancy;
mod wire;
