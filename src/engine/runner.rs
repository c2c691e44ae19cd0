//! Running many replicates in parallel with rayon. Results are collected in
//! replicate order, so they do not depend on the number of threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::replicate::{NonFinite, RunInputs, run_replicate};
use super::tables::ModelTables;
use super::workspace::Workspace;
use crate::province::Province;
use crate::province::land::NO_TASTE;
use crate::scenario::Scenario;
use crate::stats::indicators::{ABSENT, Layout};
pub use crate::stats::records::RunRecords;

/// Told about progress, and asked whether to stop; implemented outside the
/// core (the progress bar, the Ctrl-C handler).
pub trait Progress: Sync {
    /// One more replicate is done (`done` of `total`).
    fn replicate_done(&self, done: usize, total: usize);

    /// Whether the run should stop now; asked before each replicate.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Why a run stopped without results.
#[derive(Debug, Clone, PartialEq)]
pub enum RunStopped {
    /// [`Progress::cancelled`] said so.
    Cancelled,
    /// An indicator came out non-finite (the lowest such replicate).
    NonFinite(NonFinite),
}

/// A progress observer that does nothing.
pub struct Silent;

impl Progress for Silent {
    fn replicate_done(&self, _done: usize, _total: usize) {}
}

/// Runs `scenario.simulation.replicates` replicates of `province` on the
/// current rayon pool. A non-finite indicator stops the run; of several, the
/// one of the lowest replicate is reported, whatever the number of threads.
pub fn run_replicates(
    scenario: &Scenario,
    province: &Province,
    progress: &dyn Progress,
) -> Result<RunRecords, RunStopped> {
    assert!(
        scenario.choosable_crops().iter().all(|c| province.taste_slot.get(c.index()).is_some_and(|&s| s != NO_TASTE)),
        "the province was built for other planting targets than the scenario's; build it from a scenario whose \
         to_crops hold every crop it will plant (see explore::frontier::frontier_province)"
    );
    let tables = ModelTables::new(scenario);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let replicates = scenario.simulation.replicates as usize;
    let record_len = layout.record_len();
    let mut values = vec![ABSENT; replicates * record_len];
    let inputs = RunInputs { scenario, province, tables: &tables, layout: &layout };
    let done = AtomicUsize::new(0);
    // One workspace per worker thread, made on its first replicate and reset
    // for each: rayon splits the replicates into more jobs than threads, and
    // a workspace per job would allocate and fill tens of MB each time.
    // `run_replicate` must stay sequential: a worker that stole another
    // replicate while holding its slot would then wait on its own lock.
    let workspaces: Vec<Mutex<Option<Workspace>>> =
        (0..rayon::current_num_threads()).map(|_| Mutex::new(None)).collect();
    let failure: Mutex<Option<NonFinite>> = Mutex::new(None);
    // Replicates above the lowest failed one are skipped; those below it
    // always run, so the failure reported does not depend on the threads.
    let lowest_failed = AtomicUsize::new(usize::MAX);
    let cancelled = AtomicBool::new(false);
    values.par_chunks_mut(record_len.max(1)).enumerate().for_each(|(rep, record)| {
        if rep > lowest_failed.load(Ordering::Relaxed) || cancelled.load(Ordering::Relaxed) {
            return;
        }
        if progress.cancelled() {
            cancelled.store(true, Ordering::Relaxed);
            return;
        }
        let slot = &workspaces[rayon::current_thread_index().unwrap_or(0) % workspaces.len()];
        let mut guard = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let ws = guard.get_or_insert_with(|| Workspace::new(province, &tables));
        if let Err(bad) = run_replicate(&inputs, rep as u32, ws, record) {
            lowest_failed.fetch_min(rep, Ordering::Relaxed);
            let mut first = failure.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if first.as_ref().is_none_or(|f| bad.replicate < f.replicate) {
                *first = Some(bad);
            }
            return;
        }
        let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.replicate_done(finished, replicates);
    });
    // A cancellation wins: which replicates ran before it depends on the threads.
    if cancelled.load(Ordering::Relaxed) {
        return Err(RunStopped::Cancelled);
    }
    if let Some(bad) = failure.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
        return Err(RunStopped::NonFinite(bad));
    }
    Ok(RunRecords { layout, replicates, values })
}
