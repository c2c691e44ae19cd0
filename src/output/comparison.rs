//! The files of `compare`: `comparison.csv`, the overlaid charts,
//! `report.html` and `comparison.xlsx`.

use std::path::Path;

use super::Writing;
use super::charts::explore::draw_overlay;
use super::charts::series::BandSeries;
use super::charts::style::series_colour;
use super::csv_out::{restyle, write_csv};
use super::report::{escape, page_head, plain_description};
use super::results::number;
use super::write_file;
use crate::error::{Error, Result};
use crate::explore::compare::{ComparisonRow, ScenarioRun, outcome_stats};
use crate::explore::outcome::Outcome;
use crate::scenario::{Lang, RunSettings, Scenario};
use crate::stats::summary::Stat;
use crate::text::number_for;

/// The footer of exploration charts: replicates, seed, scale and version.
pub fn footer(s: &Scenario, lang: Lang) -> String {
    let sim = &s.simulation;
    match lang {
        Lang::Vi => format!(
            "{} lần mô phỏng · seed {} · quy mô {} · agroshift {}",
            sim.replicates,
            sim.seed,
            sim.scale,
            env!("CARGO_PKG_VERSION")
        ),
        Lang::En => format!(
            "{} replicates · seed {} · scale {} · agroshift {}",
            sim.replicates,
            sim.seed,
            sim.scale,
            env!("CARGO_PKG_VERSION")
        ),
    }
}

/// Every statistic divided by `divisor` (to shown units).
fn scaled(stats: Vec<Option<Stat>>, divisor: f64) -> Vec<Option<Stat>> {
    stats.into_iter().map(|s| s.map(|s| s.scaled(divisor))).collect()
}

