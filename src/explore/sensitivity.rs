//! One-at-a-time sensitivity: each parameter group moved down and up (by
//! default ±20%) with everything else and the random numbers unchanged, and
//! the change in one indicator, ranked by size of effect.

use serde::Serialize;

use crate::scenario::Scenario;
use crate::stats::summary::{PairedDifference, Stat};

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
    /// The effect over the replicates where both runs have a value, each
    /// replicate's low and high runs paired (they share its seed, so its
    /// weather and prices): the mean of their differences. It equals
    /// `effect` up to rounding where no replicate lacks a value.
    pub paired_effect: f64,
    /// Standard error of `paired_effect`; NaN with fewer than two pairs.
    pub effect_se: f64,
    /// Pairs behind `paired_effect` and `effect_se`.
    pub pairs: usize,
}

impl SensitivityRow {
    /// Whether the effect cannot be told from zero: its 95% interval over
    /// the paired replicates (Student's t with one less degree of freedom
    /// than pairs) includes 0, so the lever's effect may be Monte Carlo
    /// noise. `None` where the error is unknown (fewer than two pairs).
    pub fn within_noise(&self) -> Option<bool> {
        if !self.effect_se.is_finite() || self.pairs < 2 {
            return None;
        }
        Some(self.paired_effect.abs() < t_975(self.pairs - 1) * self.effect_se)
    }
}

/// The 97.5th percentile of Student's t with `df` degrees of freedom (the
/// half-width of a 95% interval in standard errors): tabulated to 30, a
/// Cornish–Fisher expansion beyond (within 0.001 there).
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::INFINITY,
        1..=30 => TABLE[df - 1],
        _ => {
            let (z, v) = (1.959_963_985_f64, df as f64);
            z + (z.powi(3) + z) / (4.0 * v) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        }
    }
}

/// Sorts rows by the size of their effect, largest first (ties: lever order).
pub fn rank_by_effect(rows: &mut [SensitivityRow]) {
    // A lever whose runs gave no value ranks last.
    let size = |r: &SensitivityRow| if r.effect.is_nan() { -1.0 } else { r.effect.abs() };
    rows.sort_by(|a, b| size(b).total_cmp(&size(a)));
}

/// The runs of a sensitivity analysis, in order: the base, then every
/// lever of [`Lever::ALL`] low (× (1 − `change`)) and high (× (1 + `change`)).
/// Shards split this list; [`rows_from_values`] puts their values together.
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

/// The rows, in lever order (not yet ranked), from the indicator's value
/// in every replicate of every case of [`cases`] (NaN where a replicate has
/// none): each case's mean over the replicates with a value, and the
/// effect's standard error from the replicates where both its runs have one.
pub fn rows_from_values(values: &[Vec<f64>], change: f64) -> Vec<SensitivityRow> {
    let base = case_mean(&values[0]);
    Lever::ALL
        .iter()
        .enumerate()
        .map(|(i, lever)| {
            let (low_values, high_values) = (&values[1 + 2 * i], &values[2 + 2 * i]);
            let (low, high) = (case_mean(low_values), case_mean(high_values));
            let paired = PairedDifference::of(low_values, high_values);
            SensitivityRow {
                parameter: lever.name(),
                low_factor: 1.0 - change,
                high_factor: 1.0 + change,
                low,
                base,
                high,
                effect: high - low,
                paired_effect: paired.mean,
                effect_se: paired.standard_error,
                pairs: paired.pairs,
            }
        })
        .collect()
}

/// The mean of a case's values that are not NaN (NaN if none is).
pub fn case_mean(values: &[f64]) -> f64 {
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    Stat::of(&mut present).map_or(f64::NAN, |s| s.mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A base run and every lever unchanged, over three replicates.
    fn unchanged() -> Vec<Vec<f64>> {
        vec![vec![10.0, 11.0, 12.0]; 1 + 2 * Lever::ALL.len()]
    }

    #[test]
    fn a_steady_effect_is_told_from_noise_by_pairing_replicates() {
        let mut values = unchanged();
        // The first lever moves every replicate by the same 10: no noise.
        (values[1], values[2]) = (vec![5.0, 6.0, 7.0], vec![15.0, 16.0, 17.0]);
        // The second moves them by +1, −2, +1: an effect of 0 ± 1.
        (values[3], values[4]) = (vec![10.0, 12.0, 11.0], vec![11.0, 10.0, 12.0]);
        let rows = rows_from_values(&values, 0.2);
        assert_eq!((rows[0].low, rows[0].base, rows[0].high, rows[0].effect), (6.0, 11.0, 16.0, 10.0));
        assert_eq!((rows[0].paired_effect, rows[0].effect_se, rows[0].pairs), (10.0, 0.0, 3));
        assert_eq!(rows[0].within_noise(), Some(false));
        assert_eq!(rows[1].effect, 0.0);
        // sd of (1, −2, 1) is √3; over √3 replicates, 1.
        assert!((rows[1].effect_se - 1.0).abs() < 1e-12, "{}", rows[1].effect_se);
        assert_eq!(rows[1].within_noise(), Some(true));
        // A mean difference of 4 ± 1 over three pairs: t(2) = 4.303 > 4.
        (values[5], values[6]) = (vec![10.0, 12.0, 11.0], vec![15.0, 14.0, 16.0]);
        let third = &rows_from_values(&values, 0.2)[2];
        assert!((third.paired_effect - 4.0).abs() < 1e-12 && (third.effect_se - 1.0).abs() < 1e-12);
        assert_eq!(third.within_noise(), Some(true), "4 is inside 4 ± 4.303");
        assert_eq!((rows[0].low_factor, rows[0].high_factor), (0.8, 1.2));
    }

    #[test]
    fn replicates_without_a_value_are_left_out_of_means_and_pairs() {
        let mut values = unchanged();
        (values[1], values[2]) = (vec![f64::NAN, 1.0, 2.0], vec![3.0, 3.0, 4.0]);
        let row = &rows_from_values(&values, 0.1)[0];
        assert_eq!(row.low, 1.5);
        assert!((row.high - 10.0 / 3.0).abs() < 1e-12);
        // Pairs (1, 3) and (2, 4): differences 2 and 2.
        assert_eq!((row.paired_effect, row.effect_se, row.pairs), (2.0, 0.0, 2));
        assert_eq!(row.within_noise(), Some(false));
        let mut single = unchanged();
        single.iter_mut().for_each(|v| v.truncate(1));
        assert!(rows_from_values(&single, 0.1)[0].effect_se.is_nan(), "one replicate has no error");
        assert_eq!(rows_from_values(&single, 0.1)[0].within_noise(), None);
    }

    #[test]
    fn the_t_quantile_is_students_and_tends_to_the_normals() {
        assert_eq!((t_975(1), t_975(3), t_975(30)), (12.706, 3.182, 2.042));
        // Past the table: t(40) = 2.021, t(120) = 1.980.
        assert!((t_975(40) - 2.021).abs() < 1e-3 && (t_975(120) - 1.980).abs() < 1e-3);
        assert!(t_975(31) < t_975(30) && t_975(100_000) > 1.959 && t_975(100_000) < 1.961);
    }
}
