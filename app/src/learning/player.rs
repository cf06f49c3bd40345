//! The player's data: one lesson of a course as the viewer may see it
//! (the entitlement rule decides), with the curriculum sidebar, the
//! learner's progress and, for a quiz, their attempts; where "Continue"
//! goes; the learner's courses.

use super::access::{course_named, open_lesson};
use super::enrollments;
use super::progress::{self, done_lessons, lesson_state, progress_of};
use super::records::{
    CertificateState, CourseProgress, MyCourse, Player, PlayerPage, QuizPanel, SidebarLesson,
    SidebarModule,
};
use crate::catalog::enrollable;
use crate::db::TenantTx;
use crate::error::AppError;
use crate::media::store::MediaStore;
use lyceum::learning::enrollment::EnrollmentStatus;
use lyceum::{Actor, LessonId};
use std::collections::HashSet;

/// `/learn/{slug}/{lesson}`. Errors: 404 (no such course or lesson, or a
/// course the viewer may not know of); a refusal is not an error but
/// [`PlayerPage::Refused`] (the page answers 403 with a link to the course).
pub async fn lesson(
    tx: &mut TenantTx,
    media: &MediaStore,
    viewer: Actor,
    slug: &str,
    lesson: LessonId,
) -> Result<PlayerPage, AppError> {
    let course = course_named(tx, slug).await?;
    let opening = open_lesson(tx, Some(viewer), &course, lesson).await?;
    let Some(access) = opening.access else {
        return Ok(PlayerPage::Refused {
            revoked: opening.revoked(),
            course_title: course.title,
            course_slug: course.slug,
        });
    };
    let content = crate::authoring::lessons::for_player(tx, media, course.id, lesson).await?;
    // A quiz's page may grade an overdue attempt: its learner's enrollment
    // is locked first, as for every change of progress. Other lessons read
    // it as found (recording the last lesson locks the row by itself).
    let enrollment = match (access.records_progress(), content.kind) {
        (false, _) => None,
        (true, lyceum::authoring::lesson::LessonKind::Quiz) => {
            Some(progress::learning_enrollment(tx, viewer.id, course.id).await?)
        }
        (true, _) => opening.enrollment.clone(),
    };
    let outline = crate::authoring::curriculum::outline(tx, course.id).await?;
    let done = match &enrollment {
        Some(e) => done_lessons(tx, e.id).await?,
        None => HashSet::new(),
    };
    let lesson_done = done.contains(&lesson);
    // Only a video keeps a position.
    let position_ms = match (&enrollment, content.kind) {
        (Some(e), lyceum::authoring::lesson::LessonKind::Video) => {
            lesson_state(tx, e.id, lesson).await?.1
        }
        _ => 0,
    };
    let mut course_progress = progress_of(&outline, &done);
    if let Some(e) = &enrollment {
        enrollments::set_last_lesson(tx, e.id, lesson).await?;
        // Lessons added or deleted since the last change: store the truth
        // (under the enrollment's lock, as every change of progress).
        if e.percent != course_progress.percent {
            let locked = progress::learning_enrollment(tx, viewer.id, course.id).await?;
            course_progress = progress::refresh(tx, &locked).await?.0;
        }
    }
    let order: Vec<LessonId> = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.id))
        .collect();
    let at = order.iter().position(|l| *l == lesson);
    let previous = at.and_then(|i| i.checked_sub(1)).map(|i| order[i]);
    let next = at.and_then(|i| order.get(i + 1).copied());
    let quiz = match (content.quiz, &enrollment) {
        (Some(facts), Some(e)) => Some(
            super::attempts::panel(tx, e, lesson, facts.settings, facts.questions, facts.points)
                .await?,
        ),
        // Staff and preview visitors see what the quiz is, and take it in
        // the builder's preview; attempts are for enrolled learners.
        (Some(facts), None) => Some(QuizPanel {
            passing_score: facts.settings.passing_score,
            max_attempts: facts.settings.max_attempts,
            time_limit_minutes: facts.settings.time_limit_minutes,
            questions: facts.questions,
            points: facts.points,
            attempts_used: 0,
            may_start: false,
            passed: false,
            open: None,
            history: Vec::new(),
            last_result: None,
        }),
        (None, _) => None,
    };
    let sidebar = outline
        .into_iter()
        .map(|m| SidebarModule {
            title: m.title,
            lessons: m
                .lessons
                .into_iter()
                .map(|l| SidebarLesson {
                    done: done.contains(&l.id),
                    id: l.id,
                    title: l.title,
                    kind: l.kind,
                    minutes: l.minutes,
                })
                .collect(),
        })
        .collect();
    Ok(PlayerPage::Open(Box::new(Player {
        course_id: course.id,
        course_title: course.title,
        course_slug: course.slug,
        lesson,
        module_title: content.module_title,
        title: content.title,
        kind: content.kind,
        minutes: content.minutes,
        body_html: content.body_html,
        media: content.media,
        access,
        done: lesson_done,
        position_ms,
        progress: course_progress,
        previous,
        next,
        outline: sidebar,
        quiz,
    })))
}

/// A quiz lesson's panel for its enrolled learner (the REST API's view of
/// a quiz): settings, attempts, the attempt in progress without the answer
/// key, the last result. Errors: 403 (not enrolled), 404 (no such lesson
/// in the course, or not a quiz).
pub async fn quiz(
    tx: &mut TenantTx,
    media: &MediaStore,
    learner: lyceum::UserId,
    course: lyceum::CourseId,
    lesson: LessonId,
) -> Result<QuizPanel, AppError> {
    let enrollment = progress::learning_enrollment(tx, learner, course).await?;
    let content = crate::authoring::lessons::for_player(tx, media, course, lesson).await?;
    let facts = content.quiz.ok_or(AppError::NotFound)?;
    super::attempts::panel(
        tx,
        &enrollment,
        lesson,
        facts.settings,
        facts.questions,
        facts.points,
    )
    .await
}

