//! Server functions at the edge (`/rpc/…`): what reaches them, and the
//! status of what they answer.
//!
//! - A multipart endpoint (the avatar upload) only gets multipart bodies:
//!   server_fn panics on a multipart body without a boundary.
//! - An error the server function never saw (its arguments did not decode:
//!   a missing field, a number that is not one, bytes that are not UTF-8)
//!   comes back from server_fn as a 500 with our `AppError` in the body; its
//!   own status (400) is put back, so bad input is never a server error.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// The server functions whose input is multipart (`input = MultipartFormData`).
const MULTIPART: &[&str] = &["/rpc/accounts/avatar"];

/// The largest error body read back (an `AppError` is a few hundred bytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

pub async fn middleware(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/rpc/") {
        return next.run(request).await;
    }
    if request.method() == Method::POST && MULTIPART.contains(&path) {
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.to_ascii_lowercase().starts_with("multipart/form-data")
                    && ct.contains("boundary=")
            });
        if !multipart {
            let err = AppError::BadRequest("Send the file as multipart/form-data.".into());
            return (StatusCode::UNSUPPORTED_MEDIA_TYPE, axum::Json(err)).into_response();
        }
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}
