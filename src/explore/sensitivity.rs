//! One-at-a-time sensitivity: each parameter group moved down and up (by
//! default ±20%) with everything else and the random numbers unchanged, and
//! the change in one indicator, ranked by size of effect.

use serde::Serialize;

use crate::scenario::Scenario;

/// A group of parameters moved together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    /// Every market's base price.
    Prices,
    /// Every crop's yields.
    Yields,
    /// Every crop's establishment and top-working costs.
    EstablishmentCosts,
    /// Every market's demand elasticity.
    DemandElasticities,
    /// The households' discount rate.
    DiscountRate,
    /// The establishment subsidy.
    Subsidy,
    /// The credit limit.
    CreditLimit,
    /// The awareness rates (innovation and imitation).
    AwarenessRates,
}

impl Lever {
    /// Every lever, in a fixed order.
    pub const ALL: [Lever; 8] = [
        Lever::Prices,
        Lever::Yields,
        Lever::EstablishmentCosts,
        Lever::DemandElasticities,
        Lever::DiscountRate,
        Lever::Subsidy,
        Lever::CreditLimit,
        Lever::AwarenessRates,
    ];

    /// Name in output files.
    pub fn name(self) -> &'static str {
        match self {
            Lever::Prices => "prices",
            Lever::Yields => "yields",
            Lever::EstablishmentCosts => "establishment_costs",
            Lever::DemandElasticities => "demand_elasticities",
            Lever::DiscountRate => "discount_rate",
            Lever::Subsidy => "subsidy",
            Lever::CreditLimit => "credit_limit",
            Lever::AwarenessRates => "awareness_rates",
        }
    }

    /// Label for charts.
    pub fn label(self, lang: crate::scenario::Lang) -> &'static str {
        use crate::scenario::Lang::*;
        match (self, lang) {
            (Lever::Prices, Vi) => "Giá bán",
            (Lever::Prices, En) => "Prices",
            (Lever::Yields, Vi) => "Năng suất",
            (Lever::Yields, En) => "Yields",
            (Lever::EstablishmentCosts, Vi) => "Chi phí trồng mới",
            (Lever::EstablishmentCosts, En) => "Establishment costs",
            (Lever::DemandElasticities, Vi) => "Độ co giãn cầu",
            (Lever::DemandElasticities, En) => "Demand elasticities",
            (Lever::DiscountRate, Vi) => "Tỷ lệ chiết khấu",
            (Lever::DiscountRate, En) => "Discount rate",
            (Lever::Subsidy, Vi) => "Hỗ trợ trồng mới",
            (Lever::Subsidy, En) => "Establishment subsidy",
            (Lever::CreditLimit, Vi) => "Hạn mức vay",
            (Lever::CreditLimit, En) => "Credit limit",
            (Lever::AwarenessRates, Vi) => "Tốc độ lan toả thông tin",
            (Lever::AwarenessRates, En) => "Awareness rates",
        }
    }

    /// `base` with this lever multiplied by `factor`.
    pub fn apply(self, base: &Scenario, factor: f64) -> Scenario {
        let mut s = base.clone();
        match self {
            Lever::Prices => s.markets.iter_mut().for_each(|m| m.base_price_vnd_per_kg *= factor),
            Lever::Yields => s.crops.iter_mut().for_each(|c| c.yield_t_per_ha.iter_mut().for_each(|y| *y *= factor)),
            Lever::EstablishmentCosts => s.crops.iter_mut().for_each(|c| {
                c.establishment_vnd_per_ha *= factor;
                c.topwork_vnd_per_ha *= factor;
            }),
            Lever::DemandElasticities => s.markets.iter_mut().for_each(|m| {
                if let Some(e) = m.demand_elasticity.as_mut() {
                    *e *= factor;
                }
            }),
            Lever::DiscountRate => s.parameters.household_discount_rate *= factor,
            // The province's policy and every district's own.
            Lever::Subsidy => s.policies_mut().for_each(|p| p.subsidy_vnd_per_ha.iter_mut().for_each(|v| *v *= factor)),
            Lever::CreditLimit => s.policies_mut().for_each(|p| p.credit_limit_vnd *= factor),
            Lever::AwarenessRates => {
                s.parameters.awareness_p *= factor;
                s.parameters.awareness_q *= factor;
            }
        }
        s
    }
}

/// One lever's effect.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityRow {
    /// Lever name.
    pub parameter: &'static str,
    /// Multiplier of the low run.
    pub low_factor: f64,
    /// Multiplier of the high run.
    pub high_factor: f64,
    /// Mean of the indicator with the lever low.
    pub low: f64,
    /// Mean of the indicator in the base run.
    pub base: f64,
    /// Mean of the indicator with the lever high.
    pub high: f64,
    /// high − low.
    pub effect: f64,
}

/// Sorts rows by the size of their effect, largest first (ties: lever order).
pub fn rank_by_effect(rows: &mut [SensitivityRow]) {
    // A lever whose runs gave no value ranks last.
    let size = |r: &SensitivityRow| if r.effect.is_nan() { -1.0 } else { r.effect.abs() };
    rows.sort_by(|a, b| size(b).total_cmp(&size(a)));
}

/// The runs of a sensitivity analysis, in order: the base, then every
/// lever of [`Lever::ALL`] low (× (1 − `change`)) and high (× (1 + `change`)).
/// Shards split this list; [`rows_from_means`] puts their means together.
pub fn cases(base: &Scenario, change: f64) -> Vec<Scenario> {
    let mut out = vec![base.clone()];
    for lever in Lever::ALL {
        out.push(lever.apply(base, 1.0 - change));
        out.push(lever.apply(base, 1.0 + change));
    }
    out
}

/// What each case of [`cases`] is, as shard files record it: "base",
/// "prices −20%".
pub fn case_name(case: usize, change: f64) -> String {
    describe_case(case, change, "base", Lever::name)
}

/// What each case of [`cases`] is, in the reader's words: "Lần chạy cơ
/// sở", "Giá bán −20%".
pub fn case_label(case: usize, change: f64, lang: crate::scenario::Lang) -> String {
    describe_case(case, change, lang.pick("Lần chạy cơ sở", "Base run"), |lever| lever.label(lang))
}

/// Case `case` of [`cases`] as `base`, or its lever (as `lever_text` writes
/// it) with the sign and size of its change.
fn describe_case(case: usize, change: f64, base: &str, lever_text: impl Fn(Lever) -> &'static str) -> String {
    match case {
        0 => base.to_string(),
        c => {
            let lever = Lever::ALL[(c - 1) / 2];
            let sign = if c % 2 == 1 { '−' } else { '+' };
            format!("{} {sign}{:.0}%", lever_text(lever), change * 100.0)
        }
    }
}

/// The rows, in lever order (not yet ranked), from the mean of the
/// indicator in every case of [`cases`].
pub fn rows_from_means(means: &[f64], change: f64) -> Vec<SensitivityRow> {
    let base = means[0];
    Lever::ALL
        .iter()
        .enumerate()
        .map(|(i, lever)| {
            let (low, high) = (means[1 + 2 * i], means[2 + 2 * i]);
            SensitivityRow {
                parameter: lever.name(),
                low_factor: 1.0 - change,
                high_factor: 1.0 + change,
                low,
                base,
                high,
                effect: high - low,
            }
        })
        .collect()
}
