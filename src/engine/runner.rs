//! Running many replicates in parallel with rayon. Results are collected in
//! replicate order, so they do not depend on the number of threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::replicate::{RunInputs, run_replicate};
use super::state::Workspace;
use super::tables::ModelTables;
use crate::province::Province;
use crate::scenario::Scenario;
use crate::stats::indicators::Layout;

/// Told about progress; implemented by the progress bar, outside the core.
pub trait Progress: Sync {
    /// One more replicate is done (`done` of `total`).
    fn replicate_done(&self, done: usize, total: usize);
}

/// A progress observer that does nothing.
pub struct Silent;

impl Progress for Silent {
    fn replicate_done(&self, _done: usize, _total: usize) {}
}

/// The records of every replicate of a run.
#[derive(Debug, Clone)]
pub struct RunRecords {
    /// The layout of each record.
    pub layout: Layout,
    /// Replicates.
    pub replicates: usize,
    /// Records one after the other, replicate 0 first.
    pub values: Vec<f64>,
}

impl RunRecords {
    /// The record of replicate `rep`.
    pub fn replicate(&self, rep: usize) -> &[f64] {
        let n = self.layout.record_len();
        &self.values[rep * n..(rep + 1) * n]
    }
}

/// Runs `scenario.simulation.replicates` replicates of `province` on the
/// current rayon pool.
pub fn run_replicates(scenario: &Scenario, province: &Province, progress: &dyn Progress) -> RunRecords {
    let tables = ModelTables::new(scenario);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let replicates = scenario.simulation.replicates as usize;
    let record_len = layout.record_len();
    let mut values = vec![f64::NAN; replicates * record_len];
    let inputs = RunInputs { scenario, province, tables: &tables, layout: &layout };
    let done = AtomicUsize::new(0);
    // One workspace per worker thread, made on its first replicate and reset
    // for each: rayon splits the replicates into more jobs than threads, and
    // a workspace per job would allocate and fill tens of MB each time.
    // `run_replicate` must stay sequential: a worker that stole another
    // replicate while holding its slot would then wait on its own lock.
    let workspaces: Vec<Mutex<Option<Workspace>>> =
        (0..rayon::current_num_threads()).map(|_| Mutex::new(None)).collect();
    values.par_chunks_mut(record_len.max(1)).enumerate().for_each(|(rep, record)| {
        let slot = &workspaces[rayon::current_thread_index().unwrap_or(0) % workspaces.len()];
        let mut guard = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let ws = guard.get_or_insert_with(|| Workspace::new(province, &tables));
        run_replicate(&inputs, rep as u32, ws, record);
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.replicate_done(finished, replicates);
    });
    RunRecords { layout, replicates, values }
}
