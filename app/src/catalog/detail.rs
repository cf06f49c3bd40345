//! One course in full, as the REST API answers it (`GET /courses/{id}` and
//! every write), read as a typed row; and the writes that also move a
//! course through its statuses in one transaction. The JSON shape is the
//! server's (`server/src/api/catalog.rs`); this is the catalog's data.

use super::categories;
use super::courses::{self, Actor};
use super::price::price_tag;
use super::records::{CourseDraft, PriceTag};
use crate::db::TenantTx;
use crate::error::AppError;
use crate::identity::tenants::{self, Hold};
use crate::markdown;
use lyceum::calendar::date_of;
use lyceum::catalog::category::Category;
use lyceum::catalog::course::{CourseStatus, StatusAction};
use lyceum::Permission;
use uuid::Uuid;

/// A course as stored, with what is derived from it (price now, the
/// description rendered, category names).
#[derive(Debug, Clone)]
pub struct FullCourse {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub instructor_id: Uuid,
    pub instructor_name: String,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    /// Markdown, as written.
    pub description: String,
    /// Rendered and sanitized, as the course page shows it.
    pub description_html: String,
    pub categories: Vec<Category>,
    pub tags: Vec<String>,
    pub currency: String,
    /// Minor units.
    pub list_price: i64,
    /// Minor units: what it costs now.
    pub effective_price: i64,
    /// A running sale: its price (minor units) and last day (`YYYY-MM-DD`).
    pub sale: Option<(i64, String)>,
    pub price: PriceTag,
    pub duration_minutes: i32,
    pub skill_level: String,
    pub language: String,
    pub prerequisites: Vec<String>,
    pub cover_image_url: Option<String>,
    pub status: CourseStatus,
    /// Average and count, once the course has reviews.
    pub rating: Option<(f32, i32)>,
    pub enrollment_count: i32,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
}

/// A course row as the catalog reads it for one course (the course page,
/// the REST API), typed by `query_as!`, with its instructor's name.
pub(crate) struct CourseRow {
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
    pub cover_image_url: Option<String>,
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
                  c.duration_minutes, c.skill_level, c.language, c.prerequisites, c.cover_image_url, c.status,
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

/// Unix seconds as the API writes times: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
fn iso(secs: i64) -> String {
    lyceum::calendar::iso_datetime(secs)
}

/// A course by id: published courses for anyone; drafts and archived
/// courses only for their instructor and the tenant's admins (404
/// otherwise, as for an id of another tenant).
pub async fn course_detail(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    course_id: Uuid,
) -> Result<FullCourse, AppError> {
    let r = course_row(tx, CourseKey::Id(course_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let status = CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Draft);
    if !status.is_listed() && !viewer.is_some_and(|v| v.may_edit(r.instructor_id)) {
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
    Ok(FullCourse {
        id: r.course_id,
        tenant_id: r.tenant_id,
        instructor_id: r.instructor_id,
        instructor_name: r.instructor_name,
        slug: r.slug,
        title: r.title,
        subtitle: r.subtitle,
        description_html: markdown::to_safe_html(&r.description, super::DESCRIPTION_HEADINGS),
        description: r.description,
        categories,
        tags: r.tags,
        currency: r.currency,
        list_price: r.list_price_minor,
        effective_price: r.effective,
        sale: running_sale.map(|(amount, ends)| (amount, date_of(ends))),
        price,
        duration_minutes: r.duration_minutes,
        skill_level: r.skill_level,
        language: r.language,
        prerequisites: r.prerequisites,
        cover_image_url: r.cover_image_url,
        status,
        rating: r
            .rating_average
            .filter(|_| r.rating_count > 0)
            .map(|average| (average, r.rating_count)),
        enrollment_count: r.enrollment_count,
        created_at: iso(r.created),
        updated_at: iso(r.updated),
        published_at: r.published.map(iso),
    })
}

/// Moves a course to `wanted` through the status rules (nothing when it is there).
async fn reach_status(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: Uuid,
    wanted: CourseStatus,
) -> Result<(), AppError> {
    let now = courses::owned(tx, actor, course_id).await?.status;
    let action = match (now, wanted) {
        (a, b) if a == b => return Ok(()),
        (_, CourseStatus::Published) => StatusAction::Publish,
        (_, CourseStatus::Archived) => StatusAction::Archive,
        (_, CourseStatus::Draft) => StatusAction::Unpublish,
    };
    courses::change_status(tx, actor, course_id, action).await?;
    Ok(())
}

/// The portal's currency for a write whose draft is built from it (the
/// API's body names no currency): read under the lock a course write
/// holds, so the order of locks is the one a currency change takes.
pub async fn currency_for_write(tx: &mut TenantTx) -> Result<String, sqlx::Error> {
    tenants::currency(tx, Hold::UntilCommit).await
}

/// Creates a course and applies `status`, if given, in one transaction:
/// if publishing fails, nothing is stored.
pub async fn create(
    tx: &mut TenantTx,
    actor: Actor,
    draft: &CourseDraft,
    status: Option<CourseStatus>,
) -> Result<Uuid, AppError> {
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
    course_id: Uuid,
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
pub async fn archive(tx: &mut TenantTx, actor: Actor, course_id: Uuid) -> Result<(), AppError> {
    reach_status(tx, actor, course_id, CourseStatus::Archived).await
}
