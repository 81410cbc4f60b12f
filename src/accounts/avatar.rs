//! Avatar pictures: decoded (which is the only real check that a file is a
//! picture), cropped to a square, resized to a 256 px thumbnail and stored as
//! JPEG. Served by `GET /avatars/{user_id}` with year-long caching: the URL
//! carries the version, so a new upload is a new URL.

use std::io::Cursor;

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use image::imageops::FilterType;
use image::{ImageReader, Limits};

use crate::server::AppState;

/// The largest upload we accept.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// The thumbnail's side, in pixels.
pub const SIDE: u32 = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvatarProblem {
    TooLarge,
    NotAnImage,
}

/// Decodes `bytes` and returns the JPEG thumbnail. CPU-bound: call it from
/// `spawn_blocking`.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>, AvatarProblem> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AvatarProblem::TooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| AvatarProblem::NotAnImage)?;
    // A small file can claim to be a gigantic picture: cap what decoding may take.
    let mut limits = Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| AvatarProblem::NotAnImage)?;
    let square = image
        .resize_to_fill(SIDE, SIDE, FilterType::Lanczos3)
        .to_rgb8();
    let mut out = Vec::with_capacity(32 * 1024);
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    square
        .write_with_encoder(encoder)
        .map_err(|_| AvatarProblem::NotAnImage)?;
    Ok(out)
}

/// `GET /avatars/{user_id}`: the thumbnail, or 404.
pub async fn serve(State(state): State<AppState>, Path(user_id): Path<i64>) -> Response {
    match super::repo::avatar(&state.db, user_id).await {
        Ok(Some((content_type, bytes))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => crate::error::AppError::from(err).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn pictures_become_square_jpeg_thumbnails() {
        let jpeg = thumbnail(&png(640, 480)).unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIDE, SIDE));
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "JPEG magic");
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(
            thumbnail(b"%PDF-1.7 not a picture"),
            Err(AvatarProblem::NotAnImage)
        );
        // A PNG cut short is not a picture either.
        let mut broken = png(64, 64);
        broken.truncate(60);
        assert_eq!(thumbnail(&broken), Err(AvatarProblem::NotAnImage));
        assert_eq!(
            thumbnail(&vec![0u8; MAX_UPLOAD_BYTES + 1]),
            Err(AvatarProblem::TooLarge)
        );
    }
}
