//! Scenario files: reading, `extends`, validation, and the shipped scenarios.

pub mod builtin;
pub mod load;
pub mod locate;
pub mod model;
pub mod raw;
pub mod validate;

pub use model::*;

use crate::error::InputErrors;

/// Loads and validates the scenario `spec` (a file path or a shipped name).
pub fn open(spec: &str) -> Result<Scenario, InputErrors> {
    let loaded = load::load(spec)?;
    validate::validate(&loaded)
}
