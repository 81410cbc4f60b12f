//! The dashboard's charts as ECharts options, built with charming on the
//! server and sent as JSON: the browser's `charts.js` hands them to ECharts,
//! so the wasm never carries a chart library. The palette is the design
//! system's (style/main.scss).

use charming::Chart;
use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisType, Tooltip, Trigger};
use charming::series::{Bar, Line, Pie};

/// How a ranking is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Pie,
    Bars,
}

/// The design system's colours (`--c-brand`, `--c-accent`, `--c-success`,
/// `--c-info`, `--c-warning`, `--c-danger`, `--c-muted`, `--c-brand-strong`).
const PALETTE: [&str; 8] = [
    "#7a3e1d", "#d9822b", "#2f7d4f", "#2d5fa8", "#a76a00", "#b3261e", "#75665a", "#5e2e14",
];

fn base() -> Chart {
    Chart::new().color(PALETTE.to_vec()).grid(
        Grid::new()
            .left("2%")
            .right("3%")
            .top(40)
            .bottom("2%")
            .contain_label(true),
    )
}

fn json(chart: Chart) -> String {
    serde_json::to_string(&chart).unwrap_or_else(|_| "{}".to_owned())
}

/// Money in minor units as major units, for the axes.
fn major(minor: i64) -> f64 {
    minor as f64 / 100.0
}

/// Revenue as bars and orders as a line over the same periods.
pub fn revenue(labels: &[String], revenue: &[i64], orders: &[i64], r: &str, o: &str) -> String {
    json(
        base()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .legend(Legend::new().top(0))
            .x_axis(Axis::new().type_(AxisType::Category).data(labels.to_vec()))
            .y_axis(Axis::new().type_(AxisType::Value).name(r))
            .y_axis(Axis::new().type_(AxisType::Value).name(o))
            .series(
                Bar::new()
                    .name(r)
                    .data(revenue.iter().map(|m| major(*m)).collect()),
            )
            .series(Line::new().name(o).y_axis_index(1).data(orders.to_vec())),
    )
}

/// Shares of a whole (money in minor units, or counts when `name` says so).
pub fn pie(points: &[(String, i64)], name: &str) -> String {
    json(
        base()
            .tooltip(Tooltip::new().trigger(Trigger::Item))
            .legend(Legend::new().top(0))
            .series(
                Pie::new()
                    .name(name)
                    .radius(vec!["35%", "70%"])
                    .center(vec!["50%", "58%"])
                    .data(
                        points
                            .iter()
                            .map(|(n, v)| (*v as f64, n.as_str()))
                            .collect(),
                    ),
            ),
    )
}

/// Horizontal bars, best at the top (money in minor units).
pub fn bars(points: &[(String, i64)], name: &str) -> String {
    bars_f64(
        &points
            .iter()
            .map(|(n, v)| (n.clone(), major(*v)))
            .collect::<Vec<_>>(),
        name,
    )
}

/// Horizontal bars of plain numbers, the first at the top.
pub fn bars_f64(points: &[(String, f64)], name: &str) -> String {
    let mut points = points.to_vec();
    points.reverse();
    json(
        base()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(Axis::new().type_(AxisType::Value))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(points.iter().map(|(n, _)| n.clone()).collect()),
            )
            .series(
                Bar::new()
                    .name(name)
                    .data(points.iter().map(|(_, v)| *v).collect()),
            ),
    )
}

/// One line per series over the same periods.
pub fn lines(labels: &[String], series: &[(&str, &Vec<i64>)]) -> String {
    let mut chart = base()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .x_axis(Axis::new().type_(AxisType::Category).data(labels.to_vec()))
        .y_axis(Axis::new().type_(AxisType::Value).min_interval(1));
    for (name, values) in series {
        chart = chart.series(Line::new().name(*name).data(values.to_vec()));
    }
    json(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_echarts_json() {
        let option: serde_json::Value = serde_json::from_str(&revenue(
            &["1 Nov".into(), "2 Nov".into()],
            &[12_345, 0],
            &[3, 0],
            "Revenue",
            "Orders",
        ))
        .unwrap();
        // One axis is an object, two (the y axes here) an array.
        assert_eq!(option["xAxis"]["data"][0], "1 Nov");
        assert_eq!(option["yAxis"][1]["name"], "Orders");
        assert_eq!(option["series"][0]["type"], "bar");
        assert_eq!(option["series"][0]["data"][0], 123.45);
        assert_eq!(option["series"][1]["type"], "line");
        assert_eq!(option["series"][1]["yAxisIndex"], 1.0);
        let pie: serde_json::Value =
            serde_json::from_str(&super::pie(&[("Cakes".into(), 500)], "Revenue")).unwrap();
        assert_eq!(pie["series"][0]["data"][0]["name"], "Cakes");
    }
}
