//! The accounts' quotas, counted per window in the database
//! (`server::throttle`, shared by every instance):
//!
//! - **signing in**: per account *and* address, and per address. A
//!   stranger guessing elsewhere never uses up the owner's attempts; one
//!   address cannot try many accounts either.
//! - **reset links**: asking is counted per address, apart from signing in
//!   (asking for links never locks anyone out of signing in); the mails to
//!   one address are capped per hour, silently (the answer stays the same,
//!   so nobody learns who has an account).
//! - **sign-ups**: per address and hour (each sends a mail).
//! - **picture uploads**: per user and hour (each decodes a picture).

use std::net::IpAddr;
use std::time::Duration;

use crate::server::config::AuthConfig;
use crate::server::db::Db;
use crate::server::throttle::Limit;

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// Reset-link requests per address and hour.
pub const RESETS_PER_IP_PER_HOUR: u32 = 10;
/// Reset mails to one address per hour.
pub const RESET_MAILS_PER_HOUR: u32 = 3;
/// Picture uploads (avatars, product photos) per user and hour.
pub const UPLOADS_PER_USER_PER_HOUR: u32 = 60;

#[derive(Debug, Clone)]
pub struct Throttle {
    login_pair: Limit,
    login_ip: Limit,
    reset_ip: Limit,
    reset_mail: Limit,
    sign_up_ip: Limit,
    upload_user: Limit,
}

/// A refusal: try again after this long.
pub type Wait = Duration;

fn ip_key(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

impl Throttle {
    pub fn new(auth: &AuthConfig) -> Throttle {
        let limit = |name, limit, window| Limit {
            name,
            limit,
            window,
        };
        Throttle {
            login_pair: limit("login:pair", auth.login_attempts_per_account, MINUTE),
            login_ip: limit("login:ip", auth.login_attempts_per_ip, MINUTE),
            reset_ip: limit("reset:ip", RESETS_PER_IP_PER_HOUR, HOUR),
            reset_mail: limit("reset:mail", RESET_MAILS_PER_HOUR, HOUR),
            sign_up_ip: limit("signup:ip", auth.sign_ups_per_ip_per_hour, HOUR),
            upload_user: limit("upload:user", UPLOADS_PER_USER_PER_HOUR, HOUR),
        }
    }

    /// Counts a sign-in attempt at `email` from `ip`; `Some(wait)` refuses it.
    pub async fn sign_in(
        &self,
        db: &Db,
        email: &str,
        ip: Option<IpAddr>,
    ) -> Result<Option<Wait>, sqlx::Error> {
        let ip = ip_key(ip);
        // The address first: a flood from one address stops there.
        if let Some(wait) = self.login_ip.spend(db, &ip).await? {
            return Ok(Some(wait));
        }
        self.login_pair.spend(db, &format!("{email}|{ip}")).await
    }

    /// Counts a request for a reset link from `ip`; `Some(wait)` refuses it.
    pub async fn reset_request(
        &self,
        db: &Db,
        ip: Option<IpAddr>,
    ) -> Result<Option<Wait>, sqlx::Error> {
        self.reset_ip.spend(db, &ip_key(ip)).await
    }

    /// Whether another reset mail may go to `email` (counting it if so).
    pub async fn reset_mail(&self, db: &Db, email: &str) -> Result<bool, sqlx::Error> {
        Ok(self.reset_mail.spend(db, email).await?.is_none())
    }

    /// Counts a sign-up from `ip`; `Some(wait)` refuses it.
    pub async fn sign_up(&self, db: &Db, ip: Option<IpAddr>) -> Result<Option<Wait>, sqlx::Error> {
        self.sign_up_ip.spend(db, &ip_key(ip)).await
    }

    /// Counts a picture upload by `user_id`; `Some(wait)` refuses it.
    pub async fn upload(&self, db: &Db, user_id: i64) -> Result<Option<Wait>, sqlx::Error> {
        self.upload_user.spend(db, &user_id.to_string()).await
    }
}
