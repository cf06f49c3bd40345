//! A course's cover image: `POST /instructor/courses/{course}/cover` (a
//! multipart form with `file`; streamed, typed and limited by the media
//! context, resized into its card and page sizes) and its removal. The
//! course holds the asset's id (`course.cover_asset_id`); a replaced or
//! removed cover is released to the sweep. Covers are public (the catalog
//! shows them to everyone). Changing one clears the catalog's cached pages
//! (`Change::Catalog`).

use super::courses::{self, Access, Actor};
use crate::db::{Change, TenantTx};
use crate::error::AppError;
use crate::media::assets;
use crate::media::form::{self, answer, Outcome};
use crate::media::receive::Received;
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use http::HeaderMap;
use lyceum::media::upload::Purpose;
use lyceum::{AssetId, CourseId, Permission};

/// Makes `received` the course's cover (the old one is released).
/// Errors: 404, 403 as the course.
pub async fn attach(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    received: &mut Received,
) -> Result<(), AppError> {
    courses::owned(tx, actor, course.uuid(), Access::Write).await?;
    let old: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select cover_asset_id from course where course_id = $1",
        course.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    received.done.public = true;
    if !assets::finish(tx, received.asset, &received.done).await? {
        return Err(AppError::invalid(
            "file",
            "The upload took too long and was discarded. Please try again.",
        ));
    }
    sqlx::query!(
        "update course set cover_asset_id = $1, updated_at = now() where course_id = $2",
        received.asset.uuid(),
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, AssetId::from(old)).await?;
    }
    tx.changed(Change::Catalog);
    Ok(())
}

/// Removes a course's cover (the placeholder shows again). Errors: 404, 403.
pub async fn remove(tx: &mut TenantTx, actor: Actor, course: CourseId) -> Result<(), AppError> {
    courses::owned(tx, actor, course.uuid(), Access::Write).await?;
    let old: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select cover_asset_id from course where course_id = $1",
        course.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "update course set cover_asset_id = null, updated_at = now() where course_id = $1",
        course.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, AssetId::from(old)).await?;
    }
    tx.changed(Change::Catalog);
    Ok(())
}

/// `POST /instructor/courses/{course}/cover`.
pub async fn upload(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path(course): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    // Built from the parsed id: the raw path segment could hold characters
    // a Location header cannot carry.
    let Ok(course) = course.parse::<CourseId>() else {
        return answer(&headers, "/instructor", Outcome::Failed(AppError::NotFound));
    };
    let back = format!("/instructor/courses/{course}");
    let failed = |e: AppError| answer(&headers, &back, Outcome::Failed(e));
    let me = match ctx.require(Permission::CourseUpdateOwn) {
        Ok(user) => user.actor(),
        Err(e) => return failed(e),
    };
    // Who may change it, before a byte is read.
    let checked = async {
        let mut tx = state.db.begin(&ctx).await?;
        courses::owned(&mut tx, me, course.uuid(), Access::Read).await?;
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
        Purpose::Cover,
        limit,
        body,
        async |tx, received, _title| attach(tx, me, course, received).await,
    )
    .await
}

/// The route, for the server's upload router.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/instructor/courses/{course}/cover",
        axum::routing::post(upload),
    )
}
