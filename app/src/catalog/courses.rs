//! Courses of one tenant: the catalog's write side and the reads behind
//! the course page, the editor and the Teaching list (categories: see
//! `categories.rs`). Every
//! function runs inside the tenant transaction and takes the acting user
//! explicitly, so the pages and the REST API share one set of rules.

use super::categories::{load_tree, lock_tree, TreeLock};
use super::detail::{course_row, CourseKey};
use super::price::price_tag;
use super::records::{
    CategoryLink, CourseDetail, CourseDraft, CourseHeader, CourseLookup, EditableCourse, Rating,
    TeachingRow,
};
use crate::clock::now_secs;
use crate::db::{Change, TenantTx};
use crate::error::AppError;
use crate::identity::tenants::{self, Hold};
use crate::markdown;
use lyceum::calendar::{date_of, end_of_day};
use lyceum::catalog::category::CategoryTree;
use lyceum::catalog::course::{
    publish_problems, CourseStatus, ReadinessFacts, SkillLevel, StatusAction,
};
use lyceum::catalog::draft::{CourseFields, CourseInput};
use lyceum::catalog::pricing::PricingInput;
pub use lyceum::Actor;
use lyceum::{CourseId, FieldErrors, Permission, Slug};
use sqlx::Row;
use uuid::Uuid;

/// Courses with a price, whatever their status.
pub async fn priced_courses(tx: &mut TenantTx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from course where list_price_minor > 0")
        .fetch_one(&mut **tx)
        .await
}

/// Makes `currency` the portal's currency, and every (free) course's.
/// Refused, as a field error, while any course has a price: its amount
/// means something only in the currency it was set in.
pub async fn change_currency(
    tx: &mut TenantTx,
    currency: lyceum::Currency,
) -> Result<(), AppError> {
    // The tenant row first: course writes in flight finish (they hold it
    // shared), later ones wait for this transaction.
    tenants::set_currency(tx, currency).await?;
    let priced = priced_courses(tx).await?;
    if priced > 0 {
        return Err(AppError::invalid(
            "currency",
            format!(
                "cannot change while courses have prices ({priced} do): every course must be free first"
            ),
        ));
    }
    sqlx::query("update course set currency = $1 where currency <> $1")
        .bind(currency.code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Validates a draft; category ids must name categories of this tenant,
/// and a price must be in the portal's currency (`tenant_currency`; an
/// empty currency field means it): a portal sells in one currency, so that
/// prices sort and fall into price bands comparably.
pub fn validate(
    draft: &CourseDraft,
    tree: &CategoryTree,
    now: i64,
    tenant_currency: &str,
) -> Result<(CourseFields, Vec<Uuid>), AppError> {
    let mut errors = FieldErrors::new();
    let currency = match draft.currency.trim() {
        "" => tenant_currency.to_owned(),
        typed => typed.to_ascii_uppercase(),
    };
    if lyceum::Currency::parse(&currency).is_ok() && currency != tenant_currency {
        errors.add(
            "currency",
            format!("must be {tenant_currency}: this portal sells in {tenant_currency}"),
        );
    }
    let sale_ends_at = if draft.sale_ends_on.trim().is_empty() {
        None
    } else {
        match end_of_day(&draft.sale_ends_on) {
            Some(t) => Some(t),
            None => {
                errors.add("sale_ends_at", "must be a date (YYYY-MM-DD)");
                None
            }
        }
    };
    let input = CourseInput {
        title: &draft.title,
        slug: &draft.slug,
        subtitle: &draft.subtitle,
        description: &draft.description,
        tags: &draft.tags,
        pricing: PricingInput {
            model: draft.pricing_model.trim(),
            currency: &currency,
            list_price: &draft.list_price,
            sale_price: &draft.sale_price,
            sale_ends_at,
        },
        duration_minutes: &draft.duration_minutes,
        skill_level: &draft.skill_level,
        language: &draft.language,
        prerequisites: &draft.prerequisites,
    };
    let fields = match CourseFields::parse(&input, now) {
        Ok(f) => Some(f),
        Err(e) => {
            for (field, message) in e.iter() {
                errors.add(field, message);
            }
            None
        }
    };
    let mut categories = Vec::new();
    for raw in draft.categories.iter().filter(|r| !r.trim().is_empty()) {
        let Some(id) = Uuid::parse_str(raw.trim())
            .ok()
            .filter(|id| tree.get(*id).is_some())
        else {
            errors.add("categories", "contains a category that does not exist");
            break;
        };
        if !categories.contains(&id) {
            categories.push(id);
        }
    }
    if categories.len() > 5 {
        errors.add("categories", "at most 5 categories");
    }
    errors.into_result().map_err(AppError::Invalid)?;
    Ok((fields.expect("checked"), categories))
}

/// The slugs to try for a course, in order: a typed slug only as typed; a
/// slug derived from the title, then with `-2`, `-3`, … appended.
fn slug_candidates(fields: &CourseFields, typed: bool) -> impl Iterator<Item = String> + '_ {
    let base = fields.slug.as_str();
    let numbered = (2..1000).map(move |n| {
        let suffix = format!("-{n}");
        let stem: String = base
            .chars()
            .take(lyceum::slug::SLUG_MAX_LEN - suffix.len())
            .collect();
        format!("{}{suffix}", stem.trim_end_matches('-'))
    });
    std::iter::once(base.to_owned()).chain(numbered.take(if typed { 0 } else { 998 }))
}

/// True when `slug` is the current slug of a course other than `except`.
async fn slug_taken(
    tx: &mut TenantTx,
    slug: &str,
    except: Option<Uuid>,
) -> Result<bool, sqlx::Error> {
    let id: Option<Uuid> = sqlx::query_scalar("select course_id from course where slug = $1")
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(matches!(id, Some(id) if Some(id) != except))
}

fn slug_in_use() -> AppError {
    AppError::invalid("slug", "is already used by another course")
}

fn bind_fields<'q>(
    query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    f: &'q CourseFields,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    let sale = f.pricing.sale();
    query
        .bind(&f.title)
        .bind(&f.subtitle)
        .bind(&f.description)
        .bind(&f.tags)
        .bind(f.pricing.model().as_str())
        .bind(f.pricing.currency().code())
        .bind(f.pricing.list().minor())
        .bind(sale.map(|s| s.price.minor()))
        .bind(sale.map(|s| s.ends_at as f64))
        .bind(f.duration_minutes)
        .bind(f.skill_level.as_str())
        .bind(&f.language)
        .bind(&f.prerequisites)
}

