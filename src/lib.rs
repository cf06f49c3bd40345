//! Lyceum's domain core: the rules of the marketplace as plain Rust.
//!
//! Nothing here performs IO, awaits, or knows about HTTP, SQL or the DOM, so
//! it compiles for the server and for `wasm32-unknown-unknown` alike and is
//! tested with ordinary unit tests. Raw input becomes one of these types once,
//! at the edge (`Email::parse`, `Slug::parse`, ...); code past the edge takes
//! the type, never the `String`.

#[macro_use]
mod string_newtype;

pub mod actor;
pub mod authoring;
pub mod branding;
pub mod calendar;
pub mod catalog;
pub mod field_errors;
pub mod identity;
pub mod ids;
pub mod learning;
pub mod media;
pub mod money;
pub mod navigation;
pub mod redirect;
pub mod slug;
pub mod tenancy;
pub mod text;
pub mod url;

pub use actor::Actor;
pub use branding::HexColor;
pub use field_errors::FieldErrors;
pub use identity::display_name::DisplayName;
pub use identity::email::Email;
pub use identity::login_throttle::{LoginThrottle, ThrottleDecision};
pub use identity::password::Password;
pub use identity::permission::{Permission, Persona};
pub use ids::{
    AssetId, AttemptId, CategoryId, CourseId, EnrollmentId, LessonId, ModuleId, QuestionId,
    ResourceId, TenantId, UserId,
};
pub use money::{Currency, Money};

pub use slug::Slug;
pub use tenancy::{HostKind, Subdomain, TenantKind};
