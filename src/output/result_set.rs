//! A run's results read back from its files (`manifest.json` and
//! `indicators.csv`), so that charts, the report and the workbook are drawn
//! the same way right after a run and later from saved outputs.

use std::collections::HashMap;
use std::path::Path;

use super::budget_table::BudgetTable;
use super::damaged::{damaged_help, not_a, unreadable};
use super::manifest::Manifest;
use crate::error::{Error, InputError, InputErrors, Result, Said, said};
use crate::scenario::locate::FieldPath;
use crate::scenario::ranges::range_of;
use crate::scenario::{self, Scenario};
use crate::stats::indicators::{KeyKind, by_name, info};
use crate::stats::summary::Stat;

/// The summarised indicators of a run with the scenario that produced them.
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// The scenario, re-validated from the manifest's resolved text.
    pub scenario: Scenario,
    /// What was run.
    pub manifest: Manifest,
    /// Calendar years, in order.
    pub years: Vec<i32>,
    /// The budget (`budget.csv`), if the run wrote one.
    pub budget: Option<BudgetTable>,
    /// The findings (`findings.json`), if the run wrote them.
    pub findings: Option<Vec<crate::stats::findings::Finding>>,
    /// The calibration (`calibration.json`), if `calibrate` made the run.
    pub calibration: Option<super::calibration::CalibrationFile>,
    cells: HashMap<(String, String, String), Vec<Option<Stat>>>,
}

/// A problem in a saved result file, located for the person who must fix
/// (or re-run) it.
fn damaged(file: &str, line: usize, field: &str, message: Said) -> Error {
    damaged_at(file, line, usize::from(line > 0), field, message)
}

/// [`damaged`] at a known column.
fn damaged_at(file: &str, line: usize, column: usize, field: &str, message: Said) -> Error {
    Error::Input(InputErrors(vec![InputError {
        file: file.to_string(),
        line,
        column,
        field: field.to_string(),
        message,
        help: Some(damaged_help()),
    }]))
}

/// The header `indicators.csv` must have.
const HEADER: [&str; 13] =
    ["scope", "year", "indicator", "key", "unit", "mean", "sd", "p5", "p25", "p50", "p75", "p95", "n"];

impl ResultSet {
    /// Reads `manifest.json` and `indicators.csv` from a run's folder.
    pub fn read(dir: &Path) -> Result<Self> {
        let manifest_path = dir.join("manifest.json");
        let csv_path = dir.join("indicators.csv");
        let manifest = std::fs::read_to_string(&manifest_path)
            .map_err(|e| Error::io(format!("reading {}", manifest_path.display()), e))?;
        let csv = std::fs::read(&csv_path).map_err(|e| Error::io(format!("reading {}", csv_path.display()), e))?;
        let results =
            Self::from_files(&manifest_path.display().to_string(), &manifest, &csv_path.display().to_string(), &csv)?;
        // Runs saved before the budget and the findings existed have
        // neither; they still plot. A file the run's manifest lists is
        // required: without it the outputs would drop a section in silence.
        let listed: Vec<String> = serde_json::from_str::<serde_json::Value>(&manifest)
            .ok()
            .and_then(|m| m.get("files")?.as_array().cloned())
            .map(|files| files.iter().filter_map(|f| f.as_str().map(String::from)).collect())
            .unwrap_or_default();
        for name in ["budget.csv", "findings.json", "calibration.json"] {
            if listed.iter().any(|f| f == name) && !dir.join(name).exists() {
                return Err(Error::Input(InputErrors(vec![InputError {
                    file: dir.join(name).display().to_string(),
                    line: 0,
                    column: 0,
                    field: String::new(),
                    message: said(
                        "bị thiếu, dù manifest.json của lần chạy có liệt kê",
                        "is missing, though the run's manifest.json lists it",
                    ),
                    help: Some(said(
                        "thư mục của lần chạy không đủ tệp; hãy đặt tệp trở lại hoặc chạy lại kịch bản",
                        "the run's folder is incomplete; put the file back or run the scenario again",
                    )),
                }])));
            }
        }
        let mut results = results;
        let budget_path = dir.join("budget.csv");
        if budget_path.exists() {
            let budget =
                std::fs::read(&budget_path).map_err(|e| Error::io(format!("reading {}", budget_path.display()), e))?;
            results = results.with_budget(&budget_path.display().to_string(), &budget)?;
        }
        let findings_path = dir.join("findings.json");
        if findings_path.exists() {
            let text = std::fs::read_to_string(&findings_path)
                .map_err(|e| Error::io(format!("reading {}", findings_path.display()), e))?;
            results = results.with_findings(&findings_path.display().to_string(), &text)?;
        }
        let calibration_path = dir.join("calibration.json");
        if calibration_path.exists() {
            let text = std::fs::read_to_string(&calibration_path)
                .map_err(|e| Error::io(format!("reading {}", calibration_path.display()), e))?;
            results = results.with_calibration(&calibration_path.display().to_string(), &text)?;
        }
        Ok(results)
    }

