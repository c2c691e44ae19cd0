//! The findings a leader reads first: a few statements about a run, each
//! with how likely it is across the replicates. Computed from every
//! replicate's record (not from summaries), kept as numbers, and put into
//! words by [`likelihood`] in the reader's language when a report is drawn.

use serde::{Deserialize, Serialize};

use super::indicators::{Indicator, Layout};
use super::replicate_values::{CellBlock, ReplicateValues};
use crate::scenario::{Lang, Scenario};

/// A price at or below this share of its base price is a crash (as in
/// `frontier`).
pub const CRASH_SHARE: f64 = 0.6;

/// What a finding is about, with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// Households earning at least the threshold: base year and last year
    /// (means), and the share of replicates in which the count grew.
    RichHouseholds { base: f64, last: f64, last_year: i32, grew: f64 },
    /// Households below the poverty line: base and last year (means), the
    /// share of replicates in which poverty fell, and the share in which it
    /// was higher than in the base year at some point of the first five years.
    Poverty { base: f64, last: f64, last_year: i32, fell: f64, rose_first: f64 },
    /// The market whose price most often crashes: the share of replicates
    /// with at least one crash year, and the year crashes are most common.
    PriceCrash { market: String, crashed: f64, worst_year: i32 },
    /// The year support payments peak (mean, VND), and the total paid.
    BudgetPeak { year: i32, peak_vnd: f64, total_vnd: f64 },
    /// Tree cover: base and last year (means, %), the share of replicates
    /// in which it rose, and forest cover alone in both years (means, %):
    /// the forest follows the scenario's assumed trend, not the farmers'
    /// choices, so the reader is told how much of the rise it is (absent
    /// from the findings of runs saved before it was added).
    TreeCover {
        base: f64,
        last: f64,
        last_year: i32,
        rose: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forest_base: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forest_last: Option<f64>,
    },
}

/// Share of `values` for which `test` holds.
fn share(values: impl Iterator<Item = bool>) -> f64 {
    let (mut yes, mut all) = (0usize, 0usize);
    for v in values {
        all += 1;
        yes += usize::from(v);
    }
    if all == 0 { 0.0 } else { yes as f64 / all as f64 }
}

/// The findings of a run, province-wide (or for the focus zones when the
/// scenario names them; prices are the province's).
pub fn findings(scenario: &Scenario, records: &dyn ReplicateValues) -> std::io::Result<Vec<Finding>> {
    let layout: &Layout = records.layout();
    let years = layout.years;
    if years < 2 || records.replicates() == 0 {
        return Ok(Vec::new());
    }
    let scope = match scenario.focus.as_slice() {
        [] => 0,
        [one] => 1 + one.index(),
        _ => 1 + scenario.zones.len(),
    };
    // Only the cells the findings read: the scope's counts, cover and
    // support, and the province's prices.
    let mut cells: Vec<usize> = Vec::new();
    for year in 0..years {
        for ind in [
            Indicator::HhAboveThreshold,
            Indicator::HhBelowPoverty,
            Indicator::SubsidyVnd,
            Indicator::TreeCoverPct,
            Indicator::ForestCoverPct,
        ] {
            cells.push(layout.index(year, scope, layout.slot(ind, 0)));
        }
        for m in 0..layout.key_count(Indicator::PriceVndKg) {
            cells.push(layout.index(year, 0, layout.slot(Indicator::PriceVndKg, m)));
        }
    }
    let block = CellBlock::load(records, &cells)?;
    let reps: Vec<usize> = (0..block.replicates()).collect();
    let at = |rep: &usize, year: usize, scope: usize, ind: Indicator, key: usize| {
        block.at(*rep, layout.index(year, scope, layout.slot(ind, key)))
    };
    let mean =
        |year: usize, ind: Indicator| reps.iter().map(|r| at(r, year, scope, ind, 0)).sum::<f64>() / reps.len() as f64;
    let (base_year, last) = (scenario.simulation.base_year, years - 1);
    let last_year = base_year + last as i32;
    let mut out = Vec::new();

    let rich = Indicator::HhAboveThreshold;
    out.push(Finding::RichHouseholds {
        base: mean(0, rich),
        last: mean(last, rich),
        last_year,
        grew: share(reps.iter().map(|r| at(r, last, scope, rich, 0) > at(r, 0, scope, rich, 0))),
    });

    let poor = Indicator::HhBelowPoverty;
    let early = (1..years.min(6)).collect::<Vec<_>>();
    out.push(Finding::Poverty {
        base: mean(0, poor),
        last: mean(last, poor),
        last_year,
        fell: share(reps.iter().map(|r| at(r, last, scope, poor, 0) < at(r, 0, scope, poor, 0))),
        rose_first: share(
            reps.iter().map(|r| early.iter().any(|&y| at(r, y, scope, poor, 0) > at(r, 0, scope, poor, 0))),
        ),
    });

    // The markets households plant for, the one that crashes most often.
    let mut markets: Vec<usize> =
        scenario.choosable_crops().iter().map(|c| scenario.crops[c.index()].market.index()).collect();
    markets.sort_unstable();
    markets.dedup();
    let crash = |r: &usize, y: usize, m: usize| {
        at(r, y, 0, Indicator::PriceVndKg, m) < CRASH_SHARE * scenario.markets[m].base_price_vnd_per_kg
    };
    let worst = markets
        .iter()
        .map(|&m| (m, share(reps.iter().map(|r| (0..years).any(|y| crash(r, y, m))))))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    // No finding about crashes that never happen.
    if let Some((m, crashed)) = worst.filter(|&(_, crashed)| crashed > 0.0) {
        let by_year: Vec<f64> = (0..years).map(|y| share(reps.iter().map(|r| crash(r, y, m)))).collect();
        let worst_year = (0..years).max_by(|&a, &b| by_year[a].total_cmp(&by_year[b]).then(b.cmp(&a))).unwrap_or(0);
        out.push(Finding::PriceCrash {
            market: scenario.markets[m].key.clone(),
            crashed,
            worst_year: base_year + worst_year as i32,
        });
    }

    let paid: Vec<f64> = (0..years).map(|y| mean(y, Indicator::SubsidyVnd)).collect();
    let total_vnd: f64 = paid.iter().sum();
    if total_vnd > 0.0 {
        let peak = (0..years).max_by(|&a, &b| paid[a].total_cmp(&paid[b]).then(b.cmp(&a))).unwrap_or(0);
        out.push(Finding::BudgetPeak { year: base_year + peak as i32, peak_vnd: paid[peak], total_vnd });
    }

    let cover = Indicator::TreeCoverPct;
    out.push(Finding::TreeCover {
        base: mean(0, cover),
        last: mean(last, cover),
        last_year,
        rose: share(reps.iter().map(|r| at(r, last, scope, cover, 0) > at(r, 0, scope, cover, 0))),
        forest_base: Some(mean(0, Indicator::ForestCoverPct)),
        forest_last: Some(mean(last, Indicator::ForestCoverPct)),
    });
    Ok(out)
}

