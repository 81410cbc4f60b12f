//! The catalog's pages.

mod home;

pub use home::HomePage;
