//! The one error type at the edge of server functions and routes.
//!
//! Internal failures are logged in full on the server and reach the browser
//! only as an opaque message with the request id; database text never does.

use lyceum::FieldErrors;
use serde::{Deserialize, Serialize};
use server_fn::codec::PostcardEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("Email or password is incorrect.")]
    BadCredentials,
    #[error("Too many sign-in attempts. Try again in {retry_after_secs} s.")]
    RateLimited { retry_after_secs: u64 },
    #[error("Please log in to continue.")]
    Unauthenticated,
    #[error("You do not have access to this.")]
    Forbidden,
    #[error("Not found.")]
    NotFound,
    /// A paid course, before commerce can take the payment.
    #[error("This course is not for sale yet: it can be bought once this portal takes payments.")]
    PaymentRequired,
    #[error("Something went wrong on our side. Reference: {request_id}.")]
    Internal { request_id: String },
    #[error("The request could not be completed: {0}")]
    Transport(String),
    /// Another change to the same thing held it longer than a request may
    /// wait (`db::LOCK_TIMEOUT`); nothing was stored.
    #[error("This is being changed by someone else right now. Please try again in a moment.")]
    Busy { retry_after_secs: u64 },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        AppError::Invalid(errors)
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }

    /// For errors that pass with time (too many sign-ins, a busy lock): after
    /// how many seconds to try again (the `Retry-After` header).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } | AppError::Busy { retry_after_secs } => {
                Some(*retry_after_secs)
            }
            _ => None,
        }
    }

    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadCredentials | AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::PaymentRequired => StatusCode::PAYMENT_REQUIRED,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Transport(_) => StatusCode::BAD_REQUEST,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = PostcardEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed arguments are the client's fault: say so, plainly.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => {
                AppError::Transport("the form was incomplete or malformed".into())
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::AppError;

    impl AppError {
        /// Logs an unexpected failure with its full chain and returns the opaque error.
        #[track_caller]
        pub fn internal(err: impl Into<anyhow::Error>) -> AppError {
            let err = err.into();
            let request_id = crate::request::current_request_id().unwrap_or_else(|| "-".into());
            let location = std::panic::Location::caller();
            tracing::error!(request_id = %request_id, error = ?err, at = %location, "internal error");
            AppError::Internal { request_id }
        }
    }

    impl From<sqlx::Error> for AppError {
        /// A broken constraint that stands for a rule people can break
        /// (`crate::db::CONSTRAINT_FIELDS`: a taken email or slug, lost to a
        /// concurrent request between our check and the insert) is that
        /// field's error, 422; a lock waited for longer than
        /// `db::LOCK_TIMEOUT` is `Busy`, 503; anything else is internal.
        #[track_caller]
        fn from(err: sqlx::Error) -> Self {
            if crate::db::is_lock_timeout(&err) {
                return AppError::Busy {
                    retry_after_secs: 1,
                };
            }
            match crate::db::constraint_field_error(&err) {
                Some((field, message)) => AppError::invalid(field, message),
                None => AppError::internal(err),
            }
        }
    }
}
