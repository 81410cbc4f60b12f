//! The orders search on SQLite: an FTS5 trigram table read newest first.

// Part of the orders table's repo: SQL lives here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use super::super::TableQuery;
use super::{client_ids, contains, fts_phrase, numbers_and_others, order_number};
use crate::server::db::{Args, Dialect};

/// SQLite: the numbers of the orders the search's words of three
/// characters or more find (a subquery with one column, `id`), or `None`
/// when it has no such word. See [`sqlite_search`].
fn sqlite_search_ids(q: &TableQuery, args: &mut Args, newest: Option<i64>) -> Option<String> {
    let long: Vec<&String> = q.words.iter().filter(|w| fts_phrase(w).is_some()).collect();
    if long.is_empty() {
        return None;
    }
    let phrase = |words: &[&String]| {
        words
            .iter()
            .filter_map(|w| fts_phrase(w))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let all = args.text(phrase(&long));
    let mut any = vec![match newest {
        Some(n) => format!(
            "SELECT id FROM (SELECT -rowid AS id FROM order_search WHERE order_search MATCH {all} \
             ORDER BY rowid {} LIMIT {n})",
            // The rowid is the number negated (migration 0011).
            if q.desc { "ASC" } else { "DESC" }
        ),
        None => format!("SELECT -rowid AS id FROM order_search WHERE order_search MATCH {all}"),
    }];
    for (number, others) in numbers_and_others(&long) {
        let n = args.int(number);
        any.push(if others.is_empty() {
            format!("SELECT id FROM orders WHERE id = {n}")
        } else {
            let p = args.text(phrase(&others));
            format!("SELECT -rowid FROM order_search WHERE order_search MATCH {p} AND rowid = -{n}")
        });
    }
    Some(any.join(" UNION "))
}

/// SQLite: the search box and the items filter through `order_search`, one
/// trigram document per order (client, items, notes; migration 0011). All
/// the long words are one FTS query, so "croissant anna" finds the order
/// whose item is a croissant and whose client is Anna without gathering
/// either word's orders. A number also finds the order of that number when
/// the other words match it. Words under three characters, which trigrams
/// cannot serve, are checked on each candidate row.
///
/// With `newest`, the search is the table's only filter and the page is in
/// number order: the index is read in that order and stops after `newest`
/// matches, enough for the page and the capped count.
pub(super) fn sqlite_search(
    q: &TableQuery,
    args: &mut Args,
    conditions: &mut Vec<String>,
    newest: Option<i64>,
) {
    if let Some(ids) = sqlite_search_ids(q, args, newest) {
        conditions.push(format!("o.id IN ({ids})"));
    }
    for word in q.words.iter().filter(|w| fts_phrase(w).is_none()) {
        let mut any = Vec::new();
        if let Some(number) = order_number(word) {
            any.push(format!("o.id = {}", args.int(number)));
        }
        let mut client = Vec::new();
        crate::clients::repo::search_condition(
            Dialect::Sqlite,
            std::slice::from_ref(word),
            args,
            &mut client,
        );
        any.push(format!(
            "EXISTS (SELECT 1 FROM clients c WHERE c.id = o.client_id AND {})",
            client.join(" AND ")
        ));
        any.push(format!(
            "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND {})",
            contains(
                Dialect::Sqlite,
                "(i.product_name || ' ' || i.variant_name)",
                word,
                args
            )
        ));
        any.push(contains(Dialect::Sqlite, "o.notes", word, args));
        conditions.push(format!("({})", any.join(" OR ")));
    }
    let long_items: Vec<String> = q.item.iter().filter_map(|w| fts_phrase(w)).collect();
    if !long_items.is_empty() {
        let p = args.text(format!("items : ({})", long_items.join(" AND ")));
        conditions.push(format!(
            "o.id IN (SELECT -rowid FROM order_search WHERE order_search MATCH {p})"
        ));
    }
    for word in q.item.iter().filter(|w| fts_phrase(w).is_none()) {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id AND {})",
            contains(
                Dialect::Sqlite,
                "(i.product_name || ' ' || i.variant_name)",
                word,
                args
            )
        ));
    }
}

/// SQLite: the numbers of the orders the search box finds (every word of
/// three characters or more), in number order: up to `cap` of them, or,
/// when the second value says there are at least `cap`, the first
/// `page_end` (none unless `by_number`: a page in another order walks the
/// orders itself).
///
/// Several words, such as a client's "Last First": the index intersects
/// every word's trigrams up to the cap, yet the orders of the clients
/// holding every word (each one a match) may pass the cap alone, counted
/// through `orders_client_idx` in a few ms (38.1 -> 22.5 ms at p95 for a
/// million orders' "Last First").
pub(in crate::orders::table) async fn sqlite_newest_matches(
    read: &sqlx::SqlitePool,
    q: &TableQuery,
    cap: i64,
    page_end: i64,
    by_number: bool,
) -> Result<(Vec<i64>, bool), sqlx::Error> {
    let past_cap = q.words.len() > 1 && cap > page_end && {
        let mut args = Args::default();
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE o.client_id IN ({}) LIMIT {cap})",
            client_ids(Dialect::Sqlite, &q.words, &mut args)
        );
        let orders: i64 = crate::bind_args!(sqlx::query_scalar(&sql), args)
            .fetch_one(read)
            .await?;
        orders >= cap
    };
    if past_cap && !by_number {
        return Ok((Vec::new(), true));
    }
    let want = if past_cap { page_end } else { cap };
    let mut args = Args::default();
    let dir = if q.desc { "DESC" } else { "ASC" };
    let ids_sql = sqlite_search_ids(q, &mut args, Some(want)).unwrap_or_default();
    let sql = format!("SELECT id FROM ({ids_sql}) m ORDER BY id {dir} LIMIT {want}");
    let found = crate::bind_args!(sqlx::query_scalar(&sql), args)
        .fetch_all(read)
        .await?;
    Ok((found, past_cap))
}
