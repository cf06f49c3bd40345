//! Authoring's fixture builder: a curriculum through the service functions
//! (as the runtime role, under RLS), as the editor would build it.

use lyceum::authoring::lesson::LessonKind;
use lyceum::{Actor, CourseId};
use lyceum_app::authoring::curriculum::{self, Edit};
use lyceum_app::authoring::records::CurriculumView;
use lyceum_app::db::TenantTx;

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
