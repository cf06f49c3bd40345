//! The curriculum through its service functions (as the runtime role,
//! under RLS) and over HTTP: moves, reorders against a version, refusals
//! that leave the order as it was, two editors at once, isolation, and the
//! rule that a published course keeps a lesson.

use super::fixtures::actor;
use super::fixtures::{build, Fixture, TWO_MODULES};
use crate::helpers::*;
use lyceum::authoring::curriculum::{ModuleOrder, Outline, Step};
use lyceum::authoring::lesson::LessonKind::*;
use lyceum::catalog::course::StatusAction;
use lyceum::{Actor, CourseId, Persona};
use lyceum_app::authoring::curriculum::{self, Edit};
use lyceum_app::authoring::records::CurriculumView;
use lyceum_app::catalog::courses;
use lyceum_app::catalog::records::CourseDraft;
use lyceum_app::error::AppError;

fn titles(view: &CurriculumView) -> Vec<Vec<String>> {
    view.modules
        .iter()
        .map(|m| m.lessons.iter().map(|l| l.title.clone()).collect())
        .collect()
}

/// Positions as stored: dense from 0 in every module and over the modules.
async fn stored_positions(f: &Fixture, course: CourseId) -> (Vec<i32>, Vec<Vec<i32>>) {
    let modules: Vec<(uuid::Uuid, i32)> = sqlx::query_as(
        "select module_id, position from module where course_id = $1 order by position",
    )
    .bind(course.uuid())
    .fetch_all(&f.owner)
    .await
    .unwrap();
    let mut lessons = Vec::new();
    for (module, _) in &modules {
        let positions: Vec<i32> = sqlx::query_scalar(
            "select position from lesson where module_id = $1 order by position",
        )
        .bind(module)
        .fetch_all(&f.owner)
        .await
        .unwrap();
        lessons.push(positions);
    }
    (modules.into_iter().map(|(_, p)| p).collect(), lessons)
}

#[tokio::test]
async fn moves_and_reorders_keep_positions_dense_and_bump_the_version() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    assert_eq!(
        titles(&view),
        [
            vec!["Welcome", "Setup", "Cheat sheet"],
            vec!["For", "Check-in"]
        ]
    );
    assert_eq!(view.total_minutes(), 0);
    let v0 = view.version;

    // Down from the bottom of module 1: the top of module 2.
    let cheat = view.modules[0].lessons[2].id;
    let moved = f
        .change(
            &f.a,
            f.teacher,
            course,
            v0,
            Edit::MoveLesson {
                lesson: cheat,
                step: Step::Down,
            },
        )
        .await
        .unwrap();
    assert!(moved.applied);
    assert_eq!(moved.curriculum.version, v0 + 1);
    assert_eq!(
        titles(&moved.curriculum),
        [
            vec!["Welcome", "Setup"],
            vec!["Cheat sheet", "For", "Check-in"]
        ]
    );
    assert_eq!(
        stored_positions(&f, course).await,
        (vec![0, 1], vec![vec![0, 1], vec![0, 1, 2]])
    );

    // A whole new order in one call (what a drag ends with).
    let mut order = moved.curriculum.outline();
    order.modules.swap(0, 1);
    let setup = order.modules[1].lessons.remove(1);
    order.modules[0].lessons.insert(0, setup);
    let reordered = f
        .change(
            &f.a,
            f.teacher,
            course,
            v0 + 1,
            Edit::Reorder(order.clone()),
        )
        .await
        .unwrap();
    assert!(reordered.applied);
    assert_eq!(reordered.curriculum.outline(), order);
    assert_eq!(
        titles(&reordered.curriculum),
        [
            vec!["Setup", "Cheat sheet", "For", "Check-in"],
            vec!["Welcome"]
        ]
    );
    assert_eq!(
        stored_positions(&f, course).await,
        (vec![0, 1], vec![vec![0, 1, 2, 3], vec![0]])
    );

    // Deleting closes the gap; modules move with their lessons.
    let v = reordered.curriculum.version;
    let for_lesson = reordered.curriculum.modules[0].lessons[2].id;
    let deleted = f
        .change(
            &f.a,
            f.teacher,
            course,
            v,
            Edit::DeleteLesson { lesson: for_lesson },
        )
        .await
        .unwrap();
    assert_eq!(
        stored_positions(&f, course).await,
        (vec![0, 1], vec![vec![0, 1, 2], vec![0]])
    );
    let second = deleted.curriculum.modules[1].id;
    let up = f
        .change(
            &f.a,
            f.teacher,
            course,
            v + 1,
            Edit::MoveModule {
                module: second,
                step: Step::Up,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&up.curriculum),
        [vec!["Welcome"], vec!["Setup", "Cheat sheet", "Check-in"]]
    );
    // Renames need no version and do not bump it.
    let renamed = f
        .change(
            &f.a,
            f.teacher,
            course,
            0,
            Edit::RenameModule {
                module: second,
                title: "  Introduction ".into(),
            },
        )
        .await
        .unwrap();
    assert!(renamed.applied);
    assert_eq!(renamed.curriculum.version, up.curriculum.version);
    assert_eq!(renamed.curriculum.modules[0].title, "Introduction");
    f.cleanup().await;
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_current_order() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let v = view.version;
    let first = view.modules[0].lessons[0].id;
    // Another tab moves a lesson…
    f.change(
        &f.a,
        f.teacher,
        course,
        v,
        Edit::MoveLesson {
            lesson: first,
            step: Step::Down,
        },
    )
    .await
    .unwrap();
    // …and this one, still at version v, tries to reorder.
    let mut order = view.outline();
    order.modules.reverse();
    let stale = f
        .change(&f.a, f.teacher, course, v, Edit::Reorder(order))
        .await
        .unwrap();
    assert!(!stale.applied);
    assert_eq!(stale.curriculum.version, v + 1);
    assert_eq!(
        titles(&stale.curriculum),
        [
            vec!["Setup", "Welcome", "Cheat sheet"],
            vec!["For", "Check-in"]
        ],
        "the current order, unchanged by the stale request"
    );
    f.cleanup().await;
}

