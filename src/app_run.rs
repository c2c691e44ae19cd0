//! The `run` command.

use crate::cli::RunArgs;
use crate::error::{Error, Result};
use crate::scenario::Lang;

/// `agroshift run`: simulate and write the results.
pub fn run_command(_args: &RunArgs, _lang: Lang) -> Result<()> {
    Err(Error::Failed("the simulation is not built yet".into()))
}
