//! Lesson progress in SQL: a lesson completed, a video's position, and
//! the course's completion percentage (`lyceum::learning::progress`),
//! stored on the enrollment at every change.

use super::enrollments::{self, Enrollment};
use super::records::{CourseProgress, ProgressUpdate};
use crate::authoring::records::OutlineModule;
use crate::db::TenantTx;
use crate::error::AppError;
use lyceum::authoring::lesson::LessonKind;
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::learning::progress::{
    clamp_position, completion_percent, course_complete, video_watched,
};
use lyceum::{CourseId, EnrollmentId, LessonId, UserId};
use std::collections::HashSet;

/// The lessons of an enrollment that are complete.
pub async fn done_lessons(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
) -> Result<HashSet<LessonId>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        "select lesson_id from lesson_progress where enrollment_id = $1 and completed_at is not null",
        enrollment.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids.into_iter().map(LessonId::from).collect())
}

/// Whether a lesson is complete, and where its video stopped.
pub async fn lesson_state(
    tx: &mut TenantTx,
    enrollment: EnrollmentId,
    lesson: LessonId,
) -> Result<(bool, u64), sqlx::Error> {
    let row = sqlx::query!(
        "select completed_at is not null as \"done!\", position_ms from lesson_progress
          where enrollment_id = $1 and lesson_id = $2",
        enrollment.uuid(),
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map_or((false, 0), |r| {
        (r.done, u64::try_from(r.position_ms).unwrap_or(0))
    }))
}

/// Progress through a course from its current lessons and the learner's
/// completed ones (lessons deleted since do not count).
pub fn progress_of(outline: &[OutlineModule], done: &HashSet<LessonId>) -> CourseProgress {
    let lessons: Vec<LessonId> = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.id))
        .collect();
    let completed = lessons.iter().filter(|l| done.contains(l)).count();
    CourseProgress {
        completed: u32::try_from(completed).unwrap_or(u32::MAX),
        total: u32::try_from(lessons.len()).unwrap_or(u32::MAX),
        percent: completion_percent(completed, lessons.len()),
        course_complete: course_complete(completed, lessons.len()),
    }
}

/// The learner's enrollment, locked, if it lets them learn (active or
/// completed). Errors: 403 (not enrolled, or revoked).
pub async fn learning_enrollment(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
) -> Result<Enrollment, AppError> {
    match enrollments::lock(tx, learner, course).await? {
        Some(e) if e.status != EnrollmentStatus::Revoked => Ok(e),
        _ => Err(AppError::Forbidden),
    }
}

/// Marks a lesson complete (idempotent) and stores the course's new
/// completion; the enrollment must already be locked
/// ([`learning_enrollment`]). Returns the progress and whether this
/// completed the course.
pub async fn complete_locked(
    tx: &mut TenantTx,
    enrollment: &Enrollment,
    lesson: LessonId,
) -> Result<(CourseProgress, bool), AppError> {
    let outline = crate::authoring::curriculum::outline(tx, enrollment.course).await?;
    complete_in(tx, enrollment, lesson, &outline).await
}

