//! Scenario files: reading (`raw.rs`, `load.rs`, `locate.rs`), the declared
//! parameters and plausible ranges (`parameters.rs`, `ranges.rs`,
//! `plausible.rs`), validation (`validate.rs`) into the typed scenario
//! (`model.rs`), and the shipped scenarios (`builtin.rs`).

pub mod builtin;
pub mod load;
pub mod locate;
pub mod model;
pub mod parameters;
pub mod plausible;
pub mod ranges;
pub mod raw;
pub mod validate;

pub use model::*;

use crate::error::InputErrors;

/// Loads and validates the scenario `spec` (a file path or a shipped name).
pub fn open(spec: &str) -> Result<Scenario, InputErrors> {
    let loaded = load::load(spec)?;
    validate::validate(&loaded)
}

/// Validates a scenario held in memory (see [`load::load_inline`]).
pub fn open_inline(display_name: &str, text: &str) -> Result<Scenario, InputErrors> {
    let loaded = load::load_inline(display_name, text)?;
    validate::validate(&loaded)
}
