//! Demo data: a believable bakery, so a fresh install has something to show.
//!
//! [`seed`] loads the shop itself (users, stores, suppliers, categories,
//! 80-odd products with variants, characteristics, photos drawn here as SVG,
//! and stock) into an empty database, in one transaction. [`seed_history`]
//! adds clients and past orders (two years by default) in large batches,
//! so the dashboards and tables have something to show.

// An operator tool over the whole database (ARCHITECTURE.md, Invariants).
#![allow(clippy::disallowed_methods)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::db::Db;
use super::db::{Arg, Args};
use crate::accounts::types::{Email, Role};
use crate::accounts::{password, repo as users};
use crate::{bind_args, db_tx};

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

/// (slug, parent slug, name, description, picture kind)
const CATEGORIES: &[(&str, Option<&str>, &str, &str, Kind)] = &[
    (
        "celebration-cakes",
        None,
        "Celebration cakes",
        "Made to order with your inscription",
        Kind::Cake,
    ),
    (
        "tiered-cakes",
        None,
        "Wedding & tiered cakes",
        "For the big day, planned with you",
        Kind::Tiered,
    ),
    ("bread", None, "Bread", "Baked every morning", Kind::Bread),
    (
        "rye-bread",
        Some("bread"),
        "Rye & dark breads",
        "Sourdough rye, the old way",
        Kind::Bread,
    ),
    (
        "pastries",
        None,
        "Pastries",
        "Laminated by hand",
        Kind::Pastry,
    ),
    (
        "cupcakes",
        None,
        "Cupcakes",
        "Boxes for parties and offices",
        Kind::Cupcake,
    ),
    (
        "cookies",
        None,
        "Cookies & biscuits",
        "For tea, for gifts",
        Kind::Cookie,
    ),
    (
        "gingerbread",
        Some("cookies"),
        "Gingerbread",
        "Tula-style, honey and spice",
        Kind::Cookie,
    ),
    ("pies", None, "Pies", "Savoury and sweet pirogi", Kind::Pie),
    (
        "desserts",
        None,
        "Desserts",
        "Single portions",
        Kind::Dessert,
    ),
    (
        "gift-boxes",
        None,
        "Gift boxes",
        "Assorted, ribbon included",
        Kind::Gift,
    ),
];

/// What a product photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

const CAKE_SIZES: &[(&str, i64)] = &[("1 kg", 280_000), ("1.5 kg", 410_000), ("2 kg", 540_000)];
const TIERS: &[(&str, i64)] = &[("2 tiers, 4 kg", 1_200_000), ("3 tiers, 7 kg", 2_050_000)];
const BOX: &[(&str, i64)] = &[("one", 18_000), ("box of 6", 99_000)];
const LOAF: &[(&str, i64)] = &[("loaf", 19_000)];
const CUPCAKES: &[(&str, i64)] = &[("box of 6", 150_000), ("box of 12", 280_000)];
const SLICE_WHOLE: &[(&str, i64)] = &[("slice", 14_000), ("whole", 89_000)];
const ONE: &[(&str, i64)] = &[("one", 21_000)];
const BAG: &[(&str, i64)] = &[("bag of 10", 29_000), ("bag of 20", 54_000)];
const GIFT: &[(&str, i64)] = &[("small", 150_000), ("large", 270_000)];

/// (category, slug, name, description, lead days, featured, variants, price factor %)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i32,
    bool,
    &'static [(&'static str, i64)],
    i64,
);

