//! The `agroshift` binary: parses the command line, runs it, maps errors to
//! exit codes (0 done, 1 failed, 2 bad input, 130/143 interrupted). The
//! command layer (`cli`, `app`) lives here, not in the library: the library
//! and its tests need none of it.

mod app;
mod cli;

use std::io::Write;

use clap::Parser;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help, version or a usage error; clap says which exit code. Its
        // errors are said in Vietnamese unless the command line asks for
        // English.
        Err(e) => {
            let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
            let vietnamese =
                if app::clap_vi::asks_for_english(&args) { None } else { app::clap_vi::in_vietnamese(&e, &args) };
            if let Some(message) = vietnamese {
                let _ = writeln!(std::io::stderr(), "{}", app::console::for_stderr(&message));
                std::process::exit(e.exit_code());
            }
            if let Err(io) = e.print()
                && io.kind() != std::io::ErrorKind::BrokenPipe
            {
                let _ = writeln!(std::io::stderr(), "error: writing to standard output: {io}");
                std::process::exit(1);
            }
            std::process::exit(e.exit_code());
        }
    };
    let lang = cli.lang.into();
    if let Err(e) = app::run(cli) {
        // A reader that left wants no more output, not an error message.
        if !matches!(e, agroshift::Error::StdoutClosed) {
            let _ = writeln!(std::io::stderr(), "{}", app::console::for_stderr(&e.render(lang)));
        }
        std::process::exit(e.exit_code());
    }
}
