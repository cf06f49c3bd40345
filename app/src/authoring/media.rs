//! A lesson's media in SQL: its video (`lesson.video_asset_id`) and its
//! attached files (`resource`). The bytes and `media_asset` rows are the
//! media context's; authoring holds the ids, says when an asset becomes
//! public (a free-preview lesson's media) and releases what it stops using
//! (a replaced video, a removed file, a deleted lesson or module).

use super::records::{LessonMedia, MediaFile, ResourceRow};
use crate::catalog::courses::{self, Actor};
use crate::db::TenantTx;
use crate::error::AppError;
use crate::media::assets::{self, Asset};
use crate::media::receive::Received;
use crate::media::store::MediaStore;
use lyceum::authoring::lesson::LessonKind;
use lyceum::media::upload::human_bytes;
use lyceum::{AssetId, CourseId, LessonId, ModuleId, ResourceId};

/// The most files one lesson may carry (`resource.position` < 20).
pub const RESOURCES_MAX: usize = 20;

/// "3:05", "1:02:09".
pub fn duration_text(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// An asset as the editor and the player list it, with the URL that
/// opens it for this viewer (`MediaStore::original_url`).
pub fn media_file(media: &MediaStore, tenant: lyceum::TenantId, asset: &Asset) -> MediaFile {
    let url = media.original_url(tenant, asset);
    let download_url = format!(
        "{url}{}download=1",
        if url.contains('?') { "&" } else { "?" }
    );
    MediaFile {
        url,
        download_url,
        file_name: asset.file_name.clone(),
        content_type: asset.content_type.clone(),
        size: human_bytes(asset.byte_size),
        duration: asset.duration_ms.map(duration_text),
        duration_ms: asset.duration_ms,
    }
}

/// A lesson's video and files, with URLs for whoever the caller has
/// already let see the lesson.
pub async fn lesson_media(
    tx: &mut TenantTx,
    media: &MediaStore,
    lesson: LessonId,
) -> Result<LessonMedia, AppError> {
    let video: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select video_asset_id from lesson where lesson_id = $1",
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    let rows = sqlx::query!(
        "select resource_id, asset_id, title from resource where lesson_id = $1 order by position",
        lesson.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut ids: Vec<AssetId> = rows.iter().map(|r| r.asset_id.into()).collect();
    ids.extend(video.map(AssetId::from));
    let found = assets::find_many(tx, &ids).await?;
    let tenant = tx.tenant();
    let file = |id: uuid::Uuid| {
        found
            .iter()
            .find(|a| a.id.uuid() == id)
            .map(|a| media_file(media, tenant, a))
    };
    Ok(LessonMedia {
        video: video.and_then(file),
        resources: rows
            .iter()
            .filter_map(|r| {
                Some(ResourceRow {
                    id: r.resource_id.into(),
                    title: r.title.clone(),
                    file: file(r.asset_id)?,
                })
            })
            .collect(),
        // The editor says it (`lessons::for_edit`); players need not ask.
        upload_limit: String::new(),
    })
}

/// The lesson of a course the actor may edit, locked: its kind and
/// whether it is a free preview. Errors: 404, 403.
async fn locked_lesson(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
) -> Result<(LessonKind, bool, Option<AssetId>), AppError> {
    courses::hold_for_editing(tx, actor, course).await?;
    let row = sqlx::query!(
        "select kind, free_preview, video_asset_id from lesson
          where lesson_id = $1 and course_id = $2 for update",
        lesson.uuid(),
        course.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((
        LessonKind::parse(&row.kind).unwrap_or(LessonKind::Text),
        row.free_preview,
        row.video_asset_id.map(AssetId::from),
    ))
}

/// Checks, before any byte is read, that the actor may upload to this
/// lesson: a video only to a video lesson, files to any lesson with room.
/// Errors: 404, 403, or a field error (`file`).
pub async fn may_upload(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    video: bool,
) -> Result<(), AppError> {
    let (kind, _, _) = locked_lesson(tx, actor, course, lesson).await?;
    if video && kind != LessonKind::Video {
        return Err(AppError::invalid(
            "file",
            "Only a video lesson has a video.",
        ));
    }
    if !video && resource_count(tx, lesson).await? >= RESOURCES_MAX {
        return Err(AppError::invalid(
            "file",
            format!("A lesson can have at most {RESOURCES_MAX} files. Remove one first."),
        ));
    }
    Ok(())
}

async fn resource_count(tx: &mut TenantTx, lesson: LessonId) -> Result<usize, sqlx::Error> {
    let n = sqlx::query_scalar!(
        r#"select count(*) as "n!" from resource where lesson_id = $1"#,
        lesson.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Makes a received upload the lesson's video (the old one is released).
/// Errors as [`may_upload`]; on error the caller abandons the upload.
pub async fn attach_video(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    received: &mut Received,
) -> Result<(), AppError> {
    let (kind, free_preview, old) = locked_lesson(tx, actor, course, lesson).await?;
    if kind != LessonKind::Video {
        return Err(AppError::invalid(
            "file",
            "Only a video lesson has a video.",
        ));
    }
    received.done.public = free_preview;
    if !assets::finish(tx, received.asset, &received.done).await? {
        return Err(AppError::invalid(
            "file",
            "The upload took too long and was discarded. Please try again.",
        ));
    }
    sqlx::query!(
        "update lesson set video_asset_id = $1, updated_at = now() where lesson_id = $2",
        received.asset.uuid(),
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, old).await?;
    }
    Ok(())
}

/// Removes a lesson's video. Errors: 404, 403.
pub async fn remove_video(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
) -> Result<(), AppError> {
    let (_, _, old) = locked_lesson(tx, actor, course, lesson).await?;
    sqlx::query!(
        "update lesson set video_asset_id = null, updated_at = now() where lesson_id = $1",
        lesson.uuid()
    )
    .execute(&mut **tx)
    .await?;
    if let Some(old) = old {
        assets::release(tx, old).await?;
    }
    Ok(())
}

/// Attaches a received upload to a lesson as a file titled `title` (the
/// file's name when empty). Errors: field errors (`title`, `file`), 404, 403.
pub async fn attach_resource(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    received: &mut Received,
    title: &str,
) -> Result<ResourceId, AppError> {
    let title = if title.trim().is_empty() {
        received.file_name.chars().take(120).collect()
    } else {
        lyceum::text::visible_text(title, 120)
            .map_err(|e| AppError::invalid("title", format!("Title {e}.")))?
    };
    let (_, free_preview, _) = locked_lesson(tx, actor, course, lesson).await?;
    let count = resource_count(tx, lesson).await?;
    if count >= RESOURCES_MAX {
        return Err(AppError::invalid(
            "file",
            format!("A lesson can have at most {RESOURCES_MAX} files. Remove one first."),
        ));
    }
    received.done.public = free_preview;
    if !assets::finish(tx, received.asset, &received.done).await? {
        return Err(AppError::invalid(
            "file",
            "The upload took too long and was discarded. Please try again.",
        ));
    }
    let id = sqlx::query_scalar!(
        "insert into resource (tenant_id, lesson_id, asset_id, title, position)
         values (current_tenant_id(), $1, $2, $3, $4) returning resource_id",
        lesson.uuid(),
        received.asset.uuid(),
        title,
        count as i32
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(id.into())
}

/// Removes a file from a lesson (the others close up). Errors: 404, 403.
pub async fn remove_resource(
    tx: &mut TenantTx,
    actor: Actor,
    course: CourseId,
    lesson: LessonId,
    resource: ResourceId,
) -> Result<(), AppError> {
    locked_lesson(tx, actor, course, lesson).await?;
    let removed = sqlx::query!(
        "delete from resource where resource_id = $1 and lesson_id = $2 returning asset_id, position",
        resource.uuid(),
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    sqlx::query!(
        "update resource set position = position - 1 where lesson_id = $1 and position > $2",
        lesson.uuid(),
        removed.position
    )
    .execute(&mut **tx)
    .await?;
    assets::release(tx, removed.asset_id.into()).await?;
    Ok(())
}

/// A lesson's media becomes public when it is a free preview, and private
/// again when it stops being one (called when the flag is saved).
pub async fn follow_preview(
    tx: &mut TenantTx,
    lesson: LessonId,
    free_preview: bool,
) -> Result<(), sqlx::Error> {
    let ids = owned_assets(tx, Scope::Lesson(lesson)).await?;
    assets::set_public(tx, &ids, free_preview).await
}

/// What a deletion takes with it.
pub enum Scope {
    Lesson(LessonId),
    Module(ModuleId),
}

/// The assets a lesson or a module's lessons hold (their videos and files).
pub async fn owned_assets(tx: &mut TenantTx, scope: Scope) -> Result<Vec<AssetId>, sqlx::Error> {
    let (lesson, module) = match scope {
        Scope::Lesson(l) => (Some(l.uuid()), None),
        Scope::Module(m) => (None, Some(m.uuid())),
    };
    // The lessons are locked first: an upload being attached to one of
    // them (it locks the lesson too) either commits before, and its asset
    // is listed here, or waits and then finds the lesson gone.
    sqlx::query!(
        "select lesson_id from lesson where lesson_id = $1 or module_id = $2 for update",
        lesson,
        module
    )
    .fetch_all(&mut **tx)
    .await?;
    let ids: Vec<Option<uuid::Uuid>> = sqlx::query_scalar!(
        "select l.video_asset_id from lesson l
          where (l.lesson_id = $1 or l.module_id = $2) and l.video_asset_id is not null
         union all
         select r.asset_id from resource r join lesson l on l.lesson_id = r.lesson_id
          where l.lesson_id = $1 or l.module_id = $2",
        lesson,
        module
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids.into_iter().flatten().map(AssetId::from).collect())
}

/// Releases assets whose holders were just deleted.
pub async fn release_all(tx: &mut TenantTx, ids: &[AssetId]) -> Result<(), sqlx::Error> {
    for id in ids {
        assets::release(tx, *id).await?;
    }
    Ok(())
}

/// A video lesson's length in milliseconds: `Some(None)` when its file does
/// not say, `None` when the lesson has no video.
pub async fn video_duration(
    tx: &mut TenantTx,
    lesson: LessonId,
) -> Result<Option<Option<u64>>, sqlx::Error> {
    let video: Option<uuid::Uuid> = sqlx::query_scalar!(
        "select video_asset_id from lesson where lesson_id = $1",
        lesson.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    let Some(video) = video else {
        return Ok(None);
    };
    Ok(Some(
        assets::find(tx, AssetId::from(video))
            .await?
            .and_then(|a| a.duration_ms),
    ))
}
