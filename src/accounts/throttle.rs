//! Sign-in throttling with `governor` (GCRA rate limiting): a burst of N
//! attempts per minute for each account and for each client address, then
//! one more every 60/N seconds. Kept in memory per app instance: with
//! several instances behind a load balancer each allows its own quota,
//! which still caps a guessing attack at a few attempts per minute.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

#[derive(Clone)]
pub struct Throttle {
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    per_ip: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).expect("at least one"))
}

impl Throttle {
    pub fn new(per_account_per_minute: u32, per_ip_per_minute: u32) -> Throttle {
        let throttle = Throttle {
            per_account: Arc::new(RateLimiter::keyed(quota(per_account_per_minute))),
            per_ip: Arc::new(RateLimiter::keyed(quota(per_ip_per_minute))),
        };
        // Forget keys whose quota has fully recovered, so memory stays small.
        let weak_account = Arc::downgrade(&throttle.per_account);
        let weak_ip = Arc::downgrade(&throttle.per_ip);
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(300));
                loop {
                    tick.tick().await;
                    match (weak_account.upgrade(), weak_ip.upgrade()) {
                        (Some(a), Some(i)) => {
                            a.retain_recent();
                            i.retain_recent();
                        }
                        _ => return,
                    }
                }
            });
        }
        throttle
    }

    /// Counts one sign-in attempt for `account` from `ip`. `Err(wait)` when
    /// either has used up its quota: try again after `wait`.
    pub fn check(&self, account: &str, ip: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if let Some(ip) = ip
            && let Err(not_until) = self.per_ip.check_key(&ip)
        {
            return Err(not_until.wait_time_from(now));
        }
        self.per_account
            .check_key(&account.to_owned())
            .map_err(|not_until| not_until.wait_time_from(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_account_and_each_address_has_its_own_quota() {
        let t = Throttle::new(3, 5);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert!(t.check("anna@example.com", Some(ip)).is_ok());
        }
        let wait = t.check("anna@example.com", Some(ip)).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(20),
            "{wait:?}"
        );
        // Another account from the same address still may, until the address's quota ends.
        assert!(t.check("boris@example.com", Some(ip)).is_ok());
        assert!(
            t.check("boris@example.com", Some(ip)).is_err(),
            "address quota of 5 used up"
        );
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(t.check("vera@example.com", Some(other)).is_ok());
    }
}
