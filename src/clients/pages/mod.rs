//! The back office's clients table and client page.

mod detail;
mod list;

pub use detail::ClientPage;
pub use list::ClientsPage;