/// How likely a share `p` of `replicates` simulations is, in the words
/// people use, with the count it stands for: the one place the wording
/// rules are written. Fewer than [`FEWEST_FOR_WORDS`] simulations get the
/// count alone: too few to speak of likelihood.
///
/// | share of replicates | Vietnamese | English |
/// |---|---|---|
/// | ≥ 0.99, of at least [`FEWEST_FOR_CERTAIN`] | gần như chắc chắn | virtually certain |
/// | ≥ 0.90 | rất có khả năng | very likely |
/// | ≥ 0.66 | nhiều khả năng | likely |
/// | > 0.33 | khả năng ngang nhau | about as likely as not |
/// | > 0.10 | ít khả năng | unlikely |
/// | else | rất ít khả năng | very unlikely |
pub fn likelihood(p: f64, replicates: u32, lang: Lang) -> String {
    let count = (p * replicates as f64).round() as u32;
    if replicates < FEWEST_FOR_WORDS {
        return match lang {
            Lang::Vi => format!("{count} trên {replicates} lần mô phỏng (quá ít để nói về khả năng)"),
            Lang::En => format!("in {count} of {replicates} simulations (too few to speak of likelihood)"),
        };
    }
    let words = likelihood_word(p, replicates, lang);
    match lang {
        Lang::Vi => format!("{words} ({count} trên {replicates} lần mô phỏng)"),
        Lang::En => format!("{words} (in {count} of {replicates} simulations)"),
    }
}

/// The likelihood word alone for a share `p` of `replicates` simulations
/// (the table above); callers with fewer than [`FEWEST_FOR_WORDS`]
/// simulations give the count instead.
pub fn likelihood_word(p: f64, replicates: u32, lang: Lang) -> &'static str {
    if p >= 0.99 && replicates >= FEWEST_FOR_CERTAIN {
        lang.pick("gần như chắc chắn", "virtually certain")
    } else if p >= 0.9 {
        lang.pick("rất có khả năng", "very likely")
    } else if p >= 0.66 {
        lang.pick("nhiều khả năng", "likely")
    } else if p > 0.33 {
        lang.pick("khả năng ngang nhau", "about as likely as not")
    } else if p > 0.1 {
        lang.pick("ít khả năng", "unlikely")
    } else {
        lang.pick("rất ít khả năng", "very unlikely")
    }
}

/// Fewest simulations whose shares are put into likelihood words.
pub const FEWEST_FOR_WORDS: u32 = 10;

