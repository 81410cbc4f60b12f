//! The supplier's side of the shop, as the browser and the server share it.

use serde::{Deserialize, Serialize};

/// Where a supplier's part of an order stands. A part nobody has touched
/// is `New`; it is confirmed (the supplier will deliver it), then shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartState {
    New,
    Confirmed,
    Shipped,
}

impl PartState {
    pub const ALL: [PartState; 3] = [PartState::New, PartState::Confirmed, PartState::Shipped];

    pub fn code(self) -> &'static str {
        match self {
            PartState::New => "new",
            PartState::Confirmed => "confirmed",
            PartState::Shipped => "shipped",
        }
    }

    pub fn parse(code: &str) -> Option<PartState> {
        PartState::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The states a part may move to `self` from: a part is confirmed
    /// while new, and shipped once confirmed (or straight away).
    pub fn allowed_from(self) -> &'static [PartState] {
        match self {
            PartState::New => &[],
            PartState::Confirmed => &[PartState::New],
            PartState::Shipped => &[PartState::New, PartState::Confirmed],
        }
    }

    /// The next step the supplier's page offers, if any.
    pub fn next(self) -> Option<PartState> {
        match self {
            PartState::New => Some(PartState::Confirmed),
            PartState::Confirmed => Some(PartState::Shipped),
            PartState::Shipped => None,
        }
    }
}

/// A supplier as its own page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    pub url: String,
    /// The order intake switch (the seed's `state`).
    pub accepting_orders: bool,
    /// Active products of this supplier on the storefront.
    pub products: i64,
    /// The account that runs it, if one is linked.
    pub user_email: Option<String>,
}

/// What is wrong with a supplier's name or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    NameMissing,
    NameTooLong,
    BadUrl,
}

impl FormProblem {
    /// The form field it belongs to.
    pub fn field(self) -> &'static str {
        match self {
            FormProblem::NameMissing | FormProblem::NameTooLong => "name",
            FormProblem::BadUrl => "url",
        }
    }
}

/// A supplier's name and address (the seed's shop: name, url), parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierForm {
    pub name: String,
    /// Empty, or an http(s) address.
    pub url: String,
}

/// The longest name and address kept.
pub const MAX_NAME: usize = 120;
pub const MAX_URL: usize = 500;

impl SupplierForm {
    /// Trims and checks a typed name and address; every problem found.
    pub fn parse(name: &str, url: &str) -> Result<SupplierForm, Vec<FormProblem>> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let url = url.trim().to_owned();
        let mut problems = Vec::new();
        if name.is_empty() {
            problems.push(FormProblem::NameMissing);
        } else if name.chars().count() > MAX_NAME {
            problems.push(FormProblem::NameTooLong);
        }
        let scheme_ok = ["http://", "https://"].iter().any(|p| {
            url.len() > p.len()
                && url
                    .get(..p.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(p))
        });
        let url_ok = url.is_empty()
            || (scheme_ok
                && url.len() <= MAX_URL
                && !url.chars().any(|c| c.is_whitespace() || c.is_control()));
        if !url_ok {
            problems.push(FormProblem::BadUrl);
        }
        if problems.is_empty() {
            Ok(SupplierForm { name, url })
        } else {
            Err(problems)
        }
    }
}

/// One of the supplier's lines of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartLine {
    pub product_name: String,
    pub variant_name: String,
    pub sku: String,
    pub unit_price_minor: i64,
    pub quantity: i32,
    pub inscription: String,
}

/// The supplier's part of one order: its own lines and subtotal only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub order_id: i64,
    /// When it was placed, in the shop's time zone (`dd.mm.yyyy hh:mm`).
    pub placed: String,
    /// The day the buyer wants it (`YYYY-MM-DD`).
    pub ready_date: String,
    /// The order's production stage, named in the page's language.
    pub stage: String,
    /// The order was cancelled: its part can no longer move.
    pub cancelled: bool,
    pub state: PartState,
    pub lines: Vec<PartLine>,
    pub subtotal_minor: i64,
}