/// Writes the comparison of `runs` (the first is the reference) into `dir`:
/// `rows` from [`crate::explore::compare::compare`], `fruit` the crops
/// counted as fruit, `settings` the common run settings.
pub fn write_comparison(
    dir: &Path,
    runs: &[ScenarioRun],
    rows: &[ComparisonRow],
    fruit: &[String],
    settings: &RunSettings,
    how: Writing,
) -> Result<()> {
    let Writing { lang, csv: csv_style } = how;
    let write = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    let header = ["scenario", "outcome", "unit", "year", "mean", "p5", "p95", "diff_mean", "diff_p5", "diff_p95"];
    let body = rows.iter().map(|r| {
        vec![
            r.scenario.clone(),
            r.outcome.to_string(),
            r.unit.to_string(),
            r.year.to_string(),
            number(r.mean),
            number(r.p5),
            number(r.p95),
            number(r.diff_mean),
            number(r.diff_p5),
            number(r.diff_p95),
        ]
    });
    let mut csv = Vec::new();
    write_csv(&mut csv, &header, body).map_err(|e| Error::io("writing comparison.csv", e))?;
    write("comparison.csv", &restyle(&csv, csv_style))?;

    // Overlaid charts.
    let figures_dir = dir.join("figures");
    std::fs::create_dir_all(&figures_dir).map_err(|e| Error::io("creating figures/", e))?;
    let years: Vec<i32> = (0..settings.years as i32).map(|y| settings.base_year + y).collect();
    let foot = footer(&runs[0].scenario, lang);
    let charts: [(Outcome, &str, String, String, f64); 5] = [
        (
            Outcome::HouseholdsAboveThreshold,
            "households-above-threshold",
            super::results::threshold_title(&runs[0].scenario, lang),
            lang.pick("Số hộ", "Households").to_string(),
            1.0,
        ),
        (
            Outcome::FruitAreaHa,
            "fruit-area",
            lang.pick("Diện tích cây ăn quả ghép", "Area of grafted fruit").to_string(),
            lang.pick("nghìn ha", "thousand ha").to_string(),
            1000.0,
        ),
        (
            Outcome::TreeCoverPct,
            "tree-cover",
            lang.pick("Độ che phủ cây xanh", "Tree cover").to_string(),
            lang.pick("% diện tích tự nhiên", "% of natural area").to_string(),
            1.0,
        ),
        (
            Outcome::OrchardGovPerHa,
            "income-per-ha",
            lang.pick("Giá trị sản xuất trên 1 ha vườn cho quả", "Gross output per bearing ha of orchard").to_string(),
            lang.pick("triệu đồng/ha", "M VND/ha").to_string(),
            1e6,
        ),
        (
            Outcome::SubsidyCumulativeVnd,
            "subsidy-spent",
            lang.pick("Kinh phí hỗ trợ luỹ kế", "Subsidy and support spent, cumulative").to_string(),
            lang.pick("tỷ đồng", "bn VND").to_string(),
            1e9,
        ),
    ];
    let mut figure_names = Vec::new();
    for (outcome, name, title, unit, divisor) in &charts {
        let series: Vec<BandSeries> = runs
            .iter()
            .enumerate()
            .map(|(i, r)| BandSeries {
                label: r.scenario.title(lang).to_string(),
                colour: series_colour(i),
                stats: scaled(outcome_stats(r, *outcome, fruit), *divisor),
            })
            .collect();
        draw_overlay(&figures_dir, name, title, unit, &years, &series, lang, &foot)
            .map_err(|e| Error::Failed(format!("drawing {name}: {e}")))?;
        figure_names.push((name.to_string(), title.clone()));
    }

    // Report and workbook.
    let mut html = page_head(lang.pick("So sánh kịch bản", "Scenario comparison"), lang);
    html.push_str(&format!("<h1>{}</h1>", escape(lang.pick("So sánh kịch bản", "Scenario comparison"))));
    html.push_str(&format!("<p>{}</p>", escape(&foot)));
    for r in runs {
        html.push_str(&format!(
            "<h2>{} — {}</h2><p>{}</p>",
            escape(&r.scenario.name),
            escape(r.scenario.title(lang)),
            escape(&plain_description(&r.scenario, settings.replicates, settings.years as usize, lang))
        ));
    }
    html.push_str(&format!(
        "<h2>{}</h2><p>{}</p><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        escape(lang.pick("Kết quả", "Results")),
        escape(lang.pick("Trung bình (khoảng 5–95%); chênh lệch so với kịch bản đầu tiên, tính theo từng lần mô phỏng cùng giá và thời tiết.",
            "Mean (5–95% range); difference from the first scenario, paired replicate by replicate (same prices and weather).")),
        escape(lang.pick("Kịch bản", "Scenario")),
        escape(lang.pick("Chỉ tiêu", "Outcome")),
        escape(lang.pick("Năm", "Year")),
        escape(lang.pick("Giá trị", "Value")),
        escape(lang.pick("Chênh lệch", "Difference"))
    ));
    for r in rows {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td class=\"num\">{} ({}–{})</td><td class=\"num\">{} ({}–{})</td></tr>",
            escape(&r.scenario),
            r.outcome,
            r.unit,
            r.year,
            number_for(r.mean, 1, lang),
            number_for(r.p5, 1, lang),
            number_for(r.p95, 1, lang),
            number_for(r.diff_mean, 1, lang),
            number_for(r.diff_p5, 1, lang),
            number_for(r.diff_p95, 1, lang)
        ));
    }
    html.push_str("</table>");
    for (i, (name, title)) in figure_names.iter().enumerate() {
        let svg = std::fs::read_to_string(figures_dir.join(format!("{name}.svg"))).unwrap_or_default();
        let svg =
            svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]).replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        html.push_str(&format!(
            "<figure>{svg}<figcaption><b>{} {}.</b> {}</figcaption></figure>",
            lang.pick("Hình", "Figure"),
            i + 1,
            escape(title)
        ));
    }
    html.push_str("</body></html>\n");
    write("report.html", html.as_bytes())?;
    write(
        "comparison.xlsx",
        &comparison_workbook(rows, settings.base_year, lang)
            .map_err(|e| Error::Failed(format!("writing the workbook: {e}")))?,
    )?;
    Ok(())
}

fn comparison_workbook(
    rows: &[ComparisonRow],
    base_year: i32,
    lang: Lang,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let mut book = super::workbook::reproducible_workbook(base_year)?;
    let bold = Format::new().set_bold().set_background_color("#EEF5EE");
    let num = Format::new().set_num_format("#,##0.0");
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("So sánh", "Comparison").to_string())?;
    let header = ["scenario", "outcome", "unit", "year", "mean", "p5", "p95", "diff_mean", "diff_p5", "diff_p95"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, &r.scenario)?;
        sheet.write_string(row, 1, r.outcome)?;
        sheet.write_string(row, 2, r.unit)?;
        sheet.write_number(row, 3, r.year as f64)?;
        for (c, v) in [r.mean, r.p5, r.p95, r.diff_mean, r.diff_p5, r.diff_p95].iter().enumerate() {
            sheet.write_number_with_format(row, 4 + c as u16, *v, &num)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 22)?;
    book.save_to_buffer()
}
