//! The production board's wire types and its rules (shared with the browser:
//! the board uses the same [`check_move`] to tell a refused drop at once).

use serde::{Deserialize, Serialize};

use crate::accounts::types::Role;
use crate::i18n::Locale;

/// What reaching a stage means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Still being made.
    Open,
    /// Finished (handed over, delivered).
    Done,
    /// Called off.
    Cancelled,
}

impl StageKind {
    pub const ALL: [StageKind; 3] = [StageKind::Open, StageKind::Done, StageKind::Cancelled];
    pub fn code(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Done => "done",
            StageKind::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|k| k.code() == s)
    }
    /// Final stages are left only by a manager or an admin.
    pub fn is_final(self) -> bool {
        self != StageKind::Open
    }
}

/// The stage every order starts in. It always exists and stays open.
pub const ENTRY_STAGE: &str = "new";

/// A stage as configured by an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub code: String,
    pub name_en: String,
    pub name_ru: String,
    /// `#rrggbb`.
    pub colour: String,
    pub position: i32,
    pub kind: StageKind,
}

impl Stage {
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ru => &self.name_ru,
            _ => &self.name_en,
        }
    }
}

/// The configured stages, in board order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Stages(pub Vec<Stage>);

impl Stages {
    pub fn get(&self, code: &str) -> Option<&Stage> {
        self.0.iter().find(|s| s.code == code)
    }
    /// A stage's name in `locale`, or its code when it no longer exists.
    pub fn name(&self, code: &str, locale: Locale) -> String {
        self.get(code)
            .map(|s| s.name(locale).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }
    /// The stage `step` places left (-1) or right (+1) of `code` on the board.
    pub fn neighbour(&self, code: &str, step: i32) -> Option<&Stage> {
        let i = self.0.iter().position(|s| s.code == code)? as i64 + i64::from(step);
        usize::try_from(i).ok().and_then(|i| self.0.get(i))
    }
}

/// Why a move is refused before anything is read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefusal {
    /// The target stage does not exist.
    UnknownStage,
    /// The order is already there.
    SameStage,
    /// Out of a final stage (handed over, cancelled): managers and admins only.
    FinalStage,
    /// Customers and suppliers do not move orders.
    Role,
}

/// The allowed moves: staff, managers and admins move an order from any
/// open stage to any other stage (back as well as forward: a cake goes back
/// to decorating); only managers and admins take an order out of a final
/// stage.
pub fn check_move(role: Role, stages: &Stages, from: &str, to: &str) -> Result<(), MoveRefusal> {
    if !role.is_staff_or_above() {
        return Err(MoveRefusal::Role);
    }
    let Some(_) = stages.get(to) else {
        return Err(MoveRefusal::UnknownStage);
    };
    if from == to {
        return Err(MoveRefusal::SameStage);
    }
    let from_final = stages.get(from).is_some_and(|s| s.kind.is_final());
    if from_final && role == Role::Staff {
        return Err(MoveRefusal::FinalStage);
    }
    Ok(())
}

/// Which orders the board shows, as the URL holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BoardFilter {
    /// `today`, `tomorrow`, `week` (today and the six days after) or `range`.
    pub due: String,
    /// With `range`: first and last day (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    pub store: Option<i64>,
    pub product: Option<i64>,
    /// A user id, or `Some(0)` for cards nobody has taken.
    pub assignee: Option<i64>,
}

impl BoardFilter {
    /// The filter as the board's server function takes it.
    #[allow(clippy::type_complexity)]
    pub fn to_args(
        &self,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        (
            text(&self.due),
            text(&self.from),
            text(&self.to),
            self.store.map(|v| v.to_string()),
            self.product.map(|v| v.to_string()),
            self.assignee.map(|v| v.to_string()),
        )
    }

    /// Reads the filter from the page's query parameters.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> BoardFilter {
        let id = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        BoardFilter {
            due: get("due").unwrap_or_default(),
            from: get("from").unwrap_or_default(),
            to: get("to").unwrap_or_default(),
            store: id("store").filter(|v| *v > 0),
            product: id("product").filter(|v| *v > 0),
            assignee: id("assignee").filter(|v| *v >= 0),
        }
    }
}

/// A line on a card: what to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CardItem {
    pub order_id: i64,
    pub product_name: String,
    pub variant_name: String,
    pub quantity: i32,
    pub inscription: String,
    pub notes: String,
}

/// An order on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: i64,
    pub version: i32,
    pub stage: String,
    pub ready_date: String,
    pub time_slot: String,
    pub fulfilment: String,
    pub store_name: String,
    pub client_name: String,
    pub notes: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// When it entered its stage (unix seconds).
    pub stage_since: i64,
    /// Its due time has passed and it is not finished.
    pub late: bool,
    pub items: Vec<CardItem>,
}

