//! A run's `budget.csv` read back, for the charts, the report and the
//! workbook, and its tables for the reports.

use std::collections::HashMap;

use super::csv_out::UTF8_BOM;
use super::damaged::{damaged_help, not_a, unreadable};
use super::document::{Cell, Table};
use super::units::{shown_decimals, shown_unit};
use crate::error::{Error, InputError, InputErrors, Result, Said, said};
use crate::scenario::{Lang, Scenario};
use crate::stats::budget::{BUDGET_ITEMS, BudgetItemInfo};
use crate::text::number_for;

/// The header of `budget.csv`.
pub const BUDGET_HEADER: [&str; 10] = ["scope", "period", "item", "unit", "mean", "sd", "p5", "p50", "p95", "n"];

/// One budget value across replicates, as saved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetValue {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One row of `budget.csv` read back.
#[derive(Debug, Clone)]
pub struct SavedBudgetRow {
    /// `province` or a zone's name.
    pub scope: String,
    /// A plan period (`2016-2020`) or a year (`2017`).
    pub period: String,
    /// The item.
    pub item: &'static BudgetItemInfo,
    /// Across replicates.
    pub value: BudgetValue,
}

/// A run's `budget.csv` read back.
#[derive(Debug, Clone, Default)]
pub struct BudgetTable {
    /// The plan periods in file order, as labelled (`2016-2020`).
    pub periods: Vec<String>,
    /// Every row, in file order.
    pub rows: Vec<SavedBudgetRow>,
    index: HashMap<(String, String, String), usize>,
}

impl BudgetTable {
    /// The value of `item` (its name) in `scope` over `period` (a label).
    pub fn get(&self, scope: &str, period: &str, item: &str) -> Option<BudgetValue> {
        let at = self.index.get(&(scope.to_string(), period.to_string(), item.to_string()))?;
        Some(self.rows[*at].value)
    }

    /// Reads `bytes` (the file `name`) for `scenario`: the header, every
    /// scope, period, item, unit and number are checked.
    pub fn parse(name: &str, bytes: &[u8], scenario: &Scenario) -> Result<Self> {
        let damaged = |line: usize, field: &str, message: Said| {
            Error::Input(InputErrors(vec![InputError {
                file: name.to_string(),
                line,
                column: usize::from(line > 0),
                field: field.to_string(),
                message,
                help: Some(damaged_help()),
            }]))
        };
        // Either CSV style reads the same.
        let standard = super::csv_out::standardise(bytes);
        let text = standard.strip_prefix(UTF8_BOM).unwrap_or(&standard);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text);
        let header = reader.headers().map_err(|e| damaged(1, "", unreadable(&e)))?.clone();
        if header.iter().ne(BUDGET_HEADER) {
            let header = BUDGET_HEADER.join(",");
            return Err(damaged(
                1,
                "",
                said(format!("cần dòng tiêu đề {header}"), format!("expected the header {header}")),
            ));
        }
        let mut table = BudgetTable::default();
        for record in reader.records() {
            let r = record.map_err(|e| damaged(e.position().map_or(0, |p| p.line() as usize), "", unreadable(&e)))?;
            let line = r.position().map_or(0, |p| p.line() as usize);
            if r.len() != BUDGET_HEADER.len() {
                let (wanted, found) = (BUDGET_HEADER.len(), r.len());
                let message = said(
                    format!("cần {wanted} trường, nhưng có {found}"),
                    format!("expected {wanted} fields, found {found}"),
                );
                return Err(damaged(line, "", message));
            }
            let get = |i: usize| r.get(i).unwrap_or_default();
            let scope = get(0);
            if !scenario.knows_scope(scope) {
                let message = said(
                    format!("kịch bản của lần chạy không có vùng nào tên \"{scope}\""),
                    format!("no zone named \"{scope}\" in the run's scenario"),
                );
                return Err(damaged(line, "scope", message));
            }
            let period = get(1);
            let is_period = match period.split_once('-') {
                Some((a, b)) if a.parse::<i32>().is_ok() && b.parse::<i32>().is_ok() => true,
                None if period.parse::<i32>().is_ok() => false,
                _ => return Err(damaged(line, "period", not_a("một năm hay một kỳ", "a year or a period", period))),
            };
            let item: &BudgetItemInfo = BUDGET_ITEMS.iter().find(|i| i.name == get(2)).ok_or_else(|| {
                let message = said(
                    format!("không có khoản ngân sách nào tên \"{}\"", get(2)),
                    format!("no budget item named \"{}\"", get(2)),
                );
                damaged(line, "item", message)
            })?;
            if get(3) != item.unit {
                let message = said(
                    format!("đơn vị của {} là \"{}\"", item.name, item.unit),
                    format!("the unit of {} is \"{}\"", item.name, item.unit),
                );
                return Err(damaged(line, "unit", message));
            }
            let mut numbers = [0.0; 5];
            for (i, (value, field)) in numbers.iter_mut().zip(&BUDGET_HEADER[4..9]).enumerate() {
                *value = get(4 + i)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| damaged(line, field, not_a("một số hữu hạn", "a finite number", get(4 + i))))?;
            }
            let [mean, sd, p5, p50, p95] = numbers;
            if is_period && !table.periods.iter().any(|p| p == period) {
                table.periods.push(period.to_string());
            }
            let key = (scope.to_string(), period.to_string(), item.name.to_string());
            if table.index.insert(key, table.rows.len()).is_some() {
                let what = format!("{scope}, {period}, {}", item.name);
                return Err(damaged(
                    line,
                    "",
                    said(format!("{what} xuất hiện hai lần"), format!("{what} appears twice")),
                ));
            }
            let value = BudgetValue { mean, sd, p5, p50, p95 };
            table.rows.push(SavedBudgetRow { scope: scope.to_string(), period: period.to_string(), item, value });
        }
        Ok(table)
    }
}

