//! The database's own defences, checked against the schema as migrated: any
//! later migration that weakens them fails the build.

use crate::helpers::*;
use sqlx::{Connection, PgConnection};
use std::collections::BTreeSet;

/// Every SECURITY DEFINER function pins a search path that ends with
/// `pg_temp` (or is empty): otherwise the caller's temporary schema is
/// searched first and can shadow a type or table the function uses.
#[tokio::test]
async fn definer_functions_pin_a_search_path_with_pg_temp_last() {
    let owner = owner_pool().await;
    let functions: Vec<(String, Option<String>)> = sqlx::query_as(
        "select p.oid::regprocedure::text,
                (select c from unnest(p.proconfig) c where c like 'search_path=%')
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.prosecdef
          order by 1",
    )
    .fetch_all(&owner)
    .await
    .unwrap();
    assert!(functions.len() >= 10, "{functions:?}");
    let unsafe_paths: Vec<String> = functions
        .iter()
        .filter(|(_, path)| {
            let path = path.as_deref().unwrap_or("");
            let safe = path == "search_path=\"\""
                || path
                    .rsplit(',')
                    .next()
                    .is_some_and(|last| last.trim() == "pg_temp");
            !safe
        })
        .map(|(f, path)| format!("{f}: {path:?}"))
        .collect();
    assert!(
        unsafe_paths.is_empty(),
        "SECURITY DEFINER functions without `pg_temp` last in their search_path:\n{}",
        unsafe_paths.join("\n")
    );
}

