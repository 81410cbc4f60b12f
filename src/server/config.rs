//! The runtime configuration, read once at start-up.
//!
//! Leptos.toml (or the file `KARAVAI_CONFIG` names) and the environment give
//! flat keys: `database_url` in the file, `KARAVAI_DATABASE_URL` in the
//! environment. [`Settings`] is that format, one field per key, and the only
//! list of the keys: the environment variables read are derived from its
//! fields. [`Config`] is what the program uses: the same values in sections
//! (server, database, mail, shop, auth), checked and parsed (the address,
//! the time zone, the locale, the currency) so nothing downstream parses a
//! setting again.

use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};

use crate::i18n::Locale;

/// The configuration as written: flat keys, each overridable by
/// `KARAVAI_<KEY>`. See Leptos.toml for what each key means.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub site_addr: SocketAddr,
    pub public_url: String,
    pub site_root: String,
    pub database_url: String,
    pub database_max_connections: u32,
    #[serde(serialize_with = "redacted")]
    pub smtp_url: SecretString,
    pub mail_from: String,
    pub shop_name: String,
    pub currency: String,
    pub time_zone: String,
    pub default_locale: String,
    #[serde(serialize_with = "redacted")]
    pub session_secret: SecretString,
    #[serde(serialize_with = "redacted")]
    pub metrics_token: SecretString,
    pub log_format: LogFormat,
    pub login_attempts_per_account: u32,
    pub login_attempts_per_ip: u32,
    pub sign_ups_per_ip_per_hour: u32,
    pub behind_proxy: bool,
    pub trusted_proxies: String,
    pub oauth_github_client_id: String,
    #[serde(serialize_with = "redacted")]
    pub oauth_github_client_secret: SecretString,
    pub oauth_github_auth_url: String,
    pub oauth_github_token_url: String,
    pub oauth_github_api_url: String,
    pub oauth_google_client_id: String,
    #[serde(serialize_with = "redacted")]
    pub oauth_google_client_secret: SecretString,
    pub oauth_google_auth_url: String,
    pub oauth_google_token_url: String,
    pub oauth_google_userinfo_url: String,
}

/// Secrets serialize as nothing: [`Settings::keys`] needs only the names.
fn redacted<S: Serializer>(_: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
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
            session_secret: SecretString::from(""),
            metrics_token: SecretString::from(""),
            log_format: LogFormat::Pretty,
            login_attempts_per_account: 5,
            login_attempts_per_ip: 30,
            sign_ups_per_ip_per_hour: 10,
            behind_proxy: false,
            trusted_proxies: "127.0.0.1, ::1".into(),
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

impl Settings {
    /// The keys, as the file spells them: only `KARAVAI_` followed by one of
    /// these is configuration (the scripts' `KARAVAI_CACHE` is not).
    pub fn keys() -> Vec<String> {
        match serde_json::to_value(Settings::default()) {
            Ok(serde_json::Value::Object(map)) => map.into_iter().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        }
    }
}

/// Secrets that were ever published with karavai (its old shipped default):
/// refused wherever the shop can be reached from another machine.
pub const PUBLISHED_SECRETS: &[&str] = &["change-me-this-is-the-karavai-demo-secret-0123456789"];

/// The configuration the program uses: checked, parsed, in sections.
#[derive(Debug, Clone)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub mail: MailConfig,
    pub shop: ShopConfig,
    pub auth: AuthConfig,
}

/// Where and how the web server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The address to listen on (port 0: any free port, then the real one).
    pub site_addr: SocketAddr,
    /// The address users reach the shop at, without a trailing slash; empty
    /// for `http://{site_addr}`. Links in mails and cookie security follow it.
    pub public_url: String,
    /// The built site (`target/site`): the wasm, the styles, the files.
    pub site_root: String,
    pub log_format: LogFormat,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy
    /// that sets it).
    pub behind_proxy: bool,
    /// The proxies whose `X-Forwarded-For` entries are believed: the client
    /// is the last address added before one of these (right to left).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    pub metrics_token: SecretString,
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`.
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://…`, `smtps://…`; empty: mail is written to the log.
    pub smtp_url: SecretString,
    pub from: String,
}

/// The shop as its customers see it.
#[derive(Debug, Clone)]
pub struct ShopConfig {
    pub name: String,
    /// ISO 4217, e.g. RUB.
    pub currency: String,
    /// Days, opening hours and reports follow this zone.
    pub time_zone: chrono_tz::Tz,
    /// The language of a visitor whose browser asks for none we have.
    pub default_locale: Locale,
}

