//! Host → tenant resolution and the public portal directory, through the
//! SECURITY DEFINER lookups (no tenant is known yet when these run); and
//! the portal's settings that other contexts read (its currency), so that
//! no other context reads the `tenant` table.

use crate::db::{Db, TenantTx};
use crate::identity::records::Portal;
use crate::request::TenantCtx;
use lyceum::{HexColor, HostKind, TenantKind};
use uuid::Uuid;

/// How the middleware identified the tenant.
pub enum TenantKey<'a> {
    Host(&'a HostKind),
    Id(Uuid),
}

struct PublicRow {
    tenant_id: Option<Uuid>,
    kind: Option<String>,
    subdomain: Option<String>,
    name: Option<String>,
    branding: Option<serde_json::Value>,
}

/// Colour used when a tenant has none (or an unusable one) configured.
pub const DEFAULT_PRIMARY: &str = "#4f46e5";

fn to_ctx(row: PublicRow) -> Option<TenantCtx> {
    let branding = row.branding.unwrap_or_default();
    let primary = branding
        .get("primary_color")
        .and_then(|v| v.as_str())
        .and_then(|s| HexColor::parse(s).ok())
        .unwrap_or_else(|| HexColor::parse(DEFAULT_PRIMARY).expect("valid default"));
    let logo = branding
        .get("logo")
        .and_then(|v| v.as_str())
        .filter(|s| s.starts_with('/') && !s.starts_with("//"))
        .map(str::to_owned);
    Some(TenantCtx {
        id: row.tenant_id?.into(),
        kind: TenantKind::parse(row.kind.as_deref()?)?,
        subdomain: row.subdomain,
        name: row.name?,
        logo,
        primary_color: primary,
    })
}

pub async fn resolve(db: &Db, key: TenantKey<'_>) -> Result<Option<TenantCtx>, sqlx::Error> {
    let mut conn = db.pre_tenant().await?;
    let row = match key {
        TenantKey::Host(HostKind::Platform) => {
            sqlx::query_as!(PublicRow, "select * from lookup_platform_tenant()")
                .fetch_optional(&mut *conn)
                .await?
        }
        TenantKey::Host(HostKind::Subdomain(sub)) => {
            sqlx::query_as!(
                PublicRow,
                "select * from lookup_tenant_by_subdomain($1)",
                sub.as_str()
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TenantKey::Host(HostKind::CustomDomain(domain)) => {
            sqlx::query_as!(
                PublicRow,
                "select * from lookup_tenant_by_domain($1)",
                domain
            )
            .fetch_optional(&mut *conn)
            .await?
        }
        TenantKey::Host(HostKind::Invalid) => None,
        TenantKey::Id(id) => {
            sqlx::query_as!(PublicRow, "select * from lookup_tenant_by_id($1)", id)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    Ok(row.and_then(to_ctx))
}

pub async fn list_portals(db: &Db) -> Result<Vec<Portal>, sqlx::Error> {
    let mut conn = db.pre_tenant().await?;
    let rows = sqlx::query_as!(PublicRow, "select * from list_portals()")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(to_ctx)
        .filter_map(|t| {
            Some(Portal {
                subdomain: t.subdomain?,
                name: t.name,
                primary_color: t.primary_color.to_string(),
                logo: t.logo,
                url: String::new(),
            })
        })
        .collect())
}

/// How a read of the portal's currency holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// A plain read.
    Read,
    /// Share-locks the tenant row until the transaction ends, so the
    /// currency cannot change under a price being saved in it
    /// ([`set_currency`] waits, and then sees the price).
    UntilCommit,
}

/// The portal's currency (ISO 4217 code; `USD` should the row be absent).
pub async fn currency(tx: &mut TenantTx, hold: Hold) -> Result<String, sqlx::Error> {
    let sql = match hold {
        Hold::Read => "select currency from tenant where tenant_id = current_tenant_id()",
        Hold::UntilCommit => {
            "select currency from tenant where tenant_id = current_tenant_id() for share"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_optional(&mut **tx)
        .await
        .map(|c: Option<String>| c.unwrap_or_else(|| "USD".into()))
}

/// Sets the portal's currency, taking the tenant row's lock first: writes
/// holding it shared ([`Hold::UntilCommit`]) finish, later ones wait for
/// this transaction. The caller checks what the change means for its data.
pub async fn set_currency(
    tx: &mut TenantTx,
    currency: lyceum::Currency,
) -> Result<(), sqlx::Error> {
    tx.changed(crate::db::Change::TenantSettings);
    sqlx::query("update tenant set currency = $1 where tenant_id = current_tenant_id()")
        .bind(currency.code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The largest file the current tenant may upload, in bytes
/// (`lyceum::media::upload::upload_limit`: its plan, or
/// `settings.features.max_upload_mb` when that is a whole number).
pub async fn upload_limit(tx: &mut TenantTx) -> Result<u64, sqlx::Error> {
    let row = sqlx::query!(
        r#"select settings -> 'billing' ->> 'plan' as plan,
                  case when settings -> 'features' ->> 'max_upload_mb' ~ '^[0-9]{1,7}$'
                       then (settings -> 'features' ->> 'max_upload_mb')::bigint end as max_upload_mb
             from tenant where tenant_id = current_tenant_id()"#
    )
    .fetch_optional(&mut **tx)
    .await?;
    let (plan, mb) = row
        .map(|r| (r.plan, r.max_upload_mb))
        .unwrap_or((None, None));
    Ok(lyceum::media::upload::upload_limit(plan.as_deref(), mb))
}

/// The current tenant's plan limit on students
/// (`settings.features.max_students`), when it is set to a whole number;
/// anything else there means no limit rather than a failed cast.
pub async fn student_limit(tx: &mut TenantTx) -> Result<Option<u64>, sqlx::Error> {
    let limit = sqlx::query_scalar!(
        r#"select case when settings -> 'features' ->> 'max_students' ~ '^[0-9]{1,12}$'
                       then (settings -> 'features' ->> 'max_students')::bigint end
             from tenant where tenant_id = current_tenant_id()"#
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    Ok(limit.and_then(|n| u64::try_from(n).ok()))
}
