//! The storefront catalog: categories and products with their variants.

pub mod api;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod repo;
