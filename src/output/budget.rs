//! Writes `budget.csv` (MODEL.md §11): what the programme costs and buys,
//! per scope, per plan period and per year, in long format like
//! `indicators.csv`. Reading it back is `budget_table.rs`.

use super::budget_table::BUDGET_HEADER;
use super::csv_out::write_csv;
use super::results::{number, scope_name};
use crate::scenario::Scenario;
use crate::stats::budget::BudgetRow;

/// `budget.csv`: UTF-8 with BOM for Excel, a row per scope, period (plan
/// period `2016-2020` or year `2017`) and item.
pub fn budget_csv(scenario: &Scenario, rows: &[BudgetRow]) -> Vec<u8> {
    let lines = rows.iter().map(|r| {
        let s = r.stat;
        let mut line =
            vec![scope_name(scenario, r.scope), r.span.label(), r.item.name.to_string(), r.item.unit.to_string()];
        line.extend([s.mean, s.sd, s.p5, s.p50, s.p95].iter().map(|v| number(*v)));
        line.push(s.n.to_string());
        line
    });
    let mut out = Vec::new();
    write_csv(&mut out, &BUDGET_HEADER, lines).expect("writing to memory cannot fail");
    out
}
