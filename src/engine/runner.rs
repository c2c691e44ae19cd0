//! Running many replicates in parallel with rayon. Results are collected in
//! replicate order, so they do not depend on the number of threads.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use rayon::prelude::*;

use super::replicate::{NonFinite, RunInputs, run_replicate};
use super::tables::ModelTables;
use super::workspace::Workspace;
use crate::province::Province;
use crate::province::land::NO_TASTE;
use crate::scenario::Scenario;
use crate::stats::indicators::{ABSENT, Layout};
pub use crate::stats::records::{RecordSink, RunRecords};

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
    /// The records could not be written: why.
    Output(String),
}

/// A progress observer that does nothing.
pub struct Silent;

impl Progress for Silent {
    fn replicate_done(&self, _done: usize, _total: usize) {}
}

/// Runs `scenario.simulation.replicates` replicates of `province` on the
/// current rayon pool and keeps their records in memory. A non-finite
/// indicator stops the run; of several, the one of the lowest replicate is
/// reported, whatever the number of threads.
pub fn run_replicates(
    scenario: &Scenario,
    province: &Province,
    progress: &dyn Progress,
) -> Result<RunRecords, RunStopped> {
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let replicates = scenario.simulation.replicates as usize;
    let mut records = RunRecords { values: Vec::with_capacity(replicates * layout.record_len()), layout, replicates };
    run_replicates_into(scenario, province, 0..scenario.simulation.replicates, progress, &mut records)?;
    Ok(records)
}

/// Runs the replicates numbered `replicates` (each one's random streams
/// depend on the seed and its number alone) on the current rayon pool and
/// hands every record to `sink` in replicate order, as soon as those before
/// it are done. Workers take replicates in order, so the records waiting
/// for a slower one are those its fellow workers finish meanwhile: a few
/// per thread, as replicates take about as long as each other, and not
/// growing with the number of replicates. Stops as [`run_replicates`] does, or when `sink`
/// fails.
pub fn run_replicates_into(
    scenario: &Scenario,
    province: &Province,
    replicates: Range<u32>,
    progress: &dyn Progress,
    sink: &mut dyn RecordSink,
) -> Result<(), RunStopped> {
    assert!(
        scenario.choosable_crops().iter().all(|c| province.taste_slot.get(c.index()).is_some_and(|&s| s != NO_TASTE)),
        "the province was built for other planting targets than the scenario's; build it from a scenario whose \
         to_crops hold every crop it will plant (see explore::frontier::frontier_province)"
    );
    let tables = ModelTables::new(scenario);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let record_len = layout.record_len();
    let inputs = RunInputs { scenario, province, tables: &tables, layout: &layout };
    let total = replicates.len();
    let next_replicate = AtomicU32::new(replicates.start);
    let delivery = Mutex::new(Delivery { sink, next: replicates.start, waiting: BTreeMap::new(), done: 0 });
    let failure: Mutex<Option<NonFinite>> = Mutex::new(None);
    let output_error: Mutex<Option<String>> = Mutex::new(None);
    // Replicates above the lowest failed one are not started (nor handed
    // on); those below it always run, so the failure reported does not
    // depend on the threads.
    let lowest_failed = AtomicU32::new(u32::MAX);
    let stop = AtomicBool::new(false);
    let cancelled = AtomicBool::new(false);
    // One job per worker, each taking the next replicate until none is
    // left: replicates start in order, whatever the threads. A job makes
    // its workspace on its first replicate and resets it for each.
    // `run_replicate` must stay sequential (no nested rayon work), or a
    // worker could steal another job while holding its workspace.
    (0..rayon::current_num_threads()).into_par_iter().for_each(|_| {
        let mut workspace: Option<Workspace> = None;
        let mut record = vec![ABSENT; record_len];
        while !stop.load(Ordering::Relaxed) {
            let rep = next_replicate.fetch_add(1, Ordering::Relaxed);
            if rep >= replicates.end || rep > lowest_failed.load(Ordering::Relaxed) {
                break;
            }
            if progress.cancelled() {
                cancelled.store(true, Ordering::Relaxed);
                stop.store(true, Ordering::Relaxed);
                break;
            }
            let ws = workspace.get_or_insert_with(|| Workspace::new(province, &tables));
            record.fill(ABSENT);
            if let Err(bad) = run_replicate(&inputs, rep, ws, &mut record) {
                lowest_failed.fetch_min(rep, Ordering::Relaxed);
                let mut first = failure.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if first.as_ref().is_none_or(|f| bad.replicate < f.replicate) {
                    *first = Some(bad);
                }
                continue;
            }
            let mut d = delivery.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match d.deliver(rep, &record, lowest_failed.load(Ordering::Relaxed)) {
                Ok(()) => progress.replicate_done(d.done, total),
                Err(e) => {
                    output_error.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get_or_insert(e.to_string());
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    // A cancellation wins: which replicates ran before it depends on the threads.
    if cancelled.load(Ordering::Relaxed) {
        return Err(RunStopped::Cancelled);
    }
    if let Some(bad) = failure.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
        return Err(RunStopped::NonFinite(bad));
    }
    if let Some(e) = output_error.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
        return Err(RunStopped::Output(e));
    }
    Ok(())
}

/// Hands records to the sink in replicate order.
struct Delivery<'s> {
    sink: &'s mut dyn RecordSink,
    /// The replicate the sink takes next.
    next: u32,
    /// Finished records waiting for a lower replicate.
    waiting: BTreeMap<u32, Vec<f64>>,
    /// Replicates finished.
    done: usize,
}

impl Delivery<'_> {
    /// Takes the record of `rep`, and hands on every record now in order;
    /// none above `lowest_failed`.
    fn deliver(&mut self, rep: u32, record: &[f64], lowest_failed: u32) -> std::io::Result<()> {
        self.done += 1;
        if rep != self.next {
            self.waiting.insert(rep, record.to_vec());
            return Ok(());
        }
        self.sink.accept(rep, record)?;
        self.next += 1;
        while let Some(waiting) = self.waiting.remove(&self.next) {
            if self.next > lowest_failed {
                break;
            }
            self.sink.accept(self.next, &waiting)?;
            self.next += 1;
        }
        Ok(())
    }
}
