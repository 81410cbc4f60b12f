//! The board, the daily plan and the stage settings.

mod board;
mod plan;
mod stages;

pub use board::BoardPage;
pub use plan::PlanPage;
pub use stages::StagesPage;
