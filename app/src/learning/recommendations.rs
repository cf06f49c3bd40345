//! The dashboard's recommendations and achievements, from the real tables:
//! co-enrollment over `enrollment` (learning's), then the catalog's
//! popular courses of the learner's categories and of the portal
//! (`catalog::enrollable::popular`); ranked by
//! `lyceum::learning::recommend::rank`.

use super::records::{Achievements, EarnedCertificate, Recommendation};
use crate::catalog::enrollable;
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::learning::recommend::{rank, CoEnrolled, Popular, SHOWN};
use lyceum::{CourseId, UserId};
use std::collections::BTreeSet;

/// Candidates looked at per source (before the published filter).
const CANDIDATES: i64 = 20;

/// Up to [`SHOWN`] published courses for `learner`, each with its reason.
pub async fn for_learner(
    tx: &mut TenantTx,
    learner: UserId,
) -> Result<Vec<Recommendation>, AppError> {
    let mine: Vec<CourseId> = super::enrollments::of_learner(tx, learner)
        .await?
        .into_iter()
        .map(|e| e.course)
        .collect();
    // Other learners of my courses, and what else they took: per candidate,
    // how many of them, and which of my courses they share most often.
    let pairs = sqlx::query!(
        r#"with mine as (select course_id from enrollment where learner_id = $1),
                pairs as (
                    select o.course_id as candidate, p.course_id as shared, o.learner_id
                      from enrollment p
                      join mine m on m.course_id = p.course_id
                      join enrollment o on o.learner_id = p.learner_id and o.course_id <> p.course_id
                     where p.learner_id <> $1
                       and o.course_id not in (select course_id from mine))
           select candidate as "candidate!", count(distinct learner_id)::int as "learners!",
                  mode() within group (order by shared) as "because!"
             from pairs
            group by candidate
            order by 2 desc, 1
            limit $2"#,
        learner.uuid(),
        CANDIDATES
    )
    .fetch_all(&mut **tx)
    .await?;
    let in_categories = if mine.is_empty() {
        Vec::new()
    } else {
        enrollable::popular(tx, &mine, CANDIDATES).await?
    };
    let portal = enrollable::popular(tx, &[], CANDIDATES).await?;
    // Titles for the reasons and the cards; only published courses count.
    let mut ids: BTreeSet<CourseId> = pairs.iter().map(|p| p.candidate.into()).collect();
    ids.extend(pairs.iter().map(|p| CourseId::from(p.because)));
    ids.extend(in_categories.iter().map(|p| p.0));
    ids.extend(portal.iter().map(|p| p.0));
    let ids: Vec<CourseId> = ids.into_iter().collect();
    let courses = enrollable::courses_with_covers(tx, &ids).await?;
    let course = |id: CourseId| courses.iter().map(|(c, _)| c).find(|c| c.id == id);
    let published = |id: CourseId| course(id).is_some_and(|c| c.open_to_learners());
    let co_enrolled = pairs
        .iter()
        .filter(|p| published(p.candidate.into()))
        .filter_map(|p| {
            Some(CoEnrolled {
                course: p.candidate.into(),
                learners: u32::try_from(p.learners).unwrap_or(0),
                because: course(p.because.into())?.title.clone(),
            })
        })
        .collect();
    let popular = |list: Vec<(CourseId, u32, Option<String>)>| -> Vec<Popular> {
        list.into_iter()
            .map(|(course, enrollments, category)| Popular {
                course,
                enrollments,
                category,
            })
            .collect()
    };
    let enrolled: BTreeSet<CourseId> = mine.into_iter().collect();
    let ranked = rank(
        co_enrolled,
        popular(in_categories),
        popular(portal),
        &enrolled,
        SHOWN,
    );
    Ok(ranked
        .into_iter()
        .filter_map(|(id, reason)| {
            let c = course(id)?;
            Some(Recommendation {
                title: c.title.clone(),
                slug: c.slug.clone(),
                instructor: c.instructor.clone(),
                reason: reason.line(),
            })
        })
        .collect())
}

/// Courses `learner` completed, and their certificates (not revoked).
pub async fn achievements(tx: &mut TenantTx, learner: UserId) -> Result<Achievements, AppError> {
    let completed = super::enrollments::of_learner(tx, learner)
        .await?
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Completed)
        .count();
    let certificates = super::certificates::of_learner(tx, learner)
        .await?
        .into_iter()
        .filter(|c| c.revoked_at.is_none())
        .map(|c| EarnedCertificate {
            code: c.code.to_string(),
            course_title: c.course_title,
            completed_on: lyceum::calendar::format_date(c.completed_at.unix_timestamp()),
        })
        .collect();
    Ok(Achievements {
        completed: u32::try_from(completed).unwrap_or(u32::MAX),
        certificates,
    })
}
