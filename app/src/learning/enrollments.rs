//! Enrollments in SQL: enrolling (free courses here; commerce will call
//! [`enroll`] with its own source), finding and locking a learner's
//! enrollment, listing a learner's courses.

use crate::catalog::enrollable::{self, LearnableCourse};
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::catalog::pricing::PricingModel;
use lyceum::learning::enrollment::{may_admit_student, EnrollmentSource, EnrollmentStatus};
use lyceum::{CourseId, EnrollmentId, LessonId, UserId};
use time::OffsetDateTime;

/// An enrollment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub course: CourseId,
    pub learner: UserId,
    pub source: EnrollmentSource,
    pub status: EnrollmentStatus,
    pub enrolled_at: OffsetDateTime,
    pub completed_at: Option<OffsetDateTime>,
    pub last_lesson: Option<LessonId>,
    pub percent: u8,
}

macro_rules! enrollment_from_row {
    ($r:expr) => {
        Enrollment {
            id: $r.enrollment_id.into(),
            course: $r.course_id.into(),
            learner: $r.learner_id.into(),
            source: EnrollmentSource::parse(&$r.source).unwrap_or(EnrollmentSource::Free),
            status: EnrollmentStatus::parse(&$r.status).unwrap_or(EnrollmentStatus::Revoked),
            enrolled_at: $r.enrolled_at,
            completed_at: $r.completed_at,
            last_lesson: $r.last_lesson_id.map(LessonId::from),
            percent: u8::try_from($r.completion_percent).unwrap_or(0),
        }
    };
}

/// The learner's enrollment in a course, if any.
pub async fn find(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
) -> Result<Option<Enrollment>, sqlx::Error> {
    let row = sqlx::query!(
        "select enrollment_id, course_id, learner_id, source, status, enrolled_at, completed_at,
                last_lesson_id, completion_percent
           from enrollment where learner_id = $1 and course_id = $2",
        learner.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| enrollment_from_row!(r)))
}

/// As [`find`], and the row is locked until commit: every change to a
/// learner's progress in a course (a lesson completed, an attempt started
/// or submitted) takes this lock first, so two at once never compute the
/// completion percentage from the same stale snapshot, or both take the
/// last attempt.
pub async fn lock(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
) -> Result<Option<Enrollment>, sqlx::Error> {
    let row = sqlx::query!(
        "select enrollment_id, course_id, learner_id, source, status, enrolled_at, completed_at,
                last_lesson_id, completion_percent
           from enrollment where learner_id = $1 and course_id = $2 for update",
        learner.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| enrollment_from_row!(r)))
}

/// An enrollment by its id (not locked).
pub async fn by_id(tx: &mut TenantTx, id: EnrollmentId) -> Result<Option<Enrollment>, sqlx::Error> {
    let row = sqlx::query!(
        "select enrollment_id, course_id, learner_id, source, status, enrolled_at, completed_at,
                last_lesson_id, completion_percent
           from enrollment where enrollment_id = $1",
        id.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| enrollment_from_row!(r)))
}

/// As [`lock`], by the enrollment's id.
pub async fn lock_by_id(
    tx: &mut TenantTx,
    id: EnrollmentId,
) -> Result<Option<Enrollment>, sqlx::Error> {
    let row = sqlx::query!(
        "select enrollment_id, course_id, learner_id, source, status, enrolled_at, completed_at,
                last_lesson_id, completion_percent
           from enrollment where enrollment_id = $1 for update",
        id.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| enrollment_from_row!(r)))
}

/// Every enrollment of a learner, newest activity first.
pub async fn of_learner(
    tx: &mut TenantTx,
    learner: UserId,
) -> Result<Vec<Enrollment>, sqlx::Error> {
    let rows = sqlx::query!(
        "select enrollment_id, course_id, learner_id, source, status, enrolled_at, completed_at,
                last_lesson_id, completion_percent
           from enrollment where learner_id = $1
          order by updated_at desc, enrolled_at desc",
        learner.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| enrollment_from_row!(r)).collect())
}

