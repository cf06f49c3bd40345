//! `lyceum-server rotate-key <subdomain>`: retires a portal's certificate
//! signing key (as the schema owner, like `migrate` and `seed`). The next
//! certificate is signed with a new key; the retired one stays in the
//! portal's JWK Set, so what it signed still verifies. For a key thought
//! compromised this is not enough: its certificates would still verify.

use lyceum::{HostKind, Subdomain};
use lyceum_app::db::Db;
use lyceum_app::identity::tenants::{self, TenantKey};

/// Retires the signing key of the portal on `subdomain`; returns whether
/// it had one. Errors: not a subdomain, no such portal, the database.
pub async fn rotate(owner_url: &str, subdomain: &str) -> anyhow::Result<bool> {
    let sub = Subdomain::parse(subdomain.trim())
        .map_err(|e| anyhow::anyhow!("`{subdomain}` is not a portal's subdomain: {e}"))?;
    let db = Db::connect(owner_url, 1).await?;
    let portal = tenants::resolve(&db, TenantKey::Host(&HostKind::Subdomain(sub)))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no portal has the subdomain `{subdomain}`"))?;
    let mut tx = db.begin_as(portal.id, None).await?;
    let retired = lyceum_app::learning::signing::retire_current(&mut tx).await?;
    tx.commit().await?;
    Ok(retired)
}
