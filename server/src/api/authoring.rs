//! Authoring's REST endpoints under `/api/v1/courses/{id}/…`: the
//! curriculum, its modules and lessons, and reordering against a version.
//! Handlers open the caller's tenant transaction and call authoring's
//! service functions; no SQL here.
//!
//! A change of order names the version it was made against (`version` in
//! the body of a reorder, `?version=` on a delete). When another change
//! came first the answer is `409 stale_version` with the current
//! curriculum in `curriculum`, and nothing is changed.

pub mod json;

use super::auth::Caller;
use super::body::JsonBody;
use super::error::ApiError;
use super::uploads::{self, UploadQuery};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{HeaderMap, StatusCode, Uri};
use json::{ApiCurriculum, ApiLessonDetail, LessonPatch, ModuleBody, NewLessonBody, OrderBody};
use lyceum::authoring::curriculum::{ModuleOrder, Outline};
use lyceum::media::upload::Purpose;
use lyceum::{Actor, CourseId, FieldErrors, LessonId, ModuleId};
use lyceum_app::authoring::curriculum::{self, Edit};
use lyceum_app::authoring::lessons;
use lyceum_app::authoring::records::CurriculumChange;
use lyceum_app::media::form::store_body_and_attach;
use lyceum_app::state::AppState;
use serde::Serialize;

/// Field errors under their JSON names (`estimated_minutes` →
/// `estimatedMinutes`).
fn json_fields(err: lyceum_app::error::AppError) -> lyceum_app::error::AppError {
    match err {
        lyceum_app::error::AppError::Invalid(errors) => {
            let mut out = FieldErrors::new();
            for (field, message) in errors.iter() {
                let name = match field {
                    "estimated_minutes" => "estimatedMinutes",
                    "free_preview" => "freePreview",
                    other => other,
                };
                out.add(name, message);
            }
            lyceum_app::error::AppError::Invalid(out)
        }
        other => other,
    }
}

/// A malformed id names nothing: the same answer as an unknown one.
fn id<T: std::str::FromStr>(raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::not_found())
}

fn editor(caller: &Caller) -> Result<Actor, ApiError> {
    let me = caller.signed_in()?;
    if !me.persona.can(lyceum::Permission::CourseUpdateOwn) {
        return Err(lyceum_app::error::AppError::Forbidden.into());
    }
    Ok(me)
}

#[derive(Serialize)]
struct Stale<'a> {
    error: StaleError<'a>,
    curriculum: ApiCurriculum,
}

#[derive(Serialize)]
struct StaleError<'a> {
    code: &'a str,
    message: &'a str,
}

/// 200 (or `created`) with the curriculum, or 409 with the current one.
fn answer(change: CurriculumChange, created: bool) -> Response {
    let curriculum = json::curriculum(change.curriculum);
    if !change.applied {
        return (
            StatusCode::CONFLICT,
            Json(Stale {
                error: StaleError {
                    code: "stale_version",
                    message: "The curriculum changed since this version; nothing was changed. `curriculum` is the current one.",
                },
                curriculum,
            }),
        )
            .into_response();
    }
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(curriculum)).into_response()
}

async fn apply(
    state: &AppState,
    caller: &Caller,
    course: &str,
    version: i64,
    edit: Edit,
    created: bool,
) -> Result<Response, ApiError> {
    let me = editor(caller)?;
    let course: CourseId = id(course)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let change = curriculum::change(&mut tx, me, course, version, edit).await?;
    tx.commit().await?;
    if change.applied {
        tracing::info!(course.id = %course, "curriculum changed (api)");
    }
    Ok(answer(change, created))
}

/// `GET /courses/{id}/curriculum`.
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(course): Path<String>,
) -> Result<Json<ApiCurriculum>, ApiError> {
    let me = editor(&caller)?;
    let course: CourseId = id(&course)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    let view = curriculum::view(&mut tx, me, course).await?;
    tx.commit().await?;
    Ok(Json(json::curriculum(view)))
}

