//! The catalog's fixture builder: two portals with instructors and a small
//! category tree, courses published through the service functions (as the
//! runtime role, under RLS), and searches as a server process makes them.

use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::catalog::courses::{self, Actor};
use lyceum_app::catalog::records::{CatalogResults, CourseDraft};
use lyceum_app::catalog::search::FacetCache;
use uuid::Uuid;

pub(super) struct Fixture {
    pub(super) owner: sqlx::PgPool,
    pub(super) db: lyceum_app::db::Db,
    pub(super) a: Tenant,
    pub(super) b: Tenant,
    pub(super) teacher_a: Actor,
    pub(super) other_teacher_a: Actor,
    pub(super) teacher_b: Actor,
    pub(super) programming: Uuid,
    pub(super) rust: Uuid,
    pub(super) design: Uuid,
}

pub(super) async fn category(
    owner: &sqlx::PgPool,
    tenant: &Tenant,
    name: &str,
    slug: &str,
    parent: Option<Uuid>,
) -> Uuid {
    sqlx::query_scalar(
        "insert into category (tenant_id, parent_id, name, slug) values ($1, $2, $3, $4) returning category_id",
    )
    .bind(tenant.id)
    .bind(parent)
    .bind(name)
    .bind(slug)
    .fetch_one(owner)
    .await
    .unwrap()
}

pub(super) fn draft(title: &str, description: &str, categories: &[Uuid]) -> CourseDraft {
    CourseDraft {
        title: title.into(),
        description: description.into(),
        categories: categories.iter().map(Uuid::to_string).collect(),
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    }
}

impl Fixture {
    pub(super) async fn new() -> Fixture {
        let owner = owner_pool().await;
        let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
        let actor = |id: Uuid| Actor {
            id: id.into(),
            persona: Persona::Instructor,
        };
        let teacher_a = actor(create_user(&owner, &a, "teach@a.test", Persona::Instructor).await);
        let other_teacher_a =
            actor(create_user(&owner, &a, "other@a.test", Persona::Instructor).await);
        let teacher_b = actor(create_user(&owner, &b, "teach@b.test", Persona::Instructor).await);
        let programming = category(&owner, &a, "Programming", "programming", None).await;
        let rust = category(&owner, &a, "Rust", "rust", Some(programming)).await;
        let design = category(&owner, &a, "Design", "design", None).await;
        category(&owner, &b, "Programming", "programming", None).await;
        Fixture {
            db: runtime_db(2).await,
            owner,
            a,
            b,
            teacher_a,
            other_teacher_a,
            teacher_b,
            programming,
            rust,
            design,
        }
    }

    pub(super) async fn publish(&self, tenant: &Tenant, who: Actor, d: CourseDraft) -> Uuid {
        let mut tx = self
            .db
            .begin_as(tenant.id.into(), Some(who.id))
            .await
            .unwrap();
        let (id, _) = courses::create(&mut tx, who, &d).await.unwrap();
        let id = id.uuid();
        crate::authoring::fixtures::one_lesson(&mut tx, who, id).await;
        courses::change_status(
            &mut tx,
            who,
            id.into(),
            lyceum::catalog::course::StatusAction::Publish,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    pub(super) async fn search(&self, tenant: &Tenant, raw: &str) -> CatalogResults {
        self.search_in(&FacetCache::default(), tenant, raw).await
    }

    /// A search through `cache`, as a server process reuses its cache.
    pub(super) async fn search_in(
        &self,
        cache: &FacetCache,
        tenant: &Tenant,
        raw: &str,
    ) -> CatalogResults {
        search_catalog(&self.db, cache, tenant.id, raw).await
    }

    pub(super) async fn cleanup(self) {
        for t in [self.a.id, self.b.id] {
            sqlx::query("delete from tenant where tenant_id = $1")
                .bind(t)
                .execute(&self.owner)
                .await
                .unwrap();
        }
    }
}

/// A course's `category_ids` and, for comparison, its course_category rows.
pub(super) async fn mirror(tx: &mut lyceum_app::db::TenantTx, id: Uuid) -> (Vec<Uuid>, Vec<Uuid>) {
    sqlx::query_as(
        "select c.category_ids, array(select cc.category_id from course_category cc \
         where cc.course_id = c.course_id order by 1) from course c where c.course_id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await
    .unwrap()
}

pub(super) fn titles(r: &CatalogResults) -> Vec<String> {
    r.cards.iter().map(|c| c.plain_title()).collect()
}

pub(super) fn count(values: &[lyceum_app::catalog::records::FacetValue], value: &str) -> i64 {
    values
        .iter()
        .find(|v| v.value == value)
        .map(|v| v.count)
        .unwrap_or(0)
}
