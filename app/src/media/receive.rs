//! Receiving an upload: the bytes are streamed to storage as they arrive
//! (a multipart upload with backpressure, so memory stays flat whatever
//! the file's size), typed by their first bytes, counted against the
//! tenant's limit and hashed (SHA-256) on the way.
//!
//! The asset's row is committed as 'uploading' before the first byte is
//! written; [`receive`] returns once every byte is stored, and the caller
//! marks the asset ready (`assets::finish`) in the transaction that
//! attaches it, or calls [`abandon`]. A refused or interrupted upload
//! aborts the multipart upload (nothing is left in storage) and deletes its
//! row; if the process dies instead, the sweep does both within the hour.

use super::assets::{self, Finished};
use super::images;
use super::store::MediaStore;
use crate::state::AppState;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use lyceum::media::mp4::{DurationProbe, Probe};
use lyceum::media::upload::{self, Accepted, MediaKind, Purpose, UploadError};
use lyceum::{AssetId, TenantId, UserId};
use object_store::{ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};

/// How many bytes are looked at to tell the type (office documents are
/// zip files whose telling entry may come a little way in).
const SNIFF_BYTES: usize = 64 * 1024;
/// Parts of the multipart write to storage (S3 needs at least 5 MiB).
const PART_BYTES: usize = 5 * 1024 * 1024;
/// Parts in flight at once before reading more from the client.
const PARTS_IN_FLIGHT: usize = 2;
/// Image decoding and resizing, one at a time (see `put_variants`).
static IMAGE_WORK: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
/// How often a long upload refreshes its row (well under the sweep's hour).
const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// What is being uploaded, as the request says.
pub struct Incoming<'a> {
    pub purpose: Purpose,
    /// The content type the browser declared for the file ("" if none).
    pub declared: &'a str,
    /// The file's name as sent.
    pub file_name: &'a str,
    /// The tenant's limit in bytes (`upload::upload_limit`).
    pub limit: u64,
}

/// An upload whose bytes are all stored, not yet marked ready.
#[derive(Debug)]
pub struct Received {
    pub asset: AssetId,
    pub accepted: Accepted,
    pub file_name: String,
    /// What `assets::finish` records (`public` is the caller's to set).
    pub done: Finished,
}

/// Why an upload did not complete.
#[derive(Debug)]
pub enum Failure {
    /// The uploader's file or connection: say so (422, or 413 when too large).
    Refused(UploadError),
    /// Our side (storage, database): a 500 with the request id.
    Internal(String),
}

impl From<UploadError> for Failure {
    fn from(err: UploadError) -> Failure {
        Failure::Refused(err)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Refused(e) => e.fmt(f),
            Failure::Internal(e) => f.write_str(e),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::Internal(e.to_string())
}

/// The limit that applies to this purpose: images are decoded whole, so
/// they have a lower one.
pub fn limit_for(purpose: Purpose, tenant_limit: u64) -> u64 {
    match purpose {
        Purpose::Cover | Purpose::Photo => tenant_limit.min(upload::IMAGE_LIMIT),
        Purpose::LessonVideo | Purpose::Resource => tenant_limit,
    }
}

/// Streams `body` into storage as a new asset of `tenant` owned by `owner`.
/// Errors: refused (empty, too large, wrong or unrecognised type, markup,
/// an image that cannot be read, the client stopped sending), or internal.
/// Nothing is left behind on error.
pub async fn receive<S, E>(
    state: &AppState,
    tenant: TenantId,
    owner: UserId,
    incoming: Incoming<'_>,
    mut body: S,
) -> Result<Received, Failure>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    upload::check_name(incoming.file_name)?;
    let limit = limit_for(incoming.purpose, incoming.limit);

    // The first bytes, to tell what the file is.
    let mut head: Vec<u8> = Vec::new();
    let mut ended = false;
    while head.len() < SNIFF_BYTES {
        match body.next().await {
            None => {
                ended = true;
                break;
            }
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(e)) => {
                tracing::info!(error = %e, "upload interrupted before its type was known");
                return Err(UploadError::Interrupted.into());
            }
        }
    }
    if head.is_empty() {
        return Err(UploadError::Empty.into());
    }
    if head.len() as u64 > limit {
        return Err(UploadError::TooLarge { limit_bytes: limit }.into());
    }
    let sniffed = infer::get(&head).map(|t| t.mime_type());
    let accepted = upload::classify(
        incoming.purpose,
        sniffed,
        incoming.declared,
        incoming.file_name,
    )?;
    let file_name = upload::clean_file_name(incoming.file_name);

    let asset = assets::begin(
        &state.db,
        tenant,
        owner,
        accepted.kind,
        accepted.content_type,
        &file_name,
    )
    .await
    .map_err(internal)?;
    let stored = store(
        state,
        tenant,
        asset,
        accepted,
        incoming.purpose,
        limit,
        head,
        ended,
        body,
    )
    .await;
    match stored {
        Ok(done) => Ok(Received {
            asset,
            accepted,
            file_name,
            done,
        }),
        Err(failure) => {
            abandon(state, tenant, asset).await;
            Err(failure)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn store<S, E>(
    state: &AppState,
    tenant: TenantId,
    asset: AssetId,
    accepted: Accepted,
    purpose: Purpose,
    limit: u64,
    head: Vec<u8>,
    ended: bool,
    mut body: S,
) -> Result<Finished, Failure>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let media = &state.media;
    let path = MediaStore::path(tenant, asset, "original");
    let upload = media.store.put_multipart(&path).await.map_err(internal)?;
    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
    let mut hasher = Sha256::new();
    // Images are decoded whole afterwards (they are at most IMAGE_LIMIT).
    let keep_whole =
        accepted.kind == MediaKind::Image && matches!(purpose, Purpose::Cover | Purpose::Photo);
    let mut whole: Vec<u8> = Vec::new();
    let mut size = head.len() as u64;
    hasher.update(&head);
    if keep_whole {
        whole.extend_from_slice(&head);
    }
    writer.write(&head);
    let mut touched = std::time::Instant::now();
    if !ended {
        loop {
            let chunk = match body.next().await {
                None => break,
                Some(Ok(chunk)) => chunk,
                Some(Err(e)) => {
                    tracing::info!(error = %e, bytes = size, "upload interrupted");
                    let _ = writer.abort().await;
                    return Err(UploadError::Interrupted.into());
                }
            };
            size += chunk.len() as u64;
            // A long upload says it is alive, or the sweep would take it
            // for a dead one after an hour.
            if touched.elapsed() > TOUCH_EVERY {
                touched = std::time::Instant::now();
                if let Err(e) = assets::touch(&state.db, tenant, asset).await {
                    tracing::warn!(error = %e, "marking an upload in progress failed");
                }
            }
            if size > limit {
                let _ = writer.abort().await;
                return Err(UploadError::TooLarge { limit_bytes: limit }.into());
            }
            hasher.update(&chunk);
            if keep_whole {
                whole.extend_from_slice(&chunk);
            }
            // Backpressure: wait while parts are still being written.
            if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                return Err(internal(e));
            }
            writer.put(chunk);
        }
    }
    writer.finish().await.map_err(internal)?;

    let mut done = Finished {
        byte_size: size,
        sha256: hasher.finalize().into(),
        ..Finished::default()
    };
    if accepted.content_type == "video/mp4" {
        done.duration_ms = mp4_duration(media, &path, size).await;
    }
    if keep_whole {
        put_variants(media, tenant, asset, purpose, whole, &mut done).await?;
    }
    Ok(done)
}

