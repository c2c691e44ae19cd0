//! The `agroshift` binary: parses the command line, runs it, maps errors to
//! exit codes (0 done, 1 failed, 2 bad input, 130/143 interrupted). The
//! command layer (`cli`, `app`) lives here, not in the library: the library
//! and its tests need none of it.

mod app;
mod cli;

use std::io::Write;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let words: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    // The help is in the language the command line asks for, Vietnamese
    // unless it says `--lang en`.
    let command = <cli::Cli as clap::CommandFactory>::command();
    let mut command =
        if app::clap_vi::asks_for_english(&words) { command } else { app::help_vi::in_vietnamese(command) };
    let parsed = command.try_get_matches_from_mut(&args).and_then(|m| {
        // Formatted with the command, as `Cli::try_parse` does, for its usage line.
        <cli::Cli as clap::FromArgMatches>::from_arg_matches(&m).map_err(|e| e.format(&mut command))
    });
    let cli = match parsed {
        Ok(cli) => cli,
        // Help, version or a usage error; clap says which exit code. Its
        // errors are said in Vietnamese unless the command line asks for
        // English.
        Err(e) => {
            let vietnamese =
                if app::clap_vi::asks_for_english(&words) { None } else { app::clap_vi::in_vietnamese(&e, &words) };
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
