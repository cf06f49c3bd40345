//! The catalog's pages over HTTP: 301s and 404s, hostile input, and the
//! no-JavaScript save whose failure comes back as typed (the kept drafts).

use super::fixtures::*;
use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::catalog::courses::{self, Actor};
use lyceum_app::catalog::records::CourseDraft;
use lyceum_app::error::AppError;
use uuid::Uuid;

#[tokio::test]
async fn catalog_pages_over_http() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "t@http.test", Persona::Instructor).await;
    let cat: Uuid = sqlx::query_scalar(
        "insert into category (tenant_id, name, slug) values ($1, 'Web', 'web') returning category_id",
    )
    .bind(app.a.id)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    let db = runtime_db(1).await;
    let actor = Actor {
        id: teacher.into(),
        persona: Persona::Instructor,
    };
    let mut tx = db
        .begin_as(app.a.id.into(), Some(teacher.into()))
        .await
        .unwrap();
    let (id, _) = courses::create(
        &mut tx,
        actor,
        &draft(
            "Web <b>bold</b> basics",
            "Hello <script>alert(1)</script> **world**",
            &[cat],
        ),
    )
    .await
    .unwrap();
    let id = id.uuid();
    let mut renamed = draft(
        "Web <b>bold</b> basics",
        "Hello <script>alert(1)</script> **world**",
        &[cat],
    );
    renamed.slug = "web-basics".into();
    courses::update(&mut tx, actor, id.into(), &renamed)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);

    // Drafts are 404 to visitors.
    assert_eq!(
        app.get(&host, "/courses/web-basics", None).await.status,
        404
    );
    let mut tx = db
        .begin_as(app.a.id.into(), Some(teacher.into()))
        .await
        .unwrap();
    crate::authoring::fixtures::one_lesson(&mut tx, actor, id).await;
    courses::change_status(
        &mut tx,
        actor,
        id.into(),
        lyceum::catalog::course::StatusAction::Publish,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let page = app.get(&host, "/courses/web-basics", None).await;
    assert_eq!(page.status, 200);
    let title_at = page.body.find("<title>").expect("a title");
    let title: String = page.body[title_at..].chars().take(60).collect();
    assert!(
        title.starts_with("<title>Web &lt;b&gt;bold&lt;/b&gt; basics"),
        "title escaped: {title}"
    );
    assert!(
        page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "typed HTML shows as text"
    );
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(page.body.contains("<strong>world</strong>"));
    assert!(page
        .body
        .contains(r#"/courses/web-basics" rel="canonical">"#));
    assert!(page.body.contains(r#"property="og:title""#));

    // The old slug answers 301 to the new one.
    let old = app.get(&host, "/courses/web-b-bold-b-basics", None).await;
    assert_eq!(old.status, 301);
    assert_eq!(old.location(), Some("/courses/web-basics"));

    // Hostile and malformed queries never fail.
    for (q, status) in [
        ("/courses?q=%22unclosed", 200),
        ("/courses?q=%21%26%7C%3A*%28%29%5C", 200),
        ("/courses?q=%F0%9F%A6%80+%C3%BC", 200),
        (
            "/courses?level=guru&price=cheap&after=nonsense&rating=x",
            200,
        ),
        ("/courses?category=no-such-category", 404),
        ("/courses/Not%20A%20Slug", 404),
    ] {
        assert_eq!(app.get(&host, q, None).await.status, status, "{q}");
    }
    let long = format!("/courses?q={}", "ab+".repeat(3400));
    assert_eq!(app.get(&host, &long, None).await.status, 200);
    let r = app.get(&host, "/courses?level=guru", None).await;
    assert!(r
        .body
        .contains("level must be beginner, intermediate or advanced"));
    assert_eq!(
        app.get(&host, "/categories/no-such-category", None)
            .await
            .status,
        404
    );

    // The catalog search server function reports SQL time for the benchmark.
    let r = app.get(&host, "/courses?q=web", None).await;
    assert!(r.body.contains("<mark>Web"), "highlighted");
    let timing = r
        .headers
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(timing.starts_with("db;dur="), "{timing}");

    // Another tenant's course is not there.
    let other = app.host_of(&app.b);
    assert_eq!(
        app.get(&other, "/courses/web-basics", None).await.status,
        404
    );
}

#[tokio::test]
async fn a_failed_save_without_javascript_comes_back_as_typed() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "t@retry.test", Persona::Instructor).await;
    create_user(&app.owner, &app.a, "o@retry.test", Persona::Instructor).await;
    let db = runtime_db(1).await;
    let actor = Actor {
        id: teacher.into(),
        persona: Persona::Instructor,
    };
    let mut tx = db
        .begin_as(app.a.id.into(), Some(teacher.into()))
        .await
        .unwrap();
    let (id, _) = courses::create(&mut tx, actor, &draft("Stored title", "Stored.", &[]))
        .await
        .unwrap();
    let id = id.uuid();
    tx.commit().await.unwrap();
    let host = app.host_of(&app.a);
    let cookie = app.session_for(&app.a, "t@retry.test").await;
    let origin = format!("http://{host}");
    let browser = [
        ("origin", origin.as_str()),
        ("accept", "text/html,application/xhtml+xml"),
    ];
    let id_text = id.to_string();
    let typed = [
        ("id", id_text.as_str()),
        ("draft[title]", "Typed <i>title</i>"),
        ("draft[description]", "Typed description."),
        ("draft[pricing_model]", "one_time"),
        ("draft[currency]", "USD"),
        ("draft[list_price]", "-5"),
        ("draft[skill_level]", "advanced"),
        ("draft[language]", "en"),
    ];

    // A plain form post that fails: redirected to the editor with a token,
    // which shows the typed values (escaped) and the field error.
    let reply = app
        .post_with(&host, "/fn/catalog/save", &typed, Some(&cookie), &browser)
        .await;
    assert_eq!(reply.status, 302, "{}", reply.body);
    let location = reply.headers["location"].to_str().unwrap().to_owned();
    let prefix = format!("/instructor/courses/{id}?retry=");
    assert!(location.starts_with(&prefix), "{location}");
    let page = app.get(&host, &location, Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(r#"value="Typed &lt;i&gt;title&lt;/i&gt;""#),
        "typed title missing"
    );
    assert!(page.body.contains(r#"value="-5""#), "typed price missing");
    assert!(
        page.body.contains(r#"data-field="list_price""#),
        "field error missing"
    );
    assert!(page.body.contains("Edit: Stored title"));

    // Nothing was stored.
    let stored: String = sqlx::query_scalar("select title from course where course_id = $1")
        .bind(id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(stored, "Stored title");

    // The token is worth nothing to anyone else, or on another form.
    let other = app.session_for(&app.a, "o@retry.test").await;
    let token = &location[prefix.len()..];
    let foreign = app.get(&host, &location, Some(&other)).await;
    assert!(!foreign.body.contains("Typed &lt;i&gt;"));
    let new_form = app
        .get(
            &host,
            &format!("/instructor/courses/new?retry={token}"),
            Some(&cookie),
        )
        .await;
    assert_eq!(new_form.status, 200);
    assert!(!new_form.body.contains("Typed &lt;i&gt;"));
    let unknown = app
        .get(
            &host,
            &format!("/instructor/courses/{id}?retry=nonsense"),
            Some(&cookie),
        )
        .await;
    assert!(unknown.body.contains(r#"value="Stored title""#));

    // A failed create comes back to the create form the same way.
    let reply = app
        .post_with(
            &host,
            "/fn/catalog/create",
            &typed[1..],
            Some(&cookie),
            &browser,
        )
        .await;
    assert_eq!(reply.status, 302);
    let location = reply.headers["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/instructor/courses/new?retry="),
        "{location}"
    );
    let page = app.get(&host, &location, Some(&cookie)).await;
    assert!(page
        .body
        .contains(r#"value="Typed &lt;i&gt;title&lt;/i&gt;""#));
    let count: i64 = sqlx::query_scalar("select count(*) from course where tenant_id = $1")
        .bind(app.a.id)
        .fetch_one(&app.owner)
        .await
        .unwrap();
    assert_eq!(count, 1, "the failed create stored nothing");
}

/// The kept drafts of failed saves (these were the in-memory store's unit
/// tests; the assertions are unchanged, now against `form_retry`).
#[tokio::test]
async fn a_retry_is_returned_only_to_its_author_on_its_form() {
    use lyceum_app::catalog::retry;
    let f = Fixture::new().await;
    let (tenant, user) = (f.a.id, f.teacher_a.id.uuid());
    let course = f
        .publish(&f.a, f.teacher_a, draft("Kept", "Kept course.", &[f.rust]))
        .await;
    let typed = CourseDraft {
        title: "Typed, not stored".into(),
        ..Default::default()
    };
    let error = AppError::invalid("list_price", "must not be negative");
    let mut tx =
        f.db.begin_as(tenant.into(), Some(user.into()))
            .await
            .unwrap();
    let token = retry::put(
        &mut tx,
        user.into(),
        Some(course.into()),
        typed.clone(),
        error.clone(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(token.len(), 32);
    let get = |tenant: Uuid, user: Uuid, course: Option<Uuid>, token: String| {
        let db = f.db.clone();
        async move {
            let mut tx = db.begin_as(tenant.into(), Some(user.into())).await.unwrap();
            let found = retry::get(&mut tx, &token, user.into(), course.map(Into::into))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            found
        }
    };
    let back = get(tenant, user, Some(course), token.clone())
        .await
        .unwrap();
    assert_eq!((back.draft, back.error), (typed, error));
    assert!(get(tenant, user, Some(course), token.clone())
        .await
        .is_some());
    assert!(get(f.b.id, user, Some(course), token.clone())
        .await
        .is_none());
    assert!(get(
        tenant,
        f.other_teacher_a.id.uuid(),
        Some(course),
        token.clone()
    )
    .await
    .is_none());
    assert!(get(tenant, user, None, token.clone()).await.is_none());
    assert!(get(tenant, user, Some(course), "0000".into())
        .await
        .is_none());
}

#[tokio::test]
async fn the_kept_drafts_are_bounded() {
    use lyceum_app::catalog::retry;
    let f = Fixture::new().await;
    let (tenant, user) = (f.a.id, f.teacher_a.id.uuid());
    let mut tokens = Vec::new();
    for _ in 0..25 {
        let mut tx =
            f.db.begin_as(tenant.into(), Some(user.into()))
                .await
                .unwrap();
        tokens.push(
            retry::put(
                &mut tx,
                user.into(),
                None,
                CourseDraft::default(),
                AppError::Forbidden,
            )
            .await
            .unwrap(),
        );
        tx.commit().await.unwrap();
    }
    let kept: i64 =
        sqlx::query_scalar("select count(*) from form_retry where tenant_id = $1 and user_id = $2")
            .bind(tenant)
            .bind(user)
            .fetch_one(&f.owner)
            .await
            .unwrap();
    assert_eq!(kept, 20);
    let mut tx =
        f.db.begin_as(tenant.into(), Some(user.into()))
            .await
            .unwrap();
    assert!(retry::get(&mut tx, &tokens[0], user.into(), None)
        .await
        .unwrap()
        .is_none());
    assert!(retry::get(&mut tx, &tokens[24], user.into(), None)
        .await
        .unwrap()
        .is_some());
    tx.commit().await.unwrap();
}
