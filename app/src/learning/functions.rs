//! Learning's server functions: what the player, the course page's enroll
//! form and "My learning" call, each checked on the server whatever the
//! page showed. (A quiz's answers go to the form endpoints of
//! `quiz_form.rs`: a form of any number of questions.)

use super::records::{
    Achievements, CertificatePage, CertificateRow, MyCourse, PlayerPage, ProgressTracker,
    ProgressUpdate, QuizStatistics, Recommendation,
};
use crate::error::AppError;
use leptos::prelude::*;

/// A lesson in the player (`course`: the course's slug).
#[server(prefix = "/fn", endpoint = "learning/player", output = crate::wire::Answer)]
pub async fn player(course: String, lesson: String) -> Result<PlayerPage, AppError> {
    crate::request::finish(server::player(course, lesson).await)
}

/// Where "Continue" goes in a course (`course`: its slug): a player URL,
/// or the course page when the viewer is not enrolled.
#[server(prefix = "/fn", endpoint = "learning/resume", output = crate::wire::Answer)]
pub async fn resume(course: String) -> Result<String, AppError> {
    crate::request::finish(server::resume(course).await)
}

/// Enrolls the signed-in person in a free course (`course`: its id) and
/// sends them to its first lesson. A refusal sends a plain form back to
/// the course page with `?enroll_error=<code>`.
#[server(prefix = "/fn", endpoint = "learning/enroll", output = crate::wire::Answer)]
pub async fn enroll(course: String) -> Result<(), AppError> {
    crate::request::finish(server::enroll(course).await)
}

/// "Mark as complete" on a text or file lesson.
#[server(prefix = "/fn", endpoint = "learning/complete", output = crate::wire::Answer)]
pub async fn complete_lesson(course: String, lesson: String) -> Result<ProgressUpdate, AppError> {
    crate::request::finish(server::complete_lesson(course, lesson).await)
}

/// A video's playback position (milliseconds), saved every few seconds;
/// `ended` is `true` when playback reached the end.
#[server(prefix = "/fn", endpoint = "learning/position", output = crate::wire::Answer)]
pub async fn save_position(
    course: String,
    lesson: String,
    position_ms: String,
    ended: String,
) -> Result<ProgressUpdate, AppError> {
    crate::request::finish(server::save_position(course, lesson, position_ms, ended).await)
}

/// Starts an attempt at a quiz (or finds the one in progress) and shows it.
#[server(prefix = "/fn", endpoint = "learning/start-attempt", output = crate::wire::Answer)]
pub async fn start_attempt(course: String, lesson: String) -> Result<(), AppError> {
    crate::request::finish(server::start_attempt(course, lesson).await)
}

/// The signed-in learner's courses.
#[server(prefix = "/fn", endpoint = "learning/mine", output = crate::wire::Answer)]
pub async fn my_courses() -> Result<Vec<MyCourse>, AppError> {
    crate::request::finish(server::my_courses().await)
}

/// A quiz's results, for the course's instructor and admins (`course`:
/// its id).
#[server(prefix = "/fn", endpoint = "learning/quiz-statistics", output = crate::wire::Answer)]
pub async fn quiz_results(course: String, lesson: String) -> Result<QuizStatistics, AppError> {
    crate::request::finish(server::quiz_results(course, lesson).await)
}

/// The signed-in learner's lessons completed per week (12 weeks).
#[server(prefix = "/fn", endpoint = "learning/tracker", output = crate::wire::Answer)]
pub async fn weekly_progress() -> Result<ProgressTracker, AppError> {
    crate::request::finish(server::weekly_progress().await)
}

/// Saves the signed-in learner's review of a course they are enrolled in
/// (`course`: its id; `rating`: 1–5; `body`: optional text), then back to
/// the course page's reviews. A plain form's refusal comes back as
/// `?review_error=<code>`.
#[server(prefix = "/fn", endpoint = "learning/review", output = crate::wire::Answer)]
pub async fn review_course(course: String, rating: String, body: String) -> Result<(), AppError> {
    crate::request::finish(server::review_course(course, rating, body).await)
}

