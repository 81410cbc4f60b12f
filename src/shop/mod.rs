//! Shop-wide settings the UI needs on every page: name, currency, language.
//!
//! They are known before any page renders, so they travel without a request:
//! the server reads them from the configuration and writes them into the shell
//! as a JSON script element, which the browser reads once at hydration.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// The id of the `<script type="application/json">` element that carries it.
pub const ELEMENT_ID: &str = "karavai-shop";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopInfo {
    pub name: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The visitor's language (chosen on the server for this request).
    pub locale: Locale,
}

impl Default for ShopInfo {
    fn default() -> Self {
        ShopInfo {
            name: "Karavai".into(),
            currency: "RUB".into(),
            locale: Locale::En,
        }
    }
}

impl ShopInfo {
    #[cfg(feature = "ssr")]
    pub fn from_config(config: &crate::server::config::Config, locale: Locale) -> ShopInfo {
        ShopInfo {
            name: config.shop.name.clone(),
            currency: config.shop.currency.clone(),
            locale,
        }
    }

    /// The settings of the running shop, on either side.
    pub fn current() -> ShopInfo {
        #[cfg(feature = "ssr")]
        {
            let Some(state) = use_context::<crate::server::AppState>() else {
                return ShopInfo::default();
            };
            let default = state.config.shop.default_locale;
            let locale = use_context::<axum::http::request::Parts>()
                .map(|parts| crate::i18n::negotiate(&parts.headers, default))
                .unwrap_or(default);
            ShopInfo::from_config(&state.config, locale)
        }
        #[cfg(not(feature = "ssr"))]
        {
            document()
                .get_element_by_id(ELEMENT_ID)
                .and_then(|el| el.text_content())
                .and_then(|json| crate::ui::json_from_str(&json).ok())
                .unwrap_or_default()
        }
    }

    /// JSON safe to embed in a `<script>` element.
    pub fn to_script_json(&self) -> String {
        script_json(self)
    }
}

/// `value` as JSON safe to embed in a `<script>` element (no `</script>`).
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The shop settings, from context (provided by `<App/>`).
pub fn use_shop() -> ShopInfo {
    use_context::<ShopInfo>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let info = ShopInfo {
            name: "</script><b>x".into(),
            ..ShopInfo::default()
        };
        let json = info.to_script_json();
        assert!(!json.contains("</script>"));
        assert_eq!(serde_json::from_str::<ShopInfo>(&json).unwrap(), info);
    }
}
