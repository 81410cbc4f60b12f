//! Sign-in with GitHub and Google: the OAuth 2 authorization-code flow with
//! PKCE (the `oauth2` crate). A provider is on when its client id is set in
//! Leptos.toml.
//!
//! `GET /auth/oauth/{provider}/start` keeps the CSRF state and the PKCE
//! verifier in the session and sends the browser to the provider; the
//! provider sends it back to `/auth/oauth/{provider}/callback`, where we
//! check the state, trade the code (with the verifier) for a token, and ask
//! the provider who this is. Only a *verified* email links or creates an
//! account: the same verified address means the same person.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::types::{Email, OAuthProviders};
use super::{guard, repo};
use crate::server::AppState;
use crate::server::config::Config;

const PENDING_KEY: &str = "oauth_pending";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    GitHub,
    /// An OpenID Connect provider with a userinfo endpoint (Google).
    Oidc,
}

/// One configured provider.
#[derive(Debug, Clone)]
pub struct Provider {
    pub name: &'static str,
    pub kind: Kind,
    client_id: String,
    client_secret: String,
    auth_url: String,
    token_url: String,
    /// GitHub: the API base; OIDC: the userinfo endpoint.
    info_url: String,
}

impl Provider {
    pub fn from_config(config: &Config, name: &str) -> Option<Provider> {
        let p = match name {
            "github" => Provider {
                name: "github",
                kind: Kind::GitHub,
                client_id: config.auth.github.client_id.clone(),
                client_secret: config.auth.github.client_secret.expose_secret().to_owned(),
                auth_url: config.auth.github.auth_url.clone(),
                token_url: config.auth.github.token_url.clone(),
                info_url: config.auth.github.info_url.clone(),
            },
            "google" => Provider {
                name: "google",
                kind: Kind::Oidc,
                client_id: config.auth.google.client_id.clone(),
                client_secret: config.auth.google.client_secret.expose_secret().to_owned(),
                auth_url: config.auth.google.auth_url.clone(),
                token_url: config.auth.google.token_url.clone(),
                info_url: config.auth.google.info_url.clone(),
            },
            _ => return None,
        };
        (!p.client_id.trim().is_empty()).then_some(p)
    }

    fn scopes(&self) -> &'static [&'static str] {
        match self.kind {
            Kind::GitHub => &["read:user", "user:email"],
            Kind::Oidc => &["openid", "email", "profile"],
        }
    }
}

/// Which providers are on.
pub fn providers(config: &Config) -> OAuthProviders {
    OAuthProviders {
        github: Provider::from_config(config, "github").is_some(),
        google: Provider::from_config(config, "google").is_some(),
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/oauth/{provider}/start", get(start))
        .route("/auth/oauth/{provider}/callback", get(callback))
}

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    provider: String,
    state: String,
    verifier: String,
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
struct StartQuery {
    next: Option<String>,
}

type ConfiguredClient = oauth2::Client<
    oauth2::basic::BasicErrorResponse,
    oauth2::basic::BasicTokenResponse,
    oauth2::basic::BasicTokenIntrospectionResponse,
    oauth2::StandardRevocableToken,
    oauth2::basic::BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

fn client(provider: &Provider, config: &Config) -> Result<ConfiguredClient, String> {
    let redirect = format!(
        "{}/auth/oauth/{}/callback",
        config.public_url(),
        provider.name
    );
    Ok(BasicClient::new(ClientId::new(provider.client_id.clone()))
        .set_client_secret(ClientSecret::new(provider.client_secret.clone()))
        .set_auth_uri(AuthUrl::new(provider.auth_url.clone()).map_err(|e| e.to_string())?)
        .set_token_uri(TokenUrl::new(provider.token_url.clone()).map_err(|e| e.to_string())?)
        .set_redirect_uri(RedirectUrl::new(redirect).map_err(|e| e.to_string())?))
}

fn to_login(error: &str) -> Response {
    Redirect::to(&format!("/login?oauth_error={error}")).into_response()
}

async fn start(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<StartQuery>,
    session: Session,
) -> Response {
    let Some(provider) = Provider::from_config(&state.config, &name) else {
        return crate::error::AppError::NotFound.into_response();
    };
    let client = match client(&provider, &state.config) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(provider = provider.name, error = %e, "OAuth is misconfigured");
            return to_login("failed");
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .set_pkce_challenge(challenge);
    for scope in provider.scopes() {
        request = request.add_scope(Scope::new((*scope).to_owned()));
    }
    let (url, csrf) = request.url();
    let pending = Pending {
        provider: provider.name.to_owned(),
        state: csrf.secret().clone(),
        verifier: verifier.secret().clone(),
        next: query
            .next
            .filter(|n| crate::server::redirect::local_path(n).is_some()),
    };
    if let Err(e) = session.insert(PENDING_KEY, pending).await {
        tracing::error!(error = %e, "could not keep the OAuth state");
        return to_login("failed");
    }
    Redirect::to(url.as_str()).into_response()
}

#[derive(Debug, Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Who the provider says the user is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub name: String,
}