#[tokio::test]
async fn reorders_that_are_not_one_are_refused_and_change_nothing() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let (other_course, other) = f.course(&f.a, f.teacher, "Go").await;
    let (_, foreign) = f.course(&f.b, f.teacher_b, "Elsewhere").await;
    let v = view.version;
    let current = view.outline();

    let mut duplicated = current.clone();
    let again = duplicated.modules[0].lessons[0];
    duplicated.modules[1].lessons.push(again);
    let mut missing = current.clone();
    missing.modules[1].lessons.pop();
    let mut other_courses = current.clone();
    other_courses.modules[0]
        .lessons
        .push(other.modules[0].lessons[0].id);
    let mut other_tenants = current.clone();
    other_tenants.modules[0]
        .lessons
        .push(foreign.modules[0].lessons[0].id);
    let mut foreign_module = current.clone();
    foreign_module.modules.push(ModuleOrder {
        id: other.modules[0].id,
        lessons: vec![],
    });
    for (name, order) in [
        ("a lesson twice", duplicated),
        ("a lesson left out", missing),
        ("another course's lesson", other_courses),
        ("another portal's lesson", other_tenants),
        ("another course's module", foreign_module),
    ] {
        let err = f
            .change(&f.a, f.teacher, course, v, Edit::Reorder(order))
            .await
            .unwrap_err();
        assert!(
            err.field_errors().and_then(|e| e.get("order")).is_some(),
            "{name}: {err:?}"
        );
    }
    // Moves naming another course's or portal's items: not found.
    for edit in [
        Edit::MoveLesson {
            lesson: other.modules[0].lessons[0].id,
            step: Step::Down,
        },
        Edit::DeleteLesson {
            lesson: foreign.modules[0].lessons[0].id,
        },
        Edit::MoveLessonTo {
            lesson: view.modules[0].lessons[0].id,
            module: other.modules[1].id,
        },
        Edit::RenameLesson {
            lesson: foreign.modules[0].lessons[0].id,
            title: "Mine".into(),
        },
        Edit::DeleteModule {
            module: foreign.modules[0].id,
        },
    ] {
        let err = f
            .change(&f.a, f.teacher, course, v, edit.clone())
            .await
            .unwrap_err();
        assert_eq!(err, AppError::NotFound, "{edit:?}");
    }
    // Bad titles are field errors.
    for title in ["", "   ", "\u{202e}txet", &"x".repeat(121)] {
        let err = f
            .change(
                &f.a,
                f.teacher,
                course,
                v,
                Edit::AddModule {
                    title: title.into(),
                },
            )
            .await
            .unwrap_err();
        assert!(
            err.field_errors().and_then(|e| e.get("title")).is_some(),
            "{title:?}"
        );
    }
    // Nothing moved anywhere.
    assert_eq!(f.view(&f.a, f.teacher, course).await.outline(), current);
    assert_eq!(
        f.view(&f.a, f.teacher, other_course).await.outline(),
        other.outline()
    );
    let mut tx = f.tx(&f.b, f.teacher_b).await;
    let theirs = curriculum::view(&mut tx, f.teacher_b, foreign.course.id)
        .await
        .unwrap();
    assert_eq!(titles(&theirs), titles(&foreign));
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn two_reorders_at_once_one_wins_and_the_other_gets_the_current_order() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let v = view.version;
    let mut mine = view.outline();
    mine.modules.reverse();
    let mut theirs = view.outline();
    theirs.modules[0].lessons.reverse();

    let mut first = f.tx(&f.a, f.teacher).await;
    let applied = curriculum::change(
        &mut first,
        f.teacher,
        course,
        v,
        Edit::Reorder(mine.clone()),
    )
    .await
    .unwrap();
    assert!(applied.applied);
    // The second waits for the first's lock, then sees its version.
    let db = f.db.clone();
    let (tenant, teacher) = (f.a.id, f.teacher);
    let second = tokio::spawn(async move {
        let mut tx = db.begin_as(tenant.into(), Some(teacher.id)).await.unwrap();
        let answer = curriculum::change(&mut tx, teacher, course, v, Edit::Reorder(theirs))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        answer
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!second.is_finished(), "the second waits for the first");
    first.commit().await.unwrap();
    let refused = second.await.unwrap();
    assert!(!refused.applied);
    assert_eq!(refused.curriculum.outline(), mine, "the winner's order");
    assert_eq!(f.view(&f.a, f.teacher, course).await.outline(), mine);
    f.cleanup().await;
}

