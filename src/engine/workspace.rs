//! A worker's holder of everything one replicate needs besides its inputs:
//! the model's state (§3), the year's scratch, the decisions' scratch and
//! the replicate's decision streams. Made once per worker thread and reset
//! for each replicate.

use rand::rngs::ChaCha8Rng;

use super::decision_scratch::DecisionScratch;
use super::state::ReplicateState;
use super::tables::ModelTables;
use super::year_scratch::YearScratch;
use crate::province::Province;

/// What a worker thread owns to simulate replicates one after another.
#[derive(Debug)]
pub struct Workspace {
    /// The model's state (MODEL.md §3).
    pub state: ReplicateState,
    /// The scratch space of the year's steps 1–5 and 8.
    pub year: YearScratch,
    /// The scratch space and the changes of the decisions (steps 6–7).
    pub decide: DecisionScratch,
    /// The replicate's decision generators, one per zone (see
    /// [`crate::rng::decision_stream`]).
    pub decision_rngs: Vec<ChaCha8Rng>,
}

impl Workspace {
    /// A workspace sized for `province`.
    pub fn new(province: &Province, tables: &ModelTables) -> Self {
        let zones = province.zone_count();
        Self {
            state: ReplicateState::new(province, tables),
            year: YearScratch::new(province, tables),
            decide: DecisionScratch::new(province, tables),
            decision_rngs: (0..zones).map(|z| crate::rng::stream_rng(0, crate::rng::decision_stream(0, z))).collect(),
        }
    }

    /// Back to the base-year state, keeping the allocations (the streams
    /// are reset by [`Self::start_replicate`], which knows the seed and number).
    pub fn reset(&mut self, province: &Province) {
        self.state.reset(province);
        self.decide.reset();
    }

    /// Ready for replicate `rep` of a run with `seed`: the base-year state,
    /// the replicate's decision streams and expected supply. Returns its
    /// environment stream (prices and weather).
    pub fn start_replicate(&mut self, province: &Province, tables: &ModelTables, seed: u64, rep: u32) -> ChaCha8Rng {
        self.reset(province);
        crate::rng::reset_decision_streams(&mut self.decision_rngs, seed, rep);
        super::supply::expected_supply(&mut self.state, province, tables);
        crate::rng::stream_rng(seed, crate::rng::environment_stream(rep))
    }
}
