use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The runtime configuration. Read from Leptos.toml (see that file for what
/// each key means), every key overridable by `KARAVAI_<KEY>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub public_url: String,
    pub site_root: String,
    pub database_url: String,
    pub database_max_connections: u32,
    pub smtp_url: SecretString,
    pub mail_from: String,
    pub shop_name: String,
    pub currency: String,
    pub time_zone: String,
    pub default_locale: String,
    pub session_secret: SecretString,
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    pub metrics_token: SecretString,
    pub log_format: LogFormat,
    /// Sign-in attempts allowed per minute for one account (a burst of this
    /// many, then one every 60/n seconds).
    pub login_attempts_per_account: u32,
    /// Sign-in attempts allowed per minute from one IP address.
    pub login_attempts_per_ip: u32,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy
    /// that sets it).
    pub behind_proxy: bool,
    pub oauth_github_client_id: String,
    pub oauth_github_client_secret: SecretString,
    pub oauth_github_auth_url: String,
    pub oauth_github_token_url: String,
    pub oauth_github_api_url: String,
    pub oauth_google_client_id: String,
    pub oauth_google_client_secret: SecretString,
    pub oauth_google_auth_url: String,
    pub oauth_google_token_url: String,
    pub oauth_google_userinfo_url: String,
}

/// The keys of [`Config`]: only these `KARAVAI_*` variables are configuration
/// (others, such as the scripts' `KARAVAI_CACHE`, are not).
pub const KEYS: &[&str] = &[
    "site_addr",
    "public_url",
    "site_root",
    "database_url",
    "database_max_connections",
    "smtp_url",
    "mail_from",
    "shop_name",
    "currency",
    "time_zone",
    "default_locale",
    "session_secret",
    "metrics_token",
    "log_format",
    "login_attempts_per_account",
    "login_attempts_per_ip",
    "behind_proxy",
    "oauth_github_client_id",
    "oauth_github_client_secret",
    "oauth_github_auth_url",
    "oauth_github_token_url",
    "oauth_github_api_url",
    "oauth_google_client_id",
    "oauth_google_client_secret",
    "oauth_google_auth_url",
    "oauth_google_token_url",
    "oauth_google_userinfo_url",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            site_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: String::new(),
            site_root: "target/site".into(),
            database_url: "sqlite://data/karavai.db".into(),
            database_max_connections: 16,
            smtp_url: SecretString::from(""),
            mail_from: "karavai <shop@karavai.local>".into(),
            shop_name: "Karavai Bakery".into(),
            currency: "RUB".into(),
            time_zone: "Europe/Moscow".into(),
            default_locale: "en".into(),
            session_secret: SecretString::from(
                "change-me-this-is-the-karavai-demo-secret-0123456789",
            ),
            metrics_token: SecretString::from(""),
            log_format: LogFormat::Pretty,
            login_attempts_per_account: 5,
            login_attempts_per_ip: 30,
            behind_proxy: false,
            oauth_github_client_id: String::new(),
            oauth_github_client_secret: SecretString::from(""),
            oauth_github_auth_url: "https://github.com/login/oauth/authorize".into(),
            oauth_github_token_url: "https://github.com/login/oauth/access_token".into(),
            oauth_github_api_url: "https://api.github.com".into(),
            oauth_google_client_id: String::new(),
            oauth_google_client_secret: SecretString::from(""),
            oauth_google_auth_url: "https://accounts.google.com/o/oauth2/v2/auth".into(),
            oauth_google_token_url: "https://oauth2.googleapis.com/token".into(),
            oauth_google_userinfo_url: "https://openidconnect.googleapis.com/v1/userinfo".into(),
        }
    }
}

/// A configuration that cannot be used, with the reason.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration: {0}")]
    Read(#[from] Box<figment::Error>),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// The shop's time zone (`time_zone`); an unknown name falls back to UTC.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// Unix seconds of the shop's midnight starting `date` (the earliest,
    /// when a clock change makes midnight happen twice).
    pub fn midnight(&self, date: chrono::NaiveDate) -> i64 {
        use chrono::TimeZone;
        let naive = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        self.tz()
            .from_local_datetime(&naive)
            .earliest()
            .map(|d| d.timestamp())
            .unwrap_or_else(|| naive.and_utc().timestamp())
    }

    /// Reads `path` (a missing file is fine: defaults apply), then the environment.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Self::from_figment(
            Figment::new()
                .merge(Toml::file(path))
                .merge(Env::prefixed("KARAVAI_").only(KEYS)),
        )
    }

    /// Builds a configuration from a figment (tests layer their own values).
    pub fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError::Read(Box::new(e)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |m: &str| Err(ConfigError::Invalid(m.to_string()));
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return invalid("database_url must start with sqlite: or postgres://");
        }
        if self.session_secret.expose_secret().len() < 32 {
            return invalid("session_secret must be at least 32 characters");
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            return invalid("currency must be an ISO 4217 code such as RUB or EUR");
        }
        if !matches!(self.default_locale.as_str(), "en" | "ru") {
            return invalid("default_locale must be \"en\" or \"ru\"");
        }
        if self.login_attempts_per_account == 0 || self.login_attempts_per_ip == 0 {
            return invalid(
                "login_attempts_per_account and login_attempts_per_ip must be at least 1",
            );
        }
        if self.database_max_connections == 0 {
            return invalid("database_max_connections must be at least 1");
        }
        Ok(())
    }

    /// The public base URL, without a trailing slash.
    pub fn public_url(&self) -> String {
        if self.public_url.is_empty() {
            format!("http://{}", self.site_addr)
        } else {
            self.public_url.trim_end_matches('/').to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(key: &str, value: &str) -> Result<Config, ConfigError> {
        Config::from_figment(Figment::new().merge(Serialized::default(key, value)))
    }

    #[test]
    fn defaults_are_valid() {
        let c = Config::from_figment(Figment::new()).unwrap();
        assert_eq!(c.currency, "RUB");
        assert!(c.database_url.starts_with("sqlite:"));
    }

    #[test]
    fn rejects_bad_values_with_a_reason() {
        let e = with("currency", "rubles").unwrap_err().to_string();
        assert!(e.contains("ISO 4217"), "{e}");
        let e = with("session_secret", "short").unwrap_err().to_string();
        assert!(e.contains("32 characters"), "{e}");
        let e = with("database_url", "mysql://x").unwrap_err().to_string();
        assert!(e.contains("database_url"), "{e}");
        let e = with("default_locale", "de").unwrap_err().to_string();
        assert!(e.contains("default_locale"), "{e}");
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!(with("databse_url", "sqlite://x.db").is_err());
    }

    #[test]
    fn the_shipped_leptos_toml_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
        let c = Config::from_figment(Figment::new().merge(Toml::file(path))).unwrap();
        assert_eq!(c.shop_name, "Karavai Bakery");
    }

    #[test]
    fn secrets_never_print() {
        let c = Config::default();
        assert!(!format!("{c:?}").contains("demo-secret"));
    }
}
