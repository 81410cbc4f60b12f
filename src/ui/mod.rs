//! The design system's components. Styles live in style/main.css; these
//! components only choose classes and structure. Pages are built from them.

mod money;
mod page;

pub use money::{Money, format_money};
pub use page::{EmptyState, ErrorPage, PageHeader};