/// The dashboard's recommendations for the signed-in learner.
#[server(prefix = "/fn", endpoint = "learning/recommendations", output = crate::wire::Answer)]
pub async fn recommended_courses() -> Result<Vec<Recommendation>, AppError> {
    crate::request::finish(server::recommended_courses().await)
}

/// The dashboard's achievements of the signed-in learner.
#[server(prefix = "/fn", endpoint = "learning/achievements", output = crate::wire::Answer)]
pub async fn my_achievements() -> Result<Achievements, AppError> {
    crate::request::finish(server::my_achievements().await)
}

/// What `/verify/{code}` shows: public, no login needed. `revoke_error`:
/// the page's `?revoke_error=` (a refused revocation), or empty.
#[server(prefix = "/fn", endpoint = "learning/verify", output = crate::wire::Answer)]
pub async fn verify_certificate(
    code: String,
    revoke_error: String,
) -> Result<CertificatePage, AppError> {
    crate::request::finish(server::verify_certificate(code, revoke_error).await)
}

/// Revokes a certificate (admins), with the reason its page will show;
/// then back to that page.
#[server(prefix = "/fn", endpoint = "learning/revoke", output = crate::wire::Answer)]
pub async fn revoke_certificate(code: String, reason: String) -> Result<(), AppError> {
    crate::request::finish(server::revoke_certificate(code, reason).await)
}

