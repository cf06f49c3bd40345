//! Registration, login, logout and sessions over HTTP.

use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::error::AppError;

#[tokio::test]
async fn register_logs_in_and_greets() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let email = unique_email("new");
    let reply = app
        .post_form(
            &host,
            "/fn/register",
            &[
                ("display_name", "Nora Quinn"),
                ("email", &email),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert!(reply.status < 400, "{} {}", reply.status, reply.body);
    let cookie = reply.session_cookie().expect("a session cookie");
    let set_cookie = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "plain http has no Secure flag"
    );

    let page = app.get(&host, "/dashboard", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Welcome, Nora"), "{}", page.body);
    let persona: String = sqlx::query_scalar("select persona from app_user where email = $1")
        .bind(&email)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(persona, "learner");
}

#[tokio::test]
async fn malformed_registration_gets_field_errors_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let reply = app
        .post_form(
            &host,
            "/fn/register",
            &[
                ("display_name", "  "),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let AppError::Invalid(errors) = reply.error() else {
        panic!("expected field errors: {}", reply.body)
    };
    for field in ["display_name", "email", "password"] {
        assert!(errors.get(field).is_some(), "missing {field}: {errors:?}");
    }
    assert!(reply.session_cookie().is_none());
    let users: i64 = sqlx::query_scalar("select count(*) from app_user where tenant_id = $1")
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(users, 0);

    // A missing field is a clear client error too, never a 500.
    let missing = app
        .post_form(&host, "/fn/register", &[("email", "x@y.test")], None)
        .await;
    assert_eq!(missing.status, 400, "{}", missing.body);
}

#[tokio::test]
async fn duplicate_email_is_a_field_error() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "taken@a.test", Persona::Learner).await;
    let reply = app
        .post_form(
            &app.host_of(&app.a),
            "/fn/register",
            &[
                ("display_name", "Second"),
                ("email", "Taken@A.test"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("already registered"), "{}", reply.body);
}

#[tokio::test]
async fn login_wrong_password_and_unknown_email_look_the_same() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "ann@a.test", Persona::Learner).await;
    let ok = app.login(&app.a, "ann@a.test", PASSWORD).await;
    assert!(ok.session_cookie().is_some(), "{} {}", ok.status, ok.body);

    let wrong = app.login(&app.a, "ann@a.test", "not the password").await;
    let unknown = app.login(&app.a, "nobody@a.test", "not the password").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.error(), AppError::BadCredentials, "{}", wrong.body);

    let kinds: Vec<String> = sqlx::query_scalar(
        "select kind from audit_event where tenant_id = $1 order by audit_event_id",
    )
    .bind(app.a.id)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert_eq!(kinds, ["login", "login_failed", "login_failed"]);
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_a_retry_time() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "rl@a.test", Persona::Learner).await;
    for _ in 0..5 {
        assert_eq!(
            app.login(&app.a, "rl@a.test", "wrong password")
                .await
                .status,
            401
        );
    }
    let blocked = app.login(&app.a, "rl@a.test", PASSWORD).await;
    assert_eq!(blocked.status, 429, "{}", blocked.body);
    assert!(
        matches!(blocked.error(), AppError::RateLimited { .. }),
        "{}",
        blocked.body
    );
    assert!(
        blocked.session_cookie().is_none(),
        "even the right password waits"
    );

    // Same email on another tenant is a different account: not blocked.
    create_user(&app.owner, &app.b, "rl@a.test", Persona::Learner).await;
    assert!(app
        .login(&app.b, "rl@a.test", PASSWORD)
        .await
        .session_cookie()
        .is_some());
}

#[tokio::test]
async fn logout_deletes_the_session() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "out@a.test", Persona::Learner).await;
    let cookie = app.session_for(&app.a, "out@a.test").await;
    let host = app.host_of(&app.a);
    assert_eq!(
        app.get(&host, "/dashboard", Some(&cookie)).await.status,
        200
    );

    let reply = app.post_form(&host, "/fn/logout", &[], Some(&cookie)).await;
    assert!(reply.status < 400, "{}", reply.status);
    let cleared = reply.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    let after = app.get(&host, "/dashboard", Some(&cookie)).await;
    assert_eq!(after.status, 303, "the old cookie is anonymous now");
    assert!(after.location().unwrap().starts_with("/login"));
    let sessions: i64 = sqlx::query_scalar("select count(*) from session where tenant_id = $1")
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn login_issues_a_new_session_id() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "fix@a.test", Persona::Learner).await;
    let first = app.session_for(&app.a, "fix@a.test").await;
    let host = app.host_of(&app.a);
    let again = app
        .post_form(
            &host,
            "/fn/login",
            &[
                ("email", "fix@a.test"),
                ("password", PASSWORD),
                ("next", ""),
            ],
            Some(&first),
        )
        .await;
    let second = again.session_cookie().unwrap();
    assert_ne!(first, second);
    assert_eq!(
        app.get(&host, "/dashboard", Some(&first)).await.status,
        303,
        "the presented session ended"
    );
    assert_eq!(
        app.get(&host, "/dashboard", Some(&second)).await.status,
        200
    );
}

