//! The demo bakery's catalog, read from `catalog.toml` (compiled in), and
//! the SVG pictures drawn for its products.

use std::sync::LazyLock;

use serde::Deserialize;

/// The whole demo catalog.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Named variant sets: (name, price in minor units).
    pub sizes: std::collections::BTreeMap<String, Vec<(String, i64)>>,
    /// Every variant name in Russian.
    #[serde(default)]
    pub variant_names_ru: std::collections::BTreeMap<String, String>,
    pub category: Vec<Category>,
    pub product: Vec<Product>,
    pub store: Vec<Store>,
    pub supplier: Vec<Supplier>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub slug: String,
    pub parent: Option<String>,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub name_ru: String,
    #[serde(default)]
    pub description_ru: String,
    pub kind: Kind,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub category: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub name_ru: String,
    #[serde(default)]
    pub description_ru: String,
    /// Days of notice; 0 is sold from the shelf (with stock).
    pub lead_days: i32,
    pub featured: bool,
    /// A variant set of [`Catalog::sizes`] by name ...
    pub sizes: Option<String>,
    /// ... or the product's own variants.
    pub variants: Option<Vec<(String, i64)>>,
    /// The variant set's prices scaled by this, in percent.
    pub price_percent: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    pub slug: String,
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub name_ru: String,
    #[serde(default)]
    pub address_ru: String,
    pub phone: String,
    /// Monday to Sunday: `[opens, closes]`, or `[]` when closed.
    pub hours: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    pub name: String,
    /// The categories whose products it supplies.
    pub categories: Vec<String>,
}

/// The catalog, parsed once. The file is part of the binary and a test
/// parses it, so a mistake in it fails the build's tests, not a start.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
        toml::from_str(include_str!("catalog.toml")).expect("the demo catalog parses")
    });
    &CATALOG
}

impl Catalog {
    /// A product's variants with its own prices, rounded to whole roubles.
    pub fn variants(&self, product: &Product) -> Vec<(String, i64)> {
        let base = match (&product.variants, &product.sizes) {
            (Some(own), _) => own.clone(),
            (None, Some(set)) => self.sizes.get(set).cloned().unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        base.into_iter()
            .map(|(name, price)| (name, price * product.price_percent / 100 / 100 * 100))
            .collect()
    }

    /// The picture kind of a category's products.
    pub fn kind_of(&self, category: &str) -> Kind {
        self.category
            .iter()
            .find(|c| c.slug == category)
            .map(|c| c.kind)
            .unwrap_or(Kind::Cake)
    }
}

/// What a product photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Cake,
    Tiered,
    Bread,
    Pastry,
    Cupcake,
    Cookie,
    Pie,
    Dessert,
    Gift,
}

/// The demo's characteristic types: name, its Russian name, whether any
/// value goes (else only the listed ones), and the values with their
/// Russian forms.
pub type CharacteristicType = (
    &'static str,
    &'static str,
    bool,
    &'static [(&'static str, &'static str)],
);

pub const CHARACTERISTIC_TYPES: [CharacteristicType; 4] = [
    (
        "Flavour",
        "Вкус",
        true,
        &[
            ("Chocolate", "Шоколадный"),
            ("Honey", "Медовый"),
            ("Caramel", "Карамельный"),
            ("Nut", "Ореховый"),
            ("Berry", "Ягодный"),
            ("Citrus", "Цитрусовый"),
            ("Fruit", "Фруктовый"),
            ("Savoury", "Несладкий"),
            ("Vanilla", "Ванильный"),
            ("Spice", "Пряный"),
            ("Classic", "Классический"),
        ],
    ),
    (
        "Shelf life",
        "Срок хранения",
        false,
        &[
            ("1 day", "1 день"),
            ("3 days", "3 дня"),
            ("3 weeks", "3 недели"),
        ],
    ),
    (
        "Contains nuts",
        "Содержит орехи",
        false,
        &[("Yes", "Да"), ("No", "Нет")],
    ),
    (
        "Diet",
        "Питание",
        false,
        &[
            ("Vegetarian", "Вегетарианское"),
            ("Contains meat", "С мясом"),
        ],
    ),
];

/// The flavour a product's name and description suggest (a characteristic).
pub fn flavour(text: &str) -> &'static str {
    let t = text.to_lowercase();
    for (word, flavour) in [
        ("chocolate", "Chocolate"),
        ("cocoa", "Chocolate"),
        ("honey", "Honey"),
        ("caramel", "Caramel"),
        ("pistachio", "Nut"),
        ("almond", "Nut"),
        ("walnut", "Nut"),
        ("peanut", "Nut"),
        ("berr", "Berry"),
        ("cherr", "Berry"),
        ("raspberr", "Berry"),
        ("strawberr", "Berry"),
        ("lemon", "Citrus"),
        ("apple", "Fruit"),
        ("mango", "Fruit"),
        ("cabbage", "Savoury"),
        ("mushroom", "Savoury"),
        ("meat", "Savoury"),
        ("chicken", "Savoury"),
        ("potato", "Savoury"),
        ("rye", "Savoury"),
        ("vanilla", "Vanilla"),
        ("spice", "Spice"),
        ("ginger", "Spice"),
        ("cinnamon", "Spice"),
    ] {
        if t.contains(word) {
            return flavour;
        }
    }
    "Classic"
}

