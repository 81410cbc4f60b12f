//! The orders table's page.

mod table;

pub use table::OrdersTablePage;
