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
        // A warning of two hundred characters is broken at spaces on a
        // terminal, as errors are; a log keeps it on one line.
        let _ = writeln!(std::io::stderr().lock(), "{}", for_stderr(text));
    }
}

/// An error message as standard error should show it: on a terminal each
/// line broken at spaces to [`TERMINAL_COLUMNS`], its continuations
/// indented two spaces beyond the line they continue; into a file or a pipe
/// as it is, one line per thought, for a log or a search.
pub fn for_stderr(message: &str) -> String {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        wrap_message(message, agroshift::output::results::TERMINAL_COLUMNS)
    } else {
        message.to_string()
    }
}

/// `message` with every line longer than `width` characters broken at
/// spaces; a continuation starts two spaces further in than its line, so
/// "  gợi ý: …" stays apart from the error it helps with. A word longer
/// than a line (a long path) stands alone rather than being cut.
pub fn wrap_message(message: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in message.lines() {
        // A line that fits stays exactly as it is (two spaces in a name
        // may be the very error shown).
        if line.chars().count() <= width {
            out.push(line.to_string());
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let continuation = " ".repeat(indent + 2);
        let lead = &line[..indent];
        // Every piece is measured with the continuation's indent, the first
        // line's at most two columns short of what it could hold.
        let pieces = agroshift::text::wrap(line.trim_start(), width.saturating_sub(continuation.len()));
        for (i, piece) in pieces.into_iter().enumerate() {
            out.push(format!("{}{piece}", if i == 0 { lead } else { &continuation }));
        }
    }
    out.join("\n")
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
    /// A bar over `replicates`, its words in `lang`, when standard error is
    /// a terminal and not `quiet`.
    pub fn new(replicates: u64, quiet: bool, lang: agroshift::scenario::Lang) -> Self {
        let bar = (!quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
            let bar = ProgressBar::new(replicates);
            let template = lang.pick(
                "{bar:40} {pos}/{len} lần mô phỏng, đã chạy {elapsed}, còn khoảng {eta}",
                "{bar:40} {pos}/{len} replicates, {elapsed} elapsed, about {eta} left",
            );
            bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
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

#[cfg(test)]
mod tests {
    use super::wrap_message;

    #[test]
    fn long_error_lines_break_at_spaces_and_indent_their_continuations() {
        let message = format!(
            "lỗi: {}\n  gợi ý: {}",
            "kịch bản.toml:12:3: zones.shares: tổng tỷ lệ cây trồng phải bằng 1 nhưng ở đây là 0,95 ".repeat(2),
            "sửa tỷ lệ để tổng bằng 1 ".repeat(6)
        );
        let wrapped = wrap_message(&message, 60);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 4, "{wrapped}");
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{wrapped}");
        assert!(lines[0].starts_with("lỗi: "));
        assert!(lines[1].starts_with("  ") && !lines[1].starts_with("   "), "{wrapped}");
        let help = lines.iter().position(|l| l.starts_with("  gợi ý:")).expect("the help line stays a line");
        assert!(lines[help + 1].starts_with("    ") && !lines[help + 1].starts_with("     "), "{wrapped}");
        // Nothing is lost: the words are the same, in the same order.
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(&message));
    }

    #[test]
    fn short_lines_and_long_paths_are_left_whole() {
        let path = format!("/home/{}/ket-qua.csv", "thu-muc-rat-dai".repeat(8));
        let message = format!("lỗi: {path}: không có tệp này\n  gợi ý: kiểm tra đường dẫn");
        let wrapped = wrap_message(&message, 80);
        assert!(wrapped.lines().any(|l| l.trim() == format!("{path}:")), "{wrapped}");
        assert!(wrapped.ends_with("\n  gợi ý: kiểm tra đường dẫn"), "{wrapped}");
        assert_eq!(wrap_message("lỗi: ngắn", 80), "lỗi: ngắn");
        // A line that fits is left exactly as it is: two spaces in a name
        // may be the very error shown.
        assert_eq!(wrap_message("lỗi: \"Sông  Mã\"\n", 80), "lỗi: \"Sông  Mã\"");
    }
}
