//! The site's navigation as data: an item names the access it needs, and
//! the permission matrix decides who sees it. Each context lists its own
//! items (`NAVIGATION` in its module); the shell shows them in order.

use crate::identity::permission::{Permission, Persona, Scope};
use crate::tenancy::TenantKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any signed-in user.
    SignedIn,
    /// Users (or anonymous visitors, where the domain allows it) holding this permission.
    Permission(Permission),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavItem {
    pub label: &'static str,
    pub href: &'static str,
    pub access: Access,
}

/// Anonymous visitors of an organization's portal may browse its catalog.
const ANONYMOUS: &[Permission] = &[Permission::CatalogRead];

/// May this visitor (None = anonymous) use `access` on a tenant of `kind`?
pub fn allows(access: Access, persona: Option<Persona>, kind: TenantKind) -> bool {
    match access {
        Access::SignedIn => persona.is_some(),
        Access::Permission(permission) => {
            let scope_fits = match permission.scope() {
                Scope::Tenant => kind == TenantKind::Organization,
                Scope::Platform => kind == TenantKind::Platform,
            };
            scope_fits
                && match persona {
                    Some(p) => p.can(permission),
                    None => ANONYMOUS.contains(&permission),
                }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_visitors_browse_only_an_organizations_catalog() {
        let catalog = Access::Permission(Permission::CatalogRead);
        assert!(allows(catalog, None, TenantKind::Organization));
        assert!(!allows(catalog, None, TenantKind::Platform));
        assert!(!allows(Access::SignedIn, None, TenantKind::Organization));
        assert!(!allows(
            Access::Permission(Permission::CourseCreate),
            None,
            TenantKind::Organization
        ));
    }

    #[test]
    fn platform_permissions_stay_on_the_platform() {
        let portals = Access::Permission(Permission::PlatformTenantsManage);
        assert!(allows(
            portals,
            Some(Persona::SuperAdmin),
            TenantKind::Platform
        ));
        assert!(!allows(
            portals,
            Some(Persona::SuperAdmin),
            TenantKind::Organization
        ));
        assert!(!allows(
            portals,
            Some(Persona::Admin),
            TenantKind::Organization
        ));
    }
}
