//! Reading an upload form and answering it, for every context's upload
//! endpoint: the multipart fields (`title`, optional and first, then
//! `file`), streamed through [`receive`](super::receive::receive); the
//! answer in JSON for the page's script (`Accept: application/json`) or
//! as a redirect back for a plain form.

use super::receive::{self, Failure, Incoming, Received};
use crate::error::AppError;
use crate::state::AppState;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use http::{header, HeaderMap, StatusCode};
use lyceum::media::upload::{Purpose, UploadError};
use lyceum::{TenantId, UserId};
use serde_json::json;

/// The code a plain form's redirect carries for a refusal (the page says
/// what it means: `records::upload_message`).
pub fn error_code(err: &UploadError) -> &'static str {
    match err {
        UploadError::Empty => "empty",
        UploadError::TooLarge { .. } => "too_large",
        UploadError::Markup => "markup",
        UploadError::Unrecognised { .. } => "unrecognised",
        UploadError::NotAccepted { .. } => "not_accepted",
        UploadError::Mismatch { .. } => "mismatch",
        UploadError::BadImage(_) => "bad_image",
        UploadError::Interrupted => "interrupted",
        UploadError::NoFile => "no_file",
    }
}

/// An upload's outcome, answered as the client asked.
pub enum Outcome {
    Done,
    Refused(UploadError),
    Failed(AppError),
}

/// Answers a browser script in JSON, a plain form with a redirect to `back`.
pub fn answer(headers: &HeaderMap, back: &str, outcome: Outcome) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let (status, code, message) = match &outcome {
        Outcome::Done => (StatusCode::OK, "", String::new()),
        Outcome::Refused(err) => (
            match err {
                UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            error_code(err),
            err.to_string(),
        ),
        Outcome::Failed(err) => (
            err.status(),
            match err {
                AppError::Invalid(_) => "refused",
                AppError::NotFound => "not_found",
                AppError::Forbidden | AppError::Unauthenticated => "forbidden",
                _ => "internal",
            },
            err.field_errors()
                .and_then(|f| f.iter().next().map(|(_, m)| m.to_owned()))
                .unwrap_or_else(|| err.to_string()),
        ),
    };
    if wants_json {
        let body = if code.is_empty() {
            json!({ "ok": true })
        } else {
            json!({ "error": { "code": code, "message": message } })
        };
        return (status, Json(body)).into_response();
    }
    let location = if code.is_empty() {
        format!("{back}?upload=done#media")
    } else {
        format!("{back}?upload_error={code}#media")
    };
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// Reads a small text field (at most 1 KiB kept).
async fn small_text(field: multer::Field<'static>) -> Result<String, UploadError> {
    let mut field = field;
    let mut out = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| UploadError::Interrupted)?;
        if out.len() < 1024 {
            out.extend_from_slice(&chunk[..chunk.len().min(1024 - out.len())]);
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The request's `Content-Length` says the file cannot fit: refused before
/// reading (a multipart body adds a little around the file).
pub fn declared_too_large(headers: &HeaderMap, limit: u64) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|len| len > limit.saturating_add(64 * 1024))
}

/// Bytes a form may send before its file's content starts (part headers
/// and the `title` field).
const PREAMBLE_MAX: u64 = 64 * 1024;

/// The request's multipart body, bounded where multer (the parser under
/// axum's `Multipart`, used directly for its constraints) would hold
/// bytes in memory: at most [`PREAMBLE_MAX`] before the file's content
/// (while it looks for a boundary or reads part headers it keeps all it
/// has read), 4 KiB for the `title` field. The file itself is counted
/// against the tenant's limit by `receive`. The returned flag is set once
/// the file field is reached. `None` without a multipart boundary.
pub fn multipart(
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Option<(
    multer::Multipart<'static>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
)> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let boundary = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())?;
    let in_file = std::sync::Arc::new(AtomicBool::new(false));
    let flag = in_file.clone();
    let mut before_file = 0u64;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk?;
        if !flag.load(Ordering::Relaxed) {
            // One chunk may carry the headers and the file's first bytes
            // (hyper's chunks are bounded): refused only when what came
            // before this chunk was already too much.
            let earlier = before_file;
            before_file += chunk.len() as u64;
            if earlier > PREAMBLE_MAX {
                return Err(axum::Error::new(std::io::Error::other(
                    "the form sends too much before its file",
                )));
            }
        }
        Ok(chunk)
    });
    let limits = multer::SizeLimit::new().for_field("title", 4 * 1024);
    let constraints = multer::Constraints::new().size_limit(limits);
    Some((
        multer::Multipart::with_constraints(stream, boundary, constraints),
        in_file,
    ))
}

/// Reads the form's fields and streams its file into storage. Returns the
/// upload (not yet ready: the caller attaches it) and the `title` field.
pub async fn read(
    state: &AppState,
    tenant: TenantId,
    owner: UserId,
    purpose: Purpose,
    limit: u64,
    multipart: &mut multer::Multipart<'static>,
    in_file: &std::sync::atomic::AtomicBool,
) -> Result<(Received, String), Failure> {
    let mut title = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Err(Failure::Refused(UploadError::NoFile)),
            Err(_) => return Err(Failure::Refused(UploadError::Interrupted)),
        };
        match field.name() {
            Some("title") => title = small_text(field).await.map_err(Failure::Refused)?,
            Some("file") => {
                let file_name = field.file_name().unwrap_or("").to_owned();
                let declared = field
                    .content_type()
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                if file_name.is_empty() {
                    return Err(Failure::Refused(UploadError::NoFile));
                }
                in_file.store(true, std::sync::atomic::Ordering::Relaxed);
                let incoming = Incoming {
                    purpose,
                    declared: &declared,
                    file_name: &file_name,
                    limit,
                };
                let received = receive::receive(state, tenant, owner, incoming, field).await?;
                return Ok((received, title));
            }
            _ => continue,
        }
    }
}

