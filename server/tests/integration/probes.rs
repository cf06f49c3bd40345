//! The probes of issue 10 (a newcomer's `make run`, then inputs modelled on
//! public bug reports), kept as tests over HTTP. Each names the item it
//! covers; each failed on the code before the fix.

use crate::helpers::*;
use futures_util::future::join_all;
use lyceum::Persona;
use serde_json::json;

/// Item 1: text that ends a raw-text element early stays text.
#[tokio::test]
async fn saved_markup_is_inert_in_every_editor_field() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "ines@a.test", Persona::Instructor).await;
    create_user(&app.owner, &app.a, "amelia@a.test", Persona::Admin).await;
    let teacher = app.session_for(&app.a, "ines@a.test").await;
    let admin = app.session_for(&app.a, "amelia@a.test").await;
    let payloads = ["</textarea><b id=x>", "</title><b id=x>"];

    for payload in payloads {
        let created = app
            .post_form(
                &host,
                "/fn/catalog/create",
                &[
                    ("draft[title]", &format!("Course {payload}")),
                    ("draft[slug]", ""),
                    ("draft[subtitle]", payload),
                    ("draft[description]", &format!("Intro {payload} more")),
                    ("draft[tags]", payload),
                    ("draft[pricing_model]", "free"),
                    ("draft[currency]", ""),
                    ("draft[list_price]", ""),
                    ("draft[sale_price]", ""),
                    ("draft[sale_ends_on]", ""),
                    ("draft[duration_minutes]", ""),
                    ("draft[skill_level]", "beginner"),
                    ("draft[language]", "en"),
                    ("draft[prerequisites]", payload),
                ],
                Some(&teacher),
            )
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        let id: String = created.answer();
        let category = app
            .post_form(
                &host,
                "/fn/catalog/category",
                &[
                    ("op", "create"),
                    ("id", ""),
                    ("name", payload),
                    ("slug", ""),
                    ("parent_id", ""),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(category.status, 200, "{}", category.body);

        for (who, path) in [
            (&teacher, format!("/instructor/courses/{id}")),
            (&teacher, "/instructor".to_owned()),
            (&admin, format!("/instructor/courses/{id}")),
            (&admin, "/admin/categories".to_owned()),
            (&teacher, "/instructor/courses/new".to_owned()),
        ] {
            let page = app.get(&host, &path, Some(who)).await;
            assert_eq!(page.status, 200, "{path}");
            for live in ["<b id=x>", "<b id=\"x\">", "<b id='x'>"] {
                assert!(
                    !page.body.contains(live),
                    "{path} renders {payload:?} as markup:\n{}",
                    page.body
                );
            }
        }
        let editor = app
            .get(&host, &format!("/instructor/courses/{id}"), Some(&teacher))
            .await;
        assert!(
            editor.body.contains("&lt;b id=x&gt;"),
            "the text is still shown, escaped: {}",
            editor.body
        );
    }
}

/// Item 3: `next` never leads off the site, and text a header cannot carry
/// gets an answer, not a dropped connection.
#[tokio::test]
async fn login_next_is_a_local_path_or_the_dashboard() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "nx@a.test", Persona::Learner).await;
    for (next, expected) in [
        ("/\t/evil.example", "/dashboard"),
        ("/\r\nx", "/dashboard"),
        ("//evil.example", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("/courses?q=rust", "/courses?q=rust"),
    ] {
        let reply = app
            .submit_html_form(
                &host,
                "/fn/login",
                &[
                    ("email", "nx@a.test"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
                None,
            )
            .await;
        assert_eq!(reply.status, 302, "{next:?}: {}", reply.body);
        assert_eq!(reply.location(), Some(expected), "{next:?}");
        assert!(reply.session_cookie().is_some(), "{next:?}");
    }
}

/// Item 3: a panic in a handler is the error page with a request id.
#[tokio::test]
async fn a_panic_is_the_error_page_with_a_request_id() {
    let db = runtime_db(1).await;
    let routes = axum::Router::new().route(
        "/boom",
        axum::routing::get(|| async {
            if true {
                panic!("a handler bug");
            }
            "unreachable"
        }),
    );
    let router =
        lyceum_server::startup::with_outer_layers(routes, test_state(db, test_config(false)));
    let addr = serve_router(router).await;
    let reply = reqwest::get(format!("http://{addr}/boom"))
        .await
        .expect("an answer, not a dropped connection");
    assert_eq!(reply.status(), 500);
    let id = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
    let cache = reply.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = reply.text().await.unwrap();
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(body.contains(&id), "the page names request {id}: {body}");
    assert!(
        !body.contains("a handler bug"),
        "the panic stays in the log"
    );
    assert_eq!(cache, "no-store");
}

/// Item 3, its streamed kind: a page whose later part panics while it
/// streams (its status line is sent) ends with the notice and the request
/// id, and its connection closes cleanly: the whole body arrives.
#[tokio::test]
async fn a_panic_while_a_page_streams_ends_it_with_the_notice() {
    let db = runtime_db(1).await;
    let routes = axum::Router::new().route(
        "/streaming",
        axum::routing::get(|| async {
            use futures_util::StreamExt;
            let parts = futures_util::stream::iter([0, 1]).map(|n| {
                if n == 1 {
                    panic!("a bug in a streamed part");
                }
                Ok::<_, std::io::Error>(bytes::Bytes::from_static(
                    b"<!DOCTYPE html><main><h1>First part</h1>",
                ))
            });
            (
                [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                axum::body::Body::from_stream(parts),
            )
        }),
    );
    let router =
        lyceum_server::startup::with_outer_layers(routes, test_state(db, test_config(false)));
    let addr = serve_router(router).await;
    let reply = reqwest::get(format!("http://{addr}/streaming"))
        .await
        .unwrap();
    assert_eq!(reply.status(), 200, "the status line went out before");
    let id = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = reply
        .text()
        .await
        .expect("the whole body, not a dropped connection");
    assert!(
        body.starts_with("<!DOCTYPE html><main><h1>First part</h1>"),
        "{body}"
    );
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(body.contains(&id), "the notice names request {id}: {body}");
    assert!(!body.contains("a bug in a streamed part"));
}

/// Item 4: thirty wrong passwords at once get at most five password checks.
#[tokio::test]
async fn parallel_guesses_get_at_most_five_checks() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "race@a.test", Persona::Learner).await;
    let replies =
        join_all((0..30).map(|_| app.login(&app.a, "race@a.test", "wrong password"))).await;
    let checked = replies.iter().filter(|r| r.status == 401).count();
    let refused = replies.iter().filter(|r| r.status == 429).count();
    assert_eq!(checked + refused, 30);
    assert!(checked <= 5, "{checked} password checks ran");
    let failures: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where tenant_id = $1 and kind = 'login_failed'",
    )
    .bind(app.a.id)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert!(failures <= 5, "{failures} failures audited");
}

