//! A panic while handling a request becomes the error page (500, with the
//! request id to quote), never a dropped connection.
//!
//! Written as a middleware rather than with tower-http's `CatchPanicLayer`:
//! its panic handler does not see the request, so the page could not name
//! the request id that the log line carries.

use super::pages::simple_page;
use super::request_id::RequestId;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use http::StatusCode;
use std::panic::AssertUnwindSafe;

pub async fn catch_panic(req: Request, next: Next) -> Response {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".into());
            tracing::error!(panic = %message, "a request handler panicked");
            let mut res = (
                StatusCode::INTERNAL_SERVER_ERROR,
                simple_page(
                    "Something went wrong",
                    "Something went wrong",
                    "Something went wrong on our side. Please try again; if it happens \
                     again, quote the reference below.",
                    Some(&request_id),
                ),
            )
                .into_response();
            res.headers_mut().insert(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-store"),
            );
            res
        }
    }
}