#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// Where the API tokens' key comes from when the operator sets it; empty
    /// (the default): the installation's own secret (`server::keys`).
    pub session_secret: SecretString,
    /// Sign-in attempts allowed per minute for one account from one
    /// address (strangers elsewhere never use up the owner's).
    pub login_attempts_per_account: u32,
    /// Sign-in attempts allowed per minute from one IP address.
    pub login_attempts_per_ip: u32,
    /// New accounts allowed per hour from one IP address.
    pub sign_ups_per_ip_per_hour: u32,
    pub github: OAuthApp,
    pub google: OAuthApp,
}

/// An OAuth provider's app as registered with it; no client id: not offered.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: SecretString,
    pub auth_url: String,
    pub token_url: String,
    /// Where the user's profile is read: GitHub's API base, Google's userinfo.
    pub info_url: String,
}

impl Default for Config {
    fn default() -> Self {
        Config::try_from(Settings::default()).expect("the default settings are valid")
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

/// `trusted_proxies`: addresses or networks separated by commas or spaces;
/// an address alone is a network of one. `Err(entry)` names a bad one.
fn parse_proxies(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty())
        .map(|e| {
            e.parse::<ipnet::IpNet>()
                .or_else(|_| e.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| e.to_owned())
        })
        .collect()
}

impl TryFrom<Settings> for Config {
    type Error = ConfigError;

    fn try_from(s: Settings) -> Result<Config, ConfigError> {
        let invalid = |m: &str| ConfigError::Invalid(m.to_string());
        if !(s.database_url.starts_with("sqlite:")
            || s.database_url.starts_with("postgres://")
            || s.database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "database_url must start with sqlite: or postgres://",
            ));
        }
        let secret = s.session_secret.expose_secret();
        if !secret.is_empty() && secret.len() < 32 {
            return Err(invalid(
                "session_secret must be at least 32 characters (or empty: the installation makes its own)",
            ));
        }
        let reachable = !s.public_url.is_empty() || !s.site_addr.ip().is_loopback();
        if PUBLISHED_SECRETS.contains(&secret) && reachable {
            return Err(invalid(
                "session_secret is the demo value published with karavai: anyone could sign API tokens. \
                 Remove it (the installation then makes its own secret) or set one of your own",
            ));
        }
        if s.currency.len() != 3 || !s.currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(invalid(
                "currency must be an ISO 4217 code such as RUB or EUR",
            ));
        }
        let default_locale = Locale::parse(&s.default_locale)
            .ok_or_else(|| invalid("default_locale must be \"en\" or \"ru\""))?;
        let time_zone: chrono_tz::Tz = s.time_zone.parse().map_err(|_| {
            invalid("time_zone must be a zone of the tz database, such as Europe/Moscow")
        })?;
        if s.login_attempts_per_account == 0
            || s.login_attempts_per_ip == 0
            || s.sign_ups_per_ip_per_hour == 0
        {
            return Err(invalid(
                "login_attempts_per_account, login_attempts_per_ip and sign_ups_per_ip_per_hour must be at least 1",
            ));
        }
        let trusted_proxies = parse_proxies(&s.trusted_proxies).map_err(|bad| {
            invalid(&format!(
                "trusted_proxies: \"{bad}\" is not an address or network (such as 10.0.0.0/8)"
            ))
        })?;
        if s.database_max_connections == 0 {
            return Err(invalid("database_max_connections must be at least 1"));
        }
        let public_url = s.public_url.trim_end_matches('/').to_owned();
        if !(public_url.is_empty()
            || public_url.starts_with("http://")
            || public_url.starts_with("https://"))
        {
            return Err(invalid("public_url must start with http:// or https://"));
        }
        Ok(Config {
            server: ServerConfig {
                site_addr: s.site_addr,
                public_url,
                site_root: s.site_root,
                log_format: s.log_format,
                behind_proxy: s.behind_proxy,
                trusted_proxies,
                metrics_token: s.metrics_token,
            },
            database: DatabaseConfig {
                url: s.database_url,
                max_connections: s.database_max_connections,
            },
            mail: MailConfig {
                smtp_url: s.smtp_url,
                from: s.mail_from,
            },
            shop: ShopConfig {
                name: s.shop_name,
                currency: s.currency,
                time_zone,
                default_locale,
            },
            auth: AuthConfig {
                session_secret: s.session_secret,
                login_attempts_per_account: s.login_attempts_per_account,
                login_attempts_per_ip: s.login_attempts_per_ip,
                sign_ups_per_ip_per_hour: s.sign_ups_per_ip_per_hour,
                github: OAuthApp {
                    client_id: s.oauth_github_client_id,
                    client_secret: s.oauth_github_client_secret,
                    auth_url: s.oauth_github_auth_url,
                    token_url: s.oauth_github_token_url,
                    info_url: s.oauth_github_api_url.trim_end_matches('/').to_owned(),
                },
                google: OAuthApp {
                    client_id: s.oauth_google_client_id,
                    client_secret: s.oauth_google_client_secret,
                    auth_url: s.oauth_google_auth_url,
                    token_url: s.oauth_google_token_url,
                    info_url: s.oauth_google_userinfo_url,
                },
            },
        })
    }
}

