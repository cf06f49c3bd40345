//! API errors: a status, a stable machine-readable code, a sentence for
//! people, and field errors keyed by their JSON path.
//!
//! ```json
//! {"error": {"code": "validation_failed", "message": "...",
//!            "fields": [{"field": "pricing.amount", "message": "must not be negative"}]}}
//! ```

use axum::response::{IntoResponse, Response};
use axum::Json;
use http::{HeaderValue, StatusCode};
use lyceum::FieldErrors;
use lyceum_app::error::AppError;
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    fields: &'a [FieldError],
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    pub fn with_fields(mut self, errors: &FieldErrors) -> ApiError {
        self.fields = errors
            .iter()
            .map(|(field, message)| FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            })
            .collect();
        self
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }

    /// Logs an unexpected failure; the client sees only the request id.
    #[track_caller]
    pub fn internal(err: impl std::fmt::Debug) -> ApiError {
        let at = std::panic::Location::caller();
        tracing::error!(error = ?err, %at, "internal error");
        ApiError::opaque()
    }

    /// What the client sees of an internal failure.
    fn opaque() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side. The x-request-id header identifies this request.",
        )
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> ApiError {
        let message = err.to_string();
        match err {
            AppError::Invalid(ref errors) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "The request has invalid fields.",
            )
            .with_fields(errors),
            AppError::BadCredentials => ApiError::unauthorized("invalid_credentials", message),
            AppError::RateLimited { retry_after_secs } => ApiError {
                retry_after: Some(retry_after_secs),
                ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
            },
            AppError::Unauthenticated => ApiError::unauthorized(
                "unauthenticated",
                "This needs a bearer token (POST /api/v1/auth/login).",
            ),
            AppError::Forbidden => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Your account may not do this.",
            ),
            AppError::NotFound => ApiError::not_found(),
            AppError::PaymentRequired => {
                ApiError::new(StatusCode::PAYMENT_REQUIRED, "payment_required", message)
            }
            // Already logged where it happened.
            AppError::Internal { .. } => ApiError::opaque(),
            AppError::Transport(m) => ApiError::bad_request("bad_request", m),
            AppError::Busy { retry_after_secs } => ApiError {
                retry_after: Some(retry_after_secs),
                ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
            },
        }
    }
}

impl From<sqlx::Error> for ApiError {
    #[track_caller]
    fn from(err: sqlx::Error) -> ApiError {
        // The pages' rules: a lost race on a constraint is a field error,
        // a lock timeout is `busy`; anything else is internal (logged here,
        // in the API's request span, which carries the request id).
        if lyceum_app::db::is_lock_timeout(&err)
            || lyceum_app::db::constraint_field_error(&err).is_some()
        {
            return ApiError::from(AppError::from(err));
        }
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                fields: &self.fields,
            },
        };
        let mut res = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6750: tell the client which scheme, and why a token failed.
            let value = match self.code {
                "invalid_token" | "token_expired" | "wrong_tenant" => {
                    r#"Bearer realm="lyceum", error="invalid_token""#
                }
                _ => r#"Bearer realm="lyceum""#,
            };
            res.headers_mut().insert(
                http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static(value),
            );
        }
        if let Some(secs) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(http::header::RETRY_AFTER, v);
            }
        }
        res
    }
}

pub async fn no_route() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no_route",
        "There is no such API endpoint. See docs/api.md.",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not accept that method.",
    )
}
