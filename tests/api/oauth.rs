//! Sign-in with an OAuth/OpenID provider, against a real one: the
//! `oidc-provider-mock` server from PyPI, started by this test (the set-up
//! installs it beside aiosmtpd). Google's flow is plain OpenID Connect, so
//! the app is configured as "Google" with the mock's endpoints.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::{TestApp, spawn_app_with};

struct Provider {
    child: Child,
    base: String,
}

impl Provider {
    async fn start() -> Provider {
        let python = std::env::var("KARAVAI_PYTHON").unwrap_or_else(|_| "python3".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(&python)
            .args(["-m", "oidc_provider_mock", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {python} (oidc-provider-mock): {e}"));
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..150 {
            if let Ok(res) = client
                .get(format!("{base}/.well-known/openid-configuration"))
                .send()
                .await
                && res.status().is_success()
            {
                return Provider { child, base };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the OpenID provider did not start (is oidc-provider-mock installed for {python}?)");
    }

    /// Creates or replaces the provider's user `sub` with these claims.
    async fn set_user(&self, sub: &str, claims: serde_json::Value) {
        let res = reqwest::Client::new()
            .put(format!("{}/users/{sub}", self.base))
            .json(&claims)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn app_with(provider: &Provider) -> TestApp {
    let base = provider.base.clone();
    spawn_app_with(move |c| {
        c.auth.google.client_id = "karavai-test".into();
        c.auth.google.client_secret = secrecy::SecretString::from("not-so-secret");
        c.auth.google.auth_url = format!("{base}/oauth2/authorize");
        c.auth.google.token_url = format!("{base}/oauth2/token");
        c.auth.google.info_url = format!("{base}/userinfo");
    })
    .await
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// Goes through the whole flow as `sub` in `browser`; returns where the app
/// sends the browser at the end.
async fn sign_in_as(app: &TestApp, browser: &reqwest::Client, sub: &str) -> String {
    let res = browser
        .get(app.url("/auth/oauth/google/start?next=/account"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "start redirects to the provider");
    let authorize = location(&res);
    assert!(authorize.contains("code_challenge="), "PKCE: {authorize}");
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "{authorize}"
    );
    assert!(authorize.contains("state="), "{authorize}");

    // The person approves at the provider (its form takes the subject).
    let res = browser
        .post(&authorize)
        .form(&[("sub", sub)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16() / 100,
        3,
        "the provider redirects back"
    );
    let callback = location(&res);
    assert!(
        callback.starts_with(&app.url("/auth/oauth/google/callback")),
        "{callback}"
    );

    let res = browser.get(&callback).send().await.unwrap();
    assert_eq!(res.status().as_u16() / 100, 3);
    location(&res)
}

#[tokio::test]
async fn a_verified_email_signs_in_and_links_the_account() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    provider
        .set_user(
            "galina-42",
            serde_json::json!({"email": "galina@example.com", "email_verified": true, "name": "Galina"}),
        )
        .await;
    let before = app.user_count().await;

    let browser = app.browser();
    assert_eq!(sign_in_as(&app, &browser, "galina-42").await, "/account");
    let (status, me) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["email"], "galina@example.com");
    assert_eq!(me["name"], "Galina");
    assert_eq!(me["role"], "customer");
    assert_eq!(app.user_count().await, before + 1);

    // Next time: the same account, no new user.
    let again = app.browser();
    sign_in_as(&app, &again, "galina-42").await;
    let (_, me_again) = app.call(&again, "accounts/me", &[]).await;
    assert_eq!(me_again["id"], me["id"]);
    assert_eq!(app.user_count().await, before + 1);
}

#[tokio::test]
async fn an_existing_account_is_linked_by_its_verified_email() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    provider
        .set_user(
            "anna-google",
            serde_json::json!({"email": "Anna@Karavai.local", "email_verified": true}),
        )
        .await;
    let before = app.user_count().await;
    let browser = app.browser();
    sign_in_as(&app, &browser, "anna-google").await;
    let (_, me) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(me["email"], "anna@karavai.local");
    assert_eq!(app.user_count().await, before, "linked, not duplicated");
}

#[tokio::test]
async fn an_unverified_email_links_nothing() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    provider
        .set_user(
            "mallory",
            serde_json::json!({"email": "admin@karavai.local", "email_verified": false}),
        )
        .await;
    let browser = app.browser();
    let landing = sign_in_as(&app, &browser, "mallory").await;
    assert_eq!(landing, "/login?oauth_error=no_verified_email");
    let (status, _) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 401, "not signed in as the admin");
}

#[tokio::test]
async fn a_callback_with_a_forged_state_is_refused() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let browser = app.browser();
    browser
        .get(app.url("/auth/oauth/google/start"))
        .send()
        .await
        .unwrap();
    let res = browser
        .get(app.url("/auth/oauth/google/callback?code=stolen&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/login?oauth_error=failed");
    let (status, _) = app.call(&browser, "accounts/me", &[]).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn unconfigured_providers_are_off() {
    let app = crate::helpers::spawn_app_with_demo().await;
    assert_eq!(app.get("/auth/oauth/google/start").await.status(), 404);
    let (_, providers) = app
        .call(&app.browser(), "accounts/oauth-providers", &[])
        .await;
    assert_eq!(
        providers,
        serde_json::json!({"github": false, "google": false})
    );
}
