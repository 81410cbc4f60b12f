//! The analytics dashboard assembled from the roll-ups: key figures against
//! the period before, the charts' series and the tables behind them. The
//! page's server function and the exports both build it here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

use super::charts;
use super::repo::{self, Ranked};
use super::texts::{AnalyticsTexts, texts};
use super::types::{AnalyticsQuery, Bucket, ChartBlock, Dashboard, Kpis};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::production::types::{StageKind, Stages};
use crate::server::config::Config;
use crate::server::db::Db;
use crate::ui::format_money;

use super::api::ssr::{LOW_DEFAULT, check};

/// The dashboard of `q`, in `locale`'s words. `plain`: money in the
/// tables as plain decimals (`1234.50`), for exports.
pub async fn dashboard(
    db: &Db,
    config: &Config,
    q: AnalyticsQuery,
    locale: Locale,
    plain: bool,
) -> Result<Dashboard, AppError> {
    let t = texts(locale);
    for value in AnalyticsQuery::KEYS.iter().map(|k| match *k {
        "period" => &q.period,
        "from" => &q.from,
        "to" => &q.to,
        "store" => &q.store,
        "category" => &q.category,
        "by" => &q.by,
        _ => &q.low,
    }) {
        if value.chars().count() > 20 {
            return Err(AppError::BadRequest("A filter is too long".into()));
        }
    }
    let (stores, categories) = repo::choices(db).await?;
    let today = crate::orders::schedule::today(config);
    let store_ids: Vec<i64> = stores.iter().map(|s| s.id).collect();
    let category_ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
    let mut out = Dashboard {
        query: q.clone(),
        from: today,
        to: today,
        previous_from: today,
        previous_to: today,
        bucket: Bucket::Day,
        kpis: Kpis::default(),
        previous: Kpis::default(),
        charts: Vec::new(),
        low_stock: Vec::new(),
        low_threshold: LOW_DEFAULT,
        stores,
        categories,
        currency: config.shop.currency.clone(),
        problems: Vec::new(),
    };
    let c = match check(&q, today, &store_ids, &category_ids, t) {
        Ok(c) => c,
        Err(problems) => {
            out.problems = problems;
            return Ok(out);
        }
    };
    repo::refresh(db, config).await?;
    let stages = crate::production::api::ssr::stages_in(db).await?;
    let length = (c.to - c.from).num_days() + 1;
    let previous_to = c.from - Duration::days(1);
    let previous_from = previous_to - Duration::days(length - 1);
    out.from = c.from;
    out.to = c.to;
    out.previous_from = previous_from;
    out.previous_to = previous_to;
    out.bucket = c.bucket;
    out.low_threshold = c.low;

    let sales = repo::sales(db, previous_from, c.to, c.store, c.category).await?;
    let cancelled = |stage: &str| {
        stages
            .get(stage)
            .is_some_and(|s| s.kind == StageKind::Cancelled)
    };
    let mut now = Kpis::default();
    let mut before = Kpis::default();
    let buckets = bucket_starts(c.from, c.to, c.bucket);
    let mut series: BTreeMap<NaiveDate, (i64, i64)> =
        buckets.iter().map(|b| (*b, (0, 0))).collect();
    let mut by_store: BTreeMap<i64, i64> = BTreeMap::new();
    let mut by_stage: HashMap<String, i64> = HashMap::new();
    for row in &sales {
        let day = day_of(&row.day);
        let current = day >= c.from;
        let k = if current { &mut now } else { &mut before };
        k.orders += row.orders;
        k.new_customers += row.first_orders;
        if cancelled(&row.stage) {
            k.cancelled += row.orders;
        } else {
            k.revenue_minor += row.revenue_minor;
        }
        if current {
            let slot = series.entry(c.bucket.start(day)).or_insert((0, 0));
            slot.1 += row.orders;
            if !cancelled(&row.stage) {
                slot.0 += row.revenue_minor;
                *by_store.entry(row.store_id).or_default() += row.revenue_minor;
            }
            *by_stage.entry(row.stage.clone()).or_default() += row.orders;
        }
    }
    for k in [&mut now, &mut before] {
        let sold = k.orders - k.cancelled;
        k.average_minor = if sold > 0 { k.revenue_minor / sold } else { 0 };
        k.returning_orders = k.orders - k.new_customers;
        k.cancelled_permille = if k.orders > 0 {
            k.cancelled * 1000 / k.orders
        } else {
            0
        };
    }
    out.kpis = now;
    out.previous = before;

    let money = |m: i64| {
        if plain {
            crate::server::rest::money_text(m)
        } else {
            format_money(m, &config.shop.currency, locale)
        }
    };
    let label = |d: NaiveDate| bucket_label(d, c.bucket, locale);

    // Revenue and orders over time.
    let labels: Vec<String> = series.keys().map(|d| label(*d)).collect();
    let revenue: Vec<i64> = series.values().map(|v| v.0).collect();
    let orders: Vec<i64> = series.values().map(|v| v.1).collect();
    out.charts.push(ChartBlock {
        id: "chart-revenue".into(),
        title: t.chart_revenue.into(),
        option: charts::revenue(&labels, &revenue, &orders, t.revenue, t.orders),
        head: vec![t.col_period.into(), t.revenue.into(), t.orders.into()],
        rows: series
            .iter()
            .map(|(d, (r, o))| vec![label(*d), money(*r), o.to_string()])
            .collect(),
    });

    // Rankings: categories, products, stores, variants.
    let ranked = |what| repo::ranking(db, what, c.from, c.to, c.store, c.category, 10);
    let categories = ranked(Ranked::Category).await?;
    out.charts.push(ranking_block(
        "chart-categories",
        t.chart_categories,
        &categories,
        charts::Shape::Pie,
        t,
        &money,
    ));
    let products = ranked(Ranked::Product).await?;
    out.charts.push(ranking_block(
        "chart-products",
        t.chart_products,
        &products,
        charts::Shape::Bars,
        t,
        &money,
    ));
    let store_names: HashMap<i64, String> =
        out.stores.iter().map(|s| (s.id, s.name.clone())).collect();
    let stores: Vec<(String, i64, i64)> = by_store
        .iter()
        .map(|(id, revenue)| {
            (
                store_names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| t.no_store.to_owned()),
                0,
                *revenue,
            )
        })
        .collect();
    let mut block = ranking_block(
        "chart-stores",
        t.chart_stores,
        &stores,
        charts::Shape::Pie,
        t,
        &money,
    );
    block.head = vec![t.col_store.into(), t.revenue.into()];
    block.rows = stores
        .iter()
        .map(|(n, _, r)| vec![n.clone(), money(*r)])
        .collect();
    out.charts.push(block);
    let variants: Vec<(String, i64, i64)> = ranked(Ranked::Variant)
        .await?
        .into_iter()
        .map(|(n, u, r)| {
            (
                if n.is_empty() {
                    t.no_variant.to_owned()
                } else {
                    n
                },
                u,
                r,
            )
        })
        .collect();
    out.charts.push(ranking_block(
        "chart-variants",
        t.chart_variants,
        &variants,
        charts::Shape::Bars,
        t,
        &money,
    ));

    // Orders by status, in the stages' order.
    let mut status: Vec<(String, i64)> = stages
        .0
        .iter()
        .filter_map(|s| {
            by_stage
                .get(&s.code)
                .map(|n| (s.name(locale).to_owned(), *n))
        })
        .collect();
    status.extend(
        by_stage
            .iter()
            .filter(|(code, _)| stages.get(code).is_none())
            .map(|(code, n)| (code.clone(), *n)),
    );
    out.charts.push(ChartBlock {
        id: "chart-status".into(),
        title: t.chart_status.into(),
        option: charts::pie(
            &status
                .iter()
                .map(|(n, v)| (n.clone(), *v))
                .collect::<Vec<_>>(),
            t.orders,
        ),
        head: vec![t.col_name.into(), t.orders.into()],
        rows: status
            .iter()
            .map(|(n, v)| vec![n.clone(), v.to_string()])
            .collect(),
    });

    // Production: hours in each stage, orders finished.
    let production = repo::production(db, c.from, c.to).await?;
    out.charts.extend(production_blocks(
        &production,
        &stages,
        &buckets,
        c.bucket,
        locale,
        t,
    ));

    // User activity.
    let from_ts = config.midnight(c.from);
    let to_ts = config.midnight(c.to + Duration::days(1));
    let logins = repo::logins(db, from_ts, to_ts).await?;
    let registrations = repo::registrations(db, from_ts, to_ts).await?;
    out.charts.push(activity_block(
        config,
        &buckets,
        c.bucket,
        &logins,
        &registrations,
        locale,
        t,
    ));

    out.low_stock = repo::stock(db, Some(c.low), c.store, c.category, 200).await?;
    Ok(out)
}

