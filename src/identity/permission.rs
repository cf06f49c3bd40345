//! Personas and the permission matrix of the seeds, as a typed table.
//!
//! learner ⊂ instructor ⊂ admin (everything within its tenant); the
//! super-admin holds the platform permissions and nothing inside a tenant.
//! The server checks this table on every server function and route; the UI
//! only uses it to hide what the server would refuse.

use crate::tenancy::TenantKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Persona {
    Learner,
    Instructor,
    Admin,
    SuperAdmin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Tenant,
    Platform,
}

macro_rules! permissions {
    ($($variant:ident = $code:literal, $scope:ident;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Permission { $($variant,)+ }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)+];

            /// The seeds' `resource:action[:own]` code, used in JWT claims.
            pub fn code(self) -> &'static str {
                match self { $(Permission::$variant => $code,)+ }
            }

            pub fn scope(self) -> Scope {
                match self { $(Permission::$variant => Scope::$scope,)+ }
            }
        }
    };
}

permissions! {
    CatalogRead = "catalog:read", Tenant;
    CourseEnroll = "course:enroll", Tenant;
    ProgressRead = "progress:read", Tenant;
    ProgressUpdateOwn = "progress:update:own", Tenant;
    CertificateReadOwn = "certificate:read:own", Tenant;
    CourseCreate = "course:create", Tenant;
    CourseUpdateOwn = "course:update:own", Tenant;
    CourseDeleteOwn = "course:delete:own", Tenant;
    AnalyticsReadOwn = "analytics:read:own", Tenant;
    PayoutReadOwn = "payout:read:own", Tenant;
    CourseUpdateAny = "course:update:any", Tenant;
    CourseDeleteAny = "course:delete:any", Tenant;
    UserManage = "user:manage", Tenant;
    TenantConfigure = "tenant:configure", Tenant;
    TenantAnalyticsRead = "analytics:read:tenant", Tenant;
    ContentModerate = "content:moderate", Tenant;
    CategoryManage = "category:manage", Tenant;
    PaymentConfigure = "payment:configure", Tenant;
    AuditRead = "audit:read", Tenant;
    PlatformTenantsManage = "platform:tenants:manage", Platform;
    PlatformAnalyticsRead = "platform:analytics:read", Platform;
}

const LEARNER: &[Permission] = &[
    Permission::CatalogRead,
    Permission::CourseEnroll,
    Permission::ProgressRead,
    Permission::ProgressUpdateOwn,
    Permission::CertificateReadOwn,
];

const INSTRUCTOR_EXTRA: &[Permission] = &[
    Permission::CourseCreate,
    Permission::CourseUpdateOwn,
    Permission::CourseDeleteOwn,
    Permission::AnalyticsReadOwn,
    Permission::PayoutReadOwn,
];

impl Persona {
    pub const ALL: [Persona; 4] = [
        Persona::Learner,
        Persona::Instructor,
        Persona::Admin,
        Persona::SuperAdmin,
    ];

    pub fn can(self, permission: Permission) -> bool {
        match self {
            Persona::Learner => LEARNER.contains(&permission),
            Persona::Instructor => {
                LEARNER.contains(&permission) || INSTRUCTOR_EXTRA.contains(&permission)
            }
            Persona::Admin => permission.scope() == Scope::Tenant,
            Persona::SuperAdmin => permission.scope() == Scope::Platform,
        }
    }

    /// Every permission this persona holds, in table order.
    pub fn permissions(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .iter()
            .copied()
            .filter(move |p| self.can(*p))
    }

    /// Super-admins live on the platform; everyone else in an organization.
    pub fn allowed_in(self, kind: TenantKind) -> bool {
        (self == Persona::SuperAdmin) == (kind == TenantKind::Platform)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Persona::Learner => "learner",
            Persona::Instructor => "instructor",
            Persona::Admin => "admin",
            Persona::SuperAdmin => "super_admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Persona> {
        Persona::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            Persona::Learner => "Learner",
            Persona::Instructor => "Instructor",
            Persona::Admin => "Administrator",
            Persona::SuperAdmin => "Super-admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    /// The whole matrix, written out cell by cell: columns are
    /// learner, instructor, admin, super-admin.
    const EXPECTED: &[(Permission, [bool; 4])] = &[
        (CatalogRead, [true, true, true, false]),
        (CourseEnroll, [true, true, true, false]),
        (ProgressRead, [true, true, true, false]),
        (ProgressUpdateOwn, [true, true, true, false]),
        (CertificateReadOwn, [true, true, true, false]),
        (CourseCreate, [false, true, true, false]),
        (CourseUpdateOwn, [false, true, true, false]),
        (CourseDeleteOwn, [false, true, true, false]),
        (AnalyticsReadOwn, [false, true, true, false]),
        (PayoutReadOwn, [false, true, true, false]),
        (CourseUpdateAny, [false, false, true, false]),
        (CourseDeleteAny, [false, false, true, false]),
        (UserManage, [false, false, true, false]),
        (TenantConfigure, [false, false, true, false]),
        (TenantAnalyticsRead, [false, false, true, false]),
        (ContentModerate, [false, false, true, false]),
        (CategoryManage, [false, false, true, false]),
        (PaymentConfigure, [false, false, true, false]),
        (AuditRead, [false, false, true, false]),
        (PlatformTenantsManage, [false, false, false, true]),
        (PlatformAnalyticsRead, [false, false, false, true]),
    ];

    #[test]
    fn every_cell_of_the_matrix() {
        assert_eq!(
            EXPECTED.len(),
            Permission::ALL.len(),
            "a permission is missing from the expected table"
        );
        for (permission, row) in EXPECTED {
            for (persona, expected) in Persona::ALL.iter().zip(row) {
                assert_eq!(
                    persona.can(*permission),
                    *expected,
                    "{persona:?} × {}",
                    permission.code()
                );
            }
        }
    }

    #[test]
    fn personas_nest_within_a_tenant() {
        for p in Permission::ALL {
            if Persona::Learner.can(*p) {
                assert!(Persona::Instructor.can(*p), "{}", p.code());
            }
            if Persona::Instructor.can(*p) {
                assert!(Persona::Admin.can(*p), "{}", p.code());
            }
        }
    }

    #[test]
    fn codes_are_unique_and_seed_shaped() {
        let mut codes: Vec<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Permission::ALL.len());
        assert!(codes.iter().all(|c| c.split(':').count() >= 2));
    }

    #[test]
    fn persona_strings_and_scopes() {
        for p in Persona::ALL {
            assert_eq!(Persona::parse(p.as_str()), Some(p));
        }
        assert_eq!(Persona::parse("root"), None);
        assert!(Persona::SuperAdmin.allowed_in(TenantKind::Platform));
        assert!(!Persona::SuperAdmin.allowed_in(TenantKind::Organization));
        assert!(Persona::Learner.allowed_in(TenantKind::Organization));
        assert!(!Persona::Admin.allowed_in(TenantKind::Platform));
        assert_eq!(Persona::Learner.permissions().count(), 5);
    }
}
