//! The programme's budget (MODEL.md §11): what the support costs and what it
//! buys, per scope, per year and per plan period, summarised across
//! replicates. A period's flows are the sums over its years; its stocks are
//! taken in its last year. Every value is computed per replicate first, so
//! a period's percentiles are those of the period's totals.

use super::indicators::{Indicator, Layout};
use super::replicate_values::{BLOCK_VALUES, CellBlock, ReplicateValues};
use super::summary::Stat;
use crate::scenario::Scenario;

/// One line of the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetItem {
    /// Subsidy paid on planting (VND).
    PlantingSubsidy,
    /// Support paid to households that top-work (VND).
    TopworkSupport,
    /// Planting subsidy plus top-working support (VND).
    SupportTotal,
    /// New preferential credit: the rise of indebted households' debt (VND).
    NewCredit,
    /// Credit outstanding at the end of the year or period (VND).
    CreditOutstanding,
    /// Households paid a subsidy or support, each once per year or period.
    HouseholdsSupported,
    /// Hectares planted on annual-crop land (ha).
    PlantedHa,
    /// Hectares of old orchards top-worked (ha).
    TopworkedHa,
}

/// How a budget item adds up over a period's years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Adding {
    /// Summed over the years.
    Flow,
    /// Taken in the last year.
    Stock,
}

/// What a budget item is called, in what unit, and how it adds up.
#[derive(Debug, Clone, Copy)]
pub struct BudgetItemInfo {
    /// The item.
    pub item: BudgetItem,
    /// Name in `budget.csv`.
    pub name: &'static str,
    /// Unit (`VND`, `households`, `ha`).
    pub unit: &'static str,
    /// Vietnamese label.
    pub label_vi: &'static str,
    /// English label.
    pub label_en: &'static str,
    adding: Adding,
}

/// Every budget item, in output order.
pub const BUDGET_ITEMS: [BudgetItemInfo; 8] = [
    BudgetItemInfo {
        item: BudgetItem::PlantingSubsidy,
        name: "planting_subsidy_vnd",
        unit: "VND",
        label_vi: "Hỗ trợ trồng mới",
        label_en: "Planting subsidy",
        adding: Adding::Flow,
    },
    BudgetItemInfo {
        item: BudgetItem::TopworkSupport,
        name: "topwork_support_vnd",
        unit: "VND",
        label_vi: "Hỗ trợ ghép cải tạo",
        label_en: "Top-working support",
        adding: Adding::Flow,
    },
    BudgetItemInfo {
        item: BudgetItem::SupportTotal,
        name: "support_total_vnd",
        unit: "VND",
        label_vi: "Tổng kinh phí hỗ trợ",
        label_en: "Total support paid",
        adding: Adding::Flow,
    },
    BudgetItemInfo {
        item: BudgetItem::NewCredit,
        name: "new_credit_vnd",
        unit: "VND",
        label_vi: "Tín dụng ưu đãi hộ vay thêm",
        label_en: "Preferential credit drawn",
        adding: Adding::Flow,
    },
    BudgetItemInfo {
        item: BudgetItem::CreditOutstanding,
        name: "credit_outstanding_vnd",
        unit: "VND",
        label_vi: "Dư nợ cuối kỳ",
        label_en: "Credit outstanding at the end",
        adding: Adding::Stock,
    },
    BudgetItemInfo {
        item: BudgetItem::HouseholdsSupported,
        name: "households_supported",
        unit: "households",
        label_vi: "Số hộ được hỗ trợ (mỗi hộ một lần)",
        label_en: "Households supported (each once)",
        adding: Adding::Stock,
    },
    BudgetItemInfo {
        item: BudgetItem::PlantedHa,
        name: "planted_ha",
        unit: "ha",
        label_vi: "Diện tích trồng mới",
        label_en: "Area planted",
        adding: Adding::Flow,
    },
    BudgetItemInfo {
        item: BudgetItem::TopworkedHa,
        name: "topworked_ha",
        unit: "ha",
        label_vi: "Diện tích ghép cải tạo",
        label_en: "Area top-worked",
        adding: Adding::Flow,
    },
];

/// The years a budget row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// A plan period, first and last year (cut to the run's years).
    Period(i32, i32),
    /// One calendar year.
    Year(i32),
}

impl Span {
    /// As written in `budget.csv`: `2016-2020` or `2017`.
    pub fn label(self) -> String {
        match self {
            Span::Period(a, b) => format!("{a}-{b}"),
            Span::Year(y) => y.to_string(),
        }
    }
}

/// One row of the budget.
#[derive(Debug, Clone)]
pub struct BudgetRow {
    /// 0 for the province, `1 + z` for zone `z`.
    pub scope: usize,
    /// The years covered.
    pub span: Span,
    /// The item.
    pub item: &'static BudgetItemInfo,
    /// Across replicates.
    pub stat: Stat,
}

