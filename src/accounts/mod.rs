//! Users and roles. Sign-in, sessions and the role guard arrive with the
//! accounts work; the foundation has the users table, password hashing and
//! the `create-admin` command.

pub mod types;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
