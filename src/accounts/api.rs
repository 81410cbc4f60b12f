//! Server functions of accounts: guard → parse → repo → answer.
//!
//! Every function that is not public calls the role guard first. Validation
//! errors name their field (`AppError::Invalid`) in the visitor's language;
//! a failing call changes nothing.

use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

use super::types::{OAuthProviders, OutboxMessage, SessionUser, UserList};
use crate::error::AppError;

/// Creates a customer account and mails the confirmation link.
#[server(endpoint = "accounts/register")]
pub async fn register(name: String, email: String, password: String) -> Result<(), AppError> {
    crate::server::respond(ssr::register(name, email, password).await)
}

/// Confirms an email address with the mailed token.
#[server(endpoint = "accounts/confirm")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    crate::server::respond(ssr::confirm_email(token).await)
}

/// Signs in; goes on to `next` (a path on this site) or the role's home.
#[server(endpoint = "accounts/login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<SessionUser, AppError> {
    crate::server::respond(ssr::login(email, password, next).await)
}

/// Signs out, ending the session on the server.
#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::server::respond(ssr::logout().await)
}

/// Mails a password-reset link, if the account exists (the answer is the
/// same either way, so nobody learns who has an account).
#[server(endpoint = "accounts/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    crate::server::respond(ssr::request_password_reset(email).await)
}

/// Whether a password-reset link still works.
#[server(endpoint = "accounts/reset-link")]
pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
    crate::server::respond(ssr::reset_link_valid(token).await)
}

/// Sets a new password with a mailed token; ends every session of the user.
#[server(endpoint = "accounts/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    crate::server::respond(ssr::reset_password(token, password).await)
}

/// The signed-in user.
#[server(endpoint = "accounts/me")]
pub async fn my_account() -> Result<SessionUser, AppError> {
    crate::server::respond(super::guard::require_user())
}

#[server(endpoint = "accounts/profile")]
pub async fn update_profile(name: String) -> Result<SessionUser, AppError> {
    crate::server::respond(ssr::update_profile(name).await)
}

/// Changes the password; other sessions end, this one goes on.
#[server(endpoint = "accounts/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::server::respond(ssr::change_password(current_password, new_password).await)
}

/// Uploads an avatar (multipart field `photo`).
#[server(endpoint = "accounts/avatar", input = MultipartFormData)]
pub async fn upload_avatar(data: MultipartData) -> Result<SessionUser, AppError> {
    crate::server::respond(ssr::upload_avatar(data).await)
}

#[server(endpoint = "accounts/avatar-remove")]
pub async fn remove_avatar() -> Result<(), AppError> {
    crate::server::respond(ssr::remove_avatar().await)
}

/// Which OAuth providers are configured. Public.
#[server(endpoint = "accounts/oauth-providers")]
pub async fn oauth_providers() -> Result<OAuthProviders, AppError> {
    let state = crate::server::app_state()?;
    Ok(super::oauth::providers(&state.config))
}

/// Admin: a page of users, searched by name or email and filtered by role.
#[server(endpoint = "admin/users")]
pub async fn list_users(
    q: Option<String>,
    role: Option<String>,
    page: Option<i64>,
) -> Result<UserList, AppError> {
    crate::server::respond(ssr::list_users(q, role, page).await)
}

/// Admin: adds a user with any role, ready to sign in (seed 001's "manual
/// registration").
#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    name: String,
    email: String,
    password: String,
    role: String,
) -> Result<(), AppError> {
    crate::server::respond(ssr::create_user(name, email, password, role).await)
}

#[server(endpoint = "admin/users/role")]
pub async fn set_user_role(user_id: i64, role: String) -> Result<(), AppError> {
    crate::server::respond(ssr::set_user_role(user_id, role).await)
}

/// Admin: blocks (signing the user out everywhere) or unblocks a user.
#[server(endpoint = "admin/users/block")]
pub async fn set_user_blocked(user_id: i64, blocked: bool) -> Result<(), AppError> {
    crate::server::respond(ssr::set_user_blocked(user_id, blocked).await)
}

