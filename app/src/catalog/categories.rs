//! The tenant's category tree: reading it, the lock that serializes its
//! changes (and that course writes hold shared), and the changes tenant
//! admins make (create, rename, move, reorder, delete).

use super::records::CategoryRow;
use crate::db::{Change, TenantTx};
use crate::error::AppError;
use lyceum::catalog::category::{Category, CategoryTree};
use lyceum::{Actor, CategoryId, Permission, Slug};
use sqlx::Row;
use uuid::Uuid;

/// The tenant's categories as a tree.
pub async fn load_tree(tx: &mut TenantTx) -> Result<CategoryTree, sqlx::Error> {
    let rows = sqlx::query("select category_id, parent_id, name, slug, position from category")
        .fetch_all(&mut **tx)
        .await?;
    let mut nodes = Vec::with_capacity(rows.len());
    for r in rows {
        nodes.push(Category {
            id: r.try_get("category_id")?,
            parent_id: r.try_get("parent_id")?,
            name: r.try_get("name")?,
            slug: r.try_get("slug")?,
            position: r.try_get("position")?,
        });
    }
    Ok(CategoryTree::new(nodes))
}

fn check_name(name: &str) -> Result<String, AppError> {
    lyceum::catalog::category::parse_name(name)
        .map_err(|e| AppError::invalid("name", e.to_string()))
}

/// How a transaction holds the tenant's category tree (`lock_tree`).
#[derive(Clone, Copy)]
pub(crate) enum TreeLock {
    /// Changes the tree: alone.
    Change,
    /// Files courses under categories it read from the tree: alongside
    /// other such writes, never alongside a change.
    FileUnder,
}

/// Serializes changes to the tenant's category tree: every change reads the
/// tree, checks its rule (no loops, depth, unique slugs, positions, empty
/// before deletion) and writes, so two at once could each pass against a
/// tree the other is changing (X under Y and Y under X, both accepted, a
/// loop stored). A course write holds it shared from reading the tree to
/// committing its categories, so a category cannot be deleted between the
/// two (nor get a course after its emptiness was checked). The lock is
/// transaction-scoped and per tenant; catalog reads do not take it.
pub(crate) async fn lock_tree(tx: &mut TenantTx, how: TreeLock) -> Result<(), sqlx::Error> {
    let sql = match how {
        TreeLock::Change => {
            "select pg_advisory_xact_lock(hashtextextended('category_tree:' || current_tenant_id()::text, 0))"
        }
        TreeLock::FileUnder => {
            "select pg_advisory_xact_lock_shared(hashtextextended('category_tree:' || current_tenant_id()::text, 0))"
        }
    };
    sqlx::query(sql).execute(&mut **tx).await?;
    Ok(())
}

/// The tenant's categories in display order, with their course counts:
/// every course for those who manage categories (a category with drafts in
/// it cannot be deleted), published courses for everyone else (a draft's
/// existence is not shown through a count).
pub async fn category_rows(
    tx: &mut TenantTx,
    viewer: Option<Actor>,
) -> Result<Vec<CategoryRow>, sqlx::Error> {
    let tree = load_tree(tx).await?;
    let every_course = viewer.is_some_and(|v| v.persona.can(Permission::CategoryManage));
    let counts: Vec<(Uuid, i64)> = sqlx::query_as(
        "select cc.category_id, count(*) from course_category cc \
         join course c on c.course_id = cc.course_id \
         where $1 or c.status = 'published' group by cc.category_id",
    )
    .bind(every_course)
    .fetch_all(&mut **tx)
    .await?;
    Ok(tree
        .ordered()
        .into_iter()
        .map(|(c, depth)| CategoryRow {
            id: c.id.into(),
            parent_id: c.parent_id.map(Into::into),
            name: c.name.clone(),
            slug: c.slug.clone(),
            position: c.position,
            depth,
            course_count: counts
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, n)| *n)
                .unwrap_or(0),
            child_count: tree.children(Some(c.id)).len(),
        })
        .collect())
}

fn parse_parent(raw: &str, tree: &CategoryTree) -> Result<Option<Uuid>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let id =
        Uuid::parse_str(raw).map_err(|_| AppError::invalid("parent_id", "is not a category"))?;
    tree.get(id)
        .map(|c| Some(c.id))
        .ok_or_else(|| AppError::invalid("parent_id", "is not a category"))
}

