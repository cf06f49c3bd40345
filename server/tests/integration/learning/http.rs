//! The learning pages and forms over HTTP: the course page's call to
//! action, enrolling with a plain form, the player's 403, and a quiz
//! taken with plain forms (double submission and bad answers included).

use super::fixtures::Fixture;
use crate::helpers::*;

#[tokio::test]
async fn a_learner_enrolls_opens_lessons_and_takes_the_quiz_with_plain_forms() {
    let f = Fixture::new().await;
    let app = TestApp::spawn().await;
    let host = app.host_of(&f.base.a);
    let course_page = format!("/courses/{}", f.slug);
    let lesson = |i: usize| format!("/learn/{}/{}", f.slug, f.lessons[i]);

    // Visitors are asked to log in; signed-in learners get the button.
    let visitor = app.get(&host, &course_page, None).await;
    assert!(
        visitor.body.contains("Log in to enroll"),
        "{}",
        visitor.body
    );
    let cookie = app.session_for(&f.base.a, &f.learner_email).await;
    let page = app.get(&host, &course_page, Some(&cookie)).await;
    assert!(page.body.contains(r#"data-testid="enroll""#));

    // Not enrolled: the player answers 403 with the way to the course;
    // anonymous visitors are sent to log in.
    let refused = app.get(&host, &lesson(3), Some(&cookie)).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains(&format!("href=\"{course_page}\"")));
    let anonymous = app.get(&host, &lesson(3), None).await;
    assert_eq!(anonymous.status, 303);

    // Enroll without JavaScript: sent to the first lesson.
    let enrolled = app
        .submit_html_form(
            &host,
            "/fn/learning/enroll",
            &[("course", &f.course.to_string())],
            Some(&cookie),
        )
        .await;
    assert!(matches!(enrolled.status, 302 | 303), "{}", enrolled.status);
    assert_eq!(enrolled.location(), Some(lesson(0).as_str()));
    let open = app.get(&host, &lesson(0), Some(&cookie)).await;
    assert_eq!(open.status, 200);
    assert!(open.body.contains("Mark as complete"));
    assert_eq!(
        open.header("cache-control"),
        Some("no-store"),
        "a learner's page is never cached"
    );
    let page = app.get(&host, &course_page, Some(&cookie)).await;
    assert!(page.body.contains("Continue learning"));

    // Mark the lesson complete with the plain form: back to the lesson, ticked.
    let done = app
        .submit_html_form(
            &host,
            "/fn/learning/complete",
            &[("course", &f.slug), ("lesson", &f.lessons[0].to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(done.location(), Some(lesson(0).as_str()));
    let open = app.get(&host, &lesson(0), Some(&cookie)).await;
    assert!(open.body.contains("1 of 5 lessons · 20 %"), "{}", open.body);

    // The quiz: start, then submit the form.
    let started = app
        .submit_html_form(
            &host,
            "/fn/learning/start-attempt",
            &[("course", &f.slug), ("lesson", &f.lessons[4].to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(started.location(), Some(lesson(4).as_str()));
    let quiz = app.get(&host, &lesson(4), Some(&cookie)).await;
    assert!(quiz.body.contains(r#"data-testid="attempt-form""#));
    assert!(
        !quiz.body.contains("ownership"),
        "the accepted answer stays on the server"
    );
    let attempt: String =
        sqlx::query_scalar("select attempt_id::text from quiz_attempt where lesson_id = $1")
            .bind(f.lessons[4].uuid())
            .fetch_one(&f.base.owner)
            .await
            .unwrap();
    let submit = format!("/learn/{}/attempts/{attempt}/submit", f.slug);
    let (q0, q1, q2) = (
        format!("q.{}", f.questions[0]),
        format!("q.{}", f.questions[1]),
        format!("t.{}", f.questions[2]),
    );
    let lesson_field = f.lessons[4].to_string();
    let right: Vec<(&str, &str)> = vec![
        ("lesson", &lesson_field),
        (&q0, "0"),
        (&q1, "0"),
        (&q1, "1"),
        (&q2, "ownership"),
    ];
    // Without an Origin (another site's form): refused before anything.
    let forged = app
        .post_with(
            &host,
            &submit,
            &right,
            Some(&cookie),
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(forged.status, 403);
    // An answer to a question not in the attempt: nothing is stored.
    let stranger = format!("q.{}", uuid::Uuid::new_v4());
    let mut bad = right.clone();
    bad.push((&stranger, "0"));
    let refused = app
        .submit_html_form(&host, &submit, &bad, Some(&cookie))
        .await;
    assert_eq!(
        refused.location(),
        Some(format!("{}?quiz_error=bad_answers#quiz", lesson(4)).as_str())
    );
    let graded = app
        .submit_html_form(&host, &submit, &right, Some(&cookie))
        .await;
    assert_eq!(graded.status, 303);
    assert_eq!(
        graded.location(),
        Some(format!("{}#quiz-result", lesson(4)).as_str())
    );
    let twice = app
        .submit_html_form(&host, &submit, &right, Some(&cookie))
        .await;
    assert_eq!(
        twice.location(),
        Some(format!("{}?quiz_error=already_submitted#quiz", lesson(4)).as_str())
    );
    let result = app.get(&host, &lesson(4), Some(&cookie)).await;
    assert!(result.body.contains("Passed with 100 %"), "{}", result.body);
    let attempts: i64 =
        sqlx::query_scalar("select count(*) from quiz_attempt where lesson_id = $1")
            .bind(f.lessons[4].uuid())
            .fetch_one(&f.base.owner)
            .await
            .unwrap();
    assert_eq!(attempts, 1, "submitted twice, counted once");

    // Another learner cannot use the attempt (not theirs: 404).
    let other = app.session_for(&f.base.a, &f.other_email).await;
    let theirs = app
        .submit_html_form(&host, &submit, &right, Some(&other))
        .await;
    assert!(
        theirs
            .location()
            .is_some_and(|l| l.contains("quiz_error=forbidden")),
        "{:?}",
        theirs.location()
    );
    f.cleanup().await;
}

#[tokio::test]
async fn a_paid_course_says_it_is_not_for_sale_and_refuses_the_free_path() {
    let f = Fixture::new().await;
    sqlx::query(
        "update course set pricing_model = 'one_time', currency = 'USD', list_price_minor = 2900 where course_id = $1",
    )
    .bind(f.course.uuid())
    .execute(&f.base.owner)
    .await
    .unwrap();
    let app = TestApp::spawn().await;
    let host = app.host_of(&f.base.a);
    let cookie = app.session_for(&f.base.a, &f.learner_email).await;
    let page = app
        .get(&host, &format!("/courses/{}", f.slug), Some(&cookie))
        .await;
    assert!(page.body.contains("Not for sale yet"), "{}", page.body);
    assert!(!page.body.contains(r#"data-testid="enroll""#));
    let refused = app
        .submit_html_form(
            &host,
            "/fn/learning/enroll",
            &[("course", &f.course.to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(
        refused.location(),
        Some(format!("/courses/{}?enroll_error=not_for_sale", f.slug).as_str())
    );
    let shown = app
        .get(&host, refused.location().unwrap(), Some(&cookie))
        .await;
    assert!(shown.body.contains("not for sale yet"));
    let (status, _, _) = app
        .call_fn(
            &host,
            "/fn/learning/enroll",
            &[("course", &f.course.to_string())],
            Some(&cookie),
        )
        .await;
    assert_eq!(status, 402);
    f.cleanup().await;
}
