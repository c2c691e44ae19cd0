//! Everything drawn from a run's saved results: `summary.json`, the charts,
//! `report.html`, `report.docx` and `results.xlsx`. Used right after a run and by `plot`.

use std::path::Path;

use super::charts::draw_all;
use super::docx::docx;
use super::report::report_document;
use super::result_set::ResultSet;
use super::results::key_indicators;
use super::workbook::workbook_xlsx;
use super::write_file;
use crate::error::{Error, Result};
use crate::scenario::Lang;

/// Writes `summary.json`, `summary.md` (when the run has findings),
/// `figures/`, `report.html`, `report.docx` and `results.xlsx` into `dir`.
pub fn publish(results: &ResultSet, lang: Lang, dir: &Path) -> Result<()> {
    let m = &results.manifest;
    let s = &results.scenario;
    let summary = serde_json::json!({
        "scenario": m.scenario,
        "title_vi": s.title_vi,
        "title_en": s.title_en,
        "replicates": m.replicates,
        "seed": m.seed,
        "scale": m.scale,
        "scope": s.focus_scope(),
        "note": "money per ha and per household in million VND, totals in billion VND; mean and 5th–95th percentile across replicates",
        "key_indicators": key_indicators(results, &s.focus_scope(), lang),
    });
    let write = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    if let Some(found) = &results.findings {
        let description = super::report::plain_description(s, m.replicates, results.years.len(), lang);
        let mut md = super::findings_text::summary_md(found, s, &description, lang);
        if let Some(calibration) = &results.calibration {
            md.push_str(&super::calibration_report::calibration_md(calibration, lang));
        }
        write("summary.md", md.as_bytes())?;
    }
    write("summary.json", (serde_json::to_string_pretty(&summary).unwrap_or_default() + "\n").as_bytes())?;
    let figures_dir = dir.join("figures");
    std::fs::create_dir_all(&figures_dir).map_err(|e| Error::io("creating figures/", e))?;
    let figures =
        draw_all(results, lang, &figures_dir).map_err(|e| Error::Failed(format!("drawing the charts: {e}")))?;
    let svg_of = |name: &str| std::fs::read_to_string(figures_dir.join(format!("{name}.svg"))).unwrap_or_default();
    let png_of = |name: &str| std::fs::read(figures_dir.join(format!("{name}.png"))).ok();
    let report = report_document(results, &figures, lang);
    write("report.html", report.html(&svg_of).as_bytes())?;
    let word = docx(&report, s.simulation.base_year, &png_of)
        .map_err(|e| Error::Failed(format!("writing report.docx: {e}")))?;
    write("report.docx", &word)?;
    let book = workbook_xlsx(results, lang).map_err(|e| Error::Failed(format!("writing the workbook: {e}")))?;
    write("results.xlsx", &book)?;
    Ok(())
}