/// Someone who can be given a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// Everything the board page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub stages: Stages,
    pub cards: Vec<Card>,
    /// Cards left out because a column was full (the oldest finished ones).
    pub hidden: i64,
    pub filter: BoardFilter,
    /// The days shown (`YYYY-MM-DD`), after reading `filter.due`.
    pub from: String,
    pub to: String,
    pub today: String,
    /// The server's clock when the board was read (unix seconds).
    pub now: i64,
    pub staff: Vec<Choice>,
    pub stores: Vec<Choice>,
    pub products: Vec<Choice>,
    /// The caller may take orders out of final stages.
    pub can_reopen: bool,
}

/// One row of the daily plan: a product and variant, how many per stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub product_name: String,
    pub variant_name: String,
    /// Quantities in the order of [`Plan::stages`].
    pub by_stage: Vec<i64>,
    pub total: i64,
}

/// The daily plan: what to make for one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub date: String,
    pub store: Option<i64>,
    pub stores: Vec<Choice>,
    /// The stages with something in them (cancelled ones never count).
    pub stages: Vec<Stage>,
    pub rows: Vec<PlanRow>,
    /// Inscriptions and notes to read before decorating.
    pub notes: Vec<CardItem>,
    pub orders: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stages() -> Stages {
        let s = |code: &str, position, kind| Stage {
            code: code.into(),
            name_en: code.into(),
            name_ru: code.into(),
            colour: "#000000".into(),
            position,
            kind,
        };
        Stages(vec![
            s("new", 10, StageKind::Open),
            s("baking", 20, StageKind::Open),
            s("handed_over", 30, StageKind::Done),
            s("cancelled", 40, StageKind::Cancelled),
        ])
    }

    #[test]
    fn staff_move_between_open_stages_and_into_final_ones() {
        let st = stages();
        assert_eq!(check_move(Role::Staff, &st, "new", "baking"), Ok(()));
        assert_eq!(check_move(Role::Staff, &st, "baking", "new"), Ok(()));
        assert_eq!(
            check_move(Role::Staff, &st, "baking", "handed_over"),
            Ok(())
        );
        assert_eq!(check_move(Role::Staff, &st, "new", "cancelled"), Ok(()));
    }

    #[test]
    fn only_managers_and_admins_leave_a_final_stage() {
        let st = stages();
        for from in ["handed_over", "cancelled"] {
            assert_eq!(
                check_move(Role::Staff, &st, from, "new"),
                Err(MoveRefusal::FinalStage)
            );
            assert_eq!(check_move(Role::Manager, &st, from, "new"), Ok(()));
            assert_eq!(check_move(Role::Admin, &st, from, "baking"), Ok(()));
        }
    }

    #[test]
    fn refusals_name_their_reason() {
        let st = stages();
        assert_eq!(
            check_move(Role::Customer, &st, "new", "baking"),
            Err(MoveRefusal::Role)
        );
        assert_eq!(
            check_move(Role::Supplier, &st, "new", "baking"),
            Err(MoveRefusal::Role)
        );
        assert_eq!(
            check_move(Role::Staff, &st, "new", "frying"),
            Err(MoveRefusal::UnknownStage)
        );
        assert_eq!(
            check_move(Role::Manager, &st, "baking", "baking"),
            Err(MoveRefusal::SameStage)
        );
    }

    #[test]
    fn neighbours_follow_board_order() {
        let st = stages();
        assert_eq!(
            st.neighbour("new", 1).map(|s| s.code.as_str()),
            Some("baking")
        );
        assert_eq!(
            st.neighbour("baking", -1).map(|s| s.code.as_str()),
            Some("new")
        );
        assert!(st.neighbour("new", -1).is_none());
        assert!(st.neighbour("cancelled", 1).is_none());
        assert!(st.neighbour("nope", 1).is_none());
    }

    #[test]
    fn the_filter_reads_the_url() {
        let q = |k: &str| match k {
            "due" => Some("range".to_owned()),
            "from" => Some("2026-11-20".to_owned()),
            "store" => Some("2".to_owned()),
            "product" => Some("x".to_owned()),
            "assignee" => Some("0".to_owned()),
            _ => None,
        };
        let f = BoardFilter::from_query(q);
        assert_eq!(f.due, "range");
        assert_eq!(f.store, Some(2));
        assert_eq!(f.product, None);
        assert_eq!(f.assignee, Some(0));
    }
}
