//! The result files of a run: `indicators.csv` (long format) and the key
//! indicators at milestone years (for `summary.json`, the report and the
//! terminal). `manifest.json` is in `manifest.rs`.

use serde::Serialize;

use super::csv_out::write_csv;
use super::table::TextTable;
use crate::scenario::{Lang, Scenario};
use crate::stats::indicators::{INDICATORS, Indicator, KeyKind, info};
use crate::stats::summary::{Stat, Summary};
use crate::text::number_for;

use super::units::{shown_decimals, shown_unit};

/// Name of a scope: `province`, the zone's name, or the focus group's
/// names joined by " + " (see [`Scenario::focus_scope`]).
pub fn scope_name(scenario: &Scenario, scope: usize) -> String {
    match scope {
        0 => "province".to_string(),
        s if s <= scenario.zones.len() => scenario.zones[s - 1].name.clone(),
        _ => scenario.focus_scope(),
    }
}

/// The scenario's income threshold in million VND a year, as `lang` writes numbers.
fn threshold_millions(scenario: &Scenario, lang: Lang) -> String {
    number_for(scenario.parameters.threshold_vnd_per_household_yr / 1e6, 0, lang)
}

/// The scenario's income threshold in words: "Số hộ có thu nhập từ 200
/// triệu đồng/năm trở lên" (the number is the scenario's own).
pub fn threshold_title(scenario: &Scenario, lang: Lang) -> String {
    let millions = threshold_millions(scenario, lang);
    match lang {
        Lang::Vi => format!("Số hộ có thu nhập từ {millions} triệu đồng/năm trở lên"),
        Lang::En => format!("Households earning {millions} M VND a year or more"),
    }
}

/// The same, short enough for a key table's first column: "Số hộ thu
/// nhập ≥ 200 tr.đ/năm" rather than the registry's "≥ ngưỡng", which leaves
/// a leader asking which threshold.
pub fn threshold_short(scenario: &Scenario, lang: Lang) -> String {
    let millions = threshold_millions(scenario, lang);
    match lang {
        Lang::Vi => format!("Số hộ thu nhập ≥ {millions} tr.đ/năm"),
        Lang::En => format!("Households earning ≥ {millions} M VND/yr"),
    }
}

/// An indicator's name for a reader, the households above the threshold
/// with the scenario's own amount ("Số hộ có thu nhập từ 200 triệu
/// đồng/năm trở lên") rather than the registry's "≥ ngưỡng".
pub fn indicator_label(scenario: &Scenario, indicator: Indicator, lang: Lang) -> String {
    if indicator == Indicator::HhAboveThreshold {
        threshold_title(scenario, lang)
    } else {
        let entry = info(indicator);
        lang.pick(entry.label_vi, entry.label_en).to_string()
    }
}

/// Key of an indicator value: crop or market id, empty for unkeyed ones.
pub fn key_name(scenario: &Scenario, indicator: Indicator, key: usize) -> &str {
    match info(indicator).key {
        KeyKind::None => "",
        KeyKind::Crop => &scenario.crops[key].key,
        KeyKind::Market => &scenario.markets[key].key,
    }
}

/// `indicators.csv`: scope, year, indicator, key, unit, mean, sd, p5, p25,
/// p50, p75, p95, n (replicates with a value). UTF-8 with BOM for Excel.
/// Values that exist in no replicate are left out.
pub fn indicators_csv(scenario: &Scenario, summary: &Summary) -> Vec<u8> {
    let layout = &summary.layout;
    let base_year = scenario.simulation.base_year;
    let mut rows = Vec::new();
    for scope in 0..layout.scopes {
        for year in 0..layout.years {
            for entry in &INDICATORS {
                for key in 0..layout.key_count(entry.indicator) {
                    let Some(stat) = summary.get(year, scope, entry.indicator, key) else { continue };
                    let mut row = vec![
                        scope_name(scenario, scope),
                        (base_year + year as i32).to_string(),
                        entry.name.to_string(),
                        key_name(scenario, entry.indicator, key).to_string(),
                        entry.unit.to_string(),
                    ];
                    row.extend(
                        [stat.mean, stat.sd, stat.p5, stat.p25, stat.p50, stat.p75, stat.p95]
                            .iter()
                            .map(|v| number(*v)),
                    );
                    row.push(stat.n.to_string());
                    rows.push(row);
                }
            }
        }
    }
    let mut out = Vec::new();
    let header = ["scope", "year", "indicator", "key", "unit", "mean", "sd", "p5", "p25", "p50", "p75", "p95", "n"];
    write_csv(&mut out, &header, rows).expect("writing to memory cannot fail");
    out
}

