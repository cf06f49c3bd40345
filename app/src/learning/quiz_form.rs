//! The quiz form endpoints. A quiz has any number of questions, each its
//! own field (`q.<question id>`), which a server function's fixed
//! arguments cannot take, so these read the form themselves:
//!
//! - `POST /learn/{course}/attempts/{attempt}/submit`: submits and grades
//!   the attempt, then 303 to the lesson (`#quiz-result`); a refusal goes
//!   back to the lesson with `?quiz_error=<code>`. The form's `lesson`
//!   field names the lesson to go back to.
//! - `POST /learn/{course}/attempts/{attempt}/answers`: the player's
//!   autosave as answers are chosen (204; JSON `{"error": {code, message}}`
//!   with 422, 403 or 404).
//!
//! Both sit behind the pages' layers (CSRF origin check, tenant and
//! session, 64 KiB body limit).

use super::attempts;
use crate::error::AppError;
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use lyceum::{AttemptId, LessonId, Permission};
use serde_json::json;

fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// A code for each refusal, for `?quiz_error=` and the JSON answer.
pub fn error_code(err: &AppError) -> &'static str {
    match err {
        AppError::Invalid(fields) => match fields.iter().next() {
            Some(("answers", _)) => "bad_answers",
            Some((_, m)) if m.contains("already been submitted") => "already_submitted",
            Some((_, m)) if m.contains("time") => "time_up",
            _ => "refused",
        },
        AppError::Forbidden | AppError::Unauthenticated => "forbidden",
        AppError::NotFound => "not_found",
        AppError::Busy { .. } => "busy",
        _ => "failed",
    }
}

async fn run<T>(
    state: &AppState,
    ctx: &RequestCtx,
    slug: &str,
    work: impl AsyncFnOnce(
        &mut crate::db::TenantTx,
        lyceum::UserId,
        lyceum::CourseId,
    ) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let me = ctx.require(Permission::ProgressUpdateOwn)?.actor();
    let mut tx = state.db.begin(ctx).await?;
    let course = super::access::course_named(&mut tx, slug).await?;
    let value = work(&mut tx, me.id, course.id).await?;
    tx.commit().await?;
    Ok(value)
}

/// `POST /learn/{course}/attempts/{attempt}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((course, attempt)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let form = pairs(&body);
    let lesson: Option<LessonId> = form
        .iter()
        .find(|(k, _)| k == "lesson")
        .and_then(|(_, v)| v.parse().ok());
    let slug = lyceum::Slug::parse(course.trim()).ok();
    let outcome = async {
        let attempt: AttemptId = attempt.parse().map_err(|_| AppError::NotFound)?;
        let answers = attempts::answers_from_form(&form)?;
        run(&state, &ctx, &course, async |tx, me, course| {
            attempts::submit(tx, me, course, attempt, &answers).await
        })
        .await
    }
    .await;
    // Built from parsed values only: the raw path could hold anything.
    let lesson_page = match (&slug, lesson) {
        (Some(slug), Some(lesson)) => format!("/learn/{}/{lesson}", slug.as_str()),
        (Some(slug), None) => format!("/learn/{}", slug.as_str()),
        _ => "/learning".to_owned(),
    };
    let target = match outcome {
        Ok(done) => {
            tracing::info!(
                passed = done.passed,
                late = done.late,
                "quiz attempt submitted"
            );
            match &slug {
                Some(slug) => format!("/learn/{}/{}#quiz-result", slug.as_str(), done.lesson),
                None => "/learning".to_owned(),
            }
        }
        Err(err) => {
            if matches!(err, AppError::Internal { .. }) {
                tracing::warn!("quiz submission failed");
            }
            format!("{lesson_page}?quiz_error={}#quiz", error_code(&err))
        }
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response()
}

/// `POST /learn/{course}/attempts/{attempt}/answers`.
pub async fn save(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((course, attempt)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Response {
    let form = pairs(&body);
    let outcome = async {
        let attempt: AttemptId = attempt.parse().map_err(|_| AppError::NotFound)?;
        let answers = attempts::answers_from_form(&form)?;
        run(&state, &ctx, &course, async |tx, me, course| {
            attempts::save_answers(tx, me, course, attempt, &answers).await
        })
        .await
    }
    .await;
    match outcome {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => {
            let message = err
                .field_errors()
                .and_then(|f| f.iter().next().map(|(_, m)| m.to_owned()))
                .unwrap_or_else(|| err.to_string());
            (
                err.status(),
                axum::Json(json!({ "error": { "code": error_code(&err), "message": message } })),
            )
                .into_response()
        }
    }
}

/// The routes, for the server's page router.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/learn/{course}/attempts/{attempt}/submit", post(submit))
        .route("/learn/{course}/attempts/{attempt}/answers", post(save))
}
