//! Scenario files: reading (`raw.rs`, `load.rs`, `locate.rs`), the declared
//! parameters and plausible ranges (`parameters.rs`, `ranges.rs`,
//! `plausible.rs`), validation (`validate.rs`) into the typed scenario
//! (`model.rs`), and the shipped scenarios (`builtin.rs`).

pub mod builtin;
pub mod load;
pub mod locate;
pub mod model;
pub mod origins;
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

/// Like [`open`], and also checks that the province can be simulated at
/// the file's own `simulation.scale`, as a `run` without `--scale` would
/// (what `check` promises).
pub fn open_at_own_scale(spec: &str) -> Result<Scenario, InputErrors> {
    let loaded = load::load(spec)?;
    let scenario = validate::validate(&loaded)?;
    match scenario.size_problem() {
        Some(problem) => {
            let at = locate::FieldPath::keys(&["simulation", "scale"]);
            let help = Some(crate::text::said(
                "hãy đặt scale nhỏ hơn trong [simulation], hoặc chạy với --scale",
                "set a smaller [simulation] scale, or run with --scale",
            ));
            Err(InputErrors(vec![loaded.error_at(&at, problem, help)]))
        }
        None => Ok(scenario),
    }
}

/// Validates a scenario held in memory (see [`load::load_inline`]).
pub fn open_inline(display_name: &str, text: &str) -> Result<Scenario, InputErrors> {
    let loaded = load::load_inline(display_name, text)?;
    validate::validate(&loaded)
}
