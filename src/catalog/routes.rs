//! Plain axum routes of the catalog: product photos and their thumbnails.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::server::AppState;

/// A product photo. Photos never change under an id (a new photo gets a new
/// id), so browsers may keep them forever.
pub async fn image(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    photo(super::repo::image(&state.db, id).await)
}

/// A product photo's thumbnail, for tiles and lists (the photo itself when
/// it has none).
pub async fn thumb(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    photo(super::repo::thumb(&state.db, id).await)
}

fn photo(found: Result<Option<(String, Vec<u8>)>, sqlx::Error>) -> Response {
    match found {
        Ok(Some((content_type, bytes))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                // Photos are SVG or raster: no scripts run in them.
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'".to_owned(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => crate::error::AppError::from(err).into_response(),
    }
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/images/products/{id}", axum::routing::get(image))
        .route("/images/products/{id}/thumb", axum::routing::get(thumb))
}
