//! The analytics page.

mod analytics;

pub use analytics::AnalyticsPage;
