//! The two engines' schemas agree: the same tables with the same columns of
//! compatible types, and the same migrations, except the engine-specific
//! search structures listed below.

use std::collections::BTreeMap;

use karavai::server::db::Db;

/// Tables that exist on one engine only: each engine's own full-text and
/// trigram search structures (ARCHITECTURE.md, "Two databases").
const SQLITE_ONLY: &[&str] = &["clients_fts", "products_fts"];
const POSTGRES_ONLY: &[&str] = &["product_search"];
/// Tables present on both engines whose columns differ by design: SQLite's
/// `order_search` is a contentless FTS5 table keyed by its rowid, where
/// PostgreSQL's is a plain table with its keys and trigram indexes.
const DIFFERENT_COLUMNS: &[&str] = &["order_search"];

/// Columns on PostgreSQL only: `catalog_version.txid` lets its deferred
/// triggers raise the version once per transaction (SQLite's triggers run
/// inside the single writer's transaction and need no such mark).
const POSTGRES_ONLY_COLUMNS: &[(&str, &str)] = &[("catalog_version", "txid")];

type Schema = BTreeMap<String, BTreeMap<String, String>>;

/// The column type families both engines' declared types fall into.
fn family(engine_type: &str) -> &'static str {
    let t = engine_type.to_ascii_lowercase();
    match t.as_str() {
        "integer" | "int" | "bigint" | "smallint" => "integer",
        "boolean" => "boolean",
        "real" | "double precision" => "float",
        "text" | "character varying" => "text",
        "blob" | "bytea" => "bytes",
        _ if t.starts_with("timestamp") || t == "date" => "text",
        _ => "other",
    }
}

async fn sqlite_schema(db: &Db) -> Schema {
    let Db::Sqlite { read, .. } = db else {
        panic!("a SQLite database")
    };
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(read)
    .await
    .unwrap();
    // FTS5 keeps its index in shadow tables: the virtual table's name and
    // one of five suffixes.
    let virtual_tables: Vec<&str> = tables
        .iter()
        .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
        .map(|(name, _)| name.as_str())
        .collect();
    let mut schema = Schema::new();
    for (name, _) in &tables {
        let shadow = virtual_tables.iter().any(|v| {
            ["data", "idx", "content", "docsize", "config"]
                .iter()
                .any(|suffix| *name == format!("{v}_{suffix}"))
        });
        if shadow {
            continue;
        }
        let columns: Vec<(String, String)> =
            sqlx::query_as("SELECT name, type FROM pragma_table_xinfo($1) WHERE hidden <> 1")
                .bind(name)
                .fetch_all(read)
                .await
                .unwrap();
        schema.insert(
            name.clone(),
            columns
                .into_iter()
                .map(|(c, t)| (c, family(&t).to_owned()))
                .collect(),
        );
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let Db::Postgres(pool) = db else {
        panic!("a PostgreSQL database")
    };
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
           AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for (table, column, data_type) in rows {
        schema
            .entry(table)
            .or_default()
            .insert(column, family(&data_type).to_owned());
    }
    schema
}

async fn migrations(db: &Db) -> Vec<i64> {
    let sql = "SELECT version FROM _sqlx_migrations ORDER BY version";
    match db {
        Db::Sqlite { read, .. } => sqlx::query_scalar(sql).fetch_all(read).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
    }
}

/// A fresh PostgreSQL database: the suite's own server when the suite runs
/// on PostgreSQL, else the one `KARAVAI_TEST_PG_URL` names.
async fn fresh_postgres() -> Option<Db> {
    let base = std::env::var("KARAVAI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .or_else(|| std::env::var("KARAVAI_TEST_PG_URL").ok())?;
    let name = format!("karavai_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&base).await.expect("connect");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create database");
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').expect("the URL names a database");
    let db = Db::connect(&format!("{prefix}/{name}"), 2)
        .await
        .expect("connect");
    db.migrate().await.expect("migrations apply");
    Some(db)
}

#[tokio::test]
async fn both_engines_have_the_same_tables_columns_and_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(
        &format!("sqlite://{}", dir.path().join("parity.db").display()),
        2,
    )
    .await
    .unwrap();
    sqlite.migrate().await.unwrap();
    let Some(postgres) = fresh_postgres().await else {
        // scripts/test.sh always gives one; a bare `cargo test` may not.
        eprintln!("schema parity: no PostgreSQL (KARAVAI_TEST_PG_URL): not compared");
        return;
    };
    assert_eq!(
        migrations(&sqlite).await,
        migrations(&postgres).await,
        "every migration exists for both engines"
    );
    let mut lite = sqlite_schema(&sqlite).await;
    let mut pg = postgres_schema(&postgres).await;
    for name in DIFFERENT_COLUMNS {
        assert!(lite.remove(*name).is_some() && pg.remove(*name).is_some());
    }
    let only = |a: &Schema, b: &Schema| -> Vec<String> {
        a.keys().filter(|t| !b.contains_key(*t)).cloned().collect()
    };
    assert_eq!(only(&lite, &pg), SQLITE_ONLY, "tables on SQLite only");
    assert_eq!(only(&pg, &lite), POSTGRES_ONLY, "tables on PostgreSQL only");
    for name in SQLITE_ONLY {
        lite.remove(*name);
    }
    for name in POSTGRES_ONLY {
        pg.remove(*name);
    }
    for (table, column) in POSTGRES_ONLY_COLUMNS {
        let removed = pg.get_mut(*table).and_then(|t| t.remove(*column));
        assert!(removed.is_some(), "{table}.{column} is on PostgreSQL");
    }
    let mut differences = Vec::new();
    for (table, columns) in &lite {
        let other = &pg[table];
        for (column, kind) in columns {
            match other.get(column) {
                None => differences.push(format!("{table}.{column}: SQLite only")),
                Some(k) if k != kind && !compatible(kind, k) => differences.push(format!(
                    "{table}.{column}: {kind} on SQLite, {k} on PostgreSQL"
                )),
                _ => {}
            }
        }
        for column in other.keys().filter(|c| !columns.contains_key(*c)) {
            differences.push(format!("{table}.{column}: PostgreSQL only"));
        }
    }
    assert!(differences.is_empty(), "{differences:#?}");
}

/// SQLite has no boolean type of its own: `BOOLEAN` columns hold 0 and 1.
fn compatible(sqlite: &str, postgres: &str) -> bool {
    matches!(
        (sqlite, postgres),
        ("integer", "boolean") | ("boolean", "integer")
    )
}
