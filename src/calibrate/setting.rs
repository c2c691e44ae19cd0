//! The settings `calibrate` fits: any continuous number of a scenario file,
//! named by its TOML path (`parameters.awareness_q`,
//! `markets.longan.demand_elasticity`, `zones."Sông Mã".rk`), bounded by
//! its plausible range from the one table of ranges or by `--bounds`.

use crate::error::{Error, InputErrors, said};
use crate::scenario::load::LoadedScenario;
use crate::scenario::locate::{FieldPath, Segment};
use crate::scenario::plausible::End;
use crate::scenario::ranges::range_of;
use crate::scenario::{Scenario, validate};

/// One setting to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSetting {
    /// Its TOML path as the user wrote it, normalised (`parameters.awareness_q`).
    pub path: String,
    /// Its keys in the file.
    pub field: FieldPath,
    /// Its value in the scenario: where the fit starts.
    pub start: f64,
    /// Lowest value the fit may take.
    pub low: f64,
    /// Highest value the fit may take.
    pub high: f64,
    /// Unit of the value as written in the file.
    pub unit: &'static str,
    /// Whether the bounds were given with `--bounds` (else the plausible range).
    pub bounds_given: bool,
}

/// Splits a dotted TOML path into keys; a key in double quotes may hold dots and spaces.
pub fn split_path(path: &str) -> Option<Vec<String>> {
    let mut keys = Vec::new();
    let mut rest = path.trim();
    loop {
        let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            (rest[..end].trim().to_string(), &rest[end..])
        };
        if key.is_empty() {
            return None;
        }
        keys.push(crate::text::nfc(&key));
        match after.strip_prefix('.') {
            Some(next) => rest = next,
            None if after.is_empty() => return Some(keys),
            None => return None,
        }
    }
}

/// A path for messages and files: keys joined by dots, quoted where needed.
pub fn path_text(keys: &[String]) -> String {
    let quoted = |k: &String| {
        if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            k.clone()
        } else {
            format!("\"{k}\"")
        }
    };
    keys.iter().map(quoted).collect::<Vec<_>>().join(".")
}

/// Every numeric leaf of `table` with its path, for suggestions.
fn numeric_paths(table: &toml::Table, prefix: &mut Vec<String>, out: &mut Vec<String>) {
    for (key, value) in table {
        prefix.push(key.clone());
        match value {
            toml::Value::Table(inner) => numeric_paths(inner, prefix, out),
            toml::Value::Integer(_) | toml::Value::Float(_) => out.push(path_text(prefix)),
            _ => {}
        }
        prefix.pop();
    }
}

fn value_at<'a>(table: &'a toml::Table, keys: &[String]) -> Option<&'a toml::Value> {
    let (last, parents) = keys.split_last()?;
    let mut here = table;
    for key in parents {
        here = here.get(key)?.as_table()?;
    }
    here.get(last)
}

fn end_value(end: End, towards: f64) -> f64 {
    match end {
        End::Incl(v) => v,
        // An open end is approached, never reached: a millionth of the way in.
        End::Excl(v) => v + (towards - v) * 1e-6,
    }
}

