//! Course and category writes through the service functions (as the
//! runtime role, under RLS): their rules, the SQL that mirrors the domain,
//! and what happens when two writes meet.

use super::fixtures::*;
use crate::helpers::*;
use lyceum::{Currency, Persona};
use lyceum_app::catalog::categories;
use lyceum_app::catalog::courses::{self, Actor};
use lyceum_app::error::AppError;
use uuid::Uuid;

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
        [
            "Add a description.",
            "Choose at least one category.",
            "Add a module with at least one lesson."
        ]
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