    /// The set with its findings, read from `text` (the file `name`).
    pub fn with_findings(mut self, name: &str, text: &str) -> Result<Self> {
        self.findings = Some(super::findings_text::parse_findings(name, text)?);
        Ok(self)
    }

    /// The set with the calibration that made it, read from `text` (the file `name`).
    pub fn with_calibration(mut self, name: &str, text: &str) -> Result<Self> {
        let saved = serde_json::from_str(text)
            .map_err(|e| damaged(name, e.line(), "", said(format!("không đọc được: {e}"), e.to_string())))?;
        self.calibration = Some(saved);
        Ok(self)
    }

    /// The set with its budget, read from `bytes` (the file `name`).
    pub fn with_budget(mut self, name: &str, bytes: &[u8]) -> Result<Self> {
        self.budget = Some(BudgetTable::parse(name, bytes, &self.scenario)?);
        Ok(self)
    }

    /// Builds the set from the two files' contents (as just written by a run).
    pub fn from_parts(manifest_json: &str, indicators_csv: &[u8]) -> Result<Self> {
        Self::from_files("manifest.json", manifest_json, "indicators.csv", indicators_csv)
    }

    /// Builds the set from the two files' contents, named in errors as
    /// `manifest_name` and `csv_name`. Everything is checked: the manifest's
    /// fields against their ranges, the CSV's header, every row's scope,
    /// year, indicator, key and numbers, and the row count.
    pub fn from_files(manifest_name: &str, manifest_json: &str, csv_name: &str, indicators_csv: &[u8]) -> Result<Self> {
        let manifest: Manifest = serde_json::from_str(manifest_json).map_err(|e| {
            // serde_json ends its message with the position, given apart here.
            let text = e.to_string();
            let words = text.split(" at line ").next().unwrap_or(&text).replace("invalid type: ", "wrong type: found ");
            damaged_at(
                manifest_name,
                e.line(),
                e.column(),
                "",
                said(
                    format!("không phải manifest của agroshift: {words}"),
                    format!("not a manifest of agroshift: {words}"),
                ),
            )
        })?;
        for (field, value) in [
            ("base_year", manifest.base_year as f64),
            ("years", manifest.years as f64),
            ("replicates", manifest.replicates as f64),
            ("scale", manifest.scale),
        ] {
            if let Some(range) = range_of(&FieldPath::keys(&["simulation", field]))
                && !range.contains(value)
            {
                return Err(damaged(manifest_name, 0, field, range.complaint(value).0));
            }
        }
        let mut scenario =
            scenario::open_inline(&format!("{manifest_name} ({})", manifest.scenario), &manifest.resolved_scenario)?;
        if scenario.simulation.base_year != manifest.base_year {
            let (written, saved) = (manifest.base_year, scenario.simulation.base_year);
            let message = said(
                format!("base_year là {written} nhưng kịch bản đã lưu bắt đầu năm {saved}"),
                format!("base_year is {written} but the saved scenario starts in {saved}"),
            );
            return Err(damaged(manifest_name, 0, "base_year", message));
        }
        scenario.simulation.replicates = manifest.replicates;
        scenario.simulation.seed = manifest.seed;
        scenario.simulation.years = manifest.years;
        scenario.simulation.scale = manifest.scale;
        scenario.focus = scenario.zones_named(&manifest.focus).map_err(|e| damaged(manifest_name, 0, "focus", e))?;
        let base_year = manifest.base_year;
        let years: Vec<i32> = (0..manifest.years as i32).map(|y| base_year + y).collect();
        // Either CSV style reads the same.
        let standard = super::csv_out::standardise(indicators_csv);
        let text = standard.strip_prefix(super::csv_out::UTF8_BOM).unwrap_or(&standard);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text);
        let header = reader.headers().map_err(|e| damaged(csv_name, 1, "", unreadable(&e)))?.clone();
        if header.iter().ne(HEADER) {
            let header = HEADER.join(",");
            let message = said(format!("cần dòng tiêu đề {header}"), format!("expected the header {header}"));
            return Err(damaged(csv_name, 1, "", message));
        }
        let mut cells: HashMap<(String, String, String), Vec<Option<Stat>>> = HashMap::new();
        let mut rows = 0usize;
        for record in reader.records() {
            let r = record
                .map_err(|e| damaged(csv_name, e.position().map_or(0, |p| p.line() as usize), "", unreadable(&e)))?;
            let line = r.position().map_or(0, |p| p.line() as usize);
            if r.len() != HEADER.len() {
                return Err(damaged(
                    csv_name,
                    line,
                    "",
                    said(
                        format!("cần {} trường, nhưng có {}", HEADER.len(), r.len()),
                        format!("expected {} fields, found {}", HEADER.len(), r.len()),
                    ),
                ));
            }
            let get = |i: usize| r.get(i).unwrap_or_default();
            let scope = get(0);
            if !scenario.knows_scope(scope) {
                return Err(damaged(
                    csv_name,
                    line,
                    "scope",
                    said(
                        format!("kịch bản của lần chạy không có vùng nào tên \"{scope}\""),
                        format!("no zone named \"{scope}\" in the run's scenario"),
                    ),
                ));
            }
            let year: i32 =
                get(1).parse().map_err(|_| damaged(csv_name, line, "year", not_a("một năm", "a year", get(1))))?;
            if !years.contains(&year) {
                return Err(damaged(
                    csv_name,
                    line,
                    "year",
                    said(
                        format!(
                            "{year} nằm ngoài các năm của lần chạy {}–{}",
                            base_year,
                            base_year + years.len() as i32 - 1
                        ),
                        format!(
                            "{year} is outside the run's years {}–{}",
                            base_year,
                            base_year + years.len() as i32 - 1
                        ),
                    ),
                ));
            }
            let indicator = by_name(get(2)).ok_or_else(|| {
                let message = said(
                    format!("không có chỉ tiêu nào tên \"{}\"", get(2)),
                    format!("no indicator named \"{}\"", get(2)),
                );
                damaged(csv_name, line, "indicator", message)
            })?;
            let key_known = match info(indicator).key {
                KeyKind::None => get(3).is_empty(),
                KeyKind::Crop => scenario.crops.iter().any(|c| c.key == get(3)),
                KeyKind::Market => scenario.markets.iter().any(|m| m.key == get(3)),
            };
            if !key_known {
                let message = said(
                    format!("\"{}\" không phải khoá của {}", get(3), get(2)),
                    format!("\"{}\" is not a key of {}", get(3), get(2)),
                );
                return Err(damaged(csv_name, line, "key", message));
            }
            let mut numbers = [0.0; 7];
            for (i, (value, name)) in numbers.iter_mut().zip(&HEADER[5..12]).enumerate() {
                *value = get(5 + i).parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                    damaged(csv_name, line, name, not_a("một số hữu hạn", "a finite number", get(5 + i)))
                })?;
            }
            let n: u32 = get(12).parse().ok().filter(|&n| n >= 1 && n <= manifest.replicates).ok_or_else(|| {
                damaged(
                    csv_name,
                    line,
                    "n",
                    said(
                        format!("\"{}\" không phải số lần mô phỏng từ 1 đến {}", get(12), manifest.replicates),
                        format!("\"{}\" is not a count of 1 to {} replicates", get(12), manifest.replicates),
                    ),
                )
            })?;
            let [mean, sd, p5, p25, p50, p75, p95] = numbers;
            if get(4) != info(indicator).unit {
                let message = said(
                    format!("đơn vị của {} là \"{}\", không phải \"{}\"", get(2), info(indicator).unit, get(4)),
                    format!("the unit of {} is \"{}\", not \"{}\"", get(2), info(indicator).unit, get(4)),
                );
                return Err(damaged(csv_name, line, "unit", message));
            }
            if sd < 0.0 {
                let message = said(
                    format!("độ lệch chuẩn không bao giờ âm ({sd})"),
                    format!("a standard deviation is never negative ({sd})"),
                );
                return Err(damaged(csv_name, line, "sd", message));
            }
            if !(p5 <= p25 && p25 <= p50 && p50 <= p75 && p75 <= p95) {
                return Err(damaged(
                    csv_name,
                    line,
                    "p5",
                    said(
                        "các phân vị p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95 không theo thứ tự",
                        "the percentiles p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95 are out of order",
                    ),
                ));
            }
            let stat = Stat { mean, sd, p5, p25, p50, p75, p95, n: n as usize };
            let entry = cells
                .entry((scope.to_string(), get(2).to_string(), get(3).to_string()))
                .or_insert_with(|| vec![None; years.len()]);
            let slot = &mut entry[(year - base_year) as usize];
            if slot.is_some() {
                let what = format!("{scope}, {year}, {} {}", get(2), get(3));
                let what = what.trim_end();
                let message = said(format!("{what} xuất hiện hai lần"), format!("{what} appears twice"));
                return Err(damaged(csv_name, line, "", message));
            }
            *slot = Some(stat);
            rows += 1;
        }
        if rows == 0 {
            let message = said(
                "không có kết quả (không có dòng nào dưới tiêu đề)",
                "holds no results (no rows below its header)",
            );
            return Err(damaged(csv_name, 0, "", message));
        }
        if let Some(expected) = manifest.indicator_rows
            && expected != rows
        {
            return Err(damaged(
                csv_name,
                0,
                "",
                said(
                    format!("có {rows} dòng, nhưng lần chạy đã ghi {expected} dòng (xem {manifest_name})"),
                    format!("has {rows} rows, but the run wrote {expected} (see {manifest_name})"),
                ),
            ));
        }
        Ok(Self { scenario, manifest, years, budget: None, findings: None, calibration: None, cells })
    }

    /// The yearly summaries of `indicator` (with `key`, empty if none) in
    /// `scope` (`province` or a zone name); `None` where absent.
    pub fn series(&self, scope: &str, indicator: &str, key: &str) -> Vec<Option<Stat>> {
        self.cells
            .get(&(scope.to_string(), indicator.to_string(), key.to_string()))
            .cloned()
            .unwrap_or_else(|| vec![None; self.years.len()])
    }

    /// The summary in one year, if present.
    pub fn at(&self, scope: &str, indicator: &str, key: &str, year: i32) -> Option<Stat> {
        let y = usize::try_from(year - self.years.first().copied()?).ok()?;
        self.cells.get(&(scope.to_string(), indicator.to_string(), key.to_string()))?.get(y).copied().flatten()
    }
}
