//! Ctrl-C and SIGTERM stop a run cleanly: the simulation stops between
//! replicates, the command returns [`Error::Interrupted`], and dropping the
//! staging folder removes it, so nothing is left behind. Should the program
//! not stop within a second (while drawing charts, say), the handler
//! removes the staging folders itself and exits; a second signal does so at once.

use std::sync::atomic::{AtomicI32, Ordering};

use agroshift::error::{Error, Result};

/// 0, or the exit code owed to the signal received (128 + its number).
static EXIT_CODE: AtomicI32 = AtomicI32::new(0);

/// How long the program may take to stop by itself after a signal.
#[cfg(unix)]
const GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts listening for Ctrl-C and SIGTERM. Harmless to call twice.
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    let code = 128 + signal;
                    if EXIT_CODE.swap(code, Ordering::SeqCst) != 0 {
                        exit_now(code);
                    }
                    std::thread::spawn(move || {
                        std::thread::sleep(GRACE);
                        exit_now(code);
                    });
                }
            });
        });
    }
}

#[cfg(unix)]
use std::io::Write;

#[cfg(unix)]
fn exit_now(code: i32) -> ! {
    let removed = agroshift::output::atomic::remove_leftovers();
    let what = if removed { "interrupted; nothing was written" } else { "interrupted" };
    let _ = writeln!(std::io::stderr(), "{what}");
    std::process::exit(code)
}

/// The exit code owed to a signal received, if one was.
pub fn requested() -> Option<i32> {
    match EXIT_CODE.load(Ordering::SeqCst) {
        0 => None,
        code => Some(code),
    }
}

/// `Err(Interrupted)` once a signal was received: called between the steps
/// of a command.
pub fn check() -> Result<()> {
    requested().map_or(Ok(()), |code| Err(Error::Interrupted(code)))
}