/// Fewest simulations that can tell 99 in 100 from 9 in 10: fewer, all of
/// them agreeing, are "very likely", not "virtually certain".
pub const FEWEST_FOR_CERTAIN: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::records::RunRecords;

    #[test]
    fn the_wording_follows_the_table() {
        let cases = [
            (1.0, "virtually certain (in 200 of 200"),
            (0.96, "very likely (in 192 of 200"),
            (0.7, "likely (in 140 of 200"),
            (0.5, "about as likely as not (in 100 of 200"),
            (0.2, "unlikely (in 40 of 200"),
            (0.04, "very unlikely (in 8 of 200"),
        ];
        for (p, words) in cases {
            assert!(likelihood(p, 200, Lang::En).starts_with(words), "{p}: {}", likelihood(p, 200, Lang::En));
        }
        assert_eq!(likelihood(0.9, 20, Lang::Vi), "rất có khả năng (18 trên 20 lần mô phỏng)");
        // Twenty of twenty cannot show 99 in 100.
        assert_eq!(likelihood(1.0, 20, Lang::Vi), "rất có khả năng (20 trên 20 lần mô phỏng)");
        assert!(likelihood(1.0, 100, Lang::En).starts_with("virtually certain"));
        let (likely, even) = (likelihood(0.66, 100, Lang::En), likelihood(0.659, 1000, Lang::En));
        assert!(likely.starts_with("likely") && even.starts_with("about"));
        // One simulation says nothing of likelihood.
        assert_eq!(likelihood(1.0, 1, Lang::En), "in 1 of 1 simulations (too few to speak of likelihood)");
    }

    #[test]
    fn findings_count_replicates_from_the_records() {
        // The tiny province (two zones, longan and maize markets), three
        // replicates of six years, every value set by hand.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
        let scenario = crate::scenario::open(path).unwrap();
        let layout = Layout::new(&scenario, 6);
        let mut values = vec![0.0; 3 * layout.record_len()];
        let longan = scenario.markets.iter().position(|m| m.key == "longan").unwrap();
        let base_price = scenario.markets[longan].base_price_vnd_per_kg;
        let mut set = |rep: usize, year: usize, ind: Indicator, key: usize, v: f64| {
            values[rep * layout.record_len() + layout.index(year, 0, layout.slot(ind, key))] = v;
        };
        for rep in 0..3 {
            for year in 0..6 {
                set(rep, year, Indicator::HhAboveThreshold, 0, 10.0 + year as f64 * [1.0, 1.0, -1.0][rep]);
                // Poverty: replicate 0 rises in year 2 before falling; the others only fall.
                let poor = if rep == 0 && year == 2 { 120.0 } else { 100.0 - year as f64 };
                set(rep, year, Indicator::HhBelowPoverty, 0, poor);
                // A crash (below 60% of the base price) in replicate 1, year 4 only.
                let price = if rep == 1 && year == 4 { 0.5 } else { 1.0 };
                set(rep, year, Indicator::PriceVndKg, longan, price * base_price);
                set(rep, year, Indicator::SubsidyVnd, 0, if year == 3 { 9e9 } else { 1e9 });
                set(rep, year, Indicator::TreeCoverPct, 0, 30.0 + year as f64);
                set(rep, year, Indicator::ForestCoverPct, 0, 20.0 + 0.5 * year as f64);
            }
        }
        let records = RunRecords { layout, replicates: 3, values };
        let found = findings(&scenario, &records).unwrap();
        let third = 1.0 / 3.0;
        assert!(found.contains(&Finding::RichHouseholds {
            base: 10.0,
            last: 10.0 + 5.0 * third,
            last_year: 2025,
            grew: 2.0 * third
        }));
        let Some(Finding::Poverty { fell, rose_first, .. }) =
            found.iter().find(|f| matches!(f, Finding::Poverty { .. }))
        else {
            panic!("no poverty finding")
        };
        assert_eq!((*fell, *rose_first), (1.0, third));
        assert!(found.contains(&Finding::PriceCrash { market: "longan".into(), crashed: third, worst_year: 2024 }));
        assert!(found.contains(&Finding::BudgetPeak { year: 2023, peak_vnd: 9e9, total_vnd: 14e9 }));
        assert!(found.contains(&Finding::TreeCover {
            base: 30.0,
            last: 35.0,
            last_year: 2025,
            rose: 1.0,
            forest_base: Some(20.0),
            forest_last: Some(22.5)
        }));
        // A run saved before the forest was given still reads.
        let old: Finding =
            serde_json::from_str(r#"{"kind":"tree_cover","base":30.0,"last":35.0,"last_year":2025,"rose":1.0}"#)
                .unwrap();
        assert!(matches!(old, Finding::TreeCover { forest_base: None, forest_last: None, .. }));
    }

    #[test]
    fn shares_count_the_replicates_that_hold() {
        assert_eq!(share([true, false, true, true].into_iter()), 0.75);
        assert_eq!(share(std::iter::empty()), 0.0);
    }
}
