//! Tenant administration: people and their personas, security events, the
//! portal's settings (its currency).
//! (Branding, limits, moderation and the platform console grow here.)

pub mod routes;
pub mod settings;
pub mod users;
pub mod widgets;

use lyceum::navigation::{Access, NavItem};

/// Administration's item in the main navigation.
pub const NAVIGATION: &[NavItem] = &[NavItem {
    label: "Administration",
    href: "/admin",
    access: Access::Permission(lyceum::Permission::UserManage),
}];
