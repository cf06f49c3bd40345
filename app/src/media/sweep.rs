//! The periodic sweep: deletes the files and rows of released assets and
//! of uploads that never finished (older than [`STALE_AFTER`]). Runs every
//! few minutes in each server process (`server/src/startup.rs`); two
//! processes sweeping at once delete the same things, which is harmless.
//! An asset's row goes only after its files, so nothing is served that
//! is not there.
//! The candidates come from `media_sweep_due` (a definer function that
//! only names them); each is deleted inside its own tenant's transaction.

use super::store::MediaStore;
use crate::db::Db;
use lyceum::{AssetId, TenantId};
use std::sync::Arc;
use std::time::Duration;

/// An upload still 'uploading' after this long is dead.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);
/// How often the sweep runs.
pub const EVERY: Duration = Duration::from_secs(300);

/// One pass: returns how many assets were deleted.
pub async fn sweep_once(
    db: &Db,
    media: &MediaStore,
    stale_after: Duration,
) -> Result<usize, sqlx::Error> {
    let mut conn = db.pre_tenant().await?;
    let due = sqlx::query!(
        r#"select tenant_id as "tenant_id!", asset_id as "asset_id!"
             from media_sweep_due(make_interval(secs => $1), 500)"#,
        stale_after.as_secs_f64()
    )
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    let mut deleted = 0;
    for row in due {
        let (tenant, asset): (TenantId, AssetId) = (row.tenant_id.into(), row.asset_id.into());
        // The row first: if something still points at it (a context
        // released it too early), the foreign key refuses and the files
        // stay. Then the files; the row's deletion commits only after them.
        let mut tx = db.begin_as(tenant, None).await?;
        // The references to an asset are checked at commit
        // (`deferrable initially deferred`, for removing a portal): here
        // they must be checked by the delete itself, before the files go.
        sqlx::query!("set constraints all immediate")
            .execute(&mut *tx)
            .await?;
        let gone = sqlx::query!(
            "delete from media_asset
              where tenant_id = current_tenant_id() and asset_id = $1
                and (status = 'released' or (status = 'uploading' and updated_at < now() - make_interval(secs => $2)))",
            asset.uuid(),
            stale_after.as_secs_f64()
        )
        .execute(&mut *tx)
        .await;
        match gone {
            Ok(done) if done.rows_affected() == 1 => {}
            Ok(_) => continue,
            Err(e) => {
                // Still pointed at: it was released by mistake. It goes back
                // to 'ready', so the sweep does not stall on it.
                tracing::error!(error = %e, asset.id = %asset, "sweep: a released asset is still in use; kept");
                drop(tx);
                let mut tx = db.begin_as(tenant, None).await?;
                sqlx::query!(
                    "update media_asset set status = 'ready'
                      where tenant_id = current_tenant_id() and asset_id = $1 and status = 'released' and sha256 is not null",
                    asset.uuid()
                )
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                continue;
            }
        }
        if let Err(e) = media.delete_all(tenant, asset).await {
            tracing::warn!(error = %e, asset.id = %asset, "sweep: deleting files failed; kept for the next pass");
            continue;
        }
        tx.commit().await?;
        deleted += 1;
    }
    Ok(deleted)
}

/// Sweeps every [`EVERY`] for as long as the process runs.
pub async fn run(db: Db, media: Arc<MediaStore>) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match sweep_once(&db, &media, STALE_AFTER).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "media sweep"),
            Err(e) => tracing::warn!(error = %e, "media sweep failed"),
        }
    }
}
