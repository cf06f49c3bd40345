//! The lesson upload endpoints (multipart forms, streamed to storage):
//!
//! - `POST /instructor/courses/{course}/lessons/{lesson}/video` (field
//!   `file`): the lesson's video, replacing any before it;
//! - `POST /instructor/courses/{course}/lessons/{lesson}/resources`
//!   (fields `title`, optional and first, then `file`): a file attached.
//!
//! Who may upload is checked before a byte is read; the bytes go through
//! `media::receive` (typed by content, limited by the plan, hashed); the
//! asset is attached in one transaction, or abandoned (nothing left).
//! A browser script (`Accept: application/json`, the editor's progress
//! bar) gets JSON: `{"ok": true}` or `{"error": {"code", "message"}}` with
//! 413, 422, 403 or 404. A plain form (no JavaScript) is sent back to the
//! lesson editor (303) with `?upload=done` or `?upload_error={code}`.

use super::media as lesson_media;
use crate::error::AppError;
use crate::media::receive::{self, Failure, Incoming};
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use http::{header, HeaderMap, StatusCode};
use lyceum::media::upload::{Purpose, UploadError};
use lyceum::{CourseId, LessonId, Permission};
use serde_json::json;

/// The code a plain form's redirect carries for a refusal (the page says
/// what it means: `records::upload_message`).
pub fn error_code(err: &UploadError) -> &'static str {
    match err {
        UploadError::Empty => "empty",
        UploadError::TooLarge { .. } => "too_large",
        UploadError::Markup => "markup",
        UploadError::Unrecognised { .. } => "unrecognised",
        UploadError::NotAccepted { .. } => "not_accepted",
        UploadError::Mismatch { .. } => "mismatch",
        UploadError::BadImage(_) => "bad_image",
        UploadError::Interrupted => "interrupted",
        UploadError::NoFile => "no_file",
    }
}

/// An upload's outcome, answered as the client asked.
pub enum Outcome {
    Done,
    Refused(UploadError),
    Failed(AppError),
}

