//! Catalog & discovery: courses, categories, search, course pages.

use lyceum::navigation::{Access, NavItem};
use lyceum::Permission;

/// A description's `#` is an h3: it sits under the course page's "About
/// this course" (h2).
#[cfg(feature = "ssr")]
pub const DESCRIPTION_HEADINGS: u8 = 3;

/// The catalog's items in the main navigation.
pub const NAVIGATION: &[NavItem] = &[
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
];

pub mod functions;
pub mod labels;
pub mod pages;
pub mod records;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod categories;
#[cfg(feature = "ssr")]
pub mod courses;
#[cfg(feature = "ssr")]
pub mod cover;
#[cfg(feature = "ssr")]
pub mod detail;
#[cfg(feature = "ssr")]
pub mod enrollable;
#[cfg(feature = "ssr")]
pub mod instructors;
#[cfg(feature = "ssr")]
pub mod price;
#[cfg(feature = "ssr")]
pub mod retry;
#[cfg(feature = "ssr")]
pub mod reviews;
#[cfg(feature = "ssr")]
pub mod search;
