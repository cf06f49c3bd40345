//! A lesson's content and a quiz's questions through the service
//! functions, and the lesson editor over HTTP.

use super::fixtures::{build, Fixture};
use crate::helpers::*;
use lyceum::authoring::lesson::LessonDraft;
use lyceum::authoring::lesson::LessonKind::*;
use lyceum::authoring::quiz::{ChoiceOption, QuestionDraft, QuizSettingsDraft};
use lyceum::Persona;
use lyceum_app::authoring::lessons::{self, QuestionChange};
use lyceum_app::error::AppError;

fn choice(text: &str, correct: bool) -> ChoiceOption {
    ChoiceOption {
        text: text.into(),
        correct,
    }
}

fn single(prompt: &str) -> QuestionDraft {
    QuestionDraft {
        kind: "single".into(),
        prompt: prompt.into(),
        options: vec![choice("Yes", true), choice("No", false)],
        ..Default::default()
    }
}

#[tokio::test]
async fn a_lesson_saves_its_settings_and_body_and_refuses_bad_ones() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let lesson = view.modules[0].lessons[0].id;
    let mut tx = f.tx(&f.a, f.teacher).await;
    let saved = lessons::save(
        &mut tx,
        f.teacher,
        course,
        lesson,
        &LessonDraft {
            title: " Hello ".into(),
            estimated_minutes: "15".into(),
            free_preview: true,
            body: "# Start\n\n<script>alert(1)</script> [x](javascript:alert(1)) \u{0}".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (
            saved.title.as_str(),
            saved.estimated_minutes,
            saved.free_preview
        ),
        ("Hello", 15, true)
    );
    let editor = lessons::for_edit(
        &mut tx,
        &crate::helpers::test_media(),
        f.teacher,
        course,
        lesson,
    )
    .await
    .unwrap();
    assert!(
        !editor.draft.body.contains('\u{0}'),
        "NUL never reaches the database"
    );
    assert!(
        editor.body_html.contains("<h2>Start</h2>"),
        "{}",
        editor.body_html
    );
    assert!(
        !editor.body_html.contains("<script>"),
        "{}",
        editor.body_html
    );
    assert!(
        !editor.body_html.contains("href=\"javascript"),
        "{}",
        editor.body_html
    );
    assert_eq!(editor.previous, None);
    assert_eq!(editor.next, Some(view.modules[0].lessons[1].id));
    for (field, draft) in [
        (
            "title",
            LessonDraft {
                title: "".into(),
                ..Default::default()
            },
        ),
        (
            "estimated_minutes",
            LessonDraft {
                title: "Ok".into(),
                estimated_minutes: "99999".into(),
                ..Default::default()
            },
        ),
        (
            "estimated_minutes",
            LessonDraft {
                title: "Ok".into(),
                estimated_minutes: "-4".into(),
                ..Default::default()
            },
        ),
    ] {
        let err = lessons::save(&mut tx, f.teacher, course, lesson, &draft)
            .await
            .unwrap_err();
        assert!(
            err.field_errors().and_then(|e| e.get(field)).is_some(),
            "{field}: {err:?}"
        );
    }
    // Another course's lesson, or another portal's: not found.
    let (other, other_view) = f.course(&f.a, f.teacher, "Go").await;
    let err = lessons::save(
        &mut tx,
        f.teacher,
        course,
        other_view.modules[0].lessons[0].id,
        &LessonDraft {
            title: "X".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    let _ = other;
    tx.commit().await.unwrap();
    f.cleanup().await;
}

#[tokio::test]
async fn a_quiz_gets_questions_of_every_kind_in_order() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let quiz = view.modules[1].lessons[1].id;
    let text = view.modules[0].lessons[0].id;
    let mut tx = f.tx(&f.a, f.teacher).await;
    lessons::save_quiz_settings(
        &mut tx,
        f.teacher,
        course,
        quiz,
        &QuizSettingsDraft {
            passing_score: "80".into(),
            max_attempts: "3".into(),
            time_limit_minutes: "".into(),
            shuffle: true,
        },
    )
    .await
    .unwrap();
    let bad = QuizSettingsDraft {
        passing_score: "120".into(),
        ..Default::default()
    };
    let err = lessons::save_quiz_settings(&mut tx, f.teacher, course, quiz, &bad)
        .await
        .unwrap_err();
    assert!(err
        .field_errors()
        .and_then(|e| e.get("passing_score"))
        .is_some());
    // A text lesson has no quiz.
    let err = lessons::save_quiz_settings(
        &mut tx,
        f.teacher,
        course,
        text,
        &QuizSettingsDraft::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::NotFound);

    let first = lessons::save_question(&mut tx, f.teacher, course, quiz, None, &single("First?"))
        .await
        .unwrap();
    let tf = QuestionDraft {
        kind: "true_false".into(),
        prompt: "Rust has a garbage collector.".into(),
        options: vec![choice("True", false), choice("False", true)],
        points: "2".into(),
        ..Default::default()
    };
    lessons::save_question(&mut tx, f.teacher, course, quiz, None, &tf)
        .await
        .unwrap();
    let short = QuestionDraft {
        kind: "short_text".into(),
        prompt: "Which command builds?".into(),
        accepted_answers: vec!["cargo build".into()],
        ..Default::default()
    };
    let third = lessons::save_question(&mut tx, f.teacher, course, quiz, None, &short)
        .await
        .unwrap();
    let multiple = QuestionDraft {
        kind: "multiple".into(),
        prompt: "Extractors?".into(),
        options: vec![
            choice("Path", true),
            choice("Json", true),
            choice("Router", false),
        ],
        points: "3".into(),
        ..Default::default()
    };
    lessons::save_question(&mut tx, f.teacher, course, quiz, Some(first), &multiple)
        .await
        .unwrap();
    // Refusals: no correct option, negative points; nothing stored.
    let none_correct = QuestionDraft {
        options: vec![choice("a", false), choice("b", false)],
        ..single("None?")
    };
    let err = lessons::save_question(&mut tx, f.teacher, course, quiz, None, &none_correct)
        .await
        .unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("options")).is_some());
    let negative = QuestionDraft {
        points: "-1".into(),
        ..single("Negative?")
    };
    let err = lessons::save_question(&mut tx, f.teacher, course, quiz, None, &negative)
        .await
        .unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("points")).is_some());

    lessons::change_question(
        &mut tx,
        f.teacher,
        course,
        quiz,
        third,
        QuestionChange::Move(lyceum::authoring::curriculum::Step::Up),
    )
    .await
    .unwrap();
    let editor = lessons::for_edit(
        &mut tx,
        &crate::helpers::test_media(),
        f.teacher,
        course,
        quiz,
    )
    .await
    .unwrap();
    let q = editor.quiz.unwrap();
    let prompts: Vec<&str> = q
        .questions
        .iter()
        .map(|r| r.question.prompt.as_str())
        .collect();
    assert_eq!(
        prompts,
        [
            "Extractors?",
            "Which command builds?",
            "Rust has a garbage collector."
        ]
    );
    assert_eq!(q.total_points(), 6);
    assert_eq!(
        (
            q.settings.passing_score.as_str(),
            q.settings.max_attempts.as_str(),
            q.settings.shuffle
        ),
        ("80", "3", true)
    );
    let positions: Vec<i32> =
        sqlx::query_scalar("select position from question where lesson_id = $1 order by position")
            .bind(quiz.uuid())
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    assert_eq!(positions, [0, 1, 2]);
    lessons::change_question(
        &mut tx,
        f.teacher,
        course,
        quiz,
        third,
        QuestionChange::Delete,
    )
    .await
    .unwrap();
    let positions: Vec<i32> =
        sqlx::query_scalar("select position from question where lesson_id = $1 order by position")
            .bind(quiz.uuid())
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    assert_eq!(positions, [0, 1], "the gap closes");
    // The quiz is ready: the curriculum has no more problems.
    let curriculum = lyceum_app::authoring::curriculum::view(&mut tx, f.teacher, course)
        .await
        .unwrap();
    assert!(curriculum.problems.is_empty(), "{:?}", curriculum.problems);
    // Another instructor may not touch it.
    let err = lessons::save_question(
        &mut tx,
        f.other_teacher,
        course,
        quiz,
        None,
        &single("Mine?"),
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    tx.commit().await.unwrap();
    f.cleanup().await;
}

