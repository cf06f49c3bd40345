//! The main navigation as a table: each item names the permission it needs,
//! and a visitor sees exactly the items the permission matrix grants.

use lyceum::{Permission, Persona, TenantKind};

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

pub const NAVIGATION: &[NavItem] = &[
    NavItem {
        label: "Dashboard",
        href: "/dashboard",
        access: Access::SignedIn,
    },
    NavItem {
        label: "My learning",
        href: "/learning",
        access: Access::Permission(Permission::ProgressRead),
    },
    NavItem {
        label: "Catalog",
        href: "/courses",
        access: Access::Permission(Permission::CatalogRead),
    },
    NavItem {
        label: "Teaching",
        href: "/instructor",
        access: Access::Permission(Permission::CourseCreate),
    },
    NavItem {
        label: "Administration",
        href: "/admin",
        access: Access::Permission(Permission::UserManage),
    },
    NavItem {
        label: "Portals",
        href: "/portals",
        access: Access::Permission(Permission::PlatformTenantsManage),
    },
];

/// Anonymous visitors of an organization's portal may browse its catalog.
const ANONYMOUS: &[Permission] = &[Permission::CatalogRead];

/// May this visitor (None = anonymous) use `access` on a tenant of `kind`?
pub fn allows(access: Access, persona: Option<Persona>, kind: TenantKind) -> bool {
    match access {
        Access::SignedIn => persona.is_some(),
        Access::Permission(permission) => {
            let scope_fits = match permission.scope() {
                lyceum::identity::permission::Scope::Tenant => kind == TenantKind::Organization,
                lyceum::identity::permission::Scope::Platform => kind == TenantKind::Platform,
            };
            scope_fits
                && match persona {
                    Some(p) => p.can(permission),
                    None => ANONYMOUS.contains(&permission),
                }
        }
    }
}

pub fn items_for(
    persona: Option<Persona>,
    kind: TenantKind,
) -> impl Iterator<Item = &'static NavItem> {
    NAVIGATION
        .iter()
        .filter(move |item| allows(item.access, persona, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(persona: Option<Persona>, kind: TenantKind) -> Vec<&'static str> {
        items_for(persona, kind).map(|i| i.label).collect()
    }

    #[test]
    fn each_persona_sees_its_items() {
        let org = TenantKind::Organization;
        assert_eq!(labels(None, org), ["Catalog"]);
        assert_eq!(
            labels(Some(Persona::Learner), org),
            ["Dashboard", "My learning", "Catalog"]
        );
        assert_eq!(
            labels(Some(Persona::Instructor), org),
            ["Dashboard", "My learning", "Catalog", "Teaching"]
        );
        assert_eq!(
            labels(Some(Persona::Admin), org),
            [
                "Dashboard",
                "My learning",
                "Catalog",
                "Teaching",
                "Administration"
            ]
        );
        assert_eq!(
            labels(Some(Persona::SuperAdmin), TenantKind::Platform),
            ["Dashboard", "Portals"]
        );
        assert!(labels(None, TenantKind::Platform).is_empty());
    }
}
