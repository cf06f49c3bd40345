//! One course in full, as the REST API answers it (`GET /courses/{id}` and
//! every write), read as a typed row; and the writes that also move a
//! course through its statuses in one transaction. The JSON shape is the
//! server's (`server/src/api/catalog.rs`); this is the catalog's data.

use super::categories;
use super::courses::{self, Actor};
use super::price::price_tag;
use super::records::{CourseDraft, PriceTag, Rating};
use crate::db::TenantTx;
use crate::error::AppError;
use crate::markdown;
use lyceum::calendar::date_of;
use lyceum::catalog::category::Category;
use lyceum::catalog::course::{CourseStatus, StatusAction};
use lyceum::{CourseId, Permission};
use uuid::Uuid;

/// A course as stored, with what is derived from it: category names, the
/// price now, the description rendered, the rating as shown.
#[derive(Debug, Clone)]
pub struct FullCourse {
    pub row: CourseRow,
    pub status: CourseStatus,
    pub categories: Vec<Category>,
    pub price: PriceTag,
    /// A running sale: its price (minor units) and last day (`YYYY-MM-DD`).
    pub sale: Option<(i64, String)>,
    /// Rendered and sanitized, as the course page shows it.
    pub description_html: String,
    pub rating: Option<Rating>,
    /// The uploaded cover, if any.
    pub cover: Option<crate::media::urls::CoverImage>,
}

/// A course row as the catalog reads it for one course (the course page,
/// the editor, the REST API), typed by `query_as!`, with its instructor's
/// name. Times are Unix seconds.
#[derive(Debug, Clone)]
pub struct CourseRow {
    pub course_id: Uuid,
    pub tenant_id: Uuid,
    pub instructor_id: Uuid,
    pub instructor_name: String,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub tags: Vec<String>,
    pub pricing_model: String,
    pub currency: String,
    pub list_price_minor: i64,
    pub sale_price_minor: Option<i64>,
    /// Unix seconds.
    pub sale_ends: Option<i64>,
    /// What it costs now, minor units (`effective_price_minor`).
    pub effective: i64,
    pub duration_minutes: i32,
    pub skill_level: String,
    pub language: String,
    pub prerequisites: Vec<String>,
    pub cover_asset_id: Option<Uuid>,
    pub status: String,
    pub rating_average: Option<f32>,
    pub rating_count: i32,
    pub enrollment_count: i32,
    /// Unix seconds.
    pub created: i64,
    pub updated: i64,
    pub published: Option<i64>,
    pub categories: Vec<Uuid>,
}

/// What names the course to read.
pub(crate) enum CourseKey<'a> {
    Id(Uuid),
    Slug(&'a str),
}

