//! The crop-mix frontier: every mix on a grid of shares is simulated in
//! planned mode (same area and schedule, with the markets' supply
//! response); for each, the mean and the downside of an outcome (its 5th
//! percentile where more is better, its 95th where less is) and the
//! probability of a price-crash year. Mixes that no other mix beats on both
//! mean and downside are marked efficient.

use serde::{Deserialize, Serialize};

use crate::engine::{Progress, RunStopped, run_replicates};
use crate::province::{Province, build_province};
use crate::scenario::{CropId, Mode, Scenario};
use crate::stats::indicators::{Better, Indicator, Layout, better};
use crate::stats::summary::{PairedDifference, Stat};

/// A crash year: the mix's share-weighted price index (price ÷ base price)
/// falls below this.
pub const CRASH_INDEX: f64 = 0.6;

/// The outcome a frontier ranks mixes by: an indicator, its key index, a
/// year index and the scope (the province, or the focus districts).
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Indicator.
    pub indicator: Indicator,
    /// Key index (crop or market; 0 for unkeyed indicators).
    pub key: usize,
    /// Year index.
    pub year: usize,
    /// Scope of the record: 0 for the province, `1 + zone` for one zone,
    /// `1 + zones` for a group of zones ([`Scenario::focus_scope_index`]).
    pub scope: usize,
}

/// The outcome a frontier ranks mixes by, and which way it is better (so
/// which tail of it is the downside).
#[derive(Debug, Clone, Copy)]
pub struct Ranking {
    /// The outcome.
    pub target: Target,
    /// Which way it is better.
    pub better: Better,
}

/// One mix's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixResult {
    /// Share of converted area per frontier crop, in the order given.
    pub shares: Vec<f64>,
    /// Mean of the outcome; NaN where no replicate has a value (written
    /// as an empty cell; `null` in JSON).
    #[serde(with = "crate::stats::nan_as_null")]
    pub mean: f64,
    /// The outcome's downside across replicates (in the frontier's year):
    /// its 5th percentile where more is better, its 95th where less is
    /// (see [`downside_percent`]); NaN like `mean`.
    #[serde(with = "crate::stats::nan_as_null")]
    pub downside: f64,
    /// Share of replicate-years that are price-crash years.
    pub crash_probability: f64,
    /// No other mix is at least as good on both the mean and the downside
    /// and better on one.
    pub efficient: bool,
    /// The outcome in each replicate, in replicate order (`None` where it
    /// has no value): every mix sees the same price shocks and weather, so two
    /// mixes are compared replicate by replicate ([`close_neighbours`]).
    /// Empty in a shard written before it was kept.
    #[serde(default)]
    pub replicate_outcomes: Vec<Option<f64>>,
}

/// How many of the efficient mixes, in order of their means, differ from
/// the next by no more than two standard errors of their paired difference
/// (the difference replicate by replicate, under the same price shocks and
/// weather), out of how many such neighbours could be compared: an order
/// that may be chance alone. A pair with fewer than two replicates to
/// compare (a shard written before the outcomes were kept) is left out of
/// both counts.
pub fn close_neighbours(results: &[MixResult]) -> (usize, usize) {
    let mut efficient: Vec<&MixResult> = results.iter().filter(|r| r.efficient).collect();
    efficient.sort_by(|a, b| a.mean.total_cmp(&b.mean));
    let (mut close, mut compared) = (0, 0);
    let values = |r: &MixResult| r.replicate_outcomes.iter().map(|v| v.unwrap_or(f64::NAN)).collect::<Vec<_>>();
    for pair in efficient.windows(2) {
        let difference = PairedDifference::of(&values(pair[0]), &values(pair[1]));
        if difference.pairs < 2 {
            continue;
        }
        compared += 1;
        // Two mixes with the same outcome in every replicate are not told apart.
        if difference.mean.abs() <= 2.0 * difference.standard_error {
            close += 1;
        }
    }
    (close, compared)
}

