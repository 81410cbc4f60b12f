//! The reports page.

mod reports;

pub use reports::ReportsPage;
