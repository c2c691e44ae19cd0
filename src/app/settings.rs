//! The run options every simulating command shares: the command line's
//! overrides of `[simulation]`, checked against the same ranges as the
//! scenario file, and the worker threads.

use crate::cli::RunOptions;
use agroshift::error::{Error, Result, said};
use agroshift::scenario::locate::FieldPath;
use agroshift::scenario::ranges::range_of;
use agroshift::scenario::{Lang, Scenario};

/// Most worker threads per core: more only wastes memory (one workspace
/// each) and time switching between them.
pub const THREADS_PER_CORE: usize = 4;

/// Checks a command-line value against the range of `simulation.SETTING`.
pub fn in_range(option: &str, setting: &str, value: f64) -> Result<()> {
    match range_of(&FieldPath::keys(&["simulation", setting])) {
        Some(range) if !range.contains(value) => {
            let (message, hint) = range.complaint(value);
            let (vi, en) = match hint {
                Some(h) => (format!("\n  gợi ý: {}", h.vi), format!("\n  help: {}", h.en)),
                None => (String::new(), String::new()),
            };
            Err(Error::Usage(said(format!("{option}: {}{vi}", message.vi), format!("{option}: {}{en}", message.en))))
        }
        _ => Ok(()),
    }
}

/// Applies the command line's run options to `s`; a command with its own
/// defaults passes them as `default_scale` and `default_replicates`. Then
/// checks that the province at that scale can be simulated.
pub fn configure(
    s: &mut Scenario,
    args: &RunOptions,
    default_scale: Option<f64>,
    default_replicates: Option<u32>,
) -> Result<()> {
    if let Some(scale) = args.scale.or(default_scale) {
        in_range("--scale", "scale", scale)?;
        s.simulation.scale = scale;
    }
    if let Some(n) = args.replicates.or(default_replicates) {
        in_range("--replicates", "replicates", n as f64)?;
        s.simulation.replicates = n;
    }
    if let Some(y) = args.years {
        in_range("--years", "years", y as f64)?;
        s.simulation.years = y;
    }
    if let Some(seed) = args.seed {
        // Compared as a whole number: above 2^53 a float would round it.
        if seed > 9_000_000_000_000_000_000 {
            return Err(Error::Usage(said(
                format!(
                    "--seed: cần một số nguyên từ 0 đến 9.000.000.000.000.000.000 (được lưu trong kịch bản), nhưng ghi {seed}"
                ),
                format!(
                    "--seed: expected a whole number from 0 to 9,000,000,000,000,000,000 (it is saved in the scenario), found {seed}"
                ),
            )));
        }
        s.simulation.seed = seed;
    }
    if !args.focus.is_empty() {
        s.focus = s
            .zones_named(&args.focus)
            .map_err(|e| Error::Usage(said(format!("--focus: {}", e.vi), format!("--focus: {}", e.en))))?;
    }
    if let Some(problem) = s.size_problem() {
        return Err(Error::Usage(problem));
    }
    Ok(())
}

/// Prints the settings of `s` that do nothing in its run (see
/// [`Scenario::settings_without_effect`]), once per scenario run.
pub fn warn_without_effect(s: &Scenario, quiet: bool, lang: Lang) {
    let word = lang.pick("cảnh báo", "warning");
    for warning in s.settings_without_effect(lang) {
        super::console::note(quiet, &format!("{word}: {}: {warning}", s.name));
    }
}

/// Cores of this machine.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Worker threads asked for: `--threads`, else RAYON_NUM_THREADS, else all
/// cores; at most [`THREADS_PER_CORE`] per core.
pub fn thread_count(threads: Option<usize>) -> Result<usize> {
    let most = THREADS_PER_CORE * cores();
    let (n, from) = match threads {
        Some(t) => (t, "--threads"),
        None => match std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
            Some(t) if t > 0 => (t, "RAYON_NUM_THREADS"),
            _ => (cores(), ""),
        },
    };
    if n == 0 {
        return Err(Error::Usage(said(format!("{from} phải ít nhất là 1"), format!("{from} must be at least 1"))));
    }
    if n > most {
        return Err(Error::Usage(said(
            format!(
                "{from} là {n}, nhưng máy này có {} lõi; cho phép nhiều nhất {most} luồng ({THREADS_PER_CORE} luồng mỗi lõi), và kết quả không phụ thuộc vào số luồng",
                cores()
            ),
            format!(
                "{from} is {n}, but this machine has {} cores; at most {most} threads are allowed ({THREADS_PER_CORE} per core), and results do not depend on the number",
                cores()
            ),
        )));
    }
    Ok(n)
}

/// A rayon pool of the asked-for size.
pub fn worker_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let n = thread_count(threads)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::Failed(format!("cannot start {n} worker threads: {e}")))
}
