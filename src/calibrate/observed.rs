//! A province's own record, read for `calibrate`: a CSV file with the
//! columns of `indicators.csv` (`scope, year, indicator, key, value`) and
//! optionally `sd`, each row one observed number. Every row is checked
//! against the scenario before anything runs; a bad row is an input error
//! naming the file, line, column and field, with the nearest valid name.

use std::path::Path;

use crate::error::{InputError, InputErrors};
use crate::scenario::{Lang, Scenario};
use crate::stats::indicators::{INDICATORS, Indicator, KeyKind, Layout, by_name, info, is_absent};
use crate::text::{Said, said};
use crate::text::{did_you_mean, fold};

/// One observed number.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Line of the file it was read from (from 1).
    pub line: usize,
    /// `province` or the zone's name, as the scenario writes it.
    pub scope_name: String,
    /// Scope in the records: 0 the province, `1 + z` zone `z`.
    pub scope: usize,
    /// Calendar year.
    pub year: i32,
    /// Year index from the base year.
    pub year_index: usize,
    /// The indicator.
    pub indicator: Indicator,
    /// Key indexes whose values add up to the observed one (crops joined by
    /// `+`, such as old and grafted longan); `[0]` for an unkeyed indicator.
    pub keys: Vec<usize>,
    /// The key as written (crop or market ids), empty for none.
    pub key_text: String,
    /// The observed value, in the unit of `indicators.csv`.
    pub value: f64,
    /// Its standard error, if the file gives one (same unit).
    pub sd: Option<f64>,
}

impl Observation {
    /// The series the observation belongs to: scope, indicator and key.
    pub fn series(&self) -> (usize, Indicator, &[usize]) {
        (self.scope, self.indicator, &self.keys)
    }

    /// This observation's simulated value in one replicate's record: the
    /// sum over its keys, or `None` when one is absent.
    pub fn simulated_in(&self, layout: &Layout, record: &[f64]) -> Option<f64> {
        let mut sum = 0.0;
        for &key in &self.keys {
            let v = record[layout.index(self.year_index, self.scope, layout.slot(self.indicator, key))];
            if is_absent(v) || v.is_nan() {
                return None;
            }
            sum += v;
        }
        Some(sum)
    }
}

/// Column names a file must have, in any order.
const REQUIRED: [&str; 5] = ["scope", "year", "indicator", "key", "value"];

/// Magnitude no observed number reaches (10¹⁵: a million billion VND, or
/// that many ha or households); beyond it a value is a typing slip or a
/// unit mix-up.
const MAX_OBSERVED: f64 = 1e15;

/// Largest observed file read (bytes): a year of a province's statistics
/// is a few kilobytes.
const MAX_OBSERVED_BYTES: u64 = 64 << 20;

/// What to do about a number split by its thousands comma.
fn split_number_help() -> Said {
    said(
        "hãy viết số không có dấu phân cách hàng nghìn (6098, không phải 6,098), hoặc đặt trường trong ngoặc kép",
        "write numbers without a thousands separator (6098, not 6,098), or quote the field",
    )
}

/// Smallest sd allowed, as a share of the observed value's magnitude (or
/// of 1 for values below 1); `--obs-cv` has the same floor.
pub const MIN_RELATIVE_SD: f64 = 1e-6;

/// The help for a scope that is the end of a zone's name ("Sơn La" of
/// "Thành phố Sơn La", also as "tỉnh Sơn La"): the province's own name,
/// most likely, or that zone; a nearest name by spelling would send the
/// reader elsewhere (to "Sông Mã").
fn province_or_zone(scope_text: &str, zone_names: &[&str]) -> Option<Said> {
    // "tỉnh Sơn La" names the province too, but which province the file
    // cannot say: answered, not read as this one.
    let lower = crate::text::nfc(scope_text.trim()).to_lowercase();
    let name = lower.strip_prefix("toàn tỉnh ").or_else(|| lower.strip_prefix("tỉnh ")).unwrap_or(&lower);
    let written = fold(name);
    let zone = zone_names.iter().find(|z| {
        let name = fold(z);
        !written.is_empty() && name.len() > written.len() && name.ends_with(&written)
    })?;
    Some(said(
        format!("toàn tỉnh viết là `province` (hoặc \"toàn tỉnh\"); nếu là {zone}, viết \"{zone}\""),
        format!("the whole province is written `province`; for {zone}, write \"{zone}\""),
    ))
}