/// Every mix of `n` shares that are multiples of `step` and sum to 1.
pub fn mix_grid(n: usize, step: f64) -> Vec<Vec<f64>> {
    let units = (1.0 / step).round() as usize;
    let mut out = Vec::new();
    let mut current = vec![0usize; n];
    fn fill(i: usize, left: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if i + 1 == current.len() {
            current[i] = left;
            out.push(current.clone());
            return;
        }
        for k in (0..=left).rev() {
            current[i] = k;
            fill(i + 1, left - k, current, out);
        }
    }
    let mut raw = Vec::new();
    if n > 0 {
        fill(0, units, &mut current, &mut raw);
    }
    for mix in raw {
        out.push(mix.iter().map(|&k| k as f64 / units as f64).collect());
    }
    out
}

/// The scenario of one mix: planned mode with `crops` at `shares`
/// (crops with share 0 left out of the mix), in the province's plan and in
/// every district that shares it; a district with a target of its own, or
/// that decides for itself, keeps its policy.
pub fn mix_scenario(base: &Scenario, crops: &[CropId], shares: &[f64]) -> Scenario {
    let mut s = base.clone();
    s.policy.mode = Mode::Planned;
    let mix: Vec<(CropId, f64)> = crops.iter().zip(shares).filter(|(_, s)| **s > 0.0).map(|(c, s)| (*c, *s)).collect();
    let shares_the_plan =
        |p: &crate::scenario::Policy| p.mode == Mode::Planned && p.plan.as_ref().is_none_or(|p| !p.own_target);
    for policy in s.policies_mut().filter(|p| shares_the_plan(p)) {
        for c in crops {
            if !policy.to_crops.contains(c) {
                policy.to_crops.push(*c);
            }
        }
        if let Some(plan) = policy.plan.as_mut() {
            plan.mix = mix.clone();
        }
    }
    s
}

/// Which way `target` is better in `s`: as the indicator registry says
/// ([`better`]), except that the area, bearing area and production of a
/// crop are better when smaller for a crop the policy converts from (maize,
/// old seedling orchards), larger for one it plants or top-works onto, and
/// have no better side for any other crop (paddy, coffee).
pub fn direction(s: &Scenario, target: Target) -> Option<Better> {
    let general = better(target.indicator)?;
    if !matches!(target.indicator, Indicator::AreaHa | Indicator::BearingHa | Indicator::ProductionT) {
        return Some(general);
    }
    let crop = CropId(target.key as u16);
    let mut policies = std::iter::once(&s.policy).chain(s.zones.iter().filter_map(|z| z.policy.as_ref()));
    if policies.any(|p| p.from_crops.contains(&crop) || p.topwork_from.contains(&crop)) {
        Some(Better::Lower)
    } else if s.choosable_crops().contains(&crop) {
        Some(Better::Higher)
    } else {
        None
    }
}

/// The percentile across replicates that is an outcome's downside: the 5th
/// where more is better, the 95th where less is.
pub fn downside_percent(better: Better) -> u32 {
    match better {
        Better::Higher => 5,
        Better::Lower => 95,
    }
}

/// Marks the efficient mixes of an outcome that is better `better`.
pub fn mark_efficient(results: &mut [MixResult], better: Better) {
    // Both numbers turned so that more is better.
    let sign = match better {
        Better::Higher => 1.0,
        Better::Lower => -1.0,
    };
    for i in 0..results.len() {
        let (m, d) = (sign * results[i].mean, sign * results[i].downside);
        // A mix whose outcome has no value (no area of the crop it is
        // about, say) is on no frontier.
        results[i].efficient = m.is_finite()
            && d.is_finite()
            && !results.iter().enumerate().any(|(j, r)| {
                let (rm, rd) = (sign * r.mean, sign * r.downside);
                j != i && rm >= m && rd >= d && (rm > m || rd > d)
            });
    }
}

/// Most mixes a frontier simulates (each is a whole run).
pub const MAX_MIXES: u128 = 1000;

/// The number of mixes of `crops` crops on a grid of `1/units`: the ways to
/// share `units` among them, C(units + crops − 1, crops − 1), computed
/// without building them (saturating).
pub fn mix_count(crops: usize, units: u64) -> u128 {
    if crops == 0 {
        return 0;
    }
    let k = (crops - 1) as u128;
    let n = units as u128 + k;
    let mut count: u128 = 1;
    for i in 1..=k {
        count = count.saturating_mul(n - k + i) / i;
        if count > u64::MAX as u128 {
            return u128::MAX;
        }
    }
    count
}

