//! What the commands print: results to standard output, news to standard
//! error. A reader that goes away (`agroshift crops | head -1`) ends the
//! program quietly; a full disk is one line and exit code 1, never a panic.

use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};

use super::interrupt;
use agroshift::engine::Progress;
use agroshift::error::{Error, Result};

/// Writes `text` to standard output.
pub fn print(text: &str) -> Result<()> {
    print_bytes(text.as_bytes())
}

/// Writes `bytes` to standard output.
pub fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => Error::StdoutClosed,
        _ => Error::io("writing to standard output", e),
    })
}

/// Writes `text` and a newline to standard output.
pub fn println(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// Writes a line of news to standard error, unless `quiet`. News that
/// cannot be written is not worth failing a run for.
pub fn note(quiet: bool, text: &str) {
    if !quiet {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// Rewrites the current line of standard error with `text` (a counter).
pub fn progress_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "\r{text}").and_then(|()| err.flush());
}

/// The progress of a simulation as the user sees it: a bar on a terminal,
/// nothing otherwise; in both cases it stops the run on Ctrl-C or SIGTERM.
pub struct RunProgress {
    bar: Option<ProgressBar>,
}

impl RunProgress {
    /// A bar over `replicates` when standard error is a terminal and not `quiet`.
    pub fn new(replicates: u64, quiet: bool) -> Self {
        let bar = (!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
            let bar = ProgressBar::new(replicates);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} replicates, {elapsed} elapsed, about {eta} left")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self { bar }
    }

    /// No bar; only the interruption check.
    pub fn hidden() -> Self {
        Self { bar: None }
    }
}

impl Progress for RunProgress {
    fn replicate_done(&self, done: usize, _total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    fn cancelled(&self) -> bool {
        interrupt::requested().is_some()
    }
}

impl Drop for RunProgress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The engine's reason for stopping, as the program's error.
pub fn stopped(reason: agroshift::engine::RunStopped) -> Error {
    match reason {
        agroshift::engine::RunStopped::Cancelled => Error::Interrupted(interrupt::requested().unwrap_or(130)),
        agroshift::engine::RunStopped::NonFinite(bad) => Error::Failed(bad.to_string()),
        agroshift::engine::RunStopped::Output(why) => Error::Failed(format!("cannot write the records: {why}")),
    }
}