/// The settings named by `names` in `loaded`, with `bounds` (`PATH=LOW:HIGH`)
/// replacing their plausible ranges. Usage errors name the setting and
/// suggest the nearest numeric one.
pub fn fit_settings(loaded: &LoadedScenario, names: &[String], bounds: &[String]) -> Result<Vec<FitSetting>, Error> {
    let mut all = Vec::new();
    numeric_paths(&loaded.table, &mut Vec::new(), &mut all);
    let mut settings: Vec<FitSetting> = Vec::new();
    for name in names {
        let keys = split_path(name).ok_or_else(|| {
            Error::Usage(said(
                format!("--fit: \"{name}\" không phải đường dẫn TOML"),
                format!("--fit: \"{name}\" is not a TOML path"),
            ))
        })?;
        let path = path_text(&keys);
        if keys.iter().any(|k| k == "mix" || k == "slope_share") {
            return Err(Error::Usage(said(
                format!(
                    "--fit: {path} là một trong các tỷ lệ phải cộng lại bằng 1; calibrate không thể thay đổi riêng một tỷ lệ"
                ),
                format!("--fit: {path} is one of shares that must add up to 1; calibrate cannot move one alone"),
            )));
        }
        if matches!(keys[0].as_str(), "simulation" | "report") {
            return Err(Error::Usage(said(
                format!(
                    "--fit: {path} là thiết lập của lần chạy, không phải của mô hình; calibrate hiệu chỉnh các thiết lập của mô hình"
                ),
                format!("--fit: {path} is a setting of the run, not of the model; calibrate fits the model's settings"),
            )));
        }
        let value = value_at(&loaded.table, &keys);
        let start = match value {
            Some(toml::Value::Float(v)) => *v,
            Some(toml::Value::Integer(v)) => *v as f64,
            Some(_) => {
                return Err(Error::Usage(said(
                    format!("--fit: {path} không phải một số"),
                    format!("--fit: {path} is not a number"),
                )));
            }
            None => {
                let (vi, en) = match crate::text::did_you_mean(&path, all.iter().map(String::as_str)) {
                    Some(h) => (format!("\n  gợi ý: {}", h.vi), format!("\n  help: {}", h.en)),
                    None => (String::new(), String::new()),
                };
                return Err(Error::Usage(said(
                    format!(
                        "--fit: kịch bản không đặt số nào tại {path}; hãy ghi tên một thiết lập của tệp, như `show --resolved` in ra{vi}"
                    ),
                    format!(
                        "--fit: the scenario sets no number at {path}; name a setting of its file, as `show --resolved` prints them{en}"
                    ),
                )));
            }
        };
        let field = FieldPath(keys.iter().map(|k| Segment::Key(k.clone())).collect());
        let Some(range) = range_of(&field) else {
            return Err(Error::Usage(said(
                format!("--fit: {path} không phải thiết lập mà calibrate có thể hiệu chỉnh"),
                format!("--fit: {path} is not a setting that calibrate can fit"),
            )));
        };
        if range.kind.is_whole() {
            return Err(Error::Usage(said(
                format!(
                    "--fit: {path} là số nguyên ({}); calibrate chỉ hiệu chỉnh các thiết lập liên tục",
                    range.why_vi
                ),
                format!("--fit: {path} is a whole number ({}); calibrate fits continuous settings", range.why),
            )));
        }
        if settings.iter().any(|s| s.path == path) {
            return Err(Error::Usage(said(
                format!("--fit: {path} được ghi hai lần"),
                format!("--fit: {path} is named twice"),
            )));
        }
        let (low, high) = (end_value(range.low, start), end_value(range.high, start));
        settings.push(FitSetting { path, field, start, low, high, unit: range.unit, bounds_given: false });
    }
    for given in bounds {
        let (name, span) = given.split_once('=').ok_or_else(|| {
            Error::Usage(said(
                format!("--bounds: \"{given}\" không có dạng ĐƯỜNG_DẪN=THẤP:CAO (PATH=LOW:HIGH)"),
                format!("--bounds: \"{given}\" is not PATH=LOW:HIGH"),
            ))
        })?;
        let path = split_path(name).map(|k| path_text(&k)).unwrap_or_default();
        let setting = settings.iter_mut().find(|s| s.path == path).ok_or_else(|| {
            Error::Usage(said(
                format!("--bounds: {name} không nằm trong các thiết lập đưa cho --fit"),
                format!("--bounds: {name} is not one of the settings given to --fit"),
            ))
        })?;
        let parse = |t: &str| t.trim().replace('_', "").parse::<f64>().ok().filter(|v| v.is_finite());
        let (low, high) = span
            .split_once(':')
            .and_then(|(l, h)| Some((parse(l)?, parse(h)?)))
            .filter(|(l, h)| l < h)
            .ok_or_else(|| {
            // A decimal comma (0,1:2) is the likeliest slip of a
            // Vietnamese reader: say so rather than only the form.
            let comma = if span.contains(',') {
                ("; số thập phân ở đây dùng dấu chấm (0.1:2, không phải 0,1:2)", "; decimals take a point here (0.1:2)")
            } else {
                ("", "")
            };
            Error::Usage(said(
                format!("--bounds: \"{span}\" không có dạng THẤP:CAO với THẤP < CAO (LOW:HIGH){}", comma.0),
                format!("--bounds: \"{span}\" is not LOW:HIGH with LOW < HIGH{}", comma.1),
            ))
        })?;
        if low < setting.low || high > setting.high {
            let (from, to) = (setting.low, setting.high);
            return Err(Error::Usage(said(
                format!("--bounds: {low}:{high} của {path} vượt ra ngoài khoảng hợp lý {from}:{to}"),
                format!("--bounds: {low}:{high} for {path} leaves its plausible range {from}:{to}"),
            )));
        }
        (setting.low, setting.high, setting.bounds_given) = (low, high, true);
    }
    for s in &mut settings {
        if !(s.low..=s.high).contains(&s.start) {
            return Err(Error::Usage(said(
                format!("--bounds: {} có giá trị ban đầu {}, nằm ngoài giới hạn {}:{}", s.path, s.start, s.low, s.high),
                format!("--bounds: {} starts at {}, outside its bounds {}:{}", s.path, s.start, s.low, s.high),
            )));
        }
    }
    Ok(settings)
}

/// `loaded` with each setting at its value in `values`, validated.
pub fn scenario_with(
    loaded: &LoadedScenario,
    settings: &[FitSetting],
    values: &[f64],
) -> Result<Scenario, InputErrors> {
    let mut changed = loaded.clone();
    for (setting, &value) in settings.iter().zip(values) {
        let keys: Vec<&str> = setting
            .field
            .0
            .iter()
            .filter_map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                Segment::Index(_) => None,
            })
            .collect();
        let (last, parents) = keys.split_last().expect("a setting has a path");
        let mut here = &mut changed.table;
        for key in parents {
            here = here.get_mut(*key).and_then(toml::Value::as_table_mut).expect("the path was found when read");
        }
        here.insert((*last).to_string(), toml::Value::Float(value));
    }
    validate::validate(&changed)
}