/// Item 4: many people signing in at once from one address (a school
/// network) are never locked out for it: at most a second's wait.
#[tokio::test]
async fn simultaneous_correct_logins_are_not_a_lockout() {
    let app = TestApp::spawn().await;
    let emails: Vec<String> = (0..25).map(|n| format!("pupil{n}@a.test")).collect();
    for email in &emails {
        create_user(&app.owner, &app.a, email, Persona::Learner).await;
    }
    let replies = join_all(emails.iter().map(|e| app.login(&app.a, e, PASSWORD))).await;
    let mut waited = Vec::new();
    for (email, reply) in emails.iter().zip(&replies) {
        if reply.status == 429 {
            assert_eq!(
                reply.error(),
                lyceum_app::error::AppError::RateLimited {
                    retry_after_secs: 1
                },
                "{}",
                reply.body
            );
            waited.push(email);
        } else {
            assert!(
                reply.session_cookie().is_some(),
                "{email}: {} {}",
                reply.status,
                reply.body
            );
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for email in waited {
        let again = app.login(&app.a, email, PASSWORD).await;
        assert!(
            again.session_cookie().is_some(),
            "{email} after a second: {}",
            again.status
        );
    }
}

/// Item 4: a browser that signed in before keeps signing in while its
/// address and its account are being guessed at.
#[tokio::test]
async fn a_known_browser_is_not_locked_out() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "lena@a.test", Persona::Learner).await;
    let first = app.login(&app.a, "lena@a.test", PASSWORD).await;
    let device = first.cookie("lyceum_device").expect("a device cookie");

    // Twenty wrong guesses at other accounts from this address (one school
    // network), and five at Lena's: both limits are reached.
    for n in 0..20 {
        app.login(&app.a, &format!("pupil{n}@a.test"), "wrong")
            .await;
    }
    for _ in 0..5 {
        app.login(&app.a, "lena@a.test", "wrong").await;
    }
    assert_eq!(app.login(&app.a, "lena@a.test", PASSWORD).await.status, 429);

    // Lena's own browser signs in.
    let reply = app
        .post_form(
            &host,
            "/fn/login",
            &[
                ("email", "lena@a.test"),
                ("password", PASSWORD),
                ("next", ""),
            ],
            Some(&device),
        )
        .await;
    assert!(
        reply.session_cookie().is_some(),
        "{} {}",
        reply.status,
        reply.body
    );
    // A device cookie for another account helps nobody else.
    let other = app
        .post_form(
            &host,
            "/fn/login",
            &[
                ("email", "pupil1@a.test"),
                ("password", "wrong"),
                ("next", ""),
            ],
            Some(&device),
        )
        .await;
    assert_eq!(other.status, 429);
}