/// Reads `path` against `scenario` (its zones, crops, markets and years).
pub fn read_observed(path: &Path, scenario: &Scenario) -> Result<Vec<Observation>, InputErrors> {
    let file = path.display().to_string();
    let refuse_with = |message: Said, help: Option<Said>| {
        one(InputError { file: file.clone(), line: 0, column: 0, field: String::new(), message, help })
    };
    let refuse = |message: Said| refuse_with(message, None);
    // A device or a pipe would be read without end; statistics are small.
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(refuse(said(
                "là một thư mục; tệp số liệu thống kê là một tệp văn bản .csv",
                "is a folder; an observed file is a .csv text file",
            )));
        }
        Ok(m) if !m.is_file() => {
            return Err(refuse(said(
                "không phải tệp thường (là thiết bị hoặc ống dẫn); tệp số liệu thống kê là một tệp văn bản .csv",
                "is not a regular file (a device or a pipe); an observed file is a .csv text file",
            )));
        }
        Ok(m) if m.len() > MAX_OBSERVED_BYTES => {
            let mb = m.len().div_ceil(1 << 20);
            return Err(refuse(said(
                format!("có dung lượng {mb} MB; một tệp số liệu thống kê nhỏ hơn nhiều (tối đa 64 MB)"),
                format!("is {mb} MB; an observed file of statistics is far smaller (at most 64 MB)"),
            )));
        }
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            refuse_with(said("không có tệp này", "no such file"), crate::error::missing_file_help(path, "csv"))
        }
        _ => refuse(said(format!("không đọc được: {e}"), format!("cannot be read: {e}"))),
    })?;
    // A workbook (.xlsx is a zip archive, .xls an OLE2 compound file) given
    // as it is, rather than saved as CSV.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refuse_with(
            said("là một bảng tính Excel, không phải tệp văn bản .csv", "is an Excel workbook, not a .csv text file"),
            Some(said(
                "mở trong Excel, chọn File → Save As → \"CSV UTF-8 (Comma delimited)\", rồi dùng tệp .csv đó",
                "open it in Excel, choose File → Save As → \"CSV UTF-8 (Comma delimited)\", and give that .csv file",
            )),
        ));
    }
    // Excel's "Unicode Text" is UTF-16 with a byte-order mark (and tabs).
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(refuse_with(
            said(
                "tệp là văn bản UTF-16 (Excel lưu \"Unicode Text\" như vậy), không phải .csv UTF-8",
                "the file is UTF-16 text (as Excel saves \"Unicode Text\"), not a UTF-8 .csv",
            ),
            Some(save_as_csv()),
        ));
    }
    // Excel's plain "CSV (Comma delimited)" is not UTF-8 (Windows-1258 for
    // Vietnamese): say where the first such byte is and how to save it.
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&before[before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)..])
            .chars()
            .count()
            + 1;
        one(InputError {
            file: file.clone(),
            line,
            column,
            field: String::new(),
            message: said(
                "tệp không phải văn bản UTF-8 (Excel lưu \"CSV (Comma delimited)\" theo bảng mã Windows)",
                "the file is not UTF-8 text (Excel saves \"CSV (Comma delimited)\" in a Windows code page)",
            ),
            help: Some(save_as_csv()),
        })
    })?;
    parse_observed(&file, &text, scenario)
}

/// How to save an observed file the way it is read.
fn save_as_csv() -> Said {
    said(
        "trong Excel hãy chọn File → Save As → \"CSV UTF-8 (Comma delimited)\"",
        "in Excel, choose File → Save As → \"CSV UTF-8 (Comma delimited)\"",
    )
}

fn one(e: InputError) -> InputErrors {
    InputErrors(vec![e])
}

