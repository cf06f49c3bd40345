//! The credential check behind every way of logging in (the login form and
//! the REST API's token endpoint): field validation, the failed-login
//! throttle (a slot taken before hashing; a device cookie's own bucket),
//! argon2 verification with a dummy hash for unknown emails, and the audit
//! record of a failure.

use crate::db::TenantTx;
use crate::error::AppError;
use crate::identity::accounts::{self, LoginRecord};
use crate::identity::audit::{self, AuditEntry};
use crate::identity::device;
use crate::identity::password_hash;
use crate::identity::records::AuditKind;
use crate::identity::throttle::{Attempt, Refused};
use crate::request::RequestCtx;
use crate::state::AppState;
use lyceum::{Email, FieldErrors};
use serde_json::json;

/// A verified login, with the tenant transaction it was checked in still
/// open so the caller can start its session or issue its token in it.
pub struct Authenticated {
    pub tx: TenantTx,
    pub email: Email,
    pub user: LoginRecord,
}

pub async fn authenticate(
    state: &AppState,
    ctx: &RequestCtx,
    email: &str,
    password: String,
    headers: Option<&http::HeaderMap>,
) -> Result<Authenticated, AppError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(email));
    if password.is_empty() {
        errors.add("password", "is required");
    }
    errors.into_result().map_err(AppError::Invalid)?;
    let email = email.expect("checked above");

    // The slot is taken before the (deliberately slow) hash, so parallel
    // guesses cannot all slip in before the first failure is recorded.
    let device = headers.and_then(|h| device::recognised(&state.config, h, ctx.tenant.id, &email));
    let slot = state
        .throttle
        .begin(&Attempt {
            tenant: ctx.tenant.id,
            email: &email,
            ip: ctx.client_ip,
            device: device.as_deref(),
        })
        .await
        .map_err(|refused| match refused {
            Refused::RetryAfter(secs) => AppError::RateLimited {
                retry_after_secs: secs,
            },
            Refused::Db(err) => AppError::from(err),
        })?;

    // Until the password is checked, an error gives the slot back: an
    // outage must not turn into lockouts (nothing was learned).
    let mut tx = match state.db.begin(ctx).await {
        Ok(tx) => tx,
        Err(err) => {
            slot.give_back();
            return Err(err.into());
        }
    };
    let record = match accounts::find_for_login(&mut tx, &email).await {
        Ok(record) => record,
        Err(err) => {
            slot.give_back();
            return Err(err.into());
        }
    };
    // Passwords longer than the policy allows can never match; skip hashing them.
    let candidate = if password.chars().count() <= lyceum::identity::password::PASSWORD_MAX_CHARS {
        password
    } else {
        String::new()
    };
    let stored = record
        .as_ref()
        .filter(|r| r.active)
        .map(|r| r.password_hash.clone());
    let verified = password_hash::verify(candidate, stored)
        .await
        .map_err(AppError::internal)?;

    let Some(user) = record.filter(|_| verified) else {
        slot.failed(&mut tx).await?;
        let entry = AuditEntry {
            kind: AuditKind::LoginFailed,
            actor: None,
            subject_user: None,
            subject_email: Some(email.as_str()),
            detail: json!({}),
        };
        audit::record(&mut tx, ctx, entry).await?;
        tx.commit().await?;
        tracing::info!(tenant.id = %ctx.tenant.id, "failed login");
        return Err(AppError::BadCredentials);
    };
    slot.succeeded(&mut tx).await?;
    Ok(Authenticated { tx, email, user })
}

impl Authenticated {
    /// Records the login in its transaction: the account's last login and
    /// the audit entry (`via`: `form` or `api`, in the entry's detail).
    /// The caller then starts its session or issues its token, and commits.
    pub async fn record_login(&mut self, ctx: &RequestCtx, via: &str) -> Result<(), AppError> {
        accounts::touch_login(&mut self.tx, self.user.user_id).await?;
        let entry = AuditEntry {
            kind: AuditKind::Login,
            actor: Some(self.user.user_id),
            subject_user: Some(self.user.user_id),
            subject_email: Some(self.email.as_str()),
            detail: json!({ "via": via }),
        };
        audit::record(&mut self.tx, ctx, entry).await?;
        Ok(())
    }
}
