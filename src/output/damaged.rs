//! What a planner is told about a saved result file that cannot be read
//! back (`plot`, `merge`, `compare` of saved runs): the words each reader
//! shares.

use crate::text::{Said, said};

/// "cannot be read" with the reader's reason.
pub fn unreadable(e: &dyn std::fmt::Display) -> Said {
    said(format!("không đọc được: {e}"), format!("cannot be read: {e}"))
}

/// "\"x\" is not a year" and the like.
pub fn not_a(what_vi: &str, what_en: &str, found: &str) -> Said {
    said(format!("\"{found}\" không phải {what_vi}"), format!("\"{found}\" is not {what_en}"))
}

/// What to do about a damaged result file.
pub fn damaged_help() -> Said {
    said(
        "tệp bị hỏng hoặc đã bị sửa; hãy chạy lại kịch bản để có lại tệp",
        "the file is damaged or was edited; run the scenario again to get it back",
    )
}
