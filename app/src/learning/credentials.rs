//! A certificate's public, machine-readable side (no login; under the
//! pages' layers, so the portal is the request's host):
//!
//! - `GET /credentials/jwks.json`: the portal's JWK Set, every key it ever
//!   signed with (`signing.rs`), each named by its `kid` (its thumbprint,
//!   what a VC-JWT's header names).
//! - `GET /credentials/keys/{kid}`: one JWK.
//! - `GET /credentials/revocations.json`: the portal's revocation list
//!   (1EdTech Revocation List Status Method), which every credential's
//!   `credentialStatus` names: `{"id", "issuer", "revokedCredentials":
//!   [{"id": "urn:uuid:…", "revocationReason"}]}`.
//! - `GET /verify/{code}/credential.json`: the certificate's status and its
//!   signed credential (the VC-JWT, and its claims once verified here), so
//!   a third party can verify it without us.
//! - `GET /verify/{code}/certificate.pdf`: the printable certificate.
//!
//! A code that is not 26 base32 letters is refused before any lookup, and
//! an unknown one answers exactly like a malformed one (404), so codes
//! cannot be probed for shape. Nothing here signs.

use super::certificates::{self, Certificate, Signature};
use crate::error::AppError;
use crate::request::RequestCtx;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use lyceum::learning::certificate::CertificateCode;
use serde_json::json;

/// The routes, for the server's page router.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/credentials/jwks.json", get(jwks))
        .route("/credentials/keys/{key}", get(key))
        .route("/credentials/revocations.json", get(revocations))
        .route("/verify/{code}/credential.json", get(credential))
        .route("/verify/{code}/certificate.pdf", get(pdf))
}

fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

fn not_found() -> Response {
    json_error(
        StatusCode::NOT_FOUND,
        "not_found",
        "No certificate has this code on this portal.",
    )
}

fn failed(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "credential endpoint failed");
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "failed",
        "Something went wrong on our side. Try again in a moment.",
    )
}

/// Public and the same for everyone; short-lived so a new key shows soon.
fn cacheable(mut res: Response, max_age: u32) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_str(&format!("public, max-age={max_age}")).expect("ascii"),
    );
    res
}

fn origin(state: &AppState, ctx: &RequestCtx) -> Option<String> {
    ctx.tenant
        .subdomain
        .as_deref()
        .map(|sub| crate::request::portal_origin_of(&state.config, sub))
}

/// `GET /credentials/jwks.json`.
pub async fn jwks(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
) -> Response {
    if ctx.tenant.subdomain.is_none() {
        return json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "The platform issues no credentials.",
        );
    }
    let outcome = async {
        let mut tx = state.db.begin(&ctx).await?;
        let keys = super::signing::public_keys(&mut tx).await?;
        Ok::<_, sqlx::Error>(keys)
    }
    .await;
    match outcome {
        Ok(keys) => {
            let keys: Vec<_> = keys.iter().map(super::signing::published_jwk).collect();
            cacheable(axum::Json(json!({ "keys": keys })).into_response(), 300)
        }
        Err(e) => failed(e),
    }
}

/// `GET /credentials/keys/{key id}`.
pub async fn key(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path(key_id): Path<String>,
) -> Response {
    let Some(key_id) = super::signing::key_id_of(&key_id) else {
        return json_error(StatusCode::NOT_FOUND, "not_found", "No such key.");
    };
    let outcome = async {
        let mut tx = state.db.begin(&ctx).await?;
        super::signing::public_key(&mut tx, key_id).await
    }
    .await;
    match outcome {
        Ok(Some(k)) => cacheable(
            axum::Json(super::signing::published_jwk(&k)).into_response(),
            3600,
        ),
        Ok(None) => json_error(StatusCode::NOT_FOUND, "not_found", "No such key."),
        Err(e) => failed(e),
    }
}

/// `GET /credentials/revocations.json`.
pub async fn revocations(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
) -> Response {
    let Some(origin) = origin(&state, &ctx) else {
        return json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "The platform issues no credentials.",
        );
    };
    let outcome = async {
        let mut tx = state.db.begin(&ctx).await?;
        certificates::revoked(&mut tx).await
    }
    .await;
    match outcome {
        Ok(list) => {
            let revoked: Vec<_> = list
                .into_iter()
                .map(|(id, reason)| {
                    json!({
                        "id": lyceum::learning::certificate::credential_id(id),
                        "revocationReason": reason,
                    })
                })
                .collect();
            let body = json!({
                "id": lyceum::learning::certificate::revocation_list_url(&origin),
                "issuer": origin,
                "revokedCredentials": revoked,
            });
            // A revocation must show at once.
            let mut res = axum::Json(body).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Err(e) => failed(e),
    }
}

