//! What the learning context asks the catalog about a course: whether it
//! is open to learners, who teaches it, whether it is free, and its
//! enrollment count (kept on the course row for the catalog's "most
//! popular" sort and its cards). Learning never reads `course` itself.

use crate::db::TenantTx;
use lyceum::catalog::course::CourseStatus;
use lyceum::catalog::pricing::PricingModel;
use lyceum::{CourseId, UserId};

/// A course as a learner meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnableCourse {
    pub id: CourseId,
    pub slug: String,
    pub title: String,
    pub status: CourseStatus,
    pub instructor_id: UserId,
    /// The instructor's display name.
    pub instructor: String,
    pub pricing: PricingModel,
    cover_asset: Option<uuid::Uuid>,
}

impl LearnableCourse {
    /// Learners may enroll only in published courses.
    pub fn open_to_learners(&self) -> bool {
        self.status == CourseStatus::Published
    }
}

/// How a course is named.
#[derive(Debug, Clone, Copy)]
pub enum CourseRef<'a> {
    Id(CourseId),
    Slug(&'a str),
}

macro_rules! learnable {
    ($r:expr) => {
        LearnableCourse {
            id: $r.course_id.into(),
            slug: $r.slug,
            title: $r.title,
            status: CourseStatus::parse(&$r.status).unwrap_or(CourseStatus::Draft),
            instructor_id: $r.instructor_id.into(),
            instructor: $r.instructor,
            pricing: PricingModel::parse(&$r.pricing_model).unwrap_or(PricingModel::OneTime),
            cover_asset: $r.cover_asset_id,
        }
    };
}

/// One course by id or current slug, whatever its status (the caller
/// applies the rules: learners enroll in published courses only, keep
/// what they were enrolled in after it is archived). `None`: no such
/// course in this tenant. One query: every page of the player asks.
pub async fn course(
    tx: &mut TenantTx,
    key: CourseRef<'_>,
) -> Result<Option<LearnableCourse>, sqlx::Error> {
    let (id, slug) = match key {
        CourseRef::Id(id) => (Some(id.uuid()), None),
        CourseRef::Slug(slug) => (None, Some(slug)),
    };
    let row = sqlx::query!(
        r#"select c.course_id as "course_id!", c.slug as "slug!", c.title as "title!",
                  c.status as "status!", c.instructor_id as "instructor_id!",
                  c.pricing_model as "pricing_model!", c.cover_asset_id,
                  coalesce(p.display_name, '') as "instructor!"
             from course c left join person_name p on p.user_id = c.instructor_id
            where c.course_id = $1 or c.slug = $2
            limit 1"#,
        id,
        slug
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| learnable!(r)))
}

/// Several courses by id, each with its cover (or placeholder) as HTML
/// (`media::urls::cover_html`, small), in no particular order; unknown
/// ids are left out.
pub async fn courses_with_covers(
    tx: &mut TenantTx,
    ids: &[CourseId],
) -> Result<Vec<(LearnableCourse, String)>, sqlx::Error> {
    let ids: Vec<uuid::Uuid> = ids.iter().map(|id| id.uuid()).collect();
    let rows = sqlx::query!(
        r#"select c.course_id as "course_id!", c.slug as "slug!", c.title as "title!",
                  c.status as "status!", c.instructor_id as "instructor_id!",
                  c.pricing_model as "pricing_model!", c.cover_asset_id,
                  coalesce(p.display_name, '') as "instructor!"
             from course c left join person_name p on p.user_id = c.instructor_id
            where c.course_id = any($1)"#,
        &ids
    )
    .fetch_all(&mut **tx)
    .await?;
    let courses: Vec<LearnableCourse> = rows.into_iter().map(|r| learnable!(r)).collect();
    let assets: Vec<lyceum::AssetId> = courses
        .iter()
        .filter_map(|c| c.cover_asset.map(lyceum::AssetId::from))
        .collect();
    let covers = crate::media::assets::covers(tx, &assets).await?;
    Ok(courses
        .into_iter()
        .map(|c| {
            let html = crate::media::urls::cover_html(
                c.cover_asset
                    .and_then(|a| covers.get(&lyceum::AssetId::from(a))),
                &c.title,
                "12rem",
                (640, 360),
                false,
            );
            (c, html)
        })
        .collect())
}

/// Published courses by enrollments (most first, then id), at most
/// `limit`: those sharing a category with `like` (each with the name of
/// one shared category), or, with `like` empty, any.
pub async fn popular(
    tx: &mut TenantTx,
    like: &[CourseId],
    limit: i64,
) -> Result<Vec<(CourseId, u32, Option<String>)>, sqlx::Error> {
    let like: Vec<uuid::Uuid> = like.iter().map(|id| id.uuid()).collect();
    let rows = sqlx::query!(
        r#"select c.course_id as "course_id!", c.enrollment_count as "enrollments!",
                  (select min(cat.name) from course_category cc
                     join category cat on cat.category_id = cc.category_id
                    where cc.course_id = c.course_id
                      and cc.category_id in (select category_id from course_category
                                              where course_id = any($1))) as category
             from course c
            where c.status = 'published'
              and (cardinality($1::uuid[]) = 0
                   or exists (select 1 from course_category cc
                               where cc.course_id = c.course_id
                                 and cc.category_id in (select category_id from course_category
                                                         where course_id = any($1))))
            order by c.enrollment_count desc, c.course_id
            limit $2"#,
        &like,
        limit.clamp(1, 100)
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.course_id.into(),
                u32::try_from(r.enrollments).unwrap_or(0),
                r.category,
            )
        })
        .collect())
}

/// Counts one more (or, with `-1`, one fewer) learner on the course's
/// card. The catalog caches are not cleared for it: a count a minute old
/// on a card is fine, and a busy portal enrolls more often than that.
pub async fn count_enrollment(
    tx: &mut TenantTx,
    course: CourseId,
    delta: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update course set enrollment_count = greatest(enrollment_count + $2, 0) where course_id = $1",
        course.uuid(),
        delta
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
