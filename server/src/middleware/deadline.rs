//! A page or server function that does not answer in time gets a clear
//! answer instead of a connection left open forever.
//!
//! Why this exists: Leptos 0.8's streaming renderer, rarely and without
//! any load on the machine, leaves a page waiting for a `Suspense` that
//! never resolves (leptos-rs/leptos#4851 and #4673: no CPU used, the
//! response never completes). Our integration suite met it about once in
//! a few thousand renders, on `SsrMode::Async` pages whose one resource is
//! read once. Until the renderer is fixed upstream, every page render has a
//! deadline (`Config::render_deadline`, `RENDER_DEADLINE_SECS`):
//! * a GET or HEAD that has not produced its status line by then is
//!   rendered once more (it changes nothing, so a second render is safe),
//!   and if that one stalls too the visitor gets a 503 page with the
//!   request id and `Retry-After`;
//! * any other method (a server function: a write) is never cut short: it
//!   may be committing, and a 503 for a write that was stored would invite
//!   storing it twice. (The stall is the page renderer's, not theirs.)
//! * a streamed page whose next part does not come within the deadline is
//!   ended with the same notice, like a panic mid-stream (`catch_panic.rs`).
//!
//! Normal renders take milliseconds and a query waits at most 5 s for a
//! connection. A page slower than the deadline (an overloaded database) is
//! rendered a second time while the first one's resources may still be
//! loading: that costs a second render, bounded to one.

use super::pages::{is_streamed_page, reference, simple_page};
use super::request_id::RequestId;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use http::{Method, StatusCode};
use lyceum_app::state::AppState;
use std::time::Duration;

const LATE: &str = "This page took too long to prepare. Please try again in a moment; \
                    if it happens again, quote the reference below.";

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let deadline = state.config.render_deadline;
    let request_id = RequestId::of(&req);
    let path = req.uri().path().to_owned();
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        let res = next.run(req).await;
        return end_stalled_page(res, deadline, request_id, path);
    }
    // A GET's body is ignored (and limited to 64 KiB before this).
    let (parts, _body) = req.into_parts();
    let first = next
        .clone()
        .run(Request::from_parts(parts.clone(), Body::empty()));
    let res = match tokio::time::timeout(deadline, first).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!(%path, "a page did not start answering in time; rendering it again");
            let second = next.run(Request::from_parts(parts, Body::empty()));
            match tokio::time::timeout(deadline, second).await {
                Ok(res) => res,
                Err(_) => return too_late(&request_id, &path),
            }
        }
    };
    end_stalled_page(res, deadline, request_id, path)
}

fn too_late(request_id: &str, path: &str) -> Response {
    tracing::error!(%path, "a request did not answer in time");
    let mut res = (
        StatusCode::SERVICE_UNAVAILABLE,
        simple_page(
            "Please try again",
            "Please try again",
            LATE,
            Some(request_id),
        ),
    )
        .into_response();
    let headers = res.headers_mut();
    headers.insert(
        http::header::CACHE_CONTROL,
        http::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        http::header::RETRY_AFTER,
        http::HeaderValue::from_static("1"),
    );
    res
}

struct Streaming {
    chunks: axum::body::BodyDataStream,
    request_id: String,
    path: String,
    ended: bool,
}

/// An HTML body of unknown length (a page still streaming) whose next part
/// does not come within `deadline` is ended with the notice.
fn end_stalled_page(
    res: Response,
    deadline: Duration,
    request_id: String,
    path: String,
) -> Response {
    if !is_streamed_page(&res) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let state = Streaming {
        chunks: body.into_data_stream(),
        request_id,
        path,
        ended: false,
    };
    let stream = futures_util::stream::unfold(state, move |mut s| async move {
        if s.ended {
            return None;
        }
        match tokio::time::timeout(deadline, s.chunks.next()).await {
            Ok(Some(chunk)) => Some((chunk, s)),
            Ok(None) => None,
            Err(_) => {
                tracing::error!(path = %s.path, "a streamed page stalled; ending it");
                s.ended = true;
                let notice = Bytes::from(format!(
                    "<section class=\"notice\" role=\"alert\"><h1>Please try again</h1>\
                     <p>{LATE}</p>{}</section>",
                    reference(&s.request_id)
                ));
                Some((Ok(notice), s))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}