/// The course `key` names, as stored (no visibility check: the callers
/// decide who may see it).
pub(crate) async fn course_row(
    tx: &mut TenantTx,
    key: CourseKey<'_>,
) -> Result<Option<CourseRow>, sqlx::Error> {
    let (id, slug) = match key {
        CourseKey::Id(id) => (Some(id), None),
        CourseKey::Slug(slug) => (None, Some(slug)),
    };
    sqlx::query_as!(
        CourseRow,
        r#"select c.course_id, c.tenant_id, c.instructor_id, u.display_name as "instructor_name!",
                  c.slug, c.title, c.subtitle, c.description, c.tags, c.pricing_model, c.currency,
                  c.list_price_minor, c.sale_price_minor,
                  extract(epoch from c.sale_ends_at)::bigint as sale_ends,
                  effective_price_minor(c.list_price_minor, c.sale_price_minor, c.sale_ends_at) as "effective!",
                  c.duration_minutes, c.skill_level, c.language, c.prerequisites, c.cover_asset_id, c.status,
                  c.rating_average::float4 as rating_average, c.rating_count, c.enrollment_count,
                  extract(epoch from c.created_at)::bigint as "created!",
                  extract(epoch from c.updated_at)::bigint as "updated!",
                  extract(epoch from c.published_at)::bigint as published,
                  c.category_ids as categories
             from course c join person_name u on u.user_id = c.instructor_id
            where c.course_id = $1 or c.slug = $2"#,
        id,
        slug
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A course by id: published courses for anyone; drafts and archived
/// courses only for their instructor and the tenant's admins (404
/// otherwise, as for an id of another tenant).
pub async fn course_detail(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    course_id: CourseId,
) -> Result<FullCourse, AppError> {
    let course_id = course_id.uuid();
    let r = course_row(tx, CourseKey::Id(course_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let status = CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Draft);
    if !status.is_listed() && !viewer.is_some_and(|v| v.may_edit(r.instructor_id.into())) {
        return Err(AppError::NotFound);
    }
    let tree = categories::load_tree(tx).await?;
    let categories = r
        .categories
        .iter()
        .filter_map(|id| tree.get(*id))
        .cloned()
        .collect();
    let running_sale = r
        .sale_price_minor
        .zip(r.sale_ends)
        .filter(|_| r.effective != r.list_price_minor);
    let price = price_tag(
        r.pricing_model.clone(),
        r.currency.clone(),
        r.list_price_minor,
        r.sale_price_minor,
        r.effective,
        running_sale.map(|(_, ends)| ends),
    );
    let cover = cover_of(tx, r.cover_asset_id).await?;
    Ok(FullCourse {
        cover,
        status,
        categories,
        price,
        sale: running_sale.map(|(amount, ends)| (amount, date_of(ends))),
        description_html: markdown::to_safe_html(&r.description, super::DESCRIPTION_HEADINGS),
        rating: Rating::of(r.rating_average, r.rating_count),
        row: r,
    })
}

/// Moves a course to `wanted` through the status rules (nothing when it is there).
async fn reach_status(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
    wanted: CourseStatus,
) -> Result<(), AppError> {
    let now = courses::owned(tx, actor, course_id.uuid(), courses::Access::Write)
        .await?
        .status;
    let action = match (now, wanted) {
        (a, b) if a == b => return Ok(()),
        (_, CourseStatus::Published) => StatusAction::Publish,
        (_, CourseStatus::Archived) => StatusAction::Archive,
        (_, CourseStatus::Draft) => StatusAction::Unpublish,
    };
    courses::change_status(tx, actor, course_id, action).await?;
    Ok(())
}

/// Creates a course and applies `status`, if given, in one transaction:
/// if publishing fails, nothing is stored.
pub async fn create(
    tx: &mut TenantTx,
    actor: Actor,
    draft: &CourseDraft,
    status: Option<CourseStatus>,
) -> Result<CourseId, AppError> {
    if !actor.persona.can(Permission::CourseCreate) {
        return Err(AppError::Forbidden);
    }
    let (id, _) = courses::create(tx, actor, draft).await?;
    if let Some(status) = status {
        reach_status(tx, actor, id, status).await?;
    }
    Ok(id)
}

/// Replaces every field of a course, then applies `status` if given.
/// Leaving `published` goes first, so a course can be unpublished and
/// emptied in one request; reaching it goes last, so the readiness check
/// sees the new fields.
pub async fn replace(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
    draft: &CourseDraft,
    status: Option<CourseStatus>,
) -> Result<(), AppError> {
    if let Some(status) = status.filter(|s| *s != CourseStatus::Published) {
        reach_status(tx, actor, course_id, status).await?;
    }
    courses::update(tx, actor, course_id, draft).await?;
    if status == Some(CourseStatus::Published) {
        reach_status(tx, actor, course_id, CourseStatus::Published).await?;
    }
    Ok(())
}

/// Archives (nothing is lost). Archiving an archived course is a no-op.
pub async fn archive(tx: &mut TenantTx, actor: Actor, course_id: CourseId) -> Result<(), AppError> {
    reach_status(tx, actor, course_id, CourseStatus::Archived).await
}

/// A course's cover as pages show it (the media context's variants).
pub(crate) async fn cover_of(
    tx: &mut TenantTx,
    asset: Option<Uuid>,
) -> Result<Option<crate::media::urls::CoverImage>, sqlx::Error> {
    let Some(asset) = asset.map(lyceum::AssetId::from) else {
        return Ok(None);
    };
    Ok(crate::media::assets::covers(tx, &[asset])
        .await?
        .remove(&asset))
}
