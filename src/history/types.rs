//! History entries as pages and the API show them.

use serde::{Deserialize, Serialize};

/// What a change was made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    Order,
    Client,
    Product,
    Category,
}

impl Entity {
    pub fn code(self) -> &'static str {
        match self {
            Entity::Order => "order",
            Entity::Client => "client",
            Entity::Product => "product",
            Entity::Category => "category",
        }
    }
}

/// Who made a change (`None`: the system) and through what: what every
/// changing operation of a service is given, so its history says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<i64>,
    pub source: Source,
}

impl Actor {
    /// A signed-in user in the back office.
    pub fn ui(user: i64) -> Actor {
        Actor {
            user: Some(user),
            source: Source::Ui,
        }
    }
    /// An API client, as the user its token belongs to.
    pub fn api(user: i64) -> Actor {
        Actor {
            user: Some(user),
            source: Source::Api,
        }
    }
}

/// Through what a change was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Ui,
    Api,
    Board,
    System,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Ui => "ui",
            Source::Api => "api",
            Source::Board => "board",
            Source::System => "system",
        }
    }
}

/// One field's change, before it is written. `field` is `created` or
/// `deleted` for the record as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    pub fn new(field: &str, old: impl Into<String>, new: impl Into<String>) -> Change {
        Change {
            field: field.to_owned(),
            old: Some(old.into()),
            new: Some(new.into()),
        }
    }
}

/// Appends a change of `field` to `changes` when `old` and `new` differ.
pub fn diff(changes: &mut Vec<Change>, field: &str, old: &str, new: &str) {
    if old != new {
        changes.push(Change::new(field, old, new));
    }
}

/// A recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Who (None: the system, or a deleted user).
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub source: String,
    /// Unix seconds.
    pub at: i64,
}
