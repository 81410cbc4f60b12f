use serde::{Deserialize, Serialize};

/// One line of a cart, priced as the catalog prices it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CartLine {
    pub id: i64,
    pub variant_id: i64,
    pub product_slug: String,
    pub product_name: String,
    pub variant_name: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub inscription: String,
    pub notes: String,
    pub made_to_order: bool,
    pub lead_time_days: i32,
    /// Units on the shelves of every store (made-to-order goods: 0).
    pub stock: i64,
    pub image_id: Option<i64>,
    /// The product is still sold.
    pub active: bool,
}

impl CartLine {
    pub fn line_total(&self) -> i64 {
        self.unit_price_minor * i64::from(self.quantity)
    }
    /// The shelves hold fewer than the line asks for.
    pub fn short(&self) -> bool {
        !self.made_to_order && self.stock < i64::from(self.quantity)
    }
}

/// A cart as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CartView {
    pub lines: Vec<CartLine>,
}

impl CartView {
    pub fn total_minor(&self) -> i64 {
        self.lines.iter().map(CartLine::line_total).sum()
    }
    /// Units in the cart (the header badge).
    pub fn count(&self) -> i64 {
        self.lines.iter().map(|l| i64::from(l.quantity)).sum()
    }
    /// The longest lead time of the cart's goods.
    pub fn lead_days(&self) -> i32 {
        self.lines
            .iter()
            .map(|l| l.lead_time_days)
            .max()
            .unwrap_or(0)
    }
}

/// Largest quantity of one line.
pub const MAX_QUANTITY: i32 = 99;
/// Most lines in one cart.
pub const MAX_LINES: usize = 50;
/// Longest inscription on a cake.
pub const MAX_INSCRIPTION: usize = 80;
/// Longest note on a line.
pub const MAX_NOTES: usize = 500;
