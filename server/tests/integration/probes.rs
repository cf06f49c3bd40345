//! The probes of issue 10 (a newcomer's `make run`, then inputs modelled on
//! public bug reports), kept as tests over HTTP. Each names the item it
//! covers; each failed on the code before the fix.

use crate::helpers::*;
use futures_util::future::join_all;
use lyceum::Persona;
use serde_json::json;

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A plain-HTML form post (no JavaScript): the browser follows redirects.
async fn form_post(app: &TestApp, host: &str, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
    let origin = format!("http://{host}");
    app.post_with(
        host,
        path,
        form,
        cookie,
        &[("origin", origin.as_str()), ("accept", "text/html")],
    )
    .await
}

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
                    ("draft[cover_image_url]", ""),
                ],
                Some(&teacher),
            )
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        let id: String = serde_json::from_str(&created.body).unwrap();
        let category = app
            .post_form(
                &host,
                "/fn/catalog/category",
                &[("op", "create"), ("id", ""), ("name", payload), ("slug", ""), ("parent_id", "")],
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
        let reply = form_post(
            &app,
            &host,
            "/fn/login",
            &[("email", "nx@a.test"), ("password", PASSWORD), ("next", next)],
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
    let reply = reqwest::get(format!("http://{addr}/boom")).await.expect("an answer, not a dropped connection");
    assert_eq!(reply.status(), 500);
    let id = reply.headers()["x-request-id"].to_str().unwrap().to_owned();
    let cache = reply.headers()["cache-control"].to_str().unwrap().to_owned();
    let body = reply.text().await.unwrap();
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(body.contains(&id), "the page names request {id}: {body}");
    assert!(!body.contains("a handler bug"), "the panic stays in the log");
    assert_eq!(cache, "no-store");
}

/// Item 4: thirty wrong passwords at once get at most five password checks.
#[tokio::test]
async fn parallel_guesses_get_at_most_five_checks() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "race@a.test", Persona::Learner).await;
    let replies = join_all((0..30).map(|_| app.login(&app.a, "race@a.test", "wrong password"))).await;
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

/// Item 4: a browser that signed in before keeps signing in while its
/// address and its account are being guessed at.
#[tokio::test]
async fn a_known_browser_is_not_locked_out() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    create_user(&app.owner, &app.a, "lena@a.test", Persona::Learner).await;
    let first = app.login(&app.a, "lena@a.test", PASSWORD).await;
    let device = first
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("lyceum_device="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("a device cookie");

    // Twenty wrong guesses at other accounts from this address (one school
    // network), and five at Lena's: both limits are reached.
    for n in 0..20 {
        app.login(&app.a, &format!("pupil{n}@a.test"), "wrong").await;
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
            &[("email", "lena@a.test"), ("password", PASSWORD), ("next", "")],
            Some(&device),
        )
        .await;
    assert!(reply.session_cookie().is_some(), "{} {}", reply.status, reply.body);
    // A device cookie for another account helps nobody else.
    let other = app
        .post_form(
            &host,
            "/fn/login",
            &[("email", "pupil1@a.test"), ("password", "wrong"), ("next", "")],
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
        app.post_with(
            &host,
            "/fn/login",
            &[("email", email), ("password", password), ("next", "")],
            None,
            &[("origin", &origin), ("x-forwarded-for", client)],
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
    assert_eq!(other.status, 200, "another client behind the same proxy is not: {}", other.body);
    let ip: Option<String> = sqlx::query_scalar(
        "select host(ip) from audit_event where tenant_id = $1 and kind = 'login' order by audit_event_id desc limit 1",
    )
    .bind(behind.a.id)
    .fetch_one(&behind.owner)
    .await
    .unwrap();
    assert_eq!(ip.as_deref(), Some("198.51.100.7"), "the audit log records the client");

    // Without a trusted proxy the header is the client's own words.
    let direct = TestApp::spawn().await;
    create_user(&direct.owner, &direct.a, "ok@a.test", Persona::Learner).await;
    for n in 0..20 {
        attempt(&direct, &format!("g{n}@a.test"), "wrong", &format!("10.0.0.{n}")).await;
    }
    let spoofed = attempt(&direct, "ok@a.test", PASSWORD, "198.51.100.7").await;
    assert_eq!(spoofed.status, 429, "a made-up X-Forwarded-For changes nothing");
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
        assert_eq!(header(&page, "cache-control"), Some("no-store"), "{path} signed in");
    }
    let anonymous = app.get(&host, "/courses", None).await;
    assert_eq!(anonymous.status, 200);
    assert_ne!(header(&anonymous, "cache-control"), Some("no-store"), "public pages may be cached");
    assert!(header(&anonymous, "vary").is_some_and(|v| v.to_lowercase().contains("cookie")));
    let server_fn = app
        .post_form(&host, "/fn/catalog/categories", &[], None)
        .await;
    assert_eq!(header(&server_fn, "cache-control"), Some("no-store"));
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
    assert_eq!(header(&token.reply, "cache-control"), Some("no-store"));
    let bearer = token.json["token"].as_str().unwrap().to_owned();
    let listed = app.api("GET", &host, "/api/v1/courses", Some(&bearer), None, &[]).await;
    assert_eq!(header(&listed.reply, "cache-control"), Some("no-store"));
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
            &[("display_name", name), ("email", email), ("password", PASSWORD)],
            None,
        )
        .await
    }
    let register = |name: &'static str, email: &'static str| register(&app, &host, name, email);
    let invisible = register("\u{200B}\u{200B}", "ghost@acme.test").await;
    assert_eq!(invisible.status, 422, "{}", invisible.body);
    assert!(invisible.body.contains("display_name"), "{}", invisible.body);
    let bidi = register("Lena\u{202E}", "bidi@acme.test").await;
    assert_eq!(bidi.status, 422, "{}", bidi.body);
    let fullwidth = register("Lena Again", "ｌｅｎａ@acme.test").await;
    assert_eq!(fullwidth.status, 422, "{}", fullwidth.body);
    assert!(fullwidth.body.contains("already registered"), "{}", fullwidth.body);
    let mixed = register("Lena Mixed", "l\u{0435}na@acme.test").await;
    assert_eq!(mixed.status, 422, "{}", mixed.body);
    let users: i64 = sqlx::query_scalar("select count(*) from app_user where tenant_id = $1")
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(users, 1, "nothing was stored");
    // The fullwidth spelling signs in as the real account.
    let login = app.login(&app.a, "ｌｅｎａ@acme.test", PASSWORD).await;
    assert!(login.session_cookie().is_some(), "{} {}", login.status, login.body);
    let sessions: i64 = sqlx::query_scalar(
        "select count(*) from session s join app_user u using (tenant_id, user_id) where u.email = 'lena@acme.test'",
    )
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
    assert_eq!(with_query.location(), Some("/login?next=/instructor/courses/new%3Fx%3D1"));
}
