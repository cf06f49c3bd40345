//! The security audit log: append-only (the runtime role may only insert and read).

use crate::db::TenantTx;
use crate::identity::records::{AuditKind, AuditRow};
use crate::request::RequestCtx;
use uuid::Uuid;

pub struct AuditEntry<'a> {
    pub kind: AuditKind,
    pub actor: Option<Uuid>,
    pub subject_user: Option<Uuid>,
    pub subject_email: Option<&'a str>,
    pub detail: serde_json::Value,
}

pub async fn record(
    tx: &mut TenantTx,
    ctx: &RequestCtx,
    entry: AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into audit_event (tenant_id, kind, actor_user_id, subject_user_id, subject_email, ip, request_id, detail)
         values ($1, $2, $3, $4, $5, $6::text::inet, $7, $8)",
        ctx.tenant.id.uuid(),
        entry.kind.as_str(),
        entry.actor,
        entry.subject_user,
        entry.subject_email,
        ctx.client_ip.map(|ip| ip.to_string()),
        ctx.request_id,
        entry.detail,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn recent(tx: &mut TenantTx, limit: i64) -> Result<Vec<AuditRow>, sqlx::Error> {
    let rows = sqlx::query!(
        "select extract(epoch from e.occurred_at)::bigint as \"occurred_at!\",
                e.kind, a.display_name as \"actor?\", coalesce(s.email, e.subject_email) as subject,
                host(e.ip) as ip, e.detail
         from audit_event e
         left join app_user a on a.tenant_id = e.tenant_id and a.user_id = e.actor_user_id
         left join app_user s on s.tenant_id = e.tenant_id and s.user_id = e.subject_user_id
         order by e.occurred_at desc, e.audit_event_id desc
         limit $1",
        limit
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(AuditRow {
                occurred_at: lyceum::calendar::format_date_time(r.occurred_at),
                kind: AuditKind::parse(&r.kind)?,
                actor: r.actor,
                subject: r.subject,
                ip: r.ip,
                detail: describe(&r.detail),
            })
        })
        .collect())
}

/// A human line for the event's detail JSON (e.g. "learner → instructor").
fn describe(detail: &serde_json::Value) -> Option<String> {
    if let (Some(from), Some(to)) = (
        detail.get("from").and_then(|v| v.as_str()),
        detail.get("to").and_then(|v| v.as_str()),
    ) {
        return Some(format!("{from} → {to}"));
    }
    detail
        .get("reason")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// Logins and failed logins in the last 24 hours: (succeeded, failed).
pub async fn logins_last_day(tx: &mut TenantTx) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query!(
        "select count(*) filter (where kind = 'login') as \"logins!\",
                        count(*) filter (where kind = 'login_failed') as \"failed!\"
                 from audit_event where occurred_at > now() - interval '24 hours'"
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((row.logins, row.failed))
}
