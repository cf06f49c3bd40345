//! Catalog search under row level security: the LEAKPROOF trap of DESIGN.md.

use crate::helpers::*;
use lyceum::Persona;
use lyceum_app::catalog::records::Anywhere;
use sqlx::Row;

/// Plans the body of a SECURITY DEFINER search function the way it executes
/// (as the function's owner, with the tenant set, sequential scans disabled
/// so an unusable index shows) and returns the plan text.
async fn plan_of(owner: &sqlx::PgPool, function: &str, tenant: uuid::Uuid) -> String {
    let body: String = sqlx::query_scalar("select prosrc from pg_proc where proname = $1")
        .bind(function)
        .fetch_one(owner)
        .await
        .unwrap();
    let body = body
        .replace("p_query", "$1")
        .replace("p_limit", "$2")
        .replace("p_ranked", "($2 > 0)")
        .replace("p_words", "$3");
    let mut tx = owner.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(tenant.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("set local enable_seqscan = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(&format!(
        "prepare search_plan (text, integer, text[]) as {body}"
    ))
    .execute(&mut *tx)
    .await
    .unwrap();
    let lines: Vec<String> = sqlx::query(
        "explain execute search_plan('rust programming', 20, array['progamming', 'evryone'])",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    // PREPARE outlives the transaction (it is per session): free the name for the pool's next user.
    sqlx::query("deallocate search_plan")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    lines.join("\n")
}

#[tokio::test]
async fn search_functions_use_their_gin_indexes_and_stay_in_the_tenant() {
    let owner = owner_pool().await;
    let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
    let teacher_a = create_user(&owner, &a, "t@a.test", Persona::Instructor).await;
    let teacher_b = create_user(&owner, &b, "t@b.test", Persona::Instructor).await;
    for (tenant, teacher, title) in [
        (&a, teacher_a, "Rust programming for everyone"),
        (&b, teacher_b, "Rust programming at Globex"),
    ] {
        sqlx::query(
            "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at)
             values ($1, $2, 'rust', $3, 'Ownership, borrowing and lifetimes.', 'published', now())",
        )
        .bind(tenant.id)
        .bind(teacher)
        .bind(title)
        .execute(&owner)
        .await
        .unwrap();
    }

    // A realistic shape: many courses in the tenant, few matching the query.
    // (Below ~10k rows the planner rightly prefers the tenant btree + filter.)
    // A quarter mention compost in their description, 12 in their title.
    // A tenth mention quartz and feldspar (always together), 4 in their title.
    sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at)
         select $1, $2, 'filler-' || n,
                case when n % 2500 = 0 then 'Compost heaps volume '
                     when n % 7500 = 100 then 'Quartz and feldspar volume '
                     else 'Gardening basics volume ' end || n,
                case when n % 4 = 0 then 'Soil, seeds, compost and seasons.'
                     when n % 10 = 5 then 'Soil, seeds, quartz and feldspar.'
                     when n % 10 = 7 then 'Soil, seeds, basalt and gneiss.'
                     else 'Soil, seeds and seasons.' end,
                'published', now()
         from generate_series(1, 30000) n",
    )
    .bind(a.id)
    .bind(teacher_a)
    .execute(&owner)
    .await
    .unwrap();
    sqlx::query("analyze course, search_term")
        .execute(&owner)
        .await
        .unwrap();

    // The functions run as their owner (their search_path is checked for
    // every SECURITY DEFINER function by `security::definer_functions_*`).
    let definer: Vec<(String, bool)> = sqlx::query_as(
        "select proname::text, prosecdef from pg_proc
          where proname in ('similar_terms', 'match_course_facts', 'match_course_titles',
                            'match_course_titles_simple', 'estimate_course_matches') order by 1",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    assert_eq!(definer.len(), 5);
    assert!(definer.iter().all(|(_, secdef)| *secdef), "{definer:?}");

    // Their bodies, executed as that owner, use the tenant-led GIN indexes.
    let all = plan_of(&owner, "match_course_facts", a.id).await;
    assert!(
        all.contains("course_search_idx"),
        "the facet match set does not use the GIN index:\n{all}"
    );
    let by_title = plan_of(&owner, "match_course_titles", a.id).await;
    assert!(
        by_title.contains("course_title_search_idx"),
        "the title match set does not use its GIN index:\n{by_title}"
    );
    let simple = plan_of(&owner, "match_course_titles_simple", a.id).await;
    assert!(
        simple.contains("course_title_simple_idx"),
        "the stop-word title match does not use its GIN index:\n{simple}"
    );
    let trgm = plan_of(&owner, "similar_terms", a.id).await;
    assert!(
        trgm.contains("search_term_trgm_idx"),
        "typo correction does not use its trigram index:\n{trgm}"
    );

    // Called by the runtime role, they see the current tenant only, and nothing without one.
    let db = runtime_db(1).await;
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let titles: Vec<String> = sqlx::query_scalar(
        "select c.title from match_course_facts('rust programming', true) s join course c using (course_id)",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let corrections = "select word || '>' || term from similar_terms(array['progamming', 'evryone', 'globx']) order by nth";
    let fixed: Vec<String> = sqlx::query_scalar(corrections)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(titles, ["Rust programming for everyone"]);
    // Title words of this tenant only ("globex" is B's).
    assert_eq!(fixed, ["progamming>programming", "evryone>everyone"]);
    let mut tx = db.begin_as(b.id.into(), None).await.unwrap();
    let fixed: Vec<String> = sqlx::query_scalar(corrections)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(fixed, ["progamming>programming", "globx>globex"]);
    let mut conn = db.pre_tenant().await.unwrap();
    let none: i64 = sqlx::query_scalar("select count(*) from match_course_facts('rust', false)")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(none, 0);
    let none: i64 = sqlx::query_scalar("select count(*) from similar_terms(array['rust'])")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(none, 0, "no tenant, no title words");
    drop(conn);

    // Broad searches, through the catalog's search as a request makes it.
    let estimate = "select estimate_course_matches($1, null, null, null, null)";
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let broad: i64 = sqlx::query_scalar(estimate)
        .bind("compost")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // An estimate: other tests' rows come and go in the same table's
    // statistics, so only its order of magnitude is certain.
    assert!(broad > 1_000, "estimate {broad} for 7,500");
    let mut tx = db.begin_as(b.id.into(), None).await.unwrap();
    let elsewhere: i64 = sqlx::query_scalar(estimate)
        .bind("compost")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(elsewhere < 100, "tenant B's own share: {elsewhere}");
    let mut conn = db.pre_tenant().await.unwrap();
    let none: i64 = sqlx::query_scalar(estimate)
        .bind("compost")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(none, 0, "no tenant, no estimate");
    drop(conn);

    // "compost" matches 7,500 courses: the catalog lists and counts the
    // 12 with it in their title, and says how many mention it anywhere.
    let r = search(&db, a.id, "q=compost").await;
    assert_eq!((r.total, r.cards.len()), (12, 12));
    assert!(r
        .cards
        .iter()
        .all(|c| c.plain_title().starts_with("Compost")));
    assert!(r.anywhere.is_some(), "broad");
    // Words that always occur together fool the planner (it multiplies
    // their frequencies: ~300 of 3,000); counting stops past the bound.
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let low: i64 = sqlx::query_scalar(estimate)
        .bind("quartz feldspar")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(low < 2_500, "the planner's estimate {low}");
    let r = search(&db, a.id, "q=quartz+feldspar").await;
    assert_eq!(r.total, 4);
    assert_eq!(r.anywhere, Some(Anywhere::MoreThan(2_500)));
    // Its next request (another sort) goes straight to titles.
    let r = search(&db, a.id, "q=quartz+feldspar&sort=newest").await;
    assert_eq!((r.total, r.cards.len()), (4, 4));
    // Narrow enough: all of the text, exact.
    let r = search(&db, a.id, "q=compost+heaps").await;
    assert_eq!((r.total, r.anywhere), (12, None));
    // Broad through descriptions only: no title matches, so all of the
    // text after all (never an empty page for a word that is there).
    let r = search(&db, a.id, "q=soil").await;
    assert_eq!((r.total, r.anywhere), (30_000, None));
    // The same, for words the planner under-estimates: counting the whole
    // text stopped at the bound first, and that cut-short count must not
    // stand for the whole one (3,000, in no title).
    let r = search(&db, a.id, "q=basalt+gneiss").await;
    assert_eq!((r.total, r.anywhere), (3_000, None));

    for tenant in [a.id, b.id] {
        sqlx::query("delete from tenant where tenant_id = $1")
            .bind(tenant)
            .execute(&owner)
            .await
            .unwrap();
    }
}

async fn search(
    db: &lyceum_app::db::Db,
    tenant: uuid::Uuid,
    raw: &str,
) -> lyceum_app::catalog::records::CatalogResults {
    search_catalog(db, &Default::default(), tenant, raw).await
}

#[tokio::test]
async fn broad_searches_say_what_they_list_on_the_page_and_in_the_api() {
    let app = TestApp::spawn().await;
    let teacher = create_user(&app.owner, &app.a, "t@broad.test", Persona::Instructor).await;
    // 8,000 published courses mention mulch; 10 have it in their title.
    sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at)
         select $1, $2, 'broad-' || n,
                case when n % 800 = 0 then 'Mulch matters, part ' else 'Garden notes, part ' end || n,
                'Mulch, soil and seasons.', 'published', now()
         from generate_series(1, 8000) n",
    )
    .bind(app.a.id)
    .bind(teacher)
    .execute(&app.owner)
    .await
    .unwrap();
    sqlx::query("analyze course")
        .execute(&app.owner)
        .await
        .unwrap();
    let host = app.host_of(&app.a);

    let page = app.get(&host, "/courses?q=mulch", None).await;
    assert_eq!(page.status, 200);
    let notice = page
        .body
        .split(r#"data-testid="broad""#)
        .nth(1)
        .expect("the broad-search notice")
        .split_once('>')
        .and_then(|(_, text)| text.split("</span>").next())
        .unwrap()
        .replace("<!>", "");
    assert!(
        page.body.contains("with these words in the title"),
        "the count says what it counts"
    );
    // The planner's estimate, rounded as people say it ("About 8,000"),
    // or where counting stopped ("More than 2,500").
    let estimated = notice
        .strip_prefix("About ")
        .and_then(|rest| rest.split(' ').next())
        .map(|n| n.replace(',', "").parse::<i64>().unwrap());
    assert!(
        estimated.is_some_and(|n| n >= 2_500) || notice.starts_with("More than 2,500 "),
        "{notice}"
    );
    assert!(page.body.contains(">10 courses<"), "title matches counted");

    let api = app
        .api("GET", &host, "/api/v1/courses?q=mulch", None, None, &[])
        .await;
    assert_eq!(api.status(), 200, "{}", api.reply.body);
    assert_eq!(api.json["total"], 10);
    let anywhere = &api.json["matchesAnywhere"];
    assert!(
        anywhere["about"].as_i64().is_some_and(|a| a >= 2_500) || anywhere["moreThan"] == 2_500,
        "{anywhere}"
    );
    // A narrow search lists all of the text, and says nothing of the kind.
    let api = app
        .api(
            "GET",
            &host,
            "/api/v1/courses?q=mulch+matters",
            None,
            None,
            &[],
        )
        .await;
    assert_eq!(api.json["total"], 10);
    assert_eq!(api.json["matchesAnywhere"], serde_json::Value::Null);
    let page = app.get(&host, "/courses?q=mulch+matters", None).await;
    assert!(!page.body.contains(r#"data-testid="broad""#));

    for tenant in [app.a.id, app.b.id] {
        sqlx::query("delete from tenant where tenant_id = $1")
            .bind(tenant)
            .execute(&app.owner)
            .await
            .unwrap();
    }
}