async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<CallbackQuery>,
    session: Session,
) -> Response {
    let Some(provider) = Provider::from_config(&state.config, &name) else {
        return crate::error::AppError::NotFound.into_response();
    };
    let pending: Option<Pending> = session.remove(PENDING_KEY).await.ok().flatten();
    let Some(pending) = pending.filter(|p| p.provider == provider.name) else {
        return to_login("failed");
    };
    if let Some(error) = query.error {
        tracing::info!(
            provider = provider.name,
            error,
            "the provider refused sign-in"
        );
        return to_login("failed");
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return to_login("failed");
    };
    if returned_state != pending.state {
        tracing::warn!(provider = provider.name, "OAuth state mismatch");
        return to_login("failed");
    }
    let identity = match fetch_identity(&provider, &state.config, code, pending.verifier).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::warn!(provider = provider.name, error = %e, "OAuth sign-in failed");
            return to_login("failed");
        }
    };
    match link_and_sign_in(&state, &provider, identity, &session).await {
        Ok(Some(role)) => {
            let next = pending.next.unwrap_or_else(|| role.home().to_owned());
            Redirect::to(&next).into_response()
        }
        Ok(None) => to_login("no_verified_email"),
        Err(LinkError::Blocked) => to_login("blocked"),
        Err(LinkError::Other(e)) => {
            tracing::error!(error = %e, "OAuth linking failed");
            to_login("failed")
        }
    }
}

async fn fetch_identity(
    provider: &Provider,
    config: &Config,
    code: String,
    verifier: String,
) -> Result<Identity, String> {
    let http = reqwest::Client::builder()
        // The token endpoint must not redirect (SSRF protection, per oauth2's docs).
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .user_agent("karavai")
        .build()
        .map_err(|e| e.to_string())?;
    let token = client(provider, config)?
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&http)
        .await
        .map_err(|e| format!("token exchange: {e}"))?;
    let access = token.access_token().secret().clone();
    let get = |url: String| {
        let http = http.clone();
        let access = access.clone();
        async move {
            let res = http
                .get(url)
                .bearer_auth(access)
                .header("Accept", "application/json")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !res.status().is_success() {
                return Err(format!("{} answered {}", res.url(), res.status()));
            }
            res.json::<serde_json::Value>()
                .await
                .map_err(|e| e.to_string())
        }
    };
    match provider.kind {
        Kind::Oidc => Ok(parse_oidc(&get(provider.info_url.clone()).await?)?),
        Kind::GitHub => {
            let user = get(format!("{}/user", provider.info_url)).await?;
            let emails = get(format!("{}/user/emails", provider.info_url)).await?;
            parse_github(&user, &emails)
        }
    }
}