/// Item 4: the client address comes from the proxy's headers only when the
/// proxy is trusted; then one client's failures do not block another's.
#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    async fn attempt(app: &TestApp, email: &str, password: &str, client: &str) -> Reply {
        let host = app.host_of(&app.a);
        let origin = format!("http://{host}");
        // A client's own `Forwarded` passes through a proxy that writes
        // X-Forwarded-For: it must change nothing.
        let made_up = format!("for=192.0.2.{}", email.len() % 250);
        app.post_with(
            &host,
            "/fn/login",
            &[("email", email), ("password", password), ("next", "")],
            None,
            &[
                ("origin", &origin),
                ("x-forwarded-for", client),
                ("forwarded", &made_up),
            ],
        )
        .await
    }
    let behind =
        TestApp::spawn_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    create_user(&behind.owner, &behind.a, "ok@a.test", Persona::Learner).await;
    for n in 0..20 {
        attempt(&behind, &format!("g{n}@a.test"), "wrong", "203.0.113.9").await;
    }
    let blocked = attempt(&behind, "ok@a.test", PASSWORD, "203.0.113.9").await;
    assert_eq!(blocked.status, 429, "the guessing client is limited");
    let other = attempt(&behind, "ok@a.test", PASSWORD, "198.51.100.7").await;
    assert_eq!(
        other.status, 200,
        "another client behind the same proxy is not: {}",
        other.body
    );
    let ip: Option<String> = sqlx::query_scalar(
        "select host(ip) from audit_event where tenant_id = $1 and kind = 'login' order by audit_event_id desc limit 1",
    )
    .bind(behind.a.id)
    .fetch_one(&behind.owner)
    .await
    .unwrap();
    assert_eq!(
        ip.as_deref(),
        Some("198.51.100.7"),
        "the audit log records the client"
    );

    // Without a trusted proxy the header is the client's own words.
    let direct = TestApp::spawn().await;
    create_user(&direct.owner, &direct.a, "ok@a.test", Persona::Learner).await;
    for n in 0..20 {
        attempt(
            &direct,
            &format!("g{n}@a.test"),
            "wrong",
            &format!("10.0.0.{n}"),
        )
        .await;
    }
    let spoofed = attempt(&direct, "ok@a.test", PASSWORD, "198.51.100.7").await;
    assert_eq!(
        spoofed.status, 429,
        "a made-up X-Forwarded-For changes nothing"
    );
}

