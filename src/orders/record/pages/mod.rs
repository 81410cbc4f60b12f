//! The back office's order page.

mod record;

pub use record::OrderRecordPage;