/// Parses the text of an observed file named `file` (see [`read_observed`]).
/// Fields may be quoted (RFC 4180). A file with `;` between its header's
/// fields is read the Vietnamese Excel way, with decimal commas.
pub fn parse_observed(file: &str, text: &str, scenario: &Scenario) -> Result<Vec<Observation>, InputErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Excel writes CRLF; the CSV reader counts such a file's lines one short.
    let unix_lines = text.replace("\r\n", "\n");
    let text = unix_lines.as_str();
    let empty = || {
        one(InputError {
            file: file.into(),
            line: 0,
            column: 0,
            field: String::new(),
            message: said(
                "tệp trống: cần một dòng tiêu đề (scope, year, indicator, key, value) và mỗi số liệu một dòng",
                "the file is empty: it needs a header (scope, year, indicator, key, value) and one row per observed number",
            ),
            help: None,
        })
    };
    let first_line = text.lines().find(|l| !l.trim().is_empty()).ok_or_else(empty)?;
    // Excel's "Text (Tab delimited)": said as such rather than as a header
    // that lacks every column.
    if first_line.contains('\t') && !first_line.contains(',') && !first_line.contains(';') {
        let line = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) + 1;
        return Err(one(InputError {
            file: file.into(),
            line,
            column: first_line.find('\t').map_or(1, |i| first_line[..i].chars().count() + 1),
            field: String::new(),
            message: said(
                "các cột cách nhau bằng dấu tab (Excel lưu \"Text (Tab delimited)\" như vậy), không phải dấu phẩy",
                "the columns are separated by tabs (as Excel saves \"Text (Tab delimited)\"), not commas",
            ),
            help: Some(save_as_csv()),
        }));
    }
    let semicolons = first_line.contains(';') && !first_line.contains(',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(if semicolons { b';' } else { b',' })
        .from_reader(text.as_bytes());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let cells: Vec<String> = r.iter().map(str::to_string).collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    rows.push((line, cells));
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let message = said(format!("không đọc được dạng CSV: {e}"), format!("cannot be read as CSV: {e}"));
                return Err(one(InputError {
                    file: file.into(),
                    line,
                    column: 1,
                    field: String::new(),
                    message,
                    help: None,
                }));
            }
        }
    }
    let Some(((header_line, header), data)) = rows.split_first() else { return Err(empty()) };
    let header: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let at = |line: usize, cells: &[String], column: usize, field: &str, message: Said, help: Option<Said>| {
        // Characters before the field, its separators included (quotes aside).
        let before: usize = cells.iter().take(column).map(|c| c.chars().count() + 1).sum();
        InputError { file: file.into(), line, column: before + 1, field: field.into(), message, help }
    };
    let mut errors = Vec::new();
    let mut position = [0usize; 5];
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|name| !header.iter().any(|h| h == name)).collect();
    if !missing.is_empty() {
        return Err(one(InputError {
            file: file.into(),
            line: *header_line,
            column: 1,
            field: missing.join(", "),
            message: said(
                format!("dòng tiêu đề thiếu {} (đang có: {})", missing.join(", "), header.join(", ")),
                format!("the header lacks {} (found: {})", missing.join(", "), header.join(", ")),
            ),
            help: Some(said(
                "các cột giống indicators.csv: scope, year, indicator, key, value, và sd, unit nếu có",
                "the columns are those of indicators.csv: scope, year, indicator, key, value, and optionally sd and unit",
            )),
        }));
    }
    for (i, name) in REQUIRED.iter().enumerate() {
        position[i] = header.iter().position(|h| h == name).unwrap_or(0);
    }
    let sd_column = header.iter().position(|h| h == "sd");
    // indicators.csv has a unit column; a copy of it may keep one.
    let unit_column = header.iter().position(|h| h == "unit");
    let [scope_at, year_at, indicator_at, key_at, value_at] = position;
    // "098" is the tail of a number split by its thousands comma (6,098
    // in a comma-separated file, read as 6 and 098), never a number typed.
    let split_tail = |cell: &str| {
        let digits = cell.trim_start_matches('-');
        digits.len() > 1 && digits.starts_with('0') && digits.as_bytes()[1].is_ascii_digit()
    };
    let number = |cell: &str| -> Option<f64> {
        let cell = if semicolons {
            // A point groups thousands (6.098,5); anything else is not a
            // Vietnamese number.
            let whole = cell.split(',').next().unwrap_or("");
            let groups: Vec<&str> = whole.trim_start_matches('-').split('.').collect();
            if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
                return None;
            }
            cell.replace('.', "").replace(',', ".")
        } else {
            cell.replace('_', "")
        };
        cell.parse::<f64>().ok().filter(|v| v.is_finite())
    };
    let first_year = scenario.simulation.base_year;
    let last_year = first_year + scenario.simulation.years as i32 - 1;
    let zone_names: Vec<&str> = scenario.zones.iter().map(|z| z.name.as_str()).collect();
    let scope_names: Vec<&str> = std::iter::once("province").chain(zone_names.iter().copied()).collect();
    let indicator_names: Vec<&str> = INDICATORS.iter().map(|i| i.name).collect();
    let mut observations: Vec<Observation> = Vec::new();
    for (line, cells) in data {
        let (line, cells) = (*line, cells.as_slice());
        let needed = position.iter().chain(sd_column.iter()).max().copied().unwrap_or(0) + 1;
        let field_count = || {
            said(
                format!("có {} trường trong khi dòng tiêu đề có {}", cells.len(), header.len()),
                format!("{} fields where the header has {}", cells.len(), header.len()),
            )
        };
        if cells.len() < needed {
            let message = field_count();
            errors.push(at(line, cells, 0, "", message, None));
            continue;
        }
        // More fields than the header is a number split by its thousands
        // separator (6,098 read as 6 and 098) far more often than anything
        // meant: refused, never silently dropped, even where the extra
        // fields are empty (a blank sd after 6,098 leaves one).
        if cells.len() > header.len() {
            let message = field_count();
            let help = if semicolons {
                said(
                    "hãy đặt trường có dấu ; trong ngoặc kép, hoặc bỏ các trường thừa",
                    "quote a field that holds a ; or remove the extra fields",
                )
            } else {
                split_number_help()
            };
            errors.push(at(line, cells, header.len(), "", message, Some(help)));
            continue;
        }
        let scope_text = &cells[scope_at];
        // A name as written, else the one zone it names without its marks
        // ("Song Ma"); two zones that differ only by a mark (Sông Mã, Sông
        // Mả) need the marks.
        let exact = crate::text::nfc(scope_text.trim()).to_lowercase();
        let unmarked: Vec<usize> =
            zone_names.iter().enumerate().filter(|(_, z)| fold(z) == fold(scope_text)).map(|(i, _)| i).collect();
        let scope = if let Some(z) = zone_names.iter().position(|z| z.to_lowercase() == exact) {
            Some(z + 1)
        } else if ["province", "tinh", "toantinh"].contains(&fold(scope_text).as_str()) {
            Some(0)
        } else if let [z] = unmarked.as_slice() {
            Some(z + 1)
        } else {
            None
        };
        if scope.is_none() && unmarked.len() > 1 {
            let names: Vec<&str> = unmarked.iter().map(|&z| zone_names[z]).collect();
            let names = names.join(", ");
            let message = said(
                format!("\"{scope_text}\" có thể là {names}: các tên này chỉ khác nhau ở dấu"),
                format!("\"{scope_text}\" could be {names}: these names differ only in their marks"),
            );
            let help = said(
                "hãy viết tên đúng với dấu như trong kịch bản",
                "write the name with its marks, as the scenario does",
            );
            errors.push(at(line, cells, scope_at, "scope", message, Some(help)));
            continue;
        }
        let Some(scope) = scope else {
            errors.push(at(
                line,
                cells,
                scope_at,
                "scope",
                said(
                    format!(
                        "\"{scope_text}\" không phải `province` (toàn tỉnh) cũng không phải một vùng của {}",
                        scenario.name
                    ),
                    format!("\"{scope_text}\" is neither `province` nor a zone of {}", scenario.name),
                ),
                province_or_zone(scope_text, &zone_names)
                    .or_else(|| did_you_mean(scope_text, scope_names.iter().copied())),
            ));
            continue;
        };
        let year = cells[year_at].parse::<i32>().ok();
        let Some(year) = year.filter(|y| (first_year..=last_year).contains(y)) else {
            let message = match year {
                Some(y) => said(
                    format!("{y} nằm ngoài các năm mô phỏng {first_year}–{last_year}"),
                    format!("{y} is outside the simulated years {first_year}–{last_year}"),
                ),
                None => said(
                    format!("\"{}\" không phải một năm", cells[year_at]),
                    format!("\"{}\" is not a year", cells[year_at]),
                ),
            };
            let help = year.map(|_| {
                said(
                    "các năm của một lần chạy do base_year và years trong [simulation], hoặc --years, quy định",
                    "a run's years are [simulation] base_year and years, or --years",
                )
            });
            errors.push(at(line, cells, year_at, "year", message, help));
            continue;
        };
        let indicator_text = &cells[indicator_at];
        let Some(indicator) = by_name(indicator_text) else {
            errors.push(at(
                line,
                cells,
                indicator_at,
                "indicator",
                said(
                    format!("\"{indicator_text}\" không phải một chỉ tiêu của indicators.csv"),
                    format!("\"{indicator_text}\" is not an indicator of indicators.csv"),
                ),
                did_you_mean(indicator_text, indicator_names.iter().copied()),
            ));
            continue;
        };
        let keys = match keys_of(indicator, &cells[key_at], scope, scenario) {
            Ok(keys) => keys,
            Err((message, help)) => {
                errors.push(at(line, cells, key_at, "key", message, help));
                continue;
            }
        };
        // Crops by their ids, however the file names them ("Nhãn ghép").
        let key_text = match info(indicator).key {
            KeyKind::Crop => keys.iter().map(|&c| scenario.crops[c].key.as_str()).collect::<Vec<_>>().join("+"),
            _ => cells[key_at].clone(),
        };
        if let Some(c) = [Some(value_at), sd_column].into_iter().flatten().find(|&c| split_tail(&cells[c])) {
            let message = said(
                format!("\"{}\" trông như phần cuối của một số bị tách bởi dấu phân cách hàng nghìn", cells[c]),
                format!("\"{}\" looks like the end of a number split by a thousands separator", cells[c]),
            );
            let field = if c == value_at { "value" } else { "sd" };
            errors.push(at(line, cells, c, field, message, Some(split_number_help())));
            continue;
        }
        let Some(value) = number(&cells[value_at]) else {
            let message = said(
                format!("\"{}\" không phải một số", cells[value_at]),
                format!("\"{}\" is not a number", cells[value_at]),
            );
            let help = semicolons.then(|| {
                said(
                    "khi các trường cách nhau bằng dấu ;, phần thập phân dùng dấu phẩy (0,35) và dấu chấm phân cách hàng nghìn (6.098)",
                    "with ; between fields, decimals take a comma (0,35) and a point groups thousands (6.098)",
                )
            });
            errors.push(at(line, cells, value_at, "value", message, help));
            continue;
        };
        let unit = info(indicator).unit;
        if value.abs() >= MAX_OBSERVED {
            let message = said(
                format!("“{}” {unit} vượt quá mọi con số một tỉnh ghi nhận", cells[value_at].trim()),
                format!("{value} {unit} is beyond any number a province records"),
            );
            let help = said(
                "số liệu thống kê dùng đơn vị của indicators.csv (VND, ha, t, households: đồng, ha, tấn, hộ)",
                "observed numbers are in the units of indicators.csv (VND, ha, t, households)",
            );
            errors.push(at(line, cells, value_at, "value", message, Some(help)));
            continue;
        }
        if value < 0.0 && matches!(unit, "ha" | "households" | "t" | "%" | "t/ha") {
            let name = info(indicator).name;
            let message = said(
                format!("“{}” {unit}: {name} không thể âm", cells[value_at].trim()),
                format!("{value} {unit}: {name} cannot be negative"),
            );
            errors.push(at(line, cells, value_at, "value", message, None));
            continue;
        }
        let unit_written = unit_column.and_then(|c| cells.get(c)).map(|u| u.trim()).filter(|u| !u.is_empty());
        if let Some(c) = unit_column
            && unit_written.is_some_and(|u| !same_unit(u, unit))
        {
            let message = said(
                format!("đơn vị \"{}\" khác đơn vị của {} là \"{unit}\"", cells[c], info(indicator).name),
                format!("the unit \"{}\" is not {}'s, \"{unit}\"", cells[c], info(indicator).name),
            );
            let help = said(
                format!("hãy đổi giá trị sang {unit} (như indicators.csv), rồi ghi \"{unit}\" hoặc để trống cột unit"),
                format!(
                    "convert the value to {unit} (as indicators.csv has it), then write \"{unit}\" or leave the unit empty"
                ),
            );
            errors.push(at(line, cells, c, "unit", message, Some(help)));
            continue;
        }
        // A unit column that names the indicator's unit vouches for the value.
        let written = Written { text: cells[value_at].trim(), value, decimal_comma: semicolons };
        if let Some((message, help)) =
            unit_slip(&written, unit, info(indicator).name).filter(|_| unit_written.is_none())
        {
            errors.push(at(line, cells, value_at, "value", message, Some(help)));
            continue;
        }
        if let Some((message, help)) =
            thousand_ha_slip(&written, indicator, scope, &keys, scenario).filter(|_| unit_written.is_none())
        {
            errors.push(at(line, cells, value_at, "value", message, Some(help)));
            continue;
        }
        let sd = match sd_column.map(|c| (c, cells[c].as_str())) {
            None | Some((_, "")) => None,
            Some((c, text)) => match number(text).filter(|&v| v > 0.0) {
                // The fit divides by it: an sd far below the value's own
                // precision would make the residual overflow.
                Some(v) if v >= MIN_RELATIVE_SD * value.abs().max(1.0) => Some(v),
                Some(v) => {
                    let message = said(
                        format!(
                            "“{}” là độ lệch chuẩn (sd) quá nhỏ so với giá trị “{}”",
                            text.trim(),
                            cells[value_at].trim()
                        ),
                        format!("{v} is too small an sd for the value {value}"),
                    );
                    let help = said(
                        format!("sd ít nhất bằng {MIN_RELATIVE_SD:e} lần giá trị; để trống để --obs-cv quy định"),
                        format!(
                            "an sd is at least a {MIN_RELATIVE_SD:e} share of the value; leave it empty to let --obs-cv set it"
                        ),
                    );
                    errors.push(at(line, cells, c, "sd", message, Some(help)));
                    continue;
                }
                None => {
                    let message = said(
                        format!("\"{text}\" không phải một số dương"),
                        format!("\"{text}\" is not a positive number"),
                    );
                    errors.push(at(line, cells, c, "sd", message, None));
                    continue;
                }
            },
        };
        let scope_name = if scope == 0 { "province".to_string() } else { zone_names[scope - 1].to_string() };
        let year_index = (year - first_year) as usize;
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        if let Some(earlier) = observations.iter().find(|o| {
            let mut theirs = o.keys.clone();
            theirs.sort_unstable();
            o.scope == scope && o.year == year && o.indicator == indicator && theirs == sorted_keys
        }) {
            let message = said(
                format!("số liệu này đã có ở dòng {}", earlier.line),
                format!("the same number was observed on line {} already", earlier.line),
            );
            errors.push(at(line, cells, 0, "", message, None));
            continue;
        }
        observations.push(Observation {
            line,
            scope_name,
            scope,
            year,
            year_index,
            indicator,
            keys,
            key_text,
            value,
            sd,
        });
    }
    if observations.is_empty() && errors.is_empty() {
        errors.push(InputError {
            file: file.into(),
            line: 0,
            column: 0,
            field: String::new(),
            message: said(
                "tệp có dòng tiêu đề nhưng không có số liệu nào",
                "the file has a header but no observations",
            ),
            help: None,
        });
    }
    if errors.is_empty() { Ok(observations) } else { Err(InputErrors(errors)) }
}

