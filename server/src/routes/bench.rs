//! A ceiling for `make bench-catalog`: the catalog's first page as a bare
//! axum + sqlx handler would serve it. The same tenant lookup, tenant
//! transaction and first-page search as `/courses` (with its cache), then
//! the 20 cards written with a plain string template: no Leptos, no
//! middleware. The benchmark reports the catalog page's throughput as a
//! share of this one's, which says what the framework and the layers cost.
//!
//! Routed only when `LYCEUM_BENCH_BASELINE=1` (`make bench-catalog` sets
//! it); production never serves it.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use lyceum::catalog::query::CatalogQuery;
use lyceum::HostKind;
use lyceum_app::catalog::{categories, search};
use lyceum_app::identity::tenants::{self, TenantKey};
use lyceum_app::state::AppState;
use std::fmt::Write;

/// Whether this process routes the baseline (`LYCEUM_BENCH_BASELINE=1`).
pub fn enabled() -> bool {
    std::env::var("LYCEUM_BENCH_BASELINE").is_ok_and(|v| v == "1")
}

pub async fn catalog_baseline(State(state): State<AppState>, headers: http::HeaderMap) -> Response {
    match first_page(&state, &headers).await {
        Ok(Some(html)) => Html(html).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, "the benchmark baseline failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn first_page(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<String>, sqlx::Error> {
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let host = HostKind::classify(host, &state.config.base_domain);
    let Some(tenant) = tenants::resolve(&state.db, TenantKey::Host(&host)).await? else {
        return Ok(None);
    };
    let mut tx = state.db.begin_as(tenant.id, None).await?;
    let tree = categories::load_tree(&mut tx).await?;
    let (results, _) = search::search(
        &mut tx,
        &state.facets,
        tenant.id,
        &tree,
        CatalogQuery::default(),
        Vec::new(),
    )
    .await?;
    tx.commit().await?;
    let mut html = String::with_capacity(16 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Courses · {}</title></head><body><main><h1>Courses</h1><p>{} courses</p><div class=\"results\">",
        html_escape::encode_text(&tenant.name),
        results.total
    );
    for card in &results.cards {
        let _ = write!(
            html,
            "<article class=\"course-card\"><h3><a href=\"/courses/{}\">{}</a></h3><p>{}</p><p>by {}</p><p>{}</p></article>",
            html_escape::encode_double_quoted_attribute(&card.slug),
            html_escape::encode_text(&card.plain_title()),
            html_escape::encode_text(&card.subtitle.iter().map(|f| f.text.as_str()).collect::<String>()),
            html_escape::encode_text(&card.instructor),
            html_escape::encode_text(&card.price.now),
        );
    }
    html.push_str("</div></main></body></html>");
    Ok(Some(html))
}