#[tokio::test]
async fn stale_forged_and_cross_tenant_cookies_are_anonymous() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "c@a.test", Persona::Admin).await;
    let cookie = app.session_for(&app.a, "c@a.test").await;
    let (host_a, host_b) = (app.host_of(&app.a), app.host_of(&app.b));

    // The same cookie on another tenant's host finds no session there.
    let other = app.get(&host_b, "/dashboard", Some(&cookie)).await;
    assert_eq!(other.status, 303);
    let forged = app
        .get(
            &host_a,
            "/dashboard",
            Some("lyceum_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        )
        .await;
    assert_eq!(forged.status, 303);
    let garbage = app
        .get(
            &host_a,
            "/dashboard",
            Some("lyceum_session=%00'; drop table session;--"),
        )
        .await;
    assert_eq!(garbage.status, 303);

    sqlx::query("update session set expires_at = now() - interval '1 second' where tenant_id = $1")
        .bind(app.a.id)
        .execute(&app.owner)
        .await
        .unwrap();
    assert_eq!(
        app.get(&host_a, "/dashboard", Some(&cookie)).await.status,
        303,
        "expired"
    );
}

#[tokio::test]
async fn plain_html_form_errors_come_back_on_the_page() {
    // Without JavaScript the browser posts the form and follows the redirect.
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let referer = format!("http://{host}/login");
    let reply = app
        .post_with(
            &host,
            "/fn/login",
            &[("email", "bad"), ("password", "x"), ("next", "")],
            None,
            &[
                ("origin", &format!("http://{host}")),
                ("accept", "text/html"),
                ("referer", &referer),
            ],
        )
        .await;
    assert_eq!(reply.status, 302);
    let location = reply.location().unwrap().to_owned();
    assert!(location.contains("__err="), "{location}");
    let path = location.trim_start_matches(&format!("http://{host}"));
    let page = app.get(&host, path, None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("This email is not a valid email address."),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn admin_changes_a_persona_and_it_is_audited() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "boss@a.test", Persona::Admin).await;
    let learner = create_user(&app.owner, &app.a, "pupil@a.test", Persona::Learner).await;
    let admin = app.session_for(&app.a, "boss@a.test").await;
    let pupil = app.session_for(&app.a, "pupil@a.test").await;
    let host = app.host_of(&app.a);
    let id = learner.to_string();

    // A learner may not do it.
    let denied = app
        .post_form(
            &host,
            "/fn/admin/persona",
            &[("user_id", &id), ("persona", "admin")],
            Some(&pupil),
        )
        .await;
    assert_eq!(denied.status, 403);
    // Nor may anyone assign a platform persona.
    let bad = app
        .post_form(
            &host,
            "/fn/admin/persona",
            &[("user_id", &id), ("persona", "super_admin")],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status, 422);

    let ok = app
        .post_form(
            &host,
            "/fn/admin/persona",
            &[("user_id", &id), ("persona", "instructor")],
            Some(&admin),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let (persona, audited): (String, i64) = sqlx::query_as(
        "select u.persona, (select count(*) from audit_event e where e.subject_user_id = u.user_id and e.kind = 'persona_changed')
         from app_user u where u.user_id = $1",
    )
    .bind(learner)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!((persona.as_str(), audited), ("instructor", 1));
    assert_eq!(
        app.get(&host, "/dashboard", Some(&pupil)).await.status,
        303,
        "their sessions ended"
    );

    // A user id from another tenant is simply not found.
    let foreign = create_user(&app.owner, &app.b, "far@b.test", Persona::Learner)
        .await
        .to_string();
    let miss = app
        .post_form(
            &host,
            "/fn/admin/persona",
            &[("user_id", &foreign), ("persona", "admin")],
            Some(&admin),
        )
        .await;
    assert_eq!(miss.status, 404);
}

#[tokio::test]
async fn many_failures_from_one_address_are_rate_limited_across_accounts() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "target@a.test", Persona::Learner).await;
    // Twenty failures spread over different accounts from the same client IP.
    for i in 0..20 {
        let reply = app
            .login(&app.a, &format!("guess{i}@a.test"), "wrong password")
            .await;
        assert_eq!(reply.status, 401, "attempt {i}");
    }
    let blocked = app.login(&app.a, "target@a.test", PASSWORD).await;
    assert_eq!(blocked.status, 429, "{}", blocked.body);
    assert!(blocked.session_cookie().is_none());
}