pub async fn create_category(
    tx: &mut TenantTx,
    name: &str,
    slug: &str,
    parent: &str,
) -> Result<Uuid, AppError> {
    tx.changed(Change::Catalog);
    lock_tree(tx, TreeLock::Change).await?;
    let tree = load_tree(tx).await?;
    let name = check_name(name)?;
    let slug = if slug.trim().is_empty() {
        Slug::from_title(&name).map_err(|_| {
            AppError::invalid("slug", "cannot be made from this name; please type one")
        })?
    } else {
        Slug::parse(slug.trim()).map_err(|e| AppError::invalid("slug", e.to_string()))?
    };
    if tree.by_slug(slug.as_str()).is_some() {
        return Err(AppError::invalid(
            "slug",
            "is already used by another category",
        ));
    }
    let parent = parse_parent(parent, &tree)?;
    if let Some(p) = parent {
        if tree.path(p).len() > lyceum::catalog::category::MAX_DEPTH {
            return Err(AppError::invalid(
                "parent_id",
                "is nested too deep for another level",
            ));
        }
    }
    let position = tree
        .children(parent)
        .iter()
        .map(|c| c.position + 1)
        .max()
        .unwrap_or(0);
    let id: Uuid = sqlx::query_scalar(
        "insert into category (tenant_id, parent_id, name, slug, position) \
         values (current_tenant_id(), $1, $2, $3, $4) returning category_id",
    )
    .bind(parent)
    .bind(&name)
    .bind(slug.as_str())
    .bind(position)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn rename_category(
    tx: &mut TenantTx,
    id: CategoryId,
    name: &str,
) -> Result<(), AppError> {
    let id = id.uuid();
    tx.changed(Change::Catalog);
    lock_tree(tx, TreeLock::Change).await?;
    let name = check_name(name)?;
    let done = sqlx::query("update category set name = $1 where category_id = $2")
        .bind(&name)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn move_category(
    tx: &mut TenantTx,
    id: CategoryId,
    parent: &str,
) -> Result<(), AppError> {
    let id = id.uuid();
    tx.changed(Change::Catalog);
    lock_tree(tx, TreeLock::Change).await?;
    let tree = load_tree(tx).await?;
    tree.get(id).ok_or(AppError::NotFound)?;
    let parent = parse_parent(parent, &tree)?;
    tree.check_move(id, parent)
        .map_err(|e| AppError::invalid("parent_id", e.to_string()))?;
    let position = tree
        .children(parent)
        .iter()
        .map(|c| c.position + 1)
        .max()
        .unwrap_or(0);
    sqlx::query("update category set parent_id = $1, position = $2 where category_id = $3")
        .bind(parent)
        .bind(position)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a category one place up or down among its siblings.
pub async fn reorder_category(tx: &mut TenantTx, id: CategoryId, up: bool) -> Result<(), AppError> {
    let id = id.uuid();
    tx.changed(Change::Catalog);
    lock_tree(tx, TreeLock::Change).await?;
    let tree = load_tree(tx).await?;
    let me = tree.get(id).ok_or(AppError::NotFound)?;
    let siblings = tree.children(me.parent_id);
    let index = siblings
        .iter()
        .position(|c| c.id == id)
        .expect("in its own family");
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < siblings.len())
    };
    let Some(other) = other else {
        return Ok(()); // already first / last
    };
    // Renumber the family so swapped positions are distinct.
    let mut order: Vec<Uuid> = siblings.iter().map(|c| c.id).collect();
    order.swap(index, other);
    sqlx::query(
        "update category c set position = o.n::int from unnest($1::uuid[]) with ordinality as o(id, n) \
         where c.category_id = o.id",
    )
    .bind(&order)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes an empty category (no subcategories, no courses).
pub async fn delete_category(tx: &mut TenantTx, id: CategoryId) -> Result<(), AppError> {
    let id = id.uuid();
    tx.changed(Change::Catalog);
    lock_tree(tx, TreeLock::Change).await?;
    let row = sqlx::query(
        "select (select count(*) from category k where k.parent_id = c.category_id) as children, \
                (select count(*) from course_category cc where cc.category_id = c.category_id) as courses \
         from category c where category_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let (children, courses): (i64, i64) = (row.try_get("children")?, row.try_get("courses")?);
    if children > 0 || courses > 0 {
        return Err(AppError::invalid(
            "category",
            format!(
                "can only be deleted when empty; it has {children} subcategories and {courses} courses"
            ),
        ));
    }
    sqlx::query("delete from category where category_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
