//! Demo data: a believable bakery, so a fresh install has something to show.
//! Loaded only into an empty database, all in one transaction.

use super::db::Db;
use crate::accounts::types::{Email, Role};
use crate::accounts::{password, repo as users};
use crate::db_tx;

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

struct Category {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    products: &'static [Product],
}

struct Product {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    /// Lead time in days for made-to-order items; 0 for shelf goods.
    lead_days: i32,
    featured: bool,
    /// (variant name, price in kopecks)
    variants: &'static [(&'static str, i64)],
}

const fn p(
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    lead_days: i32,
    featured: bool,
    variants: &'static [(&'static str, i64)],
) -> Product {
    Product {
        slug,
        name,
        description,
        lead_days,
        featured,
        variants,
    }
}

const CAKE_SIZES: &[(&str, i64)] = &[("1 kg", 280_000), ("1.5 kg", 410_000), ("2 kg", 540_000)];
const TIERS: &[(&str, i64)] = &[("2 tiers, 4 kg", 1_200_000), ("3 tiers, 7 kg", 2_050_000)];
const BOX: &[(&str, i64)] = &[("one", 18_000), ("box of 6", 99_000)];

const CATALOG: &[Category] = &[
    Category {
        slug: "celebration-cakes",
        name: "Celebration cakes",
        description: "Made to order with your inscription",
        products: &[
            p(
                "medovik",
                "Medovik honey cake",
                "Eight honey layers, sour-cream custard.",
                2,
                true,
                CAKE_SIZES,
            ),
            p(
                "napoleon",
                "Napoleon",
                "Crisp puff layers and vanilla crème pâtissière.",
                2,
                true,
                CAKE_SIZES,
            ),
            p(
                "bird-milk",
                "Bird's Milk",
                "Soufflé on sponge under dark chocolate.",
                2,
                false,
                CAKE_SIZES,
            ),
            p(
                "red-velvet",
                "Red velvet",
                "Cocoa sponge, cream-cheese frosting.",
                2,
                false,
                CAKE_SIZES,
            ),
        ],
    },
    Category {
        slug: "tiered-cakes",
        name: "Wedding & tiered cakes",
        description: "For the big day, planned with you",
        products: &[
            p(
                "white-wedding",
                "White wedding cake",
                "Vanilla and raspberry, fresh flowers.",
                5,
                false,
                TIERS,
            ),
            p(
                "naked-berry",
                "Naked berry tier cake",
                "Light sponge, mascarpone, seasonal berries.",
                5,
                false,
                TIERS,
            ),
        ],
    },
    Category {
        slug: "bread",
        name: "Bread",
        description: "Baked every morning",
        products: &[
            p(
                "sourdough",
                "Country sourdough",
                "Long-fermented wheat and rye.",
                0,
                true,
                &[("loaf", 32_000)],
            ),
            p(
                "borodinsky",
                "Borodinsky rye",
                "Dark rye with coriander.",
                0,
                false,
                &[("loaf", 19_000)],
            ),
            p(
                "baguette",
                "Baguette",
                "Crackling crust, open crumb.",
                0,
                false,
                &[("one", 12_000), ("two", 22_000)],
            ),
        ],
    },
    Category {
        slug: "pastries",
        name: "Pastries",
        description: "Laminated by hand",
        products: &[
            p(
                "croissant",
                "Butter croissant",
                "French butter, 27 layers.",
                0,
                true,
                BOX,
            ),
            p(
                "pain-au-chocolat",
                "Pain au chocolat",
                "Two batons of dark chocolate.",
                0,
                false,
                BOX,
            ),
            p(
                "cinnamon-roll",
                "Cinnamon roll",
                "Cardamom dough, cinnamon sugar.",
                0,
                false,
                BOX,
            ),
        ],
    },
    Category {
        slug: "cupcakes",
        name: "Cupcakes",
        description: "Boxes for parties and offices",
        products: &[
            p(
                "vanilla-cupcakes",
                "Vanilla cupcakes",
                "Buttercream swirl, sprinkles.",
                1,
                false,
                &[("box of 6", 150_000), ("box of 12", 280_000)],
            ),
            p(
                "chocolate-cupcakes",
                "Chocolate cupcakes",
                "Ganache heart.",
                1,
                true,
                &[("box of 6", 165_000), ("box of 12", 310_000)],
            ),
        ],
    },
    Category {
        slug: "cookies",
        name: "Cookies & biscuits",
        description: "For tea, for gifts",
        products: &[
            p(
                "gingerbread",
                "Tula gingerbread",
                "Honey spice, jam filling.",
                0,
                false,
                &[("small", 25_000), ("large", 59_000)],
            ),
            p(
                "oat-cookies",
                "Oat cookies",
                "Chewy, with raisins.",
                0,
                false,
                &[("bag of 10", 29_000)],
            ),
        ],
    },
    Category {
        slug: "pies",
        name: "Pies",
        description: "Savoury and sweet pirogi",
        products: &[
            p(
                "cabbage-pie",
                "Cabbage pie",
                "Yeast dough, braised cabbage and egg.",
                0,
                false,
                &[("slice", 14_000), ("whole", 89_000)],
            ),
            p(
                "apple-pie",
                "Apple sharlotka",
                "Antonovka apples, airy sponge.",
                0,
                false,
                &[("slice", 16_000), ("whole", 95_000)],
            ),
        ],
    },
    Category {
        slug: "desserts",
        name: "Desserts",
        description: "Single portions",
        products: &[
            p(
                "eclair",
                "Éclair",
                "Choux, vanilla cream, fondant.",
                0,
                false,
                &[("one", 21_000)],
            ),
            p(
                "potato-cake",
                "Kartoshka",
                "Rum and cocoa crumb cake.",
                0,
                false,
                &[("one", 15_000)],
            ),
            p(
                "cheesecake-slice",
                "New York cheesecake",
                "Baked slow, served chilled.",
                0,
                false,
                &[("slice", 34_000)],
            ),
        ],
    },
];

/// Loads the demo bakery unless the catalog already has categories.
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
        users::create_user(db, email, &name, hash, *role).await?;
    }

    let products: usize = db_tx!(db, |tx| {
        let mut count = 0;
        for (position, category) in CATALOG.iter().enumerate() {
            let category_id: i64 = sqlx::query_scalar(
                "INSERT INTO categories (slug, name, description, position) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(category.slug)
            .bind(category.name)
            .bind(category.description)
            .bind(position as i32)
            .fetch_one(&mut *tx)
            .await?;
            for product in category.products {
                let product_id: i64 = sqlx::query_scalar(
                    "INSERT INTO products (category_id, slug, name, description, made_to_order, lead_time_days, featured) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(category_id)
                .bind(product.slug)
                .bind(product.name)
                .bind(product.description)
                .bind(product.lead_days > 0)
                .bind(product.lead_days)
                .bind(product.featured)
                .fetch_one(&mut *tx)
                .await?;
                for (i, (variant, price)) in product.variants.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO product_variants (product_id, sku, name, price_minor, position) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(product_id)
                    .bind(format!("{}-{}", product.slug, i + 1))
                    .bind(*variant)
                    .bind(*price)
                    .bind(i as i32)
                    .execute(&mut *tx)
                    .await?;
                }
                count += 1;
            }
        }
        count
    });
    Ok(SeedReport::Loaded {
        categories: CATALOG.len(),
        products,
    })
}