pub fn shelf_life(kind: Kind) -> &'static str {
    match kind {
        Kind::Bread | Kind::Pastry | Kind::Pie => "1 day",
        Kind::Cake | Kind::Tiered | Kind::Cupcake | Kind::Dessert => "3 days",
        Kind::Cookie | Kind::Gift => "3 weeks",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A product photo, drawn: a warm background, the shape of the thing, and
/// its name. `shot` varies the angle (0 = the main photo).
pub fn picture(name: &str, kind: Kind, hue: i64, shot: usize) -> String {
    let bg = (hue + 30 * shot as i64) % 360;
    let body = match kind {
        Kind::Cake => format!(
            "<rect x='90' y='120' width='140' height='70' rx='10' fill='hsl({hue},55%,62%)'/>\
             <rect x='90' y='120' width='140' height='18' rx='8' fill='hsl({hue},60%,85%)'/>\
             <rect x='90' y='152' width='140' height='8' fill='hsl({hue},45%,45%)'/>"
        ),
        Kind::Tiered => format!(
            "<rect x='80' y='150' width='160' height='45' rx='6' fill='hsl({hue},30%,92%)'/>\
             <rect x='105' y='110' width='110' height='42' rx='6' fill='hsl({hue},30%,88%)'/>\
             <rect x='130' y='75' width='60' height='37' rx='6' fill='hsl({hue},30%,84%)'/>\
             <circle cx='160' cy='70' r='8' fill='hsl({hue},70%,60%)'/>"
        ),
        Kind::Bread => format!(
            "<ellipse cx='160' cy='150' rx='95' ry='45' fill='hsl(30,55%,{}%)'/>\
             <path d='M110 140 q15 -18 30 0 M145 135 q15 -18 30 0 M180 140 q15 -18 30 0' stroke='hsl(30,50%,30%)' stroke-width='5' fill='none'/>",
            38 + (hue % 20)
        ),
        Kind::Pastry => "<path d='M70 170 Q160 40 250 170 Q160 130 70 170 Z' fill='hsl(38,75%,55%)'/>\
             <path d='M110 150 Q160 80 210 150' stroke='hsl(30,60%,35%)' stroke-width='4' fill='none'/>"
            .to_owned(),
        Kind::Cupcake => format!(
            "<path d='M115 140 L130 195 L190 195 L205 140 Z' fill='hsl(30,40%,55%)'/>\
             <circle cx='160' cy='120' r='45' fill='hsl({hue},65%,78%)'/>\
             <circle cx='160' cy='80' r='8' fill='hsl(350,70%,50%)'/>"
        ),
        Kind::Cookie => format!(
            "<circle cx='130' cy='140' r='48' fill='hsl(32,55%,50%)'/>\
             <circle cx='195' cy='150' r='42' fill='hsl(32,55%,{}%)'/>\
             <circle cx='120' cy='130' r='5' fill='hsl(20,40%,20%)'/><circle cx='145' cy='150' r='5' fill='hsl(20,40%,20%)'/>\
             <circle cx='200' cy='140' r='5' fill='hsl(20,40%,20%)'/>",
            45 + (hue % 15)
        ),
        Kind::Pie => format!(
            "<ellipse cx='160' cy='150' rx='100' ry='45' fill='hsl(35,60%,52%)'/>\
             <ellipse cx='160' cy='142' rx='82' ry='32' fill='hsl({hue},50%,40%)'/>\
             <path d='M90 142 H230 M120 118 V168 M160 112 V174 M200 118 V168' stroke='hsl(35,60%,60%)' stroke-width='7'/>"
        ),
        Kind::Dessert => format!(
            "<path d='M115 90 H205 L190 190 H130 Z' fill='hsl(0,0%,95%)' opacity='.8'/>\
             <rect x='122' y='130' width='76' height='55' fill='hsl({hue},55%,70%)'/>\
             <rect x='120' y='110' width='80' height='20' fill='hsl({hue},40%,90%)'/>"
        ),
        Kind::Gift => format!(
            "<rect x='95' y='100' width='130' height='95' fill='hsl({hue},55%,55%)'/>\
             <rect x='152' y='100' width='16' height='95' fill='hsl(45,90%,60%)'/>\
             <rect x='95' y='135' width='130' height='14' fill='hsl(45,90%,60%)'/>\
             <path d='M160 100 q-30 -40 -40 -5 M160 100 q30 -40 40 -5' stroke='hsl(45,90%,55%)' stroke-width='8' fill='none'/>"
        ),
    };
    let (x, y) = match shot {
        0 => (0, 0),
        1 => (-20, 10),
        _ => (20, -10),
    };
    format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 320 240' width='640' height='480'>\
         <defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'>\
         <stop offset='0' stop-color='hsl({bg},45%,94%)'/><stop offset='1' stop-color='hsl({bg},40%,84%)'/></linearGradient></defs>\
         <rect width='320' height='240' fill='url(#g)'/>\
         <ellipse cx='160' cy='200' rx='120' ry='14' fill='hsl({bg},20%,70%)' opacity='.6'/>\
         <g transform='translate({x} {y})'>{body}</g>\
         <text x='160' y='228' text-anchor='middle' font-family='Georgia,serif' font-size='15' fill='hsl({bg},30%,25%)'>{}</text>\
         </svg>",
        escape(name)
    )
}
