//! Row level security, proved against the database as the runtime role.

use crate::helpers::*;
use lyceum::Persona;
use sqlx::Row;

#[tokio::test]
async fn tenant_a_cannot_read_update_or_delete_b_rows() {
    // Arrange
    let owner = owner_pool().await;
    let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
    create_user(&owner, &a, "alice@a.test", Persona::Learner).await;
    let bob = create_user(&owner, &b, "bob@b.test", Persona::Learner).await;
    sqlx::query(
        "insert into session (tenant_id, token_hash, user_id, expires_at)
         values ($1, sha256('bob'), $2, now() + interval '1 hour')",
    )
    .bind(b.id)
    .bind(bob)
    .execute(&owner)
    .await
    .unwrap();
    let db = runtime_db(2).await;

    // Act
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let visible: Vec<String> = sqlx::query_scalar("select email from app_user")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    let by_id: i64 = sqlx::query_scalar("select count(*) from app_user where user_id = $1")
        .bind(bob)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    let updated = sqlx::query("update app_user set display_name = 'pwned' where user_id = $1")
        .bind(bob)
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    // Sessions: a table the runtime role may delete from (it may not
    // delete accounts at all).
    let deleted = sqlx::query("delete from session where tenant_id = $1")
        .bind(b.id)
        .execute(&mut *tx)
        .await
        .unwrap();
    let tenants: Vec<uuid::Uuid> = sqlx::query_scalar("select tenant_id from tenant")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Assert
    assert_eq!(visible, vec!["alice@a.test".to_owned()]);
    assert_eq!(by_id, 0);
    assert_eq!(updated, 0);
    assert_eq!(deleted.rows_affected(), 0);
    assert_eq!(tenants, vec![a.id], "only its own tenant row is visible");
    let name: String = sqlx::query_scalar("select display_name from app_user where user_id = $1")
        .bind(bob)
        .fetch_one(&owner)
        .await
        .unwrap();
    assert_ne!(name, "pwned");
    let sessions: i64 = sqlx::query_scalar("select count(*) from session where user_id = $1")
        .bind(bob)
        .fetch_one(&owner)
        .await
        .unwrap();
    assert_eq!(sessions, 1, "B's session survives A's delete");
}

#[tokio::test]
async fn inserting_with_another_tenants_id_fails() {
    let owner = owner_pool().await;
    let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
    let db = runtime_db(2).await;
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let result = sqlx::query(
        "insert into app_user (tenant_id, email, display_name, persona, password_hash)
         values ($1, 'mallory@x.test', 'Mallory', 'admin', 'x')",
    )
    .bind(b.id)
    .execute(&mut *tx)
    .await;
    let err = result.expect_err("RLS WITH CHECK refuses the row");
    let code = err
        .as_database_error()
        .and_then(|e| e.code())
        .map(|c| c.to_string());
    assert_eq!(
        code.as_deref(),
        Some("42501"),
        "insufficient_privilege (row-level security): {err}"
    );
}

#[tokio::test]
async fn without_a_tenant_every_tenant_table_is_empty() {
    let owner = owner_pool().await;
    let a = create_tenant(&owner).await;
    create_user(&owner, &a, "someone@a.test", Persona::Admin).await;
    let tables = tenant_tables(&owner).await;
    assert!(
        tables.len() >= 5,
        "expected the foundation tables, found {tables:?}"
    );
    let db = runtime_db(1).await;
    let mut conn = db.pre_tenant().await.unwrap();
    for table in &tables {
        let readable: bool =
            sqlx::query_scalar("select has_table_privilege(current_user, $1, 'select')")
                .bind(table)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        if !readable {
            continue; // not even granted (tenant_domain: read through its lookup function)
        }
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} shows rows with no tenant set");
    }
}