/// The first day of every bucket from `from` to `to`.
pub fn bucket_starts(from: NaiveDate, to: NaiveDate, bucket: Bucket) -> Vec<NaiveDate> {
    let mut out = BTreeSet::new();
    let mut d = from;
    while d <= to {
        out.insert(bucket.start(d));
        d += Duration::days(1);
    }
    out.into_iter().collect()
}

/// A bucket's label: the date, the week's Monday, or the month.
pub fn bucket_label(d: NaiveDate, bucket: Bucket, locale: Locale) -> String {
    match bucket {
        Bucket::Month => d.format("%Y-%m").to_string(),
        _ => crate::reports::types::date_text(d, locale),
    }
}

fn ranking_block(
    id: &str,
    title: &str,
    rows: &[(String, i64, i64)],
    shape: charts::Shape,
    t: &AnalyticsTexts,
    money: &dyn Fn(i64) -> String,
) -> ChartBlock {
    let points: Vec<(String, i64)> = rows.iter().map(|(n, _, r)| (n.clone(), *r)).collect();
    ChartBlock {
        id: id.into(),
        title: title.into(),
        option: match shape {
            charts::Shape::Pie => charts::pie(&points, t.revenue),
            charts::Shape::Bars => charts::bars(&points, t.revenue),
        },
        head: vec![t.col_name.into(), t.col_units.into(), t.revenue.into()],
        rows: rows
            .iter()
            .map(|(n, u, r)| vec![n.clone(), u.to_string(), money(*r)])
            .collect(),
    }
}

