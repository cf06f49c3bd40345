//! Where media bytes live, and the key that signs media URLs.
//!
//! One code path for every backend: `object_store`'s `ObjectStore`. The
//! local directory (`MEDIA_DIR`, `var/media` by default) is what `make run`
//! uses; with the `s3` cargo feature, `MEDIA_STORE=s3` uses any
//! S3-compatible bucket configured by the usual `AWS_*` variables
//! (`docs/media.md`). Objects are named `{tenant}/{asset}/{name}`.

use crate::state::TokenSecret;
use lyceum::{AssetId, TenantId};
use object_store::path::Path;
use object_store::ObjectStore;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Which storage holds media.
#[derive(Clone, Debug)]
pub enum Backend {
    /// A directory on this machine (created if missing).
    Local(PathBuf),
    /// An S3-compatible bucket, configured from `AWS_*` variables
    /// (`AWS_BUCKET`, `AWS_REGION`, `AWS_ENDPOINT`, keys).
    #[cfg(feature = "s3")]
    S3,
}

/// Media settings (`server/src/config.rs`).
#[derive(Clone, Debug)]
pub struct MediaConfig {
    pub backend: Backend,
    /// Signs media URLs (`MEDIA_SIGNING_KEY`); see `signing.rs`.
    pub signing_key: TokenSecret,
    /// How long a signed URL works (`MEDIA_URL_TTL_SECS`, 3600).
    pub signed_url_ttl: Duration,
}

impl MediaConfig {
    /// A local directory, for tests and development.
    pub fn local(dir: impl Into<PathBuf>, signing_key: TokenSecret) -> MediaConfig {
        MediaConfig {
            backend: Backend::Local(dir.into()),
            signing_key,
            signed_url_ttl: Duration::from_secs(3600),
        }
    }
}

/// The open store and the signing key, shared by every request.
pub struct MediaStore {
    pub store: Arc<dyn ObjectStore>,
    pub signing_key: TokenSecret,
    pub signed_url_ttl: Duration,
}

impl MediaStore {
    /// Opens the configured store. Errors: the directory cannot be
    /// created, or the bucket's settings are incomplete.
    pub fn open(config: &MediaConfig) -> anyhow::Result<MediaStore> {
        let store: Arc<dyn ObjectStore> = match &config.backend {
            Backend::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!("creating the media directory {}: {e}", dir.display())
                })?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(dir)?
                        .with_automatic_cleanup(true),
                )
            }
            #[cfg(feature = "s3")]
            Backend::S3 => {
                // rustls with ring (no C crypto library); installing twice is harmless.
                let _ = rustls::crypto::ring::default_provider().install_default();
                Arc::new(object_store::aws::AmazonS3Builder::from_env().build()?)
            }
        };
        Ok(MediaStore {
            store,
            signing_key: config.signing_key.clone(),
            signed_url_ttl: config.signed_url_ttl,
        })
    }

    /// Where one file of an asset is kept.
    pub fn path(tenant: TenantId, asset: AssetId, name: &str) -> Path {
        Path::from(format!("{tenant}/{asset}/{name}"))
    }

    /// The folder of all of an asset's files.
    pub fn prefix(tenant: TenantId, asset: AssetId) -> Path {
        Path::from(format!("{tenant}/{asset}"))
    }

    /// The URL of an asset's original for a viewer already allowed to see
    /// it: the plain path when the asset is public, else a URL signed
    /// until [`MediaStore::signed_url_ttl`] from now (`signing.rs`).
    pub fn original_url(&self, tenant: TenantId, asset: &super::assets::Asset) -> String {
        let path = super::urls::original(asset.id);
        if asset.public {
            return path;
        }
        let expires =
            crate::clock::now_secs() + i64::try_from(self.signed_url_ttl.as_secs()).unwrap_or(3600);
        format!(
            "{path}?{}",
            super::signing::query(&self.signing_key, tenant, asset.id, expires)
        )
    }

    /// Deletes every file of an asset (the original and its variants).
    /// Missing files are not an error.
    pub async fn delete_all(&self, tenant: TenantId, asset: AssetId) -> object_store::Result<()> {
        use futures_util::TryStreamExt;
        let prefix = Self::prefix(tenant, asset);
        let found: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        for meta in found {
            match object_store::ObjectStoreExt::delete(self.store.as_ref(), &meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