const PRODUCTS: &[Row] = &[
    (
        "celebration-cakes",
        "medovik",
        "Medovik honey cake",
        "Eight honey layers, sour-cream custard.",
        2,
        true,
        CAKE_SIZES,
        100,
    ),
    (
        "celebration-cakes",
        "napoleon",
        "Napoleon",
        "Crisp puff layers and vanilla crème pâtissière.",
        2,
        true,
        CAKE_SIZES,
        100,
    ),
    (
        "celebration-cakes",
        "bird-milk",
        "Bird's Milk",
        "Soufflé on sponge under dark chocolate.",
        2,
        false,
        CAKE_SIZES,
        105,
    ),
    (
        "celebration-cakes",
        "red-velvet",
        "Red velvet",
        "Cocoa sponge, cream-cheese frosting.",
        2,
        false,
        CAKE_SIZES,
        110,
    ),
    (
        "celebration-cakes",
        "chocolate-truffle",
        "Chocolate truffle cake",
        "Dark chocolate sponge and ganache.",
        2,
        false,
        CAKE_SIZES,
        115,
    ),
    (
        "celebration-cakes",
        "cherry-chocolate",
        "Cherry and chocolate cake",
        "Drunken cherries, cocoa sponge, cream.",
        2,
        false,
        CAKE_SIZES,
        112,
    ),
    (
        "celebration-cakes",
        "pistachio-raspberry",
        "Pistachio raspberry cake",
        "Pistachio sponge, raspberry confit.",
        3,
        true,
        CAKE_SIZES,
        130,
    ),
    (
        "celebration-cakes",
        "salted-caramel",
        "Salted caramel cake",
        "Caramel cream, roasted peanuts.",
        2,
        false,
        CAKE_SIZES,
        108,
    ),
    (
        "celebration-cakes",
        "carrot-cake",
        "Carrot cake",
        "Walnuts, cinnamon, cream-cheese frosting.",
        2,
        false,
        CAKE_SIZES,
        98,
    ),
    (
        "celebration-cakes",
        "lemon-meringue",
        "Lemon meringue cake",
        "Lemon curd under toasted meringue.",
        2,
        false,
        CAKE_SIZES,
        102,
    ),
    (
        "celebration-cakes",
        "tiramisu-cake",
        "Tiramisu cake",
        "Savoiardi, espresso, mascarpone.",
        2,
        false,
        CAKE_SIZES,
        118,
    ),
    (
        "celebration-cakes",
        "prague",
        "Prague cake",
        "Chocolate sponge, butter cream, apricot.",
        2,
        false,
        CAKE_SIZES,
        100,
    ),
    (
        "celebration-cakes",
        "esterhazy",
        "Esterhazy",
        "Almond meringue layers, praline cream.",
        3,
        false,
        CAKE_SIZES,
        135,
    ),
    (
        "celebration-cakes",
        "mango-passion",
        "Mango passion cake",
        "Mango mousse, passion-fruit heart.",
        3,
        false,
        CAKE_SIZES,
        125,
    ),
    (
        "celebration-cakes",
        "black-forest",
        "Black forest cake",
        "Cherries, kirsch, whipped cream.",
        2,
        false,
        CAKE_SIZES,
        110,
    ),
    (
        "celebration-cakes",
        "kids-rainbow",
        "Rainbow birthday cake",
        "Six coloured layers, vanilla cream.",
        3,
        false,
        CAKE_SIZES,
        120,
    ),
    (
        "tiered-cakes",
        "white-wedding",
        "White wedding cake",
        "Vanilla and raspberry, fresh flowers.",
        5,
        false,
        TIERS,
        100,
    ),
    (
        "tiered-cakes",
        "naked-berry",
        "Naked berry tier cake",
        "Light sponge, mascarpone, seasonal berries.",
        5,
        false,
        TIERS,
        95,
    ),
    (
        "tiered-cakes",
        "chocolate-drip",
        "Chocolate drip tier cake",
        "Chocolate ganache drip, macarons on top.",
        5,
        false,
        TIERS,
        105,
    ),
    (
        "tiered-cakes",
        "lavender-honey",
        "Lavender honey tier cake",
        "Honey sponge, lavender cream.",
        6,
        false,
        TIERS,
        110,
    ),
    (
        "tiered-cakes",
        "white-and-gold",
        "White and gold anniversary cake",
        "Fondant, gold leaf, vanilla.",
        7,
        false,
        TIERS,
        125,
    ),
    (
        "bread",
        "sourdough",
        "Country sourdough",
        "Long-fermented wheat and rye.",
        0,
        true,
        &[("loaf", 32_000)],
        100,
    ),
    (
        "bread",
        "baguette",
        "Baguette",
        "Crackling crust, open crumb.",
        0,
        false,
        &[("one", 12_000), ("two", 22_000)],
        100,
    ),
    (
        "bread",
        "ciabatta",
        "Ciabatta",
        "Olive oil, wide holes.",
        0,
        false,
        LOAF,
        95,
    ),
    (
        "bread",
        "whole-wheat",
        "Whole-wheat loaf",
        "Stone-ground flour, honey.",
        0,
        false,
        LOAF,
        100,
    ),
    (
        "bread",
        "brioche",
        "Brioche loaf",
        "Butter and eggs, soft as a cloud.",
        0,
        false,
        LOAF,
        140,
    ),
    (
        "bread",
        "focaccia",
        "Rosemary focaccia",
        "Sea salt, rosemary, olive oil.",
        0,
        false,
        LOAF,
        120,
    ),
    (
        "bread",
        "challah",
        "Challah",
        "Braided, sesame on top.",
        0,
        false,
        LOAF,
        125,
    ),
    (
        "rye-bread",
        "borodinsky",
        "Borodinsky rye",
        "Dark rye with coriander.",
        0,
        false,
        LOAF,
        100,
    ),
    (
        "rye-bread",
        "caraway-rye",
        "Rye with caraway",
        "Light rye, whole caraway.",
        0,
        false,
        LOAF,
        95,
    ),
    (
        "rye-bread",
        "seeded-rye",
        "Seeded rye",
        "Sunflower, flax and pumpkin seeds.",
        0,
        false,
        LOAF,
        115,
    ),
    (
        "pastries",
        "croissant",
        "Butter croissant",
        "French butter, 27 layers.",
        0,
        true,
        BOX,
        100,
    ),
    (
        "pastries",
        "pain-au-chocolat",
        "Pain au chocolat",
        "Two batons of dark chocolate.",
        0,
        false,
        BOX,
        110,
    ),
    (
        "pastries",
        "cinnamon-roll",
        "Cinnamon roll",
        "Cardamom dough, cinnamon sugar.",
        0,
        false,
        BOX,
        95,
    ),
    (
        "pastries",
        "almond-croissant",
        "Almond croissant",
        "Frangipane, toasted almonds.",
        0,
        false,
        BOX,
        125,
    ),
    (
        "pastries",
        "raspberry-danish",
        "Raspberry danish",
        "Custard and raspberries.",
        0,
        false,
        BOX,
        115,
    ),
    (
        "pastries",
        "apple-turnover",
        "Apple turnover",
        "Caramelised apples in puff pastry.",
        0,
        false,
        BOX,
        100,
    ),
    (
        "pastries",
        "kouign-amann",
        "Kouign-amann",
        "Breton butter cake, caramel crust.",
        0,
        false,
        BOX,
        130,
    ),
    (
        "pastries",
        "vatrushka",
        "Cheese vatrushka",
        "Sweet cottage cheese, vanilla.",
        0,
        false,
        BOX,
        85,
    ),
    (
        "pastries",
        "poppy-roll",
        "Poppy seed roll",
        "Poppy seeds, honey, lemon zest.",
        0,
        false,
        BOX,
        90,
    ),
    (
        "pastries",
        "pistachio-snail",
        "Pistachio snail",
        "Pistachio cream swirl.",
        0,
        false,
        BOX,
        135,
    ),
    (
        "cupcakes",
        "vanilla-cupcakes",
        "Vanilla cupcakes",
        "Buttercream swirl, sprinkles.",
        1,
        false,
        CUPCAKES,
        100,
    ),
    (
        "cupcakes",
        "chocolate-cupcakes",
        "Chocolate cupcakes",
        "Ganache heart.",
        1,
        true,
        CUPCAKES,
        110,
    ),
    (
        "cupcakes",
        "red-velvet-cupcakes",
        "Red velvet cupcakes",
        "Cream-cheese frosting.",
        1,
        false,
        CUPCAKES,
        112,
    ),
    (
        "cupcakes",
        "lemon-cupcakes",
        "Lemon cupcakes",
        "Lemon curd centre.",
        1,
        false,
        CUPCAKES,
        100,
    ),
    (
        "cupcakes",
        "caramel-cupcakes",
        "Salted caramel cupcakes",
        "Caramel drizzle, sea salt.",
        1,
        false,
        CUPCAKES,
        108,
    ),
    (
        "cupcakes",
        "raspberry-cupcakes",
        "Raspberry cupcakes",
        "Fresh raspberry on top.",
        1,
        false,
        CUPCAKES,
        110,
    ),
    (
        "cupcakes",
        "matcha-cupcakes",
        "Matcha cupcakes",
        "Green tea sponge, white chocolate.",
        1,
        false,
        CUPCAKES,
        120,
    ),
    (
        "cupcakes",
        "carrot-cupcakes",
        "Carrot cupcakes",
        "Walnuts and cinnamon.",
        1,
        false,
        CUPCAKES,
        98,
    ),
    (
        "cookies",
        "oat-cookies",
        "Oat cookies",
        "Chewy, with raisins.",
        0,
        false,
        BAG,
        100,
    ),
    (
        "cookies",
        "shortbread",
        "Shortbread",
        "Three ingredients, all butter.",
        0,
        false,
        BAG,
        110,
    ),
    (
        "cookies",
        "chocolate-chip",
        "Chocolate chip cookies",
        "Crisp edges, soft middle.",
        0,
        false,
        BAG,
        115,
    ),
    (
        "cookies",
        "biscotti",
        "Almond biscotti",
        "Twice baked, for coffee.",
        0,
        false,
        BAG,
        120,
    ),
    (
        "cookies",
        "macarons",
        "Macarons",
        "Almond shells, six flavours.",
        0,
        true,
        &[("box of 6", 72_000), ("box of 12", 138_000)],
        100,
    ),
    (
        "cookies",
        "meringue-kisses",
        "Meringue kisses",
        "Crisp outside, chewy inside.",
        0,
        false,
        BAG,
        80,
    ),
    (
        "cookies",
        "coconut-macaroons",
        "Coconut macaroons",
        "Dipped in dark chocolate.",
        0,
        false,
        BAG,
        105,
    ),
    (
        "gingerbread",
        "gingerbread",
        "Tula gingerbread",
        "Honey spice, jam filling.",
        0,
        false,
        &[("small", 25_000), ("large", 59_000)],
        100,
    ),
    (
        "gingerbread",
        "painted-gingerbread",
        "Painted gingerbread",
        "Hand-iced, made to order with a name.",
        3,
        false,
        &[("one", 45_000), ("set of 5", 199_000)],
        100,
    ),
    (
        "gingerbread",
        "ginger-snaps",
        "Ginger snaps",
        "Thin and crisp.",
        0,
        false,
        BAG,
        90,
    ),
    (
        "pies",
        "cabbage-pie",
        "Cabbage pie",
        "Yeast dough, braised cabbage and egg.",
        0,
        false,
        SLICE_WHOLE,
        100,
    ),
    (
        "pies",
        "apple-pie",
        "Apple sharlotka",
        "Antonovka apples, airy sponge.",
        0,
        false,
        SLICE_WHOLE,
        105,
    ),
    (
        "pies",
        "cherry-pie",
        "Cherry pie",
        "Lattice top, sour cherries.",
        0,
        false,
        SLICE_WHOLE,
        115,
    ),
    (
        "pies",
        "kulebyaka",
        "Mushroom kulebyaka",
        "Forest mushrooms, rice, dill.",
        1,
        false,
        SLICE_WHOLE,
        140,
    ),
    (
        "pies",
        "meat-pirozhki",
        "Meat pirozhki",
        "Beef and onion, fried golden.",
        0,
        false,
        BOX,
        80,
    ),
    (
        "pies",
        "potato-pies",
        "Potato and dill pies",
        "Mashed potato, fresh dill.",
        0,
        false,
        BOX,
        70,
    ),
    (
        "pies",
        "lingonberry-pie",
        "Lingonberry pie",
        "Tart berries, sweet crumble.",
        0,
        false,
        SLICE_WHOLE,
        110,
    ),
    (
        "pies",
        "tvorog-pie",
        "Cottage cheese pie",
        "Tvorog, raisins, vanilla.",
        0,
        false,
        SLICE_WHOLE,
        100,
    ),
    (
        "pies",
        "kurnik",
        "Chicken kurnik",
        "Layered chicken pie, festive dome.",
        2,
        false,
        &[("whole", 150_000)],
        100,
    ),
    (
        "desserts",
        "eclair",
        "Éclair",
        "Choux, vanilla cream, fondant.",
        0,
        false,
        ONE,
        100,
    ),
    (
        "desserts",
        "potato-cake",
        "Kartoshka",
        "Rum and cocoa crumb cake.",
        0,
        false,
        &[("one", 15_000)],
        100,
    ),
    (
        "desserts",
        "cheesecake-slice",
        "New York cheesecake",
        "Baked slow, served chilled.",
        0,
        false,
        &[("slice", 34_000)],
        100,
    ),
    (
        "desserts",
        "tiramisu-cup",
        "Tiramisu cup",
        "Espresso, mascarpone, cocoa.",
        0,
        false,
        ONE,
        140,
    ),
    (
        "desserts",
        "panna-cotta",
        "Panna cotta",
        "Vanilla cream, berry coulis.",
        0,
        false,
        ONE,
        110,
    ),
    (
        "desserts",
        "profiteroles",
        "Profiteroles",
        "Choux puffs, chocolate sauce.",
        0,
        false,
        &[("box of 6", 42_000)],
        100,
    ),
    (
        "desserts",
        "mille-feuille",
        "Mille-feuille",
        "Puff pastry, diplomat cream.",
        0,
        false,
        ONE,
        125,
    ),
    (
        "desserts",
        "lemon-tart",
        "Lemon tart",
        "Sharp lemon curd, sweet pastry.",
        0,
        false,
        ONE,
        120,
    ),
    (
        "desserts",
        "chocolate-mousse",
        "Chocolate mousse",
        "Seventy per cent dark chocolate.",
        0,
        false,
        ONE,
        115,
    ),
    (
        "desserts",
        "medovik-slice",
        "Honey cake slice",
        "A slice of our medovik.",
        0,
        false,
        &[("slice", 29_000)],
        100,
    ),
    (
        "desserts",
        "strawberry-tartlet",
        "Strawberry tartlet",
        "Fresh strawberries, custard.",
        0,
        false,
        ONE,
        130,
    ),
    (
        "desserts",
        "trubochka",
        "Cream horn trubochka",
        "Puff pastry horn, whipped cream.",
        0,
        false,
        ONE,
        75,
    ),
    (
        "gift-boxes",
        "tea-box",
        "Tea-time box",
        "Gingerbread, biscotti, shortbread and a tea blend.",
        1,
        false,
        GIFT,
        100,
    ),
    (
        "gift-boxes",
        "breakfast-box",
        "Breakfast box",
        "Croissants, brioche, jam and butter.",
        1,
        false,
        GIFT,
        110,
    ),
    (
        "gift-boxes",
        "gingerbread-set",
        "Gingerbread gift set",
        "Painted gingerbread in a tin.",
        3,
        false,
        GIFT,
        120,
    ),
    (
        "gift-boxes",
        "macaron-gift",
        "Macaron gift box",
        "Twenty-four macarons, your colours.",
        2,
        true,
        GIFT,
        130,
    ),
];