impl Config {
    /// The shop's time zone.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.shop.time_zone
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
        let keys = Settings::keys();
        Self::from_figment(Figment::new().merge(Toml::file(path)).merge(
            Env::prefixed("KARAVAI_").filter(move |k| keys.iter().any(|key| k == key.as_str())),
        ))
    }

    /// Builds a configuration from a figment (tests layer their own values).
    pub fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        let settings: Settings = figment
            .extract()
            .map_err(|e| ConfigError::Read(Box::new(e)))?;
        Config::try_from(settings)
    }

    /// The public base URL, without a trailing slash.
    pub fn public_url(&self) -> String {
        if self.server.public_url.is_empty() {
            format!("http://{}", self.server.site_addr)
        } else {
            self.server.public_url.clone()
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
        assert_eq!(c.shop.currency, "RUB");
        assert!(c.database.url.starts_with("sqlite:"));
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
        let e = with("time_zone", "Mars/Olympus").unwrap_err().to_string();
        assert!(e.contains("time_zone"), "{e}");
        let e = with("public_url", "shop.example").unwrap_err().to_string();
        assert!(e.contains("public_url"), "{e}");
        let e = with("trusted_proxies", "10.0.0.1, proxy.local")
            .unwrap_err()
            .to_string();
        assert!(e.contains("proxy.local"), "{e}");
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let c = with("trusted_proxies", "10.0.0.0/8 ::1,192.168.1.7").unwrap();
        let nets: Vec<String> = c
            .server
            .trusted_proxies
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(nets, ["10.0.0.0/8", "::1/128", "192.168.1.7/32"]);
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!(with("databse_url", "sqlite://x.db").is_err());
    }

    #[test]
    fn the_shipped_leptos_toml_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml");
        let c = Config::from_figment(Figment::new().merge(Toml::file(path))).unwrap();
        assert_eq!(c.shop.name, "Karavai Bakery");
    }

    #[test]
    fn the_keys_are_the_settings_fields() {
        let keys = Settings::keys();
        assert_eq!(keys.len(), 29, "{keys:?}");
        for key in [
            "database_url",
            "session_secret",
            "oauth_google_userinfo_url",
        ] {
            assert!(keys.iter().any(|k| k == key), "{key}");
        }
    }

    #[test]
    // figment's own error type, as its Jail wants it.
    #[allow(clippy::result_large_err)]
    fn the_environment_overrides_the_file_and_other_karavai_variables_are_ignored() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "karavai.toml",
                "shop_name = \"From the file\"\ncurrency = \"EUR\"",
            )?;
            jail.set_env("KARAVAI_SHOP_NAME", "From the environment");
            jail.set_env("KARAVAI_CACHE", "/tmp/not-configuration");
            let c = Config::load(Path::new("karavai.toml")).map_err(|e| e.to_string())?;
            assert_eq!(c.shop.name, "From the environment");
            assert_eq!(c.shop.currency, "EUR");
            assert_eq!(c.shop.time_zone, chrono_tz::Europe::Moscow);
            Ok(())
        });
    }

    #[test]
    fn the_published_demo_secret_is_refused_where_others_can_reach_the_shop() {
        let demo = PUBLISHED_SECRETS[0];
        let build = |extra: (&str, &str)| {
            Config::from_figment(
                Figment::new()
                    .merge(Serialized::default("session_secret", demo))
                    .merge(Serialized::default(extra.0, extra.1)),
            )
        };
        let e = build(("public_url", "https://shop.example"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("demo value"), "{e}");
        let e = build(("site_addr", "0.0.0.0:3000"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("demo value"), "{e}");
        // On this machine only (a demo, a test), it still starts.
        assert!(build(("site_addr", "127.0.0.1:3000")).is_ok());
        // The default is no secret at all: the installation makes its own.
        assert_eq!(Config::default().auth.session_secret.expose_secret(), "");
    }

    #[test]
    fn secrets_never_print() {
        let mut c = Config::default();
        c.auth.session_secret = SecretString::from("a-demo-secret-that-must-stay-hidden-123");
        assert!(!format!("{c:?}").contains("demo-secret"));
    }
}