#[tokio::test]
async fn a_single_connection_serving_a_then_b_leaks_nothing() {
    let owner = owner_pool().await;
    let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
    create_user(&owner, &a, "a1@a.test", Persona::Learner).await;
    create_user(&owner, &b, "b1@b.test", Persona::Learner).await;
    let db = runtime_db(1).await;

    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let seen_a: Vec<String> = sqlx::query_scalar("select email from app_user")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // An abandoned transaction (rolled back on drop) must not leak either.
    {
        let _abandoned = db.begin_as(a.id.into(), None).await.unwrap();
    }

    let mut conn = db.pre_tenant().await.unwrap();
    let setting: Option<String> =
        sqlx::query_scalar("select nullif(current_setting('app.tenant_id', true), '')")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    drop(conn);

    let mut tx = db.begin_as(b.id.into(), None).await.unwrap();
    let seen_b: Vec<String> = sqlx::query_scalar("select email from app_user")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(seen_a, vec!["a1@a.test".to_owned()]);
    assert_eq!(
        setting, None,
        "the tenant setting must not outlive its transaction"
    );
    assert_eq!(seen_b, vec!["b1@b.test".to_owned()]);
}

/// Every table with a tenant_id column: FORCE RLS, a policy on app.tenant_id
/// with USING and WITH CHECK, a primary key led by tenant_id, foreign keys and
/// indexes that include / lead with tenant_id. Later migrations are checked too.
#[tokio::test]
async fn catalog_every_tenant_table_follows_the_rules() {
    let owner = owner_pool().await;
    let mut problems = Vec::new();
    for table in tenant_tables(&owner).await {
        let row = sqlx::query(
            "select c.relrowsecurity, c.relforcerowsecurity,
                    (select count(*) from pg_policy p where p.polrelid = c.oid
                       and pg_get_expr(p.polqual, p.polrelid) like '%current_tenant_id()%'
                       and pg_get_expr(p.polwithcheck, p.polrelid) like '%current_tenant_id()%') as policies,
                    (select a.attname from pg_index i join pg_attribute a
                       on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                      where i.indrelid = c.oid and i.indisprimary) as pk_first
             from pg_class c where c.oid = $1::regclass",
        )
        .bind(&table)
        .fetch_one(&owner)
        .await
        .unwrap();
        let (rls, force, policies, pk_first): (bool, bool, i64, Option<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        if !rls || !force {
            problems.push(format!(
                "{table}: row level security not enabled and forced"
            ));
        }
        if policies == 0 {
            problems.push(format!(
                "{table}: no policy on app.tenant_id with USING and WITH CHECK"
            ));
        }
        if pk_first.as_deref() != Some("tenant_id") {
            problems.push(format!(
                "{table}: primary key not led by tenant_id ({pk_first:?})"
            ));
        }
        let bad_fks: Vec<String> = sqlx::query_scalar(
            "select conname::text from pg_constraint k
              where k.conrelid = $1::regclass and k.contype = 'f'
                and not exists (select 1 from unnest(k.conkey) col
                                join pg_attribute a on a.attrelid = k.conrelid and a.attnum = col
                               where a.attname = 'tenant_id')",
        )
        .bind(&table)
        .fetch_all(&owner)
        .await
        .unwrap();
        for fk in bad_fks {
            problems.push(format!(
                "{table}: foreign key {fk} does not include tenant_id"
            ));
        }
        // Global uniqueness of a custom domain is the one deliberate exception.
        let bad_indexes: Vec<String> = sqlx::query_scalar(
            "select ic.relname::text from pg_index i
               join pg_class ic on ic.oid = i.indexrelid
               left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
              where i.indrelid = $1::regclass and coalesce(a.attname::text, '') <> 'tenant_id'
                and ic.relname not in ('tenant_domain_domain_key', 'tenant_single_platform', 'tenant_subdomain_key')",
        )
        .bind(&table)
        .fetch_all(&owner)
        .await
        .unwrap();
        for index in bad_indexes {
            problems.push(format!("{table}: index {index} is not led by tenant_id"));
        }
    }
    assert!(
        problems.is_empty(),
        "tenancy rule violations:\n{}",
        problems.join("\n")
    );
}

/// The tables Citus would replicate to every node (docs/scaling.md): the
/// tenant directory, whose uniqueness (a subdomain, a custom domain, one
/// platform) is global by nature. Every other table is distributed by
/// `tenant_id`.
const REFERENCE_TABLES: &[&str] = &["tenant", "tenant_domain"];

/// Citus enforces a unique index on a distributed table only if it
/// includes the distribution column: every unique index of a table
/// distributed by `tenant_id` must include it. And docs/scaling.md names
/// every table with the call that distributes it, so the documented
/// layout cannot drift from the schema.
#[tokio::test]
async fn every_table_fits_citus_distributed_by_tenant() {
    let owner = owner_pool().await;
    let tenant_tables = tenant_tables(&owner).await;
    let mut problems = Vec::new();
    let other_tables: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and c.relname <> '_sqlx_migrations'
            and not exists (select 1 from pg_attribute a where a.attrelid = c.oid
                              and a.attname = 'tenant_id' and not a.attisdropped)",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    for table in other_tables {
        problems.push(format!("{table}: no tenant_id to distribute by"));
    }
    let scaling =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/scaling.md"))
            .expect("docs/scaling.md");
    for table in &tenant_tables {
        if REFERENCE_TABLES.contains(&table.as_str()) {
            if !scaling.contains(&format!("create_reference_table('{table}')")) {
                problems.push(format!(
                    "{table}: docs/scaling.md lacks create_reference_table('{table}')"
                ));
            }
            continue;
        }
        if !scaling.contains(&format!("create_distributed_table('{table}', 'tenant_id'")) {
            problems.push(format!(
                "{table}: docs/scaling.md lacks create_distributed_table('{table}', 'tenant_id', …)"
            ));
        }
        let without_tenant: Vec<String> = sqlx::query_scalar(
            "select ic.relname::text from pg_index i join pg_class ic on ic.oid = i.indexrelid
              where i.indrelid = $1::regclass and i.indisunique
                and not exists (select 1 from unnest(i.indkey) col
                                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = col
                                 where a.attname = 'tenant_id')",
        )
        .bind(table)
        .fetch_all(&owner)
        .await
        .unwrap();
        for index in without_tenant {
            problems.push(format!(
                "{table}: unique index {index} does not include tenant_id"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the schema does not fit Citus distributed by tenant_id:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_server_refuses_to_run_as_a_role_rls_does_not_bind() {
    owner_pool().await;
    let as_owner = lyceum_app::db::Db::connect(&owner_url(), 1).await.unwrap();
    let refusal = as_owner
        .assert_runtime_role()
        .await
        .expect_err("the owner bypasses RLS");
    assert!(refusal.contains("BYPASSRLS"), "{refusal}");
    assert!(refusal.contains("owns tables"), "{refusal}");
    runtime_db(1)
        .await
        .assert_runtime_role()
        .await
        .expect("the runtime role is fine");
}

async fn tenant_tables(owner: &sqlx::PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select c.relname::text from pg_attribute a
           join pg_class c on c.oid = a.attrelid
           join pg_namespace n on n.oid = c.relnamespace
          where a.attname = 'tenant_id' and not a.attisdropped and c.relkind in ('r', 'p')
            and n.nspname = 'public'
          order by 1",
    )
    .fetch_all(owner)
    .await
    .unwrap()
}

/// A view runs as its owner unless it is `security_invoker`, and the owner
/// bypasses row level security: every view must apply the caller's, and
/// `person_name` shows a tenant its own people only.
#[tokio::test]
async fn views_apply_the_callers_row_level_security() {
    let owner = owner_pool().await;
    let definer_views: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'v'
            and not coalesce('security_invoker=true' = any(c.reloptions), false)",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    assert!(
        definer_views.is_empty(),
        "views without security_invoker: {definer_views:?}"
    );

    let (a, b) = (create_tenant(&owner).await, create_tenant(&owner).await);
    let ada = create_user(&owner, &a, "ada@a.test", lyceum::Persona::Learner).await;
    let bob = create_user(&owner, &b, "bob@b.test", lyceum::Persona::Learner).await;
    let db = runtime_db(1).await;
    let mut tx = db.begin_as(a.id.into(), None).await.unwrap();
    let seen: Vec<uuid::Uuid> = sqlx::query_scalar("select user_id from person_name")
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(seen, vec![ada]);
    assert!(!seen.contains(&bob));
}
