//! The REST API, `/api/v1`: JSON in and out, bearer tokens, stable error codes.
//!
//! Separate from the pages on purpose: it never reads the session cookie, so
//! the browser's ambient credentials cannot act through it, and it therefore
//! needs no CSRF origin check. Tenant and user come from the host,
//! `X-Tenant-ID` and the token (see `auth.rs`). One file (or folder) per
//! context holds its JSON and handlers and no SQL: every rule and query is
//! the context's own service (`catalog.rs` → `lyceum_app::catalog`).

pub mod auth;
pub mod authoring;
pub mod body;
pub mod catalog;
pub mod error;
pub mod learning;
pub mod login;
pub mod uploads;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, patch, post, put};
use axum::Router;
use lyceum_app::state::AppState;

/// `Cache-Control: no-store` on the token endpoint (RFC 6749 § 5.1 requires
/// it for responses carrying tokens) and on every answer to a request with
/// credentials; anonymous catalog reads may be cached. Every answer varies
/// with `X-Tenant-ID` (on the platform host it picks the tenant), so a
/// cache never gives one tenant's catalog to a request for another's.
async fn cache_headers(req: Request, next: Next) -> Response {
    let private = req.headers().contains_key(http::header::AUTHORIZATION)
        || req.uri().path().ends_with("/auth/login");
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if private {
        headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    headers.append(
        http::header::VARY,
        http::HeaderValue::from_static("x-tenant-id"),
    );
    res
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login::login))
        .route("/courses", get(catalog::list).post(catalog::create))
        .route(
            "/courses/{id}",
            get(catalog::show)
                .put(catalog::replace)
                .delete(catalog::archive),
        )
        .route("/categories", get(catalog::categories))
        .route("/courses/{id}/curriculum", get(authoring::show))
        .route("/courses/{id}/curriculum/order", put(authoring::reorder))
        .route("/courses/{id}/modules", post(authoring::add_module))
        .route(
            "/courses/{id}/modules/{module}",
            patch(authoring::rename_module).delete(authoring::delete_module),
        )
        .route(
            "/courses/{id}/modules/{module}/lessons",
            post(authoring::add_lesson),
        )
        .route(
            "/courses/{id}/lessons/{lesson}/video",
            put(authoring::upload_video),
        )
        .route(
            "/courses/{id}/lessons/{lesson}/resources",
            post(authoring::upload_resource),
        )
        .route("/courses/{id}/cover", put(catalog::upload_cover))
        .route(
            "/courses/{id}/lessons/{lesson}",
            get(authoring::show_lesson)
                .patch(authoring::update_lesson)
                .delete(authoring::delete_lesson),
        )
        .route("/enrollments", get(learning::mine).post(learning::enroll))
        .route(
            "/progress/{enrollment}",
            get(learning::show_progress).patch(learning::update_progress),
        )
        .route(
            "/progress/{enrollment}/quizzes/{lesson}",
            get(learning::show_quiz),
        )
        .route(
            "/progress/{enrollment}/quizzes/{lesson}/attempts",
            post(learning::start_attempt),
        )
        .route(
            "/progress/{enrollment}/attempts/{attempt}/answers",
            put(learning::save_answers),
        )
        .route(
            "/progress/{enrollment}/attempts/{attempt}/submit",
            post(learning::submit_attempt),
        )
        .route("/certificates", get(learning::my_certificates))
        .route("/certificates/{code}", get(learning::verify_certificate))
        .fallback(error::no_route)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn(cache_headers))
}