/// (slug, name, address, phone, hours per ISO weekday: None = closed)
type StoreRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [Option<(&'static str, &'static str)>; 7],
);

const STORES: &[StoreRow] = &[
    (
        "centre",
        "Karavai Centre",
        "12 Bolshaya Pokrovskaya St",
        "+7 831 200-10-01",
        [Some(("08:00", "21:00")); 7],
    ),
    (
        "riverside",
        "Karavai Riverside",
        "5 Verkhne-Volzhskaya Emb.",
        "+7 831 200-10-02",
        [
            Some(("08:00", "20:00")),
            Some(("08:00", "20:00")),
            Some(("08:00", "20:00")),
            Some(("08:00", "20:00")),
            Some(("08:00", "20:00")),
            Some(("08:00", "20:00")),
            Some(("09:00", "18:00")),
        ],
    ),
    (
        "market",
        "Karavai at the Market Hall",
        "1 Market Square, stall 14",
        "+7 831 200-10-03",
        [
            Some(("07:00", "19:00")),
            Some(("07:00", "19:00")),
            Some(("07:00", "19:00")),
            Some(("07:00", "19:00")),
            Some(("07:00", "19:00")),
            Some(("08:00", "16:00")),
            None,
        ],
    ),
];

/// (name, categories it supplies)
const SUPPLIERS: &[(&str, &[&str])] = &[
    (
        "Karavai kitchen",
        &[
            "celebration-cakes",
            "tiered-cakes",
            "bread",
            "rye-bread",
            "pastries",
            "cupcakes",
            "pies",
            "desserts",
        ],
    ),
    ("Tula Gingerbread Co.", &["gingerbread", "gift-boxes"]),
    ("Lumière patisserie", &["cookies"]),
];