/// An item's values as shown to people, as every table shows its unit
/// ([`shown_unit`], [`shown_decimals`]): money in billion VND with one
/// decimal, households and hectares whole. Returns the divisor, the
/// decimals and the unit's words.
pub fn shown_budget_unit(item: &BudgetItemInfo, lang: Lang) -> (f64, usize, String) {
    let (unit, divisor) = shown_unit(item.unit, lang);
    (divisor, shown_decimals(&unit, divisor), unit)
}

/// "Budget by plan period (place)": the heading of the budget by plan
/// period in a run's report and terminal and in a comparison, naming the
/// place the outputs speak of.
pub fn budget_heading(scenario: &Scenario, lang: Lang) -> String {
    format!("{} ({})", lang.pick("Ngân sách theo kỳ kế hoạch", "Budget by plan period"), scenario.focus_label(lang))
}

/// How to read a run's [`budget_table`], in its report and its terminal.
pub fn budget_note(lang: Lang) -> &'static str {
    lang.pick(
        "Cộng trong kỳ, trừ dư nợ (cuối kỳ); mỗi hộ được hỗ trợ tính một lần trong kỳ. Hỗ trợ được chi vào năm sau năm quyết định trồng. Trung bình qua các lần mô phỏng; dòng dưới: khoảng 5–95%. Chi tiết theo năm và theo đơn vị: budget.csv.",
        "Sums over the period, except credit outstanding (at its end); each household supported counts once per period. Support is paid the year after the planting decision. Mean across replicates; below it, the 5–95% range. Per year and per zone: budget.csv.",
    )
}

/// A budget table for a terminal of `width` columns: `heading`, the table
/// four value columns at a time (a long run's periods, or many scenarios,
/// go on below), then `note`, wrapped.
pub fn budget_text(heading: &str, table: &Table, note: &str, width: usize) -> String {
    let blocks: Vec<String> =
        super::table::column_blocks(table, 4).iter().map(|t| super::table::report_table_text(t, width)).collect();
    format!("{heading}\n{}{}\n", blocks.join("\n"), crate::text::wrap(note, width).join("\n"))
}

/// A budget cell: the mean of `[mean, p5, p95]` (in stored units) over
/// `divisor`, with the 5–95% range below it.
pub fn mean_with_range([mean, p5, p95]: [f64; 3], divisor: f64, decimals: usize, lang: Lang) -> Cell {
    let shown = |v: f64| number_for(v / divisor, decimals, lang);
    Cell::with_range(shown(mean), format!("{}–{}", shown(p5), shown(p95)))
}

/// The budget of `scope` by plan period: one row per item, one column per
/// period, each cell the mean with its 5–95% range below.
pub fn budget_table(budget: &BudgetTable, scope: &str, lang: Lang) -> Table {
    let mut header = vec![lang.pick("Khoản mục", "Item").to_string()];
    header.extend(budget.periods.iter().map(|p| p.replace('-', "–")));
    let rows = BUDGET_ITEMS
        .iter()
        .map(|item| {
            let (divisor, decimals, unit) = shown_budget_unit(item, lang);
            let mut row = vec![Cell::label(format!("{} ({unit})", lang.pick(item.label_vi, item.label_en)))];
            row.extend(budget.periods.iter().map(|p| match budget.get(scope, p, item.name) {
                Some(v) => mean_with_range([v.mean, v.p5, v.p95], divisor, decimals, lang),
                None => Cell::number("–"),
            }));
            row
        })
        .collect();
    Table { header, rows }
}

/// Total support paid per zone and plan period (billion VND, means), with
/// the province's total as the last row: the zones add up to it.
pub fn budget_by_zone_table(budget: &BudgetTable, scenario: &Scenario, lang: Lang) -> Table {
    let mut header = vec![capitalised(scenario.zone_word(lang))];
    header.extend(budget.periods.iter().map(|p| p.replace('-', "–")));
    let province = lang.pick("Toàn tỉnh", "Province");
    let scopes = scenario.zones.iter().map(|z| (z.name.as_str(), z.name.as_str())).chain([("province", province)]);
    let rows = scopes
        .map(|(scope, shown)| {
            let mut row = vec![Cell::label(shown)];
            row.extend(budget.periods.iter().map(|p| {
                let v = budget.get(scope, p, "support_total_vnd").map_or(f64::NAN, |v| v.mean / 1e9);
                Cell::number(number_for(v, 1, lang))
            }));
            row
        })
        .collect();
    Table { header, rows }
}

/// `word` with its first letter in capitals ("huyện" → "Huyện").
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
