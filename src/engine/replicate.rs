//! One replicate: the years in order, sequential and pure. Its output is
//! the record of its per-year indicators, nothing of the population.

use super::decide::{DecisionContext, decide, spread_awareness};
use super::rng::{decision_stream, environment_stream, stream_rng};
use super::state::Workspace;
use super::tables::ModelTables;
use super::year::{YearContext, age_and_apply_changes, draw_environment, expected_supply, record_year, run_economy};
use crate::province::Province;
use crate::scenario::Scenario;
use crate::stats::indicators::Layout;

/// Everything a replicate reads; shared by all replicates of a run.
pub struct RunInputs<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The province, built once.
    pub province: &'a Province,
    /// Look-up tables.
    pub tables: &'a ModelTables,
    /// Layout of the records.
    pub layout: &'a Layout,
}

/// Simulates replicate `rep` and writes its indicators into `record`
/// (`layout.record_len()` numbers). `ws` is reset first, so a worker can
/// reuse one workspace for many replicates.
pub fn run_replicate(inputs: &RunInputs<'_>, rep: u32, ws: &mut Workspace, record: &mut [f64]) {
    let RunInputs { scenario, province, tables, layout } = *inputs;
    ws.reset(province);
    let seed = scenario.simulation.seed;
    let mut env_rng = stream_rng(seed, environment_stream(rep));
    let mut decision_rng = stream_rng(seed, decision_stream(rep));
    expected_supply(ws, province, tables);
    for year_index in 0..layout.years {
        let ctx = YearContext { scenario, province, tables, layout, year_index };
        draw_environment(ws, &ctx, &mut env_rng);
        run_economy(ws, &ctx);
        record_year(ws, &ctx, record);
        let dctx = DecisionContext { scenario, province, tables, year_index };
        spread_awareness(ws, &dctx, &mut decision_rng);
        decide(ws, &dctx, &mut decision_rng);
        age_and_apply_changes(ws, &ctx);
    }
}
