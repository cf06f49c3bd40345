//! Uploads through the API: the request body is the file itself (any
//! size up to the portal's limit, streamed, never buffered), its type in
//! `Content-Type` and its name in `?fileName=` (the extension must match
//! the bytes). Answers with the stored asset; refusals use the upload codes
//! of the pages (`too_large` 413; `empty`, `unrecognised`, `not_accepted`,
//! `mismatch`, `markup`, `bad_image`, `interrupted` 422).

use super::error::ApiError;
use axum::body::Body;
use http::{HeaderMap, StatusCode};
use lyceum::media::upload::UploadError;
use lyceum_app::media::form::{error_code, NotStored};
use lyceum_app::media::receive::Received;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadQuery {
    pub file_name: String,
    /// Attached files: the title shown (the file's name when absent).
    pub title: String,
}

/// The stored file, as answered.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAsset {
    pub id: uuid::Uuid,
    pub kind: &'static str,
    pub content_type: &'static str,
    pub file_name: String,
    pub byte_size: u64,
    /// Hex.
    pub sha256: String,
    pub duration_ms: Option<u64>,
}

pub fn asset(received: &Received) -> ApiAsset {
    ApiAsset {
        id: received.asset.uuid(),
        kind: received.accepted.kind.as_str(),
        content_type: received.accepted.content_type,
        file_name: received.file_name.clone(),
        byte_size: received.done.byte_size,
        sha256: received
            .done
            .sha256
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        duration_ms: received.done.duration_ms,
    }
}

/// The declared content type ("" when absent).
pub fn declared(headers: &HeaderMap) -> String {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// Refuses, before reading, a body whose `Content-Length` is over `limit`.
pub fn check_length(headers: &HeaderMap, limit: u64) -> Result<(), ApiError> {
    if lyceum_app::media::form::declared_too_large(headers, limit) {
        return Err(refused(UploadError::TooLarge { limit_bytes: limit }));
    }
    Ok(())
}

fn refused(err: UploadError) -> ApiError {
    let status = match err {
        UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    ApiError::new(status, error_code(&err), err.to_string())
}

pub fn not_stored(err: NotStored) -> ApiError {
    match err {
        NotStored::Refused(e) => refused(e),
        NotStored::Failed(e) => e.into(),
    }
}

/// The body as a stream of chunks.
pub fn stream(
    body: Body,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, axum::Error>> + Unpin {
    body.into_data_stream()
}