// Where every CSV writer finds it; `results` wrote it first.
pub use super::csv_out::number;

/// Years shown in tables: the base year, every fifth calendar year, the last.
pub fn milestone_years(base_year: i32, years: usize) -> Vec<usize> {
    let last = years.saturating_sub(1);
    let mut out: Vec<usize> = (0..years).filter(|&y| y == 0 || y == last || (base_year + y as i32) % 5 == 0).collect();
    out.dedup();
    out
}

/// An indicator shown in the key table.
#[derive(Debug, Clone, Serialize)]
pub struct KeyIndicator {
    /// Indicator name.
    pub indicator: &'static str,
    /// Crop or market id, or empty.
    pub key: String,
    /// Label in the chosen language.
    pub label: String,
    /// Unit as shown (money in million VND).
    pub unit: String,
    /// Divisor from stored units to shown units.
    #[serde(skip)]
    pub divisor: f64,
    /// Values at the milestone years.
    pub values: Vec<KeyValue>,
}

impl KeyIndicator {
    /// Decimals worth showing: one for shares, t/ha and billions, else none.
    pub fn decimals(&self) -> usize {
        shown_decimals(&self.unit, self.divisor)
    }
}

/// One milestone value: mean and 5–95% range, in shown units.
#[derive(Debug, Clone, Serialize)]
pub struct KeyValue {
    /// Calendar year.
    pub year: i32,
    /// Mean across replicates.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// The key indicators of a run at its milestone years, in `scope`
/// (`province` or a zone's name).
pub fn key_indicators(results: &super::result_set::ResultSet, scope: &str, lang: Lang) -> Vec<KeyIndicator> {
    let scenario = &results.scenario;
    use Indicator as I;
    let mut wanted: Vec<(Indicator, usize)> =
        vec![(I::HhAboveThreshold, 0), (I::HhBelowPoverty, 0), (I::HhIncomeMean, 0)];
    // The crops households may plant in any zone.
    let targets = scenario.choosable_crops();
    for crop in &targets {
        wanted.push((I::AreaHa, crop.index()));
    }
    for crop in &targets {
        wanted.push((I::MatureGovPerHa, crop.index()));
    }
    for crop in &targets {
        let market = scenario.crops[crop.index()].market.index();
        if !wanted.contains(&(I::PriceVndKg, market)) {
            wanted.push((I::PriceVndKg, market));
        }
    }
    wanted.extend([
        (I::FarmIncomeVnd, 0),
        (I::ForestCoverPct, 0),
        (I::TreeCoverPct, 0),
        (I::SoilLossTPerHa, 0),
        (I::SubsidyVnd, 0),
    ]);
    let years = milestone_years(scenario.simulation.base_year, results.years.len());
    wanted
        .into_iter()
        .map(|(ind, key)| {
            let entry = info(ind);
            let (unit, divisor) = shown_unit(entry.unit, lang);
            let base_label = lang.pick(entry.label_vi, entry.label_en);
            let label = match entry.key {
                KeyKind::None if ind == I::HhAboveThreshold => threshold_short(scenario, lang),
                KeyKind::None => base_label.to_string(),
                KeyKind::Crop => format!("{base_label}: {}", scenario.crops[key].name(lang)),
                KeyKind::Market => format!("{base_label}: {}", scenario.market_name(&scenario.markets[key].key, lang)),
            };
            // Prices are the province's markets', whatever the scope.
            let scope = if entry.key == KeyKind::Market { "province" } else { scope };
            let values = years
                .iter()
                .filter_map(|&y| {
                    let year = scenario.simulation.base_year + y as i32;
                    results.at(scope, entry.name, key_name(scenario, ind, key), year).map(|s: Stat| KeyValue {
                        year,
                        mean: s.mean / divisor,
                        p5: s.p5 / divisor,
                        p95: s.p95 / divisor,
                    })
                })
                .collect();
            KeyIndicator {
                indicator: entry.name,
                key: key_name(scenario, ind, key).to_string(),
                label,
                unit,
                divisor,
                values,
            }
        })
        .collect()
}

/// Widest line the terminal table may print (characters).
pub const TERMINAL_COLUMNS: usize = 100;

/// The key indicators as a text table of at most [`TERMINAL_COLUMNS`]
/// columns: each indicator on two lines, the means at the milestone years,
/// then their 5–95% ranges; long labels wrap. Wider data is in the files.
pub fn key_table(scenario: &Scenario, keys: &[KeyIndicator], lang: Lang) -> String {
    let years: Vec<i32> = keys.first().map(|k| k.values.iter().map(|v| v.year).collect()).unwrap_or_default();
    // Decimals only where they say something: not on hundreds and more.
    let cell = |k: &KeyIndicator, y: i32| -> (String, String) {
        let shown = |v: f64| {
            let decimals = if v.abs() >= 100.0 { 0 } else { k.decimals() };
            number_for(v, decimals, lang)
        };
        match k.values.iter().find(|v| v.year == y) {
            Some(v) => (shown(v.mean), format!("{}–{}", shown(v.p5), shown(v.p95))),
            None => ("–".to_string(), String::new()),
        }
    };
    let value_width = keys
        .iter()
        .flat_map(|k| years.iter().map(move |&y| (k, y)))
        .map(|(k, y)| {
            let (mean, range) = cell(k, y);
            mean.chars().count().max(range.chars().count())
        })
        .max()
        .unwrap_or(4)
        .max(4);
    // As many years as fit beside a label column of at least 18 characters;
    // more years go to a second block below.
    const LABEL_MIN: usize = 18;
    let per_block = ((TERMINAL_COLUMNS - LABEL_MIN) / (value_width + 2)).max(1);
    let mut blocks = Vec::new();
    for block_years in years.chunks(per_block) {
        let label_width = TERMINAL_COLUMNS.saturating_sub(block_years.len() * (value_width + 2)).max(LABEL_MIN);
        let mut header = vec![lang.pick("Chỉ tiêu", "Indicator").to_string()];
        header.extend(block_years.iter().map(|y| y.to_string()));
        let mut table = TextTable::new(header);
        for k in keys {
            let (means, ranges): (Vec<String>, Vec<String>) = block_years.iter().map(|&y| cell(k, y)).unzip();
            let mut lines = crate::text::wrap(&crate::text::with_unit(&k.label, &k.unit), label_width).into_iter();
            let mut first = vec![lines.next().unwrap_or_default()];
            first.extend(means);
            table.row(first);
            let mut second = vec![lines.next().unwrap_or_default()];
            second.extend(ranges);
            table.row(second);
            for rest in lines {
                table.row(vec![rest]);
            }
        }
        blocks.push(table.render());
    }
    let note = match lang {
        Lang::Vi => "Mỗi chỉ tiêu: dòng trên là giá trị trung bình, dòng dưới là khoảng 5–95% qua các lần mô phỏng.",
        Lang::En => "Each indicator: the mean across replicates, and below it the 5–95% range.",
    };
    let scope = scenario.focus_label(lang);
    let title = crate::text::wrap(&format!("{} ({scope})", scenario.title(lang)), TERMINAL_COLUMNS).join("\n");
    format!("\n{title}\n{}{note}", blocks.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_round_to_six_decimals_and_huge_ones_stay_finite() {
        assert_eq!(number(0.1234567), "0.123457");
        assert_eq!(number(-0.0000001), "0");
        assert!(!number(1e303).contains("inf"), "{}", number(1e303));
    }
}