/// The province a frontier runs on: households have tastes for every
/// frontier crop, as for the base's own planting targets (every crop's
/// taste is drawn whether or not it is used, so nothing else changes).
pub fn frontier_province(base: &Scenario, crops: &[CropId]) -> Province {
    let shares = vec![0.0; crops.len()];
    build_province(&mix_scenario(base, crops, &shares))
}

/// Simulates every mix of `crops` on the grid `step` and returns one result
/// per mix, in grid order, the efficient ones marked by `ranking`. `base` must be in planned mode; `province` must
/// come from [`frontier_province`] with the same crops, and is shared.
pub fn frontier(
    base: &Scenario,
    province: &Province,
    crops: &[CropId],
    step: f64,
    ranking: Ranking,
    on_mix: &dyn Fn(usize, usize),
    progress: &dyn Progress,
) -> Result<Vec<MixResult>, RunStopped> {
    let all = 0..mix_grid(crops.len(), step).len();
    let mut results = frontier_mixes(base, province, crops, step, ranking, all, on_mix, progress)?;
    mark_efficient(&mut results, ranking.better);
    Ok(results)
}

/// Like [`frontier`] for the mixes numbered `mixes` of the grid only (a
/// shard's share), not yet marked efficient: each mix's result depends on
/// that mix alone, so shards put together give the whole frontier exactly.
#[allow(clippy::too_many_arguments)]
pub fn frontier_mixes(
    base: &Scenario,
    province: &Province,
    crops: &[CropId],
    step: f64,
    ranking: Ranking,
    mixes: std::ops::Range<usize>,
    on_mix: &dyn Fn(usize, usize),
    progress: &dyn Progress,
) -> Result<Vec<MixResult>, RunStopped> {
    let Ranking { target, better } = ranking;
    let grid = mix_grid(crops.len(), step);
    let mut results = Vec::with_capacity(mixes.len());
    let count = mixes.len();
    for (done, shares) in grid[mixes].iter().enumerate() {
        let s = mix_scenario(base, crops, shares);
        let records = run_replicates(&s, province, progress)?;
        let layout: &Layout = &records.layout;
        let replicate_outcomes: Vec<Option<f64>> = (0..records.replicates)
            .map(|r| {
                records.replicate(r)[layout.index(target.year, target.scope, layout.slot(target.indicator, target.key))]
            })
            .map(|v| (!v.is_nan()).then_some(v))
            .collect();
        let mut outcome: Vec<f64> = replicate_outcomes.iter().flatten().copied().collect();
        let stat = Stat::of(&mut outcome);
        let mut crash_years = 0usize;
        let mut years = 0usize;
        for r in 0..records.replicates {
            let rec = records.replicate(r);
            for y in 0..layout.years {
                let index: f64 = crops
                    .iter()
                    .zip(shares)
                    .map(|(c, share)| {
                        let market = s.crops[c.index()].market;
                        let price = rec[layout.index(y, 0, layout.slot(Indicator::PriceVndKg, market.index()))];
                        share * price / s.markets[market.index()].base_price_vnd_per_kg
                    })
                    .sum();
                years += 1;
                if index < CRASH_INDEX {
                    crash_years += 1;
                }
            }
        }
        results.push(MixResult {
            shares: shares.clone(),
            mean: stat.map_or(f64::NAN, |s| s.mean),
            downside: stat.map_or(f64::NAN, |s| match better {
                Better::Higher => s.p5,
                Better::Lower => s.p95,
            }),
            crash_probability: crash_years as f64 / years.max(1) as f64,
            efficient: false,
            replicate_outcomes,
        });
        on_mix(done + 1, count);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_of_three_crops_at_a_tenth_has_66_mixes_summing_to_one() {
        let grid = mix_grid(3, 0.1);
        assert_eq!(grid.len(), 66);
        assert!(grid.iter().all(|m| (m.iter().sum::<f64>() - 1.0).abs() < 1e-12));
        assert_eq!(mix_grid(1, 0.1), vec![vec![1.0]]);
    }

    #[test]
    fn mixes_are_counted_without_building_them() {
        for (n, step) in [(1, 0.1f64), (2, 0.5), (3, 0.1), (4, 0.25)] {
            assert_eq!(mix_count(n, (1.0 / step).round() as u64), mix_grid(n, step).len() as u128);
        }
        assert!(mix_count(3, 1_000_000_000) > MAX_MIXES);
    }

    /// A mix with no shares, outcomes or crash years, not yet marked.
    fn unmarked() -> MixResult {
        MixResult {
            shares: vec![],
            mean: f64::NAN,
            downside: f64::NAN,
            crash_probability: 0.0,
            efficient: false,
            replicate_outcomes: vec![],
        }
    }

    #[test]
    fn a_mix_beaten_on_both_counts_is_not_efficient() {
        let r = |mean, downside| MixResult { mean, downside, ..unmarked() };
        let mut results = vec![r(10.0, 5.0), r(9.0, 4.0), r(8.0, 6.0), r(10.0, 5.0), r(f64::NAN, f64::NAN)];
        mark_efficient(&mut results, Better::Higher);
        let flags: Vec<bool> = results.iter().map(|m| m.efficient).collect();
        assert_eq!(flags, [true, false, true, true, false]);
    }

    /// Two mixes whose difference is steady replicate by replicate are told
    /// apart even when each varies widely (the same prices and weather move
    /// both); a difference that changes sign is chance.
    #[test]
    fn neighbours_are_close_when_their_paired_difference_is_within_noise() {
        let mix = |mean: f64, outcomes: &[f64]| MixResult {
            mean,
            efficient: true,
            replicate_outcomes: outcomes.iter().map(|&x| Some(x)).collect(),
            ..unmarked()
        };
        let weather = [100.0, 40.0, 160.0, 70.0, 130.0];
        let steady: Vec<f64> = weather.iter().map(|x| x + 1.0).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let a = mix(mean(&weather), &weather);
        let b = mix(mean(&steady), &steady);
        assert_eq!(close_neighbours(&[a.clone(), b.clone()]), (0, 1), "1 more in every replicate");
        let noisy = [101.0, 39.0, 162.0, 69.0, 131.5];
        let c = mix(mean(&noisy), &noisy);
        assert_eq!(close_neighbours(&[a.clone(), c.clone()]), (1, 1), "a difference that changes sign");
        // Only neighbours among the efficient mixes, in order of their means.
        let mut beaten = c;
        beaten.efficient = false;
        assert_eq!(close_neighbours(&[b, beaten, a]), (0, 1));
        // A missing value pairs nothing; a single pair cannot say.
        let lone = MixResult { replicate_outcomes: vec![Some(1.0), None], ..mix(1.0, &[]) };
        assert_eq!(close_neighbours(&[lone.clone(), mix(2.0, &[2.0, 3.0])]), (0, 0));
        // The same outcome in every replicate: not told apart.
        assert_eq!(close_neighbours(&[mix(5.0, &[5.0, 5.0]), mix(5.0, &[5.0, 5.0])]), (1, 1));
    }

    /// Where less is better (households in poverty, the Gini), the mixes
    /// not beaten are those with the least, not the most.
    #[test]
    fn where_less_is_better_the_lowest_mixes_are_not_beaten() {
        let r = |mean, downside| MixResult { mean, downside, ..unmarked() };
        let mut results = vec![r(10.0, 12.0), r(9.0, 11.0), r(8.0, 13.0), r(9.0, 11.0), r(11.0, 10.0)];
        mark_efficient(&mut results, Better::Lower);
        let flags: Vec<bool> = results.iter().map(|m| m.efficient).collect();
        assert_eq!(flags, [false, true, true, true, true]);
        mark_efficient(&mut results, Better::Higher);
        let flags: Vec<bool> = results.iter().map(|m| m.efficient).collect();
        assert_eq!(flags, [true, false, true, false, true]);
        assert_eq!((downside_percent(Better::Higher), downside_percent(Better::Lower)), (5, 95));
    }
}
