//! Demo data idempotence, what users see when the database is unreachable,
//! and when a page does not finish rendering.

use crate::helpers::*;
use lyceum_app::db::Db;
use sqlx::postgres::PgPoolOptions;
use std::time::{Duration, Instant};

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
    lyceum_server::seed::load_demo_with(&owner_url(), &test_media())
        .await
        .expect("first load");
    let first = demo_snapshot(&owner).await;
    lyceum_server::seed::load_demo_with(&owner_url(), &test_media())
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

/// A page whose render stalls (the Leptos fault `middleware/deadline.rs`
/// describes) is rendered once more; one that stalls again, and a streamed
/// page that stops midway, get a clear answer within the deadline instead
/// of an open connection. A write slower than the deadline is not cut short
/// (it may be committing): it answers when it is done.
#[tokio::test]
async fn a_stalled_render_gets_an_answer_in_time() {
    use axum::routing::{get, post};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let mut config = test_config(false);
    config.render_deadline = Duration::from_millis(300);
    let state = test_state(runtime_db(1).await, config);
    let renders = Arc::new(AtomicUsize::new(0));
    let routes = axum::Router::new()
        .route(
            "/once",
            get({
                let renders = renders.clone();
                move || async move {
                    if renders.fetch_add(1, Ordering::SeqCst) == 0 {
                        std::future::pending::<()>().await;
                    }
                    axum::response::Html("<p>Rendered the second time</p>")
                }
            }),
        )
        .route("/never", get(std::future::pending::<&'static str>))
        .route(
            "/save",
            post(|| async {
                tokio::time::sleep(Duration::from_millis(700)).await;
                "saved"
            }),
        )
        .route(
            "/stops",
            get(|| async {
                let first = futures_util::stream::once(async {
                    Ok::<_, std::io::Error>(bytes::Bytes::from_static(b"<main><h1>First part</h1>"))
                });
                let body = futures_util::StreamExt::chain(first, futures_util::stream::pending());
                (
                    [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    axum::body::Body::from_stream(body),
                )
            }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            lyceum_server::middleware::deadline::guard,
        ));
    let addr = serve_router(lyceum_server::startup::with_outer_layers(routes, state)).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let url = |path: &str| format!("http://{addr}{path}");

    let once = client.get(url("/once")).send().await.unwrap();
    assert_eq!(once.status(), 200);
    assert_eq!(
        once.text().await.unwrap(),
        "<p>Rendered the second time</p>"
    );
    assert_eq!(renders.load(Ordering::SeqCst), 2);

    let never = client.get(url("/never")).send().await.unwrap();
    assert_eq!(never.status(), 503);
    assert_eq!(never.headers()["retry-after"], "1");
    assert_eq!(never.headers()["cache-control"], "no-store");
    let id = never.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = never.text().await.unwrap();
    assert!(
        body.contains("took too long") && body.contains(&id),
        "{body}"
    );

    let started = Instant::now();
    let save = client.post(url("/save")).send().await.unwrap();
    assert_eq!(save.status(), 200, "a slow write is not cut short");
    assert_eq!(save.text().await.unwrap(), "saved");
    assert!(started.elapsed() >= Duration::from_millis(700));

    let stops = client.get(url("/stops")).send().await.unwrap();
    assert_eq!(stops.status(), 200);
    let body = stops
        .text()
        .await
        .expect("a complete body, not a dropped connection");
    assert!(body.starts_with("<main><h1>First part</h1>"), "{body}");
    assert!(body.contains("took too long"), "{body}");
}
