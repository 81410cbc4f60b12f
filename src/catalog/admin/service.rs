//! The assortment's operations, one function each, given parsed input and
//! the actor. The back office's server functions call them (and seed 004's
//! API will); refusals come back as [`Refusal`] values for the caller to
//! word in its own language.

use std::collections::{HashMap, HashSet};

use super::import::{self, Plan};
use super::repo::{self, Refusal};
use super::sheet::{self, SheetProblem};
use super::types::{CategoryRow, ProductEditor, ProductFilter, ProductLine, ProductSort};
use crate::error::AppError;
use crate::history::types::{Actor, Entity};
use crate::server::db::Db;
use crate::server::pictures::{self, PictureProblem};

pub use super::repo::categories::CategoryInput;
pub use super::repo::characteristics::TypeInput;
pub use super::repo::photos::PhotoMove;
pub use super::repo::products::ProductInput;
pub use super::repo::stock::Adjustment;
pub use super::repo::variants::{PriceChange, VariantInput, added as variant_added};

/// A refusal or the value.
pub type Outcome<T> = Result<Result<T, Refusal>, AppError>;

pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>, AppError> {
    Ok(repo::categories::all(db).await?)
}

pub async fn create_category(db: &Db, c: &CategoryInput, by: Actor) -> Outcome<i64> {
    Ok(repo::categories::create(db, c, by).await?)
}

pub async fn update_category(db: &Db, id: i64, c: &CategoryInput, by: Actor) -> Outcome<()> {
    Ok(repo::categories::update(db, id, c, by).await?)
}

pub async fn delete_category(db: &Db, id: i64, by: Actor) -> Outcome<()> {
    Ok(repo::categories::delete(db, id, by).await?)
}

/// Every characteristic type with its values and how many products carry it.
pub async fn characteristic_types(
    db: &Db,
) -> Result<Vec<super::types::CharacteristicType>, AppError> {
    Ok(repo::characteristics::all(db).await?)
}

pub async fn create_characteristic_type(db: &Db, t: &TypeInput) -> Outcome<i64> {
    Ok(repo::characteristics::create(db, t).await?)
}

/// Renames a type (on every product too), changes its translations or its
/// list; a closed list must keep the values products carry.
pub async fn save_characteristic_type(db: &Db, id: i64, t: &TypeInput) -> Outcome<()> {
    Ok(repo::characteristics::update(db, id, t).await?)
}

pub async fn delete_characteristic_type(db: &Db, id: i64) -> Outcome<()> {
    Ok(repo::characteristics::delete(db, id).await?)
}

