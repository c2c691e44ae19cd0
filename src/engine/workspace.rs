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
    /// are reset by the replicate, which knows its seed and number).
    pub fn reset(&mut self, province: &Province) {
        self.state.reset(province);
        self.decide.reset();
    }
}
