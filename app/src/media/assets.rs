//! The `media_asset` rows (migration 15): what each stored file is, whose,
//! and whether it is ready, public or released. Other contexts hold an
//! asset's id (a lesson's video, a resource, a course's cover) and call
//! [`release`] when they stop using it, [`set_public`] when who may see it
//! changes; the sweep (`sweep.rs`) deletes released files.

use crate::db::{Db, TenantTx};
use lyceum::media::upload::MediaKind;
use lyceum::{AssetId, TenantId, UserId};

/// An asset that is ready to be served.
#[derive(Clone, Debug)]
pub struct Asset {
    pub id: AssetId,
    pub kind: MediaKind,
    pub public: bool,
    pub content_type: String,
    pub file_name: String,
    pub byte_size: u64,
    /// Hex of the SHA-256 of the original.
    pub sha256: String,
    pub duration_ms: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub variants: Vec<String>,
}

/// Records an upload that is about to start, in a transaction of its own
/// that commits at once: if the upload then dies, the sweep still finds
/// its row (and its partly written files). Returns the new asset's id.
pub async fn begin(
    db: &Db,
    tenant: TenantId,
    owner: UserId,
    kind: MediaKind,
    content_type: &str,
    file_name: &str,
) -> Result<AssetId, sqlx::Error> {
    let mut tx = db.begin_as(tenant, Some(owner)).await?;
    let id = sqlx::query_scalar!(
        "insert into media_asset (tenant_id, owner_id, kind, content_type, file_name)
         values (current_tenant_id(), $1, $2, $3, $4)
         returning asset_id",
        owner.uuid(),
        kind.as_str(),
        content_type,
        file_name,
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id.into())
}

/// What an upload turned out to be, once every byte is stored.
#[derive(Clone, Debug, Default)]
pub struct Finished {
    pub byte_size: u64,
    pub sha256: [u8; 32],
    pub duration_ms: Option<u64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub variants: Vec<String>,
    pub public: bool,
}