/// As [`complete_locked`], with the course's outline already read.
async fn complete_in(
    tx: &mut TenantTx,
    enrollment: &Enrollment,
    lesson: LessonId,
    outline: &[OutlineModule],
) -> Result<(CourseProgress, bool), AppError> {
    sqlx::query!(
        "insert into lesson_progress (tenant_id, enrollment_id, lesson_id, completed_at)
         values (current_tenant_id(), $1, $2, now())
         on conflict (tenant_id, enrollment_id, lesson_id)
         do update set completed_at = coalesce(lesson_progress.completed_at, now()), updated_at = now()",
        enrollment.id.uuid(),
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    store(tx, enrollment, outline).await
}

/// Recomputes and stores an enrollment's completion (locked by the caller).
pub async fn refresh(
    tx: &mut TenantTx,
    enrollment: &Enrollment,
) -> Result<(CourseProgress, bool), AppError> {
    let outline = crate::authoring::curriculum::outline(tx, enrollment.course).await?;
    store(tx, enrollment, &outline).await
}

async fn store(
    tx: &mut TenantTx,
    enrollment: &Enrollment,
    outline: &[OutlineModule],
) -> Result<(CourseProgress, bool), AppError> {
    let done = done_lessons(tx, enrollment.id).await?;
    let progress = progress_of(outline, &done);
    let newly_completed = enrollments::record_progress(
        tx,
        enrollment.id,
        progress.percent,
        progress.course_complete,
    )
    .await?;
    if newly_completed {
        super::certificates::request_issue(tx, enrollment.id).await?;
    }
    Ok((progress, newly_completed))
}

/// The kind of a lesson in the course's outline. Errors: 404.
fn kind_of(outline: &[OutlineModule], lesson: LessonId) -> Result<LessonKind, AppError> {
    outline
        .iter()
        .flat_map(|m| &m.lessons)
        .find(|l| l.id == lesson)
        .map(|l| l.kind)
        .ok_or(AppError::NotFound)
}

/// "Mark as complete" on a text or file lesson. A video completes by being
/// watched ([`save_position`]) and a quiz by being passed: both refused
/// here (a field error `lesson`). Errors: 403 (not enrolled), 404.
pub async fn mark_complete(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
    lesson: LessonId,
) -> Result<ProgressUpdate, AppError> {
    let enrollment = learning_enrollment(tx, learner, course).await?;
    let outline = crate::authoring::curriculum::outline(tx, course).await?;
    match kind_of(&outline, lesson)? {
        LessonKind::Text | LessonKind::File => {}
        LessonKind::Video => {
            return Err(AppError::invalid(
                "lesson",
                "A video lesson is complete once you have watched it.",
            ))
        }
        LessonKind::Quiz => {
            return Err(AppError::invalid(
                "lesson",
                "A quiz is complete once you pass it.",
            ))
        }
    }
    let (progress, _) = complete_in(tx, &enrollment, lesson, &outline).await?;
    Ok(ProgressUpdate {
        lesson_done: true,
        progress,
    })
}

/// Saves a video lesson's playback position (milliseconds, clamped to the
/// video), and completes the lesson once 90 % of it has been watched
/// (`lyceum::learning::progress::video_watched`). Called every few seconds
/// while a learner watches, so it reads the outline once. Errors: 403 (not
/// enrolled), 404, a field error `lesson` (not a video lesson, or none yet).
pub async fn save_position(
    tx: &mut TenantTx,
    learner: UserId,
    course: CourseId,
    lesson: LessonId,
    position_ms: i64,
    ended: bool,
) -> Result<ProgressUpdate, AppError> {
    let enrollment = learning_enrollment(tx, learner, course).await?;
    let outline = crate::authoring::curriculum::outline(tx, course).await?;
    if kind_of(&outline, lesson)? != LessonKind::Video {
        return Err(AppError::invalid("lesson", "is not a video lesson"));
    }
    let duration = crate::authoring::media::video_duration(tx, lesson)
        .await?
        .ok_or_else(|| AppError::invalid("lesson", "has no video yet"))?;
    let position = clamp_position(position_ms, duration);
    sqlx::query!(
        "insert into lesson_progress (tenant_id, enrollment_id, lesson_id, position_ms)
         values (current_tenant_id(), $1, $2, $3)
         on conflict (tenant_id, enrollment_id, lesson_id)
         do update set position_ms = excluded.position_ms, updated_at = now()",
        enrollment.id.uuid(),
        lesson.uuid(),
        i64::try_from(position).unwrap_or(0)
    )
    .execute(&mut **tx)
    .await?;
    let all_done = done_lessons(tx, enrollment.id).await?;
    let done = all_done.contains(&lesson);
    if !done && video_watched(position, duration, ended) {
        let (progress, _) = complete_in(tx, &enrollment, lesson, &outline).await?;
        return Ok(ProgressUpdate {
            lesson_done: true,
            progress,
        });
    }
    Ok(ProgressUpdate {
        lesson_done: done,
        progress: progress_of(&outline, &all_done),
    })
}