/// What `/supplier` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierView {
    /// The suppliers this user works for (every supplier, for an admin).
    pub suppliers: Vec<Supplier>,
    /// The one shown (none: the user runs no supplier yet).
    pub current: Option<Supplier>,
    /// The caller is an admin: creates suppliers and links their users.
    pub can_admin: bool,
    /// Only parts in this state (none: every part).
    pub state: Option<PartState>,
    pub parts: Vec<Part>,
    /// Parts in all (of the filter), and the page of them shown.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// The page's query string: `?supplier=3&state=new&page=2`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierQuery {
    pub supplier: Option<i64>,
    pub state: Option<PartState>,
    pub page: i64,
}

/// Parts on one page of the list.
pub const PAGE_SIZE: i64 = 25;

impl SupplierQuery {
    /// Reads a query string; anything it does not understand is left out.
    pub fn parse(search: &str) -> SupplierQuery {
        let mut q = SupplierQuery {
            page: 1,
            ..Default::default()
        };
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "supplier" => q.supplier = value.parse().ok().filter(|n| *n > 0),
                "state" => q.state = PartState::parse(value),
                "page" => {
                    q.page = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=100_000).contains(n))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        q
    }

    /// The page's address with these choices.
    pub fn href(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.supplier {
            parts.push(format!("supplier={s}"));
        }
        if let Some(s) = self.state {
            parts.push(format!("state={}", s.code()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/supplier".into()
        } else {
            format!("/supplier?{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_moves_forward_only() {
        assert!(
            PartState::Confirmed
                .allowed_from()
                .contains(&PartState::New)
        );
        assert!(
            PartState::Shipped
                .allowed_from()
                .contains(&PartState::Confirmed)
        );
        assert!(
            !PartState::Confirmed
                .allowed_from()
                .contains(&PartState::Shipped)
        );
        assert!(PartState::New.allowed_from().is_empty());
        assert_eq!(PartState::Shipped.next(), None);
        for s in PartState::ALL {
            assert_eq!(PartState::parse(s.code()), Some(s));
        }
        assert_eq!(PartState::parse("lost"), None);
    }

    #[test]
    fn a_supplier_form_is_trimmed_and_checked() {
        let ok =
            SupplierForm::parse("  Pskov   Honey ", " https://honey.example/list.yaml ").unwrap();
        assert_eq!(ok.name, "Pskov Honey");
        assert_eq!(ok.url, "https://honey.example/list.yaml");
        assert_eq!(SupplierForm::parse("Mill", "").unwrap().url, "");
        assert_eq!(
            SupplierForm::parse("Mill", "HTTP://mill.example")
                .unwrap()
                .url,
            "HTTP://mill.example"
        );
        for bad in [
            "ftp://mill.example",
            "mill.example",
            "http://",
            "https://a b",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                SupplierForm::parse("Mill", bad),
                Err(vec![FormProblem::BadUrl]),
                "{bad}"
            );
        }
        assert_eq!(
            SupplierForm::parse(" ", &format!("https://{}", "a".repeat(MAX_URL))),
            Err(vec![FormProblem::NameMissing, FormProblem::BadUrl])
        );
        assert_eq!(
            SupplierForm::parse(&"я".repeat(MAX_NAME), "")
                .unwrap()
                .name
                .chars()
                .count(),
            MAX_NAME
        );
        assert_eq!(
            SupplierForm::parse(&"я".repeat(MAX_NAME + 1), ""),
            Err(vec![FormProblem::NameTooLong])
        );
    }

    #[test]
    fn the_query_reads_back_what_it_writes_and_drops_the_rest() {
        let q = SupplierQuery {
            supplier: Some(3),
            state: Some(PartState::Confirmed),
            page: 2,
        };
        assert_eq!(SupplierQuery::parse(&q.href()["/supplier".len()..]), q);
        let junk = SupplierQuery::parse("?supplier=-1&state=x&page=0&other=1");
        assert_eq!(
            junk,
            SupplierQuery {
                supplier: None,
                state: None,
                page: 1
            }
        );
        assert_eq!(junk.href(), "/supplier");
    }
}
