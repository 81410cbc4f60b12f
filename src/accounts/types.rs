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

/// Checks a new password's strength; the message says what to fix.
pub fn check_password_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(format!("Use at least {MIN_PASSWORD_LEN} characters"));
    }
    if password.chars().count() > 256 {
        return Err("Use at most 256 characters".into());
    }
    if password.chars().all(|c| c.is_ascii_digit()) {
        return Err("Use letters as well as digits".into());
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
