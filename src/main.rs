//! The `agroshift` binary: parses the command line, runs it, maps errors to
//! exit codes (0 done, 1 failed, 2 bad input).

use clap::Parser;

fn main() {
    let cli = agroshift::cli::Cli::parse();
    if let Err(e) = agroshift::app::run(cli) {
        // A reader that left wants no more output, not an error message.
        if !matches!(e, agroshift::Error::StdoutClosed) {
            eprintln!("{e}");
        }
        std::process::exit(e.exit_code());
    }
}
