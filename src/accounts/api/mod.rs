//! Server functions of accounts: guard → parse → repo → answer.
//!
//! Every function that is not public calls the role guard first. Validation
//! errors name their field (`AppError::Invalid`) in the visitor's language;
//! a failing call changes nothing.
//!
//! One file per area: `auth` (sign-up, sign-in, reset), `profile` (a user's
//! own account), `admin` (users and the outbox).

mod admin;
mod auth;
mod profile;

pub use admin::*;
pub use auth::*;
pub use profile::*;

/// What the three areas share on the server: the texts, the wording of
/// password and name problems, the news that an account changed.
#[cfg(feature = "ssr")]
mod shared {
    /// Ends the live streams `user_id` opened as who they were (after a
    /// sign-out, a new role, a block or a new password), on every instance.
    pub(super) async fn account_changed(state: &crate::server::AppState, user_id: i64) {
        let event = crate::live::types::LiveEvent::AccountChanged { user_id };
        if let Err(err) = state.hub.publish(event).await {
            tracing::warn!(error = %err, user_id, "could not end the user's live streams");
        }
    }

    use crate::accounts::texts::{AccountTexts, texts};
    use crate::accounts::types::PasswordProblem;
    use crate::error::FieldErrors;

    pub(super) fn tr() -> &'static AccountTexts {
        texts(crate::i18n::request_locale())
    }

    pub(super) fn password_message(t: &AccountTexts, p: PasswordProblem) -> &'static str {
        match p {
            PasswordProblem::TooShort => t.err_password_short,
            PasswordProblem::TooLong => t.err_password_long,
            PasswordProblem::OnlyDigits => t.err_password_digits,
        }
    }

    /// A new account's name, email and password, checked together: the
    /// trimmed name and the email when it parses; every problem in `problems`.
    pub(super) fn check_new_account(
        name: &str,
        email: &str,
        password: &str,
        problems: &mut FieldErrors,
        t: &AccountTexts,
    ) -> (String, Option<crate::accounts::types::Email>) {
        let name = check_name(name, problems, t);
        let email = crate::accounts::types::Email::parse(email)
            .map_err(|_| problems.add("email", t.err_email))
            .ok();
        if let Err(p) = crate::accounts::types::check_password_strength(password) {
            problems.add("password", password_message(t, p));
        }
        (name, email)
    }

    pub(super) fn check_name(name: &str, problems: &mut FieldErrors, t: &AccountTexts) -> String {
        let name = name.trim().to_owned();
        if name.is_empty() {
            problems.add("name", t.err_name_required);
        } else if name.chars().count() > 100 {
            problems.add("name", t.err_name_long);
        }
        name
    }
}
