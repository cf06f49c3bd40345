//! Log in, register, log out: server functions behind `<ActionForm>`s.
//!
//! Arguments are flat strings (URL-encoded forms), parsed into domain types
//! on the server. Every function re-derives the tenant and user from the
//! request context that the middleware resolved; nothing from the browser is
//! trusted beyond the form fields themselves.

use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "login", output = crate::wire::Answer)]
pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
    crate::request::finish(server::login(email, password, next).await)
}

#[server(prefix = "/fn", endpoint = "register", output = crate::wire::Answer)]
pub async fn register(
    display_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    crate::request::finish(server::register(display_name, email, password).await)
}

#[server(prefix = "/fn", endpoint = "logout", output = crate::wire::Answer)]
pub async fn logout() -> Result<(), AppError> {
    crate::request::finish(server::logout().await)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::error::AppError;
    use crate::identity::audit::{self, AuditEntry};
    use crate::identity::auth::{authenticate, Authenticated};
    use crate::identity::records::AuditKind;
    use crate::identity::{accounts, device, password_hash, sessions};
    use crate::request::redirect;
    use crate::request::{app_state, request_ctx, RequestCtx};
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;
    use lyceum::{DisplayName, Email, FieldErrors, Password, Persona, TenantKind};
    use serde_json::json;

    fn user_agent() -> Option<String> {
        use_context::<http::request::Parts>().and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
    }

    fn presented_token(state: &crate::state::AppState) -> Option<String> {
        use_context::<http::request::Parts>()
            .and_then(|p| sessions::token_from_headers(&p.headers, &state.config))
    }

    fn set_cookie(value: String) -> Result<(), AppError> {
        let header = http::HeaderValue::from_str(&value).map_err(AppError::internal)?;
        expect_context::<ResponseOptions>().append_header(http::header::SET_COOKIE, header);
        Ok(())
    }

    pub async fn login(email: String, password: String, next: String) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let state = app_state();
        let headers = use_context::<http::request::Parts>().map(|p| p.headers);
        let mut login = authenticate(&state, &ctx, &email, password, headers.as_ref()).await?;
        login.record_login(&ctx, "form").await?;
        let Authenticated {
            mut tx,
            email,
            user,
        } = login;

        // A new session id at every login; a session presented with this request ends.
        if let Some(old) = presented_token(&state) {
            sessions::delete(&mut tx, &old).await?;
        }
        let token = start_session(&mut tx, &ctx, &state, user.user_id).await?;
        tx.commit().await?;
        set_cookie(sessions::set_cookie(&state.config, &token))?;
        // This browser is now known for this account (see `device.rs`).
        set_cookie(device::issue(&state.config, ctx.tenant.id, &email))?;
        tracing::info!(tenant.id = %ctx.tenant.id, user.id = %user.user_id, persona = user.persona.as_str(), "login");
        // Only a plain path on this site (an empty or foreign `next`: the
        // dashboard), never another origin or text a header cannot carry.
        let next = if next.is_empty() { "/dashboard" } else { &next };
        redirect(next, "/dashboard");
        Ok(())
    }

    async fn start_session(
        tx: &mut crate::db::TenantTx,
        ctx: &RequestCtx,
        state: &crate::state::AppState,
        user_id: uuid::Uuid,
    ) -> Result<String, AppError> {
        let ua = user_agent();
        Ok(sessions::create(
            tx,
            ctx.tenant.id.uuid(),
            user_id,
            &state.config,
            ua.as_deref(),
            ctx.client_ip,
        )
        .await?)
    }

    pub async fn register(
        display_name: String,
        email: String,
        password: String,
    ) -> Result<(), AppError> {
        let ctx = request_ctx()?;
        if ctx.tenant.kind != TenantKind::Organization {
            return Err(AppError::Forbidden);
        }
        let state = app_state();
        let mut errors = FieldErrors::new();
        let display_name = errors.check("display_name", DisplayName::parse(&display_name));
        let email = errors.check("email", Email::parse(&email));
        let password = errors.check("password", Password::parse(&password));
        errors.into_result().map_err(AppError::Invalid)?;
        let (display_name, email, password) = (
            display_name.expect("checked"),
            email.expect("checked"),
            password.expect("checked"),
        );

        let hash = password_hash::hash(password)
            .await
            .map_err(AppError::internal)?;
        let mut tx = state.db.begin(&ctx).await?;
        if let Some(limit) = crate::identity::tenants::student_limit(&mut tx).await? {
            let learners = accounts::count_by_persona(&mut tx)
                .await?
                .into_iter()
                .find(|(p, _)| *p == Persona::Learner)
                .map_or(0, |(_, n)| n);
            if u64::try_from(learners).unwrap_or(0) >= limit {
                return Err(AppError::invalid(
                    "email",
                    "this portal has reached its learner limit; contact its administrator",
                ));
            }
        }
        let user_id = accounts::create(
            &mut tx,
            ctx.tenant.id.uuid(),
            &email,
            &display_name,
            Persona::Learner,
            &hash,
        )
        .await?;
        let token = start_session(&mut tx, &ctx, &state, user_id).await?;
        accounts::touch_login(&mut tx, user_id).await?;
        for kind in [AuditKind::Registered, AuditKind::Login] {
            let entry = AuditEntry {
                kind,
                actor: Some(user_id),
                subject_user: Some(user_id),
                subject_email: Some(email.as_str()),
                detail: json!({}),
            };
            audit::record(&mut tx, &ctx, entry).await?;
        }
        tx.commit().await?;
        set_cookie(sessions::set_cookie(&state.config, &token))?;
        set_cookie(device::issue(&state.config, ctx.tenant.id, &email))?;
        tracing::info!(tenant.id = %ctx.tenant.id, user.id = %user_id, "registered");
        redirect("/dashboard", "/");
        Ok(())
    }

    pub async fn logout() -> Result<(), AppError> {
        let ctx = request_ctx()?;
        let state = app_state();
        if let (Some(user), Some(token)) = (&ctx.user, presented_token(&state)) {
            let mut tx = state.db.begin(&ctx).await?;
            sessions::delete(&mut tx, &token).await?;
            let entry = AuditEntry {
                kind: AuditKind::Logout,
                actor: Some(user.id.uuid()),
                subject_user: Some(user.id.uuid()),
                subject_email: Some(user.email.as_str()),
                detail: json!({}),
            };
            audit::record(&mut tx, &ctx, entry).await?;
            tx.commit().await?;
            tracing::info!(tenant.id = %ctx.tenant.id, user.id = %user.id, "logout");
        }
        set_cookie(sessions::clear_cookie(&state.config))?;
        redirect("/", "/");
        Ok(())
    }
}
