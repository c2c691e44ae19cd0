//! One replicate: the years in order, sequential and pure. Its output is
//! the record of its per-year indicators, nothing of the population.

use super::awareness::spread_awareness;
use super::decide::{DecisionContext, decide};
use super::economy::run_economy;
use super::environment::draw_environment;
use super::land_change::age_and_apply_changes;
use super::record::record_year;
use super::tables::ModelTables;
use super::workspace::Workspace;
use super::year::YearContext;
use crate::province::Province;
use rand::rngs::ChaCha8Rng;

use crate::scenario::Scenario;
use crate::stats::indicators::{KeyKind, Layout, info, is_absent};

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

/// An indicator that came out infinite or NaN: the inputs let the model's
/// arithmetic overflow. The run stops rather than write it.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    /// Replicate, counted from 0.
    pub replicate: u32,
    /// Calendar year.
    pub year: i32,
    /// `province` or the zone's name.
    pub scope: String,
    /// Indicator name as in `indicators.csv`.
    pub indicator: &'static str,
    /// Crop or market id of a per-crop or per-market indicator, else empty.
    pub key: String,
    /// The value (inf, -inf or NaN).
    pub value: f64,
}

impl std::fmt::Display for NonFinite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = if self.key.is_empty() { String::new() } else { format!(" ({})", self.key) };
        write!(
            f,
            "{}{key} is {} in {} in {}, replicate {}: the scenario's numbers make the model overflow; nothing was written",
            self.indicator, self.value, self.scope, self.year, self.replicate
        )
    }
}

/// The first value of year `year_index` in `record` that is neither finite
/// nor [`ABSENT`](crate::stats::indicators::ABSENT), described.
fn first_non_finite(inputs: &RunInputs<'_>, rep: u32, year_index: usize, record: &[f64]) -> Option<NonFinite> {
    let layout = inputs.layout;
    let start = layout.index(year_index, 0, 0);
    let year = &record[start..start + layout.scopes * layout.slots()];
    let at = year.iter().position(|&v| !v.is_finite() && !is_absent(v))?;
    let (scope, slot) = (at / layout.slots(), at % layout.slots());
    let (indicator, key) = layout.slot_owner(slot);
    let scenario = inputs.scenario;
    Some(NonFinite {
        replicate: rep,
        year: scenario.simulation.base_year + year_index as i32,
        scope: match scope {
            0 => "province".into(),
            s if s <= scenario.zones.len() => scenario.zones[s - 1].name.clone(),
            _ => scenario.focus_scope(),
        },
        indicator: info(indicator).name,
        key: match info(indicator).key {
            KeyKind::None => String::new(),
            KeyKind::Crop => scenario.crops[key].key.clone(),
            KeyKind::Market => scenario.markets[key].key.clone(),
        },
        value: year[at],
    })
}

/// Simulates replicate `rep` and writes its indicators into `record`
/// (`layout.record_len()` numbers). `ws` is reset first, so a worker can
/// reuse one workspace for many replicates. Stops at the first year whose
/// indicators are not all finite (or absent).
pub fn run_replicate(
    inputs: &RunInputs<'_>,
    rep: u32,
    ws: &mut Workspace,
    record: &mut [f64],
) -> Result<(), NonFinite> {
    let RunInputs { scenario, province, tables, layout } = *inputs;
    let mut env_rng = ws.start_replicate(province, tables, scenario.simulation.seed, rep);
    for year_index in 0..layout.years {
        run_year(inputs, rep, year_index, ws, &mut env_rng, record)?;
    }
    Ok(())
}

/// One year in MODEL.md §7's order: prices and weather (step 1), the
/// economy and its records (steps 2–6), awareness and decisions (step 7),
/// ageing and the decided changes (step 8). `record` is replicate `rep`'s;
/// a year whose indicators are not all finite stops before its decisions.
pub fn run_year(
    inputs: &RunInputs<'_>,
    rep: u32,
    year_index: usize,
    ws: &mut Workspace,
    env_rng: &mut ChaCha8Rng,
    record: &mut [f64],
) -> Result<(), NonFinite> {
    let RunInputs { scenario, province, tables, layout } = *inputs;
    let ctx = YearContext { scenario, province, tables, layout, year_index };
    draw_environment(ws, &ctx, env_rng);
    run_economy(ws, &ctx);
    record_year(ws, &ctx, record);
    if let Some(bad) = first_non_finite(inputs, rep, year_index, record) {
        return Err(bad);
    }
    let dctx = DecisionContext { scenario, province, tables, year_index };
    let mut rngs = std::mem::take(&mut ws.decision_rngs);
    spread_awareness(ws, &dctx, &mut rngs);
    decide(ws, &dctx, &mut rngs);
    ws.decision_rngs = rngs;
    age_and_apply_changes(ws, &ctx);
    Ok(())
}
