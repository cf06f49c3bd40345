//! Resolves the tenant (custom domain → subdomain → X-Tenant-ID) and the
//! signed-in user (session cookie, looked up inside that tenant), once per
//! request, into a `RequestCtx` in the request extensions.

use super::client_ip::ClientIp;
use super::pages::simple_page;
use super::request_id::RequestId;
use super::security_headers::CspNonce;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use lyceum::HostKind;
use lyceum_app::identity::sessions;
use lyceum_app::identity::tenants::{self, TenantKey};
use lyceum_app::request::RequestCtx;
use lyceum_app::state::AppState;

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let nonce = req
        .extensions()
        .get::<CspNonce>()
        .map(|n| n.0.clone())
        .unwrap_or_default();
    let failure = |err: &dyn std::fmt::Display| {
        tracing::error!(error = %err, "resolving the request context failed");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            simple_page(
                "Temporarily unavailable",
                "Temporarily unavailable",
                "We could not reach our database. Please try again in a moment.",
                Some(&request_id),
            ),
        )
            .into_response()
    };

    let host = req
        .headers()
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let host_kind = HostKind::classify(host, &state.config.base_domain);
    let header_tenant = match req
        .headers()
        .get("x-tenant-id")
        .map(|v| v.to_str().ok().and_then(|s| s.parse().ok()))
    {
        None => None,
        Some(Some(id)) => Some(id),
        Some(None) => return bad_request("X-Tenant-ID must be a tenant id (a UUID).", &request_id),
    };

    let by_host = match tenants::resolve(&state.db, TenantKey::Host(&host_kind)).await {
        Ok(t) => t,
        Err(e) => return failure(&e),
    };
    // An organization's host decides, and a header may only agree with it;
    // elsewhere (a bare IP, the platform host) API clients name their tenant by header.
    let tenant = match (by_host, header_tenant) {
        (Some(t), Some(id)) if t.kind == lyceum::TenantKind::Organization => {
            if t.id != id {
                return bad_request(
                    "X-Tenant-ID does not match the portal of this host.",
                    &request_id,
                );
            }
            Some(t)
        }
        (_, Some(id)) => match tenants::resolve(&state.db, TenantKey::Id(id)).await {
            Ok(t) => t,
            Err(e) => return failure(&e),
        },
        (by_host, None) => by_host,
    };
    let Some(tenant) = tenant else {
        return no_portal(&request_id);
    };

    let user = match sessions::token_from_headers(req.headers(), &state.config) {
        None => None,
        Some(token) => {
            let lookup = async {
                let mut tx = state.db.begin_as(tenant.id, None).await?;
                let user = sessions::lookup(&mut tx, &token).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(user)
            };
            match lookup.await {
                Ok(user) => user,
                Err(e) => return failure(&e),
            }
        }
    };

    let span = tracing::Span::current();
    span.record("tenant.id", tracing::field::display(tenant.id));
    if let Some(user) = &user {
        span.record("user.id", tracing::field::display(user.id));
    }
    let client_ip = req.extensions().get::<ClientIp>().and_then(|c| c.0);
    let signed_in = user.is_some();
    let is_server_fn = req.uri().path().starts_with("/fn/");
    req.extensions_mut().insert(RequestCtx {
        request_id,
        tenant,
        user,
        client_ip,
        nonce,
    });
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    // What is rendered for a signed-in person, and every server function's
    // answer, stays out of every cache: after logout, Back must not show it.
    // (Unless the handler marked it public: the brand stylesheet.)
    let public = headers
        .get(http::header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"));
    if (signed_in || is_server_fn) && !public {
        headers.insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    // The same URL renders differently per tenant (`X-Tenant-ID` picks it
    // where the host does not), and per session unless a handler marked it
    // public (the same for every session).
    headers.append(
        http::header::VARY,
        http::HeaderValue::from_static(if public {
            "x-tenant-id"
        } else {
            "cookie, x-tenant-id"
        }),
    );
    res
}

fn no_portal(request_id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        simple_page(
            "No portal here",
            "No portal here",
            "There is no Lyceum portal at this address. Check the spelling of the address you were given.",
            Some(request_id),
        ),
    )
        .into_response()
}

fn bad_request(message: &str, request_id: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        simple_page("Bad request", "Bad request", message, Some(request_id)),
    )
        .into_response()
}
