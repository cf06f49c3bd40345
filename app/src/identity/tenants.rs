//! Host → tenant resolution and the public portal directory, through the
//! SECURITY DEFINER lookups (no tenant is known yet when these run).

use crate::db::Db;
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
        id: row.tenant_id?,
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
