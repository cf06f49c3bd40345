//! The entitlement rule: the one place that decides whether a person may
//! open a lesson. Pages, media URLs and the REST API all ask it (through
//! `app/src/learning/access.rs`, which gathers these facts from the
//! database); commerce only ever creates enrollments.

use crate::learning::enrollment::EnrollmentStatus;
use serde::{Deserialize, Serialize};

/// What is known about a person and a lesson when they ask to open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessFacts {
    /// The person's enrollment in the lesson's course, if any.
    pub enrollment: Option<EnrollmentStatus>,
    /// The lesson is a free preview (visible to anyone who may see the course).
    pub free_preview: bool,
    /// The person teaches the course.
    pub teaches: bool,
    /// The person administers the tenant (`course:update:any`).
    pub administers: bool,
}

/// Why a lesson may be opened; the order is the order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// Enrolled (active or completed): progress is recorded.
    Enrolled,
    /// The course's instructor or an admin: everything is open, nothing is recorded.
    Staff,
    /// A free-preview lesson, for someone not enrolled: nothing is recorded.
    Preview,
}

impl Access {
    /// Whether opening the lesson records progress.
    pub fn records_progress(self) -> bool {
        self == Access::Enrolled
    }
}

/// A person may open a lesson if they are enrolled and their enrollment is
/// not revoked, or the lesson is a free preview, or they teach the course,
/// or they administer the tenant. `None`: refused (the page answers 403
/// with a link to the course).
///
/// A completed enrollment keeps its access: the learner may review the
/// course after finishing it. A revoked one loses it, except to free
/// previews, which anyone may open.
pub fn lesson_access(facts: AccessFacts) -> Option<Access> {
    match facts.enrollment {
        Some(EnrollmentStatus::Active | EnrollmentStatus::Completed) => Some(Access::Enrolled),
        _ if facts.teaches || facts.administers => Some(Access::Staff),
        _ if facts.free_preview => Some(Access::Preview),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolled_learners_open_every_lesson_while_active_or_completed() {
        for status in [EnrollmentStatus::Active, EnrollmentStatus::Completed] {
            let facts = AccessFacts {
                enrollment: Some(status),
                ..AccessFacts::default()
            };
            assert_eq!(lesson_access(facts), Some(Access::Enrolled));
        }
    }

    #[test]
    fn a_revoked_enrollment_opens_free_previews_only() {
        let revoked = AccessFacts {
            enrollment: Some(EnrollmentStatus::Revoked),
            ..AccessFacts::default()
        };
        assert_eq!(lesson_access(revoked), None);
        let preview = AccessFacts {
            free_preview: true,
            ..revoked
        };
        assert_eq!(lesson_access(preview), Some(Access::Preview));
    }

    #[test]
    fn staff_open_everything_without_recording_progress() {
        for facts in [
            AccessFacts {
                teaches: true,
                ..AccessFacts::default()
            },
            AccessFacts {
                administers: true,
                ..AccessFacts::default()
            },
        ] {
            let access = lesson_access(facts).unwrap();
            assert_eq!(access, Access::Staff);
            assert!(!access.records_progress());
        }
    }

    #[test]
    fn strangers_are_refused_except_for_free_previews() {
        assert_eq!(lesson_access(AccessFacts::default()), None);
        let preview = AccessFacts {
            free_preview: true,
            ..AccessFacts::default()
        };
        assert_eq!(lesson_access(preview), Some(Access::Preview));
        assert!(!Access::Preview.records_progress());
        assert!(Access::Enrolled.records_progress());
    }
}
