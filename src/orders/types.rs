use serde::{Deserialize, Serialize};

use super::schedule::OpeningHours;
use crate::cart::types::CartView;
use crate::production::types::Stages;

/// Pick-up at a store, or delivery from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    Pickup,
    Delivery,
}

impl Fulfilment {
    pub fn code(self) -> &'static str {
        match self {
            Fulfilment::Pickup => "pickup",
            Fulfilment::Delivery => "delivery",
        }
    }
    pub fn parse(s: &str) -> Option<Fulfilment> {
        match s {
            "pickup" => Some(Fulfilment::Pickup),
            "delivery" => Some(Fulfilment::Delivery),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash when the order is picked up or delivered.
    Cash,
    /// Card when the order is picked up or delivered.
    Card,
    /// Online now, through the payment provider.
    Online,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 3] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Online,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Online => "online",
        }
    }
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// What the checkout page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutData {
    pub cart: CartView,
    pub stores: Vec<CheckoutStore>,
    /// Prefilled contact details (a signed-in shopper's client record).
    pub contact: Contact,
    /// The earliest ready date for this cart (`YYYY-MM-DD`).
    pub earliest_date: String,
    /// The latest date that can be chosen.
    pub latest_date: String,
    /// A fresh key for this checkout form: a second submission of the same
    /// form finds the order the first one placed instead of placing another.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStore {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub hours: Vec<OpeningHours>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
}

/// A line of an order, as it was bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderItem {
    pub product_id: Option<i64>,
    pub variant_id: Option<i64>,
    pub product_name: String,
    pub variant_name: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub inscription: String,
    pub notes: String,
}

/// A step of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StageEvent {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub at: i64,
    pub by_name: Option<String>,
}

/// An order in the shopper's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderSummary {
    pub id: i64,
    pub stage: String,
    pub total_minor: i64,
    pub created_at: i64,
    pub ready_date: Option<String>,
    pub item_count: i64,
    pub payment_status: String,
    /// The stage's name in the caller's language.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub stage_name: String,
    /// The stage's colour.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub stage_colour: String,
}

/// Everything the order page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: i64,
    pub stage: String,
    pub version: i32,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub store_address: Option<String>,
    pub delivery_address: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub payment_method: String,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
    pub created_at: i64,
    pub client_name: String,
    pub phone: String,
    pub email: String,
    pub items: Vec<OrderItem>,
    pub timeline: Vec<StageEvent>,
    /// The signed-in caller may move it between stages (staff and above).
    pub can_move: bool,
    /// The stages (names and colours for the status and the timeline).
    pub stages: Stages,
    /// Each supplier's part of the order and where it stands.
    #[serde(default)]
    pub supplier_parts: Vec<(String, crate::suppliers::types::PartState)>,
}

/// Where the browser goes after a successful checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub order_id: i64,
    /// The payment page, for online payment.
    pub redirect: String,
}

// ---------------------------------------------------------------------------
// The back office's orders table (`/admin/orders`).

/// The table's filters, sort and page, as they stand in the page's URL
/// (raw text: the server checks them, and answers a bad one with a message
/// next to its field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OrderFilter {
    /// One search box: order number, client (any name order, phone,
    /// email), item names, notes. Every word must match something.
    pub q: String,
    /// Text filters of the client and items columns.
    pub client: String,
    pub item: String,
    /// A stage code.
    pub stage: String,
    /// A payment status: unpaid, pending, paid, failed.
    pub payment: String,
    /// Placed on or after / on or before these days (`YYYY-MM-DD`, the
    /// shop's time zone).
    pub from: String,
    pub to: String,
    /// Total between these amounts (decimal, inclusive).
    pub min: String,
    pub max: String,
    /// A column of [`OrderColumn::SORTABLE`]; empty = newest first.
    pub sort: String,
    /// `asc` or `desc`.
    pub dir: String,
    pub page: i64,
}

impl OrderFilter {
    /// The URL query keys of the filters (not sort or page).
    pub const FILTER_KEYS: [&'static str; 9] = [
        "q", "client", "item", "stage", "payment", "from", "to", "min", "max",
    ];

    /// Reads the filter from a URL query.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> OrderFilter {
        let s = |k: &str| get(k).unwrap_or_default();
        OrderFilter {
            q: s("q"),
            client: s("client"),
            item: s("item"),
            stage: s("stage"),
            payment: s("payment"),
            from: s("from"),
            to: s("to"),
            min: s("min"),
            max: s("max"),
            sort: s("sort"),
            dir: s("dir"),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    }

    /// The URL query of the filters and sort (no page), `&`-joined and
    /// percent-encoded, for links that keep the current filters.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("client", &self.client),
            ("item", &self.item),
            ("stage", &self.stage),
            ("payment", &self.payment),
            ("from", &self.from),
            ("to", &self.to),
            ("min", &self.min),
            ("max", &self.max),
            ("sort", &self.sort),
            ("dir", &self.dir),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        self.query()
            .iter()
            .any(|(k, _)| Self::FILTER_KEYS.contains(k))
    }
}