/// A value that is almost surely written in another unit than its
/// indicator's: money in millions or thousands of đồng (58 for a
/// household's 58 million a year), a percentage as a fraction (0.48 for
/// 48%), or a share as a percentage (35 for a Gini of 0.35). Such a value
/// would be fitted as written, to nonsense.
fn unit_slip(written: &Written<'_>, unit: &str, name: &str) -> Option<(Said, Said)> {
    let value = written.value;
    let (quoted, vi, file) = (written.quoted(), written.vi(), |x: f64| written.in_file(x));
    match unit {
        "VND" | "VND/yr" | "VND/ha" if value > 0.0 && value < 1000.0 => Some((
            said(
                format!("{quoted} {unit} là dưới một nghìn đồng: {name} tính bằng đồng"),
                format!("{value} {unit} is less than a thousand đồng: {name} is in đồng"),
            ),
            said(
                format!("nếu là {vi} triệu đồng, hãy viết {}", file(value * 1e6)),
                format!("for {value} million đồng, write {}", file(value * 1e6)),
            ),
        )),
        "VND/kg" if value > 0.0 && value < 100.0 => Some((
            said(
                format!("{quoted} đồng/kg là dưới một trăm đồng: giá tính bằng đồng/kg"),
                format!("{value} VND/kg is less than a hundred đồng: prices are in đồng per kg"),
            ),
            said(
                format!("nếu là {vi} nghìn đồng/kg, hãy viết {}", file(value * 1e3)),
                format!("for {value} thousand đồng per kg, write {}", file(value * 1e3)),
            ),
        )),
        "%" if value > 0.0 && value < 1.0 => Some((
            said(format!("{quoted} %: {name} tính bằng phần trăm"), format!("{value}%: {name} is in percent")),
            said(
                format!(
                    "nếu là tỷ lệ {vi}, hãy viết {}; nếu đúng là {vi}%, hãy ghi % vào cột unit",
                    file(value * 100.0)
                ),
                format!(
                    "for a share of {value}, write {}; if it is {value}%, write % in a unit column",
                    file(value * 100.0)
                ),
            ),
        )),
        "" if value > 1.0 && value <= 100.0 => Some((
            said(
                format!("{quoted}: {name} là một tỷ lệ từ 0 đến 1"),
                format!("{value}: {name} is a share from 0 to 1"),
            ),
            said(
                format!("nếu là {vi}%, hãy viết {}", file(value / 100.0)),
                format!("for {value}%, write {}", file(value / 100.0)),
            ),
        )),
        _ => None,
    }
}

