//! Resolves the tenant (custom domain → subdomain → X-Tenant-ID) and the
//! signed-in user (session cookie, looked up inside that tenant), once per
//! request, into a `RequestCtx` in the request extensions. The REST API
//! resolves its tenant by the same rule (`named_tenant`) and builds its
//! context the same way (`request_ctx`); only its user comes from a token.

use super::client_ip::ClientIp;
use super::pages::simple_page;
use super::request_id::RequestId;
use super::security_headers::CspNonce;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use lyceum::{HostKind, TenantKind};
use lyceum_app::identity::sessions;
use lyceum_app::identity::tenants::{self, TenantKey};
use lyceum_app::request::{RequestCtx, TenantCtx, UserCtx};
use lyceum_app::state::AppState;
use uuid::Uuid;

/// Why a request names no usable tenant.
#[derive(Debug)]
pub enum TenantRefusal {
    /// `X-Tenant-ID` is not a UUID.
    MalformedHeader,
    /// `X-Tenant-ID` names another tenant than the organization's host.
    Mismatch,
    /// `X-Tenant-ID` names no tenant.
    UnknownId,
    Db(sqlx::Error),
}

/// The tenant a request names, by the one rule pages and the REST API
/// share: an organization's host (custom domain or subdomain) decides, and
/// `X-Tenant-ID` may only agree with it; elsewhere (the platform host, a
/// bare IP) `X-Tenant-ID` names it, or the host does (the platform's own
/// tenant). `None`: nothing matched (an unknown subdomain or domain, or a
/// bare IP without the header).
pub async fn named_tenant(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<TenantCtx>, TenantRefusal> {
    let host = headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let host_kind = HostKind::classify(host, &state.config.base_domain);
    let header = match headers.get("x-tenant-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| Uuid::parse_str(s.trim()).ok())
                .ok_or(TenantRefusal::MalformedHeader)?,
        ),
    };
    let by_host = tenants::resolve(&state.db, TenantKey::Host(&host_kind))
        .await
        .map_err(TenantRefusal::Db)?;
    match (by_host, header) {
        (Some(t), Some(id)) if t.kind == TenantKind::Organization => {
            if t.id.uuid() == id {
                Ok(Some(t))
            } else {
                Err(TenantRefusal::Mismatch)
            }
        }
        (_, Some(id)) => match tenants::resolve(&state.db, TenantKey::Id(id))
            .await
            .map_err(TenantRefusal::Db)?
        {
            Some(t) => Ok(Some(t)),
            None => Err(TenantRefusal::UnknownId),
        },
        (by_host, None) => Ok(by_host),
    }
}

/// The request context of a request whose tenant and user are resolved:
/// the request id, client address and CSP nonce come from the layers
/// outside (the API has no nonce: it renders no page).
pub fn request_ctx(
    extensions: &http::Extensions,
    tenant: TenantCtx,
    user: Option<UserCtx>,
) -> RequestCtx {
    RequestCtx {
        request_id: extensions
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default(),
        tenant,
        user,
        client_ip: extensions.get::<ClientIp>().and_then(|c| c.0),
        nonce: extensions
            .get::<CspNonce>()
            .map(|n| n.0.clone())
            .unwrap_or_default(),
    }
}

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = RequestId::of(&req);
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

    let tenant = match named_tenant(&state, req.headers()).await {
        Ok(Some(tenant)) => tenant,
        Ok(None) | Err(TenantRefusal::UnknownId) => return no_portal(&request_id),
        Err(TenantRefusal::MalformedHeader) => {
            return bad_request("X-Tenant-ID must be a tenant id (a UUID).", &request_id)
        }
        Err(TenantRefusal::Mismatch) => {
            return bad_request(
                "X-Tenant-ID does not match the portal of this host.",
                &request_id,
            )
        }
        Err(TenantRefusal::Db(e)) => return failure(&e),
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
    let signed_in = user.is_some();
    let is_server_fn = req.uri().path().starts_with("/fn/");
    let ctx = request_ctx(req.extensions(), tenant, user);
    req.extensions_mut().insert(ctx);
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
