//! JSON Web Tokens for the REST API (seed 002): `POST /api/token/` trades a
//! username (the account's email) and password for an access token and a
//! refresh token; `POST /api/token/refresh/` trades a refresh token for a new
//! access token and a new refresh token (rotation: each refresh token works
//! once; one sent again, stolen or replayed, is refused and ends every
//! token of its family, `repo::api_tokens`). Every API request then carries
//! `Authorization: Bearer <access>`.
//!
//! Tokens are HS256 (jsonwebtoken), signed with the installation's own key
//! (`server::keys`), so every instance of a shop accepts every other's and
//! no other installation can make one. A
//! token carries the user's `session_epoch`: resetting the password,
//! "sign out everywhere" or blocking the user ends their tokens too, and the
//! user's role is read fresh on every request (one primary-key read), as for
//! sessions.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header;
use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::types::{Email, Role, SessionUser};
use super::{guard, password, repo};
use crate::error::{AppError, FieldErrors};
use crate::server::AppState;
use crate::server::openapi::{ErrorBody, RefreshRequest, TokenPair, TokenRequest};
use crate::server::rest::Payload;

/// How long an access token works (Django REST framework simplejwt's
/// default is 5 minutes; a little longer suits scripts that sync a batch).
pub const ACCESS_SECONDS: i64 = 15 * 60;
/// How long a refresh token works.
pub const REFRESH_SECONDS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Access,
    Refresh,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The user's id, as text (RFC 7519).
    sub: String,
    /// The user's `session_epoch` when the token was made.
    epoch: i32,
    typ: Kind,
    iat: i64,
    exp: i64,
    /// A refresh token's own id (used once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jti: Option<String>,
    /// A refresh token's family: every token traded from one sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fam: Option<String>,
}

fn key(state: &AppState) -> &[u8; 32] {
    state.keys.api_tokens()
}

/// A signed token of `kind` for `user_id` (a refresh token starts a family).
pub fn issue(state: &AppState, user_id: i64, epoch: i32, kind: Kind) -> Result<String, AppError> {
    sign(state, user_id, epoch, kind, None)
}

/// A signed token of `kind`; a refresh token gets its own id and belongs to
/// `family` (a new one when `None`).
fn sign(
    state: &AppState,
    user_id: i64,
    epoch: i32,
    kind: Kind,
    family: Option<&str>,
) -> Result<String, AppError> {
    let now = chrono::Utc::now().timestamp();
    let ttl = match kind {
        Kind::Access => ACCESS_SECONDS,
        Kind::Refresh => REFRESH_SECONDS,
    };
    let (jti, fam) = match kind {
        Kind::Access => (None, None),
        Kind::Refresh => (
            Some(super::tokens::generate()),
            Some(family.map_or_else(super::tokens::generate, str::to_owned)),
        ),
    };
    let claims = Claims {
        sub: user_id.to_string(),
        epoch,
        typ: kind,
        iat: now,
        exp: now + ttl,
        jti,
        fam,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key(state)),
    )
    .map_err(|err| AppError::internal("signing a token", err))
}

/// The user a token of `kind` speaks for, and the user's epoch, if the
/// token is well-formed, signed by us, unexpired, and the user is still
/// active with the same epoch.
async fn verify(
    state: &AppState,
    token: &str,
    kind: Kind,
) -> Result<(SessionUser, i32, Claims), ApiAuthError> {
    use jsonwebtoken::errors::ErrorKind;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "sub"]);
    let claims =
        jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key(state)), &validation)
            .map_err(|err| {
                ApiAuthError::Token(match err.kind() {
                    ErrorKind::ExpiredSignature => "The token has expired; ask for a new one.",
                    ErrorKind::InvalidSignature => "The token's signature is not valid.",
                    _ => "The token is malformed.",
                })
            })?
            .claims;
    if claims.typ != kind {
        return Err(ApiAuthError::Token(match kind {
            Kind::Access => "This is a refresh token; send an access token.",
            Kind::Refresh => "This is an access token; send a refresh token.",
        }));
    }
    let id: i64 = claims
        .sub
        .parse()
        .map_err(|_| ApiAuthError::Token("The token is malformed."))?;
    match repo::session_user(&state.db, id).await {
        Ok(Some((user, epoch, blocked))) if !blocked && epoch == claims.epoch => {
            Ok((user, epoch, claims))
        }
        Ok(_) => Err(ApiAuthError::Token(
            "The token was revoked (password changed, signed out everywhere, or blocked).",
        )),
        Err(err) => {
            tracing::error!(error = %err, "could not load a token's user");
            Err(ApiAuthError::Internal)
        }
    }
}

/// The caller of an API route, proved by a Bearer access token. A missing,
/// malformed, expired or revoked token is a 401 with a JSON error.
#[derive(Debug, Clone)]
pub struct ApiUser(pub SessionUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiAuthError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(ApiAuthError::Token(
                "Send an access token: Authorization: Bearer <token> (from POST /api/token/).",
            ))?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(ApiAuthError::Token(
                "The Authorization header must be \"Bearer <token>\".",
            ))?;
        verify(state, token, Kind::Access)
            .await
            .map(|(user, _, _)| ApiUser(user))
    }
}

