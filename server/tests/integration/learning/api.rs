//! Learning's REST API (enrollments, progress, attempts, certificates),
//! reviews (who may review, the course's rating and the catalog facet), and
//! the dashboard's recommendations, over the real tables.

use super::fixtures::Fixture;
use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::error::AppError;
use serde_json::{json, Value};

async fn token(app: &TestApp, subdomain: &str, email: &str) -> String {
    let reply = app
        .api(
            "POST",
            &app.platform_host(),
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": email, "password": PASSWORD, "tenant": subdomain})),
            &[],
        )
        .await;
    assert_eq!(reply.status(), 200, "{reply:?}");
    reply.json["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_rest_api_enrolls_reports_progress_takes_quizzes_and_lists_certificates() {
    let f = Fixture::new().await;
    f.give_video(100_000).await;
    let app = TestApp::spawn().await;
    let host = app.host_of(&f.base.a);
    let me = token(&app, &f.base.a.subdomain, &f.learner_email).await;
    let other = token(&app, &f.base.a.subdomain, &f.other_email).await;
    let call = |method: &'static str, path: String, token: &str, body: Option<Value>| {
        let (app, host, token) = (&app, host.clone(), token.to_owned());
        async move {
            app.api(method, &host, &path, Some(&token), body.as_ref(), &[])
                .await
        }
    };

    // Enroll: 201, then 200 for the same course; nonsense is 404.
    let first = call(
        "POST",
        "/api/v1/enrollments".into(),
        &me,
        Some(json!({"courseId": f.course.to_string()})),
    )
    .await;
    assert_eq!(first.status(), 201, "{first:?}");
    let enrollment = first.json["id"].as_str().unwrap().to_owned();
    assert_eq!(first.json["status"], "active");
    let again = call(
        "POST",
        "/api/v1/enrollments".into(),
        &me,
        Some(json!({"courseId": f.course.to_string()})),
    )
    .await;
    assert_eq!(
        (again.status(), again.json["id"].as_str()),
        (200, Some(enrollment.as_str()))
    );
    let bogus = call(
        "POST",
        "/api/v1/enrollments".into(),
        &me,
        Some(json!({"courseId": "nope"})),
    )
    .await;
    assert_eq!(bogus.status(), 404);
    let list = call("GET", "/api/v1/enrollments".into(), &me, None).await;
    assert_eq!(list.json.as_array().unwrap().len(), 1);

    // Progress: mine to read and change; another learner's is 403.
    let progress = format!("/api/v1/progress/{enrollment}");
    let shown = call("GET", progress.clone(), &me, None).await;
    assert_eq!(
        (shown.status(), shown.json["total"].as_u64()),
        (200, Some(5))
    );
    let theirs = call("GET", progress.clone(), &other, None).await;
    assert_eq!(theirs.status(), 403);
    let patched = call(
        "PATCH",
        progress.clone(),
        &other,
        Some(json!({"lessonId": f.lessons[0].to_string()})),
    )
    .await;
    assert_eq!(patched.status(), 403);
    for i in [0, 2, 3] {
        let done = call(
            "PATCH",
            progress.clone(),
            &me,
            Some(json!({"lessonId": f.lessons[i].to_string()})),
        )
        .await;
        assert_eq!(done.status(), 200, "{done:?}");
    }
    let watched = call(
        "PATCH",
        progress.clone(),
        &me,
        Some(json!({"lessonId": f.lessons[1].to_string(), "positionMs": 95_000})),
    )
    .await;
    assert_eq!(watched.json["percent"], 80);
    assert_eq!(
        watched.json["completedLessons"].as_array().unwrap().len(),
        4
    );
    // A quiz is passed, not marked.
    let refused = call(
        "PATCH",
        progress.clone(),
        &me,
        Some(json!({"lessonId": f.lessons[4].to_string()})),
    )
    .await;
    assert_eq!(refused.status(), 422);

    // The quiz: start, the key nowhere; answer, submit, pass.
    let quiz = format!("/api/v1/progress/{enrollment}/quizzes/{}", f.lessons[4]);
    let started = call("POST", format!("{quiz}/attempts"), &me, None).await;
    assert_eq!(started.status(), 201, "{started:?}");
    let body = started.reply.body.clone();
    for secret in ["ownership", "correct", "explanation", "accepted"] {
        assert!(
            !body.to_lowercase().contains(secret),
            "{secret} leaked: {body}"
        );
    }
    let attempt = started.json["open"]["id"].as_str().unwrap().to_owned();
    let answers = json!({"answers": {
        f.questions[0].to_string(): [0],
        f.questions[1].to_string(): [0, 1],
        f.questions[2].to_string(): "Ownership",
    }});
    let saved = call(
        "PUT",
        format!("/api/v1/progress/{enrollment}/attempts/{attempt}/answers"),
        &me,
        Some(answers.clone()),
    )
    .await;
    assert_eq!(saved.status(), 204, "{saved:?}");
    let stranger = json!({"answers": {uuid::Uuid::new_v4().to_string(): [0]}});
    let bad = call(
        "POST",
        format!("/api/v1/progress/{enrollment}/attempts/{attempt}/submit"),
        &me,
        Some(stranger),
    )
    .await;
    assert_eq!(bad.status(), 422, "{bad:?}");
    let submitted = call(
        "POST",
        format!("/api/v1/progress/{enrollment}/attempts/{attempt}/submit"),
        &me,
        Some(answers.clone()),
    )
    .await;
    assert_eq!(submitted.status(), 200, "{submitted:?}");
    assert_eq!(
        (
            submitted.json["passed"].as_bool(),
            submitted.json["scorePercent"].as_u64()
        ),
        (Some(true), Some(100))
    );
    let twice = call(
        "POST",
        format!("/api/v1/progress/{enrollment}/attempts/{attempt}/submit"),
        &me,
        Some(answers),
    )
    .await;
    assert_eq!(twice.status(), 422);
    let done = call("GET", progress.clone(), &me, None).await;
    assert_eq!(
        (done.json["percent"].as_u64(), done.json["status"].as_str()),
        (Some(100), Some("completed"))
    );

    // The certificate, once the job has run: mine, and public by code.
    f.run_jobs().await;
    let mine = call("GET", "/api/v1/certificates".into(), &me, None).await;
    let cert = &mine.json[0];
    assert_eq!(
        (cert["status"].as_str(), cert["signatureValid"].as_bool()),
        (Some("valid"), Some(true))
    );
    let code = cert["code"].as_str().unwrap().to_owned();
    let public = app
        .api(
            "GET",
            &host,
            &format!("/api/v1/certificates/{code}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(public.status(), 200);
    assert_eq!(public.json["credentialJwt"], cert["credentialJwt"]);
    let unknown = app
        .api(
            "GET",
            &host,
            "/api/v1/certificates/aaaaaaaaaaaaaaaaaaaaaaaaaa",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let listed = call("GET", "/api/v1/enrollments".into(), &me, None).await;
    assert_eq!(listed.json[0]["certificate"]["code"], code.as_str());

    // Another portal: the enrollment, its progress and the certificate are 404.
    let b_email = unique_email("rest-b");
    create_user(&f.base.owner, &f.base.b, &b_email, Persona::Learner).await;
    let b = token(&app, &f.base.b.subdomain, &b_email).await;
    let b_host = app.host_of(&f.base.b);
    let cross = app
        .api("GET", &b_host, &progress, Some(&b), None, &[])
        .await;
    assert_eq!(cross.status(), 404);
    let cross = app
        .api(
            "GET",
            &b_host,
            &format!("/api/v1/certificates/{code}"),
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(cross.status(), 404);
    f.cleanup().await;
}

#[tokio::test]
async fn a_paid_course_is_402_over_rest() {
    let f = Fixture::new().await;
    sqlx::query("update course set pricing_model = 'one_time', list_price_minor = 1900 where course_id = $1")
        .bind(f.course.uuid())
        .execute(&f.base.owner)
        .await
        .unwrap();
    let app = TestApp::spawn().await;
    let host = app.host_of(&f.base.a);
    let me = token(&app, &f.base.a.subdomain, &f.learner_email).await;
    let paid = app
        .api(
            "POST",
            &host,
            "/api/v1/enrollments",
            Some(&me),
            Some(&json!({"courseId": f.course.to_string()})),
            &[],
        )
        .await;
    assert_eq!(paid.status(), 402);
    assert_eq!(paid.json["error"]["code"], "payment_required");
    f.cleanup().await;
}

async fn rating(f: &Fixture) -> (Option<f64>, i32) {
    sqlx::query_as::<_, (Option<f64>, i32)>(
        "select rating_average::float8, rating_count from course where course_id = $1",
    )
    .bind(f.course.uuid())
    .fetch_one(&f.base.owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn enrolled_learners_review_once_and_the_course_rating_follows() {
    let f = Fixture::new().await;
    let app = TestApp::spawn().await;
    let host = app.host_of(&f.base.a);
    let course = f.course.to_string();
    let cookie = app.session_for(&f.base.a, &f.learner_email).await;
    let post = |rating: &'static str, body: &'static str, cookie: String| {
        let (app, host, course) = (&app, host.clone(), course.clone());
        async move {
            app.submit_html_form(
                &host,
                "/fn/learning/review",
                &[("course", &course), ("rating", rating), ("body", body)],
                Some(&cookie),
            )
            .await
        }
    };
    // The catalog's "3 stars and up" page, before any review (now cached).
    let listed = |page: &Reply| page.body.contains(&format!("href=\"/courses/{}\"", f.slug));
    let before = app.get(&host, "/courses?rating=3", None).await;
    assert_eq!(before.status, 200);
    assert!(!listed(&before));
    // Not enrolled: refused, nothing stored.
    let refused = post("5", "", cookie.clone()).await;
    assert_eq!(
        refused.location(),
        Some(format!("/courses/{}?review_error=not_enrolled#reviews", f.slug).as_str())
    );
    assert_eq!(rating(&f).await, (None, 0));
    let page = app
        .get(&host, &format!("/courses/{}", f.slug), Some(&cookie))
        .await;
    assert!(!page.body.contains(r#"data-testid="review-form""#));

    f.enroll(f.learner).await;
    f.enroll(f.other_learner).await;
    let page = app
        .get(&host, &format!("/courses/{}", f.slug), Some(&cookie))
        .await;
    assert!(page.body.contains(r#"data-testid="review-form""#));
    // Out of range, or hidden characters: field errors, nothing stored.
    for (stars, body, code) in [
        ("0", "", "rating"),
        ("6", "", "rating"),
        ("x", "", "rating"),
        ("4", "nice\u{202e}", "body"),
    ] {
        let r = post(stars, body, cookie.clone()).await;
        assert_eq!(
            r.location(),
            Some(format!("/courses/{}?review_error={code}#reviews", f.slug).as_str()),
            "{stars} {body:?}"
        );
    }
    assert_eq!(rating(&f).await, (None, 0));
    // With JavaScript the same refusal is a 422 with the field.
    let js = app
        .post_form(
            &host,
            "/fn/learning/review",
            &[("course", &course), ("rating", "9"), ("body", "")],
            Some(&cookie),
        )
        .await;
    assert_eq!(js.status, 422);

    let saved = post("4", "Good <b>course</b>", cookie.clone()).await;
    assert_eq!(
        saved.location(),
        Some(format!("/courses/{}?review=saved#reviews", f.slug).as_str())
    );
    assert_eq!(rating(&f).await, (Some(4.0), 1));
    // Editing replaces it: still one review.
    post("2", "Changed my mind", cookie.clone()).await;
    assert_eq!(rating(&f).await, (Some(2.0), 1));
    let other = app.session_for(&f.base.a, &f.other_email).await;
    post("5", "", other).await;
    assert_eq!(rating(&f).await, (Some(3.5), 2));

    // The page shows the average, the count and the text, escaped.
    let page = app.get(&host, &format!("/courses/{}", f.slug), None).await;
    assert!(
        page.body.contains(r#"data-testid="reviews-average">3.5<"#),
        "{}",
        page.body
    );
    assert!(page.body.contains("2 reviews"));
    assert!(page.body.contains("Changed my mind"));

    // The catalog's rating filter sees it at once: the review's commit
    // cleared the cached page and counts.
    assert!(listed(&app.get(&host, "/courses?rating=3", None).await));
    assert!(!listed(&app.get(&host, "/courses?rating=4", None).await));

    // Another portal's learner: the course does not exist there.
    let mut tx = f.base.tx(&f.base.b, f.learner_b).await;
    let review = lyceum::catalog::review::check("5", "").unwrap();
    let err = lyceum_app::catalog::reviews::save(&mut tx, f.learner_b.id, f.course, &review)
        .await
        .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    drop(tx);
    f.cleanup().await;
}

#[tokio::test]
async fn recommendations_come_from_co_enrollment_and_skip_what_the_learner_has() {
    let f = Fixture::new().await;
    // A second published course in portal A that the other learner also took.
    let (second, _) = f
        .base
        .course(&f.base.a, f.base.teacher, "Async in Depth")
        .await;
    sqlx::query(
        "update course set status = 'published', published_at = now() where course_id = $1",
    )
    .bind(second.uuid())
    .execute(&f.base.owner)
    .await
    .unwrap();
    f.enroll(f.learner).await;
    f.enroll(f.other_learner).await;
    let mut tx = f.tx(f.other_learner).await;
    let course = lyceum_app::catalog::enrollable::course(
        &mut tx,
        lyceum_app::catalog::enrollable::CourseRef::Id(second),
    )
    .await
    .unwrap()
    .unwrap();
    lyceum_app::learning::enrollments::enroll(
        &mut tx,
        f.other_learner.id,
        &course,
        lyceum::learning::enrollment::EnrollmentSource::Free,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = f.tx(f.learner).await;
    let list = lyceum_app::learning::recommendations::for_learner(&mut tx, f.learner.id)
        .await
        .unwrap();
    assert_eq!(list[0].title, "Async in Depth");
    assert_eq!(
        list[0].reason,
        "Learners who took Learning Rust also took this"
    );
    assert!(
        list.iter().all(|r| r.title != "Learning Rust"),
        "never one already taken"
    );
    drop(tx);
    // The other learner has both: nothing of those two.
    let mut tx = f.tx(f.other_learner).await;
    let theirs = lyceum_app::learning::recommendations::for_learner(&mut tx, f.other_learner.id)
        .await
        .unwrap();
    assert!(theirs
        .iter()
        .all(|r| r.title != "Async in Depth" && r.title != "Learning Rust"));
    drop(tx);
    // Unpublished: gone from recommendations.
    sqlx::query("update course set status = 'archived' where course_id = $1")
        .bind(second.uuid())
        .execute(&f.base.owner)
        .await
        .unwrap();
    let mut tx = f.tx(f.learner).await;
    let list = lyceum_app::learning::recommendations::for_learner(&mut tx, f.learner.id)
        .await
        .unwrap();
    assert!(list.iter().all(|r| r.title != "Async in Depth"));
    drop(tx);
    f.cleanup().await;
}