#[tokio::test]
async fn edits_of_different_lessons_at_once_both_succeed() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let (one, two) = (view.modules[0].lessons[0].id, view.modules[1].lessons[0].id);
    let rename = |lesson, title: &'static str| {
        let db = f.db.clone();
        let (tenant, teacher) = (f.a.id, f.teacher);
        tokio::spawn(async move {
            let mut tx = db.begin_as(tenant.into(), Some(teacher.id)).await.unwrap();
            let answer = curriculum::change(
                &mut tx,
                teacher,
                course,
                0,
                Edit::RenameLesson {
                    lesson,
                    title: title.into(),
                },
            )
            .await;
            tx.commit().await.unwrap();
            answer.map(|a| a.applied)
        })
    };
    let (a, b) = tokio::join!(rename(one, "Hello"), rename(two, "While"));
    assert_eq!((a.unwrap(), b.unwrap()), (Ok(true), Ok(true)));
    let now = f.view(&f.a, f.teacher, course).await;
    assert_eq!(now.modules[0].lessons[0].title, "Hello");
    assert_eq!(now.modules[1].lessons[0].title, "While");
    assert_eq!(
        now.version, view.version,
        "renames leave the order's version alone"
    );
    f.cleanup().await;
}

#[tokio::test]
async fn only_the_courses_instructor_and_admins_edit_it() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let mut tx = f.tx(&f.a, f.other_teacher).await;
    assert_eq!(
        curriculum::view(&mut tx, f.other_teacher, course)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    drop(tx);
    let err = f
        .change(
            &f.a,
            f.other_teacher,
            course,
            view.version,
            Edit::AddModule {
                title: "Mine".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    // Another portal's instructor cannot even see it exists.
    let mut tx = f.tx(&f.b, f.teacher_b).await;
    assert_eq!(
        curriculum::view(&mut tx, f.teacher_b, course)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    drop(tx);
    let admin = Actor {
        id: create_user(&f.owner, &f.a, "admin@a.test", Persona::Admin)
            .await
            .into(),
        persona: Persona::Admin,
    };
    let added = f
        .change(
            &f.a,
            admin,
            course,
            view.version,
            Edit::AddModule {
                title: "From the admin".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(added.curriculum.modules.len(), 3);
    f.cleanup().await;
}

#[tokio::test]
async fn publishing_needs_a_lesson_and_a_published_course_keeps_one() {
    let f = Fixture::new().await;
    let mut tx = f.tx(&f.a, f.teacher).await;
    let category = lyceum_app::catalog::categories::create_category(&mut tx, "Programming", "", "")
        .await
        .unwrap();
    let draft = CourseDraft {
        title: "Tiny".into(),
        description: "Small.".into(),
        categories: vec![category.to_string()],
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, _) = courses::create(&mut tx, f.teacher, &draft).await.unwrap();
    let err = courses::change_status(&mut tx, f.teacher, course, StatusAction::Publish)
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()
            .map(|e| e.iter().map(|(_, m)| m.to_owned()).collect::<Vec<_>>()),
        Some(vec!["Add a module with at least one lesson.".to_owned()])
    );
    // An empty module is not enough; a quiz without questions is not ready.
    let view = build(&mut tx, f.teacher, course, &[("Empty", &[])]).await;
    assert_eq!(view.problems, ["Add a module with at least one lesson."]);
    let view = build(
        &mut tx,
        f.teacher,
        course,
        &[("Quiz", &[("Check-in", Quiz)])],
    )
    .await;
    assert_eq!(
        view.problems,
        ["The quiz “Check-in” needs at least one question worth points."]
    );
    let quiz = view.modules[1].lessons[0].id;
    curriculum::change(
        &mut tx,
        f.teacher,
        course,
        view.version,
        Edit::DeleteLesson { lesson: quiz },
    )
    .await
    .unwrap();
    let view = build(
        &mut tx,
        f.teacher,
        course,
        &[("Lessons", &[("Only", Text)])],
    )
    .await;
    assert!(view.problems.is_empty(), "{:?}", view.problems);
    courses::change_status(&mut tx, f.teacher, course, StatusAction::Publish)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Published: its last lesson cannot go, nor the module holding it.
    let only = view.modules[2].lessons[0].id;
    let err = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::DeleteLesson { lesson: only },
        )
        .await
        .unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("order")).is_some(),
        "{err:?}"
    );
    let err = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::DeleteModule {
                module: view.modules[2].id,
            },
        )
        .await
        .unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("order")).is_some(),
        "{err:?}"
    );
    // The empty module may go.
    let ok = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::DeleteModule {
                module: view.modules[0].id,
            },
        )
        .await
        .unwrap();
    assert_eq!(titles(&ok.curriculum), [vec![], vec!["Only"]]);
    f.cleanup().await;
}