/// Item 6: nothing rendered for a signed-in person, no server function's
/// answer and no token is stored by a cache.
#[tokio::test]
async fn private_answers_are_not_cacheable() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "admin@a.test", Persona::Admin).await;
    let admin = app.session_for(&app.a, "admin@a.test").await;
    for path in ["/admin", "/dashboard", "/courses", "/"] {
        let page = app.get(&host, path, Some(&admin)).await;
        assert_eq!(
            page.header("cache-control"),
            Some("no-store"),
            "{path} signed in"
        );
    }
    let anonymous = app.get(&host, "/courses", None).await;
    assert_eq!(anonymous.status, 200);
    assert_ne!(
        anonymous.header("cache-control"),
        Some("no-store"),
        "public pages may be cached"
    );
    assert!(anonymous
        .header("vary")
        .is_some_and(|v| v.to_lowercase().contains("cookie")));
    let server_fn = app
        .post_form(&host, "/fn/catalog/categories", &[], None)
        .await;
    assert_eq!(server_fn.header("cache-control"), Some("no-store"));
    let token = app
        .api(
            "POST",
            &host,
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": "admin@a.test", "password": PASSWORD})),
            &[],
        )
        .await;
    assert_eq!(token.status(), 200);
    assert_eq!(token.reply.header("cache-control"), Some("no-store"));
    let bearer = token.json["token"].as_str().unwrap().to_owned();
    let listed = app
        .api("GET", &host, "/api/v1/courses", Some(&bearer), None, &[])
        .await;
    assert_eq!(listed.reply.header("cache-control"), Some("no-store"));
    // An anonymous list may be cached, but only per tenant header.
    let anonymous = app
        .api("GET", &host, "/api/v1/courses", None, None, &[])
        .await;
    assert_eq!(anonymous.status(), 200);
    assert_ne!(anonymous.reply.header("cache-control"), Some("no-store"));
    let vary: Vec<String> = anonymous
        .reply
        .headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap().to_lowercase())
        .collect();
    assert!(vary.iter().any(|v| v.contains("x-tenant-id")), "{vary:?}");
}

/// Item 7: invisible names and lookalike emails.
#[tokio::test]
async fn lookalike_identities_are_refused_or_folded() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "lena@acme.test", Persona::Learner).await;
    async fn register(app: &TestApp, host: &str, name: &str, email: &str) -> Reply {
        app.post_form(
            host,
            "/fn/register",
            &[
                ("display_name", name),
                ("email", email),
                ("password", PASSWORD),
            ],
            None,
        )
        .await
    }
    let register = |name: &'static str, email: &'static str| register(&app, &host, name, email);
    for (name, email, named) in [
        (
            "\u{200B}\u{200B}",
            "ghost@acme.test",
            "must contain visible characters",
        ),
        ("Lena\u{202E}", "bidi@acme.test", "direction-changing"),
        ("Lena Again", "ｌｅｎａ@acme.test", "already registered"),
        (
            "Lena Mixed",
            "l\u{0435}na@acme.test",
            "must not mix alphabets",
        ),
    ] {
        let reply = register(name, email).await;
        assert_eq!(reply.status, 422, "{name:?} {email}: {}", reply.body);
        assert!(
            reply.body.contains(named),
            "{name:?} {email}: {}",
            reply.body
        );
    }
    let users: i64 = sqlx::query_scalar("select count(*) from app_user where tenant_id = $1")
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(users, 1, "nothing was stored");
    // The fullwidth spelling signs in as the real account.
    let login = app.login(&app.a, "ｌｅｎａ@acme.test", PASSWORD).await;
    assert!(
        login.session_cookie().is_some(),
        "{} {}",
        login.status,
        login.body
    );
    let sessions: i64 = sqlx::query_scalar(
        "select count(*) from session s join app_user u using (tenant_id, user_id)
          where u.tenant_id = $1 and u.email = 'lena@acme.test'",
    )
    .bind(app.a.id)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(sessions, 1, "Lena's account signed in");
}