/// Makes and stores an image's variants (off the async threads: decoding
/// and encoding take a while), recording them in `done`.
async fn put_variants(
    media: &MediaStore,
    tenant: TenantId,
    asset: AssetId,
    purpose: Purpose,
    whole: Vec<u8>,
    done: &mut Finished,
) -> Result<(), Failure> {
    let make = match purpose {
        Purpose::Photo => images::photo,
        _ => images::cover,
    };
    // One image at a time per process: each may take a few hundred MB
    // while it is decoded and resized.
    let _turn = IMAGE_WORK.acquire().await.map_err(internal)?;
    let made = tokio::task::spawn_blocking(move || make(&whole))
        .await
        .map_err(internal)?
        .map_err(|e| Failure::Refused(UploadError::BadImage(e)))?;
    done.width = Some(made.width);
    done.height = Some(made.height);
    for (name, bytes) in made.files {
        let path = MediaStore::path(tenant, asset, &name);
        media
            .store
            .put(&path, bytes.into())
            .await
            .map_err(internal)?;
        done.variants.push(name);
    }
    Ok(())
}

/// Stores a file held whole in memory as `asset` (the demo seed's media):
/// the original, an image's variants, an MP4's duration, the SHA-256. It
/// writes no row; the caller records the asset with what this returns.
/// Errors as [`receive`], for files that are not what `purpose` takes.
pub async fn store_bytes(
    media: &MediaStore,
    tenant: TenantId,
    asset: AssetId,
    purpose: Purpose,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<(Accepted, Finished), Failure> {
    let sniffed = infer::get(&bytes).map(|t| t.mime_type());
    let accepted = upload::classify(purpose, sniffed, "", file_name)?;
    let path = MediaStore::path(tenant, asset, "original");
    let mut done = Finished {
        byte_size: bytes.len() as u64,
        sha256: Sha256::digest(&bytes).into(),
        ..Finished::default()
    };
    media
        .store
        .put(&path, bytes.clone().into())
        .await
        .map_err(internal)?;
    if accepted.content_type == "video/mp4" {
        done.duration_ms = mp4_duration(media, &path, done.byte_size).await;
    }
    if matches!(purpose, Purpose::Cover | Purpose::Photo) {
        put_variants(media, tenant, asset, purpose, bytes, &mut done).await?;
    }
    Ok((accepted, done))
}

/// Reads the duration from the stored file's `mvhd` box, a few small
/// ranged reads (`lyceum::media::mp4`). `None` if it says none.
async fn mp4_duration(
    media: &MediaStore,
    path: &object_store::path::Path,
    size: u64,
) -> Option<u64> {
    let mut probe = DurationProbe::new(size);
    loop {
        match probe.next() {
            Probe::Done(duration) => return duration,
            Probe::Read { offset, len } => {
                let end = offset.saturating_add(len).min(size);
                match media.store.get_range(path, offset..end).await {
                    Ok(bytes) => probe.feed(&bytes),
                    Err(e) => {
                        tracing::warn!(error = %e, "reading an MP4 header failed");
                        return None;
                    }
                }
            }
        }
    }
}

/// Deletes an upload the caller could not attach: its row first (never a
/// ready one: if the attaching commit did happen after all, the asset
/// stays whole), then its files. Failures are logged: the sweep finishes
/// the job.
pub async fn abandon(state: &AppState, tenant: TenantId, asset: AssetId) {
    match assets::discard(&state.db, tenant, asset).await {
        Ok(true) => {
            if let Err(e) = state.media.delete_all(tenant, asset).await {
                tracing::warn!(error = %e, asset.id = %asset, "deleting an abandoned upload's files failed");
            }
        }
        Ok(false) => {
            tracing::warn!(asset.id = %asset, "an abandoned upload was attached after all; kept")
        }
        Err(e) => {
            tracing::warn!(error = %e, asset.id = %asset, "deleting an abandoned upload's row failed")
        }
    }
}
