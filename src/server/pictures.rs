//! Decoding uploaded pictures within bounds. A picture's file says little
//! about the memory its pixels take: a 187 KB PNG can unpack to hundreds of
//! megabytes. So every upload is decoded here:
//!
//! - with the decoder's own limits (`image::Limits`: the sides and the
//!   bytes it may allocate), which refuse such a picture before its pixels
//!   are allocated;
//! - at most [`AT_ONCE`] at a time in the whole process (a semaphore), on
//!   the blocking pool: six uploads at once wait their turn instead of
//!   adding up, and a queue longer than [`WAIT`] gets "busy, try again".
//!
//! Uploads per user are counted by `accounts::throttle`.

use std::io::Cursor;
use std::time::Duration;

use image::{DynamicImage, ImageReader, Limits};
use tokio::sync::Semaphore;

/// Pictures decoded at the same time, process-wide.
pub const AT_ONCE: usize = 2;
/// How long an upload waits for its turn before it is told to retry.
pub const WAIT: Duration = Duration::from_secs(20);

static DECODES: Semaphore = Semaphore::const_new(AT_ONCE);

/// What an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The file's size.
    pub max_bytes: usize,
    /// Each side, in pixels.
    pub max_side: u32,
    /// What decoding may allocate (the pixels, mostly).
    pub max_alloc: u64,
}

/// Avatars: a photo from any phone (4032 × 3024 is 37 MB of pixels).
pub const AVATAR: Bounds = Bounds {
    max_bytes: 5 * 1024 * 1024,
    max_side: 6_000,
    max_alloc: 64 * 1024 * 1024,
};

/// Product photos: a camera's full frame (6000 × 4000 with alpha is 96 MB).
pub const PHOTO: Bounds = Bounds {
    max_bytes: 10 * 1024 * 1024,
    max_side: 10_000,
    max_alloc: 128 * 1024 * 1024,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureProblem {
    /// The file is over `max_bytes`.
    TooLarge,
    /// The picture's pixels are over the sides or the memory allowed.
    TooManyPixels,
    /// Not a picture we read (or a broken one).
    NotAPicture,
    /// Too many uploads are being decoded: try again shortly.
    Busy,
}

/// Decodes `bytes` within `bounds` and hands the picture to `then` (resize,
/// encode), all on the blocking pool and inside the process-wide bound.
pub async fn decode<T, F>(bytes: Vec<u8>, bounds: Bounds, then: F) -> Result<T, PictureProblem>
where
    T: Send + 'static,
    F: FnOnce(DynamicImage) -> Result<T, PictureProblem> + Send + 'static,
{
    if bytes.len() > bounds.max_bytes {
        return Err(PictureProblem::TooLarge);
    }
    let permit = tokio::time::timeout(WAIT, DECODES.acquire())
        .await
        .map_err(|_| PictureProblem::Busy)?
        .map_err(|_| PictureProblem::Busy)?;
    let result = tokio::task::spawn_blocking(move || decode_now(&bytes, bounds).and_then(then))
        .await
        .unwrap_or_else(|err| {
            tracing::error!(error = %err, "a picture's decoding task failed");
            Err(PictureProblem::NotAPicture)
        });
    drop(permit);
    result
}

fn decode_now(bytes: &[u8], bounds: Bounds) -> Result<DynamicImage, PictureProblem> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PictureProblem::NotAPicture)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(bounds.max_side);
    limits.max_image_height = Some(bounds.max_side);
    limits.max_alloc = Some(bounds.max_alloc);
    reader.limits(limits);
    reader.decode().map_err(|err| match err {
        image::ImageError::Limits(_) => PictureProblem::TooManyPixels,
        _ => PictureProblem::NotAPicture,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::GrayImage::new(width, height);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[tokio::test]
    async fn a_small_file_with_huge_pixels_is_refused_before_they_are_allocated() {
        // 9000 × 9000 black pixels compress to a few hundred kilobytes;
        // unpacked they would take 81 MB (243 MB as RGB).
        let bomb = png(9_000, 9_000);
        assert!(bomb.len() < AVATAR.max_bytes, "{}", bomb.len());
        let r = decode(bomb.clone(), AVATAR, |p| Ok(p.width())).await;
        assert_eq!(r, Err(PictureProblem::TooManyPixels));
        // Within the sides but over the memory: 4500 × 4500 RGBA is 81 MB.
        let wide = {
            let img = image::RgbaImage::new(4_500, 4_500);
            let mut out = Vec::new();
            img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
                .unwrap();
            out
        };
        let r = decode(wide, AVATAR, |p| Ok(p.width())).await;
        assert_eq!(r, Err(PictureProblem::TooManyPixels));
        assert_eq!(
            decode(png(640, 480), AVATAR, |p| Ok(p.width())).await,
            Ok(640)
        );
        assert_eq!(
            decode(b"GIF89a broken".to_vec(), AVATAR, |p| Ok(p.width())).await,
            Err(PictureProblem::NotAPicture)
        );
        assert_eq!(
            decode(vec![0; AVATAR.max_bytes + 1], AVATAR, |p| Ok(p.width())).await,
            Err(PictureProblem::TooLarge)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn at_most_two_pictures_are_decoded_at_once() {
        let now = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let file = png(64, 64);
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (now, most, file) = (now.clone(), most.clone(), file.clone());
                tokio::spawn(async move {
                    decode(file, AVATAR, move |_| {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(100));
                        now.fetch_sub(1, Ordering::SeqCst);
                        Ok(())
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), Ok(()));
        }
        // Other tests of this process may hold a turn meanwhile: never more
        // than the bound, whoever holds them.
        let most = most.load(Ordering::SeqCst);
        assert!((1..=AT_ONCE).contains(&most), "{most} at once");
    }
}