#[tokio::test]
async fn a_published_courses_quiz_keeps_a_question() {
    let f = Fixture::new().await;
    let (course, view) = f.course(&f.a, f.teacher, "Rust").await;
    let quiz = view.modules[1].lessons[1].id;
    let mut tx = f.tx(&f.a, f.teacher).await;
    let only = lessons::save_question(&mut tx, f.teacher, course, quiz, None, &single("Only?"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    sqlx::query(
        "update course set status = 'published', published_at = now() where course_id = $1",
    )
    .bind(course.uuid())
    .execute(&f.owner)
    .await
    .unwrap();
    let mut tx = f.tx(&f.a, f.teacher).await;
    let err = lessons::change_question(
        &mut tx,
        f.teacher,
        course,
        quiz,
        only,
        QuestionChange::Delete,
    )
    .await
    .unwrap_err();
    assert!(
        err.field_errors()
            .and_then(|e| e.get("questions"))
            .is_some(),
        "{err:?}"
    );
    drop(tx);
    let count: i64 = sqlx::query_scalar("select count(*) from question where lesson_id = $1")
        .bind(quiz.uuid())
        .fetch_one(&f.owner)
        .await
        .unwrap();
    assert_eq!(count, 1);
    f.cleanup().await;
}

#[tokio::test]
async fn the_lesson_editor_works_over_http_without_javascript() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "lesson@a.test", Persona::Instructor).await;
    let db = runtime_db(1).await;
    let who = super::fixtures::actor(teacher);
    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    let draft = lyceum_app::catalog::records::CourseDraft {
        title: "Forms".into(),
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, _) = lyceum_app::catalog::courses::create(&mut tx, who, &draft)
        .await
        .unwrap();
    let view = build(
        &mut tx,
        who,
        course,
        &[("One", &[("Read me", Text), ("Check", Quiz)])],
    )
    .await;
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);
    let cookie = app.session_for(&app.a, "lesson@a.test").await;
    let (text, quiz) = (view.modules[0].lessons[0].id, view.modules[0].lessons[1].id);
    let path = format!("/instructor/courses/{course}/lessons/{text}");
    let page = app.get(&host, &path, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Read me"));
    let (c, l) = (course.to_string(), text.to_string());
    let saved = app
        .submit_html_form(
            &host,
            "/fn/authoring/save-lesson",
            &[
                ("course", &c),
                ("lesson", &l),
                ("draft[title]", "Read me first"),
                ("draft[estimated_minutes]", "7"),
                ("draft[free_preview]", "true"),
                ("draft[body]", "Some **bold** text </textarea><b>x</b>"),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.status, 302, "{}", saved.body);
    assert_eq!(saved.location(), Some(format!("{path}?saved=1").as_str()));
    let page = app
        .get(&host, &format!("{path}?saved=1"), Some(&cookie))
        .await;
    assert!(page.body.contains("data-testid=\"saved-note\""));
    assert!(
        page.body.contains("<strong>bold</strong>"),
        "the preview is rendered on the server"
    );
    assert!(
        page.body.contains("&lt;/textarea&gt;"),
        "the body cannot end its textarea early"
    );
    assert!(!page.body.contains("<b>x</b>"));

    // A question through the builder's plain form: a true / false one.
    let q = quiz.to_string();
    let added = app
        .submit_html_form(
            &host,
            "/fn/authoring/question",
            &[
                ("course", &c),
                ("lesson", &q),
                ("question", ""),
                ("draft[kind]", "true_false"),
                ("draft[prompt]", "The sky is green."),
                ("draft[truth]", "false"),
                ("draft[points]", "2"),
                ("draft[options][0][text]", ""),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(added.status, 302, "{}", added.body);
    let page = app
        .get(
            &host,
            &format!("/instructor/courses/{course}/lessons/{quiz}"),
            Some(&cookie),
        )
        .await;
    assert!(page.body.contains("The sky is green."));
    assert!(page.body.contains("data-testid=\"quiz-builder\""));
    // Bad input is a clear refusal.
    for fields in [
        vec![
            ("course", c.as_str()),
            ("lesson", q.as_str()),
            ("question", ""),
            ("draft[kind]", "single"),
            ("draft[prompt]", "No options?"),
            ("draft[points]", "1"),
        ],
        vec![
            ("course", c.as_str()),
            ("lesson", q.as_str()),
            ("question", "nope"),
            ("draft[kind]", "single"),
            ("draft[prompt]", "x"),
            ("draft[points]", "1"),
        ],
        vec![
            ("course", c.as_str()),
            ("lesson", "not-a-lesson"),
            ("question", ""),
            ("draft[kind]", "single"),
            ("draft[prompt]", "x"),
            ("draft[points]", "99999999999"),
        ],
    ] {
        let reply = app
            .post_form(&host, "/fn/authoring/question", &fields, Some(&cookie))
            .await;
        assert!(
            matches!(reply.status, 404 | 422),
            "{fields:?}: {}",
            reply.status
        );
    }
}

#[tokio::test]
async fn the_course_page_lists_the_curriculum_and_opens_free_previews_only() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "outline@a.test", Persona::Instructor).await;
    let db = runtime_db(1).await;
    let who = super::fixtures::actor(teacher);
    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    let category = lyceum_app::catalog::categories::create_category(&mut tx, "Outlines", "", "")
        .await
        .unwrap();
    let draft = lyceum_app::catalog::records::CourseDraft {
        title: "Outlined".into(),
        description: "With lessons.".into(),
        categories: vec![category.to_string()],
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    };
    let (course, slug) = lyceum_app::catalog::courses::create(&mut tx, who, &draft)
        .await
        .unwrap();
    let view = build(
        &mut tx,
        who,
        course,
        &[
            ("Start", &[("Open door", Text), ("Members only", Text)]),
            ("More", &[("Later", Text)]),
        ],
    )
    .await;
    let (open, closed) = (view.modules[0].lessons[0].id, view.modules[0].lessons[1].id);
    lessons::save(
        &mut tx,
        who,
        course,
        open,
        &LessonDraft {
            title: "Open door".into(),
            estimated_minutes: "5".into(),
            free_preview: true,
            body: "Welcome **in**.".into(),
        },
    )
    .await
    .unwrap();
    lessons::save(
        &mut tx,
        who,
        course,
        closed,
        &LessonDraft {
            title: "Members only".into(),
            estimated_minutes: "70".into(),
            free_preview: false,
            body: "The secret sauce.".into(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);

    // A draft: neither its page nor its previews exist for visitors.
    let preview_path = format!("/courses/{slug}/lessons/{open}");
    assert_eq!(app.get(&host, &preview_path, None).await.status, 404);

    let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
    lyceum_app::catalog::courses::change_status(
        &mut tx,
        who,
        course,
        lyceum::catalog::course::StatusAction::Publish,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let page = app.get(&host, &format!("/courses/{slug}"), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Course content"));
    assert!(
        page.body.contains("2 modules · 3 lessons · 1 h 15 min"),
        "the length comes from the lessons"
    );
    for title in ["Start", "Open door", "Members only", "More", "Later"] {
        assert!(page.body.contains(title), "{title}");
    }
    assert!(page.body.contains(&preview_path), "the preview is linked");
    assert!(
        !page.body.contains(&format!("/lessons/{closed}")),
        "other lessons are not"
    );
    assert!(
        !page.body.contains("secret sauce"),
        "no body on the course page"
    );

    let preview = app.get(&host, &preview_path, None).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("Welcome <strong>in</strong>."));
    assert!(preview.body.contains("noindex"));
    for path in [
        format!("/courses/{slug}/lessons/{closed}"),
        format!("/courses/{slug}/lessons/{}", uuid::Uuid::new_v4()),
        format!("/courses/{slug}/lessons/not-an-id"),
        format!("/courses/no-such-course/lessons/{open}"),
    ] {
        let reply = app.get(&host, &path, None).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("secret sauce"), "{path}");
    }
    // Another portal does not know it.
    assert_eq!(
        app.get(&app.host_of(&app.b), &preview_path, None)
            .await
            .status,
        404
    );
    // Its instructor may open any lesson through the same page.
    let cookie = app.session_for(&app.a, "outline@a.test").await;
    let own = app
        .get(
            &host,
            &format!("/courses/{slug}/lessons/{closed}"),
            Some(&cookie),
        )
        .await;
    assert_eq!(own.status, 200);
    assert!(own.body.contains("secret sauce"));
}