#[tokio::test]
async fn the_editor_works_over_http_without_javascript() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "nojs@a.test", Persona::Instructor).await;
    let db = runtime_db(1).await;
    let who = actor(teacher);
    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    let draft = CourseDraft {
        title: "Forms only".into(),
        description: "No scripts.".into(),
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, _) = courses::create(&mut tx, who, &draft).await.unwrap();
    let view = build(&mut tx, who, course, TWO_MODULES).await;
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);
    let cookie = app.session_for(&app.a, "nojs@a.test").await;
    let path = format!("/instructor/courses/{course}/curriculum");

    let page = app.get(&host, &path, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    for title in ["Basics", "Loops", "Cheat sheet", "Check-in"] {
        assert!(page.body.contains(title), "{title}");
    }
    // Each move button's name starts with what it shows (WCAG 2.5.3).
    assert!(page
        .body
        .contains("aria-label=\"Move down: Lesson Setup, 2 of 3 in module 1\""));
    // Anonymous visitors are sent to log in; learners may not.
    assert_eq!(app.get(&host, &path, None).await.status, 303);

    // A plain form post moves a lesson and comes back to the editor.
    let setup = view.modules[0].lessons[1].id.to_string();
    let version = view.version.to_string();
    let course_id = course.to_string();
    let form = |op: &'static str, item: &str, version: &str| {
        vec![
            ("course", course_id.clone()),
            ("version", version.to_owned()),
            ("edit[op]", op.to_owned()),
            ("edit[item]", item.to_owned()),
        ]
    };
    let fields = form("lesson_down", &setup, &version);
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let moved = app
        .submit_html_form(&host, "/fn/authoring/change", &borrowed, Some(&cookie))
        .await;
    assert_eq!(moved.status, 302, "{}", moved.body);
    assert_eq!(moved.location(), Some(path.as_str()));
    let now = {
        let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
        curriculum::view(&mut tx, who, course).await.unwrap()
    };
    assert_eq!(titles(&now)[0], ["Welcome", "Cheat sheet", "Setup"]);
    // The same form again (its version is now stale): back with ?stale=1,
    // and the page says why; nothing moved.
    let again = app
        .submit_html_form(&host, "/fn/authoring/change", &borrowed, Some(&cookie))
        .await;
    assert_eq!(again.location(), Some(format!("{path}?stale=1").as_str()));
    let page = app
        .get(&host, &format!("{path}?stale=1"), Some(&cookie))
        .await;
    assert!(page.body.contains("data-testid=\"stale-note\""));
    let unchanged = {
        let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
        curriculum::view(&mut tx, who, course).await.unwrap()
    };
    assert_eq!(unchanged.outline(), now.outline());
    // Malformed input: a clear refusal, never a 500.
    for (op, item, version) in [
        ("lesson_down", "not-an-id", now.version.to_string()),
        ("teleport", setup.as_str(), now.version.to_string()),
        ("lesson_down", setup.as_str(), "nine".to_owned()),
    ] {
        let fields = form(op, item, &version);
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = app
            .post_form(&host, "/fn/authoring/change", &borrowed, Some(&cookie))
            .await;
        assert!(
            matches!(reply.status, 404 | 422),
            "{op} {item} {version}: {}",
            reply.status
        );
    }
    let _ = Outline::default();
}