/// The whole of an upload endpoint after its rights check: refuses a body
/// that says it is too large, streams the file in ([`read`]), calls
/// `attach` in a transaction of the request (with the upload and the
/// `title` field) and commits; on any failure the upload is abandoned
/// (nothing stays). Answers as [`answer`], sending plain forms to `back`.
#[allow(clippy::too_many_arguments)]
pub async fn store_and_attach(
    state: &AppState,
    ctx: &crate::request::RequestCtx,
    headers: &HeaderMap,
    back: &str,
    purpose: Purpose,
    tenant_limit: u64,
    body: axum::body::Body,
    attach: impl AsyncFnOnce(&mut crate::db::TenantTx, &mut Received, &str) -> Result<(), AppError>,
) -> Response {
    let Some(owner) = ctx.user.as_ref().map(|u| u.id) else {
        return answer(headers, back, Outcome::Failed(AppError::Unauthenticated));
    };
    let limit = receive::limit_for(purpose, tenant_limit);
    if declared_too_large(headers, limit) {
        return answer(
            headers,
            back,
            Outcome::Refused(UploadError::TooLarge { limit_bytes: limit }),
        );
    }
    let Some((mut parts, in_file)) = multipart(headers, body) else {
        return answer(headers, back, Outcome::Refused(UploadError::NoFile));
    };
    let read = read(
        state,
        ctx.tenant.id,
        owner,
        purpose,
        tenant_limit,
        &mut parts,
        &in_file,
    );
    let (received, title) = match read.await {
        Ok(found) => found,
        Err(Failure::Refused(e)) => {
            tracing::info!(reason = error_code(&e), "upload refused");
            return answer(headers, back, Outcome::Refused(e));
        }
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, "storing an upload failed");
            let request_id = crate::request::current_request_id().unwrap_or_default();
            return answer(
                headers,
                back,
                Outcome::Failed(AppError::Internal { request_id }),
            );
        }
    };
    match attach_or_abandon(state, ctx, received, &title, attach).await {
        Ok(_) => answer(headers, back, Outcome::Done),
        Err(e) => answer(headers, back, Outcome::Failed(e)),
    }
}

/// Attaches a stored upload in a transaction of the request and commits,
/// or abandons it (its files and row deleted) when that fails.
async fn attach_or_abandon(
    state: &AppState,
    ctx: &crate::request::RequestCtx,
    mut received: Received,
    title: &str,
    attach: impl AsyncFnOnce(&mut crate::db::TenantTx, &mut Received, &str) -> Result<(), AppError>,
) -> Result<Received, AppError> {
    let attached = async {
        let mut tx = state.db.begin(ctx).await?;
        attach(&mut tx, &mut received, title).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    match attached {
        Ok(()) => {
            tracing::info!(asset.id = %received.asset, bytes = received.done.byte_size, "upload stored and attached");
            Ok(received)
        }
        Err(e) => {
            receive::abandon(state, ctx.tenant.id, received.asset).await;
            Err(e)
        }
    }
}

/// Why an upload through the REST API did not become an asset.
#[derive(Debug)]
pub enum NotStored {
    /// The file or the connection (413 when too large, else 422).
    Refused(UploadError),
    /// Rights, a missing lesson, our side.
    Failed(AppError),
}

/// As [`store_and_attach`], for a raw request body (the REST API): the
/// file's declared type and name come from the request. Returns the
/// attached asset.
#[allow(clippy::too_many_arguments)]
pub async fn store_body_and_attach<S, E>(
    state: &AppState,
    ctx: &crate::request::RequestCtx,
    purpose: Purpose,
    tenant_limit: u64,
    declared: &str,
    file_name: &str,
    body: S,
    attach: impl AsyncFnOnce(&mut crate::db::TenantTx, &mut Received, &str) -> Result<(), AppError>,
) -> Result<Received, NotStored>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let Some(owner) = ctx.user.as_ref().map(|u| u.id) else {
        return Err(NotStored::Failed(AppError::Unauthenticated));
    };
    let incoming = Incoming {
        purpose,
        declared,
        file_name,
        limit: tenant_limit,
    };
    let received = match receive::receive(state, ctx.tenant.id, owner, incoming, body).await {
        Ok(received) => received,
        Err(Failure::Refused(e)) => return Err(NotStored::Refused(e)),
        Err(Failure::Internal(e)) => {
            tracing::error!(error = %e, "storing an upload failed");
            let request_id = crate::request::current_request_id().unwrap_or_default();
            return Err(NotStored::Failed(AppError::Internal { request_id }));
        }
    };
    attach_or_abandon(state, ctx, received, "", attach)
        .await
        .map_err(NotStored::Failed)
}
