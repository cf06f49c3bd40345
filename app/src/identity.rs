//! Identity & access: tenants and their hosts, users, sessions, login.

pub mod directory;
pub mod forms;
pub mod pages;
pub mod records;
pub mod routes;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod device;
#[cfg(feature = "ssr")]
pub mod password_hash;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod tenants;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod tokens;

use lyceum::navigation::{Access, NavItem};

/// Identity's item in the main navigation: the platform's portal directory.
pub const NAVIGATION: &[NavItem] = &[NavItem {
    label: "Portals",
    href: "/portals",
    access: Access::Permission(lyceum::Permission::PlatformTenantsManage),
}];