/// The payment statuses an order can have.
pub const PAYMENT_STATUSES: [&str; 4] = ["unpaid", "pending", "paid", "failed"];

/// A column of the orders table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderColumn {
    Number,
    Created,
    Client,
    Phone,
    Items,
    Stage,
    Ready,
    Fulfilment,
    Payment,
    Total,
    Notes,
}

impl OrderColumn {
    pub const ALL: [OrderColumn; 11] = [
        OrderColumn::Number,
        OrderColumn::Created,
        OrderColumn::Client,
        OrderColumn::Phone,
        OrderColumn::Items,
        OrderColumn::Stage,
        OrderColumn::Ready,
        OrderColumn::Fulfilment,
        OrderColumn::Payment,
        OrderColumn::Total,
        OrderColumn::Notes,
    ];
    /// Shown until the manager picks others.
    pub const DEFAULT: [OrderColumn; 7] = [
        OrderColumn::Number,
        OrderColumn::Created,
        OrderColumn::Client,
        OrderColumn::Items,
        OrderColumn::Stage,
        OrderColumn::Ready,
        OrderColumn::Total,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderColumn::Number => "number",
            OrderColumn::Created => "created",
            OrderColumn::Client => "client",
            OrderColumn::Phone => "phone",
            OrderColumn::Items => "items",
            OrderColumn::Stage => "stage",
            OrderColumn::Ready => "ready",
            OrderColumn::Fulfilment => "fulfilment",
            OrderColumn::Payment => "payment",
            OrderColumn::Total => "total",
            OrderColumn::Notes => "notes",
        }
    }

    pub fn parse(code: &str) -> Option<OrderColumn> {
        OrderColumn::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Whether the table sorts by this column (all but the item list).
    pub fn sortable(self) -> bool {
        !matches!(self, OrderColumn::Items)
    }

    /// The columns a URL's `cols` values pick (unknown ones ignored; none
    /// known: the default set), in the table's order.
    pub fn chosen(codes: &[String]) -> Vec<OrderColumn> {
        let picked: Vec<OrderColumn> = OrderColumn::ALL
            .into_iter()
            .filter(|c| codes.iter().any(|code| code == c.code()))
            .collect();
        if picked.is_empty() {
            OrderColumn::DEFAULT.to_vec()
        } else {
            picked
        }
    }
}

/// A row of the orders table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub id: i64,
    pub created_at: i64,
    /// `created_at` in the shop's time zone, `YYYY-MM-DD HH:MM`.
    pub created: String,
    pub client_id: i64,
    pub client_name: String,
    pub phone: String,
    /// "Éclair ×3; Napoleon 1 kg ×1".
    pub items: String,
    pub stage: String,
    pub stage_name: String,
    pub stage_colour: String,
    pub ready_date: Option<String>,
    pub time_slot: String,
    pub fulfilment: String,
    pub store_name: Option<String>,
    pub payment_status: String,
    pub total_minor: i64,
    pub notes: String,
}

/// A page of the orders table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTable {
    pub rows: Vec<OrderLine>,
    /// Orders matching the filters (all pages).
    pub total: i64,
    /// Their summed total, cancelled orders included (what the filter shows).
    pub sum_minor: i64,
    /// `total` and `sum_minor` are exact; otherwise more than `total`
    /// orders match (the count stops at a cap) and the sum is not shown.
    pub exact: bool,
    pub page: i64,
    pub per_page: i64,
    /// Every stage, for the stage filter and the bulk move.
    pub stages: Stages,
    /// The caller may change orders (managers and admins; staff read).
    pub can_edit: bool,
    /// What is wrong with the filters (then no rows): shown at the form,
    /// each next to its field's name.
    pub problems: Vec<crate::error::FieldError>,
}

/// What a bulk stage change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub moved: Vec<i64>,
    /// Orders left as they were, with why.
    pub skipped: Vec<(i64, String)>,
}

// ---------------------------------------------------------------------------
// The back office's order page.

/// One line of an order, as the back office edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLine {
    pub id: i64,
    pub product: String,
    pub variant: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
}

/// One entry of an order's timeline: a stage move (the board, the table's
/// bulk change, checkout) or a recorded change (items, notes, client…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Unix seconds, and as the shop's clocks show it.
    pub at: i64,
    pub at_text: String,
    /// Who (None: the system or the shopper's checkout).
    pub who: Option<String>,
    /// `stage` (then `new` is the stage's name) or the changed field.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// `ui`, `api`, `board` or `system`.
    pub source: String,
}

/// Everything `/admin/orders/{id}` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    pub id: i64,
    pub created: String,
    pub source: String,
    pub client_id: i64,
    pub client_name: String,
    pub phone: String,
    pub email: String,
    pub stage: String,
    pub stage_name: String,
    pub stage_kind: String,
    pub version: i32,
    pub notes: String,
    pub total_minor: i64,
    pub payment_method: String,
    pub payment_status: String,
    pub lines: Vec<RecordLine>,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Managers and admins change orders; staff look.
    pub can_edit: bool,
    /// Completed and cancelled orders keep their lines.
    pub lines_open: bool,
    pub stages: Stages,
}
