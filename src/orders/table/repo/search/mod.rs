//! The orders table's text search: which orders the search box, the client
//! column and the items column find, on each engine.
//!
//! Every text condition is an `IN` over order numbers that an index finds,
//! never a scan of every order: searching a million orders reads only the
//! matches.
//!
//! # One search document per order
//!
//! `order_search` holds, per order, the client's contacts, the items' names
//! and the notes, kept by triggers on orders, items and clients, so a search
//! of several words is one indexed query however the words spread over the
//! fields.
//!
//! - **SQLite** ([`sqlite`]): an FTS5 `trigram` table, contentless, rowid =
//!   the order number negated (FTS5 reads forward lazily, so newest first
//!   stops early). A search of several words first counts the orders of the
//!   clients holding them all through `orders_client_idx`; when those alone
//!   pass the count's cap, only the page's matches are read.
//! - **PostgreSQL** ([`postgres`]): a lower-cased table with a `pg_trgm` GIN
//!   index on the expression the queries write. Each document also carries its
//!   order's creation time, with an index on `(created_at, order_id)`
//!   (migration 0013), so the table's default sort, newest first by time,
//!   walks the same way and its page comes with the matches even past the cap
//!   (order numbers need not follow creation times: the demo loader writes
//!   history after the recent orders).
//!
//! The demo loader pauses the triggers (`order_search_state`, inside its own
//! transaction) and writes each slice's documents once; on PostgreSQL it then
//! compacts `order_rollup` and analyzes.
//!
//! # Counting stops at a cap
//!
//! A text filter is counted up to [`SEARCH_COUNT_CAP`](super::SEARCH_COUNT_CAP)
//! (1,000), other filters up to 10,000: PostgreSQL checks each trigram
//! candidate's text, and a word in 3 % of a million orders needs a tenth of
//! the documents for 1,000 that it needs for 10,000.
//!
//! With only the search box, both engines take the matches' numbers from the
//! search index alone (in number order, up to the cap). When the search finds
//! every match (no more than the cap), the sum and the page read just those
//! orders ([`in_list`]: a JSON list through `json_each` on SQLite, `= ANY` of
//! an array on PostgreSQL), without searching again.
//!
//! # PostgreSQL: walk or gather
//!
//! `postgres::newest_matches` walks the newest 5,000 documents first and, by
//! the density seen there, walks on or gathers the rest, with the other way
//! switched off per query (`planned`): the planner's own guess walked 770,000
//! documents for a client's name.
//!
//! - **Most of the work of finding the cap's worth of matches only feeds the
//!   "1,000+".** When the sample saw some matches but walking on to the cap
//!   would read more than another sample, `at_least` first counts, up to what
//!   the cap still needs and without sorting, the orders of the clients whose
//!   contacts hold every word (`order_search_client_idx` under the clients'
//!   trigram index), and, past where the rest would be gathered, the documents
//!   whose items and notes hold every word. Either count is a lower bound;
//!   once one reaches the cap only the page's matches are still looked for.
//! - **A walk on** stops at the matches it wants; its bound (against a wrong
//!   guess of the density) is a key extrapolated at the sample's pace
//!   (`SearchKey::ahead`), not the document found by an offset.
//! - **The gather goes through the clients** (`gather_by_client`): a word
//!   holds no space, so it lies in the client's contacts or in the items and
//!   notes, and the clients' own trigram index (one row per client, the
//!   contacts a stored lower-cased column, migration 0015) is far cheaper than
//!   the documents' index, which repeats a client's name in each of their
//!   orders. Clients are grouped by which words they hold; a group holding
//!   every word gives its orders by `(client_id, created_at)`, any other group
//!   only its orders whose items and notes (their own trigram index) hold the
//!   rest, intersected in a bitmap (migration 0014). A word under three
//!   characters, more than eight words, words in over 10,000 clients'
//!   contacts or more than 16 groups of clients fall back to the documents'
//!   index. Client numbers are written into that statement as a constant
//!   array: a text parameter cast to an array is parsed again on every row a
//!   bitmap rechecks.
//!
//! Measured history of these choices: `docs/orders-search.md`.

// Part of the orders table's repo: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod postgres;
mod sqlite;

use postgres::postgres_search;
pub(super) use postgres::{SearchKey, postgres_newest_matches};
pub(super) use sqlite::sqlite_newest_matches;
use sqlite::sqlite_search;

use super::TableQuery;
use crate::server::db::{Args, Dialect};
use crate::server::rest::like_escape;

/// `LIKE` patterns of a lower-cased word: as typed, and capitalised (SQLite
/// folds the case of ASCII letters only; names are written capitalised).
fn like_patterns(word: &str) -> (String, String) {
    let mut chars = word.chars();
    let capitalised: String = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    (
        format!("%{}%", like_escape(word)),
        format!("%{}%", like_escape(&capitalised)),
    )
}

