//! Tenant resolution, persona guards, CSRF, limits and headers over HTTP.

use crate::helpers::*;
use lyceum::Persona;

#[tokio::test]
async fn unknown_host_is_404_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let unknown = format!("nope-{}", app.a.subdomain);
    let reply = app
        .get(
            &format!("{unknown}.localhost:{}", app.addr.port()),
            "/",
            None,
        )
        .await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("No portal here"));
    // Other tests create tenants concurrently, so look for this one by name.
    let created: i64 = sqlx::query_scalar("select count(*) from tenant where subdomain = $1")
        .bind(&unknown)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(created, 0);
    let nested = app
        .get(&format!("a.b.localhost:{}", app.addr.port()), "/", None)
        .await;
    assert_eq!(nested.status, 404);
}

#[tokio::test]
async fn each_tenant_gets_its_own_brand_and_name() {
    let app = TestApp::spawn().await;
    let page = app.get(&app.host_of(&app.a), "/", None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("Tenant {}", app.a.subdomain)));
    assert!(!page.body.contains(&format!("Tenant {}", app.b.subdomain)));
    let css = app.get(&app.host_of(&app.a), "/brand.css", None).await;
    assert!(css.body.contains("--brand: #123456"), "{}", css.body);
}

#[tokio::test]
async fn x_tenant_id_selects_the_tenant_for_api_clients() {
    let app = TestApp::spawn().await;
    let mut req_host = format!("127.0.0.1:{}", app.addr.port());
    let reply = app.get(&req_host, "/", None).await;
    assert_eq!(reply.status, 404, "a bare IP is no portal");
    req_host = format!("127.0.0.1:{}", app.addr.port());
    let client = reqwest::Client::new();
    let res = client
        .get(format!("http://{}/brand.css", app.addr))
        .header("host", &req_host)
        .header("x-tenant-id", app.b.id.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Cacheable, but never across tenants; the same for every session.
    let vary: Vec<&str> = res
        .headers()
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(vary.iter().any(|v| v.contains("x-tenant-id")), "{vary:?}");
    assert!(!vary.iter().any(|v| v.contains("cookie")), "{vary:?}");
    // Disagreeing with the host is refused.
    let res = client
        .get(format!("http://{}/", app.addr))
        .header("host", app.host_of(&app.a))
        .header("x-tenant-id", app.b.id.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = client
        .get(format!("http://{}/", app.addr))
        .header("host", &req_host)
        .header("x-tenant-id", "not-a-uuid")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn personas_are_enforced_on_routes_and_server_functions() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "l@a.test", Persona::Learner).await;
    create_user(&app.owner, &app.a, "i@a.test", Persona::Instructor).await;
    let learner = app.session_for(&app.a, "l@a.test").await;
    let instructor = app.session_for(&app.a, "i@a.test").await;
    let host = app.host_of(&app.a);

    for path in ["/instructor", "/admin"] {
        let page = app.get(&host, path, Some(&learner)).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.body.contains("Access denied"));
    }
    assert_eq!(
        app.get(&host, "/instructor", Some(&instructor))
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&host, "/admin", Some(&instructor)).await.status,
        403
    );
    assert_eq!(
        app.get(&host, "/learning", Some(&learner)).await.status,
        200
    );

    let anonymous = app.get(&host, "/dashboard", None).await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.location(), Some("/login?next=/dashboard"));

    let users = app
        .post_form(&host, "/fn/admin/users", &[], Some(&learner))
        .await;
    assert_eq!(users.status, 403);
    let users = app.post_form(&host, "/fn/admin/users", &[], None).await;
    assert_eq!(users.status, 401);
    assert_eq!(app.get(&host, "/no/such/page", None).await.status, 404);
}

