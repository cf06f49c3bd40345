//! A panic while handling a request becomes the error page (500, with the
//! request id to quote), never a dropped connection. A page streams its
//! later parts after its status line: a panic while rendering one of them
//! ends the page with the same notice, and the connection closes cleanly.
//!
//! Written as a middleware rather than with tower-http's `CatchPanicLayer`:
//! its panic handler does not see the request, so the page could not name
//! the request id that the log line carries.

use super::pages::{is_streamed_page, reference, simple_page};
use super::request_id::RequestId;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use http::StatusCode;
use std::any::Any;
use std::panic::AssertUnwindSafe;

const SORRY: &str = "Something went wrong on our side. Please try again; if it happens \
                     again, quote the reference below.";

fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

pub async fn catch_panic(req: Request, next: Next) -> Response {
    let request_id = RequestId::of(&req);
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => guard_streamed_page(res, request_id),
        Err(panic) => {
            tracing::error!(panic = %panic_message(&*panic), "a request handler panicked");
            let mut res = (
                StatusCode::INTERNAL_SERVER_ERROR,
                simple_page(
                    "Something went wrong",
                    "Something went wrong",
                    SORRY,
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

/// An HTML body of unknown length (a page still rendering as it streams)
/// with a panic while producing a chunk turned into a last chunk: the
/// notice and the reference. A body of known length is complete already.
fn guard_streamed_page(res: Response, request_id: String) -> Response {
    if !is_streamed_page(&res) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let chunks = AssertUnwindSafe(body.into_data_stream())
        .catch_unwind()
        .map(move |chunk| match chunk {
            Ok(chunk) => chunk,
            Err(panic) => {
                tracing::error!(panic = %panic_message(&*panic), "rendering a page panicked");
                Ok(Bytes::from(format!(
                    "<section class=\"notice\" role=\"alert\"><h1>Something went wrong</h1>\
                     <p>{SORRY}</p>{}</section>",
                    reference(&request_id)
                )))
            }
        });
    Response::from_parts(parts, Body::from_stream(chunks))
}