/// Item 8: guarded pages send anonymous visitors to log in, with a status
/// a browser follows without JavaScript.
#[tokio::test]
async fn guarded_pages_redirect_anonymous_visitors() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    for path in [
        "/admin",
        "/dashboard",
        "/learning",
        "/instructor",
        "/instructor/courses/new",
        "/instructor/courses/00000000-0000-4000-8000-000000000001",
        "/admin/categories",
        "/portals",
    ] {
        let reply = app.get(&host, path, None).await;
        assert_eq!(reply.status, 303, "{path}: {}", reply.body);
        assert_eq!(
            reply.location(),
            Some(format!("/login?next={path}").as_str()),
            "{path}"
        );
    }
    let with_query = app.get(&host, "/instructor/courses/new?x=1", None).await;
    assert_eq!(
        with_query.location(),
        Some("/login?next=/instructor/courses/new%3Fx%3D1")
    );
}

/// An instructor with an API token, in tenant A of `app`, and a category.
async fn api_instructor(app: &TestApp) -> (String, uuid::Uuid) {
    let email = unique_email("api-teach");
    create_user(&app.owner, &app.a, &email, Persona::Instructor).await;
    let reply = app
        .api(
            "POST",
            &app.host_of(&app.a),
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": email, "password": PASSWORD})),
            &[],
        )
        .await;
    assert_eq!(reply.status(), 200, "{reply:?}");
    let category: uuid::Uuid = sqlx::query_scalar(
        "insert into category (tenant_id, name, slug) values ($1, 'Programming', 'programming') returning category_id",
    )
    .bind(app.a.id)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    (reply.json["token"].as_str().unwrap().to_owned(), category)
}

fn course_body(title: &str, category: uuid::Uuid) -> serde_json::Value {
    json!({
        "title": title,
        "description": "Learn it.",
        "categories": [category],
        "pricing": {"model": "one-time", "amount": 1999},
        "metadata": {"skillLevel": "beginner", "language": "en"},
    })
}

/// Item 5: a draft's old address tells nobody where it went.
#[tokio::test]
async fn a_drafts_old_slug_is_unknown_to_visitors() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let (token, category) = api_instructor(&app).await;
    let created = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&course_body("Secret Plans", category)),
            &[],
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let id = created.json["id"].as_str().unwrap().to_owned();
    let mut renamed = course_body("Secret Plans", category);
    renamed["slug"] = json!("even-more-secret");
    let saved = app
        .api(
            "PUT",
            &host,
            &format!("/api/v1/courses/{id}"),
            Some(&token),
            Some(&renamed),
            &[],
        )
        .await;
    assert_eq!(saved.status(), 200, "{saved:?}");

    for path in ["/courses/secret-plans", "/courses/even-more-secret"] {
        let page = app.get(&host, path, None).await;
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.location(), None, "{path}");
    }
    // Its instructor is still sent on to the current address.
    let email: String = sqlx::query_scalar("select u.email from app_user u join course c on c.instructor_id = u.user_id where c.course_id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    let cookie = app.session_for(&app.a, &email).await;
    let own = app.get(&host, "/courses/secret-plans", Some(&cookie)).await;
    assert_eq!(own.status, 301);
    assert_eq!(own.location(), Some("/courses/even-more-secret"));
    // Category counts shown to visitors count published courses only.
    let listed = app
        .api("GET", &host, "/api/v1/categories", None, None, &[])
        .await;
    assert_eq!(listed.json["items"][0]["courseCount"], 0, "{listed:?}");
}

/// Item 9: creates of one title at once get distinct slugs; a typed slug
/// wanted twice at once is a field error for all but one.
#[tokio::test]
async fn simultaneous_creates_never_fail_on_the_slug() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let (token, category) = api_instructor(&app).await;
    let body = course_body("Same Title", category);
    let replies = join_all((0..6).map(|_| {
        app.api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&body),
            &[],
        )
    }))
    .await;
    let mut slugs: Vec<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status(), 201, "{r:?}");
            r.json["slug"].as_str().unwrap().to_owned()
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 6, "{slugs:?}");

    let mut typed = course_body("Typed Slug", category);
    typed["slug"] = json!("wanted-slug");
    let replies = join_all((0..6).map(|_| {
        app.api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&typed),
            &[],
        )
    }))
    .await;
    let created = replies.iter().filter(|r| r.status() == 201).count();
    assert_eq!(created, 1);
    for r in replies.iter().filter(|r| r.status() != 201) {
        assert_eq!(r.status(), 422, "{r:?}");
        assert!(r.field("slug").is_some(), "{r:?}");
    }
}

