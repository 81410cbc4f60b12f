//! Checkout, the order history, the order page, and the back office's
//! orders table and order page.

mod checkout;
mod orders;
mod record;
mod table;

pub use checkout::CheckoutPage;
pub use orders::{OrderPage, OrdersPage};
pub use record::OrderRecordPage;
pub use table::OrdersTablePage;
