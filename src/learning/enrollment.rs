//! An enrollment: one per learner per course, how it came about and where
//! it stands (`enrollment.source`, `enrollment.status`).

use serde::{Deserialize, Serialize};

/// How a learner came to be enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrollmentSource {
    /// "Enroll" on a free course.
    Free,
    /// A paid order (commerce).
    Purchase,
    /// A subscription that covers the course (commerce).
    Subscription,
    /// An admin enrolled the learner.
    AdminGrant,
}

impl EnrollmentSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentSource::Free => "free",
            EnrollmentSource::Purchase => "purchase",
            EnrollmentSource::Subscription => "subscription",
            EnrollmentSource::AdminGrant => "admin_grant",
        }
    }

    pub fn parse(raw: &str) -> Option<EnrollmentSource> {
        [
            EnrollmentSource::Free,
            EnrollmentSource::Purchase,
            EnrollmentSource::Subscription,
            EnrollmentSource::AdminGrant,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// Where an enrollment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrollmentStatus {
    /// Learning.
    Active,
    /// Every lesson done; the lessons stay open for review.
    Completed,
    /// Access withdrawn (a refund, an admin's decision).
    Revoked,
}

impl EnrollmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Completed => "completed",
            EnrollmentStatus::Revoked => "revoked",
        }
    }

    pub fn parse(raw: &str) -> Option<EnrollmentStatus> {
        [
            EnrollmentStatus::Active,
            EnrollmentStatus::Completed,
            EnrollmentStatus::Revoked,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// Whether one more learner may start learning on a portal whose plan
/// allows `limit` students (`settings.features.max_students`; `None`: no
/// limit). A student is a person with at least one enrollment that is not
/// revoked; someone who already is one never counts twice.
pub fn may_admit_student(already_student: bool, students: u64, limit: Option<u64>) -> bool {
    already_student || limit.is_none_or(|limit| students < limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_statuses_round_trip_their_stored_names() {
        for source in [
            EnrollmentSource::Free,
            EnrollmentSource::Purchase,
            EnrollmentSource::Subscription,
            EnrollmentSource::AdminGrant,
        ] {
            assert_eq!(EnrollmentSource::parse(source.as_str()), Some(source));
        }
        for status in [
            EnrollmentStatus::Active,
            EnrollmentStatus::Completed,
            EnrollmentStatus::Revoked,
        ] {
            assert_eq!(EnrollmentStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(EnrollmentStatus::parse("Active"), None);
    }

    #[test]
    fn the_student_limit_admits_existing_students_and_stops_new_ones_at_the_limit() {
        assert!(may_admit_student(false, 9, Some(10)));
        assert!(!may_admit_student(false, 10, Some(10)));
        assert!(may_admit_student(true, 10, Some(10)));
        assert!(may_admit_student(false, 1_000_000, None));
        assert!(!may_admit_student(false, 0, Some(0)));
    }
}
