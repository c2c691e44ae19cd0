//! Error types, and how input errors are shown to a planner.
//!
//! Input errors (exit code 2) name the file, line, column and field, say what
//! was expected, and suggest the nearest valid name. Everything else is a
//! failure of the run itself (exit code 1).

use std::fmt;
use std::path::PathBuf;

use crate::text::Lang;
pub use crate::text::{Said, said};

/// One problem in a scenario file, located for the person who must fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// The file as the user named it (or `built-in:NAME` for shipped scenarios).
    pub file: String,
    /// Line, counted from 1 (0 when the error is about the whole file).
    pub line: usize,
    /// Column in characters, counted from 1.
    pub column: usize,
    /// Dotted path of the field, such as `crops.maize.yield_t_ha_S1`.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: Said,
    /// A suggestion, such as `did you mean "Sông Mã"?`.
    pub help: Option<Said>,
}

impl InputError {
    /// The error as the planner reads it in `lang`: where, which field,
    /// what is wrong and, on its own line, the suggestion.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = if self.line == 0 {
            format!("{}: ", self.file)
        } else {
            format!("{}:{}:{}: ", self.file, self.line, self.column)
        };
        if !self.field.is_empty() {
            out.push_str(&self.field);
            out.push_str(": ");
        }
        out.push_str(self.message.get(lang));
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  {}: {}", lang.pick("gợi ý", "help"), help.get(lang)));
        }
        out
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// All the problems found in one pass over a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// Every error in `lang`, one after the other, and how many there were.
    pub fn render(&self, lang: Lang) -> String {
        let n = self.0.len();
        let mut lines: Vec<String> =
            self.0.iter().map(|e| format!("{}: {}", lang.pick("lỗi", "error"), e.render(lang))).collect();
        // Said after one error too: a planner should not have to wonder
        // whether half a result was written.
        lines.push(match (lang, n) {
            (Lang::Vi, _) => format!("{n} lỗi; chưa chạy và chưa ghi gì."),
            (Lang::En, 1) => "1 error; nothing was run or written.".to_string(),
            (Lang::En, _) => format!("{n} errors; nothing was run or written."),
        });
        lines.join("\n")
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for InputErrors {}

/// Any error the program reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario or a command-line value is wrong; the user must fix it.
    #[error("{0}")]
    Input(InputErrors),
    /// A command-line value is out of range or inconsistent, said in both
    /// languages.
    #[error("error: {}", .0.en)]
    Usage(Said),
    /// The output folder holds results already and `--force` was not given.
    #[error(
        "error: {} already holds results; nothing was written.\n  help: choose another folder with --out, or add --force to replace them",
        .0.display()
    )]
    OutputExists(PathBuf),
    /// The output folder cannot be written: it is not a folder of its own,
    /// holds files this program did not write, or another run is writing it.
    #[error(
        "error: {} {}; nothing was written.\n  help: choose another folder with --out",
        .path.display(), .reason.en
    )]
    OutputRefused {
        /// The folder asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: Said,
    },
    /// Ctrl-C or SIGTERM stopped the program; carries the exit code
    /// (128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM).
    #[error("interrupted; nothing was written")]
    Interrupted(i32),
    /// Standard output was closed by its reader (`agroshift crops | head -1`):
    /// not an error, the program just stops.
    #[error("standard output closed")]
    StdoutClosed,
    /// Reading or writing a file failed.
    #[error("error: {context}: {source}")]
    Io {
        /// What the program was doing, with the path.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Anything else that stopped the run.
    #[error("error: {0}")]
    Failed(String),
}