#[tokio::test]
async fn a_delete_racing_a_publish_cannot_leave_it_empty() {
    let f = Fixture::new().await;
    let mut tx = f.tx(&f.a, f.teacher).await;
    let category = lyceum_app::catalog::categories::create_category(&mut tx, "Racing", "", "")
        .await
        .unwrap();
    let draft = CourseDraft {
        title: "Race".into(),
        description: "Fast.".into(),
        categories: vec![category.to_string()],
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, _) = courses::create(&mut tx, f.teacher, &draft).await.unwrap();
    let view = build(&mut tx, f.teacher, course, &[("Only", &[("Lesson", Text)])]).await;
    tx.commit().await.unwrap();
    let only = view.modules[0].lessons[0].id;

    // Publishing is under way (it saw one lesson)…
    let mut publishing = f.tx(&f.a, f.teacher).await;
    courses::change_status(&mut publishing, f.teacher, course, StatusAction::Publish)
        .await
        .unwrap();
    // …when the lesson is deleted: the delete waits for the publish…
    let db = f.db.clone();
    let (tenant, teacher, version) = (f.a.id, f.teacher, view.version);
    let delete = tokio::spawn(async move {
        let mut tx = db.begin_as(tenant.into(), Some(teacher.id)).await.unwrap();
        let answer = curriculum::change(
            &mut tx,
            teacher,
            course,
            version,
            Edit::DeleteLesson { lesson: only },
        )
        .await;
        if answer.is_ok() {
            tx.commit().await.unwrap();
        }
        answer
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!delete.is_finished(), "the delete waits for the publish");
    publishing.commit().await.unwrap();
    // …and then sees a published course, whose last lesson stays.
    let err = delete.await.unwrap().unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("order")).is_some(),
        "{err:?}"
    );
    assert_eq!(
        titles(&f.view(&f.a, f.teacher, course).await),
        [vec!["Lesson"]]
    );
    f.cleanup().await;
}

