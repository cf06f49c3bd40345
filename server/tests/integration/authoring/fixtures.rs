//! Authoring's fixture builder: a curriculum through the service functions
//! (as the runtime role, under RLS), as the editor would build it.

use crate::helpers::*;
use lyceum::authoring::lesson::LessonKind::{self, *};
use lyceum::{Actor, CourseId, Persona};
use lyceum_app::authoring::curriculum::{self, Edit};
use lyceum_app::authoring::records::CurriculumView;
use lyceum_app::catalog::courses;
use lyceum_app::catalog::records::CourseDraft;
use lyceum_app::db::{Db, TenantTx};
use lyceum_app::error::AppError;

/// Gives a course the smallest curriculum it may be published with: one
/// module ("Getting started") holding one text lesson ("Welcome").
pub async fn one_lesson(tx: &mut TenantTx, who: Actor, course: impl Into<CourseId>) {
    build(
        tx,
        who,
        course.into(),
        &[("Getting started", &[("Welcome", LessonKind::Text)])],
    )
    .await;
}

/// Builds `modules` (title, lessons as title and kind) at the end of a
/// course's curriculum and answers it as it then stands.
pub async fn build(
    tx: &mut TenantTx,
    who: Actor,
    course: CourseId,
    modules: &[(&str, &[(&str, LessonKind)])],
) -> CurriculumView {
    let mut view = curriculum::view(tx, who, course).await.unwrap();
    for (title, lessons) in modules {
        let added = curriculum::change(
            tx,
            who,
            course,
            view.version,
            Edit::AddModule {
                title: (*title).into(),
            },
        )
        .await
        .unwrap();
        assert!(added.applied);
        view = added.curriculum;
        let module = view.modules.last().unwrap().id;
        for (lesson, kind) in lessons.iter() {
            let added = curriculum::change(
                tx,
                who,
                course,
                view.version,
                Edit::AddLesson {
                    module,
                    title: (*lesson).into(),
                    kind: *kind,
                },
            )
            .await
            .unwrap();
            assert!(added.applied);
            view = added.curriculum;
        }
    }
    view
}

/// [`one_lesson`] written as the schema owner, for tests that hold no
/// tenant transaction (the HTTP ones).
pub async fn one_lesson_as_owner(owner: &sqlx::PgPool, tenant: uuid::Uuid, course: uuid::Uuid) {
    sqlx::query(
        "with c as (insert into curriculum (tenant_id, course_id, version) values ($1, $2, 2)),
              m as (insert into module (tenant_id, course_id, title, position)
                    values ($1, $2, 'Getting started', 0) returning module_id)
         insert into lesson (tenant_id, course_id, module_id, title, kind, position)
         select $1, $2, module_id, 'Welcome', 'text', 0 from m",
    )
    .bind(tenant)
    .bind(course)
    .execute(owner)
    .await
    .unwrap();
}

/// Two portals, two instructors in the first and one in the second.
pub struct Fixture {
    pub db: Db,
    pub owner: sqlx::PgPool,
    pub a: Tenant,
    pub b: Tenant,
    pub teacher: Actor,
    pub other_teacher: Actor,
    pub teacher_b: Actor,
}

pub const TWO_MODULES: &[(&str, &[(&str, LessonKind)])] = &[
    (
        "Basics",
        &[("Welcome", Text), ("Setup", Video), ("Cheat sheet", File)],
    ),
    ("Loops", &[("For", Text), ("Check-in", Quiz)]),
];

pub fn actor(id: uuid::Uuid) -> Actor {
    Actor {
        id: id.into(),
        persona: Persona::Instructor,
    }
}

impl Fixture {
    pub async fn new() -> Fixture {
        let owner = owner_pool().await;
        let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
        let teacher = actor(create_user(&owner, &a, "t@a.test", Persona::Instructor).await);
        let other_teacher = actor(create_user(&owner, &a, "o@a.test", Persona::Instructor).await);
        let teacher_b = actor(create_user(&owner, &b, "t@b.test", Persona::Instructor).await);
        Fixture {
            db: runtime_db(3).await,
            owner,
            a,
            b,
            teacher,
            other_teacher,
            teacher_b,
        }
    }

    pub async fn tx(&self, tenant: &Tenant, who: Actor) -> lyceum_app::db::TenantTx {
        self.db
            .begin_as(tenant.id.into(), Some(who.id))
            .await
            .unwrap()
    }

    /// A draft course with `modules`, committed.
    pub async fn course(
        &self,
        tenant: &Tenant,
        who: Actor,
        title: &str,
    ) -> (CourseId, CurriculumView) {
        let mut tx = self.tx(tenant, who).await;
        let draft = CourseDraft {
            title: title.into(),
            description: "A course.".into(),
            pricing_model: "free".into(),
            currency: "USD".into(),
            skill_level: "beginner".into(),
            language: "en".into(),
            ..Default::default()
        };
        let (id, _) = courses::create(&mut tx, who, &draft).await.unwrap();
        let view = build(&mut tx, who, id, TWO_MODULES).await;
        tx.commit().await.unwrap();
        (id, view)
    }

    pub async fn view(&self, tenant: &Tenant, who: Actor, course: CourseId) -> CurriculumView {
        let mut tx = self.tx(tenant, who).await;
        curriculum::view(&mut tx, who, course).await.unwrap()
    }

    pub async fn change(
        &self,
        tenant: &Tenant,
        who: Actor,
        course: CourseId,
        version: i64,
        edit: Edit,
    ) -> Result<lyceum_app::authoring::records::CurriculumChange, AppError> {
        let mut tx = self.tx(tenant, who).await;
        let answer = curriculum::change(&mut tx, who, course, version, edit).await?;
        tx.commit().await.unwrap();
        Ok(answer)
    }

    pub async fn cleanup(self) {
        for t in [self.a.id, self.b.id] {
            sqlx::query("delete from tenant where tenant_id = $1")
                .bind(t)
                .execute(&self.owner)
                .await
                .unwrap();
        }
    }
}