/// Item 10: a crafted page cursor is a named problem, never a 500.
#[tokio::test]
async fn crafted_cursors_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let id = "00000000000000000000000000000001";
    for query in [
        format!("after=-9000000000000000000~{id}"),
        format!("after=9223372036854775807~{id}"),
        format!("sort=price_asc&after=-9000000000000000000~{id}"),
        format!("sort=rating&after=9223372036854775807~{id}"),
        format!("q=rust&after=-1~{id}"),
    ] {
        let page = app.get(&host, &format!("/courses?{query}"), None).await;
        assert_eq!(page.status, 200, "{query}");
        assert!(page.body.contains("ignored-params"), "{query}: the notice");
        let api = app
            .api(
                "GET",
                &host,
                &format!("/api/v1/courses?{query}"),
                None,
                None,
                &[],
            )
            .await;
        assert_eq!(api.status(), 400, "{query}: {api:?}");
        assert_eq!(api.code(), "invalid_query");
        assert!(api.field("after").is_some(), "{query}: {api:?}");
    }
}

/// Items 11 and 12: a decimal comma is a decimal comma; a price is in the
/// portal's currency and shown the way buyers read it.
#[tokio::test]
async fn prices_are_read_and_shown_as_people_mean_them() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let (token, category) = api_instructor(&app).await;
    create_user(&app.owner, &app.a, "price@a.test", Persona::Instructor).await;
    let cookie = app.session_for(&app.a, "price@a.test").await;
    let app_ref = &app;
    let create = |list: &'static str, currency: &'static str| {
        let fields = [
            ("draft[title]", format!("Priced {list} {currency}")),
            ("draft[description]", "About.".to_owned()),
            ("draft[pricing_model]", "one_time".to_owned()),
            ("draft[currency]", currency.to_owned()),
            ("draft[list_price]", list.to_owned()),
            ("draft[skill_level]", "beginner".to_owned()),
            ("draft[language]", "en".to_owned()),
        ];
        let host = host.clone();
        let cookie = cookie.clone();
        async move {
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app_ref
                .post_form(&host, "/fn/catalog/create", &form, Some(&cookie))
                .await
        }
    };
    for (typed, minor) in [
        ("12,50", 1250),
        ("1,250.50", 125_050),
        ("1.250,50", 125_050),
        ("1,250", 125_000),
    ] {
        let reply = create(typed, "").await;
        assert_eq!(reply.status, 200, "{typed}: {}", reply.body);
        let id: String = reply.answer();
        let stored: i64 =
            sqlx::query_scalar("select list_price_minor from course where course_id = $1::uuid")
                .bind(&id)
                .fetch_one(&app.owner)
                .await
                .unwrap();
        assert_eq!(stored, minor, "{typed}");
    }
    let ambiguous = create("12,5,0", "").await;
    assert_eq!(ambiguous.status, 422, "{}", ambiguous.body);
    assert!(ambiguous.body.contains("list_price"), "{}", ambiguous.body);

    // Another currency than the portal's (USD) is refused, by form and API.
    let won = create("30000", "KRW").await;
    assert_eq!(won.status, 422, "{}", won.body);
    assert!(won.body.contains("currency"), "{}", won.body);
    let mut body = course_body("Priced in won", category);
    body["pricing"]["currency"] = json!("KRW");
    let api = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&body),
            &[],
        )
        .await;
    assert_eq!(api.status(), 422, "{api:?}");
    assert!(api.field("pricing.currency").is_some(), "{api:?}");
    // And the database refuses it too.
    let teacher: uuid::Uuid =
        sqlx::query_scalar("select user_id from app_user where email = 'price@a.test'")
            .fetch_one(&app.owner)
            .await
            .unwrap();
    let direct = sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, pricing_model, currency, list_price_minor)
         values ($1, $2, 'won', 'Won', 'one_time', 'KRW', 30000)",
    )
    .bind(app.a.id)
    .bind(teacher)
    .execute(&app.owner)
    .await;
    assert!(
        direct.is_err(),
        "a course in another currency than its portal's"
    );

    let ok = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&course_body("Shown", category)),
            &[],
        )
        .await;
    assert_eq!(ok.json["pricing"]["display"], "$19.99", "{ok:?}");

    // A sale: its last day as the API states it and as the page says it.
    let mut body = course_body("On sale", category);
    body["pricing"]["sale"] = json!({"amount": 999, "endsOn": "2099-01-01"});
    let sale = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&body),
            &[],
        )
        .await;
    assert_eq!(sale.status(), 201, "{sale:?}");
    // Published once it has a curriculum.
    let id = sale.json["id"].as_str().unwrap().to_owned();
    crate::authoring::fixtures::one_lesson_as_owner(&app.owner, app.a.id, id.parse().unwrap())
        .await;
    body["status"] = json!("published");
    let sale = app
        .api(
            "PUT",
            &host,
            &format!("/api/v1/courses/{id}"),
            Some(&token),
            Some(&body),
            &[],
        )
        .await;
    assert_eq!(sale.status(), 200, "{sale:?}");
    assert_eq!(
        sale.json["pricing"]["sale"]["endsOn"], "2099-01-01",
        "{sale:?}"
    );
    let slug = sale.json["slug"].as_str().unwrap();
    let page = app.get(&host, &format!("/courses/{slug}"), None).await;
    assert!(page.body.contains("$9.99"), "{}", page.body);
    assert!(page.body.contains("Sale ends Jan 1, 2099"), "{}", page.body);
}

