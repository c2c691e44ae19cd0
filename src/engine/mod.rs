//! The simulation engine: random streams, drivers, the yearly step, the
//! decisions, one replicate, and the parallel runner.

pub mod decide;
pub mod decision_scratch;
pub mod drivers;
pub mod replicate;
pub mod runner;
pub mod simulate;
pub mod state;
pub mod tables;
pub mod year;

pub use replicate::NonFinite;
pub use runner::{Progress, RunRecords, RunStopped, Silent, run_replicates};
pub use simulate::{FinishedRun, simulate};
