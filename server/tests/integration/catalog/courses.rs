//! The catalog through its service functions (as the runtime role, under
//! RLS) and over HTTP: ranking, facet counts, keyset pages, isolation,
//! course writes and their rules, 301s and 404s, hostile input.

use crate::helpers::*;
use lyceum::{Currency, Persona};
use lyceum_app::catalog::categories;
use lyceum_app::catalog::courses::{self, Actor};
use lyceum_app::catalog::records::{CatalogResults, CourseDraft};
use lyceum_app::catalog::search::FacetCache;
use lyceum_app::error::AppError;
use uuid::Uuid;

struct Fixture {
    owner: sqlx::PgPool,
    db: lyceum_app::db::Db,
    a: Tenant,
    b: Tenant,
    teacher_a: Actor,
    other_teacher_a: Actor,
    teacher_b: Actor,
    programming: Uuid,
    rust: Uuid,
    design: Uuid,
}

async fn category(
    owner: &sqlx::PgPool,
    tenant: &Tenant,
    name: &str,
    slug: &str,
    parent: Option<Uuid>,
) -> Uuid {
    sqlx::query_scalar(
        "insert into category (tenant_id, parent_id, name, slug) values ($1, $2, $3, $4) returning category_id",
    )
    .bind(tenant.id)
    .bind(parent)
    .bind(name)
    .bind(slug)
    .fetch_one(owner)
    .await
    .unwrap()
}

fn draft(title: &str, description: &str, categories: &[Uuid]) -> CourseDraft {
    CourseDraft {
        title: title.into(),
        description: description.into(),
        categories: categories.iter().map(Uuid::to_string).collect(),
        pricing_model: "free".into(),
        currency: "USD".into(),
        skill_level: "beginner".into(),
        language: "en".into(),
        ..Default::default()
    }
}

impl Fixture {
    async fn new() -> Fixture {
        let owner = owner_pool().await;
        let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
        let actor = |id: Uuid| Actor {
            id: id.into(),
            persona: Persona::Instructor,
        };
        let teacher_a = actor(create_user(&owner, &a, "teach@a.test", Persona::Instructor).await);
        let other_teacher_a =
            actor(create_user(&owner, &a, "other@a.test", Persona::Instructor).await);
        let teacher_b = actor(create_user(&owner, &b, "teach@b.test", Persona::Instructor).await);
        let programming = category(&owner, &a, "Programming", "programming", None).await;
        let rust = category(&owner, &a, "Rust", "rust", Some(programming)).await;
        let design = category(&owner, &a, "Design", "design", None).await;
        category(&owner, &b, "Programming", "programming", None).await;
        Fixture {
            db: runtime_db(2).await,
            owner,
            a,
            b,
            teacher_a,
            other_teacher_a,
            teacher_b,
            programming,
            rust,
            design,
        }
    }