fn production_blocks(
    rows: &[(String, String, i64, i64, i64)],
    stages: &Stages,
    buckets: &[NaiveDate],
    bucket: Bucket,
    locale: Locale,
    t: &AnalyticsTexts,
) -> Vec<ChartBlock> {
    let mut time: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut finished: BTreeMap<NaiveDate, i64> = buckets.iter().map(|b| (*b, 0)).collect();
    for (day, stage, entered, left, seconds) in rows {
        let slot = time.entry(stage.as_str()).or_default();
        slot.0 += left;
        slot.1 += seconds;
        if stages.get(stage).is_some_and(|s| s.kind == StageKind::Done) {
            *finished.entry(bucket.start(day_of(day))).or_default() += entered;
        }
    }
    // Stages orders wait in (not the finished or cancelled ones).
    let hours: Vec<(String, i64, f64)> = stages
        .0
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| {
            let (left, seconds) = time.get(s.code.as_str()).copied().unwrap_or_default();
            let hours = if left > 0 {
                (seconds as f64 / left as f64 / 360.0).round() / 10.0
            } else {
                0.0
            };
            (s.name(locale).to_owned(), left, hours)
        })
        .collect();
    let labels: Vec<String> = finished
        .keys()
        .map(|d| bucket_label(*d, bucket, locale))
        .collect();
    let done: Vec<i64> = finished.values().copied().collect();
    vec![
        ChartBlock {
            id: "chart-stage-time".into(),
            title: t.chart_stage_time.into(),
            option: charts::bars_f64(
                &hours
                    .iter()
                    .map(|(n, _, h)| (n.clone(), *h))
                    .collect::<Vec<_>>(),
                t.col_hours,
            ),
            head: vec![t.col_name.into(), t.col_hours.into(), t.col_left.into()],
            rows: hours
                .iter()
                .map(|(n, left, h)| vec![n.clone(), format!("{h:.1}"), left.to_string()])
                .collect(),
        },
        ChartBlock {
            id: "chart-finished".into(),
            title: t.chart_finished.into(),
            option: charts::lines(&labels, &[(t.col_finished, &done)]),
            head: vec![t.col_period.into(), t.col_finished.into()],
            rows: labels
                .iter()
                .zip(&done)
                .map(|(l, n)| vec![l.clone(), n.to_string()])
                .collect(),
        },
    ]
}

fn activity_block(
    config: &Config,
    buckets: &[NaiveDate],
    bucket: Bucket,
    logins: &[(i64, i64)],
    registrations: &[i64],
    locale: Locale,
    t: &AnalyticsTexts,
) -> ChartBlock {
    let tz = config.tz();
    let bucket_of = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(|d| bucket.start(d.with_timezone(&tz).date_naive()))
    };
    let mut per: BTreeMap<NaiveDate, (i64, i64, BTreeSet<i64>)> = buckets
        .iter()
        .map(|b| (*b, (0, 0, BTreeSet::new())))
        .collect();
    for at in registrations {
        if let Some(slot) = bucket_of(*at).and_then(|b| per.get_mut(&b)) {
            slot.0 += 1;
        }
    }
    for (user, at) in logins {
        if let Some(slot) = bucket_of(*at).and_then(|b| per.get_mut(&b)) {
            slot.1 += 1;
            slot.2.insert(*user);
        }
    }
    let labels: Vec<String> = per
        .keys()
        .map(|d| bucket_label(*d, bucket, locale))
        .collect();
    let regs: Vec<i64> = per.values().map(|v| v.0).collect();
    let ins: Vec<i64> = per.values().map(|v| v.1).collect();
    let active: Vec<i64> = per.values().map(|v| v.2.len() as i64).collect();
    ChartBlock {
        id: "chart-activity".into(),
        title: t.chart_activity.into(),
        option: charts::lines(
            &labels,
            &[
                (t.registrations, &regs),
                (t.logins, &ins),
                (t.active_users, &active),
            ],
        ),
        head: vec![
            t.col_period.into(),
            t.registrations.into(),
            t.logins.into(),
            t.active_users.into(),
        ],
        rows: (0..labels.len())
            .map(|i| {
                vec![
                    labels[i].clone(),
                    regs[i].to_string(),
                    ins[i].to_string(),
                    active[i].to_string(),
                ]
            })
            .collect(),
    }
}

fn day_of(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}
