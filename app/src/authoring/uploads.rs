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
use crate::media::form::{self, answer, Outcome};
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use http::HeaderMap;
use lyceum::media::upload::Purpose;
use lyceum::{CourseId, LessonId, Permission};

async fn upload(
    state: AppState,
    ctx: RequestCtx,
    course: String,
    lesson: String,
    headers: HeaderMap,
    body: axum::body::Body,
    purpose: Purpose,
) -> Response {
    // Built from the parsed ids: the raw path segments could hold
    // characters a Location header cannot carry.
    let (course, lesson) = match (course.parse::<CourseId>(), lesson.parse::<LessonId>()) {
        (Ok(c), Ok(l)) => (c, l),
        _ => return answer(&headers, "/instructor", Outcome::Failed(AppError::NotFound)),
    };
    let back = format!("/instructor/courses/{course}/lessons/{lesson}");
    let failed = |e: AppError| answer(&headers, &back, Outcome::Failed(e));
    let me = match ctx.require(Permission::CourseUpdateOwn) {
        Ok(user) => user.actor(),
        Err(e) => return failed(e),
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
    form::store_and_attach(
        &state,
        &ctx,
        &headers,
        &back,
        purpose,
        limit,
        body,
        async |tx, received, title| {
            if video {
                lesson_media::attach_video(tx, me, course, lesson, received).await
            } else {
                lesson_media::attach_resource(tx, me, course, lesson, received, title)
                    .await
                    .map(|_| ())
            }
        },
    )
    .await
}

/// `POST …/lessons/{lesson}/video`.
pub async fn video(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((course, lesson)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    upload(
        state,
        ctx,
        course,
        lesson,
        headers,
        body,
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
    body: axum::body::Body,
) -> Response {
    upload(state, ctx, course, lesson, headers, body, Purpose::Resource).await
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
