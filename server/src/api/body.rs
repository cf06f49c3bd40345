//! JSON request bodies. axum's `Json` answers its rejections in plain text;
//! API clients get the same JSON errors as everywhere else, with the path of
//! a wrongly typed field (`pricing.amount`) via serde_path_to_error.

use super::error::ApiError;
use axum::extract::{FromRequest, Request};
use http::StatusCode;
use lyceum::FieldErrors;
use serde::de::DeserializeOwned;

/// The largest JSON body accepted (the same limit as forms).
pub const LIMIT: usize = crate::startup::BODY_LIMIT_BYTES;

pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON (Content-Type: application/json).",
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), LIMIT)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("The body is larger than {} KiB.", LIMIT / 1024),
                )
            })?;
        parse(&bytes).map(JsonBody)
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    if value.is_ok() {
        // Trailing data after the JSON value.
        de.end().map_err(|e| {
            ApiError::bad_request(
                "malformed_json",
                format!("The body is not valid JSON: {e}."),
            )
        })?;
    }
    value.map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let mut fields = FieldErrors::new();
                // "invalid type: string \"x\", expected i64 at line 1 column 9": drop the position.
                let text = inner.to_string();
                let text = text.split(" at line ").next().unwrap_or(&text).to_owned();
                fields.add(if path == "." { "body" } else { &path }, text);
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    "The request has invalid fields.",
                )
                .with_fields(&fields)
            }
            _ => ApiError::bad_request(
                "malformed_json",
                format!("The body is not valid JSON: {inner}."),
            ),
        }
    })
}