/// A value as the observed file wrote it, for messages that quote it and
/// hints that say what to write instead.
struct Written<'a> {
    /// The cell's text.
    text: &'a str,
    /// The number it was read as.
    value: f64,
    /// Whether the file takes a decimal comma (its fields are separated by `;`).
    decimal_comma: bool,
}

impl Written<'_> {
    /// The cell quoted as written: a Vietnamese reader sees the writer's
    /// own marks, whatever they meant.
    fn quoted(&self) -> String {
        format!("“{}”", self.text)
    }

    /// The value as a Vietnamese reads a number (0,48; 58,5).
    fn vi(&self) -> String {
        crate::text::number_trimmed(self.value, 6, Lang::Vi)
    }

    /// `x` as this file takes it: a point for decimals, or a comma where
    /// fields are separated by `;` (a point there groups thousands).
    fn in_file(&self, x: f64) -> String {
        let text = crate::text::as_written(x);
        if self.decimal_comma { text.replace('.', ",") } else { text }
    }
}

/// An area that is almost surely in thousands of hectares, as statistical
/// yearbooks print it (6.098 for 6,098 ha), or a Vietnamese thousands
/// point read as a decimal one: a crop's area below 1/300 of its area in
/// the scenario's base year, where that is at least 100 ha. No crop loses
/// 299 of every 300 ha in a run, and such a value would be fitted as
/// written, to nonsense.
fn thousand_ha_slip(
    written: &Written<'_>,
    indicator: Indicator,
    scope: usize,
    keys: &[usize],
    scenario: &Scenario,
) -> Option<(Said, Said)> {
    let value = written.value;
    if indicator != Indicator::AreaHa || value <= 0.0 {
        return None;
    }
    let zones: Vec<&crate::scenario::Zone> =
        if scope == 0 { scenario.zones.iter().collect() } else { scenario.zones.get(scope - 1).into_iter().collect() };
    let base_ha: f64 = zones.iter().flat_map(|z| keys.iter().filter_map(|&c| z.crop_area_ha.get(c))).sum();
    if base_ha < 100.0 || value * 300.0 >= base_ha {
        return None;
    }
    let year = scenario.simulation.base_year;
    let base = crate::text::number_for(base_ha, 0, Lang::Vi);
    let base_en = crate::text::number_for(base_ha, 0, Lang::En);
    let thousand = written.in_file(value * 1000.0);
    let quoted = written.quoted();
    // The Vietnamese quotes the number as written and then reads it both
    // ways a Vietnamese writer may have meant it: 6.098 is 6,098 thousand
    // ha, or 6.098 ha with a thousands point; either way 6098 is to be written.
    let value_vi = written.vi();
    let thousand_vi = crate::text::number_trimmed(value * 1000.0, 3, Lang::Vi);
    // Where a comma is the decimal mark (a `;` file) a point already groups
    // thousands, so it cannot have been misread as one.
    let or_point = if written.decimal_comma { "" } else { ", hoặc dấu chấm ngăn cách hàng nghìn" };
    Some((
        said(
            format!(
                "{quoted} ha chưa bằng 1/300 diện tích năm {year} của kịch bản ({base} ha): có phải nghìn ha{or_point}?"
            ),
            format!("{value} ha is under 1/300 of the scenario's {year} area ({base_en} ha): thousands of ha?"),
        ),
        said(
            format!(
                "nếu là {value_vi} nghìn ha (tức {thousand_vi} ha), hãy viết {thousand}, không có dấu ngăn cách; nếu đúng là {value_vi} ha, hãy ghi ha vào cột unit"
            ),
            format!("for {value} thousand ha, write {thousand}; if it is {value} ha, write ha in a unit column"),
        ),
    ))
}