/// Marks an upload ready, inside the caller's transaction (the one that
/// also attaches it, so an asset is never ready and unattached, except
/// through [`release`]). `false` when the row is gone (swept meanwhile).
pub async fn finish(tx: &mut TenantTx, id: AssetId, done: &Finished) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query!(
        "update media_asset
            set status = 'ready', byte_size = $2, sha256 = $3, duration_ms = $4,
                width = $5, height = $6, variants = $7, public = $8
          where tenant_id = current_tenant_id() and asset_id = $1 and status = 'uploading'",
        id.uuid(),
        i64::try_from(done.byte_size).unwrap_or(i64::MAX),
        &done.sha256[..],
        done.duration_ms.and_then(|d| i64::try_from(d).ok()),
        done.width.and_then(|w| i32::try_from(w).ok()),
        done.height.and_then(|h| i32::try_from(h).ok()),
        &done.variants,
        done.public,
    )
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Marks an asset no longer used: the sweep deletes its files and row.
/// Anything else pointing at it must have let go in the same transaction
/// (the foreign keys keep the row until then).
pub async fn release(tx: &mut TenantTx, id: AssetId) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update media_asset set status = 'released'
          where tenant_id = current_tenant_id() and asset_id = $1",
        id.uuid()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Says whether the assets may be served without a signed URL (the media
/// of a free-preview lesson).
pub async fn set_public(
    tx: &mut TenantTx,
    ids: &[AssetId],
    public: bool,
) -> Result<(), sqlx::Error> {
    let ids: Vec<uuid::Uuid> = ids.iter().map(|id| id.uuid()).collect();
    sqlx::query!(
        "update media_asset set public = $2
          where tenant_id = current_tenant_id() and asset_id = any($1) and public <> $2",
        &ids,
        public
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes the row of an upload that failed (never a ready one: an upload
/// whose attaching transaction did commit keeps it). `true` when a row went;
/// its files are then the caller's to delete. (If this fails, the sweep
/// deletes row and files within the hour.)
pub async fn discard(db: &Db, tenant: TenantId, id: AssetId) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_as(tenant, None).await?;
    let gone = sqlx::query!(
        "delete from media_asset where tenant_id = current_tenant_id() and asset_id = $1 and status <> 'ready'",
        id.uuid()
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(gone.rows_affected() == 1)
}

/// Marks an upload still in progress, so the sweep (which deletes uploads
/// untouched for an hour) leaves a long one alone.
pub async fn touch(db: &Db, tenant: TenantId, id: AssetId) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_as(tenant, None).await?;
    sqlx::query!(
        "update media_asset set updated_at = now()
          where tenant_id = current_tenant_id() and asset_id = $1 and status = 'uploading'",
        id.uuid()
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// A ready asset of the transaction's tenant, or `None` (unknown, another
/// tenant's, still uploading, or released).
pub async fn find(tx: &mut TenantTx, id: AssetId) -> Result<Option<Asset>, sqlx::Error> {
    Ok(find_many(tx, &[id]).await?.pop())
}

struct AssetRow {
    asset_id: uuid::Uuid,
    kind: String,
    public: bool,
    content_type: String,
    file_name: String,
    byte_size: i64,
    sha256: Vec<u8>,
    duration_ms: Option<i64>,
    width: Option<i32>,
    height: Option<i32>,
    variants: Vec<String>,
}

impl From<AssetRow> for Asset {
    fn from(r: AssetRow) -> Asset {
        Asset {
            id: r.asset_id.into(),
            kind: MediaKind::parse(&r.kind).unwrap_or(MediaKind::Document),
            public: r.public,
            content_type: r.content_type,
            file_name: r.file_name,
            byte_size: u64::try_from(r.byte_size).unwrap_or(0),
            sha256: r.sha256.iter().map(|b| format!("{b:02x}")).collect(),
            duration_ms: r.duration_ms.and_then(|d| u64::try_from(d).ok()),
            width: r.width.and_then(|w| u32::try_from(w).ok()),
            height: r.height.and_then(|h| u32::try_from(h).ok()),
            variants: r.variants,
        }
    }
}

/// Several ready assets at once (a lesson's resources, the covers of a
/// catalog page), in no particular order; unknown ids are left out.
pub async fn find_many(tx: &mut TenantTx, ids: &[AssetId]) -> Result<Vec<Asset>, sqlx::Error> {
    let uuids: Vec<uuid::Uuid> = ids.iter().map(|id| id.uuid()).collect();
    let rows = sqlx::query_as!(
        AssetRow,
        "select asset_id, kind, public, content_type, file_name, byte_size, sha256 as \"sha256!\",
                duration_ms, width, height, variants
           from media_asset
          where tenant_id = current_tenant_id() and asset_id = any($1) and status = 'ready'",
        &uuids
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(Asset::from).collect())
}

/// The stored variants of these image assets (ready ones; others are
/// left out), for pages that draw them (`urls::cover_html`, `urls::photo_html`).
pub async fn variants(
    tx: &mut TenantTx,
    ids: &[AssetId],
) -> Result<std::collections::HashMap<AssetId, Vec<String>>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let uuids: Vec<uuid::Uuid> = ids.iter().map(|id| id.uuid()).collect();
    let rows = sqlx::query!(
        "select asset_id, variants from media_asset
          where tenant_id = current_tenant_id() and asset_id = any($1) and status = 'ready' and kind = 'image'",
        &uuids
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (AssetId::from(r.asset_id), r.variants))
        .collect())
}

/// The covers of these assets, as pages show them (`urls::CoverImage`);
/// unknown or unready ids are left out. Covers are public.
pub async fn covers(
    tx: &mut TenantTx,
    ids: &[AssetId],
) -> Result<std::collections::HashMap<AssetId, super::urls::CoverImage>, sqlx::Error> {
    Ok(variants(tx, ids)
        .await?
        .into_iter()
        .map(|(id, variants)| (id, super::urls::CoverImage::of(id, &variants)))
        .collect())
}
