//! `POST /api/v1/auth/login`: email, password and tenant → a bearer token.
//! The same check as the login form (throttle, argon2, audit).

use super::auth::{named_tenant, request_ctx};
use super::body::JsonBody;
use super::error::ApiError;
use axum::extract::State;
use axum::Json;
use lyceum::{FieldErrors, HostKind};
use lyceum_app::error::AppError;
use lyceum_app::identity::auth::{authenticate, Authenticated};
use lyceum_app::identity::tenants::{self, TenantKey};
use lyceum_app::identity::tokens::{self, Claims};
use lyceum_app::request::TenantCtx;
use lyceum_app::state::AppState;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
    /// The portal: its id or its subdomain. Optional when the host or
    /// X-Tenant-ID already names it (then it must agree).
    #[serde(alias = "tenantId")]
    pub tenant: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenReply {
    pub token: String,
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub claims: Claims,
}

/// The portal a login body names, by id or by subdomain.
async fn tenant_named(state: &AppState, raw: &str) -> Result<Option<TenantCtx>, sqlx::Error> {
    if let Ok(id) = Uuid::parse_str(raw) {
        return tenants::resolve(&state.db, TenantKey::Id(id)).await;
    }
    match lyceum::Subdomain::parse(raw) {
        Ok(sub) => tenants::resolve(&state.db, TenantKey::Host(&HostKind::Subdomain(sub))).await,
        Err(_) => Ok(None),
    }
}

pub async fn login(
    State(state): State<AppState>,
    parts: http::request::Parts,
    JsonBody(body): JsonBody<LoginBody>,
) -> Result<Json<TokenReply>, ApiError> {
    let named = named_tenant(&state, &parts).await?;
    let invalid = |message: &str| {
        let mut errors = FieldErrors::new();
        errors.add("tenant", message);
        ApiError::from(AppError::Invalid(errors))
    };
    let from_body = match body
        .tenant
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(raw) => Some(
            tenant_named(&state, raw)
                .await?
                .ok_or_else(|| invalid("no portal has this id or subdomain"))?,
        ),
    };
    let tenant = match (named, from_body) {
        (Some(a), Some(b)) if a.id != b.id => {
            return Err(invalid("names another portal than the host or X-Tenant-ID"))
        }
        (Some(t), _) | (None, Some(t)) => t,
        (None, None) => return Err(invalid("is required (the portal's id or subdomain)")),
    };
    let ctx = request_ctx(&parts, tenant, None);
    let mut login = authenticate(&state, &ctx, &body.email, body.password, None).await?;
    login.record_login(&ctx, "api").await?;
    let Authenticated { tx, email, user } = login;
    tx.commit().await?;

    let ttl = state.config.token_ttl.as_secs() as i64;
    let claims = Claims::new(
        user.user_id,
        email.as_str(),
        ctx.tenant.id.uuid(),
        user.persona,
        lyceum_app::clock::now_secs(),
        ttl,
    );
    let token = tokens::issue(&state.config, &claims).map_err(ApiError::internal)?;
    tracing::info!(tenant.id = %ctx.tenant.id, user.id = %user.user_id, "api token issued");
    Ok(Json(TokenReply {
        token,
        token_type: "Bearer",
        expires_in: ttl,
        claims,
    }))
}
