//! The application's error type. It crosses the wire (server functions return
//! it to the browser), so it carries a machine-readable code and a message for
//! people, never a database error or a stack trace: those are logged on the
//! server where they happen, and the caller gets `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Every error a caller can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// The thing asked for does not exist (or the caller may not know it does).
    #[error("Not found")]
    NotFound,
    /// The caller must sign in first.
    #[error("Please sign in")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("You are not allowed to do that")]
    Forbidden,
    /// The caller's input is wrong; the message says how.
    #[error("{0}")]
    BadRequest(String),
    /// Some fields of a form are wrong; each message says how (shown next to
    /// its field).
    #[error("{}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldError>),
    /// Too many attempts (sign-in throttling); the message says when to retry.
    #[error("{0}")]
    TooManyRequests(String),
    /// The request's body is over the limit; the message says which.
    #[error("{0}")]
    TooLarge(String),
    /// The input is fine but the state of things does not allow it (stock, versions).
    #[error("{0}")]
    Conflict(String),
    /// The database cannot be reached: try again shortly.
    #[error("The shop is temporarily unavailable. Please try again in a minute.")]
    Unavailable,
    /// Our fault. The cause was logged on the server.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not talk to the server.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

/// What is wrong with one field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's `name` in the form.
    pub field: String,
    /// For people, in the visitor's language.
    pub message: String,
}

/// Collects the field errors of a form or a request, worded for whoever
/// sent it, so that every mistake is reported at once.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was added, else every error as `Invalid`.
    pub fn done(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

impl AppError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The message for `field`, when this error is about it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Invalid(fields) => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| f.message.as_str()),
            _ => None,
        }
    }

    /// The machine-readable code (`not_found`, `bad_request`, …).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid(_) => "invalid",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::TooLarge(_) => "too_large",
            AppError::Conflict(_) => "conflict",
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Network => "network",
        }
    }

    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::BadRequest(_) => 400,
            AppError::Invalid(_) => 422,
            AppError::TooManyRequests(_) => 429,
            AppError::TooLarge(_) => 413,
            AppError::Conflict(_) => 409,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Network => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                AppError::BadRequest(format!("Invalid input: {msg}"))
            }
            // On the server, what fails to deserialize is the request (its
            // arguments, bytes that are not UTF-8), and a request for the
            // wrong method is the caller's mistake too: bad input, not ours.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) => {
                AppError::BadRequest(format!("Invalid input: {msg}"))
            }
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::UnsupportedRequestMethod(method) => {
                AppError::BadRequest(format!("This address does not take {method} requests."))
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// An internal failure. Its cause is logged here, once, with what was
    /// being done and where (the caller's file and line); the caller sees
    /// `Internal` with no detail. Never `map_err(|_| AppError::Internal)`:
    /// that throws the cause away.
    #[track_caller]
    pub fn internal(context: &'static str, cause: impl std::fmt::Display) -> AppError {
        let at = std::panic::Location::caller();
        tracing::error!(error = %cause, context, location = %at, "internal error");
        AppError::Internal
    }
}

/// Whether `err` violates a unique key, on either engine: what the caller
/// meant to add exists already (an email taken, a form sent twice at once).
#[cfg(feature = "ssr")]
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The field error a unique-key violation means (`message` says what is
    /// taken); any other database error is internal and logged here.
    #[track_caller]
    pub fn on_unique(err: sqlx::Error, field: &str, message: impl Into<String>) -> AppError {
        if is_unique_violation(&err) {
            AppError::field(field, message)
        } else {
            AppError::from(err)
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A missing row is `NotFound`; any other database error is logged with
    /// the place of the `?` that converted it, and is `Internal`.
    #[track_caller]
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            // PostgreSQL stores no NUL in text ("character not in
            // repertoire", 22021; an invalid byte sequence, 22P05): what
            // the request sent, not a fault of the server.
            sqlx::Error::Database(e) if matches!(e.code().as_deref(), Some("22021" | "22P05")) => {
                AppError::BadRequest(
                    "The text holds a character that cannot be stored (a NUL byte).".into(),
                )
            }
            other => AppError::internal("database", other),
        }
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    /// The REST shape: `{"errors":[{"code": …, "detail": …}]}` with the matching status.
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let errors = match &self {
            AppError::Invalid(fields) => fields
                .iter()
                .map(|f| serde_json::json!({ "code": "invalid", "field": f.field, "detail": f.message }))
                .collect(),
            _ => vec![serde_json::json!({ "code": self.code(), "detail": self.to_string() })],
        };
        let body = serde_json::json!({ "errors": errors });
        (status, axum::Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_with_code_and_detail() {
        let err = AppError::BadRequest("Quantity must be at least 1".into());
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(
            json,
            r#"{"code":"bad_request","detail":"Quantity must be at least 1"}"#
        );
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err);
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(
            "relation \"users\" does not exist".into(),
        ));
        assert_eq!(err, AppError::Internal);
        assert!(!err.to_string().contains("users"));
    }
}