#[tokio::test]
async fn cross_origin_writes_are_refused() {
    let app = TestApp::spawn().await;
    create_user(&app.owner, &app.a, "v@a.test", Persona::Learner).await;
    let cookie = app.session_for(&app.a, "v@a.test").await;
    let (host_a, host_b) = (app.host_of(&app.a), app.host_of(&app.b));

    // A page on a sibling subdomain posts to acme's logout.
    let evil = format!("http://{host_b}");
    let reply = app
        .post_with(
            &host_a,
            "/fn/logout",
            &[],
            Some(&cookie),
            &[("origin", &evil)],
        )
        .await;
    assert_eq!(reply.status, 403);
    let none = app
        .post_with(&host_a, "/fn/logout", &[], Some(&cookie), &[])
        .await;
    assert_eq!(none.status, 403, "no Origin and no fetch metadata");
    let cross_site = app
        .post_with(
            &host_a,
            "/fn/logout",
            &[],
            Some(&cookie),
            &[("sec-fetch-site", "same-site")],
        )
        .await;
    assert_eq!(cross_site.status, 403);
    assert_eq!(
        app.get(&host_a, "/dashboard", Some(&cookie)).await.status,
        200,
        "still logged in"
    );

    let same = app
        .post_with(
            &host_a,
            "/fn/logout",
            &[],
            Some(&cookie),
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert!(same.status < 400);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(100 * 1024);
    let reply = app
        .post_form(
            &app.host_of(&app.a),
            "/fn/login",
            &[("email", &big), ("password", "x"), ("next", "")],
            None,
        )
        .await;
    assert_eq!(reply.status, 413);
}

#[tokio::test]
async fn security_headers_and_request_ids() {
    let app = TestApp::spawn().await;
    let reply = app.get(&app.host_of(&app.a), "/login", None).await;
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let csp = header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce");
    assert!(
        reply.body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );
    assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(
        header("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    let id = header("x-request-id").expect("request id");
    assert_eq!(id.len(), 32);
    let again = app.get(&app.host_of(&app.a), "/login", None).await;
    assert_ne!(
        again.headers.get("x-request-id").unwrap().to_str().unwrap(),
        id
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("whatever", "/healthz", None).await.status, 200);
    assert_eq!(app.get("whatever", "/readyz", None).await.status, 200);
}

#[tokio::test]
async fn a_custom_domain_serves_its_tenant() {
    let app = TestApp::spawn().await;
    let domain = format!("learn-{}.example.org", app.a.subdomain);
    sqlx::query("insert into tenant_domain (tenant_id, domain) values ($1, $2)")
        .bind(app.a.id)
        .bind(&domain)
        .execute(&app.owner)
        .await
        .unwrap();
    let page = app
        .get(&format!("{domain}:{}", app.addr.port()), "/", None)
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("Tenant {}", app.a.subdomain)),
        "{}",
        page.body
    );
    let unknown = app
        .get(&format!("other-{domain}:{}", app.addr.port()), "/", None)
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn under_https_cookies_are_host_prefixed_and_secure_and_hsts_is_sent() {
    let owner = owner_pool().await;
    let tenant = create_tenant(&owner).await;
    create_user(&owner, &tenant, "tls@a.test", Persona::Learner).await;
    let addr = serve_with(runtime_db(2).await, true).await;
    let host = format!("{}.localhost:{}", tenant.subdomain, addr.port());
    let res = reqwest::Client::new()
        .post(format!("http://{addr}/fn/login"))
        .header("host", &host)
        .header("origin", format!("https://{host}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=tls%40a.test&password={}&next=",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap();
    let hsts = res
        .headers()
        .get("strict-transport-security")
        .map(|v| v.to_str().unwrap().to_owned());
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(res.status().as_u16() < 400, "{}", res.status());
    assert!(cookie.starts_with("__Host-lyceum_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(hsts.is_some_and(|v| v.contains("max-age=")));
}

/// The benchmark's bare baseline (`routes/bench.rs`) is routed only when
/// LYCEUM_BENCH_BASELINE=1: a production server answers it as any unknown
/// page.
#[tokio::test]
async fn the_benchmark_baseline_is_not_routed_by_default() {
    assert!(!lyceum_server::routes::bench::enabled());
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let reply = app.get(&host, "/__bench/courses", None).await;
    assert_eq!(reply.status, 404);
    assert!(!reply.body.contains("course-card\"><h3>"));
}
