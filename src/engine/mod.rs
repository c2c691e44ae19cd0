//! The simulation engine: drivers (prices, weather), the yearly step, the
//! decisions and their scratch, one replicate, the parallel runner, and a
//! whole simulation (`simulate.rs`). Random streams are in `crate::rng`.

pub mod decide;
pub mod decision_scratch;
pub mod drivers;
pub mod policy_tables;
pub mod replicate;
pub mod runner;
pub mod simulate;
pub mod state;
pub mod tables;
pub mod year;

pub use replicate::NonFinite;
pub use runner::{Progress, RunRecords, RunStopped, Silent, run_replicates};
pub use simulate::{FinishedRun, simulate};
