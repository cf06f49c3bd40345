//! The resolved context of one request: who the tenant is, who the user is.
//!
//! Server middleware resolves it once (tenant from the host, user from the
//! session cookie) and stores it in the request extensions; server functions
//! and routes read it from there. Data functions take it as first argument.

use crate::error::AppError;
use crate::ui::viewer::{ShellData, ShellTenant, ShellUser};
use leptos::prelude::*;
use lyceum::{Actor, Email, Permission, Persona, TenantId, TenantKind, UserId};
use std::net::IpAddr;

#[derive(Clone, Debug)]
pub struct TenantCtx {
    pub id: TenantId,
    pub kind: TenantKind,
    pub subdomain: Option<String>,
    pub name: String,
    pub logo: Option<String>,
    pub primary_color: lyceum::HexColor,
}

#[derive(Clone, Debug)]
pub struct UserCtx {
    pub id: UserId,
    pub email: Email,
    pub display_name: String,
    pub persona: Persona,
}

impl UserCtx {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            persona: self.persona,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub request_id: String,
    pub tenant: TenantCtx,
    pub user: Option<UserCtx>,
    pub client_ip: Option<IpAddr>,
    /// Per-response CSP nonce for the hydration scripts.
    pub nonce: String,
}

impl RequestCtx {
    /// The signed-in user holding `permission`, or the right refusal.
    pub fn require(&self, permission: Permission) -> Result<&UserCtx, AppError> {
        let user = self.user.as_ref().ok_or(AppError::Unauthenticated)?;
        if user.persona.can(permission) {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Who acts in this request: the signed-in person, if any.
    pub fn actor(&self) -> Option<Actor> {
        self.user.as_ref().map(UserCtx::actor)
    }

    pub fn require_user(&self) -> Result<&UserCtx, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }

    pub fn shell_data(&self) -> ShellData {
        ShellData {
            tenant: ShellTenant {
                name: self.tenant.name.clone(),
                kind: self.tenant.kind,
                subdomain: self.tenant.subdomain.clone(),
                logo: self.tenant.logo.clone(),
            },
            user: self.user.as_ref().map(|u| ShellUser {
                display_name: u.display_name.clone(),
                email: u.email.to_string(),
                persona: u.persona,
            }),
            request_id: self.request_id.clone(),
        }
    }
}

/// The `name=value` pairs of a request's `Cookie` headers (RFC 6265 § 5.4).
pub fn cookies(headers: &http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
}

/// Request id of the request being served, if any (for error messages and logs).
pub fn current_request_id() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<RequestCtx>()
            .map(|c| c.request_id.clone())
    })
}

/// The context the middleware resolved for this request.
pub fn request_ctx() -> Result<RequestCtx, AppError> {
    try_request_ctx().ok_or_else(|| {
        AppError::internal(anyhow::anyhow!(
            "request context missing: middleware not installed"
        ))
    })
}

/// The context, if this code runs for a request at all (route discovery at start-up does not).
pub fn try_request_ctx() -> Option<RequestCtx> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestCtx>().cloned())
}

pub fn app_state() -> crate::state::AppState {
    expect_context::<crate::state::AppState>()
}

/// True when a plain HTML form (no JavaScript) made this request: the
/// framework answers it with a redirect, so the status must stay untouched.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// A server function's work as one unit: the request's tenant transaction
/// is opened (as its user), `work` runs in it, and it commits when `work`
/// succeeds; on an error it is dropped, which rolls it back. Check
/// permissions before (no connection is taken for a refusal). With
/// [`finish`] around the server function, the error gets its status.
///
/// ```ignore
/// let me = signed_in(&ctx, Permission::CourseCreate)?;
/// in_transaction(&ctx, async |tx| Ok(courses::teaching(tx, me).await?)).await
/// ```
pub async fn in_transaction<T>(
    ctx: &RequestCtx,
    work: impl AsyncFnOnce(&mut crate::db::TenantTx) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let mut tx = app_state().db.begin(ctx).await?;
    let value = work(&mut tx).await?;
    tx.commit().await?;
    Ok(value)
}

/// Finishes a server function: an error gets its proper HTTP status (422,
/// 401, 403, 429, 503, ...) for API and JavaScript callers instead of a
/// blanket 500, and "try again later" errors their `Retry-After` (seconds).
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if !is_plain_form_post() {
            if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
                options.set_status(err.status());
                if let Some(secs) = err.retry_after_secs() {
                    options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
                }
            }
        }
    }
    result
}

/// Redirects the browser after a server function (302 for a plain form
/// post, the framework's redirect header for JavaScript callers) to a path
/// on this site. Every redirect goes through here: `leptos_axum::redirect`
/// panics on text a header cannot carry, so anything that is not a plain
/// local path (`lyceum::redirect::local_path`) goes to `fallback` instead.
pub fn redirect(path: &str, fallback: &'static str) {
    let target = match lyceum::redirect::local_path(path) {
        Some(path) => path,
        None => {
            tracing::warn!(path = %path.escape_debug(), "redirect target refused");
            fallback
        }
    };
    leptos_axum::redirect(target);
}

/// `http(s)://host[:port]` of this request, for canonical and OpenGraph URLs.
pub fn origin(config: &crate::state::Config) -> String {
    let headers = use_context::<http::request::Parts>().map(|p| p.headers);
    origin_of(config, headers.as_ref())
}

/// `scheme://host` of a request, from its `Host` header.
pub fn origin_of(config: &crate::state::Config, headers: Option<&http::HeaderMap>) -> String {
    let host = host_of(config, headers);
    let scheme = if config.https { "https" } else { "http" };
    format!("{scheme}://{host}")
}

fn host_of(config: &crate::state::Config, headers: Option<&http::HeaderMap>) -> String {
    headers
        .and_then(|h| h.get(http::header::HOST))
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && !h.contains(['/', '@', ' ']))
        .map(str::to_owned)
        .unwrap_or_else(|| config.base_domain.clone())
}

/// The origin of the portal on `subdomain` for links made outside any
/// request (a background job): `scheme://<subdomain>.<base domain>[:port]`.
pub fn portal_origin_of(config: &crate::state::Config, subdomain: &str) -> String {
    let scheme = if config.https { "https" } else { "http" };
    let port = config
        .public_port
        .map(|p| format!(":{p}"))
        .unwrap_or_default();
    format!("{scheme}://{subdomain}.{}{port}", config.base_domain)
}

/// The origin of `tenant`'s portal as seen from this request: the request's
/// own host when it is the portal, else `<subdomain>.<base domain>` on the
/// request's port (an API client that named its tenant by header or token).
pub fn portal_origin(
    config: &crate::state::Config,
    headers: &http::HeaderMap,
    tenant: &TenantCtx,
) -> String {
    let host = host_of(config, Some(headers));
    let kind = lyceum::HostKind::classify(&host, &config.base_domain);
    let on_portal = matches!(
        kind,
        lyceum::HostKind::Subdomain(_) | lyceum::HostKind::CustomDomain(_)
    );
    let scheme = if config.https { "https" } else { "http" };
    match (&tenant.subdomain, on_portal) {
        (Some(sub), false) => {
            let port = host
                .rsplit_once(':')
                .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
                .map(|(_, p)| format!(":{p}"))
                .unwrap_or_default();
            format!("{scheme}://{sub}.{}{port}", config.base_domain)
        }
        _ => format!("{scheme}://{host}"),
    }
}
