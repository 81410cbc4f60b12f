//! A saved filter set, and the rules for what one may hold.

use serde::{Deserialize, Serialize};

/// The tables a filter set belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterPage {
    Orders,
    Clients,
}

impl FilterPage {
    pub fn code(self) -> &'static str {
        match self {
            FilterPage::Orders => "orders",
            FilterPage::Clients => "clients",
        }
    }

    pub fn parse(s: &str) -> Option<FilterPage> {
        match s.trim() {
            "orders" => Some(FilterPage::Orders),
            "clients" => Some(FilterPage::Clients),
            _ => None,
        }
    }

    /// The table's address.
    pub fn path(self) -> &'static str {
        match self {
            FilterPage::Orders => "/admin/orders",
            FilterPage::Clients => "/admin/clients",
        }
    }

    /// The query keys the table reads (the page number is never saved).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            FilterPage::Orders => &[
                "q", "client", "item", "stage", "payment", "from", "to", "min", "max", "sort",
                "dir", "cols",
            ],
            FilterPage::Clients => &["q", "sort"],
        }
    }

    /// `query` cut down to this table's keys, with empty values and the
    /// page number left out, re-encoded. Empty when nothing is left.
    pub fn clean_query(self, query: &str) -> String {
        let query = query.trim().trim_start_matches('?');
        let keys = self.keys();
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if keys.contains(&k.as_ref()) && !v.trim().is_empty() {
                out.append_pair(&k, v.trim());
            }
        }
        out.finish()
    }
}

/// The longest name of a filter set, in characters.
pub const NAME_MAX: usize = 60;
/// The longest query a filter set keeps, in bytes.
pub const QUERY_MAX: usize = 2000;
/// How many filter sets one user keeps per table.
pub const PER_USER: i64 = 30;

/// One saved filter set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub id: i64,
    pub name: String,
    /// The table's URL query, without `?`.
    pub query: String,
}

impl SavedFilter {
    /// The link that opens the table with these filters.
    pub fn href(&self, page: FilterPage) -> String {
        format!("{}?{}", page.path(), self.query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_query_keeps_only_the_tables_own_filters() {
        assert_eq!(
            FilterPage::Orders.clean_query(
                "?q=%D1%82%D0%BE%D1%80%D1%82&stage=new&page=3&evil=1&min=&cols=total&cols=client"
            ),
            "q=%D1%82%D0%BE%D1%80%D1%82&stage=new&cols=total&cols=client"
        );
        assert_eq!(FilterPage::Clients.clean_query("stage=new&page=2"), "");
        assert_eq!(
            FilterPage::Clients.clean_query("q=Ivanov+Ivan&sort=newest"),
            "q=Ivanov+Ivan&sort=newest"
        );
        assert_eq!(FilterPage::parse("orders"), Some(FilterPage::Orders));
        assert_eq!(FilterPage::parse("users"), None);
    }
}
