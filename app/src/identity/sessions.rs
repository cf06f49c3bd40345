//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in Postgres.

use crate::db::TenantTx;
use crate::request::UserCtx;
use crate::state::Config;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lyceum::{Email, Persona};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use uuid::Uuid;

/// Tokens are 32 random bytes, base64url: 43 characters.
const TOKEN_LEN: usize = 43;

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

pub async fn create(
    tx: &mut TenantTx,
    tenant_id: Uuid,
    user_id: Uuid,
    config: &Config,
    user_agent: Option<&str>,
    ip: Option<IpAddr>,
) -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let ttl_secs = config.session_ttl.as_secs() as f64;
    let user_agent: Option<String> = user_agent.map(|ua| ua.chars().take(512).collect());
    sqlx::query!(
        "insert into session (tenant_id, token_hash, user_id, expires_at, user_agent, ip)
         values ($1, $2, $3, now() + make_interval(secs => $4), $5, $6::text::inet)",
        tenant_id,
        token_hash(&token),
        user_id,
        ttl_secs,
        user_agent,
        ip.map(|ip| ip.to_string()),
    )
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The active user behind a session token, if the session is live in this tenant.
pub async fn lookup(tx: &mut TenantTx, token: &str) -> Result<Option<UserCtx>, sqlx::Error> {
    if token.len() != TOKEN_LEN {
        return Ok(None);
    }
    let row = sqlx::query!(
        "select u.user_id, u.email, u.display_name, u.persona
         from session s
         join app_user u on u.tenant_id = s.tenant_id and u.user_id = s.user_id
         where s.token_hash = $1 and s.expires_at > now() and u.active",
        token_hash(token)
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| {
        Some(UserCtx {
            id: r.user_id.into(),
            email: Email::parse(&r.email).ok()?,
            display_name: r.display_name,
            persona: Persona::parse(&r.persona)?,
        })
    }))
}

pub async fn delete(tx: &mut TenantTx, token: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "delete from session where token_hash = $1",
        token_hash(token)
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete_all_for_user(tx: &mut TenantTx, user_id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("delete from session where user_id = $1", user_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

pub fn set_cookie(config: &Config, token: &str) -> String {
    let secure = if config.https { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        config.session_cookie_name(),
        config.session_ttl.as_secs()
    )
}

pub fn clear_cookie(config: &Config) -> String {
    let secure = if config.https { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        config.session_cookie_name()
    )
}

/// The session token from a `Cookie` header, if present and well-formed.
pub fn token_from_headers(headers: &http::HeaderMap, config: &Config) -> Option<String> {
    let name = config.session_cookie_name();
    crate::request::cookies(headers)
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| {
            v.len() == TOKEN_LEN
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}
