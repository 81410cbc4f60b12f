use super::{Plural, Texts, plural_en};

pub const TEXTS: Texts = Texts {
    skip_to_content: "Skip to content",
    nav_label: "Main",
    nav_shop: "Shop",
    nav_categories: "Categories",
    nav_popular: "Popular",
    language: "Language",
    footer_tagline: "Baked fresh, ordered simply. Runs on karavai.",
    loading: "Loading…",

    hero_eyebrow: "Fresh every morning",
    hero_lead: "Celebration cakes made to order, bread and pastries from our own ovens.",
    hero_popular: "See what's popular",
    hero_categories: "Browse categories",
    categories_title: "Categories",
    shelves_empty_title: "The shelves are empty",
    shelves_empty_body: "No categories yet. An administrator can add them, or load the demo bakery with `karavai seed-demo`.",
    popular_now: "Popular now",
    filter_by_category: "Filter by category",
    chip_all: "All",
    nothing_here_title: "Nothing here yet",
    nothing_here_body: "No products in this category yet.",
    price_from: "from",
    products_count: |n| match plural_en(n) {
        Plural::One => format!("{n} product"),
        _ => format!("{n} products"),
    },
    made_to_order: |days| match plural_en(days.into()) {
        Plural::One => format!("Made to order · {days} day"),
        _ => format!("Made to order · {days} days"),
    },

    back_to_shop: "Back to the shop",
    not_found_title: "Page not found",
    not_found_body: "We could not find that page. It may have moved, or the link may be mistyped.",
    error_title: "Something went wrong",
    error_body: "Something went wrong on our side. Please try again in a moment.",
    request_failed_title: "That did not work",
};
