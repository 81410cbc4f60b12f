//! A client as the back office and the API see it.

use serde::{Deserialize, Serialize};

/// One client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub phone: String,
    pub email: String,
    pub notes: String,
    /// The shopper's account, when the client has one.
    pub user_id: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

impl Client {
    /// "Last First Middle", skipping empty parts.
    pub fn full_name(&self) -> String {
        full_name(&self.last_name, &self.first_name, &self.middle_name)
    }
}

/// "Last First Middle", skipping empty parts.
pub fn full_name(last: &str, first: &str, middle: &str) -> String {
    [last, first, middle]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The contact fields a client is made or edited with (`None`: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPatch {
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub middle_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
}

/// Columns a client list can be sorted by (the API's `order_by`, with `-`
/// for descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientSort {
    Id,
    LastName,
    FirstName,
    MiddleName,
    Email,
    Phone,
    CreatedAt,
}

impl ClientSort {
    /// Parses seed 002's names (`mobile_phone` for the phone) and ours.
    pub fn parse(s: &str) -> Option<(ClientSort, bool)> {
        let (desc, name) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let sort = match name {
            "id" => ClientSort::Id,
            "last_name" => ClientSort::LastName,
            "first_name" => ClientSort::FirstName,
            "middle_name" => ClientSort::MiddleName,
            "email" => ClientSort::Email,
            "mobile_phone" | "phone" => ClientSort::Phone,
            "created_at" => ClientSort::CreatedAt,
            _ => return None,
        };
        Some((sort, desc))
    }

    pub fn column(self) -> &'static str {
        match self {
            ClientSort::Id => "c.id",
            ClientSort::LastName => "c.last_name",
            ClientSort::FirstName => "c.first_name",
            ClientSort::MiddleName => "c.middle_name",
            ClientSort::Email => "c.email",
            ClientSort::Phone => "c.phone",
            ClientSort::CreatedAt => "c.created_at",
        }
    }
}

/// The words of a search box: lower-cased, at most 8, each at most 64
/// characters; control characters (a NUL byte, which neither full-text
/// index takes) separate words like spaces.
pub fn search_words(search: &str) -> Vec<String> {
    search
        .split(|c: char| c.is_whitespace() || c.is_control())
        .map(|w| w.chars().take(64).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_parse_seed_names_and_direction() {
        assert_eq!(
            ClientSort::parse("-mobile_phone"),
            Some((ClientSort::Phone, true))
        );
        assert_eq!(
            ClientSort::parse("last_name"),
            Some((ClientSort::LastName, false))
        );
        assert_eq!(ClientSort::parse("password"), None);
        assert_eq!(ClientSort::parse("id; DROP TABLE clients"), None);
    }

    #[test]
    fn search_words_are_lowercased_and_bounded() {
        assert_eq!(search_words("  Иванов  ИВАН "), vec!["иванов", "иван"]);
        assert_eq!(search_words("a b c d e f g h i j").len(), 8);
        assert_eq!(search_words("ив\0ан\u{1}"), vec!["ив", "ан"]);
        assert!(search_words("\0 \t\r").is_empty());
    }
}

/// A row of the clients table: the client and what they bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub client: Client,
    pub orders: i64,
    /// Total of orders not cancelled, minor units.
    pub spent_minor: i64,
}

/// A page of the clients table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientList {
    pub rows: Vec<ClientRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Managers and admins add clients.
    pub can_edit: bool,
}

/// One order in a client's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientOrder {
    pub id: i64,
    /// Unix seconds.
    pub created_at: i64,
    pub stage_name: String,
    /// open, done or cancelled.
    pub stage_kind: String,
    pub total_minor: i64,
}

/// A client's page: contacts, orders, totals, the change history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub client: Client,
    pub orders: Vec<ClientOrder>,
    pub orders_count: i64,
    pub spent_minor: i64,
    pub history: Vec<crate::history::types::HistoryEntry>,
    /// The caller may edit (manager, admin); staff only read.
    pub can_edit: bool,
}