/// An item's value in one replicate, scope and year (in the record's units).
fn yearly_value(layout: &Layout, record: Record, year: usize, scope: usize, item: BudgetItem, period_end: bool) -> f64 {
    let at = |indicator: Indicator, key: usize| record.at(layout.index(year, scope, layout.slot(indicator, key)));
    // Per-crop areas are absent for annual crops: only orchards are planted.
    let crops_sum = |indicator: Indicator| (0..layout.crops).map(|c| at(indicator, c)).filter(|v| !v.is_nan()).sum();
    match item {
        BudgetItem::PlantingSubsidy => at(Indicator::PlantingSubsidyVnd, 0),
        BudgetItem::TopworkSupport => at(Indicator::TopworkSupportVnd, 0),
        BudgetItem::SupportTotal => at(Indicator::SubsidyVnd, 0),
        BudgetItem::NewCredit => at(Indicator::NewCreditVnd, 0),
        BudgetItem::CreditOutstanding => at(Indicator::CreditOutstandingVnd, 0),
        BudgetItem::HouseholdsSupported if period_end => at(Indicator::HhSupportedPeriod, 0),
        BudgetItem::HouseholdsSupported => at(Indicator::HhSupported, 0),
        BudgetItem::PlantedHa => crops_sum(Indicator::ConvertedHa),
        BudgetItem::TopworkedHa => crops_sum(Indicator::TopworkedHa),
    }
}

/// One replicate's record, as far as it was loaded.
#[derive(Clone, Copy)]
struct Record<'a> {
    block: &'a CellBlock,
    rep: usize,
}

impl Record<'_> {
    fn at(self, cell: usize) -> f64 {
        self.block.at(self.rep, cell)
    }
}

/// The budget of a run: for every scope (province first), the plan periods
/// then every year, each with every item. Reads the records a few scopes at
/// a time, as many as fit in [`BLOCK_VALUES`].
pub fn budget(scenario: &Scenario, records: &dyn ReplicateValues) -> std::io::Result<Vec<BudgetRow>> {
    let layout = records.layout();
    let base_year = scenario.simulation.base_year;
    let year_index = |year: i32| (year - base_year) as usize;
    let mut spans: Vec<Span> = scenario.plan_periods().into_iter().map(|(a, b)| Span::Period(a, b)).collect();
    spans.extend((0..layout.years).map(|y| Span::Year(base_year + y as i32)));
    let mut rows = Vec::new();
    let mut values = Vec::with_capacity(records.replicates());
    // The slots the items read, and as many scopes per pass over the
    // records as fit in a block.
    let mut slots: Vec<usize> = Vec::new();
    for indicator in [
        Indicator::PlantingSubsidyVnd,
        Indicator::TopworkSupportVnd,
        Indicator::SubsidyVnd,
        Indicator::NewCreditVnd,
        Indicator::CreditOutstandingVnd,
        Indicator::HhSupportedPeriod,
        Indicator::HhSupported,
        Indicator::ConvertedHa,
        Indicator::TopworkedHa,
    ] {
        slots.extend((0..layout.key_count(indicator)).map(|key| layout.slot(indicator, key)));
    }
    let scope_values = (layout.years * slots.len() * records.replicates()).max(1);
    let per_block = (BLOCK_VALUES / scope_values).max(1);
    for first_scope in (0..layout.scopes).step_by(per_block) {
        let scopes: Vec<usize> = (first_scope..(first_scope + per_block).min(layout.scopes)).collect();
        let mut cells = Vec::with_capacity(scopes.len() * layout.years * slots.len());
        for &scope in &scopes {
            for year in 0..layout.years {
                cells.extend(slots.iter().map(|&slot| layout.index(year, scope, slot)));
            }
        }
        let block = CellBlock::load(records, &cells)?;
        for scope in scopes {
            for &span in &spans {
                let (first, last) = match span {
                    Span::Period(a, b) => (year_index(a), year_index(b)),
                    Span::Year(y) => (year_index(y), year_index(y)),
                };
                for info in &BUDGET_ITEMS {
                    values.clear();
                    for rep in 0..block.replicates() {
                        let record = Record { block: &block, rep };
                        let period_end = matches!(span, Span::Period(..));
                        let value = match info.adding {
                            Adding::Flow => {
                                (first..=last).map(|y| yearly_value(layout, record, y, scope, info.item, false)).sum()
                            }
                            Adding::Stock => yearly_value(layout, record, last, scope, info.item, period_end),
                        };
                        values.push(value);
                    }
                    if let Some(stat) = Stat::of(&mut values) {
                        rows.push(BudgetRow { scope, span, item: info, stat });
                    }
                }
            }
        }
    }
    Ok(rows)
}
