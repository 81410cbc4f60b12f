use serde::{Deserialize, Serialize};

/// What a user may do. Checked on the server, always; the UI only hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Staff,
    Manager,
    Supplier,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Customer,
        Role::Staff,
        Role::Manager,
        Role::Supplier,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Staff => "staff",
            Role::Manager => "manager",
            Role::Supplier => "supplier",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Where the role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Admin => "/admin/users",
            Role::Supplier => "/supplier",
            _ => "/account",
        }
    }

    /// The bakery's own people (production board, orders).
    pub fn is_staff_or_above(self) -> bool {
        super::roles::STAFF.contains(&self)
    }
}

/// The signed-in user, as the UI and every guard see them. Always read fresh
/// from the database on each request, so a role change or a block applies at
/// the user's next request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Set when the user has uploaded an avatar (its version, for caching).
    pub avatar_version: Option<i64>,
}

impl SessionUser {
    /// The avatar's URL, when there is one.
    pub fn avatar_url(&self) -> Option<String> {
        self.avatar_version
            .map(|v| format!("/avatars/{}?v={v}", self.id))
    }

    /// One or two letters for the avatar placeholder.
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// A row of the admin's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub blocked: bool,
    pub email_verified: bool,
}

/// One page of the admin's user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<UserSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A message kept in the outbox, for the admin's outbox page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OutboxMessage {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
}

/// Which sign-in methods are on (for the sign-in page's buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OAuthProviders {
    pub github: bool,
    pub google: bool,
}

/// An email address that has been checked and normalised (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, String> {
        let trimmed = input.trim().to_lowercase();
        if trimmed.len() > 254 || !email_address::EmailAddress::is_valid(&trimmed) {
            return Err(format!("“{}” is not a valid email address", input.trim()));
        }
        Ok(Email(trimmed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The smallest password we accept.
pub const MIN_PASSWORD_LEN: usize = 10;

/// What is wrong with a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("Use at least 10 characters")]
    TooShort,
    #[error("Use at most 256 characters")]
    TooLong,
    #[error("Use letters as well as digits")]
    OnlyDigits,
}

/// Checks a new password's strength.
pub fn check_password_strength(password: &str) -> Result<(), PasswordProblem> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if len > 256 {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err(PasswordProblem::OnlyDigits);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Anna@Example.COM ").unwrap().as_str(),
            "anna@example.com"
        );
        for bad in ["", "anna", "anna@", "@example.com", "a b@example.com"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("1234567890123").is_err());
        assert!(check_password_strength("bread and butter").is_ok());
    }
}
