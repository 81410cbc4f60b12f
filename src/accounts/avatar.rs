//! Avatar pictures: decoded (which is the only real check that a file is a
//! picture), cropped to a square, resized to a 256 px thumbnail and stored as
//! JPEG. Served by `GET /avatars/{user_id}` with year-long caching: the URL
//! carries the version, so a new upload is a new URL.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use image::imageops::FilterType;

use crate::server::AppState;
use crate::server::pictures::{self, PictureProblem};

/// The thumbnail's side, in pixels.
pub const SIDE: u32 = 256;

/// Decodes an upload (within `server::pictures::AVATAR`, a few at a time)
/// and returns its JPEG thumbnail: cropped to a square, 256 px.
pub async fn thumbnail(bytes: Vec<u8>) -> Result<Vec<u8>, PictureProblem> {
    pictures::decode(bytes, pictures::AVATAR, |image| {
        let square = image
            .resize_to_fill(SIDE, SIDE, FilterType::Lanczos3)
            .to_rgb8();
        let mut out = Vec::with_capacity(32 * 1024);
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        square
            .write_with_encoder(encoder)
            .map_err(|_| PictureProblem::NotAPicture)?;
        Ok(out)
    })
    .await
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
    use std::io::Cursor;

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

    #[tokio::test]
    async fn pictures_become_square_jpeg_thumbnails() {
        let jpeg = thumbnail(png(640, 480)).await.unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIDE, SIDE));
        assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "JPEG magic");
    }

    #[tokio::test]
    async fn other_files_are_refused() {
        assert_eq!(
            thumbnail(b"%PDF-1.7 not a picture".to_vec()).await,
            Err(PictureProblem::NotAPicture)
        );
        // A PNG cut short is not a picture either.
        let mut broken = png(64, 64);
        broken.truncate(60);
        assert_eq!(thumbnail(broken).await, Err(PictureProblem::NotAPicture));
        assert_eq!(
            thumbnail(vec![0u8; pictures::AVATAR.max_bytes + 1]).await,
            Err(PictureProblem::TooLarge)
        );
    }
}
