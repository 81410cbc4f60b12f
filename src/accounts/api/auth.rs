//! Signing up, in and out: registration with a confirmation mail, sign-in
//! (throttled), sign-out, the password reset, the configured OAuth providers.

use leptos::prelude::*;

use crate::accounts::types::{OAuthProviders, SessionUser};
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

/// Which OAuth providers are configured. Public.
#[server(endpoint = "accounts/oauth-providers")]
pub async fn oauth_providers() -> Result<OAuthProviders, AppError> {
    let state = crate::server::app_state()?;
    Ok(crate::accounts::oauth::providers(&state.config))
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::accounts::api::shared::{account_changed, check_new_account, password_message, tr};
    use crate::accounts::guard;
    use crate::accounts::tokens::{self, Purpose};
    use crate::accounts::types::{Email, check_password_strength};
    use crate::accounts::{password, repo};
    use crate::error::FieldErrors;
    use crate::server::jobs::Job;
    use crate::server::mail::OutgoingMail;
    use crate::server::{AppState, app_state};

    /// The caller's address (the trusted proxies' view behind a proxy).
    fn caller_ip(state: &AppState) -> Option<std::net::IpAddr> {
        use_context::<axum::http::request::Parts>()
            .as_ref()
            .and_then(|p| guard::client_ip(p, &state.config.server))
    }

    /// A refusal by the throttle, worded.
    fn too_many(wait: std::time::Duration, words: fn(u64) -> String) -> AppError {
        AppError::TooManyRequests(words(wait.as_secs().max(1)))
    }

    /// A path on this site to go to after signing in (never another site).
    fn safe_next(next: Option<String>) -> Option<String> {
        next.filter(|n| crate::server::redirect::local_path(n).is_some())
    }

    fn confirm_mail(state: &AppState, to: &Email, name: &str, token: &str) -> Job {
        let t = tr();
        let shop = &state.config.shop.name;
        let link = format!("{}/confirm?token={token}", state.config.public_url());
        Job::SendMail(OutgoingMail {
            to: to.as_str().to_owned(),
            subject: (t.mail_confirm_subject)(shop),
            body_text: (t.mail_confirm_body)(name, shop, &link),
        })
    }

    fn reset_mail(state: &AppState, to: &Email, name: &str, token: &str) -> Job {
        let t = tr();
        let shop = &state.config.shop.name;
        let link = format!("{}/reset?token={token}", state.config.public_url());
        Job::SendMail(OutgoingMail {
            to: to.as_str().to_owned(),
            subject: (t.mail_reset_subject)(shop),
            body_text: (t.mail_reset_body)(name, shop, &link),
        })
    }

    /// Tells the owner of `email` that somebody tried to sign up with it,
    /// with a reset link; the sign-up itself answers as for a new address,
    /// so nobody learns who has an account here. Capped like reset mails.
    async fn mail_taken(state: &AppState, email: &Email) -> Result<(), AppError> {
        let Some(account) = repo::find_login(&state.db, email).await? else {
            return Ok(());
        };
        if account.blocked || !state.throttle.reset_mail(&state.db, email.as_str()).await? {
            return Ok(());
        }
        let t = tr();
        let shop = &state.config.shop.name;
        tokens::issue_and_mail(&state.db, account.id, Purpose::ResetPassword, |token| {
            let link = format!("{}/reset?token={token}", state.config.public_url());
            Job::SendMail(OutgoingMail {
                to: email.as_str().to_owned(),
                subject: (t.mail_taken_subject)(shop),
                body_text: (t.mail_taken_body)(&account.name, shop, &link),
            })
        })
        .await?;
        Ok(())
    }

    pub async fn register(name: String, email: String, pw: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        let mut problems = FieldErrors::default();
        let (name, email) = check_new_account(&name, &email, &pw, &mut problems, t);
        problems.done()?;
        let email = email.ok_or(AppError::Internal)?;
        if let Some(wait) = state.throttle.sign_up(&state.db, caller_ip(&state)).await? {
            return Err(too_many(wait, t.err_too_many_requests));
        }
        // Hashed whether or not the address is taken: both answers take as long.
        let hash = password::hash(pw).await?;
        if repo::find_login(&state.db, &email).await?.is_some() {
            mail_taken(&state, &email).await?;
            leptos_axum::redirect("/login?notice=registered");
            return Ok(());
        }
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
            // Taken between the check and the insert: the same answer.
            mail_taken(&state, &email).await?;
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
        let ip = caller_ip(&state);
        if let Some(wait) = state
            .throttle
            .sign_in(&state.db, email.as_str(), ip)
            .await?
        {
            crate::server::metrics::count_login("throttled");
            return Err(too_many(wait, t.err_too_many));
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
        crate::analytics::record_login(&state.db, account.id, "password").await;
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
        let user = guard::current_user();
        guard::sign_out(&session).await?;
        if let Some(user) = user {
            account_changed(&app_state()?, user.id).await;
        }
        leptos_axum::redirect("/login?notice=signed_out");
        Ok(())
    }

    pub async fn request_password_reset(email: String) -> Result<(), AppError> {
        let state = app_state()?;
        let t = tr();
        let Ok(email) = Email::parse(&email) else {
            return Err(AppError::field("email", t.err_email));
        };
        // A quota of its own: asking for links never locks anyone out of
        // signing in. The mails to one address are capped silently.
        if let Some(wait) = state
            .throttle
            .reset_request(&state.db, caller_ip(&state))
            .await?
        {
            return Err(too_many(wait, t.err_too_many_requests));
        }
        if let Some(account) = repo::find_login(&state.db, &email).await?
            && !account.blocked
            && state.throttle.reset_mail(&state.db, email.as_str()).await?
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
        let Some(user_id) = done else {
            return Err(AppError::field("token", t.err_bad_link));
        };
        account_changed(&state, user_id).await;
        leptos_axum::redirect("/login?notice=password_reset");
        Ok(())
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
