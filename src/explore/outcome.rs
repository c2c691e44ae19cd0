//! Per-replicate values read from run records, including composites that
//! no single indicator holds (fruit area, orchard income per ha, cumulative
//! subsidy).

use crate::engine::RunRecords;
use crate::scenario::Scenario;
use crate::stats::indicators::{Indicator, KeyKind, info};

/// An outcome of a run, per replicate and year, in one scope of its record
/// (see [`RecordReader::in_scope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Households at or above the income threshold.
    HouseholdsAboveThreshold,
    /// Households below the poverty line.
    HouseholdsBelowPoverty,
    /// Area of the fruit crops compared (ha).
    FruitAreaHa,
    /// Tree cover (% of natural area).
    TreeCoverPct,
    /// Farm net income (VND).
    FarmIncomeVnd,
    /// Gross output per bearing ha of the fruit crops, area-weighted (VND/ha).
    OrchardGovPerHa,
    /// Subsidy and support paid since the base year (VND).
    SubsidyCumulativeVnd,
}

impl Outcome {
    /// The outcomes compared by `agroshift compare`, in table order.
    pub const COMPARED: [Outcome; 7] = [
        Outcome::HouseholdsAboveThreshold,
        Outcome::HouseholdsBelowPoverty,
        Outcome::FruitAreaHa,
        Outcome::TreeCoverPct,
        Outcome::FarmIncomeVnd,
        Outcome::OrchardGovPerHa,
        Outcome::SubsidyCumulativeVnd,
    ];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::HouseholdsAboveThreshold => "hh_above_threshold",
            Outcome::HouseholdsBelowPoverty => "hh_below_poverty",
            Outcome::FruitAreaHa => "fruit_area_ha",
            Outcome::TreeCoverPct => "tree_cover_pct",
            Outcome::FarmIncomeVnd => "farm_income_vnd",
            Outcome::OrchardGovPerHa => "orchard_gov_per_ha",
            Outcome::SubsidyCumulativeVnd => "subsidy_cum_vnd",
        }
    }

    /// Unit in output files.
    pub fn unit(self) -> &'static str {
        match self {
            Outcome::HouseholdsAboveThreshold | Outcome::HouseholdsBelowPoverty => "households",
            Outcome::FruitAreaHa => "ha",
            Outcome::TreeCoverPct => "%",
            Outcome::FarmIncomeVnd | Outcome::SubsidyCumulativeVnd => "VND",
            Outcome::OrchardGovPerHa => "VND/ha",
        }
    }
}

pub use crate::stats::indicators::Better;

impl Outcome {
    /// Which way the outcome is better: as the indicator registry says for
    /// the indicator it reads ([`crate::stats::indicators::better`]). Fruit
    /// area and orchard income, which sum several crops, count as better
    /// when larger because converting the slopes is the programme's aim.
    /// Money spent has no better side: it is the programme's cost, weighed
    /// against the rest, not an outcome to beat.
    pub fn better(self) -> Option<Better> {
        use crate::stats::indicators::{Indicator as I, better};
        match self {
            Outcome::HouseholdsAboveThreshold => better(I::HhAboveThreshold),
            Outcome::HouseholdsBelowPoverty => better(I::HhBelowPoverty),
            Outcome::TreeCoverPct => better(I::TreeCoverPct),
            Outcome::FarmIncomeVnd => better(I::FarmIncomeVnd),
            Outcome::SubsidyCumulativeVnd => better(I::SubsidyVnd),
            Outcome::FruitAreaHa | Outcome::OrchardGovPerHa => Some(Better::Higher),
        }
    }

