//! The simulation engine. One year follows MODEL.md §7 step by step:
//! `environment` (1), `economy` (2–4: the kernels `parcel_year`,
//! `close_household`, `fold_zone`), `record` (5), `awareness` (6), `decide`
//! (7), `land_change` (8); `replicate` runs the years, `runner` the
//! replicates in parallel, `simulate` a whole run. The model's state (§3)
//! is `state`; the year's and the decisions' scratch are `year_scratch` and
//! `decision_scratch`; `workspace` holds them for a worker. Random streams
//! are in `crate::rng`.

pub mod awareness;
pub mod decide;
pub mod decision_scratch;
pub mod drivers;
pub mod economy;
pub mod environment;
pub mod land_change;
pub mod policy_tables;
pub mod record;
pub mod replicate;
pub mod runner;
pub mod simulate;
pub mod state;
pub mod supply;
pub mod tables;
pub mod workspace;
pub mod year;
pub mod year_scratch;

pub use replicate::NonFinite;
pub use runner::{Progress, RecordSink, RunRecords, RunStopped, Silent, run_replicates, run_replicates_into};
pub use simulate::{FinishedRun, StreamedRun, parcel_years_per_s, simulate, simulate_into};
