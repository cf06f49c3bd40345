//! The main navigation: the shell's own items, then each context's
//! (`NAVIGATION` in its module), in that order; a visitor sees exactly the
//! items the permission matrix grants (`lyceum::navigation::allows`).

pub use lyceum::navigation::{allows, Access, NavItem};
use lyceum::{Persona, TenantKind};

/// The shell's own pages.
const SHELL: &[NavItem] = &[NavItem {
    label: "Dashboard",
    href: "/dashboard",
    access: Access::SignedIn,
}];

/// Every context's items, in the order the header shows them.
const SECTIONS: &[&[NavItem]] = &[
    SHELL,
    crate::learning::NAVIGATION,
    crate::catalog::NAVIGATION,
    crate::admin::NAVIGATION,
    crate::identity::NAVIGATION,
];

pub fn items_for(
    persona: Option<Persona>,
    kind: TenantKind,
) -> impl Iterator<Item = &'static NavItem> {
    SECTIONS
        .iter()
        .flat_map(|section| section.iter())
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