impl ApiUser {
    /// The caller must have one of `roles` (403 otherwise).
    pub fn require(&self, roles: &[Role]) -> Result<&SessionUser, AppError> {
        if roles.contains(&self.0.role) {
            Ok(&self.0)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A 401 from the API, with the reason (or a 500 when the database failed).
#[derive(Debug)]
pub enum ApiAuthError {
    Token(&'static str),
    Internal,
}

impl axum::response::IntoResponse for ApiAuthError {
    fn into_response(self) -> axum::response::Response {
        match self {
            ApiAuthError::Token(detail) => (
                axum::http::StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                Json(serde_json::json!({
                    "errors": [{ "code": "unauthorized", "detail": detail }],
                })),
            )
                .into_response(),
            ApiAuthError::Internal => AppError::Internal.into_response(),
        }
    }
}

/// `/api/token/` and `/api/token/refresh/`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(token))
        .routes(routes!(refresh))
}

/// An access token (15 minutes) and a refresh token (24 hours).
///
/// The username is the account's email. Throttled like the sign-in form.
#[utoipa::path(post, path = "/api/token/", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenPair), (status = 401, description = "Wrong credentials", body = ErrorBody),
              (status = 422, description = "Missing fields", body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn token(
    State(state): State<AppState>,
    parts: Parts,
    payload: Payload,
) -> Result<Json<serde_json::Value>, axum::response::Response> {
    use axum::response::IntoResponse;
    let mut problems = FieldErrors::default();
    let username = payload
        .text("username", 254, &mut problems)
        .or_else(|| payload.text("email", 254, &mut problems));
    if username.as_deref().is_none_or(str::is_empty) {
        problems.add("username", "username is required (the account's email).");
    }
    let pw = payload.required_text("password", 1024, &mut problems);
    problems.done().map_err(IntoResponse::into_response)?;
    let (username, pw) = (username.unwrap_or_default(), pw.unwrap_or_default());
    let wrong = || {
        ApiAuthError::Token("No active account found with the given credentials.").into_response()
    };
    let Ok(email) = Email::parse(&username) else {
        return Err(wrong());
    };
    let ip = guard::client_ip(&parts, &state.config.server);
    let throttled = state
        .throttle
        .sign_in(&state.db, email.as_str(), ip)
        .await
        .map_err(|e| AppError::from(e).into_response())?;
    if let Some(wait) = throttled {
        return Err(AppError::TooManyRequests(format!(
            "Too many attempts. Try again in {} s.",
            wait.as_secs().max(1)
        ))
        .into_response());
    }
    let account = repo::find_login(&state.db, &email)
        .await
        .map_err(|e| AppError::from(e).into_response())?;
    let ok = password::check_login(pw, account.as_ref().map(|a| a.password_hash.as_str()))
        .await
        .map_err(IntoResponse::into_response)?;
    let Some(account) = account.filter(|a| ok && !a.blocked && a.email_verified) else {
        crate::server::metrics::count_login("api_refused");
        return Err(wrong());
    };
    crate::server::metrics::count_login("api_ok");
    let pair = (
        issue(&state, account.id, account.session_epoch, Kind::Access),
        issue(&state, account.id, account.session_epoch, Kind::Refresh),
    );
    match pair {
        (Ok(access), Ok(refresh)) => Ok(Json(
            serde_json::json!({ "access": access, "refresh": refresh }),
        )),
        _ => Err(AppError::Internal.into_response()),
    }
}

/// A new access token and a new refresh token for a refresh token, which
/// is used up: sent again, it is refused and its whole family ends.
#[utoipa::path(post, path = "/api/token/refresh/", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 400, description = "Unreadable body", body = ErrorBody),
        (status = 401, description = "Expired, malformed, used or revoked", body = ErrorBody),
        (status = 422, description = "No refresh token", body = ErrorBody)))]
pub async fn refresh(State(state): State<AppState>, payload: Payload) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut problems = FieldErrors::default();
    let token = payload.required_text("refresh", 4096, &mut problems);
    if let Err(err) = problems.done() {
        return err.into_response();
    }
    let (user, epoch, claims) =
        match verify(&state, &token.unwrap_or_default(), Kind::Refresh).await {
            Ok(found) => found,
            Err(err) => return err.into_response(),
        };
    let (Some(jti), Some(family)) = (claims.jti.as_deref(), claims.fam.as_deref()) else {
        return ApiAuthError::Token("The token is malformed; sign in again.").into_response();
    };
    let now = chrono::Utc::now().timestamp();
    match repo::api_tokens::trade(&state.db, jti, family, claims.exp, now).await {
        Ok(repo::api_tokens::Trade::Fresh) => {}
        Ok(repo::api_tokens::Trade::Reused) => {
            crate::server::metrics::count_login("api_refresh_reused");
            return ApiAuthError::Token(
                "This refresh token was used already: every token of its sign-in is revoked. Sign in again.",
            )
            .into_response();
        }
        Err(err) => return AppError::from(err).into_response(),
    }
    let pair = (
        sign(&state, user.id, epoch, Kind::Access, None),
        sign(&state, user.id, epoch, Kind::Refresh, Some(family)),
    );
    match pair {
        (Ok(access), Ok(refresh)) => {
            Json(serde_json::json!({ "access": access, "refresh": refresh })).into_response()
        }
        (Err(err), _) | (_, Err(err)) => err.into_response(),
    }
}
