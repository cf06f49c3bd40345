//! The REST API over HTTP: tokens, course CRUD under the catalog's rules,
//! listing with the catalog's filters, and every refusal as a JSON error.

use crate::helpers::*;
use base64::Engine;
use lyceum::Persona;
use lyceum_app::identity::tokens::{self, Claims};
use lyceum_app::state::TokenSecret;
use serde_json::{json, Value};
use uuid::Uuid;

/// The REST fixture: a portal with a category and one person per persona
/// (authoring's API tests use it too).
pub(crate) struct Api {
    pub(crate) app: TestApp,
    pub(crate) category: Uuid,
    pub(crate) instructor: String,
    pub(crate) other_instructor: String,
    pub(crate) learner: String,
    pub(crate) admin: String,
}

impl Api {
    pub(crate) async fn new() -> Api {
        let app = TestApp::spawn().await;
        let category = sqlx::query_scalar(
            "insert into category (tenant_id, name, slug, position) values ($1, 'Programming', 'programming', 0) \
             returning category_id",
        )
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
        let mut emails = Vec::new();
        for (tag, persona) in [
            ("teach", Persona::Instructor),
            ("other", Persona::Instructor),
            ("learn", Persona::Learner),
            ("admin", Persona::Admin),
        ] {
            let email = unique_email(tag);
            create_user(&app.owner, &app.a, &email, persona).await;
            emails.push(email);
        }
        let [instructor, other_instructor, learner, admin] = emails.try_into().unwrap();
        Api {
            app,
            category,
            instructor,
            other_instructor,
            learner,
            admin,
        }
    }

    pub(crate) fn host(&self) -> String {
        self.app.host_of(&self.app.a)
    }

    pub(crate) async fn token(&self, email: &str) -> String {
        let reply = self
            .app
            .api(
                "POST",
                &self.app.platform_host(),
                "/api/v1/auth/login",
                None,
                Some(
                    &json!({"email": email, "password": PASSWORD, "tenant": self.app.a.subdomain}),
                ),
                &[],
            )
            .await;
        assert_eq!(reply.status(), 200, "{reply:?}");
        reply.json["token"].as_str().unwrap().to_owned()
    }

    pub(crate) async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> ApiReply {
        self.app
            .api(method, &self.host(), path, token, body.as_ref(), &[])
            .await
    }

    pub(crate) fn course(&self, title: &str) -> Value {
        json!({
            "title": title,
            "subtitle": "Ownership without tears",
            "description": "Learn **borrowing** by building a CLI.",
            "categories": [self.category],
            "tags": ["rust", "cli"],
            "pricing": {"model": "one-time", "amount": 1999},
            "metadata": {"duration": 240, "skillLevel": "beginner", "language": "en",
                         "prerequisites": ["A terminal"]},
        })
    }

    pub(crate) async fn course_count(&self) -> i64 {
        sqlx::query_scalar("select count(*) from course where tenant_id = $1")
            .bind(self.app.a.id)
            .fetch_one(&self.app.owner)
            .await
            .unwrap()
    }
}

