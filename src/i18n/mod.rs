//! Two languages, English and Russian, for every string of the UI.
//!
//! Strings are a typed table ([`Texts`]): one `const` per language, checked by
//! the compiler (a missing translation does not build), free at run time and
//! small in the wasm. Plurals are functions of the count, following CLDR's
//! rules for each language (Russian has one/few/many: 1 торт, 2 торта, 5 тортов).
//!
//! The visitor's language is chosen on the server (the `lang` cookie, then
//! `Accept-Language`, then the shop's default), so the first HTML is already in
//! it; the browser learns it from the shell and never flashes the other one.

mod en;
#[cfg(feature = "ssr")]
pub mod routes;
mod ru;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The cookie that remembers a visitor's choice.
pub const COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Ru,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ru => "Русский",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "ru" => Some(Locale::Ru),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by weight.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut ranges: Vec<(f32, Locale)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let locale = Locale::parse(primary)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, locale))
            })
            .collect();
        // Stable: equal weights keep the header's order.
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.first().map(|(_, l)| *l)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::En => &en::TEXTS,
            Locale::Ru => &ru::TEXTS,
        }
    }
}

/// CLDR plural categories used by our languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Few,
    Many,
}

/// English: one (1) or many (everything else, "other" in CLDR).
pub fn plural_en(n: i64) -> Plural {
    if n == 1 { Plural::One } else { Plural::Many }
}

/// Russian (CLDR, integers): one 1, 21, 101…; few 2–4, 22–24…; many 0, 5–20, 25–30…
pub fn plural_ru(n: i64) -> Plural {
    let n = n.unsigned_abs();
    let (d, h) = (n % 10, n % 100);
    if d == 1 && h != 11 {
        Plural::One
    } else if (2..=4).contains(&d) && !(12..=14).contains(&h) {
        Plural::Few
    } else {
        Plural::Many
    }
}

/// Every UI string, per language. Fields that take values are functions.
pub struct Texts {
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_shop: &'static str,
    pub nav_categories: &'static str,
    pub nav_popular: &'static str,
    pub language: &'static str,
    pub footer_tagline: &'static str,
    pub loading: &'static str,

    pub hero_eyebrow: &'static str,
    pub hero_lead: &'static str,
    pub hero_popular: &'static str,
    pub hero_categories: &'static str,
    pub categories_title: &'static str,
    pub shelves_empty_title: &'static str,
    pub shelves_empty_body: &'static str,
    pub popular_now: &'static str,
    pub filter_by_category: &'static str,
    pub chip_all: &'static str,
    pub nothing_here_title: &'static str,
    pub nothing_here_body: &'static str,
    pub price_from: &'static str,
    pub products_count: fn(i64) -> String,
    pub made_to_order: fn(i32) -> String,

    pub nav_catalog: &'static str,
    pub nav_clients: &'static str,
    /// The back office's orders table.
    pub nav_all_orders: &'static str,
    pub nav_reports: &'static str,
    pub nav_analytics: &'static str,
    /// The header's other links and the sign-in menu, and the error pages
    /// every route may show: here, with the storefront's strings, so a
    /// landing page's wasm carries no other feature's texts.
    pub nav_my_orders: &'static str,
    pub nav_supplier: &'static str,
    pub nav_board: &'static str,
    pub nav_stages: &'static str,
    pub nav_users: &'static str,
    pub nav_outbox: &'static str,
    /// The storefront header's one link into the back office, and the back
    /// office's side navigation: its groups, the plan, the menu button.
    pub nav_back_office: &'static str,
    pub nav_back_office_label: &'static str,
    pub nav_group_sales: &'static str,
    pub nav_group_production: &'static str,
    pub nav_group_catalog: &'static str,
    pub nav_assortment: &'static str,
    pub nav_group_admin: &'static str,
    pub nav_production_board: &'static str,
    pub nav_plan: &'static str,
    pub nav_menu: &'static str,
    pub nav_to_shop: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub register: &'static str,
    pub account: &'static str,
    pub sign_in_required_title: &'static str,
    pub sign_in_required_body: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_body: &'static str,
    pub sold_out: &'static str,
    /// A product whose supplier takes no orders now: its tile's badge, and
    /// the notice its page shows instead of the cart form.
    pub paused: &'static str,
    pub paused_notice: &'static str,
    pub catalog_title: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub filters: &'static str,
    pub category: &'static str,
    pub any: &'static str,
    pub size: &'static str,
    pub price: &'static str,
    pub price_min: &'static str,
    pub price_max: &'static str,
    pub in_stock_at: &'static str,
    pub any_store: &'static str,
    pub supplier: &'static str,
    pub sort: &'static str,
    pub sort_relevance: &'static str,
    pub sort_popular: &'static str,
    pub sort_newest: &'static str,
    pub sort_price_asc: &'static str,
    pub sort_price_desc: &'static str,
    pub apply: &'static str,
    pub clear_filters: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub no_results_title: &'static str,
    pub no_results_body: &'static str,
    pub description: &'static str,
    pub choose_variant: &'static str,
    pub characteristics: &'static str,
    pub stock_by_store: &'static str,
    pub baked_to_order: &'static str,
    pub related: &'static str,
    pub photos: &'static str,
    pub results_count: fn(i64) -> String,
    pub page_of: fn(i64, i64) -> String,
    pub units_left: fn(i64) -> String,
    pub earliest_ready: fn(&str) -> String,