async fn set_categories(
    tx: &mut TenantTx,
    course_id: Uuid,
    categories: &[Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from course_category where course_id = $1")
        .bind(course_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "insert into course_category (tenant_id, course_id, category_id) \
         select current_tenant_id(), $1, unnest($2::uuid[])",
    )
    .bind(course_id)
    .bind(categories)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Creates a draft course owned by `actor`. Two creates of one title at
/// once get distinct slugs: the insert itself claims the slug (`on
/// conflict do nothing` waits for a concurrent claim and moves on to the
/// next candidate), so no check can be raced.
pub async fn create(
    tx: &mut TenantTx,
    actor: Actor,
    draft: &CourseDraft,
) -> Result<(CourseId, String), AppError> {
    tx.changed(Change::Catalog);
    if !actor.persona.can(Permission::CourseCreate) {
        return Err(AppError::Forbidden);
    }
    // The portal row, then the tree, in the order every course write takes them.
    let currency = tenants::currency(tx, Hold::UntilCommit).await?;
    lock_tree(tx, TreeLock::FileUnder).await?;
    let tree = load_tree(tx).await?;
    let (fields, categories) = validate(draft, &tree, now_secs(), &currency)?;
    let typed = !draft.slug.trim().is_empty();
    let mut created = None;
    for slug in slug_candidates(&fields, typed) {
        let query = sqlx::query(
            "insert into course (tenant_id, instructor_id, slug, title, subtitle, description, tags, pricing_model, \
             currency, list_price_minor, sale_price_minor, sale_ends_at, duration_minutes, skill_level, language, \
             prerequisites) \
             values (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11), $12, $13, $14, $15) \
             on conflict on constraint course_slug_key do nothing \
             returning course_id",
        )
        .bind(actor.id.uuid())
        .bind(&slug);
        let row = bind_fields(query, &fields)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(row) = row {
            created = Some((row.try_get::<Uuid, _>(0)?, slug));
            break;
        }
    }
    let (id, slug) = created.ok_or_else(slug_in_use)?;
    // A slug a course used to have now belongs to this one.
    sqlx::query("delete from course_slug_history where old_slug = $1")
        .bind(&slug)
        .execute(&mut **tx)
        .await?;
    set_categories(tx, id, &categories).await?;
    Ok((id.into(), slug))
}

pub(crate) struct Owned {
    pub instructor_id: Uuid,
    pub status: CourseStatus,
    pub slug: String,
}

/// Whether the caller is about to change a course (its row stays locked
/// until the transaction ends, so two saves apply one after the other) or
/// only reads it (opening the editor waits for no one).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    /// Held (FOR SHARE) until commit: a change of the course's status
    /// waits for the holder, and the holder for it.
    Share,
    Write,
}

/// A course the actor may edit, locked for `Access::Write` (404 for an
/// unknown id or another tenant's; 403 for another instructor's).
pub(crate) async fn owned(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: Uuid,
    access: Access,
) -> Result<Owned, AppError> {
    let sql = match access {
        Access::Write => {
            "select instructor_id, status, slug from course where course_id = $1 for update"
        }
        Access::Share => {
            "select instructor_id, status, slug from course where course_id = $1 for share"
        }
        Access::Read => "select instructor_id, status, slug from course where course_id = $1",
    };
    let row = sqlx::query(sql)
        .bind(course_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let owned = Owned {
        instructor_id: row.try_get("instructor_id")?,
        status: CourseStatus::parse(row.try_get::<&str, _>("status")?)
            .unwrap_or(CourseStatus::Draft),
        slug: row.try_get("slug")?,
    };
    if !actor.may_edit(owned.instructor_id.into()) {
        // Someone else's course: it exists, but saying so would leak nothing useful.
        return Err(if actor.persona.can(Permission::CourseCreate) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok(owned)
}

/// A course as another context shows it to the person working on it (the
/// curriculum editor): its title, slug and status. Errors: `NotFound` (an
/// unknown id, another tenant's course, or — to a learner — someone else's),
/// `Forbidden` (another instructor's course). Takes no lock on the course.
pub async fn for_editing(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
) -> Result<CourseHeader, AppError> {
    header(tx, actor, course_id, Access::Read).await
}

/// As [`for_editing`], and the course's status holds until commit: a
/// change to what the course contains checks "a published course stays
/// complete" against a status that cannot change under it (publishing
/// waits, or this waits for publishing to commit).
pub async fn hold_for_editing(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
) -> Result<CourseHeader, AppError> {
    header(tx, actor, course_id, Access::Share).await
}

async fn header(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
    access: Access,
) -> Result<CourseHeader, AppError> {
    let owned = owned(tx, actor, course_id.uuid(), access).await?;
    let title = sqlx::query_scalar!(
        "select title from course where course_id = $1",
        course_id.uuid()
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(CourseHeader {
        id: course_id,
        title,
        slug: owned.slug,
        status: owned.status,
    })
}

/// Saves every field of a course. A published course must stay publishable.
pub async fn update(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
    draft: &CourseDraft,
) -> Result<String, AppError> {
    let course_id = course_id.uuid();
    tx.changed(Change::Catalog);
    // The portal row before the course row, in the order a currency change
    // takes them (`change_currency`), so the two cannot deadlock; the tree
    // between them (category changes take no course or portal row).
    let currency = tenants::currency(tx, Hold::UntilCommit).await?;
    lock_tree(tx, TreeLock::FileUnder).await?;
    let current = owned(tx, actor, course_id, Access::Write).await?;
    let tree = load_tree(tx).await?;
    let (fields, categories) = validate(draft, &tree, now_secs(), &currency)?;
    if current.status == CourseStatus::Published {
        let problems = publish_problems(&ReadinessFacts {
            title: fields.title.clone(),
            description: fields.description.clone(),
            category_count: categories.len(),
            pricing_valid: true,
        });
        if !problems.is_empty() {
            return Err(AppError::invalid(
                "status",
                format!(
                    "a published course must stay complete: {}",
                    problems.join(" ")
                ),
            ));
        }
    }
    let typed = !draft.slug.trim().is_empty();
    // The course keeps its slug when it still fits; otherwise the first
    // free candidate, claimed by the update itself (in a savepoint, so a
    // concurrent claim of the same slug moves on to the next one).
    let mut saved = None;
    for slug in slug_candidates(&fields, typed) {
        if slug != current.slug && slug_taken(tx, &slug, Some(course_id)).await? {
            continue;
        }
        let query = sqlx::query(
            "update course set slug = $1, title = $2, subtitle = $3, description = $4, tags = $5, pricing_model = $6, \
             currency = $7, list_price_minor = $8, sale_price_minor = $9, sale_ends_at = to_timestamp($10), \
             duration_minutes = $11, skill_level = $12, language = $13, prerequisites = $14 \
             where course_id = $15",
        )
        .bind(slug.clone());
        let mut savepoint = tx.savepoint().await?;
        let outcome = bind_fields(query, &fields)
            .bind(course_id)
            .execute(&mut *savepoint)
            .await;
        match outcome {
            Ok(_) => {
                savepoint.commit().await?;
                saved = Some(slug);
                break;
            }
            Err(e) if crate::db::violated_constraint(&e) == Some("course_slug_key") => {
                savepoint.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let slug = saved.ok_or_else(slug_in_use)?;
    if slug != current.slug {
        // The old slug now points here (whatever it pointed to before).
        sqlx::query("delete from course_slug_history where old_slug = $1")
            .bind(&current.slug)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "insert into course_slug_history (tenant_id, old_slug, course_id) values (current_tenant_id(), $1, $2)",
        )
        .bind(&current.slug)
        .bind(course_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query("delete from course_slug_history where old_slug = $1")
            .bind(&slug)
            .execute(&mut **tx)
            .await?;
    }
    set_categories(tx, course_id, &categories).await?;
    Ok(slug)
}

/// Why a course cannot be published yet.
async fn readiness(tx: &mut TenantTx, course_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    let row = sqlx::query(
        "select title, description, pricing_model, list_price_minor, \
         cardinality(c.category_ids)::bigint as categories \
         from course c where course_id = $1",
    )
    .bind(course_id)
    .fetch_one(&mut **tx)
    .await?;
    let model: String = row.try_get("pricing_model")?;
    let list: i64 = row.try_get("list_price_minor")?;
    // The table's checks already tie the amount to the model; a paid model
    // without a price cannot be stored, so this only guards future models.
    let pricing_valid = lyceum::catalog::pricing::PricingModel::parse(&model)
        .is_some_and(|m| (m == lyceum::catalog::pricing::PricingModel::Free) == (list == 0));
    let facts = ReadinessFacts {
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        category_count: row.try_get::<i64, _>("categories")? as usize,
        pricing_valid,
    };
    let mut problems: Vec<String> = publish_problems(&facts)
        .into_iter()
        .map(String::from)
        .collect();
    // What the course holds is authoring's to judge.
    problems.extend(crate::authoring::curriculum::publish_problems(tx, course_id.into()).await?);
    Ok(problems)
}

/// Publishes, unpublishes or archives. Publishing lists every missing piece.
pub async fn change_status(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
    action: StatusAction,
) -> Result<CourseStatus, AppError> {
    let course_id = course_id.uuid();
    tx.changed(Change::Catalog);
    let current = owned(tx, actor, course_id, Access::Write).await?;
    if action == StatusAction::Archive
        && !(actor.persona.can(Permission::CourseDeleteAny)
            || (current.instructor_id == actor.id.uuid()
                && actor.persona.can(Permission::CourseDeleteOwn)))
    {
        return Err(AppError::Forbidden);
    }
    let next = current
        .status
        .apply(action)
        .map_err(|e| AppError::invalid("status", e.to_string()))?;
    if next == CourseStatus::Published {
        let problems = readiness(tx, course_id).await?;
        if !problems.is_empty() {
            let mut errors = FieldErrors::new();
            for p in problems {
                errors.add("publish", p);
            }
            return Err(AppError::Invalid(errors));
        }
    }
    sqlx::query(
        "update course set status = $1, \
         published_at = case when $1 = 'published' then coalesce(published_at, now()) else published_at end \
         where course_id = $2",
    )
    .bind(next.as_str())
    .bind(course_id)
    .execute(&mut **tx)
    .await?;
    Ok(next)
}

/// The signed-in instructor's courses (an admin sees every course).
pub async fn teaching(tx: &mut TenantTx, actor: Actor) -> Result<Vec<TeachingRow>, sqlx::Error> {
    let all = actor.persona.can(Permission::CourseUpdateAny);
    let rows = sqlx::query!(
        r#"select c.course_id as "course_id!", c.slug as "slug!", c.title as "title!",
                  c.status as "status!", c.pricing_model as "pricing_model!", c.currency as "currency!",
                  c.list_price_minor,
                  extract(epoch from c.updated_at)::bigint as "updated!", u.display_name as "instructor!"
             from course c join person_name u on u.user_id = c.instructor_id
            where ($1 or c.instructor_id = $2) order by c.updated_at desc limit 500"#,
        all,
        actor.id.uuid()
    )
    .fetch_all(&mut **tx)
    .await?;
    let out = rows
        .into_iter()
        .map(|r| TeachingRow {
            id: r.course_id.into(),
            slug: r.slug,
            title: r.title,
            status: CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Draft),
            price: price_tag(
                r.pricing_model,
                r.currency,
                r.list_price_minor,
                None,
                r.list_price_minor,
                None,
            )
            .label(),
            updated_at: lyceum::calendar::format_date_time(r.updated),
            instructor: r.instructor,
        })
        .collect();
    Ok(out)
}

/// The editor's form for a new course: free, beginner, English, priced in
/// the portal's currency.
pub async fn new_draft(tx: &mut TenantTx) -> Result<CourseDraft, sqlx::Error> {
    Ok(CourseDraft {
        pricing_model: "free".into(),
        currency: tenants::currency(tx, Hold::Read).await?,
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    })
}

/// A course as the editor shows it.
pub async fn editable(
    tx: &mut TenantTx,
    actor: Actor,
    course_id: CourseId,
) -> Result<EditableCourse, AppError> {
    let course_id = course_id.uuid();
    owned(tx, actor, course_id, Access::Read).await?;
    let r = course_row(tx, CourseKey::Id(course_id))
        .await?
        .ok_or(AppError::NotFound)?;
    let currency = tenants::currency(tx, Hold::Read).await?;
    // A price in another currency than the portal's (stored before a
    // portal sold in one currency) is not shown as if it were in the
    // portal's: that would silently change what the course costs.
    let price_notice = (r.currency != currency).then(|| {
        format!(
            "This course was priced in {}; this portal sells in {currency}. \
             Enter its price in {currency} and save.",
            r.currency
        )
    });
    let amount = |minor: i64| -> String {
        if price_notice.is_some() {
            return String::new();
        }
        lyceum::Currency::parse(&currency)
            .ok()
            .and_then(|c| lyceum::Money::from_minor(minor, c).ok())
            .map(lyceum::Money::amount)
            .unwrap_or_default()
    };
    let list = r.list_price_minor;
    // A sale that has ended is not offered for editing (it would not validate).
    let running_sale = r
        .sale_price_minor
        .zip(r.sale_ends)
        .filter(|(_, ends)| *ends > now_secs());
    let draft = CourseDraft {
        title: r.title,
        slug: r.slug.clone(),
        subtitle: r.subtitle,
        description: r.description,
        tags: r.tags.join(", "),
        categories: r.categories.iter().map(Uuid::to_string).collect(),
        pricing_model: r.pricing_model,
        currency: currency.clone(),
        list_price: if list == 0 {
            String::new()
        } else {
            amount(list)
        },
        sale_price: running_sale.map(|(p, _)| amount(p)).unwrap_or_default(),
        sale_ends_on: running_sale.map(|(_, e)| date_of(e)).unwrap_or_default(),
        duration_minutes: r.duration_minutes.to_string(),
        skill_level: r.skill_level,
        language: r.language,
        prerequisites: r.prerequisites.join("\n"),
    };
    let cover = super::detail::cover_of(tx, r.cover_asset_id).await?;
    let cover_html = crate::media::urls::cover_html(
        cover.as_ref(),
        &draft.title,
        "(max-width: 40rem) 100vw, 480px",
        (480, 270),
        true,
    );
    Ok(EditableCourse {
        id: course_id.into(),
        status: CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Draft),
        problems: readiness(tx, course_id).await?,
        slug: r.slug,
        draft,
        price_notice,
        has_cover: cover.is_some(),
        cover_html,
    })
}

/// The course page for `slug`: published courses for everyone; drafts and
/// archived courses only for their instructor and admins.
pub async fn by_slug(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
    slug: &Slug,
    origin: &str,
) -> Result<CourseLookup, AppError> {
    let slug = slug.as_str();
    let row = course_row(tx, CourseKey::Slug(slug)).await?;
    let Some(r) = row else {
        // An old slug redirects only visitors who may see the course it
        // now names: for anyone else a draft's or an archived course's old
        // address is as unknown as its current one (no 301 to reveal it).
        let moved = sqlx::query(
            "select c.slug, c.status, c.instructor_id from course_slug_history h \
             join course c on c.course_id = h.course_id where h.old_slug = $1",
        )
        .bind(slug)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(moved) = moved else {
            return Err(AppError::NotFound);
        };
        let listed =
            CourseStatus::parse(moved.try_get::<&str, _>("status")?).is_some_and(|s| s.is_listed());
        let instructor: Uuid = moved.try_get("instructor_id")?;
        if !listed && !viewer.is_some_and(|v| v.may_edit(instructor.into())) {
            return Err(AppError::NotFound);
        }
        return Ok(CourseLookup::Moved(moved.try_get("slug")?));
    };
    let status = CourseStatus::parse(&r.status).unwrap_or(CourseStatus::Draft);
    let can_edit = viewer.is_some_and(|v| v.may_edit(r.instructor_id.into()));
    if status != CourseStatus::Published && !can_edit {
        return Err(AppError::NotFound);
    }
    let tree = load_tree(tx).await?;
    let outline = crate::authoring::curriculum::outline(tx, r.course_id.into()).await?;
    let lesson_minutes = outline
        .iter()
        .flat_map(|m| &m.lessons)
        .map(|l| i32::from(l.minutes))
        .sum();
    let outline_html = crate::authoring::curriculum::outline_html(&outline, &r.slug);
    let category_paths = r
        .categories
        .iter()
        .map(|id| {
            tree.path(*id)
                .into_iter()
                .map(|c| CategoryLink {
                    slug: c.slug.clone(),
                    name: c.name.clone(),
                })
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    let summary = if r.subtitle.is_empty() {
        markdown::to_plain_text(&r.description, 160)
    } else {
        r.subtitle.clone()
    };
    let cover = super::detail::cover_of(tx, r.cover_asset_id).await?;
    let cover_html = crate::media::urls::cover_html(
        cover.as_ref(),
        &r.title,
        "(max-width: 860px) 100vw, 20rem",
        (1280, 720),
        true,
    );
    let og_image = cover.as_ref().map(|c| format!("{origin}{}", c.large));
    let instructor_html = super::instructors::card_html(tx, r.instructor_id.into()).await?;
    let panels = crate::learning::offer::panel_html(
        tx,
        viewer,
        crate::learning::offer::Offer {
            course: r.course_id.into(),
            slug: &r.slug,
            pricing: lyceum::catalog::pricing::PricingModel::parse(&r.pricing_model)
                .unwrap_or(lyceum::catalog::pricing::PricingModel::OneTime),
            published: status == CourseStatus::Published,
        },
    )
    .await?;
    let course_id: CourseId = r.course_id.into();
    let reviews_html = super::reviews::section_html(
        &super::reviews::summary(tx, course_id).await?,
        &panels.review_form_html,
    );
    Ok(CourseLookup::Found(Box::new(CourseDetail {
        enroll_html: panels.enroll_html,
        reviews_html,
        instructor_html,
        id: r.course_id.into(),
        canonical_url: format!("{origin}/courses/{}", r.slug),
        slug: r.slug,
        title: r.title,
        description_html: markdown::to_safe_html(&r.description, super::DESCRIPTION_HEADINGS),
        summary,
        subtitle: r.subtitle,
        instructor: r.instructor_name,
        price: price_tag(
            r.pricing_model,
            r.currency,
            r.list_price_minor,
            r.sale_price_minor,
            r.effective,
            r.sale_ends,
        ),
        level: SkillLevel::parse(&r.skill_level).unwrap_or(SkillLevel::Beginner),
        language: r.language,
        duration_minutes: r.duration_minutes,
        prerequisites: r.prerequisites,
        tags: r.tags,
        rating: Rating::of(r.rating_average, r.rating_count),
        enrollment_count: r.enrollment_count,
        cover_html,
        og_image,
        status,
        category_paths,
        published_at: r.published.map(lyceum::calendar::format_date),
        updated_at: lyceum::calendar::format_date(r.updated),
        can_edit,
        outline_html,
        lesson_minutes,
    })))
}
