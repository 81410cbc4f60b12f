//! Checkout, the order history, the order page, and the back office's
//! orders table.

mod checkout;
mod orders;
mod table;

pub use checkout::CheckoutPage;
pub use orders::{OrderPage, OrdersPage};
pub use table::OrdersTablePage;