fn claims_of(token: &str) -> Claims {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn login_issues_a_token_with_the_seed_claims() {
    let t = Api::new().await;
    let host = t.app.platform_host();
    let login = |body: Value| {
        let host = host.clone();
        let app = &t.app;
        async move {
            app.api("POST", &host, "/api/v1/auth/login", None, Some(&body), &[])
                .await
        }
    };

    let ok =
        login(json!({"email": t.instructor, "password": PASSWORD, "tenantId": t.app.a.id})).await;
    assert_eq!(ok.status(), 200, "{ok:?}");
    assert_eq!(ok.json["tokenType"], "Bearer");
    assert_eq!(ok.json["expiresIn"], 3600);
    let claims = claims_of(ok.json["token"].as_str().unwrap());
    assert_eq!(claims.tenant_id, t.app.a.id);
    assert_eq!(claims.email, t.instructor);
    assert_eq!(claims.persona, "instructor");
    assert!(claims.permissions.iter().any(|p| p == "course:create"));
    assert!(!claims.permissions.iter().any(|p| p == "course:update:any"));
    assert_eq!(claims.exp - claims.iat, 3600);

    let wrong = login(
        json!({"email": t.instructor, "password": "wrong password!", "tenant": t.app.a.subdomain}),
    )
    .await;
    assert_eq!(
        (wrong.status(), wrong.code()),
        (401, "invalid_credentials"),
        "{wrong:?}"
    );
    let unknown = login(
        json!({"email": "nobody@example.test", "password": PASSWORD, "tenant": t.app.a.subdomain}),
    )
    .await;
    assert_eq!(
        (unknown.status(), unknown.code()),
        (401, "invalid_credentials")
    );
    // The right password in the other portal is still wrong.
    let other =
        login(json!({"email": t.instructor, "password": PASSWORD, "tenant": t.app.b.subdomain}))
            .await;
    assert_eq!(other.status(), 401, "{other:?}");

    let no_tenant = login(json!({"email": t.instructor, "password": PASSWORD})).await;
    assert_eq!(
        (no_tenant.status(), no_tenant.code()),
        (422, "validation_failed")
    );
    assert!(no_tenant.field("tenant").is_some(), "{no_tenant:?}");
    let bad_fields =
        login(json!({"email": "not an email", "password": "", "tenant": t.app.a.subdomain})).await;
    assert!(
        bad_fields.field("email").is_some() && bad_fields.field("password").is_some(),
        "{bad_fields:?}"
    );
    let wrong_type = login(json!({"email": 42, "password": PASSWORD})).await;
    assert_eq!(wrong_type.status(), 422);
    assert!(
        wrong_type
            .field("email")
            .unwrap()
            .contains("expected a string"),
        "{wrong_type:?}"
    );

    // The host names the portal; a body naming another one is refused.
    let mismatch = t
        .app
        .api(
            "POST",
            &t.host(),
            "/api/v1/auth/login",
            None,
            Some(
                &json!({"email": t.instructor, "password": PASSWORD, "tenant": t.app.b.subdomain}),
            ),
            &[],
        )
        .await;
    assert_eq!(mismatch.status(), 422, "{mismatch:?}");
    let by_host = t
        .app
        .api(
            "POST",
            &t.host(),
            "/api/v1/auth/login",
            None,
            Some(&json!({"email": t.instructor, "password": PASSWORD})),
            &[],
        )
        .await;
    assert_eq!(by_host.status(), 200, "{by_host:?}");

    let raw = t
        .app
        .api(
            "POST",
            &t.host(),
            "/api/v1/auth/login",
            None,
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    assert_eq!(
        (raw.status(), raw.code()),
        (415, "unsupported_media_type"),
        "{raw:?}"
    );

    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where tenant_id = $1 and kind = 'login' and detail->>'via' = 'api'",
    )
    .bind(t.app.a.id)
    .fetch_one(&t.app.owner)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

/// Writes that break the catalog's rules: refused with the reason, every
/// field named by its JSON path, and nothing stored.
#[tokio::test]
async fn course_writes_that_break_the_rules_are_refused_and_store_nothing() {
    let t = Api::new().await;
    let teach = t.token(&t.instructor).await;
    let learner = t.token(&t.learner).await;

    let anonymous = t
        .call("POST", "/api/v1/courses", None, Some(t.course("Rust")))
        .await;
    assert_eq!(
        (anonymous.status(), anonymous.code()),
        (401, "unauthenticated"),
        "{anonymous:?}"
    );
    assert!(anonymous.reply.headers.get("www-authenticate").is_some());
    let refused = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&learner),
            Some(t.course("Rust")),
        )
        .await;
    assert_eq!(
        (refused.status(), refused.code()),
        (403, "forbidden"),
        "{refused:?}"
    );

    // Bad input: every field named by its JSON path, nothing stored.
    let bad = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(json!({
                "title": "x".repeat(500),
                "categories": [Uuid::new_v4()],
                "pricing": {"model": "one-time", "currency": "XYZ", "amount": 100},
                "metadata": {"skillLevel": "wizard"}
            })),
        )
        .await;
    assert_eq!(
        (bad.status(), bad.code()),
        (422, "validation_failed"),
        "{bad:?}"
    );
    for field in [
        "title",
        "categories",
        "pricing.currency",
        "metadata.skillLevel",
    ] {
        assert!(bad.field(field).is_some(), "{field} in {bad:?}");
    }
    let negative = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(json!({"title": "Cheap", "pricing": {"model": "one-time", "amount": -500}})),
        )
        .await;
    assert!(negative.field("pricing.amount").is_some(), "{negative:?}");
    let sale = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(
                json!({"title": "Sale", "pricing": {"model": "one-time", "amount": 500,
                        "sale": {"amount": 900, "endsOn": "2099-01-01"}}}),
            ),
        )
        .await;
    assert!(sale.field("pricing.sale.amount").is_some(), "{sale:?}");
    let typed = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(json!({"title": "Typed", "pricing": {"model": "one-time", "amount": "ten"}})),
        )
        .await;
    assert_eq!(typed.status(), 422);
    assert!(typed.field("pricing.amount").is_some(), "{typed:?}");
    let malformed = t
        .app
        .api(
            "POST",
            &t.host(),
            "/api/v1/courses",
            Some(&teach),
            None,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(
        (malformed.status(), malformed.code()),
        (400, "malformed_json"),
        "{malformed:?}"
    );
    // Publishing a course that is not ready stores nothing either.
    let mut unready = t.course("Unready");
    unready["description"] = json!("");
    unready["status"] = json!("published");
    let unready = t
        .call("POST", "/api/v1/courses", Some(&teach), Some(unready))
        .await;
    assert_eq!(unready.status(), 422, "{unready:?}");
    assert!(
        unready.field("status").unwrap().contains("description"),
        "{unready:?}"
    );
    assert_eq!(t.course_count().await, 0, "nothing half-stored");
}

