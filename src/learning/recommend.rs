//! Course recommendations for a learner's dashboard: first what learners
//! who took the same courses also took (co-enrollment), then popular
//! courses of the categories the learner studies, then the portal's
//! popular courses; never one the learner is already enrolled in (the
//! caller passes only published courses). Each comes with the one-line
//! reason the dashboard shows.

use crate::ids::CourseId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How many recommendations the dashboard shows.
pub const SHOWN: usize = 4;

/// A course other learners of `because` also took.
#[derive(Debug, Clone, PartialEq)]
pub struct CoEnrolled {
    pub course: CourseId,
    /// Distinct learners enrolled in both.
    pub learners: u32,
    /// Which of the learner's courses they share the most (its title).
    pub because: String,
}

/// A popular course, of one of the learner's categories or of the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct Popular {
    pub course: CourseId,
    pub enrollments: u32,
    /// The category it shares with the learner's courses, if any.
    pub category: Option<String>,
}

/// Why a course is recommended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// "Learners who took {0} also took this".
    AlsoTook(String),
    /// "Popular in {0}".
    PopularIn(String),
    /// "Popular on this portal".
    Popular,
}

impl Reason {
    /// The line the dashboard shows under the course.
    pub fn line(&self) -> String {
        match self {
            Reason::AlsoTook(course) => format!("Learners who took {course} also took this"),
            Reason::PopularIn(category) => format!("Popular in {category}"),
            Reason::Popular => "Popular on this portal".to_owned(),
        }
    }
}

/// The recommendations, best first, at most `limit`:
/// co-enrolled courses by shared learners (most first), then popular
/// courses of the learner's categories, then of the portal, each by
/// enrollments (most first); ties by course id, so the order is stable.
/// Courses in `enrolled` never appear, nor any course twice.
pub fn rank(
    mut co_enrolled: Vec<CoEnrolled>,
    mut in_categories: Vec<Popular>,
    mut popular: Vec<Popular>,
    enrolled: &BTreeSet<CourseId>,
    limit: usize,
) -> Vec<(CourseId, Reason)> {
    co_enrolled.sort_by(|a, b| b.learners.cmp(&a.learners).then(a.course.cmp(&b.course)));
    let by_enrollments = |a: &Popular, b: &Popular| {
        b.enrollments
            .cmp(&a.enrollments)
            .then(a.course.cmp(&b.course))
    };
    in_categories.sort_by(by_enrollments);
    popular.sort_by(by_enrollments);
    let mut seen = enrolled.clone();
    let mut out = Vec::new();
    let candidates = co_enrolled
        .into_iter()
        .filter(|c| c.learners > 0)
        .map(|c| (c.course, Reason::AlsoTook(c.because)))
        .chain(in_categories.into_iter().map(|p| {
            let reason = p.category.map(Reason::PopularIn).unwrap_or(Reason::Popular);
            (p.course, reason)
        }))
        .chain(popular.into_iter().map(|p| (p.course, Reason::Popular)));
    for (course, reason) in candidates {
        if out.len() == limit {
            break;
        }
        if seen.insert(course) {
            out.push((course, reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> CourseId {
        CourseId::from(uuid::Uuid::from_u128(n))
    }

    fn co(n: u128, learners: u32, because: &str) -> CoEnrolled {
        CoEnrolled {
            course: id(n),
            learners,
            because: because.into(),
        }
    }

    fn pop(n: u128, enrollments: u32, category: Option<&str>) -> Popular {
        Popular {
            course: id(n),
            enrollments,
            category: category.map(str::to_owned),
        }
    }

    #[test]
    fn co_enrollment_comes_first_by_shared_learners_then_categories_then_the_portal() {
        let enrolled = BTreeSet::from([id(1)]);
        let got = rank(
            vec![co(3, 2, "Rust"), co(2, 5, "Rust")],
            vec![
                pop(4, 50, Some("Programming")),
                pop(5, 90, Some("Programming")),
            ],
            vec![pop(6, 500, None)],
            &enrolled,
            10,
        );
        assert_eq!(
            got,
            vec![
                (id(2), Reason::AlsoTook("Rust".into())),
                (id(3), Reason::AlsoTook("Rust".into())),
                (id(5), Reason::PopularIn("Programming".into())),
                (id(4), Reason::PopularIn("Programming".into())),
                (id(6), Reason::Popular),
            ]
        );
    }

    #[test]
    fn enrolled_and_repeated_courses_never_appear_and_the_limit_holds() {
        let enrolled = BTreeSet::from([id(1), id(2)]);
        let got = rank(
            vec![co(2, 9, "A"), co(3, 1, "A")],
            vec![
                pop(3, 10, Some("X")),
                pop(1, 99, Some("X")),
                pop(4, 5, Some("X")),
            ],
            vec![pop(4, 100, None), pop(5, 1, None), pop(6, 1, None)],
            &enrolled,
            3,
        );
        assert_eq!(
            got,
            vec![
                (id(3), Reason::AlsoTook("A".into())),
                (id(4), Reason::PopularIn("X".into())),
                (id(5), Reason::Popular),
            ]
        );
        assert!(rank(vec![], vec![], vec![pop(1, 3, None)], &enrolled, 4).is_empty());
    }

    #[test]
    fn ties_are_broken_by_course_id_so_the_order_is_stable() {
        let none = BTreeSet::new();
        let a = rank(vec![co(9, 2, "A"), co(8, 2, "A")], vec![], vec![], &none, 4);
        let b = rank(vec![co(8, 2, "A"), co(9, 2, "A")], vec![], vec![], &none, 4);
        assert_eq!(a, b);
        assert_eq!(a[0].0, id(8));
        // No shared learner is no reason.
        assert!(rank(vec![co(7, 0, "A")], vec![], vec![], &none, 4).is_empty());
    }

    #[test]
    fn reasons_read_as_one_line() {
        assert_eq!(
            Reason::AlsoTook("Rust Fundamentals".into()).line(),
            "Learners who took Rust Fundamentals also took this"
        );
        assert_eq!(Reason::PopularIn("Data".into()).line(), "Popular in Data");
        assert_eq!(Reason::Popular.line(), "Popular on this portal");
    }
}
