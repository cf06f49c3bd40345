//! A fresh request id on every request and response, and the tracing span
//! that carries it (plus tenant and user ids once known) on every log line.
//!
//! tower-http's `SetRequestIdLayer` keeps an id the client sent; ids here
//! appear in error pages and audit rows, so they are always minted server-side.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

impl RequestId {
    /// The id `assign` gave `req` (empty outside that layer, as in tests
    /// that serve a route alone).
    pub fn of(req: &Request) -> String {
        req.extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default()
    }
}

pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    req.headers_mut().remove(HEADER);
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
        tenant.id = tracing::field::Empty,
        user.id = tracing::field::Empty,
    );
    async move {
        let started = std::time::Instant::now();
        let mut res = next.run(req).await;
        if let Ok(value) = HeaderValue::from_str(&id) {
            res.headers_mut().insert(HEADER, value);
        }
        let status = res.status().as_u16();
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::error!(status, ms, "response");
        } else {
            tracing::debug!(status, ms, "response");
        }
        res
    }
    .instrument(span)
    .await
}
