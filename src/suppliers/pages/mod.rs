//! `/supplier`: the supplier's own page (in the storefront's layout).

mod supplier;

pub use supplier::SupplierPage;