/// The products that pass `filter`, sorted, and one page of them with
/// the total. A shop's assortment is hundreds to a few thousand products:
/// they are filtered in memory after one read; the words are found with
/// the catalog's own full-text index (either language, any word form it
/// knows) and in SKUs and slugs.
pub async fn table(
    db: &Db,
    filter: &ProductFilter,
    per_page: i64,
    locale: crate::i18n::Locale,
) -> Result<(Vec<ProductLine>, i64), AppError> {
    let rows = repo::products::table_rows(db, locale).await?;
    let words = crate::catalog::repo::search_words(&filter.q);
    let text: Option<HashSet<i64>> = if words.is_empty() {
        None
    } else {
        let mut ids: HashSet<i64> = crate::catalog::repo::text_matches(db, &filter.q)
            .await?
            .into_keys()
            .collect();
        let skus = repo::products::skus(db).await?;
        let mut by_product: HashMap<i64, String> = HashMap::new();
        for (p, sku) in skus {
            let entry = by_product.entry(p).or_default();
            entry.push(' ');
            entry.push_str(&sku.to_lowercase());
        }
        for row in &rows {
            let hay = format!(
                "{} {} {}",
                row.line.slug,
                row.line.name.to_lowercase(),
                by_product
                    .get(&row.line.id)
                    .map(String::as_str)
                    .unwrap_or("")
            );
            if words.iter().all(|w| hay.contains(w.as_str())) {
                ids.insert(row.line.id);
            }
        }
        Some(ids)
    };
    let categories = repo::categories::all(db).await?;
    let in_category: Option<HashSet<i64>> = filter.category.map(|root| {
        let mut set = HashSet::from([root]);
        // Subcategories count as the category (a bounded walk: no loops).
        for _ in 0..categories.len() {
            let before = set.len();
            for c in &categories {
                if c.parent_id.is_some_and(|p| set.contains(&p)) {
                    set.insert(c.id);
                }
            }
            if set.len() == before {
                break;
            }
        }
        set
    });
    let unit = 100;
    let mut found: Vec<ProductLine> = rows
        .into_iter()
        .filter(|r| text.as_ref().is_none_or(|ids| ids.contains(&r.line.id)))
        .filter(|r| {
            in_category
                .as_ref()
                .is_none_or(|c| c.contains(&r.category_id))
        })
        .filter(|r| filter.supplier.is_none_or(|s| r.supplier_id == Some(s)))
        .filter(|r| filter.published.is_none_or(|p| r.line.published == p))
        .filter(|r| {
            filter
                .in_stock
                .is_none_or(|s| (r.line.made_to_order || r.line.stock > 0) == s)
        })
        .filter(|r| {
            let price = r.line.min_price_minor;
            filter
                .price_min
                .is_none_or(|m| price.is_some_and(|p| p >= m * unit))
                && filter
                    .price_max
                    .is_none_or(|m| price.is_some_and(|p| p <= m * unit))
        })
        .map(|r| r.line)
        .collect();
    match filter.sort {
        ProductSort::Name => found.sort_by_key(|l| l.name.to_lowercase()),
        ProductSort::Newest => {} // read newest first
        ProductSort::PriceAsc => found.sort_by_key(|l| l.min_price_minor.unwrap_or(i64::MAX)),
        ProductSort::PriceDesc => {
            found.sort_by_key(|l| std::cmp::Reverse(l.min_price_minor.unwrap_or(-1)))
        }
        ProductSort::StockAsc => found.sort_by_key(|l| (l.made_to_order, l.stock)),
    }
    let total = found.len() as i64;
    let start = ((filter.page - 1) * per_page).clamp(0, total) as usize;
    let page = found
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    Ok((page, total))
}

pub async fn suppliers(db: &Db) -> Result<Vec<super::types::Choice>, AppError> {
    Ok(repo::products::suppliers(db).await?)
}