/// Admin: the newest messages of the mail outbox and how many there are.
#[server(endpoint = "admin/outbox")]
pub async fn outbox() -> Result<(Vec<OutboxMessage>, i64), AppError> {
    crate::server::respond(ssr::outbox().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::accounts::guard::{self, require, require_user};
    use crate::accounts::texts::{AccountTexts, texts};
    use crate::accounts::tokens::{self, Purpose};
    use crate::accounts::types::{
        Email, OutboxMessage, PasswordProblem, Role, UserList, check_password_strength,
    };
    use crate::accounts::{avatar, password, repo, roles};
    use crate::error::FieldErrors;
    use crate::server::jobs::Job;
    use crate::server::mail::OutgoingMail;
    use crate::server::{AppState, app_state};

    fn tr() -> &'static AccountTexts {
        texts(crate::i18n::request_locale())
    }

    fn password_message(t: &AccountTexts, p: PasswordProblem) -> &'static str {
        match p {
            PasswordProblem::TooShort => t.err_password_short,
            PasswordProblem::TooLong => t.err_password_long,
            PasswordProblem::OnlyDigits => t.err_password_digits,
        }
    }

    fn check_name(name: &str, problems: &mut FieldErrors, t: &AccountTexts) -> String {
        let name = name.trim().to_owned();
        if name.is_empty() {
            problems.add("name", t.err_name_required);
        } else if name.chars().count() > 100 {
            problems.add("name", t.err_name_long);
        }
        name
    }

    /// A path on this site to go to after signing in (never another site).
    fn safe_next(next: Option<String>) -> Option<String> {
        next.filter(|n| crate::server::redirect::local_path(n).is_some())
    }

    fn confirm_mail(state: &AppState, to: &Email, name: &str, token: &str) -> Job {
        let t = tr();
        let shop = &state.config.shop_name;
        let link = format!("{}/confirm?token={token}", state.config.public_url());
        Job::SendMail(OutgoingMail {
            to: to.as_str().to_owned(),
            subject: (t.mail_confirm_subject)(shop),
            body_text: (t.mail_confirm_body)(name, shop, &link),
        })
    }

    fn reset_mail(state: &AppState, to: &Email, name: &str, token: &str) -> Job {
        let t = tr();
        let shop = &state.config.shop_name;
        let link = format!("{}/reset?token={token}", state.config.public_url());
        Job::SendMail(OutgoingMail {
            to: to.as_str().to_owned(),
            subject: (t.mail_reset_subject)(shop),
            body_text: (t.mail_reset_body)(name, shop, &link),
        })
    }

    pub async fn register(name: String, email: String, pw: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        let mut problems = FieldErrors::default();
        let name = check_name(&name, &mut problems, t);
        let email = Email::parse(&email)
            .map_err(|_| problems.add("email", t.err_email))
            .ok();
        if let Err(p) = check_password_strength(&pw) {
            problems.add("password", password_message(t, p));
        }
        // Said together with the other mistakes; the insert below still
        // catches a race between two registrations.
        if let Some(e) = &email
            && repo::find_login(&state.db, e).await?.is_some()
        {
            problems.add("email", t.err_email_taken);
        }
        problems.done()?;
        let email = email.ok_or(AppError::Internal)?;
        let hash = password::hash(pw).await?;
        // The user, the token and the mail job: all or nothing.
        let token = tokens::generate();
        let job = confirm_mail(&state, &email, &name, &token);
        let created = repo::register(
            &state.db,
            &email,
            &name,
            &hash,
            &tokens::digest(&token),
            &job,
        )
        .await?;
        if created.is_none() {
            return Err(AppError::field("email", t.err_email_taken));
        }
        leptos_axum::redirect("/login?notice=registered");
        Ok(())
    }

    pub async fn confirm_email(token: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        let now = chrono::Utc::now().timestamp();
        let confirmed = repo::confirm_email(&state.db, &tokens::digest(token.trim()), now).await?;
        if confirmed.is_none() {
            return Err(AppError::field("token", t.err_bad_link));
        }
        leptos_axum::redirect("/login?notice=confirmed");
        Ok(())
    }

    pub async fn login(
        email: String,
        pw: String,
        next: Option<String>,
    ) -> Result<SessionUser, AppError> {
        let state = app_state()?;
        let t = tr();
        let Ok(email) = Email::parse(&email) else {
            return Err(AppError::field("email", t.err_email));
        };
        let parts = use_context::<axum::http::request::Parts>();
        let ip = parts
            .as_ref()
            .and_then(|p| guard::client_ip(p, state.config.behind_proxy));
        if let Err(wait) = state.throttle.check(email.as_str(), ip) {
            crate::server::metrics::count_login("throttled");
            return Err(AppError::TooManyRequests((t.err_too_many)(
                wait.as_secs().max(1),
            )));
        }
        let account = repo::find_login(&state.db, &email).await?;
        // Accounts made through GitHub or Google have no password at all.
        let ok =
            password::check_login(pw, account.as_ref().map(|a| a.password_hash.as_str())).await?;
        let Some(account) = account.filter(|_| ok) else {
            crate::server::metrics::count_login("wrong_password");
            return Err(AppError::field("password", t.err_wrong_credentials));
        };
        if account.blocked {
            crate::server::metrics::count_login("blocked");
            return Err(AppError::field("email", t.err_blocked));
        }
        if !account.email_verified {
            // Send a fresh link: the first may be lost or expired.
            tokens::issue_and_mail(&state.db, account.id, Purpose::ConfirmEmail, |token| {
                confirm_mail(&state, &email, &account.name, token)
            })
            .await?;
            return Err(AppError::field("email", t.err_not_confirmed));
        }
        let session = guard::session().await?;
        guard::sign_in(&session, account.id, account.session_epoch).await?;
        crate::cart::api::ssr::merge_after_sign_in(&state.db, &session, account.id).await?;
        if let Err(err) =
            crate::analytics::repo::record_login(&state.db, account.id, "password").await
        {
            tracing::warn!(error = %err, "could not record a sign-in");
        }
        let (user, _, _) = repo::session_user(&state.db, account.id)
            .await?
            .ok_or(AppError::Internal)?;
        crate::server::metrics::count_login("ok");
        let next = safe_next(next).unwrap_or_else(|| user.role.home().to_owned());
        leptos_axum::redirect(&next);
        Ok(user)
    }

    pub async fn logout() -> Result<(), AppError> {
        let session = guard::session().await?;
        guard::sign_out(&session).await?;
        leptos_axum::redirect("/login?notice=signed_out");
        Ok(())
    }

    pub async fn request_password_reset(email: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        let Ok(email) = Email::parse(&email) else {
            return Err(AppError::field("email", t.err_email));
        };
        // Same quota as signing in: this sends mail to somebody.
        let parts = use_context::<axum::http::request::Parts>();
        let ip = parts
            .as_ref()
            .and_then(|p| guard::client_ip(p, state.config.behind_proxy));
        if let Err(wait) = state.throttle.check(email.as_str(), ip) {
            return Err(AppError::TooManyRequests((t.err_too_many)(
                wait.as_secs().max(1),
            )));
        }
        if let Some(account) = repo::find_login(&state.db, &email).await?
            && !account.blocked
        {
            tokens::issue_and_mail(&state.db, account.id, Purpose::ResetPassword, |token| {
                reset_mail(&state, &email, &account.name, token)
            })
            .await?;
        }
        leptos_axum::redirect("/forgot?sent=1");
        Ok(())
    }

    pub async fn reset_link_valid(token: String) -> Result<bool, AppError> {
        let state = app_state()?;
        Ok(
            tokens::peek(&state.db, token.trim(), Purpose::ResetPassword)
                .await?
                .is_some(),
        )
    }

    pub async fn reset_password(token: String, pw: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        if let Err(p) = check_password_strength(&pw) {
            return Err(AppError::field("password", password_message(t, p)));
        }
        if tokens::peek(&state.db, token.trim(), Purpose::ResetPassword)
            .await?
            .is_none()
        {
            return Err(AppError::field("token", t.err_bad_link));
        }
        let hash = password::hash(pw).await?;
        let now = chrono::Utc::now().timestamp();
        let done =
            repo::reset_password(&state.db, &tokens::digest(token.trim()), &hash, now).await?;
        if done.is_none() {
            return Err(AppError::field("token", t.err_bad_link));
        }
        leptos_axum::redirect("/login?notice=password_reset");
        Ok(())
    }

    pub async fn update_profile(name: String) -> Result<SessionUser, AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let mut problems = FieldErrors::default();
        let name = check_name(&name, &mut problems, tr());
        problems.done()?;
        repo::set_name(&state.db, user.id, &name).await?;
        Ok(SessionUser { name, ..user })
    }

    pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let t = tr();
        let account = repo::find_login_by_id(&state.db, user.id)
            .await?
            .ok_or(AppError::Unauthorized)?;
        if !password::verify(current, account.password_hash).await? {
            return Err(AppError::field("current_password", t.err_current_password));
        }
        if let Err(p) = check_password_strength(&new) {
            return Err(AppError::field("new_password", password_message(t, p)));
        }
        let hash = password::hash(new).await?;
        let epoch = repo::set_password(&state.db, user.id, &hash).await?;
        // Every other session is now stale; this one carries on with the new epoch.
        let session = guard::session().await?;
        guard::sign_in(&session, user.id, epoch).await?;
        Ok(())
    }

    pub async fn upload_avatar(data: MultipartData) -> Result<SessionUser, AppError> {
        let user = require_user()?;
        let state = app_state()?;
        let t = tr();
        let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
        let mut bytes = Vec::new();
        let mut found = false;
        while let Some(mut field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(format!("Unreadable upload: {e}")))?
        {
            if field.name() != Some("photo") {
                continue;
            }
            found = true;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| AppError::BadRequest(format!("Unreadable upload: {e}")))?
            {
                if bytes.len() + chunk.len() > avatar::MAX_UPLOAD_BYTES {
                    return Err(AppError::field("photo", t.err_photo_large));
                }
                bytes.extend_from_slice(&chunk);
            }
        }
        if !found || bytes.is_empty() {
            return Err(AppError::field("photo", t.err_photo_missing));
        }
        let thumb = tokio::task::spawn_blocking(move || avatar::thumbnail(&bytes))
            .await
            .map_err(|e| AppError::internal("the avatar's decoding task", e))?
            .map_err(|p| {
                AppError::field(
                    "photo",
                    match p {
                        avatar::AvatarProblem::TooLarge => t.err_photo_large,
                        avatar::AvatarProblem::NotAnImage => t.err_photo_not_image,
                    },
                )
            })?;
        let version = repo::save_avatar(&state.db, user.id, "image/jpeg", &thumb).await?;
        Ok(SessionUser {
            avatar_version: Some(version),
            ..user
        })
    }

    pub async fn remove_avatar() -> Result<(), AppError> {
        let user = require_user()?;
        let state = app_state()?;
        repo::remove_avatar(&state.db, user.id).await?;
        Ok(())
    }

    pub const USERS_PER_PAGE: i64 = 25;

    pub async fn list_users(
        q: Option<String>,
        role: Option<String>,
        page: Option<i64>,
    ) -> Result<UserList, AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        let q = q.unwrap_or_default();
        if q.len() > 200 {
            return Err(AppError::BadRequest("The search is too long".into()));
        }
        let role = role
            .as_deref()
            .filter(|r| !r.is_empty())
            .map(|r| Role::parse(r).ok_or_else(|| AppError::field("role", tr().err_role)));
        let role = role.transpose()?;
        let page = page.unwrap_or(1).clamp(1, 100_000);
        let (users, total) = repo::list(&state.db, &q, role, page, USERS_PER_PAGE).await?;
        Ok(UserList {
            users,
            total,
            page,
            per_page: USERS_PER_PAGE,
        })
    }

    pub async fn create_user(
        name: String,
        email: String,
        pw: String,
        role: String,
    ) -> Result<(), AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let mut problems = FieldErrors::default();
        let name = check_name(&name, &mut problems, t);
        let email = Email::parse(&email)
            .map_err(|_| problems.add("email", t.err_email))
            .ok();
        if let Err(p) = check_password_strength(&pw) {
            problems.add("password", password_message(t, p));
        }
        let role = Role::parse(&role);
        if role.is_none() {
            problems.add("role", t.err_role);
        }
        problems.done()?;
        let (Some(email), Some(role)) = (email, role) else {
            return Err(AppError::Internal);
        };
        let hash = password::hash(pw).await?;
        match repo::create_user(&state.db, &email, &name, &hash, role, true).await? {
            Some(_) => Ok(()),
            None => Err(AppError::field("email", t.err_email_taken)),
        }
    }

    pub async fn set_user_role(user_id: i64, role: String) -> Result<(), AppError> {
        let admin = require(&roles::ADMINS)?;
        let state = app_state()?;
        let t = tr();
        let role = Role::parse(&role).ok_or_else(|| AppError::field("role", t.err_role))?;
        if user_id == admin.id {
            return Err(AppError::Conflict(t.err_self.into()));
        }
        if !repo::set_role(&state.db, user_id, role).await? {
            return Err(AppError::NotFound);
        }
        tracing::info!(
            admin = admin.id,
            user_id,
            role = role.as_str(),
            "role changed"
        );
        Ok(())
    }

    pub async fn set_user_blocked(user_id: i64, blocked: bool) -> Result<(), AppError> {
        let admin = require(&roles::ADMINS)?;
        let state = app_state()?;
        if user_id == admin.id {
            return Err(AppError::Conflict(tr().err_self.into()));
        }
        if !repo::set_blocked(&state.db, user_id, blocked).await? {
            return Err(AppError::NotFound);
        }
        tracing::info!(admin = admin.id, user_id, blocked, "user block changed");
        Ok(())
    }

    pub async fn outbox() -> Result<(Vec<OutboxMessage>, i64), AppError> {
        require(&roles::ADMINS)?;
        let state = app_state()?;
        Ok(repo::outbox(&state.db, 100).await?)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn next_stays_on_this_site() {
            use super::safe_next;
            assert_eq!(
                safe_next(Some("/account".into())).as_deref(),
                Some("/account")
            );
            assert_eq!(safe_next(Some("//evil.example".into())), None);
            assert_eq!(safe_next(Some("https://evil.example".into())), None);
            assert_eq!(safe_next(Some("/\\evil.example".into())), None);
            assert_eq!(safe_next(None), None);
        }
    }
}