/// Answers a browser script in JSON, a plain form with a redirect to `back`.
pub fn answer(headers: &HeaderMap, back: &str, outcome: Outcome) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let (status, code, message) = match &outcome {
        Outcome::Done => (StatusCode::OK, "", String::new()),
        Outcome::Refused(err) => (
            match err {
                UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            error_code(err),
            err.to_string(),
        ),
        Outcome::Failed(err) => (
            err.status(),
            match err {
                AppError::Invalid(_) => "refused",
                AppError::NotFound => "not_found",
                AppError::Forbidden | AppError::Unauthenticated => "forbidden",
                _ => "internal",
            },
            err.field_errors()
                .and_then(|f| f.iter().next().map(|(_, m)| m.to_owned()))
                .unwrap_or_else(|| err.to_string()),
        ),
    };
    if wants_json {
        let body = if code.is_empty() {
            json!({ "ok": true })
        } else {
            json!({ "error": { "code": code, "message": message } })
        };
        return (status, Json(body)).into_response();
    }
    let location = if code.is_empty() {
        format!("{back}?upload=done#media")
    } else {
        format!("{back}?upload_error={code}#media")
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// Reads a small text field (at most 1 KiB kept).
async fn small_text(field: axum::extract::multipart::Field<'_>) -> Result<String, UploadError> {
    let mut field = field;
    let mut out = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| UploadError::Interrupted)?;
        if out.len() < 1024 {
            out.extend_from_slice(&chunk[..chunk.len().min(1024 - out.len())]);
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The request's `Content-Length` says the file cannot fit: refused before
/// reading (a multipart body adds a little around the file).
fn declared_too_large(headers: &HeaderMap, limit: u64) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|len| len > limit.saturating_add(64 * 1024))
}

async fn upload(
    state: AppState,
    ctx: RequestCtx,
    course: String,
    lesson: String,
    headers: HeaderMap,
    mut multipart: Multipart,
    purpose: Purpose,
) -> Response {
    let back = format!("/instructor/courses/{course}/lessons/{lesson}");
    let failed = |e: AppError| answer(&headers, &back, Outcome::Failed(e));
    let me = match ctx.require(Permission::CourseUpdateOwn) {
        Ok(user) => user.actor(),
        Err(e) => return failed(e),
    };
    let (Ok(course), Ok(lesson)) = (course.parse::<CourseId>(), lesson.parse::<LessonId>()) else {
        return failed(AppError::NotFound);
    };
    let video = purpose == Purpose::LessonVideo;
    // Rights and room first, before reading the file.
    let checked = async {
        let mut tx = state.db.begin(&ctx).await?;
        lesson_media::may_upload(&mut tx, me, course, lesson, video).await?;
        let limit = crate::identity::tenants::upload_limit(&mut tx).await?;
        tx.commit().await?;
        Ok::<_, AppError>(limit)
    }
    .await;
    let limit = match checked {
        Ok(limit) => limit,
        Err(e) => return failed(e),
    };
    if declared_too_large(&headers, receive::limit_for(purpose, limit)) {
        return answer(
            &headers,
            &back,
            Outcome::Refused(UploadError::TooLarge {
                limit_bytes: receive::limit_for(purpose, limit),
            }),
        );
    }

    let mut title = String::new();
    let received = loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break Err(Failure::Refused(UploadError::NoFile)),
            Err(_) => break Err(Failure::Refused(UploadError::Interrupted)),
        };
        match field.name() {
            Some("title") => match small_text(field).await {
                Ok(text) => title = text,
                Err(e) => break Err(Failure::Refused(e)),
            },
            Some("file") => {
                let file_name = field.file_name().unwrap_or("").to_owned();
                let declared = field.content_type().unwrap_or("").to_owned();
                if file_name.is_empty() {
                    break Err(Failure::Refused(UploadError::NoFile));
                }
                let incoming = Incoming {
                    purpose,
                    declared: &declared,
                    file_name: &file_name,
                    limit,
                };
                break receive::receive(&state, ctx.tenant.id, me.id, incoming, field).await;
            }
            _ => continue,
        }
    };
    let mut received = match received {
        Ok(received) => received,
        Err(Failure::Refused(e)) => {
            tracing::info!(reason = error_code(&e), "upload refused");
            return answer(&headers, &back, Outcome::Refused(e));
        }
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, "storing an upload failed");
            return failed(AppError::Internal {
                request_id: crate::request::current_request_id().unwrap_or_default(),
            });
        }
    };
    let attached = async {
        let mut tx = state.db.begin(&ctx).await?;
        if video {
            lesson_media::attach_video(&mut tx, me, course, lesson, &mut received).await?;
        } else {
            lesson_media::attach_resource(&mut tx, me, course, lesson, &mut received, &title)
                .await?;
        }
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    match attached {
        Ok(()) => {
            tracing::info!(asset.id = %received.asset, bytes = received.done.byte_size, "upload attached to a lesson");
            answer(&headers, &back, Outcome::Done)
        }
        Err(e) => {
            receive::abandon(&state, ctx.tenant.id, received.asset).await;
            failed(e)
        }
    }
}

/// `POST …/lessons/{lesson}/video`.
pub async fn video(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((course, lesson)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    upload(
        state,
        ctx,
        course,
        lesson,
        headers,
        multipart,
        Purpose::LessonVideo,
    )
    .await
}

/// `POST …/lessons/{lesson}/resources`.
pub async fn resource(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((course, lesson)): Path<(String, String)>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    upload(
        state,
        ctx,
        course,
        lesson,
        headers,
        multipart,
        Purpose::Resource,
    )
    .await
}

/// The routes, for the server's upload router.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route(
            "/instructor/courses/{course}/lessons/{lesson}/video",
            post(video),
        )
        .route(
            "/instructor/courses/{course}/lessons/{lesson}/resources",
            post(resource),
        )
}
