//! The entitlement rule on the server: gathers the facts
//! (`lyceum::learning::access::AccessFacts`) for a person and a lesson and
//! asks the domain rule. The player, the media URLs it hands out (a signed
//! URL is made only for a lesson this lets open) and the REST API all come
//! through [`open_lesson`].

use super::enrollments::{self, Enrollment};
use crate::catalog::enrollable::{self, CourseRef, LearnableCourse};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::learning::access::{lesson_access, Access, AccessFacts};
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::{Actor, LessonId, Permission};

/// The rule's answer for one person and one lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// `None`: refused.
    pub access: Option<Access>,
    /// The person's enrollment in the course, whatever its status.
    pub enrollment: Option<Enrollment>,
}

impl Opening {
    pub fn revoked(&self) -> bool {
        self.enrollment
            .as_ref()
            .is_some_and(|e| e.status == EnrollmentStatus::Revoked)
    }
}

/// Whether `viewer` may open `lesson` of `course`
/// (`lyceum::learning::access::lesson_access`).
///
/// Errors: 404 when the lesson is not one of the course's, or when the
/// course is not published and the viewer neither teaches it, administers
/// the portal, nor was enrolled in it (an archived course stays open to
/// its learners; a draft or archived course is unknown to everyone else).
pub async fn open_lesson(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    course: &LearnableCourse,
    lesson: LessonId,
) -> Result<Opening, AppError> {
    let free_preview = crate::authoring::lessons::preview_flag(tx, course.id, lesson)
        .await?
        .ok_or(AppError::NotFound)?;
    let enrollment = match viewer {
        Some(v) => enrollments::find(tx, v.id, course.id).await?,
        None => None,
    };
    let facts = AccessFacts {
        enrollment: enrollment.as_ref().map(|e| e.status),
        free_preview,
        teaches: viewer.is_some_and(|v| {
            v.id == course.instructor_id && v.persona.can(Permission::CourseUpdateOwn)
        }),
        administers: viewer.is_some_and(|v| v.persona.can(Permission::CourseUpdateAny)),
    };
    let known =
        course.open_to_learners() || facts.teaches || facts.administers || enrollment.is_some();
    if !known {
        return Err(AppError::NotFound);
    }
    Ok(Opening {
        access: lesson_access(facts),
        enrollment,
    })
}

/// The course a learner's URL names by its slug (`/learn/{course}/…`),
/// parsed first. Errors: 404 (a malformed slug names nothing, like an
/// unknown one).
pub async fn course_named(tx: &mut TenantTx, raw: &str) -> Result<LearnableCourse, AppError> {
    let slug = lyceum::Slug::parse(raw.trim()).map_err(|_| AppError::NotFound)?;
    enrollable::course(tx, CourseRef::Slug(slug.as_str()))
        .await?
        .ok_or(AppError::NotFound)
}
