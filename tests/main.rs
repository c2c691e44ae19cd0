//! The integration tests: one binary, one module per area.
//!
//! - `scenario_files`: shipped scenarios validate; malformed ones in
//!   `tests/bad-scenarios/` give the error text and line they announce.
//! - `economics`: NPV, IRR, payback by hand and as properties; crop figures.
//! - `cli`: exit codes, atomic outputs, no silent overwrite, determinism.
//! - `simulation`: a hand-checked tiny province and invariants on random ones.
//! - `model_checks`: the checks of MODEL.md §10 on the default Son La data.
//! - `outputs`: charts, report and workbook.
//! - `district_plans`: a district's own plan in the provincial run,
//!   programme periods and the budget (issue 11).
//! - `explore`: compare, frontier and sensitivity.
//! - `robustness`: nothing typed crashes, hangs or loses a result (issue 9).
//! - `readme`: every command the README shows runs, at a tiny scale.
//! - `architecture`: the module map has no loops; the library has no CLI.
//! - `extremes`: scenarios mutated with extreme numbers run to finite
//!   results or are refused by `check`.
//! - `decisions`: households' decisions of MODEL §8 computed by hand.
//! - `calibrate`: fitting settings to observed numbers (issue 14).
//! - `kernels`: the economy pass's kernels against the model's plain
//!   definitions, and its shortcuts against the parcels summed one by one.
//! - `scale_out`: replicates.parquet, shards and their exact merge (issue 15).
//! - `slurm`: the batch scripts, and a real one-node Slurm cluster (issue 15).
//! - `serve`: the browser page's HTTP interface and a real Chromium (issue 16).

#[path = "suite/common.rs"]
mod common;

#[path = "suite/scenario_files.rs"]
mod scenario_files;

#[path = "suite/economics.rs"]
mod economics;

#[path = "suite/cli.rs"]
mod cli;

#[path = "suite/simulation.rs"]
mod simulation;

#[path = "suite/model_checks.rs"]
mod model_checks;

#[path = "suite/outputs.rs"]
mod outputs;

#[path = "suite/district_plans.rs"]
mod district_plans;

#[path = "suite/explore.rs"]
mod explore;

#[path = "suite/robustness.rs"]
mod robustness;

#[path = "suite/readme.rs"]
mod readme;

#[path = "suite/extremes.rs"]
mod extremes;

#[path = "suite/architecture.rs"]
mod architecture;

#[path = "suite/decisions.rs"]
mod decisions;

#[path = "suite/kernels.rs"]
mod kernels;

#[path = "suite/calibrate.rs"]
mod calibrate;

#[path = "suite/scale_out.rs"]
mod scale_out;

#[path = "suite/slurm.rs"]
mod slurm;

#[path = "suite/serve.rs"]
mod serve;