/// A certificate and what checking its signature found.
async fn found(
    state: &AppState,
    ctx: &RequestCtx,
    code: &str,
) -> Result<Option<(Certificate, Signature)>, AppError> {
    let Some(code) = CertificateCode::parse(code) else {
        return Ok(None);
    };
    let mut tx = state.db.begin(ctx).await?;
    let Some(certificate) = certificates::by_code(&mut tx, &code).await? else {
        return Ok(None);
    };
    let signature = certificates::check(&mut tx, &certificate).await?;
    Ok(Some((certificate, signature)))
}

/// `GET /verify/{code}/credential.json`:
/// `{"status": "valid"|"revoked", "revokedAt", "revocationReason",
///   "signature": "valid"|"invalid", "jwt": "<VC-JWT>",
///   "credential": {…claims, once verified}, "jwks": "<url>"}`.
pub async fn credential(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path(code): Path<String>,
) -> Response {
    match found(&state, &ctx, &code).await {
        Ok(Some((c, signature))) => {
            let claims = (signature == Signature::Valid)
                .then(|| {
                    jsonwebtoken::dangerous::insecure_decode::<serde_json::Value>(&c.credential_jwt)
                        .ok()
                })
                // Verified just above, by `certificates::check`.
                .flatten()
                .map(|t| t.claims);
            let body = json!({
                "code": c.code.as_str(),
                "status": if c.revoked_at.is_some() { "revoked" } else { "valid" },
                "revokedAt": c.revoked_at.map(|t| t.unix_timestamp()),
                "revocationReason": c.revoked_reason,
                "signature": if signature == Signature::Valid { "valid" } else { "invalid" },
                "learnerName": c.learner_name,
                "courseTitle": c.course_title,
                "issuerName": c.issuer_name,
                "completedAt": c.completed_at.unix_timestamp(),
                "jwt": c.credential_jwt,
                "credential": claims,
                "jwks": format!("{}/credentials/jwks.json", c.issuer_url),
            });
            // A revocation must show at once.
            let mut res = axum::Json(body).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Ok(None) => not_found(),
        Err(e) => failed(e),
    }
}

/// PDFs drawn at once: a shared link opened by many must not take every
/// core (a render is a few milliseconds of CPU).
static RENDERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// `GET /verify/{code}/certificate.pdf`: only while the certificate is
/// valid (410 once revoked). The same certificate always draws the same
/// bytes, so the answer carries an ETag and a repeat is a 304; `no-cache`
/// makes every cache ask again, so a revocation shows at once.
pub async fn pdf(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Path(code): Path<String>,
    headers: http::HeaderMap,
) -> Response {
    let (c, signature) = match found(&state, &ctx, &code).await {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(),
        Err(e) => return failed(e),
    };
    if c.revoked_at.is_some() {
        return json_error(
            StatusCode::GONE,
            "revoked",
            "This certificate has been revoked; its verification page says why.",
        );
    }
    if signature != Signature::Valid {
        return json_error(
            StatusCode::CONFLICT,
            "unverifiable",
            "This certificate's signature does not verify; its verification page says more.",
        );
    }
    // The layout's version, the certificate and the brand colour name the bytes.
    let etag = format!(
        "\"pdf1-{}-{}\"",
        c.code,
        ctx.tenant.primary_color.as_str().trim_start_matches('#')
    );
    let cache_headers = [
        (header::ETAG, HeaderValue::from_str(&etag).expect("ascii")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (StatusCode::NOT_MODIFIED, cache_headers).into_response();
    }
    let Ok(_permit) = RENDERS.acquire().await else {
        return failed("the render semaphore is closed");
    };
    // The brand colour's shade that reads on white.
    let accent = ctx.tenant.primary_color.ink().rgb();
    let verify_url = c.verify_url();
    let completed_on = lyceum::calendar::format_date(c.completed_at.unix_timestamp());
    let rendered = tokio::task::spawn_blocking(move || {
        super::certificate_pdf::render(&super::certificate_pdf::CertificateFacts {
            learner_name: &c.learner_name,
            course_title: &c.course_title,
            instructor_name: &c.instructor_name,
            issuer_name: &c.issuer_name,
            completed_on: &completed_on,
            code: c.code.as_str(),
            verify_url: &verify_url,
            accent,
        })
        .map(|bytes| (bytes, c.code))
    })
    .await;
    match rendered {
        Ok(Ok((bytes, code))) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/pdf"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!(
                        "attachment; filename=\"certificate-{code}.pdf\""
                    ))
                    .expect("a code is ascii"),
                ),
            ],
            cache_headers,
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => failed(e),
        Err(e) => failed(e),
    }
}