/// Item 14: a category path that is no category is a 404, whatever it holds.
#[tokio::test]
async fn malformed_category_paths_are_not_found() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    for path in [
        "/categories/%C0%AF",
        "/categories/%20%20%20",
        "/categories/..%2F..%2F",
        "/categories/Not_A_Slug",
        "/categories/no-such-category",
    ] {
        let page = app.get(&host, path, None).await;
        assert_eq!(page.status, 404, "{path}");
        assert!(
            !page.body.contains("data-testid=\"results\""),
            "{path} lists courses"
        );
    }
}

/// Item 22: static files go out as built (precompressed, named by their
/// content, cached for a year); what is rendered goes out compressed.
#[tokio::test]
async fn assets_are_precompressed_and_cached_by_name_and_pages_compressed() {
    let site = std::env::temp_dir().join(format!("lyceum-site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::create_dir_all(site.join("brand")).unwrap();
    let wasm = site.join("pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm");
    std::fs::write(&wasm, vec![0u8; 4096]).unwrap();
    std::fs::write(
        site.join("pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    std::fs::write(
        site.join("pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm.gz"),
        b"gzip bytes",
    )
    .unwrap();
    std::fs::write(site.join("brand/logo.svg"), b"<svg/>").unwrap();
    let owner = owner_pool().await;
    let tenant = create_tenant(&owner).await;
    let state = test_state_at(
        runtime_db(2).await,
        test_config(false),
        site.to_str().unwrap(),
    );
    let addr = serve_router(lyceum_server::startup::router(state)).await;
    let client = reqwest::Client::new();
    let get = |path: &str, encoding: Option<&str>, host: Option<String>| {
        let mut req = client.get(format!("http://{addr}{path}"));
        if let Some(e) = encoding {
            req = req.header("accept-encoding", e);
        }
        if let Some(h) = host {
            req = req.header("host", h);
        }
        req.send()
    };

    let br = get(
        "/pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm",
        Some("gzip, br"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        br.bytes().await.unwrap().as_ref(),
        b"brotli bytes",
        "the file built, not recompressed"
    );
    let gz = get(
        "/pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm",
        Some("gzip"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");
    let plain = get("/pkg/lyceum.ABCDEFGHIJKLMNOPQRSTUV.wasm", None, None)
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().len(), 4096);
    let logo = get("/brand/logo.svg", None, None).await.unwrap();
    assert_eq!(logo.headers()["cache-control"], "public, max-age=86400");

    let host = format!("{}.localhost:{}", tenant.subdomain, addr.port());
    let page = get("/courses", Some("br"), Some(host.clone()))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-encoding"], "br");
    assert!(page.headers().get("content-length").is_none());
    let compressed = page.bytes().await.unwrap();
    let mut html = String::new();
    use tokio::io::AsyncReadExt;
    async_compression::tokio::bufread::BrotliDecoder::new(compressed.as_ref())
        .read_to_string(&mut html)
        .await
        .unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        compressed.len() * 2 < html.len(),
        "{} of {} bytes",
        compressed.len(),
        html.len()
    );
    let small = get("/api/v1/categories", Some("gzip"), Some(host.clone()))
        .await
        .unwrap();
    assert!(
        small.headers().get("content-encoding").is_none(),
        "an empty list is too small to bother"
    );
    let teacher = create_user(&owner, &tenant, "t@zip.test", Persona::Instructor).await;
    sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at)
         select $1, $2, 'course-' || n, 'Course number ' || n, 'About it.', 'published', now()
           from generate_series(1, 20) n",
    )
    .bind(tenant.id)
    .bind(teacher)
    .execute(&owner)
    .await
    .unwrap();
    let json = get("/api/v1/courses?sort=price_asc", Some("gzip"), Some(host))
        .await
        .unwrap();
    assert_eq!(json.headers()["content-encoding"], "gzip");
    std::fs::remove_dir_all(site).unwrap();
}

/// Item 21: the portal's currency is chosen from a list, by an admin, while
/// no course has a price; every price is then shown in it.
#[tokio::test]
async fn the_portal_currency_is_chosen_while_every_course_is_free() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "boss@a.test", Persona::Admin).await;
    create_user(&app.owner, &app.a, "pupil@a.test", Persona::Learner).await;
    let admin = app.session_for(&app.a, "boss@a.test").await;
    let pupil = app.session_for(&app.a, "pupil@a.test").await;
    let (token, category) = api_instructor(&app).await;

    let refused = app
        .post_form(
            &host,
            "/fn/admin/currency",
            &[("currency", "EUR")],
            Some(&pupil),
        )
        .await;
    assert_eq!(refused.status, 403);
    let unknown = app
        .post_form(
            &host,
            "/fn/admin/currency",
            &[("currency", "XBT")],
            Some(&admin),
        )
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);

    let mut free = course_body("Free course", category);
    free["pricing"] = json!({"model": "free"});
    let created = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&free),
            &[],
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let changed = app
        .post_form(
            &host,
            "/fn/admin/currency",
            &[("currency", "EUR")],
            Some(&admin),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let currencies: Vec<String> = sqlx::query_scalar(
        "select currency from tenant where tenant_id = $1 union all select currency from course where tenant_id = $1",
    )
    .bind(app.a.id)
    .fetch_all(&app.owner)
    .await
    .unwrap();
    assert!(currencies.iter().all(|c| c == "EUR"), "{currencies:?}");

    // Prices are now in euros, shown as such.
    let priced = app
        .api(
            "POST",
            &host,
            "/api/v1/courses",
            Some(&token),
            Some(&course_body("Priced", category)),
            &[],
        )
        .await;
    assert_eq!(priced.status(), 201, "{priced:?}");
    assert_eq!(priced.json["pricing"]["currency"], "EUR");
    assert_eq!(priced.json["pricing"]["display"], "€19.99");
    // With a priced course, the currency stays.
    let locked = app
        .post_form(
            &host,
            "/fn/admin/currency",
            &[("currency", "USD")],
            Some(&admin),
        )
        .await;
    assert_eq!(locked.status, 422, "{}", locked.body);
    assert!(locked.body.contains("currency"), "{}", locked.body);
    let page = app.get(&host, "/admin", Some(&admin)).await;
    assert!(
        page.body.contains("portal-currency"),
        "the admin page has the currency select"
    );
}
