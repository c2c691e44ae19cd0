//! Comparing scenarios run with the same seed (common random numbers): each
//! outcome at milestone years, and its paired difference from the first
//! scenario, replicate by replicate.

use serde::Serialize;

use super::outcome::{Better, Outcome, RecordReader};
use crate::engine::RunRecords;
use crate::scenario::Scenario;
use crate::stats::summary::{Stat, paired_differences};

/// A scenario and the records of its run.
pub struct ScenarioRun {
    /// The scenario as run.
    pub scenario: Scenario,
    /// Its records.
    pub records: RunRecords,
}

/// One line of `comparison.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Scenario name.
    pub scenario: String,
    /// Outcome name.
    pub outcome: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// Calendar year.
    pub year: i32,
    /// Mean across replicates.
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean of the paired difference from the first scenario.
    pub diff_mean: f64,
    /// 5th percentile of the paired difference.
    pub diff_p5: f64,
    /// 95th percentile of the paired difference.
    pub diff_p95: f64,
    /// Share of replicates in which this scenario does strictly better
    /// than the first (see [`Outcome::better`]); `None` for the first and
    /// for money spent.
    pub chance_better: Option<f64>,
    /// Share of replicates in which the two are equal (a tie is neither
    /// better nor worse); `None` for the first.
    pub chance_tied: Option<f64>,
    /// Replicates compared.
    pub replicates: usize,
    /// The place compared: `province`, or the focus districts' names
    /// joined by " + " (see [`Scenario::focus_scope`]).
    pub scope: String,
}

/// Per-replicate values of `outcome` in year index `year`, in the place the
/// run's scenario focuses on (the province without a focus).
pub fn replicate_values(run: &ScenarioRun, outcome: Outcome, year: usize, fruit: &[String]) -> Vec<f64> {
    let reader = RecordReader::in_scope(&run.records, &run.scenario, run.scenario.focus_scope_index());
    (0..reader.replicates()).map(|r| reader.outcome(r, year, outcome, fruit)).collect()
}

/// The paired difference of `outcome` between `run` and `first`, replicate
/// by replicate, summarised in every year (for the difference charts).
pub fn difference_stats(
    run: &ScenarioRun,
    first: &ScenarioRun,
    outcome: Outcome,
    fruit: &[String],
) -> Vec<Option<Stat>> {
    (0..run.records.layout.years)
        .map(|y| {
            let mut diffs = paired_differences(
                &replicate_values(first, outcome, y, fruit),
                &replicate_values(run, outcome, y, fruit),
            );
            Stat::of(&mut diffs)
        })
        .collect()
}

/// The names of the scenario's focus zones, sorted: the same districts
/// whatever their order in each scenario's zone table.
fn focus_names(s: &Scenario) -> Vec<&str> {
    let mut names: Vec<&str> = s.focus.iter().map(|z| s.zones[z.index()].name.as_str()).collect();
    names.sort_unstable();
    names
}

/// Share of `diffs` for which `holds` is true (NaN for none).
fn share_where(diffs: &[f64], holds: impl Fn(f64) -> bool) -> f64 {
    if diffs.is_empty() {
        return f64::NAN;
    }
    diffs.iter().filter(|&&d| holds(d)).count() as f64 / diffs.len() as f64
}

/// The fruit crops of a comparison: every crop any scenario may plant.
pub fn fruit_crops(runs: &[ScenarioRun]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for run in runs {
        for c in &run.scenario.choosable_crops() {
            let key = &run.scenario.crops[c.index()].key;
            if !out.contains(key) {
                out.push(key.clone());
            }
        }
    }
    out
}

/// Rows of `comparison.csv` for the year indices `years`, each run read in
/// the place its scenario's focus names (the province without one; see
/// [`Scenario::focus_scope_index`]): the caller gives every run the same
/// focus. All runs must have the same replicates (they do when run with
/// the same settings).
pub fn compare(runs: &[ScenarioRun], years: &[usize], fruit: &[String]) -> Vec<ComparisonRow> {
    let mut rows = Vec::new();
    let Some(first) = runs.first() else { return rows };
    debug_assert!(
        runs.iter().all(|r| focus_names(&r.scenario) == focus_names(&first.scenario)),
        "every run speaks of the same place"
    );
    let base_year = first.scenario.simulation.base_year;
    for (i, run) in runs.iter().enumerate() {
        for outcome in Outcome::COMPARED {
            for &y in years {
                let values = replicate_values(run, outcome, y, fruit);
                let reference = replicate_values(first, outcome, y, fruit);
                let mut own: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
                let mut diffs = paired_differences(&reference, &values);
                // Strictly better: a tie is not a win.
                let chance_better = outcome.better().filter(|_| i > 0).map(|better| match better {
                    Better::Higher => share_where(&diffs, |d| d > 0.0),
                    Better::Lower => share_where(&diffs, |d| d < 0.0),
                });
                let chance_tied = (i > 0).then(|| share_where(&diffs, |d| d == 0.0));
                let replicates = diffs.len();
                let (Some(s), Some(d)) = (Stat::of(&mut own), Stat::of(&mut diffs)) else { continue };
                rows.push(ComparisonRow {
                    scenario: run.scenario.name.clone(),
                    outcome: outcome.name(),
                    unit: outcome.unit(),
                    year: base_year + y as i32,
                    mean: s.mean,
                    p5: s.p5,
                    p95: s.p95,
                    diff_mean: d.mean,
                    diff_p5: d.p5,
                    diff_p95: d.p95,
                    chance_better,
                    chance_tied,
                    replicates,
                    scope: run.scenario.focus_scope(),
                });
            }
        }
    }
    rows
}
