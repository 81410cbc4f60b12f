//! Checkout, the order history and the shopper's order page.

mod checkout;
mod orders;

pub use checkout::CheckoutPage;
pub use orders::{OrderPage, OrdersPage};