/// `POST /courses/{id}/modules` `{"title"}`: 201 with the curriculum.
pub async fn add_module(
    State(state): State<AppState>,
    caller: Caller,
    Path(course): Path<String>,
    JsonBody(body): JsonBody<ModuleBody>,
) -> Result<Response, ApiError> {
    apply(
        &state,
        &caller,
        &course,
        0,
        Edit::AddModule { title: body.title },
        true,
    )
    .await
}

/// `PATCH /courses/{id}/modules/{module}` `{"title"}`.
pub async fn rename_module(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, module)): Path<(String, String)>,
    JsonBody(body): JsonBody<ModuleBody>,
) -> Result<Response, ApiError> {
    let module: ModuleId = id(&module)?;
    let edit = Edit::RenameModule {
        module,
        title: body.title,
    };
    apply(&state, &caller, &course, 0, edit, false).await
}

/// `?version=N`, the only parameter a delete takes (a JSON 400 otherwise).
fn version(uri: &Uri) -> Result<i64, ApiError> {
    let pairs = lyceum::url::decode_pairs(uri.query().unwrap_or(""));
    let mut errors = FieldErrors::new();
    let mut version = None;
    for (name, value) in &pairs {
        if name == "version" {
            version = value.trim().parse::<i64>().ok();
        } else {
            errors.add(name, "is not a parameter of this endpoint (use version)");
        }
    }
    if version.is_none() {
        errors.add(
            "version",
            "is required: the curriculum version this change was made against",
        );
    }
    match version {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(
            ApiError::bad_request("invalid_query", "Some query parameters are invalid.")
                .with_fields(&errors),
        ),
    }
}

/// `DELETE /courses/{id}/modules/{module}?version=N`: the module and its lessons.
pub async fn delete_module(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, module)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let version = version(&uri)?;
    let module: ModuleId = id(&module)?;
    apply(
        &state,
        &caller,
        &course,
        version,
        Edit::DeleteModule { module },
        false,
    )
    .await
}

/// `POST /courses/{id}/modules/{module}/lessons` `{"title", "kind"}`: 201.
pub async fn add_lesson(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, module)): Path<(String, String)>,
    JsonBody(body): JsonBody<NewLessonBody>,
) -> Result<Response, ApiError> {
    let module: ModuleId = id(&module)?;
    let Some(kind) = json::kind(&body.kind) else {
        let mut errors = FieldErrors::new();
        errors.add("kind", "must be text, video, file or quiz");
        return Err(lyceum_app::error::AppError::Invalid(errors).into());
    };
    let edit = Edit::AddLesson {
        module,
        title: body.title,
        kind,
    };
    apply(&state, &caller, &course, 0, edit, true).await
}

/// `GET /courses/{id}/lessons/{lesson}`.
pub async fn show_lesson(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, lesson)): Path<(String, String)>,
) -> Result<Json<ApiLessonDetail>, ApiError> {
    let me = editor(&caller)?;
    let (course, lesson): (CourseId, LessonId) = (id(&course)?, id(&lesson)?);
    let mut tx = state.db.begin(&caller.ctx).await?;
    let editor = lessons::for_edit(&mut tx, &state.media, me, course, lesson).await?;
    tx.commit().await?;
    Ok(Json(json::lesson(editor)))
}

/// `PATCH /courses/{id}/lessons/{lesson}`: `title`, `estimatedMinutes`,
/// `freePreview`, `body` (any of them).
pub async fn update_lesson(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, lesson)): Path<(String, String)>,
    JsonBody(patch): JsonBody<LessonPatch>,
) -> Result<Json<ApiLessonDetail>, ApiError> {
    let me = editor(&caller)?;
    let (course, lesson): (CourseId, LessonId) = (id(&course)?, id(&lesson)?);
    let mut tx = state.db.begin(&caller.ctx).await?;
    let current = lessons::for_edit(&mut tx, &state.media, me, course, lesson).await?;
    let draft = patch.apply(current.draft);
    lessons::save(&mut tx, me, course, lesson, &draft)
        .await
        .map_err(json_fields)?;
    let saved = lessons::for_edit(&mut tx, &state.media, me, course, lesson).await?;
    tx.commit().await?;
    Ok(Json(json::lesson(saved)))
}