    async fn publish(&self, tenant: &Tenant, who: Actor, d: CourseDraft) -> Uuid {
        let mut tx = self
            .db
            .begin_as(tenant.id.into(), Some(who.id))
            .await
            .unwrap();
        let (id, _) = courses::create(&mut tx, who, &d).await.unwrap();
        let id = id.uuid();
        courses::change_status(
            &mut tx,
            who,
            id.into(),
            lyceum::catalog::course::StatusAction::Publish,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    async fn search(&self, tenant: &Tenant, raw: &str) -> CatalogResults {
        self.search_in(&FacetCache::default(), tenant, raw).await
    }

    /// A search through `cache`, as a server process reuses its cache.
    async fn search_in(&self, cache: &FacetCache, tenant: &Tenant, raw: &str) -> CatalogResults {
        search_catalog(&self.db, cache, tenant.id, raw).await
    }

    async fn cleanup(self) {
        for t in [self.a.id, self.b.id] {
            sqlx::query("delete from tenant where tenant_id = $1")
                .bind(t)
                .execute(&self.owner)
                .await
                .unwrap();
        }
    }
}

/// A course's `category_ids` and, for comparison, its course_category rows.
async fn mirror(tx: &mut lyceum_app::db::TenantTx, id: Uuid) -> (Vec<Uuid>, Vec<Uuid>) {
    sqlx::query_as(
        "select c.category_ids, array(select cc.category_id from course_category cc \
         where cc.course_id = c.course_id order by 1) from course c where c.course_id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await
    .unwrap()
}

fn titles(r: &CatalogResults) -> Vec<String> {
    r.cards.iter().map(|c| c.plain_title()).collect()
}

fn count(values: &[lyceum_app::catalog::records::FacetValue], value: &str) -> i64 {
    values
        .iter()
        .find(|v| v.value == value)
        .map(|v| v.count)
        .unwrap_or(0)
}

#[tokio::test]
async fn search_ranks_counts_facets_and_stays_in_its_tenant() {
    let f = Fixture::new().await;
    let mut paid = draft("Web servers in Rust", "Build HTTP services.", &[f.rust]);
    paid.pricing_model = "one_time".into();
    paid.list_price = "35".into();
    paid.skill_level = "intermediate".into();
    f.publish(&f.a, f.teacher_a, paid).await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft(
            "Gardening",
            "Mentions rust only in the description.",
            &[f.design],
        ),
    )
    .await;
    let mut tagged = draft("Systems programming", "Low-level work.", &[f.programming]);
    tagged.tags = "rust, systems".into();
    tagged.language = "de".into();
    f.publish(&f.a, f.other_teacher_a, tagged).await;
    // A draft never shows; neither does tenant B's course.
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    courses::create(
        &mut tx,
        f.teacher_a,
        &draft("Rust draft", "Unpublished rust.", &[f.rust]),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let b_programming: Uuid = {
        let mut tx = f.db.begin_as(f.b.id.into(), None).await.unwrap();
        let tree = categories::load_tree(&mut tx).await.unwrap();
        tree.by_slug("programming").unwrap().id
    };
    f.publish(
        &f.b,
        f.teacher_b,
        draft("Rust at tenant B", "Rust rust rust.", &[b_programming]),
    )
    .await;

    // Title (A) beats tags (B) beats description (C).
    let r = f.search(&f.a, "q=rust").await;
    assert_eq!(
        titles(&r),
        ["Web servers in Rust", "Systems programming", "Gardening"]
    );
    assert_eq!(r.total, 3);
    assert!(
        r.cards[0]
            .title
            .iter()
            .any(|frag| frag.hit && frag.text == "Rust"),
        "highlighted"
    );

    // Facet counts: each facet is narrowed by the others, not by itself.
    let r = f.search(&f.a, "q=rust&level=intermediate").await;
    assert_eq!(r.total, 1);
    assert_eq!(
        count(&r.facets.levels, "beginner"),
        2,
        "level counts ignore the level filter"
    );
    assert_eq!(count(&r.facets.levels, "intermediate"), 1);
    assert_eq!(
        count(&r.facets.languages, "en"),
        1,
        "language counts honour the level filter"
    );
    assert_eq!(count(&r.facets.prices, "20_50"), 1);

    // Categories count their subtrees; filtering by a parent includes its children.
    let r = f.search(&f.a, "").await;
    assert_eq!(count(&r.facets.categories, "programming"), 2);
    assert_eq!(count(&r.facets.categories, "design"), 1);
    let r = f.search(&f.a, "category=programming").await;
    assert_eq!(r.total, 2);
    assert_eq!(r.breadcrumbs.len(), 1);
    assert_eq!(
        count(&r.facets.categories, "rust"),
        1,
        "drills down to subcategories"
    );

    // Tenant B's course is in neither A's results nor its counts.
    let r = f.search(&f.a, "q=tenant").await;
    assert!(
        !titles(&r).iter().any(|t| t.contains("tenant B")),
        "{:?}",
        titles(&r)
    );
    let r = f.search(&f.b, "q=rust").await;
    assert_eq!(titles(&r), ["Rust at tenant B"]);
    assert_eq!(r.total, 1);

    // Price sorts use the effective price; the instructor facet filters.
    let r = f.search(&f.a, "sort=price_desc").await;
    assert_eq!(r.cards[0].plain_title(), "Web servers in Rust");
    let r = f
        .search(&f.a, &format!("instructor={}", f.other_teacher_a.id))
        .await;
    assert_eq!(titles(&r), ["Systems programming"]);

    // A typo is corrected to the most similar title word and searched
    // again; tenant B's title words are never offered to A.
    let r = f.search(&f.a, "q=gardenign").await;
    assert_eq!(r.corrected.as_deref(), Some("gardening"));
    assert_eq!(titles(&r), ["Gardening"]);
    assert_eq!(r.cards[0].title.iter().filter(|f| f.hit).count(), 1);
    let r = f.search(&f.b, "q=gardenign").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    // Words that exist but never meet: nothing, rather than a guess.
    let r = f.search(&f.a, "q=gardening+servers").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    // A correction that finds nothing published (here: a word only a
    // draft's title has) is not offered.
    let r = f.search(&f.a, "q=drafft").await;
    assert_eq!((r.corrected, r.total), (None, 0));
    f.cleanup().await;
}

#[tokio::test]
async fn keyset_pages_cover_everything_once() {
    let f = Fixture::new().await;
    for n in 0..45 {
        // Prices and relevance vary, with ties, so every order is tested.
        let description = if n % 4 == 0 {
            "Numbers, number after number."
        } else {
            "Numbers."
        };
        let mut course = draft(&format!("Course number {n:02}"), description, &[f.design]);
        if n % 3 == 0 {
            course.pricing_model = "one_time".into();
            course.list_price = format!("{}", 10 + n % 7);
        }
        f.publish(&f.a, f.teacher_a, course).await;
    }
    for sort in ["newest", "price_asc", "price_desc", "rating"] {
        let mut seen = Vec::new();
        let mut raw = format!("sort={sort}");
        loop {
            let r = f.search(&f.a, &raw).await;
            assert!(r.cards.len() <= lyceum::catalog::query::PAGE_SIZE);
            seen.extend(titles(&r));
            match r.next {
                Some(next) => raw = next.trim_start_matches('?').to_owned(),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(seen.len(), 45, "{sort}");
        assert_eq!(unique.len(), 45, "{sort}: no course twice");
    }
    // A search's first page is picked in the pass that counts (nothing
    // cached yet) or on its own (counts cached by another sort's request):
    // both give the same page, and its cursor continues where it ends.
    for sort in ["relevance", "newest", "price_asc", "price_desc", "rating"] {
        let raw = format!("q=number&sort={sort}");
        let joint = f.search(&f.a, &raw).await;
        let cache = FacetCache::default();
        let other = if sort == "newest" { "rating" } else { "newest" };
        f.search_in(&cache, &f.a, &format!("q=number&sort={other}"))
            .await;
        let alone = f.search_in(&cache, &f.a, &raw).await;
        assert_eq!(titles(&joint), titles(&alone), "{sort}");
        assert_eq!(joint.cards.len(), lyceum::catalog::query::PAGE_SIZE);
        assert_eq!((joint.total, alone.total), (45, 45), "{sort}");
        assert_eq!(joint.next, alone.next, "{sort}");
        let mut seen = titles(&joint);
        let mut raw = joint.next.clone().expect("a second page");
        loop {
            let r = f.search(&f.a, raw.trim_start_matches('?')).await;
            seen.extend(titles(&r));
            match r.next {
                Some(next) => raw = next,
                None => break,
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 45, "{sort}: every match once");
    }
    f.cleanup().await;
}

#[tokio::test]
async fn writes_follow_the_rules() {
    let f = Fixture::new().await;
    let me = f.teacher_a;
    let mut tx = f.db.begin_as(f.a.id.into(), Some(me.id)).await.unwrap();

    // Bad input: every field named, nothing stored.
    let mut bad = draft(&"x".repeat(121), "", &[]);
    bad.pricing_model = "one_time".into();
    bad.list_price = "-4".into();
    bad.currency = "XYZ".into();
    bad.categories = vec![Uuid::new_v4().to_string(), "not-an-id".into()];
    let err = courses::create(&mut tx, me, &bad).await.unwrap_err();
    let AppError::Invalid(fields) = err else {
        panic!("{err:?}")
    };
    for field in ["title", "currency", "categories"] {
        assert!(fields.get(field).is_some(), "{field}: {fields:?}");
    }
    let stored: i64 = sqlx::query_scalar("select count(*) from course")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    // Publishing an incomplete course lists what is missing.
    let (id, slug) = courses::create(&mut tx, me, &draft("Half done", "", &[]))
        .await
        .unwrap();
    let id = id.uuid();
    assert_eq!(slug, "half-done");
    let err = courses::change_status(
        &mut tx,
        me,
        id.into(),
        lyceum::catalog::course::StatusAction::Publish,
    )
    .await
    .unwrap_err();
    let AppError::Invalid(problems) = err else {
        panic!("{err:?}")
    };
    let listed: Vec<&str> = problems.iter().map(|(_, m)| m).collect();
    assert_eq!(
        listed,
        ["Add a description.", "Choose at least one category."]
    );

    // Same title again: a numbered slug. A typed slug that is taken: a field error.
    let (_, second) = courses::create(&mut tx, me, &draft("Half done", "", &[]))
        .await
        .unwrap();
    assert_eq!(second, "half-done-2");
    let mut taken = draft("Another", "", &[]);
    taken.slug = "half-done".into();
    let err = courses::create(&mut tx, me, &taken).await.unwrap_err();
    assert!(err.field_errors().and_then(|f| f.get("slug")).is_some());

    // Renaming the slug keeps the old one as a redirect.
    let mut renamed = draft("Half done", "Now described.", &[f.rust]);
    renamed.slug = "fully-done".into();
    courses::update(&mut tx, me, id.into(), &renamed)
        .await
        .unwrap();
    let moved = courses::by_slug(
        &mut tx,
        Some(me),
        &lyceum::Slug::parse("half-done").unwrap(),
        "http://x",
    )
    .await
    .unwrap();
    assert_eq!(
        moved,
        lyceum_app::catalog::records::CourseLookup::Moved("fully-done".into())
    );

    // course.category_ids (what search filters and counts by) follows every
    // re-categorisation, under RLS; the sync alone does not touch updated_at.
    assert_eq!(mirror(&mut tx, id).await, (vec![f.rust], vec![f.rust]));
    let mut moved_twice = renamed.clone();
    moved_twice.categories = vec![f.design.to_string(), f.programming.to_string()];
    courses::update(&mut tx, me, id.into(), &moved_twice)
        .await
        .unwrap();
    let mut both = vec![f.design, f.programming];
    both.sort();
    assert_eq!(mirror(&mut tx, id).await, (both.clone(), both));
    courses::update(&mut tx, me, id.into(), &renamed)
        .await
        .unwrap();
    assert_eq!(mirror(&mut tx, id).await, (vec![f.rust], vec![f.rust]));
    tx.commit().await.unwrap();
    let mut tx = f.db.begin_as(f.a.id.into(), Some(me.id)).await.unwrap();
    let stamp = "select updated_at::text from course where course_id = $1";
    let before: String = sqlx::query_scalar(stamp)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    sqlx::query("delete from course_category where course_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(mirror(&mut tx, id).await, (vec![], vec![]));
    let after: String = sqlx::query_scalar(stamp)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(before, after);
    drop(tx);

    // Someone else's course: refused; from another tenant: not found.
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.other_teacher_a.id))
            .await
            .unwrap();
    let err = courses::update(&mut tx, f.other_teacher_a, id.into(), &renamed)
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    drop(tx);
    let mut tx =
        f.db.begin_as(f.b.id.into(), Some(f.teacher_b.id))
            .await
            .unwrap();
    let err = courses::update(&mut tx, f.teacher_b, id.into(), &renamed)
        .await
        .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    drop(tx);

    // An admin may edit any course of the tenant; archiving keeps the row.
    let admin = Actor {
        id: create_user(&f.owner, &f.a, "admin@a.test", Persona::Admin)
            .await
            .into(),
        persona: Persona::Admin,
    };
    let mut tx = f.db.begin_as(f.a.id.into(), Some(admin.id)).await.unwrap();
    courses::update(&mut tx, admin, id.into(), &renamed)
        .await
        .unwrap();
    let status = courses::change_status(
        &mut tx,
        admin,
        id.into(),
        lyceum::catalog::course::StatusAction::Archive,
    )
    .await
    .unwrap();
    assert_eq!(status, lyceum::catalog::course::CourseStatus::Archived);
    tx.commit().await.unwrap();
    f.cleanup().await;
}

#[tokio::test]
async fn categories_delete_only_when_empty_and_never_loop() {
    let f = Fixture::new().await;
    let mut tx = f.db.begin_as(f.a.id.into(), None).await.unwrap();
    let err = categories::move_category(&mut tx, f.programming.into(), &f.rust.to_string())
        .await
        .unwrap_err();
    assert!(err
        .field_errors()
        .and_then(|e| e.get("parent_id"))
        .is_some());
    let err = categories::delete_category(&mut tx, f.programming.into())
        .await
        .unwrap_err();
    assert!(err.field_errors().is_some(), "has a child");
    let id = categories::create_category(&mut tx, "Empty one", "", "")
        .await
        .unwrap();
    categories::reorder_category(&mut tx, id.into(), true)
        .await
        .unwrap();
    let rows = categories::category_rows(&mut tx, None).await.unwrap();
    let roots: Vec<&str> = rows
        .iter()
        .filter(|r| r.depth == 0)
        .map(|r| r.name.as_str())
        .collect();
    // Design and Programming share position 0 (sorted by name); the new one came last.
    assert_eq!(
        roots,
        ["Design", "Empty one", "Programming"],
        "moved up one place"
    );
    categories::delete_category(&mut tx, id.into())
        .await
        .unwrap();
    let err = categories::create_category(&mut tx, "Rust", "rust", "")
        .await
        .unwrap_err();
    assert!(err.field_errors().and_then(|e| e.get("slug")).is_some());
    tx.commit().await.unwrap();
    f.cleanup().await;
}

#[tokio::test]
async fn the_sql_currency_table_matches_the_domain() {
    let owner = owner_pool().await;
    for code in ["USD", "EUR", "GBP", "JPY", "KRW", "CHF", "INR"] {
        let sql: i64 = sqlx::query_scalar("select currency_minor_per_major($1)")
            .bind(code)
            .fetch_one(&owner)
            .await
            .unwrap();
        assert_eq!(
            sql,
            Currency::parse(code).unwrap().minor_per_major(),
            "{code}"
        );
    }
}

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

/// Issue 10, item 13: a typo correction replaces words in place and keeps
/// what the words are joined by.
#[tokio::test]
async fn corrections_keep_operators_and_exclusions() {
    let f = Fixture::new().await;
    let mut basics = draft(
        "Python for Beginners",
        "Variables and loops.",
        &[f.programming],
    );
    basics.skill_level = "beginner".into();
    f.publish(&f.a, f.teacher_a, basics).await;
    let mut advanced = draft("Advanced Python", "Metaclasses.", &[f.programming]);
    advanced.skill_level = "advanced".into();
    f.publish(&f.a, f.teacher_a, advanced).await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft("Rust in Practice", "Ownership.", &[f.rust]),
    )
    .await;

    let r = f.search(&f.a, "q=pyhton+-advanced").await;
    assert_eq!(r.corrected.as_deref(), Some("python -advanced"));
    assert_eq!(
        titles(&r),
        ["Python for Beginners"],
        "the excluded course stays out"
    );
    let r = f.search(&f.a, "q=pyhton+or+rustt").await;
    assert_eq!(r.corrected.as_deref(), Some("python or rust"));
    assert_eq!(r.total, 3);
    f.cleanup().await;
}

/// Issue 10, item 15: words the English configuration drops ("IT") still
/// find the titles that hold them.
#[tokio::test]
async fn stop_words_alone_find_titles() {
    let f = Fixture::new().await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft(
            "IT Helpdesk Basics",
            "Tickets and triage.",
            &[f.programming],
        ),
    )
    .await;
    f.publish(&f.a, f.teacher_a, draft("Gardening", "Soil.", &[f.design]))
        .await;
    for q in ["IT", "it", "It"] {
        let r = f.search(&f.a, &format!("q={q}")).await;
        assert_eq!(titles(&r), ["IT Helpdesk Basics"], "{q}");
        assert_eq!(r.total, 1);
        assert!(
            r.cards[0]
                .title
                .iter()
                .any(|frag| frag.hit && frag.text == "IT"),
            "highlighted"
        );
    }
    // Mixed with a real word, the real word decides as before.
    let r = f.search(&f.a, "q=it+helpdesk").await;
    assert_eq!(titles(&r), ["IT Helpdesk Basics"]);
    f.cleanup().await;
}

/// Issue 10, item 18 (server side): a facet selects several values.
#[tokio::test]
async fn facets_select_several_values_at_once() {
    let f = Fixture::new().await;
    for (title, level) in [
        ("Basics", "beginner"),
        ("Middle", "intermediate"),
        ("Deep", "advanced"),
    ] {
        let mut d = draft(title, "About it.", &[f.programming]);
        d.skill_level = level.into();
        f.publish(&f.a, f.teacher_a, d).await;
    }
    let r = f.search(&f.a, "level=beginner&level=advanced").await;
    let mut found = titles(&r);
    found.sort();
    assert_eq!(found, ["Basics", "Deep"]);
    assert_eq!(r.total, 2);
    // Each level still counts what choosing it would add.
    assert_eq!(count(&r.facets.levels, "intermediate"), 1);
    assert!(r.facets.levels.iter().filter(|v| v.selected).count() == 2);
    f.cleanup().await;
}

/// Issue 10, item 5: a typo correction never offers a word only a draft's
/// title has.
#[tokio::test]
async fn corrections_draw_on_published_titles_only() {
    let f = Fixture::new().await;
    f.publish(
        &f.a,
        f.teacher_a,
        draft("Python Basics", "Loops.", &[f.programming]),
    )
    .await;
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    let (secret, _) = courses::create(&mut tx, f.teacher_a, &draft("Xylophone Secrets", "", &[]))
        .await
        .unwrap();
    let secret = secret.uuid();
    tx.commit().await.unwrap();
    let r = f.search(&f.a, "q=xylophome+or+pyhton").await;
    let corrected = r.corrected.clone().unwrap_or_default();
    assert!(
        !corrected.contains("xylophone"),
        "a draft's word: {corrected}"
    );
    assert_eq!(titles(&r), ["Python Basics"]);

    // Published, its words are offered; archived, no longer.
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    let mut complete = draft("Xylophone Secrets", "Mallets.", &[f.design]);
    complete.slug = "xylophone-secrets".into();
    courses::update(&mut tx, f.teacher_a, secret.into(), &complete)
        .await
        .unwrap();
    courses::change_status(
        &mut tx,
        f.teacher_a,
        secret.into(),
        lyceum::catalog::course::StatusAction::Publish,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        f.search(&f.a, "q=xylophome").await.corrected.as_deref(),
        Some("xylophone")
    );
    let mut tx =
        f.db.begin_as(f.a.id.into(), Some(f.teacher_a.id))
            .await
            .unwrap();
    courses::change_status(
        &mut tx,
        f.teacher_a,
        secret.into(),
        lyceum::catalog::course::StatusAction::Archive,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(f.search(&f.a, "q=xylophome").await.corrected, None);
    f.cleanup().await;
}

/// Issue 10, item 16: two admins moving X under Y and Y under X at the
/// same moment cannot store a loop: the second move waits for the first
/// and is then refused.
#[tokio::test]
async fn concurrent_moves_cannot_store_a_loop() {
    let f = Fixture::new().await;
    let x = category(&f.owner, &f.a, "X", "x-cat", None).await;
    let y = category(&f.owner, &f.a, "Y", "y-cat", None).await;
    let mut first = f.db.begin_as(f.a.id.into(), None).await.unwrap();
    categories::move_category(&mut first, x.into(), &y.to_string())
        .await
        .unwrap();
    let db = runtime_db(1).await;
    let tenant = f.a.id;
    let second = tokio::spawn(async move {
        let mut tx = db.begin_as(tenant.into(), None).await.unwrap();
        let moved = categories::move_category(&mut tx, y.into(), &x.to_string()).await;
        if moved.is_ok() {
            tx.commit().await.unwrap();
        }
        moved
    });
    // The second move is now waiting for the tree; the first commits.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    let err = second.await.unwrap().unwrap_err();
    assert!(
        err.field_errors()
            .and_then(|e| e.get("parent_id"))
            .is_some(),
        "{err:?}"
    );
    let parents: Vec<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select category_id, parent_id from category where category_id = any($1) order by slug",
    )
    .bind(vec![x, y])
    .fetch_all(&f.owner)
    .await
    .unwrap();
    assert_eq!(parents, [(x, Some(y)), (y, None)]);
    f.cleanup().await;
}

/// A course filed under a category while an admin deletes that category:
/// whichever comes second waits for the first and gets a clear field error,
/// never a failed commit (the deferred foreign key) or a course filed under
/// a category that no longer exists.
#[tokio::test]
async fn filing_a_course_and_deleting_its_category_at_once() {
    let f = Fixture::new().await;
    let tenant = f.a.id;
    let teacher = f.teacher_a;

    // The course save first: the deletion waits, then finds it not empty.
    let c = category(&f.owner, &f.a, "Short-lived", "short-lived", None).await;
    let mut save =
        f.db.begin_as(tenant.into(), Some(teacher.id))
            .await
            .unwrap();
    let (course, _) = courses::create(&mut save, teacher, &draft("Filed", "", &[c]))
        .await
        .unwrap();
    let course = course.uuid();
    let db = runtime_db(1).await;
    let delete = tokio::spawn(async move {
        let mut tx = db.begin_as(tenant.into(), None).await.unwrap();
        let deleted = categories::delete_category(&mut tx, c.into()).await;
        if deleted.is_ok() {
            tx.commit().await.map_err(AppError::from)?;
        }
        deleted
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    save.commit().await.unwrap();
    let err = delete.await.unwrap().unwrap_err();
    assert!(
        err.field_errors().and_then(|e| e.get("category")).is_some(),
        "{err:?}"
    );
    let filed: i64 = sqlx::query_scalar(
        "select count(*) from course_category where course_id = $1 and category_id = $2",
    )
    .bind(course)
    .bind(c)
    .fetch_one(&f.owner)
    .await
    .unwrap();
    assert_eq!(filed, 1);

    // The deletion first: the course save waits, then finds no such category.
    let gone = category(&f.owner, &f.a, "Going", "going", None).await;
    let mut delete = f.db.begin_as(tenant.into(), None).await.unwrap();
    categories::delete_category(&mut delete, gone.into())
        .await
        .unwrap();
    let db = runtime_db(1).await;
    let save = tokio::spawn(async move {
        let mut tx = db.begin_as(tenant.into(), Some(teacher.id)).await.unwrap();
        let created = courses::create(&mut tx, teacher, &draft("Too late", "", &[gone])).await;
        if created.is_ok() {
            tx.commit().await.map_err(AppError::from)?;
        }
        created
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    delete.commit().await.unwrap();
    let err = save.await.unwrap().unwrap_err();
    assert_eq!(
        err.field_errors().and_then(|e| e.get("categories")),
        Some("contains a category that does not exist"),
        "{err:?}"
    );
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from course where tenant_id = $1 and title = 'Too late'",
    )
    .bind(tenant)
    .fetch_one(&f.owner)
    .await
    .unwrap();
    assert_eq!(stored, 0);
    f.cleanup().await;
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

/// The effective price is one rule: the SQL function every catalog query
/// sorts, filters and shows by equals `Pricing::effective`, over a table of
/// cases around the sale's end (evaluated at the transaction's `now()`).
#[tokio::test]
async fn the_effective_price_in_sql_is_pricing_effective() {
    use lyceum::catalog::pricing::{Pricing, PricingInput};
    let db = runtime_db(1).await;
    let tenant = create_tenant(&owner_pool().await).await;
    let mut tx = db.begin_as(tenant.id.into(), None).await.unwrap();
    let now: f64 = sqlx::query_scalar("select extract(epoch from now())::float8")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let now_secs = now.floor() as i64;
    // (list, sale, sale ends relative to now in seconds)
    let cases: &[(&str, &str, Option<i64>)] = &[
        ("50.00", "", None),
        ("50.00", "20.00", Some(3600)),
        ("50.00", "20.00", Some(1)),
        ("50.00", "20.00", Some(0)),
        ("50.00", "20.00", Some(-1)),
        ("50.00", "20.00", Some(-86_400)),
        ("0.99", "0.01", Some(86_400 * 365)),
        ("1000000.00", "999999.99", Some(-3600)),
    ];
    for &(list, sale, ends) in cases {
        let ends_at = ends.map(|d| now_secs + d);
        let pricing = Pricing::parse(
            &PricingInput {
                model: "one_time",
                currency: "USD",
                list_price: list,
                sale_price: sale,
                sale_ends_at: ends_at,
            },
            now_secs - 100_000,
        )
        .unwrap();
        let in_sql: i64 =
            sqlx::query_scalar("select effective_price_minor($1, $2, to_timestamp($3::float8))")
                .bind(pricing.list().minor())
                .bind(pricing.sale().map(|s| s.price.minor()))
                .bind(ends_at.map(|e| e as f64))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
        assert_eq!(
            in_sql,
            pricing.effective(now_secs).minor(),
            "list {list}, sale {sale}, ends {ends:?} s from now"
        );
    }
    tx.commit().await.unwrap();
}

/// A change that waits on another for longer than `db::LOCK_TIMEOUT` gives
/// up with a clear "try again" (503, `Busy`), stores nothing, and holds no
/// connection meanwhile; once the other change ends, the same request works.
#[tokio::test]
async fn a_change_held_up_by_another_is_busy_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let email = unique_email("busy");
    create_user(&app.owner, &app.a, &email, Persona::Admin).await;
    let admin = app.session_for(&app.a, &email).await;

    // Another change to the category tree, still running.
    let mut other = app.owner.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(app.a.id.to_string())
        .execute(&mut *other)
        .await
        .unwrap();
    sqlx::query(
        "select pg_advisory_xact_lock(hashtextextended('category_tree:' || current_tenant_id()::text, 0))",
    )
    .execute(&mut *other)
    .await
    .unwrap();

    let form = [
        ("op", "create"),
        ("id", ""),
        ("name", "Held up"),
        ("slug", ""),
        ("parent_id", ""),
    ];
    let started = std::time::Instant::now();
    let held = app
        .post_form(&host, "/fn/catalog/category", &form, Some(&admin))
        .await;
    let waited = started.elapsed();
    assert_eq!(held.status, 503, "{}", held.body);
    assert_eq!(held.header("retry-after"), Some("1"));
    assert!(
        matches!(held.error(), AppError::Busy { .. }),
        "{}",
        held.body
    );
    assert!(
        waited >= std::time::Duration::from_secs(2) && waited < std::time::Duration::from_secs(8),
        "waited {waited:?}"
    );
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from category where tenant_id = $1 and name = 'Held up'",
    )
    .bind(app.a.id)
    .fetch_one(&app.owner)
    .await
    .unwrap();
    assert_eq!(stored, 0);

    other.rollback().await.unwrap();
    let done = app
        .post_form(&host, "/fn/catalog/category", &form, Some(&admin))
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
}

/// While a save holds a course, opening its editor does not wait (a read
/// takes no lock), and a second change waits its turn, then is told to try
/// again.
#[tokio::test]
async fn a_course_being_saved_still_opens_and_a_second_change_is_busy() {
    let app = TestApp::spawn().await;
    let host = app.host_of(&app.a);
    let email = unique_email("held");
    let teacher = create_user(&app.owner, &app.a, &email, Persona::Instructor).await;
    let cookie = app.session_for(&app.a, &email).await;
    let id: Uuid = sqlx::query_scalar(
        "insert into course (tenant_id, instructor_id, slug, title) values ($1, $2, 'held', 'Held course')
         returning course_id",
    )
    .bind(app.a.id)
    .bind(teacher)
    .fetch_one(&app.owner)
    .await
    .unwrap();

    let mut saving = app.owner.begin().await.unwrap();
    sqlx::query("select 1 from course where course_id = $1 for update")
        .bind(id)
        .execute(&mut *saving)
        .await
        .unwrap();

    let started = std::time::Instant::now();
    let editor = app
        .get(&host, &format!("/instructor/courses/{id}"), Some(&cookie))
        .await;
    assert_eq!(editor.status, 200, "{}", editor.body);
    assert!(editor.body.contains("Held course"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the editor waited {:?}",
        started.elapsed()
    );

    let id_text = id.to_string();
    let second = app
        .post_form(
            &host,
            "/fn/catalog/status",
            &[("id", id_text.as_str()), ("action", "archive")],
            Some(&cookie),
        )
        .await;
    assert_eq!(second.status, 503, "{}", second.body);
    assert!(matches!(second.error(), AppError::Busy { .. }));
    saving.rollback().await.unwrap();
}
