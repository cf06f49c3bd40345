//! Typed identifiers: a tenant's id cannot be passed where a user's is
//! expected. Each wraps the row's UUID (`tenant.tenant_id`,
//! `app_user.user_id`, `course.course_id`, `category.category_id`, `module.module_id`,
//! `lesson.lesson_id`, `question.question_id`, `media_asset.asset_id`,
//! `resource.resource_id`, `enrollment.enrollment_id`,
//! `quiz_attempt.attempt_id`).
//!
//! Shape: serialized as the bare UUID (serde `transparent`), displayed and
//! parsed in its hyphenated form. The database layer binds
//! [`TenantId::uuid`] and wraps what it reads with `From<Uuid>`; the core
//! stays free of sqlx. Later contexts add theirs here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub const fn new(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID, for binding in SQL.
            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// Parses the hyphenated (or simple) UUID form, surrounding
        /// whitespace ignored. Errors: not a UUID.
        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

id_type!(
    /// A tenant (an organization's portal, or the platform itself).
    TenantId
);
id_type!(
    /// A person's account, within one tenant.
    UserId
);
id_type!(
    /// A course in a tenant's catalog.
    CourseId
);
id_type!(
    /// A category of a tenant's catalog.
    CategoryId
);
id_type!(
    /// A module of a course's curriculum.
    ModuleId
);
id_type!(
    /// A lesson, in one module of a course.
    LessonId
);
id_type!(
    /// A question of a quiz lesson.
    QuestionId
);
id_type!(
    /// An uploaded file (`media_asset.asset_id`): a video, a document or an image.
    AssetId
);
id_type!(
    /// A file attached to a lesson (`resource.resource_id`).
    ResourceId
);
id_type!(
    /// A learner's place in a course (`enrollment.enrollment_id`).
    EnrollmentId
);
id_type!(
    /// One try at a quiz (`quiz_attempt.attempt_id`).
    AttemptId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_display_as_the_bare_uuid() {
        let raw = "67e55044-10b1-426f-9247-bb680e5fe0c8";
        let id: CourseId = format!("  {raw} ").parse().unwrap();
        assert_eq!(id.to_string(), raw);
        assert_eq!(id.uuid(), Uuid::parse_str(raw).unwrap());
        assert!("course-1".parse::<CourseId>().is_err());
        assert!("".parse::<UserId>().is_err());
    }
}
