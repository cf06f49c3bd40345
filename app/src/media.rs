//! Media: uploaded files (lesson videos, attached documents, course covers,
//! profile photos), kept in object storage and served at `/media/…`.
//!
//! The rules (which types are accepted, byte ranges, MP4 duration) are in
//! the domain core (`src/media/`). Here, server-only:
//!
//! - `store.rs`: where the bytes live (`object_store`: a local directory by
//!   default, an S3-compatible bucket with the `s3` feature), and the key
//!   that signs media URLs;
//! - `receive.rs`: an upload streamed to storage as it arrives (never whole
//!   in memory), typed by its bytes, limited by the tenant's plan, hashed
//!   (SHA-256); a refused or interrupted upload leaves nothing behind;
//! - `images.rs`: cover and photo variants (resized, WebP and JPEG);
//! - `assets.rs`: the `media_asset` rows, which other contexts point at
//!   (lesson videos, resources, covers) and release when they stop using one;
//! - `delivery.rs`: `GET /media/{asset}/{name}`, with Range, ETag and
//!   signed URLs (`signing.rs`) for everything not public;
//! - `sweep.rs`: deletes released assets and uploads that never finished.
//!
//! Other contexts call `receive` from their own upload handlers (they
//! check who may upload there first, then attach the asset in their own
//! transaction); media never reads their tables.

pub mod urls;

#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod images;
#[cfg(feature = "ssr")]
pub mod receive;
#[cfg(feature = "ssr")]
pub mod signing;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod sweep;