/// Everything the product editor shows; `NotFound` when there is no such product.
pub async fn editor(db: &Db, id: i64, can_edit: bool) -> Result<ProductEditor, AppError> {
    let p = repo::products::fields(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let categories = repo::categories::all(db).await?;
    Ok(ProductEditor {
        id: p.id,
        version: p.version,
        slug: p.slug,
        name: p.name,
        name_ru: p.name_ru,
        description: p.description,
        description_ru: p.description_ru,
        category_id: p.category_id,
        supplier_id: p.supplier_id,
        published: p.published,
        featured: p.featured,
        made_to_order: p.made_to_order,
        lead_time_days: p.lead_time_days,
        characteristics: repo::products::characteristics(db, id).await?,
        variants: repo::variants::variants(db, id).await?,
        images: repo::photos::image_ids(db, id).await?,
        categories: super::types::tree_order(&categories),
        suppliers: repo::products::suppliers(db).await?,
        stores: repo::products::stores(db).await?,
        movements: repo::stock::movements(db, id, 100).await?,
        history: crate::history::of(db, Entity::Product, id).await?,
        can_edit,
    })
}

pub async fn create_product(db: &Db, p: &ProductInput, by: Actor) -> Outcome<i64> {
    Ok(repo::products::create(db, p, by).await?)
}

/// Saves a product's own fields if it is still at `version`; answers the new version.
pub async fn save_product(
    db: &Db,
    id: i64,
    version: i64,
    p: &ProductInput,
    by: Actor,
) -> Outcome<i64> {
    Ok(repo::products::save(db, id, version, p, by).await?)
}

pub async fn delete_product(db: &Db, id: i64, by: Actor) -> Outcome<()> {
    Ok(repo::products::delete(db, id, by).await?)
}

pub async fn add_variant(db: &Db, product_id: i64, v: &VariantInput, by: Actor) -> Outcome<i64> {
    Ok(repo::variants::add_variant(db, product_id, v, by).await?)
}

/// Saves variant `id`; answers its product.
pub async fn save_variant(db: &Db, id: i64, v: &VariantInput, by: Actor) -> Outcome<i64> {
    Ok(repo::variants::save_variant(db, id, v, by).await?)
}

/// Deletes variant `id`; answers its product.
pub async fn delete_variant(db: &Db, id: i64, by: Actor) -> Outcome<i64> {
    Ok(repo::variants::delete_variant(db, id, by).await?)
}

/// Changes a shelf; answers (product, units now).
pub async fn adjust_stock(db: &Db, a: &Adjustment, by: Actor) -> Outcome<(i64, i64)> {
    Ok(repo::stock::adjust(db, a, by).await?)
}

/// Changes the prices of every variant of `products`; answers how many changed.
pub async fn bulk_price(
    db: &Db,
    products: &[i64],
    change: PriceChange,
    by: Actor,
) -> Result<i64, AppError> {
    // Prices are rounded to whole units of the shop's currency.
    Ok(repo::variants::bulk_price(db, products, change, 100, by).await?)
}

/// The rows of an export of every product `filter` finds (all pages), in
/// the table's order.
pub async fn export(db: &Db, filter: &ProductFilter) -> Result<Vec<Vec<String>>, AppError> {
    let mut all = filter.clone();
    all.page = 1;
    let (lines, _) = table(db, &all, i64::MAX, crate::i18n::Locale::En).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let snapshot = repo::import::snapshot(db).await?;
    Ok(import::export_rows(&snapshot, &ids))
}

/// Reads an uploaded sheet and keeps its rows for user `user` until the
/// apply; answers the import's id, or why the file cannot be read.
pub async fn upload_import(
    db: &Db,
    user: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<Result<i64, SheetProblem>, AppError> {
    let read = tokio::task::spawn_blocking(move || sheet::read(&bytes))
        .await
        .map_err(|e| AppError::internal("reading an import's file", e))?;
    match read {
        Ok(rows) => Ok(Ok(repo::import::store(db, user, file_name, &rows).await?)),
        Err(problem) => Ok(Err(problem)),
    }
}

/// Import `id` of user `user`, planned against the assortment as it is:
/// its file name, its rows' count and the plan. `NotFound` when the user
/// has no such import (applied, expired or another's).
pub async fn import_preview(
    db: &Db,
    id: i64,
    user: i64,
) -> Result<(String, usize, Plan), AppError> {
    let (name, rows) = repo::import::load(db, id, user)
        .await?
        .ok_or(AppError::NotFound)?;
    let snapshot = repo::import::snapshot(db).await?;
    let plan = import::plan(&rows, &snapshot);
    Ok((name, rows.len(), plan))
}

/// Applies import `id` of `by`'s user in one transaction: `Ok(plan)` as
/// written, or `Err(plan)` with the errors the data has now (nothing
/// written).
pub async fn apply_import(db: &Db, id: i64, by: Actor) -> Result<Result<Plan, Plan>, AppError> {
    let user = by.user.ok_or(AppError::Forbidden)?;
    let (_, rows) = repo::import::load(db, id, user)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(repo::import::apply(db, id, &rows, by).await?)
}

/// Why a photo was refused.
/// The longest side a stored photo keeps, in pixels.
pub const PHOTO_SIDE: u32 = 1600;
/// The longest side of a photo's thumbnail: the storefront's tiles are
/// 320 × 240 CSS pixels, sharp at 1.5× and good enough at 2×.
pub const THUMB_SIDE: u32 = 480;

/// A photo as stored: the JPEG itself and its thumbnail.
#[derive(Debug, PartialEq, Eq)]
pub struct EncodedPhoto {
    pub jpeg: Vec<u8>,
    pub thumb: Vec<u8>,
}

/// `picture` fitted within `side`, transparency flattened onto white, as
/// JPEG.
fn jpeg_within(picture: &image::DynamicImage, side: u32) -> Result<Vec<u8>, PictureProblem> {
    let fitted;
    let picture = if picture.width() > side || picture.height() > side {
        fitted = picture.resize(side, side, image::imageops::FilterType::Lanczos3);
        &fitted
    } else {
        picture
    };
    let rgba = picture.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, px) in rgba.enumerate_pixels() {
        let [r, g, b, a] = px.0;
        let blend =
            |c: u8| ((u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a))) / 255) as u8;
        rgb.put_pixel(x, y, image::Rgb([blend(r), blend(g), blend(b)]));
    }
    let mut out = Vec::with_capacity(64 * 1024);
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(encoder)
        .map_err(|_| PictureProblem::NotAPicture)?;
    Ok(out)
}

