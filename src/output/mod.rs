//! Everything that builds an output: `indicators.csv`, `budget.csv`, `manifest.json` and
//! the key indicators (`results.rs`, `manifest.rs`), saved results read back
//! (`result_set.rs`), charts, the report and the workbook (`publish.rs`), the
//! files of compare, frontier and sensitivity (`comparison.rs`,
//! `exploration.rs`) and of calibrate (`calibration.rs`), the terminal's tables (`crops.rs`,
//! `scenario_summary.rs`, `table.rs`), the units as shown (`units.rs`), and the atomic output folder
//! (`atomic.rs`). Nothing here computes results.

pub mod atomic;
pub mod budget;
pub mod budget_table;
pub mod calibration;
pub mod calibration_report;
pub mod charts;
pub mod comparison;
pub mod crops;
pub mod csv_out;
pub mod damaged;
pub mod document;
pub mod docx;
pub mod exploration;
pub mod findings_text;
pub mod html;
pub mod manifest;
pub mod publish;
pub mod report;
pub mod result_set;
pub mod results;
pub mod scenario_summary;
pub mod setting_words;
pub mod source_text;
pub mod table;
pub mod units;
pub mod workbook;

/// How an output is written: its language and its CSV style.
#[derive(Debug, Clone, Copy)]
pub struct Writing {
    /// Labels' language.
    pub lang: crate::scenario::Lang,
    /// CSV style.
    pub csv: csv_out::CsvStyle,
}

/// Writes `bytes` as `name` in `dir`, an error naming the file if it fails.
pub fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> crate::error::Result<()> {
    std::fs::write(dir.join(name), bytes).map_err(|e| crate::error::Error::io(format!("writing {name}"), e))
}