/// What the server may do, and nothing more: every privilege the runtime
/// role holds is one the code uses. A new table or grant must be added
/// here, on purpose.
#[tokio::test]
async fn the_runtime_role_holds_only_the_privileges_the_code_uses() {
    let owner = owner_pool().await;
    let expected_tables: BTreeSet<String> = [
        "tenant SELECT",
        "tenant UPDATE (currency)",
        "app_user SELECT",
        "app_user INSERT",
        "app_user UPDATE",
        "session SELECT",
        "session INSERT",
        "session DELETE",
        "audit_event SELECT",
        "audit_event INSERT",
        "category SELECT",
        "category INSERT",
        "category UPDATE",
        "category DELETE",
        "course SELECT",
        "course INSERT",
        "course UPDATE",
        "course_category SELECT",
        "course_category INSERT",
        "course_category DELETE",
        "course_slug_history SELECT",
        "course_slug_history INSERT",
        "course_slug_history DELETE",
        "search_term SELECT",
        "search_term INSERT",
        "search_term UPDATE",
        "login_attempt SELECT",
        "login_attempt INSERT",
        "login_attempt UPDATE",
        "login_attempt DELETE",
        "form_retry SELECT",
        "form_retry INSERT",
        "form_retry DELETE",
        "curriculum SELECT",
        "curriculum INSERT",
        "curriculum UPDATE",
        "module SELECT",
        "module INSERT",
        "module UPDATE",
        "module DELETE",
        "lesson SELECT",
        "lesson INSERT",
        "lesson UPDATE",
        "lesson DELETE",
        "assessment SELECT",
        "assessment INSERT",
        "assessment UPDATE",
        "question SELECT",
        "question INSERT",
        "question UPDATE",
        "question DELETE",
        "media_asset SELECT",
        "media_asset INSERT",
        "media_asset UPDATE",
        "media_asset DELETE",
        "resource SELECT",
        "resource INSERT",
        "resource UPDATE",
        "resource DELETE",
        "enrollment SELECT",
        "enrollment INSERT",
        "enrollment UPDATE",
        "lesson_progress SELECT",
        "lesson_progress INSERT",
        "lesson_progress UPDATE",
        "quiz_attempt SELECT",
        "quiz_attempt INSERT",
        "quiz_attempt UPDATE",
        "course_review SELECT",
        "course_review INSERT",
        "course_review UPDATE",
        "job SELECT",
        "job INSERT",
        "job UPDATE",
        "signing_key SELECT",
        "signing_key INSERT",
        "signing_key UPDATE",
        "certificate SELECT",
        "certificate INSERT",
        "certificate UPDATE",
        "instructor_profile SELECT",
        "instructor_profile INSERT",
        "instructor_profile UPDATE",
        "person_name SELECT",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let held: BTreeSet<String> = sqlx::query_scalar(
        "with tables as (
             select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')),
         privileges(p) as (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'),
                                  ('REFERENCES'), ('TRIGGER'))
         select t.relname || ' ' || p.p
           from tables t, privileges p
          where has_table_privilege('lyceum_app', t.oid, p.p)
         union
         select t.relname || ' ' || p.p || ' (' || a.attname || ')'
           from tables t
           join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped,
                privileges p
          where p.p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
            and not has_table_privilege('lyceum_app', t.oid, p.p)
            and has_column_privilege('lyceum_app', t.oid, a.attnum, p.p)",
    )
    .fetch_all(&owner)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let extra: Vec<&String> = held.difference(&expected_tables).collect();
    let missing: Vec<&String> = expected_tables.difference(&held).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "runtime role table privileges differ from what the code uses.\nextra: {extra:?}\nmissing: {missing:?}"
    );

    // Of the functions that run as the owner, exactly these may be called.
    let expected_definers: BTreeSet<String> = [
        "estimate_course_matches",
        "job_claim",
        "list_portals",
        "lookup_platform_tenant",
        "lookup_tenant_by_domain",
        "lookup_tenant_by_id",
        "lookup_tenant_by_subdomain",
        "match_course_facts",
        "match_course_titles",
        "match_course_titles_simple",
        // Names what the media sweep deletes (tenant and asset ids only).
        "media_sweep_due",
        "similar_terms",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let callable: BTreeSet<String> = sqlx::query_scalar(
        "select p.proname::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.prosecdef
            and has_function_privilege('lyceum_app', p.oid, 'EXECUTE')",
    )
    .fetch_all(&owner)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert_eq!(callable, expected_definers);

    // No temporary objects (the hijack below needs them), no objects at all.
    let (temp, create_db, create_schema): (bool, bool, bool) = sqlx::query_as(
        "select has_database_privilege('lyceum_app', current_database(), 'TEMPORARY'),
                has_database_privilege('lyceum_app', current_database(), 'CREATE'),
                has_schema_privilege('lyceum_app', 'public', 'CREATE')",
    )
    .fetch_one(&owner)
    .await
    .unwrap();
    assert_eq!((temp, create_db, create_schema), (false, false, false));
}

/// The attack of issue 10, kept: a `pg_temp.uuid` domain whose check runs
/// the caller's own function. The runtime role cannot create it at all;
/// and a session that can (the owner's) does not reach it through a
/// definer function, whose search path puts `pg_temp` last.
#[tokio::test]
async fn a_temporary_type_cannot_hijack_a_definer_function() {
    let owner = owner_pool().await;
    let tenant = create_tenant(&owner).await;

    let mut app = PgConnection::connect(&app_url()).await.unwrap();
    for attempt in [
        "create temporary table spy (x int)",
        "create domain pg_temp.uuid as pg_catalog.uuid",
    ] {
        let err = sqlx::query(attempt)
            .execute(&mut app)
            .await
            .expect_err("the runtime role has no temporary schema");
        let code = err
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.to_string());
        assert_eq!(code.as_deref(), Some("42501"), "{attempt}: {err}");
    }

    let mut session = PgConnection::connect(&owner_url()).await.unwrap();
    for statement in [
        "create function pg_temp.spy(v pg_catalog.uuid) returns boolean language plpgsql
             as $$ begin raise exception 'hijacked: ran as %', current_user; end $$",
        "create domain pg_temp.uuid as pg_catalog.uuid check (pg_temp.spy(value))",
    ] {
        sqlx::query(statement).execute(&mut session).await.unwrap();
    }
    let mut tx = session.begin().await.unwrap();
    sqlx::query("select set_config('app.tenant_id', $1, true)")
        .bind(tenant.id.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
    let estimate: Result<i64, _> =
        sqlx::query_scalar("select estimate_course_matches('rust', null, null, null, null)")
            .fetch_one(&mut *tx)
            .await;
    assert!(
        estimate.is_ok(),
        "the definer function resolved a type in pg_temp: {estimate:?}"
    );
    for function in [
        "select count(*) from match_course_facts('rust', true)",
        "select count(*) from similar_terms(array['rust'])",
    ] {
        let ran: Result<i64, _> = sqlx::query_scalar(function).fetch_one(&mut *tx).await;
        assert!(ran.is_ok(), "{function}: {ran:?}");
    }
    tx.rollback().await.unwrap();
}