    pub back_to_shop: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub request_failed_title: &'static str,
}

/// The current visitor's language (from context, provided by `<App/>`).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The current visitor's strings.
pub fn storefront_texts() -> &'static Texts {
    use_locale().texts()
}

/// The visitor's language on the server: the cookie, then Accept-Language,
/// then `default`.
#[cfg(feature = "ssr")]
pub fn negotiate(headers: &axum::http::HeaderMap, default: Locale) -> Locale {
    use axum::http::header::{ACCEPT_LANGUAGE, COOKIE as COOKIE_HEADER};
    let from_cookie = headers
        .get_all(COOKIE_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Locale::parse(value));
    from_cookie
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or(default)
}

/// The language of the request being answered (server functions, mail).
#[cfg(feature = "ssr")]
pub fn request_locale() -> Locale {
    let default = use_context::<crate::server::AppState>()
        .map(|s| s.config.shop.default_locale)
        .unwrap_or_default();
    use_context::<axum::http::request::Parts>()
        .map(|parts| negotiate(&parts.headers, default))
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_cldr() {
        let one = [1, 21, 31, 101, 1001];
        let few = [2, 3, 4, 22, 23, 24, 102, 1004];
        let many = [0, 5, 9, 10, 11, 12, 13, 14, 15, 19, 20, 25, 100, 111, 112];
        for n in one {
            assert_eq!(plural_ru(n), Plural::One, "{n}");
        }
        for n in few {
            assert_eq!(plural_ru(n), Plural::Few, "{n}");
        }
        for n in many {
            assert_eq!(plural_ru(n), Plural::Many, "{n}");
        }
    }

    #[test]
    fn counts_read_naturally_in_both_languages() {
        let ru = Locale::Ru.texts();
        assert_eq!((ru.products_count)(1), "1 товар");
        assert_eq!((ru.products_count)(2), "2 товара");
        assert_eq!((ru.products_count)(5), "5 товаров");
        assert_eq!((ru.products_count)(21), "21 товар");
        let en = Locale::En.texts();
        assert_eq!((en.products_count)(1), "1 product");
        assert_eq!((en.products_count)(3), "3 products");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Locale::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"),
            Some(Locale::Ru)
        );
        assert_eq!(
            Locale::from_accept_language("de-DE,en;q=0.5,ru;q=0.7"),
            Some(Locale::Ru)
        );
        assert_eq!(Locale::from_accept_language("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_accept_language("de,fr;q=0.5"), None);
        assert_eq!(Locale::from_accept_language("ru;q=0"), None);
        assert_eq!(Locale::from_accept_language(""), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_cookie_beats_the_browser_which_beats_the_default() {
        use axum::http::{HeaderMap, HeaderValue};
        let mut h = HeaderMap::new();
        assert_eq!(negotiate(&h, Locale::Ru), Locale::Ru);
        h.insert("accept-language", HeaderValue::from_static("en-US"));
        assert_eq!(negotiate(&h, Locale::Ru), Locale::En);
        h.insert("cookie", HeaderValue::from_static("a=1; lang=ru; b=2"));
        assert_eq!(negotiate(&h, Locale::En), Locale::Ru);
        h.insert("cookie", HeaderValue::from_static("lang=xx"));
        assert_eq!(
            negotiate(&h, Locale::Ru),
            Locale::En,
            "a bad cookie is ignored"
        );
    }
}