    /// What the outcome is, in words (the threshold's households are named
    /// by the caller, who knows the scenario's threshold).
    pub fn label(self, lang: crate::scenario::Lang) -> &'static str {
        match self {
            Outcome::HouseholdsAboveThreshold => {
                lang.pick("Số hộ đạt ngưỡng thu nhập", "Households at the income threshold")
            }
            Outcome::HouseholdsBelowPoverty => lang.pick("Số hộ dưới chuẩn nghèo", "Households below the poverty line"),
            Outcome::FruitAreaHa => {
                lang.pick("Diện tích các cây ăn quả chuyển đổi sang", "Area of the fruit crops converted to")
            }
            Outcome::TreeCoverPct => lang.pick("Độ che phủ cây xanh", "Tree cover"),
            Outcome::FarmIncomeVnd => lang.pick("Thu nhập thuần từ trồng trọt", "Farm net income"),
            Outcome::OrchardGovPerHa => lang.pick(
                "Giá trị sản xuất trên 1 ha đang cho quả của các cây ăn quả chuyển đổi sang",
                "Gross output per bearing ha of the fruit crops converted to",
            ),
            Outcome::SubsidyCumulativeVnd => lang.pick("Kinh phí hỗ trợ luỹ kế", "Support spent, cumulative"),
        }
    }

    /// The stem of the outcome's chart files (`difference-NAME`).
    pub fn chart_name(self) -> &'static str {
        match self {
            Outcome::HouseholdsAboveThreshold => "households-above-threshold",
            Outcome::HouseholdsBelowPoverty => "households-below-poverty",
            Outcome::FruitAreaHa => "fruit-area",
            Outcome::TreeCoverPct => "tree-cover",
            Outcome::FarmIncomeVnd => "farm-income",
            Outcome::OrchardGovPerHa => "income-per-ha",
            Outcome::SubsidyCumulativeVnd => "subsidy-spent",
        }
    }
}

/// Reads one replicate's values by indicator and key name, in one scope.
pub struct RecordReader<'a> {
    records: &'a RunRecords,
    scenario: &'a Scenario,
    scope: usize,
}

impl<'a> RecordReader<'a> {
    /// A reader of `records`, which `scenario` produced, for the province.
    pub fn new(records: &'a RunRecords, scenario: &'a Scenario) -> Self {
        Self::in_scope(records, scenario, 0)
    }

    /// A reader of the record's scope `scope` (0: the province, `1 + zone`,
    /// `1 + zones`: the focus group); prices are the province's markets'
    /// whatever the scope.
    pub fn in_scope(records: &'a RunRecords, scenario: &'a Scenario, scope: usize) -> Self {
        // A focus group set after the run has no scope in its records.
        assert!(
            scope < records.layout.scopes,
            "the run recorded {} scopes, not scope {scope}: a focus must be set before the run",
            records.layout.scopes
        );
        Self { records, scenario, scope }
    }

    /// Replicates.
    pub fn replicates(&self) -> usize {
        self.records.replicates
    }

    /// Years.
    pub fn years(&self) -> usize {
        self.records.layout.years
    }

    /// `indicator` with key `key` (crop or market id, "" for none) in
    /// year index `year`, the reader's scope, replicate `rep`; NaN if absent.
    pub fn value(&self, rep: usize, year: usize, indicator: Indicator, key: &str) -> f64 {
        let (index, scope) = match info(indicator).key {
            KeyKind::None => (Some(0), self.scope),
            KeyKind::Crop => (self.scenario.crops.iter().position(|c| c.key == key), self.scope),
            KeyKind::Market => (self.scenario.markets.iter().position(|m| m.key == key), 0),
        };
        let Some(k) = index else { return f64::NAN };
        let layout = &self.records.layout;
        self.records.replicate(rep)[layout.index(year, scope, layout.slot(indicator, k))]
    }

    /// An outcome in year index `year` of replicate `rep`; `fruit` names
    /// the fruit crops.
    pub fn outcome(&self, rep: usize, year: usize, outcome: Outcome, fruit: &[String]) -> f64 {
        use Indicator as I;
        let v = |ind, key: &str| self.value(rep, year, ind, key);
        let zero_if_nan = |x: f64| if x.is_nan() { 0.0 } else { x };
        match outcome {
            Outcome::HouseholdsAboveThreshold => v(I::HhAboveThreshold, ""),
            Outcome::HouseholdsBelowPoverty => v(I::HhBelowPoverty, ""),
            Outcome::FruitAreaHa => fruit.iter().map(|k| zero_if_nan(v(I::AreaHa, k))).sum(),
            Outcome::TreeCoverPct => v(I::TreeCoverPct, ""),
            Outcome::FarmIncomeVnd => v(I::FarmIncomeVnd, ""),
            Outcome::OrchardGovPerHa => {
                let (mut revenue, mut bearing) = (0.0, 0.0);
                for k in fruit {
                    let b = zero_if_nan(v(I::BearingHa, k));
                    if b > 0.0 {
                        revenue += v(I::GovPerHa, k) * b;
                        bearing += b;
                    }
                }
                if bearing > 0.0 { revenue / bearing } else { f64::NAN }
            }
            Outcome::SubsidyCumulativeVnd => {
                (0..=year).map(|y| zero_if_nan(self.value(rep, y, I::SubsidyVnd, ""))).sum()
            }
        }
    }
}
