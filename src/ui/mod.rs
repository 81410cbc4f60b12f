//! The design system's components. Styles live in style/main.css; these
//! components only choose classes and structure. Pages are built from them.

mod form;
mod json;
mod money;
mod page;

pub use form::{Field, FormAlert, Notice, action_error, action_ok, submit_on_change};
pub use json::{JsonCodec, from_str as json_from_str, resource};
pub use money::{Money, format_money, format_timestamp, money_input};
pub use page::{EmptyState, ErrorPage, PageHeader, Pager};
