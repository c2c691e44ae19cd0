//! One whole simulation of a scenario: the province built once, every
//! replicate run, and the records summarised.

use std::time::Instant;

use super::runner::{Progress, RunRecords, RunStopped, run_replicates};
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
        let n = self.province.parcel_count() as f64 * self.records.layout.years as f64 * self.records.replicates as f64;
        n / self.wall_time_s.max(1e-9)
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