/// A condition: `expr` contains `word` (any letter case).
fn contains(dialect: Dialect, expr: &str, word: &str, args: &mut Args) -> String {
    let (typed, capitalised) = like_patterns(word);
    match dialect {
        Dialect::Sqlite => {
            let a = args.text(typed);
            let b = args.text(capitalised);
            format!("({expr} LIKE {a} ESCAPE '\\' OR {expr} LIKE {b} ESCAPE '\\')")
        }
        Dialect::Postgres => {
            let a = args.text(typed);
            format!("lower({expr}) LIKE {a} ESCAPE '\\'")
        }
    }
}

/// An FTS5 phrase matching `word` as a substring (SQLite's trigram index
/// serves words of three characters or more).
pub(super) fn fts_phrase(word: &str) -> Option<String> {
    (word.chars().count() >= 3).then(|| format!("\"{}\"", word.replace('"', "\"\"")))
}

/// An order number typed in the search box ("123", "№123", "#123").
fn order_number(word: &str) -> Option<i64> {
    word.trim_start_matches(['№', '#']).parse::<i64>().ok()
}

/// Each of `words` that is an order number, with the other words: the
/// search finds the order of that number when the other words match it.
fn numbers_and_others<'a>(words: &[&'a String]) -> Vec<(i64, Vec<&'a String>)> {
    words
        .iter()
        .enumerate()
        .filter_map(|(i, word)| {
            let others = words
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, w)| *w)
                .collect();
            order_number(word).map(|number| (number, others))
        })
        .collect()
}

/// Ids of the clients every one of `words` finds (a subquery).
fn client_ids(dialect: Dialect, words: &[String], args: &mut Args) -> String {
    let mut conditions = Vec::new();
    crate::clients::repo::search_condition(dialect, words, args, &mut conditions);
    if conditions.is_empty() {
        conditions.push("1 = 1".to_owned());
    }
    format!(
        "SELECT c.id FROM clients c WHERE {}",
        conditions.join(" AND ")
    )
}

/// The orders whose numbers are `ids`, as a condition on `o.id`, with the
/// numbers bound as one text parameter in each engine's own list form.
pub(super) fn in_list(dialect: Dialect, ids: &[i64], args: &mut Args) -> String {
    let joined = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match dialect {
        // A JSON array, read back by `json_each`.
        Dialect::Sqlite => format!(
            "o.id IN (SELECT value FROM json_each({}))",
            args.text(format!("[{joined}]"))
        ),
        // An array literal: `= ANY` reads each through the primary key, and
        // the planner sees how many there are.
        Dialect::Postgres => format!(
            "o.id = ANY(CAST({} AS BIGINT[]))",
            args.text(format!("{{{joined}}}"))
        ),
    }
}

/// The `WHERE` clause of `q`. Every text condition is an `IN` over ids that
/// an index finds (SQLite: the orders' search documents; PostgreSQL: the
/// trigram indexes of client contacts, item names and notes, and the
/// clients of an order by `orders_client_idx`), never a scan of every
/// order: searching a million orders reads only the matches.
pub(super) fn table_where(dialect: Dialect, q: &TableQuery, args: &mut Args) -> String {
    table_where_newest(dialect, q, args, None)
}

/// [`table_where`], SQLite's search reading only the `newest` matches (see
/// [`sqlite_search`]).
pub(super) fn table_where_newest(
    dialect: Dialect,
    q: &TableQuery,
    args: &mut Args,
    newest: Option<i64>,
) -> String {
    let mut conditions = vec!["1 = 1".to_owned()];
    match dialect {
        Dialect::Sqlite => sqlite_search(q, args, &mut conditions, newest),
        Dialect::Postgres => postgres_search(q, args, &mut conditions),
    }
    if !q.client.is_empty() {
        conditions.push(format!(
            "o.client_id IN ({})",
            client_ids(dialect, &q.client, args)
        ));
    }
    if let Some(stage) = &q.stage {
        conditions.push(format!("o.stage = {}", args.text(stage.clone())));
    }
    if let Some(payment) = &q.payment {
        conditions.push(format!("o.payment_status = {}", args.text(payment.clone())));
    }
    if let Some(from) = q.from {
        conditions.push(format!("o.created_at >= {}", args.int(from)));
    }
    if let Some(until) = q.until {
        conditions.push(format!("o.created_at < {}", args.int(until)));
    }
    if let Some(min) = q.min {
        conditions.push(format!("o.total_minor >= {}", args.int(min)));
    }
    if let Some(max) = q.max {
        conditions.push(format!("o.total_minor <= {}", args.int(max)));
    }
    conditions.join(" AND ")
}
