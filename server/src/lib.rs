//! Lyceum's HTTP server: configuration, start-up, middleware, health and
//! static routes around the Leptos application.

pub mod api;
pub mod config;
pub mod keys;
pub mod middleware;
pub mod routes;
pub mod seed;
pub mod seed_authoring;
pub mod seed_catalog;
pub mod seed_learning;
pub mod seed_media;
pub mod startup;
pub mod telemetry;
