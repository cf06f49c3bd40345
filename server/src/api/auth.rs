//! Who is calling: the tenant (host → `X-Tenant-ID` → the token's tenant)
//! and the user (a bearer token, re-checked against the account).
//!
//! Refusals, all 401 with `WWW-Authenticate: Bearer`: `token_expired`,
//! `invalid_token` (malformed, forged, wrong algorithm, account gone or
//! deactivated) and `wrong_tenant` (a token of another portal than the host
//! or `X-Tenant-ID` names). A request without a token is anonymous; the
//! endpoint decides whether that is enough.

use super::error::ApiError;
use crate::middleware::context::{self, TenantRefusal};
use axum::extract::FromRequestParts;
use http::request::Parts;
use http::StatusCode;
use lyceum::Actor;
use lyceum::{HostKind, TenantKind};
use lyceum_app::identity::accounts;
use lyceum_app::identity::tenants::{self, TenantKey};
use lyceum_app::identity::tokens::{self, TokenError};
use lyceum_app::request::{portal_origin, RequestCtx, TenantCtx};
use lyceum_app::state::AppState;

/// The organization the request names by itself (host or header), if any.
/// The rule is the pages' (`context::named_tenant`); the platform's own
/// tenant has no API, and an unknown portal host is a 404, not anonymous.
pub async fn named_tenant(state: &AppState, parts: &Parts) -> Result<Option<TenantCtx>, ApiError> {
    match context::named_tenant(state, &parts.headers).await {
        Ok(Some(t)) if t.kind == TenantKind::Organization => Ok(Some(t)),
        // A header naming the platform's own tenant names no portal of the
        // API: refused, never read as "no tenant named" (a token's tenant
        // would then go unchecked against it).
        Ok(Some(_)) if parts.headers.contains_key("x-tenant-id") => Err(unknown_tenant()),
        Ok(_) => {
            let host = parts
                .headers
                .get(http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            match HostKind::classify(host, &state.config.base_domain) {
                HostKind::Subdomain(_) | HostKind::CustomDomain(_) => Err(unknown_tenant()),
                _ => Ok(None),
            }
        }
        Err(TenantRefusal::MalformedHeader) => Err(ApiError::bad_request(
            "invalid_tenant_header",
            "X-Tenant-ID must be a tenant id (a UUID).",
        )),
        Err(TenantRefusal::Mismatch) => Err(ApiError::bad_request(
            "tenant_mismatch",
            "X-Tenant-ID does not match the portal of this host.",
        )),
        Err(TenantRefusal::UnknownId) => Err(unknown_tenant()),
        Err(TenantRefusal::Db(e)) => Err(e.into()),
    }
}

fn unknown_tenant() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "unknown_tenant",
        "There is no Lyceum portal with this host or id.",
    )
}

/// The request context of an API call (as pages build theirs).
pub fn request_ctx(
    parts: &Parts,
    tenant: TenantCtx,
    user: Option<lyceum_app::request::UserCtx>,
) -> RequestCtx {
    context::request_ctx(&parts.extensions, tenant, user)
}

/// The resolved caller of an API request.
pub struct Caller {
    pub ctx: RequestCtx,
    /// `scheme://host` of the caller's portal, for the URLs in replies.
    pub origin: String,
}

impl Caller {
    fn new(
        state: &AppState,
        parts: &Parts,
        tenant: TenantCtx,
        user: Option<lyceum_app::request::UserCtx>,
    ) -> Caller {
        let origin = portal_origin(&state.config, &parts.headers, &tenant);
        Caller {
            ctx: request_ctx(parts, tenant, user),
            origin,
        }
    }

    pub fn actor(&self) -> Option<Actor> {
        self.ctx.actor()
    }

    /// The signed-in actor, or 401.
    pub fn signed_in(&self) -> Result<Actor, ApiError> {
        self.actor()
            .ok_or_else(|| lyceum_app::error::AppError::Unauthenticated.into())
    }
}

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or("");
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized(
            "invalid_token",
            "Authorization must be `Bearer <token>`.",
        ));
    }
    Ok(Some(token.trim()))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let named = named_tenant(state, parts).await?;
        let Some(token) = bearer(parts)? else {
            let tenant = named.ok_or_else(|| {
                ApiError::bad_request(
                    "tenant_required",
                    "Name the portal: call its host, send X-Tenant-ID, or send a bearer token.",
                )
            })?;
            return Ok(Caller::new(state, parts, tenant, None));
        };
        let claims = tokens::verify(&state.config, token).map_err(|e| match e {
            TokenError::Expired => {
                ApiError::unauthorized("token_expired", "The token has expired; log in again.")
            }
            TokenError::Invalid => {
                ApiError::unauthorized("invalid_token", "The token is not valid.")
            }
        })?;
        let tenant = match named {
            Some(t) if t.id.uuid() != claims.tenant_id => {
                return Err(ApiError::unauthorized(
                    "wrong_tenant",
                    "The token was issued for another portal.",
                ))
            }
            Some(t) => t,
            None => tenants::resolve(&state.db, TenantKey::Id(claims.tenant_id))
                .await?
                .ok_or_else(|| {
                    ApiError::unauthorized("invalid_token", "The token's portal no longer exists.")
                })?,
        };
        let mut tx = state
            .db
            .begin_as(tenant.id, Some(claims.sub.into()))
            .await?;
        let user = accounts::active_user(&mut tx, claims.sub).await?;
        tx.commit().await?;
        let user = user.ok_or_else(|| {
            ApiError::unauthorized(
                "invalid_token",
                "The token's account is deactivated or gone.",
            )
        })?;
        let span = tracing::Span::current();
        span.record("tenant.id", tracing::field::display(tenant.id));
        span.record("user.id", tracing::field::display(user.id));
        Ok(Caller::new(state, parts, tenant, Some(user)))
    }
}
