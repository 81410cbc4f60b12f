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
/// The fuzz test sends every server function a form body: one missing here
/// would panic there.
pub const MULTIPART: &[&str] = &[
    "/rpc/accounts/avatar",
    "/rpc/admin/catalog/photo",
    "/rpc/admin/catalog/import",
];

/// The largest error body read back (an `AppError` is a few hundred bytes).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The largest body a server function takes: uploads (a 10 MB photo and
/// its multipart framing), and every other call (forms, JSON arguments).
/// Over it: 413, before server_fn reads a byte (it answered 500).
pub const UPLOAD_BODY_LIMIT: usize = 11 * 1024 * 1024;
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

fn too_large(limit: usize) -> Response {
    let err = AppError::TooLarge(format!(
        "The request is larger than {} MB.",
        limit / (1024 * 1024)
    ));
    (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(err)).into_response()
}

/// `request` with its body read into memory, or 413 when it is over `limit`
/// (said by its `Content-Length`, or found while reading a chunked body).
async fn within_limit(request: Request<Body>, limit: usize) -> Result<Request<Body>, Response> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let (parts, body) = request.into_parts();
    match to_bytes(body, limit).await {
        Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(err) => {
            // Over the limit, or the client went away mid-body.
            let over = std::error::Error::source(&err)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            Err(if over {
                too_large(limit)
            } else {
                let err = AppError::BadRequest("The request's body could not be read.".into());
                (StatusCode::BAD_REQUEST, axum::Json(err)).into_response()
            })
        }
    }
}

pub async fn middleware(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/rpc/") {
        return next.run(request).await;
    }
    let upload = MULTIPART.contains(&path);
    if request.method() == Method::POST && upload {
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
    let limit = if upload {
        UPLOAD_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let request = match within_limit(request, limit).await {
        Ok(request) => request,
        Err(refused) => return refused,
    };
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