/// An enrollment's progress for its learner: the figures and the lessons
/// done. Errors: 404 (no such enrollment on this portal), 403 (another
/// learner's).
pub async fn progress_of_enrollment(
    tx: &mut TenantTx,
    learner: lyceum::UserId,
    enrollment: lyceum::EnrollmentId,
) -> Result<(enrollments::Enrollment, CourseProgress, Vec<LessonId>), AppError> {
    let e = enrollments::by_id(tx, enrollment)
        .await?
        .ok_or(AppError::NotFound)?;
    if e.learner != learner {
        return Err(AppError::Forbidden);
    }
    let outline = crate::authoring::curriculum::outline(tx, e.course).await?;
    let done = done_lessons(tx, e.id).await?;
    let figures = progress_of(&outline, &done);
    let in_order = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.id))
        .filter(|l| done.contains(l))
        .collect();
    Ok((e, figures, in_order))
}

/// Where "Continue" goes in a course: the lesson the learner last opened
/// (if still in the course), else their first unfinished lesson, else the
/// first. Not enrolled (or revoked), or a course without lessons: the
/// course page. Errors: 404 (no such course).
pub async fn resume(tx: &mut TenantTx, viewer: Actor, slug: &str) -> Result<String, AppError> {
    let course = course_named(tx, slug).await?;
    let course_page = format!("/courses/{}", course.slug);
    let Some(enrollment) = enrollments::find(tx, viewer.id, course.id).await? else {
        return Ok(course_page);
    };
    if enrollment.status == EnrollmentStatus::Revoked {
        return Ok(course_page);
    }
    let outline = crate::authoring::curriculum::outline(tx, course.id).await?;
    let order: Vec<LessonId> = outline
        .iter()
        .flat_map(|m| m.lessons.iter().map(|l| l.id))
        .collect();
    let done = done_lessons(tx, enrollment.id).await?;
    let target = enrollment
        .last_lesson
        .filter(|l| order.contains(l))
        .or_else(|| order.iter().find(|l| !done.contains(l)).copied())
        .or_else(|| order.first().copied());
    Ok(match target {
        Some(lesson) => format!("/learn/{}/{lesson}", course.slug),
        None => course_page,
    })
}

/// The learner's courses (not revoked), most recently active first.
pub async fn my_courses(tx: &mut TenantTx, learner: Actor) -> Result<Vec<MyCourse>, AppError> {
    let enrollments: Vec<_> = enrollments::of_learner(tx, learner.id)
        .await?
        .into_iter()
        .filter(|e| e.status != EnrollmentStatus::Revoked)
        .collect();
    let ids: Vec<_> = enrollments.iter().map(|e| e.course).collect();
    let courses = enrollable::courses_with_covers(tx, &ids).await?;
    let certificates = super::certificates::of_learner(tx, learner.id).await?;
    let awaiting: Vec<String> = enrollments
        .iter()
        .filter(|e| e.status == EnrollmentStatus::Completed)
        .filter(|e| !certificates.iter().any(|c| c.enrollment == e.id))
        .map(|e| e.id.to_string())
        .collect();
    let pending = if awaiting.is_empty() {
        Vec::new()
    } else {
        crate::jobs::pending(tx, super::certificates::ISSUE_JOB, &awaiting).await?
    };
    Ok(enrollments
        .into_iter()
        .filter_map(|e| {
            let (c, cover_html) = courses.iter().find(|(c, _)| c.id == e.course)?;
            let completed = e.status == EnrollmentStatus::Completed;
            let since = match e.completed_at.filter(|_| completed) {
                Some(at) => format!(
                    "Completed {}",
                    lyceum::calendar::format_date(at.unix_timestamp())
                ),
                None => format!(
                    "Enrolled {}",
                    lyceum::calendar::format_date(e.enrolled_at.unix_timestamp())
                ),
            };
            Some(MyCourse {
                course_id: c.id,
                title: c.title.clone(),
                slug: c.slug.clone(),
                instructor: c.instructor.clone(),
                cover_html: cover_html.clone(),
                percent: e.percent,
                completed,
                continue_href: format!("/learn/{}", c.slug),
                since,
                certificate: match certificates.iter().find(|cert| cert.enrollment == e.id) {
                    Some(cert) if cert.revoked_at.is_some() => CertificateState::Revoked,
                    Some(cert) => CertificateState::Issued(cert.code.to_string()),
                    None if completed && pending.contains(&e.id.to_string()) => {
                        CertificateState::Pending
                    }
                    None if completed => CertificateState::Unavailable,
                    None => CertificateState::NotEarned,
                },
            })
        })
        .collect())
}

/// A summary for the course page's side panel: whether the viewer is
/// enrolled and how far along.
pub async fn standing(
    tx: &mut TenantTx,
    viewer: Actor,
    course: lyceum::CourseId,
) -> Result<Option<(EnrollmentStatus, CourseProgress)>, AppError> {
    let Some(e) = enrollments::find(tx, viewer.id, course).await? else {
        return Ok(None);
    };
    Ok(Some((
        e.status,
        CourseProgress {
            percent: e.percent,
            course_complete: e.status == EnrollmentStatus::Completed,
            ..CourseProgress::default()
        },
    )))
}