/// Enrolls `learner` in `course`, or finds the enrollment they already
/// have (enrolling twice is not an error, and counts once).
///
/// Errors: 404 (the course is not published), 402 `PaymentRequired` (a
/// paid course through the free path: commerce enrolls with
/// `Purchase`/`Subscription` once it has the payment), a field error
/// `course` (the enrollment was revoked; the portal's plan has no room
/// for another student).
pub async fn enroll(
    tx: &mut TenantTx,
    learner: UserId,
    course: &LearnableCourse,
    source: EnrollmentSource,
) -> Result<Enrollment, AppError> {
    if !course.open_to_learners() {
        return Err(AppError::NotFound);
    }
    if source == EnrollmentSource::Free && course.pricing != PricingModel::Free {
        return Err(AppError::PaymentRequired);
    }
    if let Some(existing) = find(tx, learner, course.id).await? {
        return match existing.status {
            EnrollmentStatus::Revoked => Err(AppError::invalid(
                "course",
                "Your enrollment in this course was withdrawn. Ask the portal's administrators if you think it should not have been.",
            )),
            _ => Ok(existing),
        };
    }
    if let Some(limit) = crate::identity::tenants::student_limit(tx).await? {
        // New students are admitted one at a time per portal, so two
        // learners racing for the last place cannot both get it.
        sqlx::query!(
            "select pg_advisory_xact_lock(hashtextextended('lyceum.students.' || current_tenant_id()::text, 0))"
        )
        .execute(&mut **tx)
        .await?;
        let counts = sqlx::query!(
            r#"select count(distinct learner_id) as "students!",
                      coalesce(bool_or(learner_id = $1), false) as "already!"
                 from enrollment where status <> 'revoked'"#,
            learner.uuid()
        )
        .fetch_one(&mut **tx)
        .await?;
        let students = u64::try_from(counts.students).unwrap_or(u64::MAX);
        if !may_admit_student(counts.already, students, Some(limit)) {
            return Err(AppError::invalid(
                "course",
                format!(
                    "This portal's plan allows {limit} students, and every place is taken. Ask the portal's administrators to raise the limit."
                ),
            ));
        }
    }
    let inserted = sqlx::query_scalar!(
        "insert into enrollment (tenant_id, course_id, learner_id, source)
         values (current_tenant_id(), $1, $2, $3)
         on conflict (tenant_id, learner_id, course_id) do nothing
         returning enrollment_id",
        course.id.uuid(),
        learner.uuid(),
        source.as_str()
    )
    .fetch_optional(&mut **tx)
    .await?;
    if inserted.is_some() {
        enrollable::count_enrollment(tx, course.id, 1).await?;
    }
    // Inserted now, or by a request that raced this one: either way, one.
    find(tx, learner, course.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("enrollment vanished after insert")))
}

/// Records the lesson "Continue" should go to.
pub async fn set_last_lesson(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    lesson: LessonId,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update enrollment set last_lesson_id = $2, updated_at = now()
          where enrollment_id = $1 and last_lesson_id is distinct from $2",
        enrollment.uuid(),
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores the completion percentage, and completes the enrollment when
/// the course is complete (it stays completed if lessons are added later).
pub async fn record_progress(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    percent: u8,
    course_complete: bool,
) -> Result<bool, sqlx::Error> {
    let newly_completed = sqlx::query_scalar!(
        r#"update enrollment e
              set completion_percent = $2,
                  status = case when $3 and e.status = 'active' then 'completed' else e.status end,
                  completed_at = case when $3 and e.status = 'active' then now() else e.completed_at end,
                  updated_at = now()
             from (select status from enrollment where enrollment_id = $1) before
            where e.enrollment_id = $1
        returning (before.status = 'active' and e.status = 'completed') as "newly!""#,
        enrollment.uuid(),
        i16::from(percent),
        course_complete
    )
    .fetch_optional(&mut **tx)
    .await?
    .unwrap_or(false);
    Ok(newly_completed)
}
