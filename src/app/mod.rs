//! The command layer, one file per group of commands: load → validate →
//! compute → write, each step a call into the library.
//!
//! - `run.rs`: run, plot, figures;
//! - `explore.rs`: compare, frontier, sensitivity;
//! - `calibrate.rs`: calibrate;
//! - `merge.rs`: merge (shards of a run put together);
//! - `slurm.rs`: slurm (batch scripts for a cluster);
//! - `serve/`: serve (the browser page: HTTP interface, answers, the page);
//! - `inspect.rs`: check, show, scenarios, crops;
//! - what they share: `settings.rs` (run options, threads), `console.rs`
//!   (printing, progress), `interrupt.rs` (Ctrl-C and SIGTERM),
//!   `clap_vi.rs` (clap's own command-line errors in Vietnamese),
//!   `help_vi.rs` (`--help` in Vietnamese).

mod calibrate;
pub mod clap_vi;
pub mod console;
mod explore;
pub mod help_vi;
mod inspect;
mod interrupt;
mod merge;
mod run;
mod serve;
mod settings;
mod slurm;

use crate::cli::{Cli, Command, RunArgs};
use agroshift::error::Result;
use agroshift::scenario::{Lang, builtin};

/// Runs the command line and returns what to exit with.
pub fn run(cli: Cli) -> Result<()> {
    interrupt::install();
    let lang: Lang = cli.lang.into();
    match cli.command {
        None => run::run_command(&RunArgs { scenario: builtin::DEFAULT_SCENARIO.into(), ..RunArgs::default() }, lang),
        Some(Command::Run(args)) => run::run_command(&args, lang),
        Some(Command::Plot { run_dir, out, force, quiet }) => {
            run::plot_command(&run_dir, out.as_deref(), force, quiet, lang)
        }
        Some(Command::Compare { scenarios, options }) => explore::compare_command(&scenarios, &options, lang),
        Some(Command::Frontier { scenario, crops, step, target, options, shard }) => {
            explore::frontier_command(&scenario, &crops, step, &target, &options, shard, lang)
        }
        Some(Command::Sensitivity { scenario, target, change, options, shard }) => {
            explore::sensitivity_command(&scenario, &target, change, &options, shard, lang)
        }
        Some(Command::Calibrate(args)) => calibrate::calibrate_command(&args, lang),
        Some(Command::Merge(args)) => merge::merge_command(&args, lang),
        Some(Command::Slurm(args)) => slurm::slurm_command(&args, lang),
        Some(Command::Serve(args)) => serve::serve_command(&args, lang),
        Some(Command::Figures { out, scale, replicates, force }) => {
            run::figures_command(&out, scale, replicates, force, lang)
        }
        Some(Command::Check { files }) => inspect::check(&files, lang),
        Some(Command::Show { scenario, resolved }) => inspect::show(&scenario, resolved),
        Some(Command::Scenarios) => inspect::list_scenarios(lang),
        Some(Command::Crops(args)) => inspect::crops(&args, lang),
    }
}
