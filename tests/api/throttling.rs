//! Throttling that stops guessing without letting strangers lock anyone
//! out: sign-in per account and address and per address, reset links and
//! sign-ups apart from it, the client's address as the trusted proxies saw
//! it, and one quota across every instance on one database.

use crate::helpers::{TestApp, is_postgres, spawn_app_with, spawn_second_instance_with};

/// A browser whose requests arrive through our proxy (127.0.0.1) on behalf
/// of `client` (what the proxy appends to `X-Forwarded-For`); `claimed` is
/// what the client itself put in front.
async fn call_from(
    app: &TestApp,
    browser: &reqwest::Client,
    forwarded: &str,
    endpoint: &str,
    args: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let res = browser
        .post(app.url(&format!("/rpc/{endpoint}")))
        .header("Accept", "application/json")
        .header("X-Forwarded-For", forwarded)
        .form(args)
        .send()
        .await
        .expect("request failed");
    let status = res.status().as_u16();
    let text = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

const ANNA: &str = "anna@karavai.local";
const ANNA_PASSWORD: &str = "karavai-customer";

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_per_address() {
    let app = spawn_app_with(|c| {
        c.auth.login_attempts_per_account = 3;
        c.auth.login_attempts_per_ip = 5;
    })
    .await;
    let browser = app.browser();
    for _ in 0..3 {
        let (status, _) = app
            .call(
                &browser,
                "accounts/login",
                &[
                    ("email", "anna@karavai.local"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(status, 422);
    }
    // The fourth try is refused before the password is even checked, right or not.
    let (status, body) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "anna@karavai.local"),
                ("password", "karavai-customer"),
            ],
        )
        .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "too_many_requests");
    assert!(
        body["detail"].as_str().unwrap().contains("Try again in"),
        "{body}"
    );

    // Another account from the same address: allowed until the address's quota (5) ends.
    let (status, _) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "manager@karavai.local"),
                ("password", "karavai-manager"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            &browser,
            "accounts/login",
            &[
                ("email", "baker@karavai.local"),
                ("password", "karavai-baker"),
            ],
        )
        .await;
    assert_eq!(status, 429, "the address has used its 5 attempts");
}

/// Five wrong passwords and five "forgot password" requests from other
/// addresses used to lock the owner out (and one request every 12 s kept
/// it locked). Now strangers spend their own quotas: the owner, from her
/// own address, signs in; reset requests never touch sign-in at all.
#[tokio::test]
async fn strangers_elsewhere_never_lock_the_owner_out() {
    let app = spawn_app_with(|c| {
        c.server.behind_proxy = true;
        c.auth.login_attempts_per_account = 3;
        c.auth.login_attempts_per_ip = 30;
    })
    .await;
    let attacker = app.browser();
    for i in 0..8 {
        let from = format!("198.51.100.{}", i % 2 + 1);
        let (status, _) = call_from(
            &app,
            &attacker,
            &from,
            "accounts/login",
            &[("email", ANNA), ("password", "guess guess guess")],
        )
        .await;
        assert!(status == 422 || status == 429, "{status}");
        let (status, _) = call_from(
            &app,
            &attacker,
            &from,
            "accounts/forgot",
            &[("email", ANNA)],
        )
        .await;
        assert!(status == 200 || status == 429, "{status}");
    }
    // The attacker's addresses are stopped…
    let (status, _) = call_from(
        &app,
        &attacker,
        "198.51.100.1",
        "accounts/login",
        &[("email", ANNA), ("password", ANNA_PASSWORD)],
    )
    .await;
    assert_eq!(
        status, 429,
        "the attacker's pair is closed, right password or not"
    );
    // …and the owner is not.
    let anna = app.browser();
    let (status, body) = call_from(
        &app,
        &anna,
        "203.0.113.5",
        "accounts/login",
        &[("email", ANNA), ("password", ANNA_PASSWORD)],
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // Reset mails to one address are capped (silently: the answer is the same).
    let mails: i64 = karavai::db_read!(&app.db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE payload LIKE '%anna@karavai.local%' AND payload LIKE '%/reset?token=%'"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(
        mails,
        i64::from(karavai::accounts::throttle::RESET_MAILS_PER_HOUR),
        "reset mails to one address per hour"
    );
}

/// Behind a proxy the client chooses the left of `X-Forwarded-For`: a new
/// made-up address each time must not buy a new quota. The address is the
/// one our proxy (127.0.0.1, trusted) appended.
#[tokio::test]
async fn a_made_up_forwarded_address_buys_no_new_quota() {
    let app = spawn_app_with(|c| {
        c.server.behind_proxy = true;
        c.auth.login_attempts_per_account = 3;
    })
    .await;
    let attacker = app.browser();
    let mut statuses = Vec::new();
    for i in 0..5 {
        let forwarded = format!("10.9.8.{i}, 198.51.100.77");
        let (status, _) = call_from(
            &app,
            &attacker,
            &forwarded,
            "accounts/login",
            &[("email", ANNA), ("password", "guess guess guess")],
        )
        .await;
        statuses.push(status);
    }
    assert_eq!(statuses, [422, 422, 422, 429, 429]);
}

/// Sign-ups are counted per address (each sends a mail), and an address
/// that has an account gets the very answer a new one gets: its owner is
/// mailed instead, and nothing else happens.
#[tokio::test]
async fn sign_ups_are_throttled_and_a_taken_address_is_not_revealed() {
    let app = spawn_app_with(|c| c.auth.sign_ups_per_ip_per_hour = 3).await;
    let browser = app.browser();
    let before = app.user_count().await;
    let register = |email: &'static str| {
        let (app, browser) = (&app, &browser);
        async move {
            app.call(
                browser,
                "accounts/register",
                &[
                    ("name", "Vera"),
                    ("email", email),
                    ("password", "rye bread at dawn"),
                ],
            )
            .await
        }
    };
    let new = register("vera@example.com").await;
    let taken = register("ANNA@karavai.local").await;
    assert_eq!(new.0, 200, "{:?}", new.1);
    assert_eq!(new, taken, "the same answer for a taken address");
    assert_eq!(app.user_count().await, before + 1, "only Vera was added");
    let mail = app.mail_to(ANNA, "already has an account").await;
    assert!(mail.contains("/reset?token="), "{mail}");

    // The address's quota (3) is spent: the fourth is refused, whatever the email.
    assert_eq!(register("boris@example.com").await.0, 200);
    let (status, body) = register("gleb@example.com").await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(app.user_count().await, before + 2);
}

/// Two instances on one PostgreSQL database count together: before, each
/// allowed its own quota (two instances, twice the guesses).
#[tokio::test]
async fn every_instance_on_one_database_shares_the_quota() {
    if !is_postgres() {
        return; // one SQLite file has one instance
    }
    let quota = |c: &mut karavai::server::config::Config| {
        c.auth.login_attempts_per_account = 4;
    };
    let a = spawn_app_with(quota).await;
    let b = spawn_second_instance_with(&a, quota).await;
    let (ba, bb) = (a.browser(), b.browser());
    let mut statuses = Vec::new();
    for i in 0..6 {
        let (app, browser) = if i % 2 == 0 { (&a, &ba) } else { (&b, &bb) };
        let (status, _) = app
            .call(
                browser,
                "accounts/login",
                &[("email", ANNA), ("password", "guess guess guess")],
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(statuses, [422, 422, 422, 422, 429, 429]);
}
