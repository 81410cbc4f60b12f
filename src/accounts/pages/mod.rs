//! The accounts pages.

mod account;
mod admin;
mod auth;

pub use account::AccountPage;
pub use admin::{AdminUsersPage, OutboxPage};
pub use auth::{ConfirmPage, ForgotPage, LoginPage, RegisterPage, ResetPage};