/// `DELETE /courses/{id}/lessons/{lesson}?version=N`.
pub async fn delete_lesson(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, lesson)): Path<(String, String)>,
    uri: Uri,
) -> Result<Response, ApiError> {
    let version = version(&uri)?;
    let lesson: LessonId = id(&lesson)?;
    apply(
        &state,
        &caller,
        &course,
        version,
        Edit::DeleteLesson { lesson },
        false,
    )
    .await
}

/// `PUT /courses/{id}/curriculum/order` `{"version", "modules": [{"id", "lessons": […]}]}`:
/// every module and lesson of the course, each once, in the intended order.
pub async fn reorder(
    State(state): State<AppState>,
    caller: Caller,
    Path(course): Path<String>,
    JsonBody(body): JsonBody<OrderBody>,
) -> Result<Response, ApiError> {
    let outline = Outline {
        modules: body
            .modules
            .into_iter()
            .map(|m| ModuleOrder {
                id: m.id.into(),
                lessons: m.lessons.into_iter().map(Into::into).collect(),
            })
            .collect(),
    };
    apply(
        &state,
        &caller,
        &course,
        body.version,
        Edit::Reorder(outline),
        false,
    )
    .await
}

/// Rights, room and the portal's limit, checked before the body is read.
async fn may_upload(
    state: &AppState,
    caller: &Caller,
    course: CourseId,
    lesson: LessonId,
    video: bool,
) -> Result<u64, ApiError> {
    let me = editor(caller)?;
    let mut tx = state.db.begin(&caller.ctx).await?;
    lyceum_app::authoring::media::may_upload(&mut tx, me, course, lesson, video)
        .await
        .map_err(json_fields)?;
    let limit = lyceum_app::identity::tenants::upload_limit(&mut tx).await?;
    tx.commit().await?;
    Ok(limit)
}

/// Streams the body into storage as `purpose` and attaches it to the
/// lesson (its video, or one more file titled `title`).
#[allow(clippy::too_many_arguments)]
async fn upload_to_lesson(
    state: &AppState,
    caller: &Caller,
    course: &str,
    lesson: &str,
    query: UploadQuery,
    headers: &HeaderMap,
    body: Body,
    purpose: Purpose,
) -> Result<uploads::ApiAsset, ApiError> {
    let (course, lesson): (CourseId, LessonId) = (id(course)?, id(lesson)?);
    let video = purpose == Purpose::LessonVideo;
    let limit = may_upload(state, caller, course, lesson, video).await?;
    uploads::check_length(headers, limit)?;
    let me = editor(caller)?;
    let title = query.title;
    let received = store_body_and_attach(
        state,
        &caller.ctx,
        purpose,
        limit,
        &uploads::declared(headers),
        &query.file_name,
        uploads::stream(body),
        async |tx, received, _| {
            if video {
                lyceum_app::authoring::media::attach_video(tx, me, course, lesson, received).await
            } else {
                lyceum_app::authoring::media::attach_resource(
                    tx, me, course, lesson, received, &title,
                )
                .await
                .map(|_| ())
            }
        },
    )
    .await
    .map_err(uploads::not_stored)?;
    Ok(uploads::asset(&received))
}

/// `PUT /courses/{id}/lessons/{lesson}/video?fileName=intro.mp4`, the
/// body being the video (MP4 or WebM): 200 with the stored asset; the
/// lesson's previous video is released.
pub async fn upload_video(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, lesson)): Path<(String, String)>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let asset = upload_to_lesson(
        &state,
        &caller,
        &course,
        &lesson,
        query,
        &headers,
        body,
        Purpose::LessonVideo,
    )
    .await?;
    Ok((StatusCode::OK, Json(asset)).into_response())
}

/// `POST /courses/{id}/lessons/{lesson}/resources?fileName=notes.pdf&title=Notes`,
/// the body being the file (PDF, office document or image): 201 with the
/// stored asset, attached at the end of the lesson's files.
pub async fn upload_resource(
    State(state): State<AppState>,
    caller: Caller,
    Path((course, lesson)): Path<(String, String)>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let asset = upload_to_lesson(
        &state,
        &caller,
        &course,
        &lesson,
        query,
        &headers,
        body,
        Purpose::Resource,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(asset)).into_response())
}
