//! `GET /media/{asset}/{name}`: an asset's original (`original`) or one of
//! its variants, as browsers and players expect them:
//!
//! - one byte range (`Range`, 206 with `Content-Range`; past the end 416),
//!   so a video can seek without downloading what comes before;
//! - `ETag` (the original's SHA-256 and the variant) and `If-None-Match`
//!   (304), `If-Range`;
//! - the sniffed `Content-Type`, `X-Content-Type-Options: nosniff` (set for
//!   every answer by the security headers), and `Content-Disposition`:
//!   documents download, videos and images show inline;
//! - public assets (covers, photos, free-preview media) are cached by
//!   anyone for a year (an asset's bytes never change: a new upload is a
//!   new asset); the rest needs a signed URL (`signing.rs`) and is cached
//!   privately until the signature expires. A wrong or expired signature is
//!   403; an asset of another tenant is 404, as an unknown one.

use super::assets::{self, Asset};
use super::signing;
use super::store::MediaStore;
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, StatusCode};
use lyceum::media::range::{parse_range, RangeRequest};
use lyceum::media::upload::MediaKind;
use lyceum::AssetId;
use object_store::{GetOptions, GetRange, ObjectStoreExt};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Signature {
    expires: Option<String>,
    sig: Option<String>,
    /// `?download=1`: save rather than show.
    download: Option<String>,
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    let mut res = (status, message).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The content type a variant is served with, from its name.
fn variant_type(name: &str) -> &'static str {
    if name.ends_with(".webp") {
        "image/webp"
    } else {
        "image/jpeg"
    }
}

/// `attachment` or `inline`, with the file name in RFC 6266 / RFC 8187
/// form (UTF-8, percent-encoded) and an ASCII fallback.
fn disposition(asset: &Asset, download: bool) -> HeaderValue {
    let kind = if download || asset.kind == MediaKind::Document {
        "attachment"
    } else {
        "inline"
    };
    let ascii: String = asset
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = lyceum::url::encode_query_value(&asset.file_name);
    HeaderValue::from_str(&format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The handler. Needs the request context (`context::resolve`).
pub async fn serve(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path((asset, name)): Path<(String, String)>,
    Query(signature): Query<Signature>,
    headers: HeaderMap,
) -> Response {
    let Ok(asset_id) = asset.parse::<AssetId>() else {
        return plain(StatusCode::NOT_FOUND, "Not found.");
    };
    let found = async {
        let mut tx = state.db.begin(&ctx).await?;
        let asset = assets::find(&mut tx, asset_id).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(asset)
    }
    .await;
    let asset = match found {
        Ok(Some(asset)) => asset,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "Not found."),
        Err(e) => {
            tracing::error!(error = %e, "looking up a media asset failed");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "Temporarily unavailable.");
        }
    };
    if name != "original" && !asset.variants.contains(&name) {
        return plain(StatusCode::NOT_FOUND, "Not found.");
    }
    let now = crate::clock::now_secs();
    let expires_at = if asset.public {
        None
    } else {
        let check = signing::verify(
            &state.media.signing_key,
            ctx.tenant.id,
            asset.id,
            signature.expires.as_deref(),
            signature.sig.as_deref(),
            now,
        );
        if check.is_err() {
            return plain(
                StatusCode::FORBIDDEN,
                "This link has expired or is not valid. Reload the page for a new one.",
            );
        }
        signature
            .expires
            .as_deref()
            .and_then(|e| e.parse::<i64>().ok())
    };

    let path = MediaStore::path(ctx.tenant.id, asset.id, &name);
    let (len, content_type) = if name == "original" {
        (asset.byte_size, asset.content_type.as_str())
    } else {
        match state.media.store.head(&path).await {
            Ok(meta) => (meta.size, variant_type(&name)),
            Err(e) => {
                tracing::warn!(error = %e, "a listed media variant is missing");
                return plain(StatusCode::NOT_FOUND, "Not found.");
            }
        }
    };
    let etag = format!(
        "\"{}-{}\"",
        &asset.sha256[..32.min(asset.sha256.len())],
        name
    );

    let mut out = HeaderMap::new();
    out.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex and a variant name"),
    );
    out.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let cache = match expires_at {
        // Covers and photos: a new upload is a new asset, so they never
        // change. Other public media (a free preview's) may stop being
        // public when the lesson's flag goes off: cached briefly.
        None if asset.kind == MediaKind::Image => "public, max-age=31536000, immutable".to_owned(),
        None => "public, max-age=300".to_owned(),
        Some(expires) => format!("private, max-age={}", (expires - now).clamp(0, 86_400)),
    };
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&cache).expect("ascii"),
    );

    let matches_etag = |value: &HeaderValue| {
        value
            .to_str()
            .is_ok_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    };
    if headers.get(header::IF_NONE_MATCH).is_some_and(matches_etag) {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }

    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("a known type"),
    );
    if name == "original" {
        out.insert(
            header::CONTENT_DISPOSITION,
            disposition(&asset, signature.download.is_some()),
        );
    }
    // A range applies only if the client's copy is still this one.
    let range_header = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let range_header = match headers.get(header::IF_RANGE) {
        Some(if_range) if !matches_etag(if_range) => None,
        _ => range_header,
    };
    let (status, range) = match parse_range(range_header, len) {
        RangeRequest::Full => (StatusCode::OK, None),
        RangeRequest::Partial { start, end } => (StatusCode::PARTIAL_CONTENT, Some((start, end))),
        RangeRequest::Unsatisfiable => {
            out.insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}")).expect("ascii"),
            );
            out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return (StatusCode::RANGE_NOT_SATISFIABLE, out).into_response();
        }
    };
    if len == 0 {
        out.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
        return (StatusCode::OK, out).into_response();
    }
    let options = GetOptions {
        range: range.map(|(start, end)| GetRange::Bounded(start..end + 1)),
        ..GetOptions::default()
    };
    let result = match state.media.store.get_opts(&path, options).await {
        Ok(result) => result,
        Err(object_store::Error::NotFound { .. }) => {
            return plain(StatusCode::NOT_FOUND, "Not found.")
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a media file failed");
            return plain(StatusCode::SERVICE_UNAVAILABLE, "Temporarily unavailable.");
        }
    };
    let (start, end) = range.unwrap_or((0, len - 1));
    out.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start + 1));
    if let Some((start, end)) = range {
        out.insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")).expect("ascii"),
        );
    }
    (status, out, body(result)).into_response()
}

/// Bytes read from a local file per chunk. `object_store`'s own stream of
/// a local file reads 8 KiB at a time, each on a blocking thread, which
/// caps a video's delivery at a few hundred MiB/s; its `File` payload is
/// public, so local files are streamed here in larger reads. Other stores
/// give their own stream.
const FILE_CHUNK: usize = 256 * 1024;

fn body(result: object_store::GetResult) -> Body {
    use futures_util::TryStreamExt;
    match result.payload {
        object_store::GetResultPayload::File(file, _) => {
            let range = result.range;
            let stream = futures_util::stream::once(async move {
                use tokio::io::{AsyncReadExt, AsyncSeekExt};
                let mut file = tokio::fs::File::from_std(file);
                file.seek(std::io::SeekFrom::Start(range.start)).await?;
                let part = file.take(range.end - range.start);
                Ok::<_, std::io::Error>(tokio_util::io::ReaderStream::with_capacity(
                    part, FILE_CHUNK,
                ))
            })
            .try_flatten();
            Body::from_stream(stream)
        }
        object_store::GetResultPayload::Stream(stream) => Body::from_stream(stream),
    }
}