/// Whether a unit as a planner writes it (any case, Vietnamese or as
/// indicators.csv writes it) is `unit`.
fn same_unit(written: &str, unit: &str) -> bool {
    let written = crate::text::nfc(&written.to_lowercase());
    let vietnamese: &[&str] = match unit {
        "households" => &["hộ"],
        "VND" => &["đồng", "đ"],
        "VND/yr" => &["đồng/năm", "đ/năm"],
        "VND/ha" => &["đồng/ha", "đ/ha"],
        "VND/kg" => &["đồng/kg", "đ/kg"],
        "t" => &["tấn"],
        // As the workbook and reports show it.
        "t/ha" => &["tấn/ha", "tấn/ha/năm", "t/ha/yr"],
        _ => &[],
    };
    written == unit.to_lowercase() || vietnamese.contains(&written.as_str())
}

/// Indicators the engine records for orchards only (ABSENT for annual crops).
const ORCHARD_ONLY: [Indicator; 6] = [
    Indicator::BearingHa,
    Indicator::MatureGovPerHa,
    Indicator::ConvertedHa,
    Indicator::ConvertedHaCum,
    Indicator::TopworkedHa,
    Indicator::TopworkedHaCum,
];

/// The crop a key names: its id (`longan_grafted`), or else its name in
/// either language as the workbook and report show it ("Nhãn ghép", any
/// case). An id always wins over another crop's name.
fn crop_named(key: &str, s: &Scenario) -> Option<usize> {
    let folded = |text: &str| crate::text::nfc(&text.to_lowercase());
    let wanted = folded(key);
    s.crops.iter().position(|c| c.key == key).or_else(|| {
        s.crops.iter().position(|c| folded(c.name(Lang::Vi)) == wanted || folded(c.name(Lang::En)) == wanted)
    })
}

