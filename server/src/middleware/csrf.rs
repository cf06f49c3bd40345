//! CSRF defence for every state-changing request, server functions included.
//!
//! Leptos server functions have no CSRF token of their own, and all tenant
//! subdomains are same-site with each other (SameSite cookies do not separate
//! acme.example from globex.example). So a POST/PUT/PATCH/DELETE must prove it
//! comes from a page of its own origin: an `Origin` equal to its own scheme
//! and host, or, when a browser omits Origin, `Sec-Fetch-Site: same-origin`.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};
use lyceum_app::state::AppState;

pub async fn check_origin(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) || same_origin(req.headers(), state.config.https) {
        return next.run(req).await;
    }
    tracing::warn!(origin = ?req.headers().get("origin"), "cross-origin write refused");
    let body = super::pages::simple_page(
        "Request refused",
        "Request refused",
        "This request did not come from a page of this site, so it was not carried out. \
         Reload the page and try again.",
        None,
    );
    (StatusCode::FORBIDDEN, body).into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether the request's `Origin` (or `Sec-Fetch-Site`) says it comes from its own host.
pub fn same_origin(headers: &HeaderMap, https: bool) -> bool {
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin = headers
        .get(http::header::ORIGIN)
        .and_then(|h| h.to_str().ok());
    match (origin, host) {
        (Some(origin), Some(host)) => {
            let scheme = if https { "https" } else { "http" };
            origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
        }
        (Some(_), None) => false,
        (None, _) => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "same-origin"),
    }
}

#[cfg(test)]
mod tests {
    use super::same_origin;
    use http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn origin_must_equal_own_scheme_and_host() {
        let ok = headers(&[
            ("host", "acme.localhost:3000"),
            ("origin", "http://acme.localhost:3000"),
        ]);
        assert!(same_origin(&ok, false));
        assert!(!same_origin(&ok, true), "scheme must match");
        let sibling = headers(&[
            ("host", "acme.localhost:3000"),
            ("origin", "http://globex.localhost:3000"),
        ]);
        assert!(!same_origin(&sibling, false));
        let port = headers(&[
            ("host", "acme.localhost:3000"),
            ("origin", "http://acme.localhost:3001"),
        ]);
        assert!(!same_origin(&port, false));
        let null = headers(&[("host", "acme.localhost:3000"), ("origin", "null")]);
        assert!(!same_origin(&null, false));
    }

    #[test]
    fn fetch_metadata_fallback_without_origin() {
        assert!(same_origin(
            &headers(&[("host", "a"), ("sec-fetch-site", "same-origin")]),
            false
        ));
        assert!(!same_origin(
            &headers(&[("host", "a"), ("sec-fetch-site", "same-site")]),
            false
        ));
        assert!(
            !same_origin(&headers(&[("host", "a")]), false),
            "no evidence at all is refused"
        );
    }
}
