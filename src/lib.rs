//! agroshift: a simulator of farm restructuring on sloping land.
//!
//! Data flows one way: a scenario file is validated into a [`scenario::Scenario`],
//! a province is synthesised once from it, replicates run in parallel, and their
//! per-year indicators are summarised and written out. See `../shared/MODEL.md`
//! for the model and README.md for the commands.
//!
//! Who depends on whom (no loops; checked by `tests/suite/architecture.rs`):
//! `scenario` → `economics`, `text`, `error`; `stats` → `scenario`;
//! `province` → `scenario`, `rng`; `engine` → `province`, `stats`, `rng`,
//! `scenario`; `explore` and `calibrate` → `engine`; `analysis` → `economics`, `scenario`;
//! `output` → whatever it writes; `replicates` (the per-replicate
//! Parquet file) → `stats`, `scenario`, `output`; `economics`, `rng`, `text` and `error` on
//! nothing of ours. The command line (`cli.rs`, `app/`) belongs to the
//! binary, not to this library.

pub mod analysis;
pub mod calibrate;
pub mod economics;
pub mod engine;
pub mod error;
pub mod explore;
pub mod output;
pub mod province;
pub mod replicates;
pub mod rng;
pub mod scenario;
pub mod stats;
pub mod text;

pub use error::{Error, Result};
