//! The demo's writes: the shop in one transaction ([`seed`]) and the past
//! orders in batches ([`seed_history`]); the data itself is `catalog.toml`.

// The demo's repo: an operator tool over the whole database.
#![allow(clippy::disallowed_methods)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod history;

pub use history::seed_history;

use super::catalog::{CHARACTERISTIC_TYPES, catalog, flavour, picture, shelf_life};

use crate::accounts::types::{Email, Role};
use crate::accounts::{password, repo as users};
use crate::db_tx;
use crate::server::db::Db;

/// The demo users: (email, password, role).
pub const LOGINS: [(&str, &str, &str); 5] = [
    ("admin@karavai.local", "karavai-admin", "admin"),
    ("manager@karavai.local", "karavai-manager", "manager"),
    ("baker@karavai.local", "karavai-baker", "staff"),
    ("supplier@karavai.local", "karavai-supplier", "supplier"),
    ("anna@karavai.local", "karavai-customer", "customer"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedReport {
    Skipped,
    Loaded { categories: usize, products: usize },
}

/// Loads the demo shop unless the catalog already has categories.
pub async fn seed(db: &Db) -> anyhow::Result<SeedReport> {
    let existing: i64 = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM categories"
    )
    .fetch_one(pool)
    .await)?;
    if existing > 0 {
        return Ok(SeedReport::Skipped);
    }

    // Hash before the transaction: Argon2 is slow on purpose.
    let mut accounts = Vec::new();
    for (email, pw, role) in LOGINS {
        let hash = password::hash(pw.to_owned()).await?;
        let email = Email::parse(email).expect("demo emails are valid");
        let role = Role::parse(role).expect("demo roles are valid");
        accounts.push((email, hash, role));
    }
    for (email, hash, role) in &accounts {
        let name = email.as_str().split('@').next().unwrap_or("demo");
        let name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        users::create_user(db, email, &name, hash, *role, true).await?;
    }

    let dialect = db.dialect();
    let now = chrono::Utc::now().timestamp();
    let mut rng = StdRng::seed_from_u64(7);
    let demo = catalog();
    let products: usize = db_tx!(db, |tx| {
        let mut store_ids = Vec::new();
        for (position, store) in demo.store.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO stores (slug, name, address, phone, position, name_ru, address_ru) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&store.slug)
            .bind(&store.name)
            .bind(&store.address)
            .bind(&store.phone)
            .bind(position as i32)
            .bind(&store.name_ru)
            .bind(&store.address_ru)
            .fetch_one(&mut *tx)
            .await?;
            for (day, h) in store.hours.iter().enumerate() {
                if let [opens, closes] = h.as_slice() {
                    sqlx::query(
                        "INSERT INTO store_hours (store_id, weekday, opens_at, closes_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(day as i32 + 1)
                    .bind(opens)
                    .bind(closes)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            store_ids.push(id);
        }
        let supplier_user: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'supplier@karavai.local'")
                .fetch_optional(&mut *tx)
                .await?;
        let mut supplier_ids = Vec::new();
        for (i, supplier) in demo.supplier.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO suppliers (name, accepting_orders, user_id, created_at) VALUES ($1, TRUE, $2, $3) RETURNING id",
            )
            .bind(&supplier.name)
            .bind(if i == 1 { supplier_user } else { None })
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            supplier_ids.push(id);
        }
        let mut category_ids: Vec<(&str, i64)> = Vec::new();
        for (position, category) in demo.category.iter().enumerate() {
            let parent_id = category.parent.as_deref().and_then(|p| {
                category_ids
                    .iter()
                    .find(|(s, _)| *s == p)
                    .map(|(_, id)| *id)
            });
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO categories (parent_id, slug, name, description, position, name_ru, description_ru) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(parent_id)
            .bind(&category.slug)
            .bind(&category.name)
            .bind(&category.description)
            .bind(position as i32)
            .bind(&category.name_ru)
            .bind(&category.description_ru)
            .fetch_one(&mut *tx)
            .await?;
            category_ids.push((category.slug.as_str(), id));
        }
        for (position, (name, name_ru, free, values)) in CHARACTERISTIC_TYPES.iter().enumerate() {
            let type_id: i64 = sqlx::query_scalar(
                "INSERT INTO characteristic_types (name, name_ru, free_values, position) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(*name)
            .bind(*name_ru)
            .bind(*free)
            .bind(position as i32)
            .fetch_one(&mut *tx)
            .await?;
            for (i, (value, value_ru)) in values.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO characteristic_values (type_id, value, value_ru, position) VALUES ($1, $2, $3, $4)",
                )
                .bind(type_id)
                .bind(*value)
                .bind(*value_ru)
                .bind(i as i32)
                .execute(&mut *tx)
                .await?;
            }
        }
        for (n, product) in demo.product.iter().enumerate() {
            let (category, slug, name, description) = (
                product.category.as_str(),
                product.slug.as_str(),
                product.name.as_str(),
                product.description.as_str(),
            );
            let (lead, featured) = (product.lead_days, product.featured);
            let category_id = category_ids
                .iter()
                .find(|(s, _)| *s == category)
                .map(|(_, id)| *id)
                .expect("every product's category is listed");
            let supplier = demo
                .supplier
                .iter()
                .position(|s| s.categories.iter().any(|c| c == category))
                .map(|i| supplier_ids[i]);
            let product_id: i64 = sqlx::query_scalar(
                "INSERT INTO products (category_id, slug, name, description, made_to_order, lead_time_days, featured, supplier_id, sold_count, \
                                       name_ru, description_ru) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(category_id)
            .bind(slug)
            .bind(name)
            .bind(description)
            .bind(lead > 0)
            .bind(lead)
            .bind(featured)
            .bind(supplier)
            .bind(rng.gen_range(0..400i64) + if featured { 400 } else { 0 })
            .bind(&product.name_ru)
            .bind(&product.description_ru)
            .fetch_one(&mut *tx)
            .await?;
            for (i, (variant, price)) in demo.variants(product).iter().enumerate() {
                let variant_id: i64 = sqlx::query_scalar(
                    "INSERT INTO product_variants (product_id, sku, name, price_minor, position, name_ru) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(product_id)
                .bind(format!("{}-{}", slug, i + 1))
                .bind(variant)
                .bind(*price)
                .bind(i as i32)
                .bind(demo.variant_names_ru.get(variant).map(String::as_str).unwrap_or(""))
                .fetch_one(&mut *tx)
                .await?;
                if lead == 0 {
                    for store in &store_ids {
                        // Some shelves are empty: the filters and badges show it.
                        let quantity: i32 = if rng.gen_bool(0.15) {
                            0
                        } else {
                            rng.gen_range(1..=30)
                        };
                        sqlx::query("INSERT INTO stock (variant_id, store_id, quantity) VALUES ($1, $2, $3)")
                            .bind(variant_id)
                            .bind(*store)
                            .bind(quantity)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
            let kind = demo.kind_of(category);
            let characteristics = [
                (
                    "Flavour",
                    flavour(&format!("{name} {description}")).to_owned(),
                ),
                ("Shelf life", shelf_life(kind).to_owned()),
                (
                    "Contains nuts",
                    if flavour(&format!("{name} {description}")) == "Nut"
                        || description.contains("nut")
                    {
                        "Yes"
                    } else {
                        "No"
                    }
                    .to_owned(),
                ),
                (
                    "Diet",
                    if matches!(flavour(&format!("{name} {description}")), "Savoury")
                        && (name.contains("Meat") || name.contains("Chicken"))
                    {
                        "Contains meat"
                    } else {
                        "Vegetarian"
                    }
                    .to_owned(),
                ),
            ];
            for (position, (cname, value)) in characteristics.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO product_characteristics (product_id, name, value, position) VALUES ($1, $2, $3, $4)",
                )
                .bind(product_id)
                .bind(*cname)
                .bind(value)
                .bind(position as i32)
                .execute(&mut *tx)
                .await?;
            }
            let hue = (n as i64 * 47) % 360;
            let shots = 1 + n % 3;
            for shot in 0..shots {
                sqlx::query(
                    "INSERT INTO product_images (product_id, position, content_type, bytes, alt) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(product_id)
                .bind(shot as i32)
                .bind("image/svg+xml")
                .bind(picture(name, kind, hue, shot).into_bytes())
                .bind(name)
                .execute(&mut *tx)
                .await?;
            }
            crate::reindex_product!(tx, dialect, product_id);
        }
        demo.product.len()
    });
    Ok(SeedReport::Loaded {
        categories: demo.category.len(),
        products,
    })
}

#[cfg(test)]
mod tests {
    use crate::server::demo::catalog::{CHARACTERISTIC_TYPES, Kind, catalog, flavour, picture};

    #[test]
    fn the_demo_catalog_is_big_enough_and_consistent() {
        let c = catalog();
        assert!(c.product.len() >= 80, "{} products", c.product.len());
        assert!(c.category.len() >= 8);
        for p in &c.product {
            assert!(
                c.category.iter().any(|cat| cat.slug == p.category),
                "{} has a category",
                p.slug
            );
            assert!(!c.variants(p).is_empty(), "{} has variants", p.slug);
            assert!(
                !p.name_ru.is_empty() && !p.description_ru.is_empty(),
                "{} speaks Russian",
                p.slug
            );
            for (variant, _) in c.variants(p) {
                assert!(
                    c.variant_names_ru.contains_key(&variant),
                    "{variant} has a Russian name"
                );
            }
            let flavours = CHARACTERISTIC_TYPES[0].3;
            let f = flavour(&format!("{} {}", p.name, p.description));
            assert!(flavours.iter().any(|(v, _)| *v == f), "{f} is translated");
        }
        for cat in &c.category {
            assert!(!cat.name_ru.is_empty(), "{} speaks Russian", cat.slug);
        }
        let mut ru: Vec<&String> = c.variant_names_ru.values().collect();
        ru.sort();
        let n = ru.len();
        ru.dedup();
        assert_eq!(ru.len(), n, "no two sizes share a Russian name");
        for s in &c.store {
            assert_eq!(s.hours.len(), 7, "{}: a week of hours", s.slug);
            assert!(s.hours.iter().all(|h| h.is_empty() || h.len() == 2));
        }
        let mut slugs: Vec<&str> = c.product.iter().map(|p| p.slug.as_str()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), c.product.len(), "slugs are unique");
    }

    #[test]
    fn pictures_are_svg_with_the_name_escaped() {
        let svg = picture("Bird's <Milk> & co", Kind::Cake, 10, 0);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Bird's &lt;Milk&gt; &amp; co"));
        assert_ne!(svg, picture("Bird's <Milk> & co", Kind::Cake, 10, 1));
    }
}