#[tokio::test]
async fn a_published_course_gets_no_empty_quiz_and_a_full_course_no_more_modules() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    // The quiz of TWO_MODULES has no question yet: a draft may hold it.
    assert_eq!(
        view.problems,
        ["The quiz “Check-in” needs at least one question worth points."]
    );
    let stored: i64 = sqlx::query_scalar("select count(*) from assessment where lesson_id = $1")
        .bind(view.modules[1].lessons[1].id.uuid())
        .fetch_one(&f.owner)
        .await
        .unwrap();
    assert_eq!(stored, 1, "a quiz lesson gets its settings row");
    // Published (its quiz removed first), it may not gain an empty quiz.
    let quiz = view.modules[1].lessons[1].id;
    let view = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::DeleteLesson { lesson: quiz },
        )
        .await
        .unwrap()
        .curriculum;
    sqlx::query(
        "update course set status = 'published', published_at = now() where course_id = $1",
    )
    .bind(course.uuid())
    .execute(&f.owner)
    .await
    .unwrap();
    let module = view.modules[1].id;
    let err = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::AddLesson {
                module,
                title: "Surprise".into(),
                kind: Quiz,
            },
        )
        .await
        .unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("order")).is_some(),
        "{err:?}"
    );
    let added = f
        .change(
            &f.a,
            f.teacher,
            course,
            view.version,
            Edit::AddLesson {
                module,
                title: "More text".into(),
                kind: Text,
            },
        )
        .await
        .unwrap();
    assert!(
        added.applied,
        "other lessons may be added to a published course"
    );

    // A course holds at most 100 modules: the 101st is a field error, not a 500.
    sqlx::query(
        "insert into module (tenant_id, course_id, title, position)
         select $1, $2, 'Filler ' || n, n from generate_series(2, 99) n",
    )
    .bind(f.a.id)
    .bind(course.uuid())
    .execute(&f.owner)
    .await
    .unwrap();
    let full = f.view(&f.a, f.teacher, course).await;
    assert_eq!(full.modules.len(), 100);
    let err = f
        .change(
            &f.a,
            f.teacher,
            course,
            full.version,
            Edit::AddModule {
                title: "One too many".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("order")).is_some(),
        "{err:?}"
    );
    f.cleanup().await;
}

#[tokio::test]
async fn learners_and_anonymous_visitors_never_reach_the_editor() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "own@a.test", Persona::Instructor).await;
    create_user(&app.owner, &app.a, "learn@a.test", Persona::Learner).await;
    let db = runtime_db(1).await;
    let who = actor(teacher);
    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    let draft = CourseDraft {
        title: "Private".into(),
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, _) = courses::create(&mut tx, who, &draft).await.unwrap();
    let view = build(&mut tx, who, course, TWO_MODULES).await;
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);
    let learner = app.session_for(&app.a, "learn@a.test").await;
    let path = format!("/instructor/courses/{course}/curriculum");
    assert_eq!(app.get(&host, &path, Some(&learner)).await.status, 403);
    let lesson = view.modules[0].lessons[0].id;
    let page = app
        .get(
            &host,
            &format!("/instructor/courses/{course}/lessons/{lesson}"),
            Some(&learner),
        )
        .await;
    assert_eq!(page.status, 403);
    let change = app
        .post_form(
            &host,
            "/fn/authoring/change",
            &[
                ("course", &course.to_string()),
                ("version", &view.version.to_string()),
                ("edit[op]", "delete_lesson"),
                ("edit[item]", &lesson.to_string()),
            ],
            Some(&learner),
        )
        .await;
    assert_eq!(change.status, 403);
    let anonymous = app
        .post_form(
            &host,
            "/fn/authoring/save-lesson",
            &[
                ("course", &course.to_string()),
                ("lesson", &lesson.to_string()),
                ("draft[title]", "Mine"),
            ],
            None,
        )
        .await;
    assert_eq!(anonymous.status, 401);
    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    let unchanged = curriculum::view(&mut tx, who, course).await.unwrap();
    assert_eq!(unchanged.outline(), view.outline());
    assert_eq!(unchanged.modules[0].lessons[0].title, "Welcome");
}