fn kind_of(category: &str) -> Kind {
    CATEGORIES
        .iter()
        .find(|c| c.0 == category)
        .map(|c| c.4)
        .unwrap_or(Kind::Cake)
}

/// The flavour a product's name and description suggest (a characteristic).
fn flavour(text: &str) -> &'static str {
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

fn shelf_life(kind: Kind) -> &'static str {
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
    let products: usize = db_tx!(db, |tx| {
        let mut store_ids = Vec::new();
        for (position, (slug, name, address, phone, hours)) in STORES.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO stores (slug, name, address, phone, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(*slug)
            .bind(*name)
            .bind(*address)
            .bind(*phone)
            .bind(position as i32)
            .fetch_one(&mut *tx)
            .await?;
            for (day, h) in hours.iter().enumerate() {
                if let Some((opens, closes)) = h {
                    sqlx::query(
                        "INSERT INTO store_hours (store_id, weekday, opens_at, closes_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(day as i32 + 1)
                    .bind(*opens)
                    .bind(*closes)
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
        for (i, (name, _)) in SUPPLIERS.iter().enumerate() {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO suppliers (name, accepting_orders, user_id, created_at) VALUES ($1, TRUE, $2, $3) RETURNING id",
            )
            .bind(*name)
            .bind(if i == 1 { supplier_user } else { None })
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            supplier_ids.push(id);
        }
        let mut category_ids: Vec<(&str, i64)> = Vec::new();
        for (position, (slug, parent, name, description, _)) in CATEGORIES.iter().enumerate() {
            let parent_id = parent.and_then(|p| {
                category_ids
                    .iter()
                    .find(|(s, _)| *s == p)
                    .map(|(_, id)| *id)
            });
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO categories (parent_id, slug, name, description, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(parent_id)
            .bind(*slug)
            .bind(*name)
            .bind(*description)
            .bind(position as i32)
            .fetch_one(&mut *tx)
            .await?;
            category_ids.push((*slug, id));
        }
        for (n, (category, slug, name, description, lead, featured, variants, factor)) in
            PRODUCTS.iter().enumerate()
        {
            let category_id = category_ids
                .iter()
                .find(|(s, _)| s == category)
                .map(|(_, id)| *id)
                .expect("every product's category is listed");
            let supplier = SUPPLIERS
                .iter()
                .position(|(_, cats)| cats.contains(category))
                .map(|i| supplier_ids[i]);
            let product_id: i64 = sqlx::query_scalar(
                "INSERT INTO products (category_id, slug, name, description, made_to_order, lead_time_days, featured, supplier_id, sold_count) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(category_id)
            .bind(*slug)
            .bind(*name)
            .bind(*description)
            .bind(*lead > 0)
            .bind(*lead)
            .bind(*featured)
            .bind(supplier)
            .bind(rng.gen_range(0..400i64) + if *featured { 400 } else { 0 })
            .fetch_one(&mut *tx)
            .await?;
            for (i, (variant, price)) in variants.iter().enumerate() {
                let variant_id: i64 = sqlx::query_scalar(
                    "INSERT INTO product_variants (product_id, sku, name, price_minor, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(product_id)
                .bind(format!("{}-{}", slug, i + 1))
                .bind(*variant)
                // Round to whole roubles.
                .bind(price * factor / 100 / 100 * 100)
                .bind(i as i32)
                .fetch_one(&mut *tx)
                .await?;
                if *lead == 0 {
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
            let kind = kind_of(category);
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
                .bind(*name)
                .execute(&mut *tx)
                .await?;
            }
            crate::reindex_product!(tx, dialect, product_id);
        }
        PRODUCTS.len()
    });
    Ok(SeedReport::Loaded {
        categories: CATEGORIES.len(),
        products,
    })
}

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Maria",
    "Elena",
    "Olga",
    "Natalia",
    "Irina",
    "Svetlana",
    "Tatiana",
    "Ekaterina",
    "Daria",
    "Ivan",
    "Dmitry",
    "Sergei",
    "Alexei",
    "Andrei",
    "Mikhail",
    "Nikolai",
    "Pavel",
    "Artem",
    "Maxim",
];
const LAST_NAMES: &[&str] = &[
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Vasiliev",
    "Petrov",
    "Sokolov",
    "Mikhailov",
    "Novikov",
    "Fedorov",
    "Morozov",
    "Volkov",
    "Alekseev",
    "Lebedev",
    "Semenov",
    "Egorov",
    "Pavlov",
    "Kozlov",
];
const MIDDLE_NAMES: &[&str] = &[
    "Ivanovich",
    "Sergeevich",
    "Petrovich",
    "Andreevich",
    "Nikolaevich",
    "",
];

/// Inserts `rows` (each `cols` values) into `table` in multi-row statements.
macro_rules! insert_batch {
    ($tx:expr, $table:expr, $columns:expr, $rows:expr) => {{
        let columns: &[&str] = $columns;
        // Small statements: SQLite looks each `$N` parameter up by name
        // while parsing, so a statement's parse time grows with the square
        // of its parameters (30,000 of them took half a second). This size
        // is parsed once: every full chunk is the same cached statement.
        let per_statement = (960 / columns.len()).max(1);
        for chunk in $rows.chunks(per_statement) {
            let mut args = Args::default();
            let mut values = Vec::with_capacity(chunk.len());
            for row in chunk {
                let row: &Vec<Arg> = row;
                let mut marks = Vec::with_capacity(row.len());
                for value in row {
                    marks.push(args.push(value.clone()));
                }
                values.push(format!("({})", marks.join(", ")));
            }
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {}",
                $table,
                columns.join(", "),
                values.join(", ")
            );
            bind_args!(sqlx::query(&sql), args)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

/// Past orders generated and written at a time by [`seed_history`].
const HISTORY_SLICE: usize = 20_000;

/// The stages an order goes through, in order.
const FLOW: [&str; 6] = [
    "new",
    "accepted",
    "baking",
    "decorating",
    "ready",
    "handed_over",
];

/// Adds `clients` clients and `orders` past orders spread over `days` days,
/// unless there are orders already. Returns how many orders it added.
pub async fn seed_history(
    db: &Db,
    clients: usize,
    orders: usize,
    days: i64,
) -> anyhow::Result<usize> {
    let existing: i64 =
        crate::db_read!(db, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(pool)
            .await)?;
    if existing > 0 || orders == 0 {
        return Ok(0);
    }
    type Variant = (i64, i64, String, String, String, i64, bool, i32);
    let variants: Vec<Variant> = crate::db_read!(db, |pool| {
        sqlx::query_as(
        "SELECT v.id, p.id, p.name, v.name, v.sku, v.price_minor, p.made_to_order, p.lead_time_days \
         FROM product_variants v JOIN products p ON p.id = v.product_id ORDER BY v.id"
    )
    .fetch_all(pool)
    .await
    })?;
    let stores: Vec<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM stores ORDER BY id"
    )
    .fetch_all(pool)
    .await)?;
    let anna: Option<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = 'anna@karavai.local'"
    )
    .fetch_optional(pool)
    .await)?;
    let staff: Option<i64> = crate::db_read!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE email = 'baker@karavai.local'"
    )
    .fetch_optional(pool)
    .await)?;
    if variants.is_empty() || stores.is_empty() {
        return Ok(0);
    }
    let mut rng = StdRng::seed_from_u64(2024);
    let now = chrono::Utc::now().timestamp();
    let start = now - days * 86_400;
    let clients = clients.max(1);

    // Clients join over the period; the first is Anna, the demo customer.
    let mut client_rows = Vec::with_capacity(clients);
    let mut client_since = Vec::with_capacity(clients);
    for i in 0..clients {
        let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
        let female = FIRST_NAMES.iter().position(|f| *f == first).unwrap_or(0) < 10;
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let last = if female {
            format!("{last}a")
        } else {
            last.to_owned()
        };
        let middle = MIDDLE_NAMES[rng.gen_range(0..MIDDLE_NAMES.len())];
        let middle = if female && middle.ends_with("ich") {
            format!("{}na", &middle[..middle.len() - 2])
        } else {
            middle.to_owned()
        };
        let since = start + (days * 86_400) * i as i64 / clients as i64;
        let (user_id, first, last, email) = if i == 0 && anna.is_some() {
            (
                anna.unwrap_or(0),
                "Anna".to_owned(),
                "Karavaeva".to_owned(),
                "anna@karavai.local".to_owned(),
            )
        } else {
            (
                0,
                first.to_owned(),
                last.clone(),
                format!(
                    "{}.{}{}@example.com",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                ),
            )
        };
        client_rows.push(vec![
            if user_id > 0 {
                Arg::Int(user_id)
            } else {
                Arg::NullInt
            },
            Arg::Text(last),
            Arg::Text(first),
            Arg::Text(middle),
            Arg::Text(format!(
                "+7 9{:02} {:03}-{:02}-{:02}",
                rng.gen_range(0..100),
                rng.gen_range(0..1000),
                rng.gen_range(0..100),
                rng.gen_range(0..100)
            )),
            Arg::Text(email),
            Arg::Int(since),
        ]);
        client_since.push(since);
    }

    db_tx!(db, |tx| {
        let first_client: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM clients")
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<Vec<Arg>> = client_rows
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| {
                r.insert(0, Arg::Int(first_client + i as i64));
                r
            })
            .collect();
        insert_batch!(
            tx,
            "clients",
            &[
                "id",
                "user_id",
                "last_name",
                "first_name",
                "middle_name",
                "phone",
                "email",
                "created_at"
            ],
            rows
        );

        let first_order: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM orders")
            .fetch_one(&mut *tx)
            .await?;
        if db.dialect() == super::db::Dialect::Sqlite {
            // A million orders touch more index pages than the default cache
            // holds: with it, SQLite spills and rewrites the same pages to
            // the WAL again and again. Restored below.
            sqlx::query("PRAGMA cache_size = -524288")
                .execute(&mut *tx)
                .await?;
        }
        // Each order's search document is written once, at the end of its
        // slice, instead of again for every item (migration 0011).
        sqlx::query("UPDATE order_search_state SET paused = TRUE WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        // Generated and written a slice at a time: memory stays flat
        // whatever the number of orders.
        for slice in (0..orders).step_by(HISTORY_SLICE) {
            let end = (slice + HISTORY_SLICE).min(orders);
            let mut order_rows = Vec::with_capacity(end - slice);
            let mut item_rows = Vec::with_capacity((end - slice) * 2);
            let mut event_rows = Vec::with_capacity((end - slice) * 6);
            for n in slice..end {
                let id = first_order + n as i64;
                // Busier lately: a shop that grows.
                let frac = (n as f64 / orders as f64).powf(0.8);
                let mut at = start + (frac * (days * 86_400) as f64) as i64;
                let day = at - at.rem_euclid(86_400);
                at = day + 6 * 3600 + rng.gen_range(0..12 * 3600);
                // Returning clients: a client who already exists then.
                let limit = client_since.partition_point(|s| *s <= at).max(1);
                let c = if rng.gen_bool(0.2) {
                    0
                } else {
                    rng.gen_range(0..limit)
                };
                let client_id = first_client + c as i64;
                let user_id = if c == 0 { anna } else { None };
                let store = stores[rng.gen_range(0..stores.len())];
                let lines = 1 + (rng.gen_range(0..100) / 45) as usize;
                let mut total = 0i64;
                let mut lead = 0;
                for position in 0..lines {
                    let v = &variants[rng.gen_range(0..variants.len())];
                    let qty: i64 = if v.6 { 1 } else { rng.gen_range(1..=4) };
                    total += v.5 * qty;
                    lead = lead.max(v.7);
                    let inscription = if v.6 && rng.gen_bool(0.5) {
                        "Happy birthday!"
                    } else {
                        ""
                    };
                    item_rows.push(vec![
                        Arg::Int(id),
                        Arg::Int(v.1),
                        Arg::Int(v.0),
                        Arg::Text(v.2.clone()),
                        Arg::Text(v.3.clone()),
                        Arg::Text(v.4.clone()),
                        Arg::Int(v.5),
                        Arg::Int(qty),
                        Arg::Text(inscription.to_owned()),
                        Arg::Int(position as i64),
                    ]);
                }
                let ready =
                    at + i64::from(lead.max(if rng.gen_bool(0.3) { 1 } else { 0 })) * 86_400;
                let ready_date = chrono::DateTime::from_timestamp(ready, 0)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                let age_days = (now - at) / 86_400;
                // Old orders are done (a few cancelled); recent ones are in progress.
                let final_stage = if rng.gen_bool(0.04) {
                    "cancelled"
                } else if age_days >= 3 {
                    "handed_over"
                } else {
                    FLOW[rng.gen_range(0..FLOW.len())]
                };
                let steps: Vec<&str> = if final_stage == "cancelled" {
                    vec!["new", "cancelled"]
                } else {
                    let upto = FLOW.iter().position(|s| *s == final_stage).unwrap_or(0);
                    FLOW[..=upto].to_vec()
                };
                let mut t = at;
                let mut from: Option<&str> = None;
                for step in &steps {
                    event_rows.push(vec![
                        Arg::Int(id),
                        from.map(|f| Arg::Text(f.to_owned()))
                            .unwrap_or(Arg::NullText),
                        Arg::Text((*step).to_owned()),
                        (if from.is_none() { user_id } else { staff })
                            .map(Arg::Int)
                            .unwrap_or(Arg::NullInt),
                        Arg::Int(t),
                    ]);
                    from = Some(step);
                    t += rng.gen_range(600..4 * 3600);
                }
                let method = ["cash", "card", "online"][rng.gen_range(0..3)];
                let paid = if final_stage == "handed_over" || method == "online" {
                    "paid"
                } else {
                    "unpaid"
                };
                let delivery = rng.gen_bool(0.25);
                order_rows.push(vec![
                    Arg::Int(id),
                    Arg::Int(client_id),
                    user_id.map(Arg::Int).unwrap_or(Arg::NullInt),
                    Arg::Int(store),
                    Arg::Text(final_stage.to_owned()),
                    Arg::Text(if delivery { "delivery" } else { "pickup" }.to_owned()),
                    Arg::Text(if delivery {
                        "7 Rozhdestvenskaya St, flat 3".to_owned()
                    } else {
                        String::new()
                    }),
                    Arg::Text(ready_date),
                    Arg::Text(crate::orders::schedule::SLOTS[rng.gen_range(0..4)].to_owned()),
                    Arg::Text(method.to_owned()),
                    Arg::Text(paid.to_owned()),
                    Arg::Int(total),
                    Arg::Int(steps.len() as i64),
                    Arg::Int(at),
                    Arg::Int(t),
                ]);
            }
            insert_batch!(
                tx,
                "orders",
                &[
                    "id",
                    "client_id",
                    "user_id",
                    "store_id",
                    "stage",
                    "fulfilment",
                    "delivery_address",
                    "ready_date",
                    "time_slot",
                    "payment_method",
                    "payment_status",
                    "total_minor",
                    "version",
                    "created_at",
                    "updated_at"
                ],
                order_rows
            );
            insert_batch!(
                tx,
                "order_items",
                &[
                    "order_id",
                    "product_id",
                    "variant_id",
                    "product_name",
                    "variant_name",
                    "sku",
                    "unit_price_minor",
                    "quantity",
                    "inscription",
                    "position"
                ],
                item_rows
            );
            insert_batch!(
                tx,
                "order_stage_events",
                &["order_id", "from_stage", "to_stage", "user_id", "at"],
                event_rows
            );
            sqlx::query(match db.dialect() {
                super::db::Dialect::Sqlite => {
                    "INSERT INTO order_search (rowid, client, items, notes) \
                     SELECT -id, client, items, notes FROM order_search_doc WHERE id BETWEEN $1 AND $2"
                }
                super::db::Dialect::Postgres => "SELECT order_search_write($1, $2)",
            })
            .bind(first_order + slice as i64)
            .bind(first_order + end as i64 - 1)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE order_search_state SET paused = FALSE WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        if db.dialect() == super::db::Dialect::Sqlite {
            sqlx::query(&format!(
                "PRAGMA cache_size = {}",
                super::db::SQLITE_CACHE_KIB
            ))
            .execute(&mut *tx)
            .await?;
        }
        if db.dialect() == super::db::Dialect::Postgres {
            // Explicit ids were inserted: move the identity sequences past them.
            for table in ["clients", "orders"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
    });
    if let super::db::Db::Postgres(pool) = db {
        // Every order rewrote its hour's roll-up row: a few thousand live
        // rows sat in 73 MB of dead ones (a 25 ms scan for the table's
        // count). Rewrite it compactly, and let the planner and the
        // index-only scans see the new rows.
        sqlx::query("VACUUM (FULL, ANALYZE) order_rollup")
            .execute(pool)
            .await?;
        // A shop writes its orders as they come, so its search documents
        // lie on disk in time order; this loader writes the recent orders
        // before the history. Put them in time order, as a live shop's
        // are, so a search walking newest first by time reads neighbouring
        // pages (a million documents: 56 s; an item word's search went
        // from 61 to 45 ms).
        sqlx::query("CLUSTER order_search USING order_search_created_idx")
            .execute(pool)
            .await?;
        sqlx::query(
            "VACUUM (ANALYZE) clients, orders, order_items, order_stage_events, order_search",
        )
        .execute(pool)
        .await?;
    }
    Ok(orders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalog_is_big_enough_and_consistent() {
        assert!(PRODUCTS.len() >= 80, "{} products", PRODUCTS.len());
        assert!(CATEGORIES.len() >= 8);
        for p in PRODUCTS {
            assert!(
                CATEGORIES.iter().any(|c| c.0 == p.0),
                "{} has a category",
                p.1
            );
            assert!(!p.6.is_empty(), "{} has variants", p.1);
        }
        let mut slugs: Vec<&str> = PRODUCTS.iter().map(|p| p.1).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), PRODUCTS.len(), "slugs are unique");
    }

    #[test]
    fn pictures_are_svg_with_the_name_escaped() {
        let svg = picture("Bird's <Milk> & co", Kind::Cake, 10, 0);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Bird's &lt;Milk&gt; &amp; co"));
        assert_ne!(svg, picture("Bird's <Milk> & co", Kind::Cake, 10, 1));
    }
}