impl Error {
    /// The process exit code: 2 for input the user must fix, 128 + the
    /// signal after an interruption, 0 when the reader of the output left,
    /// 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::OutputExists(_) | Error::OutputRefused { .. } => 2,
            Error::Interrupted(code) => *code,
            Error::StdoutClosed => 0,
            Error::Io { .. } | Error::Failed(_) => 1,
        }
    }

    /// The message in `lang`. Input errors, command-line errors and refused
    /// output folders, the ones a planner fixes, are in both languages; the rest (failures
    /// of the machine or of the program) stay in English, as their
    /// underlying system messages are.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::Input(e), _) => e.render(lang),
            (Error::OutputExists(path), Lang::Vi) => format!(
                "lỗi: {} đã có kết quả; chưa ghi gì.\n  gợi ý: chọn thư mục khác bằng --out, hoặc thêm --force để thay thế",
                path.display()
            ),
            (Error::OutputRefused { path, reason }, Lang::Vi) => {
                format!("lỗi: {} {}; chưa ghi gì.\n  gợi ý: chọn thư mục khác bằng --out", path.display(), reason.vi)
            }
            (Error::Usage(message), Lang::Vi) => format!("lỗi: {}", message.vi),
            (Error::Interrupted(_), Lang::Vi) => "đã dừng giữa chừng; chưa ghi gì".to_string(),
            _ => self.to_string(),
        }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

impl From<InputErrors> for Error {
    fn from(e: InputErrors) -> Self {
        Error::Input(e)
    }
}

/// Result type of the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The file a planner most likely meant when `path` does not exist: the
/// same name with `.txt` after it (Windows hides extensions, so a file
/// saved by Notepad as "plan.toml" is often "plan.toml.txt"), the same
/// name in other capitals, or the name with the extension `extension`
/// added; said as a help line. `None` when there is no such file.
pub fn missing_file_help(path: &std::path::Path, extension: &str) -> Option<Said> {
    if path.exists() {
        return None;
    }
    let name = path.file_name()?.to_string_lossy().into_owned();
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let hidden_txt = format!("{name}.txt");
    if name.ends_with(&format!(".{extension}")) && folder.join(&hidden_txt).is_file() {
        let shown = path.with_file_name(&hidden_txt).display().to_string();
        return Some(said(
            format!(
                "tệp có tên thật là {shown} (Windows thường ẩn đuôi .txt): ghi {shown}, hoặc đổi tên tệp bỏ đuôi .txt"
            ),
            format!(
                "the file is really named {shown} (Windows often hides .txt): give {shown}, or rename it without .txt"
            ),
        ));
    }
    let with_extension = format!("{name}.{extension}");
    if !name.contains('.') && folder.join(&with_extension).is_file() {
        let shown = path.with_file_name(&with_extension).display().to_string();
        return Some(said(format!("có phải ý bạn là {shown}?"), format!("did you mean {shown}?")));
    }
    // Only one file that differs in capitals; several would be a guess.
    let lower = name.to_lowercase();
    let mut same: Vec<String> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_lowercase() == lower)
        .collect();
    if same.len() == 1 {
        let shown = path.with_file_name(same.remove(0)).display().to_string();
        return Some(said(
            format!("có tệp {shown} (khác chữ hoa, chữ thường)"),
            format!("there is {shown} (other capitals)"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_answered_with_the_one_meant() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("plan.toml.txt"), "").unwrap();
        std::fs::write(dir.path().join("Mai-Son.toml"), "").unwrap();
        std::fs::write(dir.path().join("observed.csv"), "").unwrap();
        let help = |name: &str, ext| missing_file_help(&dir.path().join(name), ext).map(|s| s.en);
        let txt = help("plan.toml", "toml").unwrap();
        assert!(txt.contains("plan.toml.txt (Windows often hides .txt)"), "{txt}");
        assert!(help("mai-son.toml", "toml").unwrap().contains("Mai-Son.toml (other capitals)"));
        assert!(help("observed", "csv").unwrap().ends_with("observed.csv?"));
        assert_eq!(help("other.toml", "toml"), None);
        assert_eq!(help("observed", "toml"), None);
        // A name without the extension is not answered with its hidden .txt,
        // and a path that exists (a folder) is not answered at all.
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        assert_eq!(help("notes", "toml"), None);
        std::fs::create_dir(dir.path().join("runs")).unwrap();
        assert_eq!(help("runs", "toml"), None);
        let vi = missing_file_help(&dir.path().join("plan.toml"), "toml").unwrap().vi;
        assert!(vi.contains("Windows thường ẩn đuôi .txt"), "{vi}");
    }
}