/// A course's life through the API: created, published once it has a curriculum,
/// found in its portal only, protected from other instructors, edited,
/// round-tripped and archived.
#[tokio::test]
async fn a_course_is_created_published_edited_and_archived_through_the_api() {
    let t = Api::new().await;
    let teach = t.token(&t.instructor).await;
    let learner = t.token(&t.learner).await;

    // A new course cannot be published in the request that creates it:
    // it has no curriculum yet. Nothing is stored.
    let mut body = t.course("Rust from Scratch");
    body["status"] = json!("published");
    let early = t
        .call("POST", "/api/v1/courses", Some(&teach), Some(body.clone()))
        .await;
    assert_eq!(early.status(), 422, "{early:?}");
    assert!(
        early.field("status").unwrap().contains("lesson"),
        "{early:?}"
    );
    assert_eq!(t.course_count().await, 0, "nothing half-stored");

    // Created as a draft, given a curriculum, then published.
    body["status"] = json!("draft");
    let created = t
        .call("POST", "/api/v1/courses", Some(&teach), Some(body.clone()))
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    assert_eq!(created.json["status"], "draft");
    let id = created.json["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created.reply.location(),
        Some(format!("/api/v1/courses/{id}").as_str())
    );
    crate::authoring::fixtures::one_lesson_as_owner(&t.app.owner, t.app.a.id, id.parse().unwrap())
        .await;
    body["status"] = json!("published");
    let published = t
        .call(
            "PUT",
            &format!("/api/v1/courses/{id}"),
            Some(&teach),
            Some(body),
        )
        .await;
    assert_eq!(published.status(), 200, "{published:?}");
    let c = &published.json;
    assert_eq!(c["status"], "published");
    assert_eq!(c["slug"], "rust-from-scratch");
    assert_eq!(c["pricing"]["model"], "one-time");
    assert_eq!(c["pricing"]["amount"], 1999);
    assert_eq!(c["pricing"]["currency"], "USD");
    assert_eq!(c["metadata"]["duration"], 240);
    assert_eq!(c["categories"][0]["slug"], "programming");
    assert_eq!(c["tenantId"], t.app.a.id.to_string());
    assert!(c["ratings"].is_null(), "no made-up ratings");
    assert!(c["descriptionHtml"]
        .as_str()
        .unwrap()
        .contains("<strong>borrowing</strong>"));
    assert!(c["url"]
        .as_str()
        .unwrap()
        .ends_with("/courses/rust-from-scratch"));

    // Anyone in the portal finds it; the other portal does not.
    let listed = t
        .call(
            "GET",
            "/api/v1/courses?q=borrowing&level=beginner",
            None,
            None,
        )
        .await;
    assert_eq!(listed.status(), 200, "{listed:?}");
    assert_eq!(listed.json["total"], 1);
    assert_eq!(listed.json["items"][0]["id"], id.as_str());
    assert_eq!(listed.json["items"][0]["pricing"]["effectiveAmount"], 1999);
    assert!(listed.json["facets"]["levels"].is_array());
    let path = format!("/api/v1/courses/{id}");
    let elsewhere = t
        .app
        .api("GET", &t.app.host_of(&t.app.b), &path, None, None, &[])
        .await;
    assert_eq!((elsewhere.status(), elsewhere.code()), (404, "not_found"));
    let b_list = t
        .app
        .api(
            "GET",
            &t.app.host_of(&t.app.b),
            "/api/v1/courses?q=borrowing",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(b_list.json["total"], 0, "{b_list:?}");

    // Someone else's course: refused, and unchanged.
    let other = t.token(&t.other_instructor).await;
    let stolen = t
        .call("PUT", &path, Some(&other), Some(t.course("Mine now")))
        .await;
    assert_eq!(
        (stolen.status(), stolen.code()),
        (403, "forbidden"),
        "{stolen:?}"
    );
    let stolen = t.call("DELETE", &path, Some(&other), None).await;
    assert_eq!(stolen.status(), 403);

    // A published course must stay complete: the whole PUT is refused.
    let mut emptied = t.course("Renamed");
    emptied["description"] = json!("");
    let refused = t.call("PUT", &path, Some(&teach), Some(emptied)).await;
    assert_eq!(refused.status(), 422, "{refused:?}");
    let still = t.call("GET", &path, None, None).await;
    assert_eq!(still.json["title"], "Rust from Scratch");

    // Unpublish and rename at once; the draft is hidden from the public.
    let mut draft = t.course("Rust, Renamed");
    draft["status"] = json!("draft");
    draft["pricing"] = json!({"model": "free"});
    let saved = t.call("PUT", &path, Some(&teach), Some(draft)).await;
    assert_eq!(saved.status(), 200, "{saved:?}");
    assert_eq!(saved.json["status"], "draft");
    assert_eq!(saved.json["pricing"]["amount"], 0);
    assert_eq!(saved.json["slug"], "rust-renamed");
    assert_eq!(t.call("GET", &path, None, None).await.status(), 404);
    assert_eq!(
        t.call("GET", &path, Some(&learner), None).await.status(),
        404
    );
    assert_eq!(t.call("GET", &path, Some(&teach), None).await.status(), 200);
    let admin = t.token(&t.admin).await;
    assert_eq!(t.call("GET", &path, Some(&admin), None).await.status(), 200);

    // A GET body can be sent back as the PUT body (round trip), publishing it.
    let mut round = t.call("GET", &path, Some(&teach), None).await.json;
    round["status"] = json!("published");
    let back = t.call("PUT", &path, Some(&teach), Some(round)).await;
    assert_eq!(
        (back.status(), back.json["status"].as_str()),
        (200, Some("published")),
        "{back:?}"
    );

    // DELETE archives (idempotently); the course is gone from the catalog, not from the database.
    let gone = t.call("DELETE", &path, Some(&teach), None).await;
    assert_eq!(
        (gone.status(), gone.json["status"].as_str()),
        (200, Some("archived")),
        "{gone:?}"
    );
    let again = t.call("DELETE", &path, Some(&teach), None).await;
    assert_eq!(again.status(), 200, "{again:?}");
    assert_eq!(t.call("GET", &path, None, None).await.status(), 404);
    assert_eq!(
        t.call("GET", "/api/v1/courses?q=borrowing", None, None)
            .await
            .json["total"],
        0
    );
    // The page listed (and cached) before the writes is not served again.
    let cached = t
        .call(
            "GET",
            "/api/v1/courses?q=borrowing&level=beginner",
            None,
            None,
        )
        .await;
    assert_eq!(
        cached.json["items"].as_array().map(Vec::len),
        Some(0),
        "{cached:?}"
    );
    assert_eq!(t.course_count().await, 1);

    let malformed_id = t
        .call("GET", "/api/v1/courses/not-a-uuid", None, None)
        .await;
    assert_eq!(malformed_id.status(), 404);
    let categories = t.call("GET", "/api/v1/categories", None, None).await;
    assert_eq!(categories.status(), 200);
    assert_eq!(categories.json["items"][0]["slug"], "programming");
    assert_eq!(categories.json["items"][0]["depth"], 0);
}

#[tokio::test]
async fn query_parameters_are_checked_and_named() {
    let t = Api::new().await;
    for (query, field) in [
        ("level=expert", "level"),
        ("rating=9", "rating"),
        ("price=cheap", "price"),
        ("price_range=cheap", "price"),
        ("sort=random", "sort"),
        ("instructor=bob", "instructor"),
        ("after=%ZZ", "after"),
        ("category=nope", "category"),
        ("category=Not%20A%20Slug", "category"),
        ("levle=beginner", "levle"),
    ] {
        let reply = t
            .call("GET", &format!("/api/v1/courses?{query}"), None, None)
            .await;
        assert_eq!(
            (reply.status(), reply.code()),
            (400, "invalid_query"),
            "{query}: {reply:?}"
        );
        assert!(reply.field(field).is_some(), "{query}: {reply:?}");
    }
    // Hostile search text is data: results or nothing, never an error.
    for q in [
        "%22%27%5C",
        "a%20%26%20!b%20%7C",
        "%F0%9F%A6%80",
        &"x".repeat(10_000),
    ] {
        let reply = t
            .call("GET", &format!("/api/v1/courses?q={q}"), None, None)
            .await;
        assert_eq!(reply.status(), 200, "{q}: {reply:?}");
    }
    let ok = t
        .call(
            "GET",
            "/api/v1/courses?price_range=free&sort=newest&category=programming",
            None,
            None,
        )
        .await;
    assert_eq!(ok.status(), 200, "{ok:?}");
}

#[tokio::test]
async fn tokens_are_refused_when_expired_forged_foreign_or_stale() {
    let t = Api::new().await;
    let teach = t.token(&t.instructor).await;
    let claims = claims_of(&teach);
    let create = |token: String, host: String, headers: Vec<(&'static str, String)>| {
        let body = t.course("Token test");
        let app = &t.app;
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.api(
                "POST",
                &host,
                "/api/v1/courses",
                Some(&token),
                Some(&body),
                &headers,
            )
            .await
        }
    };
    let expect_401 = |reply: ApiReply, code: &str| {
        assert_eq!((reply.status(), reply.code()), (401, code), "{reply:?}");
        let challenge = reply
            .reply
            .headers
            .get("www-authenticate")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(challenge.starts_with("Bearer"), "{challenge}");
    };

    // Another portal's host, or X-Tenant-ID of another portal.
    expect_401(
        create(teach.clone(), t.app.host_of(&t.app.b), vec![]).await,
        "wrong_tenant",
    );
    expect_401(
        create(
            teach.clone(),
            t.app.platform_host(),
            vec![("x-tenant-id", t.app.b.id.to_string())],
        )
        .await,
        "wrong_tenant",
    );
    // Expired, forged, unsigned, tampered.
    let mut old = claims.clone();
    old.iat -= 7200;
    old.exp = old.iat + 60;
    expect_401(
        create(
            tokens::issue(&test_config(false), &old).unwrap(),
            t.host(),
            vec![],
        )
        .await,
        "token_expired",
    );
    let mut forger = test_config(false);
    forger.token_secret = TokenSecret::new(&[9; 32]).unwrap();
    expect_401(
        create(tokens::issue(&forger, &claims).unwrap(), t.host(), vec![]).await,
        "invalid_token",
    );
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut promoted = claims.clone();
    promoted.persona = "admin".into();
    let body = b64.encode(serde_json::to_vec(&promoted).unwrap());
    let unsigned = format!("{}.{body}.", b64.encode(br#"{"alg":"none","typ":"JWT"}"#));
    expect_401(create(unsigned, t.host(), vec![]).await, "invalid_token");
    let parts: Vec<&str> = teach.split('.').collect();
    let tampered = format!("{}.{body}.{}", parts[0], parts[2]);
    expect_401(create(tampered, t.host(), vec![]).await, "invalid_token");
    let basic = t
        .app
        .api(
            "GET",
            &t.host(),
            "/api/v1/courses",
            None,
            None,
            &[("authorization", "Basic dTpw")],
        )
        .await;
    expect_401(basic, "invalid_token");

    // The token alone names its portal (no host or header needed).
    let alone = create(teach.clone(), t.app.platform_host(), vec![]).await;
    assert_eq!(alone.status(), 201, "{alone:?}");
    assert_eq!(alone.json["tenantId"], t.app.a.id.to_string());

    // The account is re-read on every request: a demotion or deactivation takes effect at once.
    sqlx::query("update app_user set persona = 'learner' where email = $1")
        .bind(&t.instructor)
        .execute(&t.app.owner)
        .await
        .unwrap();
    let demoted = create(teach.clone(), t.host(), vec![]).await;
    assert_eq!(demoted.status(), 403, "{demoted:?}");
    sqlx::query("update app_user set active = false where email = $1")
        .bind(&t.instructor)
        .execute(&t.app.owner)
        .await
        .unwrap();
    expect_401(
        create(teach.clone(), t.host(), vec![]).await,
        "invalid_token",
    );
}

#[tokio::test]
async fn the_api_ignores_session_cookies_and_answers_json_everywhere() {
    let t = Api::new().await;
    // A browser session cannot act through the API (so it needs no CSRF check).
    let cookie = t.app.session_for(&t.app.a, &t.instructor).await;
    let via_cookie = t
        .app
        .api(
            "POST",
            &t.host(),
            "/api/v1/courses",
            None,
            Some(&t.course("Cookie")),
            &[("cookie", &cookie), ("origin", "http://evil.example")],
        )
        .await;
    assert_eq!(
        (via_cookie.status(), via_cookie.code()),
        (401, "unauthenticated"),
        "{via_cookie:?}"
    );

    let platform = t.app.platform_host();
    // The platform's own tenant (the demo data creates it; loading it is
    // idempotent, and a concurrent first load by another test may win the
    // race, hence the second try).
    if lyceum_server::seed::load_demo_with(&owner_url(), &test_media())
        .await
        .is_err()
    {
        lyceum_server::seed::load_demo_with(&owner_url(), &test_media())
            .await
            .unwrap();
    }
    let platform_id: Uuid =
        sqlx::query_scalar("select tenant_id from tenant where kind = 'platform'")
            .fetch_one(&t.app.owner)
            .await
            .unwrap();
    // (method, host, headers, status, code)
    type Case<'a> = (&'a str, String, Vec<(&'a str, String)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("GET", platform.clone(), vec![], 400, "tenant_required"),
        (
            "GET",
            format!("nope{}.localhost:1", Uuid::new_v4().simple()),
            vec![],
            404,
            "unknown_tenant",
        ),
        (
            "GET",
            platform.clone(),
            vec![("x-tenant-id", "garbage".into())],
            400,
            "invalid_tenant_header",
        ),
        (
            "GET",
            platform.clone(),
            vec![("x-tenant-id", Uuid::new_v4().to_string())],
            404,
            "unknown_tenant",
        ),
        (
            "GET",
            t.host(),
            vec![("x-tenant-id", t.app.b.id.to_string())],
            400,
            "tenant_mismatch",
        ),
        // The platform has no portal API: naming it is naming no portal.
        (
            "GET",
            platform.clone(),
            vec![("x-tenant-id", platform_id.to_string())],
            404,
            "unknown_tenant",
        ),
    ];
    for (method, host, headers, status, code) in cases {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = t
            .app
            .api(method, &host, "/api/v1/courses", None, None, &headers)
            .await;
        assert_eq!(
            (reply.status(), reply.code()),
            (status, code),
            "{host} {headers:?}: {reply:?}"
        );
    }
    let by_header = t
        .app
        .api(
            "GET",
            &platform,
            "/api/v1/categories",
            None,
            None,
            &[("x-tenant-id", &t.app.a.id.to_string())],
        )
        .await;
    assert_eq!(by_header.status(), 200, "{by_header:?}");

    let no_route = t.call("GET", "/api/v1/nothing", None, None).await;
    assert_eq!((no_route.status(), no_route.code()), (404, "no_route"));
    let method = t.call("PATCH", "/api/v1/courses", None, None).await;
    assert_eq!(
        (method.status(), method.code()),
        (405, "method_not_allowed"),
        "{method:?}"
    );
    let big = json!({"title": "x".repeat(200_000)});
    let teach = t.token(&t.instructor).await;
    let too_big = t
        .call("POST", "/api/v1/courses", Some(&teach), Some(big))
        .await;
    assert_eq!(
        (too_big.status(), too_big.code()),
        (413, "payload_too_large"),
        "{too_big:?}"
    );
    assert_eq!(
        too_big.reply.headers.get("content-type").unwrap(),
        "application/json"
    );
}