/// Decodes an upload (within `server::pictures::PHOTO`, a few at a time;
/// the only real check that it is a picture), and re-encodes it as JPEG
/// within [`PHOTO_SIDE`] and as a thumbnail within [`THUMB_SIDE`]:
/// nothing the uploader sent reaches a shopper's browser as is.
pub async fn encode_photo(bytes: Vec<u8>) -> Result<EncodedPhoto, PictureProblem> {
    pictures::decode(bytes, pictures::PHOTO, |picture| {
        Ok(EncodedPhoto {
            jpeg: jpeg_within(&picture, PHOTO_SIDE)?,
            thumb: jpeg_within(&picture, THUMB_SIDE)?,
        })
    })
    .await
}

/// Adds an encoded photo to a product; answers its id.
pub async fn add_photo(db: &Db, product_id: i64, photo: &EncodedPhoto, by: Actor) -> Outcome<i64> {
    Ok(repo::photos::add_image(
        db,
        product_id,
        "image/jpeg",
        &photo.jpeg,
        Some(&photo.thumb),
        by,
    )
    .await?)
}

/// Moves or deletes a photo; answers its product.
pub async fn change_photo(db: &Db, id: i64, how: PhotoMove, by: Actor) -> Outcome<i64> {
    Ok(repo::photos::change_image(db, id, how, by).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn photos_are_decoded_fitted_and_re_encoded_as_jpeg() {
        let mut png = Vec::new();
        let picture = image::RgbaImage::from_pixel(2000, 1000, image::Rgba([200, 10, 10, 128]));
        picture
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let photo = encode_photo(png).await.unwrap();
        assert_eq!(&photo.jpeg[..3], &[0xFF, 0xD8, 0xFF]);
        let back = image::load_from_memory(&photo.jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (PHOTO_SIDE, PHOTO_SIDE / 2));
        let thumb = image::load_from_memory(&photo.thumb).unwrap();
        assert_eq!(
            (thumb.width(), thumb.height()),
            (THUMB_SIDE, THUMB_SIDE / 2)
        );
        assert!(
            photo.thumb.len() * 4 < photo.jpeg.len(),
            "a thumbnail is small"
        );
        assert_eq!(
            encode_photo(b"<svg onload=alert(1)>".to_vec()).await,
            Err(PictureProblem::NotAPicture)
        );
        assert_eq!(
            encode_photo(vec![0; pictures::PHOTO.max_bytes + 1]).await,
            Err(PictureProblem::TooLarge)
        );
    }
}
