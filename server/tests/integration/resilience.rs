//! Demo data idempotence, and what users see when the database is unreachable.

use crate::helpers::*;
use lyceum_app::db::Db;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

async fn demo_snapshot(owner: &sqlx::PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select concat_ws('|', t.kind, t.subdomain, t.name, t.settings::text, t.updated_at::text,
                          u.email, u.display_name, u.persona, u.password_hash, u.updated_at::text)
           from tenant t join app_user u on u.tenant_id = t.tenant_id
          where t.kind = 'platform' or t.subdomain in ('acme', 'globex')
          order by t.subdomain nulls first, u.email",
    )
    .fetch_all(owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn loading_the_demo_data_twice_changes_nothing() {
    let owner = owner_pool().await;
    lyceum_server::seed::load_demo(&owner_url())
        .await
        .expect("first load");
    let first = demo_snapshot(&owner).await;
    lyceum_server::seed::load_demo(&owner_url())
        .await
        .expect("second load");
    let second = demo_snapshot(&owner).await;
    assert_eq!(
        first.len(),
        13,
        "a super-admin and six people in each of two portals"
    );
    assert_eq!(first, second);
}

#[tokio::test]
async fn an_unreachable_database_shows_a_reference_not_the_error() {
    // Arrange: the app's pool points at a port where nothing listens.
    let owner = owner_pool().await;
    let tenant = create_tenant(&owner).await;
    let pool = PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(1))
        .connect_lazy("postgres://lyceum_app:wrong@127.0.0.1:1/nothing")
        .unwrap();
    let addr = serve(Db::from_pool(pool)).await;
    let client = reqwest::Client::new();
    let host = format!("{}.localhost:{}", tenant.subdomain, addr.port());

    // Act
    let res = client
        .get(format!("http://{addr}/"))
        .header("host", &host)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let request_id = res
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let body = res.text().await.unwrap();
    let ready = client
        .get(format!("http://{addr}/readyz"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    let alive = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();

    // Assert
    assert_eq!(status, 503);
    assert!(body.contains(&request_id), "the page names its request id");
    for leak in [
        "refused",
        "os error",
        "postgres",
        "sqlx",
        "127.0.0.1:1",
        "pool",
    ] {
        assert!(
            !body.to_lowercase().contains(leak),
            "database detail `{leak}` leaked: {body}"
        );
    }
    assert_eq!((ready, alive), (503, 200));
}