/// The portal's certificates, newest first (admins).
#[server(prefix = "/fn", endpoint = "learning/certificates", output = crate::wire::Answer)]
pub async fn portal_certificates() -> Result<Vec<CertificateRow>, AppError> {
    crate::request::finish(server::portal_certificates().await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::catalog::enrollable::{self, CourseRef};
    use crate::learning::access::course_named;
    use crate::learning::{attempts, enrollments, offer, player, progress};
    use crate::request::{in_transaction, is_plain_form_post, redirect, request_ctx};
    use lyceum::learning::enrollment::EnrollmentSource;
    use lyceum::{CourseId, LessonId, Permission};

    /// A malformed id names nothing: the same answer as an unknown one.
    fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
        raw.parse().map_err(|_| AppError::NotFound)
    }

    pub async fn player(course: String, lesson: String) -> Result<PlayerPage, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        let lesson: LessonId = id(&lesson)?;
        let media = crate::request::app_state().media;
        in_transaction(&ctx, async |tx| {
            player::lesson(tx, &media, me, course.trim(), lesson).await
        })
        .await
    }

    pub async fn resume(course: String) -> Result<String, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        in_transaction(&ctx, async |tx| player::resume(tx, me, course.trim()).await).await
    }

    pub async fn enroll(course: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseEnroll)?.actor();
        let course_id: CourseId = id(&course)?;
        let mut slug = None;
        let result = in_transaction(&ctx, async |tx| {
            let course = enrollable::course(tx, CourseRef::Id(course_id))
                .await?
                .ok_or(AppError::NotFound)?;
            slug = Some(course.slug.clone());
            enrollments::enroll(tx, me.id, &course, EnrollmentSource::Free).await?;
            player::resume(tx, me, &course.slug).await
        })
        .await;
        match (result, slug) {
            (Ok(target), _) => {
                tracing::info!(course.id = %course_id, "enrolled");
                redirect(&target, "/learning");
                Ok(())
            }
            (Err(err), Some(slug)) if is_plain_form_post() && err != AppError::NotFound => {
                let code = offer::error_code(&err);
                redirect(&format!("/courses/{slug}?enroll_error={code}"), "/courses");
                Ok(())
            }
            (Err(err), _) => Err(err),
        }
    }

    fn back_to(slug: &str, lesson: LessonId) {
        if is_plain_form_post() {
            redirect(&format!("/learn/{slug}/{lesson}"), "/learning");
        }
    }

    pub async fn complete_lesson(
        course: String,
        lesson: String,
    ) -> Result<ProgressUpdate, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressUpdateOwn)?.actor();
        let lesson: LessonId = id(&lesson)?;
        let (slug, update) = in_transaction(&ctx, async |tx| {
            let course = course_named(tx, &course).await?;
            let update = progress::mark_complete(tx, me.id, course.id, lesson).await?;
            Ok((course.slug, update))
        })
        .await?;
        back_to(&slug, lesson);
        Ok(update)
    }

    pub async fn save_position(
        course: String,
        lesson: String,
        position_ms: String,
        ended: String,
    ) -> Result<ProgressUpdate, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressUpdateOwn)?.actor();
        let lesson: LessonId = id(&lesson)?;
        let position: i64 = position_ms
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|p| p.is_finite())
            .map(|p| p.clamp(0.0, 9.0e15) as i64)
            .ok_or_else(|| AppError::invalid("position_ms", "is not a number of milliseconds"))?;
        let ended = ended.trim() == "true";
        in_transaction(&ctx, async |tx| {
            let course = course_named(tx, &course).await?;
            progress::save_position(tx, me.id, course.id, lesson, position, ended).await
        })
        .await
    }

    pub async fn start_attempt(course: String, lesson: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressUpdateOwn)?.actor();
        let lesson: LessonId = id(&lesson)?;
        let slug = in_transaction(&ctx, async |tx| {
            let course = course_named(tx, &course).await?;
            attempts::start(tx, me.id, course.id, lesson).await?;
            Ok(course.slug)
        })
        .await?;
        redirect(&format!("/learn/{slug}/{lesson}"), "/learning");
        Ok(())
    }

    pub async fn quiz_results(course: String, lesson: String) -> Result<QuizStatistics, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::CourseUpdateOwn)?.actor();
        let (course, lesson): (CourseId, LessonId) = (id(&course)?, id(&lesson)?);
        in_transaction(&ctx, async |tx| {
            crate::learning::statistics::for_quiz(tx, me, course, lesson).await
        })
        .await
    }

    pub async fn weekly_progress() -> Result<ProgressTracker, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        in_transaction(&ctx, async |tx| {
            Ok(crate::learning::tracker::weekly(tx, me.id).await?)
        })
        .await
    }

    pub async fn my_courses() -> Result<Vec<MyCourse>, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        in_transaction(&ctx, async |tx| player::my_courses(tx, me).await).await
    }

    pub async fn verify_certificate(
        code: String,
        revoke_error: String,
    ) -> Result<CertificatePage, AppError> {
        use crate::learning::certificates::{self, Signature};
        use crate::learning::verify_page::{self, Shown};
        use lyceum::calendar::format_date;
        let ctx = request_ctx()?;
        let Some(code) = lyceum::learning::certificate::CertificateCode::parse(&code) else {
            return Ok(verify_page::not_found());
        };
        let viewer = ctx.actor();
        in_transaction(&ctx, async |tx| {
            let Some(c) = certificates::by_code(tx, &code).await? else {
                return Ok(verify_page::not_found());
            };
            let signature = certificates::check(tx, &c).await?;
            let completed_on = format_date(c.completed_at.unix_timestamp());
            let revoked_on = c.revoked_at.map(|at| format_date(at.unix_timestamp()));
            Ok(verify_page::page(&Shown {
                code: c.code.as_str(),
                learner_name: &c.learner_name,
                course_title: &c.course_title,
                instructor_name: &c.instructor_name,
                issuer_name: &c.issuer_name,
                issuer_url: &c.issuer_url,
                completed_on: &completed_on,
                revoked: revoked_on
                    .as_deref()
                    .map(|on| (on, c.revoked_reason.as_deref().unwrap_or_default())),
                signature_valid: signature == Signature::Valid,
                can_revoke: viewer.is_some_and(|a| a.persona.can(Permission::ContentModerate)),
                revoke_error: lyceum::learning::certificate::ReasonError::from_code(
                    revoke_error.trim(),
                ),
            }))
        })
        .await
    }

    pub async fn revoke_certificate(code: String, reason: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ContentModerate)?.actor();
        let parsed = lyceum::learning::certificate::CertificateCode::parse(&code)
            .ok_or(AppError::NotFound)?;
        let page = format!("/verify/{parsed}");
        // Checked here too, typed, to send a form without JavaScript back
        // with the reason's error code.
        if let Err(e) = lyceum::learning::certificate::revocation_reason(&reason) {
            if is_plain_form_post() {
                redirect(&format!("{page}?revoke_error={}#revoke", e.code()), "/");
                return Ok(());
            }
            return Err(AppError::invalid("reason", e.to_string()));
        }
        in_transaction(&ctx, async |tx| {
            crate::learning::certificates::revoke(tx, me, &parsed, &reason).await
        })
        .await?;
        redirect(&page, "/");
        Ok(())
    }

    pub async fn portal_certificates() -> Result<Vec<CertificateRow>, AppError> {
        let ctx = request_ctx()?;
        ctx.require(Permission::ContentModerate)?;
        in_transaction(&ctx, async |tx| {
            let list = crate::learning::certificates::recent(tx, 200).await?;
            Ok(list
                .into_iter()
                .map(|c| CertificateRow {
                    code: c.code.to_string(),
                    learner_name: c.learner_name,
                    course_title: c.course_title,
                    issued_on: lyceum::calendar::format_date(c.issued_at.unix_timestamp()),
                    revoked: c.revoked_at.is_some(),
                })
                .collect())
        })
        .await
    }

    pub async fn review_course(
        course: String,
        rating: String,
        body: String,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressUpdateOwn)?.actor();
        let course_id: CourseId = id(&course)?;
        let mut slug = None;
        let outcome = in_transaction(&ctx, async |tx| {
            let course = enrollable::course(tx, CourseRef::Id(course_id))
                .await?
                .ok_or(AppError::NotFound)?;
            slug = Some(course.slug.clone());
            // Only a learner who took the course (enrolled, not withdrawn).
            let enrolled = enrollments::find(tx, me.id, course_id)
                .await?
                .is_some_and(|e| {
                    e.status != lyceum::learning::enrollment::EnrollmentStatus::Revoked
                });
            if !enrolled {
                return Err(AppError::Forbidden);
            }
            let review =
                lyceum::catalog::review::check(&rating, &body).map_err(AppError::Invalid)?;
            crate::catalog::reviews::save(tx, me.id, course_id, &review).await
        })
        .await;
        match (outcome, slug) {
            (Ok(()), Some(slug)) => {
                tracing::info!(course.id = %course_id, "course reviewed");
                redirect(&format!("/courses/{slug}?review=saved#reviews"), "/courses");
                Ok(())
            }
            (Err(err), Some(slug)) if is_plain_form_post() && err != AppError::NotFound => {
                let code = offer::review_error_code(&err);
                redirect(
                    &format!("/courses/{slug}?review_error={code}#reviews"),
                    "/courses",
                );
                Ok(())
            }
            (Ok(()), None) => Ok(()),
            (Err(err), _) => Err(err),
        }
    }

    pub async fn recommended_courses() -> Result<Vec<Recommendation>, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        in_transaction(&ctx, async |tx| {
            crate::learning::recommendations::for_learner(tx, me.id).await
        })
        .await
    }

    pub async fn my_achievements() -> Result<Achievements, AppError> {
        let ctx = request_ctx()?;
        let me = ctx.require(Permission::ProgressRead)?.actor();
        in_transaction(&ctx, async |tx| {
            crate::learning::recommendations::achievements(tx, me.id).await
        })
        .await
    }
}
