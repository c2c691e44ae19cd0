//! One whole simulation of a scenario: the province built once, every
//! replicate run, and the records summarised.

use std::time::Instant;

use std::ops::Range;

use super::runner::{Progress, RecordSink, RunRecords, RunStopped, run_replicates, run_replicates_into};
use crate::province::{Province, build_province};
use crate::scenario::Scenario;
use crate::stats::summary::Summary;

/// A finished simulation: the province it ran on, the records and their summary.
pub struct FinishedRun {
    /// The province, built once.
    pub province: Province,
    /// Every replicate's record.
    pub records: RunRecords,
    /// The records summarised across replicates.
    pub summary: Summary,
    /// Wall time of the replicates (s).
    pub wall_time_s: f64,
}

impl FinishedRun {
    /// Parcel-years simulated per second of wall time.
    pub fn parcel_years_per_s(&self) -> f64 {
        parcel_years_per_s(&self.province, self.records.layout.years, self.records.replicates, self.wall_time_s)
    }
}

/// Builds the province of `scenario`, runs its replicates on the current
/// rayon pool and summarises them.
pub fn simulate(scenario: &Scenario, progress: &dyn Progress) -> Result<FinishedRun, RunStopped> {
    let province = build_province(scenario);
    let start = Instant::now();
    let records = run_replicates(scenario, &province, progress)?;
    let wall_time_s = start.elapsed().as_secs_f64();
    let summary = Summary::from_records(&records);
    Ok(FinishedRun { province, records, summary, wall_time_s })
}

/// A simulation whose records went to a sink as they were made.
pub struct StreamedRun {
    /// The province, built once.
    pub province: Province,
    /// Wall time of the replicates (s).
    pub wall_time_s: f64,
}

/// Builds the province of `scenario` and runs its replicates numbered
/// `replicates` on the current rayon pool, handing each record to `sink`
/// in replicate order (see [`run_replicates_into`]).
pub fn simulate_into(
    scenario: &Scenario,
    replicates: Range<u32>,
    progress: &dyn Progress,
    sink: &mut dyn RecordSink,
) -> Result<StreamedRun, RunStopped> {
    let province = build_province(scenario);
    let start = Instant::now();
    run_replicates_into(scenario, &province, replicates, progress, sink)?;
    Ok(StreamedRun { province, wall_time_s: start.elapsed().as_secs_f64() })
}

/// Parcel-years per second of wall time of `replicates` replicates of
/// `years` years of `province`.
pub fn parcel_years_per_s(province: &Province, years: usize, replicates: usize, wall_time_s: f64) -> f64 {
    province.parcel_count() as f64 * years as f64 * replicates as f64 / wall_time_s.max(1e-9)
}
