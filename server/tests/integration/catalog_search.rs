//! Catalog search under row level security: the LEAKPROOF trap of DESIGN.md.

use crate::helpers::*;
use lyceum::Persona;
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
    sqlx::query(
        "insert into course (tenant_id, instructor_id, slug, title, description, status, published_at)
         select $1, $2, 'filler-' || n, 'Gardening basics volume ' || n, 'Soil, seeds and seasons.', 'published', now()
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

    // The functions run as their owner, with a pinned search_path.
    let definer: Vec<(String, bool, bool)> = sqlx::query_as(
        "select proname::text, prosecdef, coalesce(array_to_string(proconfig, ',') like '%search_path=%', false)
           from pg_proc where proname in ('search_course_ids', 'similar_terms', 'match_course_facts') order by 1",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    assert_eq!(definer.len(), 3);
    assert!(
        definer.iter().all(|(_, secdef, path)| *secdef && *path),
        "{definer:?}"
    );

    // Their bodies, executed as that owner, use the tenant-led GIN indexes.
    let fts = plan_of(&owner, "search_course_ids", a.id).await;
    assert!(
        fts.contains("course_search_idx"),
        "full-text search does not use its GIN index:\n{fts}"
    );
    let all = plan_of(&owner, "match_course_facts", a.id).await;
    assert!(
        all.contains("course_search_idx"),
        "the facet match set does not use the GIN index:\n{all}"
    );
    let trgm = plan_of(&owner, "similar_terms", a.id).await;
    assert!(
        trgm.contains("search_term_trgm_idx"),
        "typo correction does not use its trigram index:\n{trgm}"
    );

    // Called by the runtime role, they see the current tenant only, and nothing without one.
    let db = runtime_db(1).await;
    let mut tx = db.begin_tenant(a.id, None).await.unwrap();
    let titles: Vec<String> = sqlx::query_scalar(
        "select c.title from search_course_ids('rust programming', 20) s join course c using (course_id)",
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
    let mut tx = db.begin_tenant(b.id, None).await.unwrap();
    let fixed: Vec<String> = sqlx::query_scalar(corrections)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(fixed, ["progamming>programming", "globx>globex"]);
    let mut conn = db.pre_tenant().await.unwrap();
    let none: i64 = sqlx::query_scalar("select count(*) from search_course_ids('rust', 20)")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(none, 0);
    let none: i64 = sqlx::query_scalar("select count(*) from similar_terms(array['rust'])")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(none, 0, "no tenant, no title words");

    for tenant in [a.id, b.id] {
        sqlx::query("delete from tenant where tenant_id = $1")
            .bind(tenant)
            .execute(&owner)
            .await
            .unwrap();
    }
}