/// The key indexes an observation's key names: crop ids joined by `+` for
/// a per-crop indicator, one market id for a per-market one, nothing else.
/// Prices are the province's (markets are provincial), and some per-crop
/// indicators exist for orchards only: a key the run records no value for
/// is refused.
fn keys_of(indicator: Indicator, key: &str, scope: usize, s: &Scenario) -> Result<Vec<usize>, (Said, Option<Said>)> {
    let name = info(indicator).name;
    match info(indicator).key {
        KeyKind::None if key.is_empty() => Ok(vec![0]),
        KeyKind::None => Err((
            said(
                format!("{name} không có khoá; hãy để trống cột key (đang ghi \"{key}\")"),
                format!("{name} has no key; leave the key empty (found \"{key}\")"),
            ),
            None,
        )),
        KeyKind::Crop => {
            let ids: Vec<&str> = s.crops.iter().map(|c| c.key.as_str()).collect();
            let mut keys = Vec::new();
            for k in key.split('+').map(str::trim) {
                let Some(c) = crop_named(k, s) else {
                    // The ids, each with the name the workbook and report show.
                    let listed = |lang: Lang| {
                        let named = s.crops.iter().map(|c| format!("{} ({})", c.key, c.name(lang)));
                        named.collect::<Vec<_>>().join(", ")
                    };
                    let help =
                        did_you_mean(k, ids.iter().copied()).filter(|h| !h.en.starts_with("valid")).or_else(|| {
                            Some(said(
                                format!("các cây trồng: {}", listed(Lang::Vi)),
                                format!("the crops: {}", listed(Lang::En)),
                            ))
                        });
                    let message = said(
                        format!("\"{k}\" không phải một cây trồng của kịch bản này ({name} tính theo từng cây)"),
                        format!("\"{k}\" is not a crop of this scenario ({name} is per crop)"),
                    );
                    return Err((message, help));
                };
                if !keys.is_empty() && !info(indicator).extensive {
                    let message = said(
                        format!("{name} không phải một tổng: không cộng các cây bằng dấu +"),
                        format!("{name} is not a total: crops cannot be added up with +"),
                    );
                    return Err((message, None));
                }
                if keys.contains(&c) {
                    let message = said(
                        format!("{k} được ghi hai lần: giá trị của nó sẽ bị tính hai lần"),
                        format!("{k} is named twice: its value would count twice"),
                    );
                    return Err((message, None));
                }
                if ORCHARD_ONLY.contains(&indicator) && !s.crops[c].is_perennial() {
                    let message = said(
                        format!("{name} chỉ được ghi cho vườn cây lâu năm, mà {k} là cây hằng năm"),
                        format!("{name} is recorded for orchards only, and {k} is an annual crop"),
                    );
                    return Err((message, None));
                }
                keys.push(c);
            }
            Ok(keys)
        }
        KeyKind::Market if scope != 0 => {
            let message = said(
                format!("{name} chỉ được ghi cho toàn tỉnh: giá là giá của các thị trường toàn tỉnh"),
                format!("{name} is recorded for the province only: prices are the province's markets'"),
            );
            Err((message, None))
        }
        KeyKind::Market => {
            let ids: Vec<&str> = s.markets.iter().map(|m| m.key.as_str()).collect();
            match ids.iter().position(|id| *id == key) {
                Some(m) => Ok(vec![m]),
                None => Err((
                    said(
                        format!(
                            "\"{key}\" không phải một thị trường của kịch bản này ({name} tính theo từng thị trường)"
                        ),
                        format!("\"{key}\" is not a market of this scenario ({name} is per market)"),
                    ),
                    did_you_mean(key, ids.iter().copied()),
                )),
            }
        }
    }
}