/// OpenID Connect userinfo: `sub`, and `email` only when `email_verified`.
pub fn parse_oidc(info: &serde_json::Value) -> Result<Identity, String> {
    let subject = match &info["sub"] {
        serde_json::Value::String(s) if !s.is_empty() => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("userinfo has no subject".into()),
    };
    let verified = match &info["email_verified"] {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::String(s) => s == "true",
        _ => false,
    };
    let email = info["email"]
        .as_str()
        .filter(|_| verified)
        .map(str::to_owned);
    let name = info["name"]
        .as_str()
        .or_else(|| info["given_name"].as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(Identity {
        subject,
        email,
        name,
    })
}

/// GitHub: `/user` for the id and name, `/user/emails` for a verified
/// address (the primary one when it is verified).
pub fn parse_github(
    user: &serde_json::Value,
    emails: &serde_json::Value,
) -> Result<Identity, String> {
    let subject = user["id"]
        .as_i64()
        .map(|id| id.to_string())
        .ok_or("GitHub user has no id")?;
    let list = emails.as_array().cloned().unwrap_or_default();
    let verified = |e: &&serde_json::Value| e["verified"].as_bool() == Some(true);
    let email = list
        .iter()
        .filter(verified)
        .find(|e| e["primary"].as_bool() == Some(true))
        .or_else(|| list.iter().find(verified))
        .and_then(|e| e["email"].as_str())
        .map(str::to_owned);
    let name = user["name"]
        .as_str()
        .or_else(|| user["login"].as_str())
        .unwrap_or_default()
        .to_owned();
    Ok(Identity {
        subject,
        email,
        name,
    })
}

enum LinkError {
    Blocked,
    Other(String),
}

impl From<sqlx::Error> for LinkError {
    fn from(e: sqlx::Error) -> Self {
        LinkError::Other(e.to_string())
    }
}

/// Finds or links the account, then signs in. `Ok(None)` when the provider
/// gave no verified email for an account we do not know yet.
async fn link_and_sign_in(
    state: &AppState,
    provider: &Provider,
    identity: Identity,
    session: &Session,
) -> Result<Option<super::types::Role>, LinkError> {
    let db = &state.db;
    let user_id = match repo::identity_user(db, provider.name, &identity.subject).await? {
        Some(id) => id,
        None => {
            let Some(email) = identity.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
                return Ok(None);
            };
            let existing = repo::find_login(db, &email).await?;
            let name = if identity.name.trim().is_empty() {
                email.as_str().split('@').next().unwrap_or("").to_owned()
            } else {
                identity.name.trim().chars().take(100).collect()
            };
            let id = repo::link_identity(
                db,
                provider.name,
                &identity.subject,
                existing.as_ref().map(|a| a.id),
                Some((&email, &name)),
            )
            .await?;
            // The provider vouches for the address.
            repo::mark_verified(db, id).await?;
            id
        }
    };
    let account = repo::find_login_by_id(db, user_id)
        .await?
        .ok_or_else(|| LinkError::Other("linked user vanished".into()))?;
    if account.blocked {
        return Err(LinkError::Blocked);
    }
    guard::sign_in(session, account.id, account.session_epoch)
        .await
        .map_err(|e| LinkError::Other(e.to_string()))?;
    crate::cart::api::ssr::merge_after_sign_in(db, session, account.id)
        .await
        .map_err(|e| LinkError::Other(e.to_string()))?;
    crate::analytics::record_login(db, account.id, "oauth").await;
    let role = repo::session_user(db, account.id)
        .await?
        .map(|(u, _, _)| u.role)
        .ok_or_else(|| LinkError::Other("linked user vanished".into()))?;
    crate::server::metrics::count_login("oauth");
    Ok(Some(role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn oidc_email_counts_only_when_verified() {
        let id = parse_oidc(
            &json!({"sub": "42", "email": "a@example.com", "email_verified": true, "name": "Anna"}),
        )
        .unwrap();
        assert_eq!(id.email.as_deref(), Some("a@example.com"));
        assert_eq!(id.name, "Anna");
        let id =
            parse_oidc(&json!({"sub": "42", "email": "a@example.com", "email_verified": false}))
                .unwrap();
        assert_eq!(id.email, None);
        let id = parse_oidc(&json!({"sub": "42", "email": "a@example.com"})).unwrap();
        assert_eq!(id.email, None, "unstated means unverified");
        assert!(parse_oidc(&json!({"email": "a@example.com"})).is_err());
    }

    #[test]
    fn github_prefers_the_verified_primary_address() {
        let user = json!({"id": 7, "login": "anna", "name": null});
        let emails = json!([
            {"email": "old@example.com", "primary": false, "verified": true},
            {"email": "main@example.com", "primary": true, "verified": true},
        ]);
        let id = parse_github(&user, &emails).unwrap();
        assert_eq!(id.subject, "7");
        assert_eq!(id.email.as_deref(), Some("main@example.com"));
        assert_eq!(id.name, "anna");
        let unverified = json!([{"email": "x@example.com", "primary": true, "verified": false}]);
        assert_eq!(parse_github(&user, &unverified).unwrap().email, None);
    }

    #[test]
    fn providers_are_off_until_configured() {
        let mut config = Config::default();
        assert_eq!(providers(&config), OAuthProviders::default());
        config.auth.google.client_id = "client".into();
        assert!(providers(&config).google);
        assert!(!providers(&config).github);
    }
}
