//! User accounts of one tenant. Every function runs inside the tenant transaction.

use crate::db::TenantTx;
use crate::identity::records::{OwnAccount, UserRow};
use lyceum::{DisplayName, Email, Persona, UserId};
use uuid::Uuid;

pub struct LoginRecord {
    pub user_id: Uuid,
    pub password_hash: String,
    pub display_name: String,
    pub persona: Persona,
    pub active: bool,
}

pub async fn find_for_login(
    tx: &mut TenantTx,
    email: &Email,
) -> Result<Option<LoginRecord>, sqlx::Error> {
    let row = sqlx::query!(
        "select user_id, password_hash, display_name, persona, active from app_user where email = $1",
        email.as_str()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|r| {
        Some(LoginRecord {
            user_id: r.user_id,
            password_hash: r.password_hash,
            display_name: r.display_name,
            persona: Persona::parse(&r.persona)?,
            active: r.active,
        })
    }))
}

/// Creates an account. A taken email (even one registered by a concurrent
/// request a moment ago) fails on `app_user_email_key`, which
/// `From<sqlx::Error> for AppError` turns into the email field's error.
pub async fn create(
    tx: &mut TenantTx,
    tenant_id: Uuid,
    email: &Email,
    display_name: &DisplayName,
    persona: Persona,
    password_hash: &str,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into app_user (tenant_id, email, display_name, persona, password_hash)
         values ($1, $2, $3, $4, $5) returning user_id",
        tenant_id,
        email.as_str(),
        display_name.as_str(),
        persona.as_str(),
        password_hash
    )
    .fetch_one(&mut **tx)
    .await
}

pub async fn touch_login(tx: &mut TenantTx, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update app_user set last_login_at = now() where user_id = $1",
        user_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn list(tx: &mut TenantTx) -> Result<Vec<UserRow>, sqlx::Error> {
    let rows = sqlx::query!(
        "select user_id, email, display_name, persona, active,
                extract(epoch from created_at)::bigint as \"created_at!\",
                extract(epoch from last_login_at)::bigint as last_login_at
         from app_user order by persona = 'learner', persona, display_name, email limit 500"
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(UserRow {
                user_id: r.user_id,
                email: r.email,
                display_name: r.display_name,
                persona: Persona::parse(&r.persona)?,
                active: r.active,
                created_at: lyceum::calendar::format_date(r.created_at),
                last_login_at: r.last_login_at.map(lyceum::calendar::format_date_time),
            })
        })
        .collect())
}

/// Changes a user's persona; returns the previous one, or `None` if no such user.
pub async fn set_persona(
    tx: &mut TenantTx,
    user_id: Uuid,
    persona: Persona,
) -> Result<Option<Persona>, sqlx::Error> {
    let previous = sqlx::query_scalar!(
        "update app_user u set persona = $2
         from (select persona from app_user where user_id = $1 for update) old
         where u.user_id = $1
         returning old.persona",
        user_id,
        persona.as_str()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(previous.and_then(|p| Persona::parse(&p)))
}

pub async fn count_by_persona(tx: &mut TenantTx) -> Result<Vec<(Persona, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select persona, count(*) as \"count!\" from app_user where active group by persona"
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((Persona::parse(&r.persona)?, r.count)))
        .collect())
}

pub async fn own_account(
    tx: &mut TenantTx,
    user_id: UserId,
) -> Result<Option<OwnAccount>, sqlx::Error> {
    let row = sqlx::query!(
        "select extract(epoch from u.created_at)::bigint as \"member_since!\",
                (select extract(epoch from max(occurred_at))::bigint
                   from (select occurred_at from audit_event
                          where actor_user_id = u.user_id and kind = 'login'
                          order by occurred_at desc offset 1 limit 1) prev) as previous_login,
                (select count(*) from session s where s.user_id = u.user_id and s.expires_at > now()) as \"active_sessions!\"
         from app_user u where u.user_id = $1",
        user_id.uuid()
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| OwnAccount {
        member_since: lyceum::calendar::format_date(r.member_since),
        previous_login: r.previous_login.map(lyceum::calendar::format_date_time),
        active_sessions: r.active_sessions,
    }))
}

/// The active account with this id (the user behind an API token).
pub async fn active_user(
    tx: &mut TenantTx,
    user_id: Uuid,
) -> Result<Option<crate::request::UserCtx>, sqlx::Error> {
    use sqlx::Row;
    let row = sqlx::query(
        "select email, display_name, persona from app_user where user_id = $1 and active",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok((|| {
        Some(crate::request::UserCtx {
            id: user_id.into(),
            email: Email::parse(r.try_get::<&str, _>("email").ok()?).ok()?,
            display_name: r.try_get("display_name").ok()?,
            persona: Persona::parse(r.try_get::<&str, _>("persona").ok()?)?,
        })
    })())
}
