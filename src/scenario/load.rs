//! Reading scenario files: TOML parsing, `extends` chains, merging, and
//! remembering where every value was written.
//!
//! Merging rules: tables merge key by key (zones, crops and markets by id);
//! arrays and the share maps `policy.mix` and `crops.*.slope_share` replace
//! the inherited value as a whole; `name`, titles and descriptions are never
//! inherited (a derived scenario is a different scenario).

use std::path::{Path, PathBuf};

use super::builtin;
use super::locate::{FieldPath, Locations, Position, Segment, SourceText};
use crate::error::{InputError, InputErrors, Said, said};
use crate::text::{did_you_mean_name, nfc};

/// A scenario as read: the merged TOML table and where each value came from.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The merged table, `extends` applied and removed.
    pub table: toml::Table,
    /// Every file read, leaf first.
    pub files: Vec<SourceText>,
    /// Positions of every value by field path.
    pub locations: Locations,
    /// Held in memory (a run's saved scenario), not read from a file: its
    /// name names no folder, so earlier versions' names are accepted.
    pub in_memory: bool,
    /// Zones a file added to those it inherits (without `replace_zones`),
    /// which makes a larger province: warned of, as it is rarely meant.
    pub zones_added: Vec<ZonesAdded>,
}

/// Zones that a file extending another added to the inherited ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonesAdded {
    /// The file that added them, as errors name it.
    pub file: String,
    /// The zones it added, in its order.
    pub added: Vec<String>,
    /// How many zones it inherited.
    pub inherited: usize,
}

impl LoadedScenario {
    /// Of several fields that together cause an error, the one written in
    /// the most derived file (the one the user most likely just edited).
    pub fn most_derived(&self, paths: &[FieldPath]) -> FieldPath {
        paths
            .iter()
            .min_by_key(|p| self.locations.find(p).map_or(usize::MAX, |pos| pos.file))
            .cloned()
            .unwrap_or_default()
    }

    /// Where `path` is written, as `file:line` (its nearest recorded ancestor's place).
    pub fn written_at(&self, path: &FieldPath) -> String {
        let error = self.error_at(path, said("", ""), None);
        format!("{}:{}", error.file, error.line)
    }

    /// An input error located at `path` (or its nearest recorded ancestor).
    pub fn error_at(&self, path: &FieldPath, message: Said, help: Option<Said>) -> InputError {
        let (file, line, column) = match self.locations.find(path) {
            Some(Position { file, offset }) => {
                let src = &self.files[file];
                let (line, column) = src.line_column(offset);
                (src.display_name.clone(), line, column)
            }
            None => (self.files[0].display_name.clone(), 1, 1),
        };
        InputError { file, line, column, field: path.to_string(), message, help }
    }
}

/// Most files in one `extends` chain: deeper chains are refused before they
/// exhaust the stack.
pub const MAX_EXTENDS_DEPTH: usize = 32;

/// Keys describing one scenario, which a derived scenario does not inherit.
const OWN_KEYS: [&str; 5] = ["name", "title_vi", "title_en", "description_vi", "description_en"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    File(PathBuf),
    Builtin(&'static str),
    /// Text held in memory (a resolved scenario saved with results), by name.
    Inline(String, String),
}

impl Origin {
    fn display_name(&self) -> String {
        match self {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin(name) => format!("built-in:{name}"),
            Origin::Inline(name, _) => name.clone(),
        }
    }

    fn identity(&self) -> String {
        match self {
            Origin::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
            Origin::Builtin(name) => format!("built-in:{name}"),
            Origin::Inline(name, _) => format!("inline:{name}"),
        }
    }

    fn stem(&self) -> String {
        match self {
            // The stem names the output folder: anything but a letter, a digit,
            // `-`, `_` or `.` becomes `-` (`my plan.toml` → `my-plan`).
            Origin::File(p) => {
                let stem = p.file_stem().map_or_else(|| "scenario".into(), |s| nfc(&s.to_string_lossy()));
                let plain: String = stem
                    .chars()
                    .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
                    .collect();
                let plain = plain.trim_start_matches('.');
                if plain.is_empty() { "scenario".into() } else { plain.to_string() }
            }
            Origin::Builtin(name) => (*name).to_string(),
            Origin::Inline(name, _) => name.clone(),
        }
    }
}

/// Loads a scenario given as a file path or the name of a shipped scenario.
///
/// A path that exists is read as a file; otherwise a shipped scenario of that
/// name is used. A missing file is an input error that suggests the nearest
/// shipped name.
pub fn load(spec: &str) -> Result<LoadedScenario, InputErrors> {
    let origin = resolve(spec, None).map_err(|e| InputErrors(vec![*e]))?;
    let mut files = Vec::new();
    let mut locations = Locations::default();
    let mut chain = Vec::new();
    let mut zones_added = Vec::new();
    let mut table = load_layer(&origin, &mut chain, &mut files, &mut locations, &mut zones_added)?;
    if !table.contains_key("name") {
        table.insert("name".into(), toml::Value::String(origin.stem()));
    }
    Ok(LoadedScenario { table, files, locations, in_memory: false, zones_added })
}

/// Loads a scenario held in memory, such as the resolved scenario saved in a
/// run's manifest; `display_name` names it in errors.
pub fn load_inline(display_name: &str, text: &str) -> Result<LoadedScenario, InputErrors> {
    let origin = Origin::Inline(display_name.to_string(), text.to_string());
    let mut files = Vec::new();
    let mut locations = Locations::default();
    let mut zones_added = Vec::new();
    let table = load_layer(&origin, &mut Vec::new(), &mut files, &mut locations, &mut zones_added)?;
    Ok(LoadedScenario { table, files, locations, in_memory: true, zones_added })
}

fn resolve(spec: &str, relative_to: Option<&Path>) -> Result<Origin, Box<InputError>> {
    let as_path = match relative_to.and_then(Path::parent) {
        Some(dir) if Path::new(spec).is_relative() => dir.join(spec),
        _ => PathBuf::from(spec),
    };
    if as_path.is_file() {
        return Ok(Origin::File(as_path));
    }
    if let Some(b) = builtin::find(spec) {
        return Ok(Origin::Builtin(b.name));
    }
    let message = if as_path.is_dir() {
        said("là một thư mục, không phải tệp kịch bản", "is a folder, not a scenario file")
    } else if as_path.exists() {
        said(
            "không phải tệp thường (là thiết bị hoặc ống dẫn); kịch bản là một tệp văn bản .toml",
            "is not a regular file (a device or a pipe); a scenario is a .toml text file",
        )
    } else {
        said(
            format!("không có tệp này, cũng không có kịch bản sẵn có nào tên \"{spec}\""),
            format!("no such file, and no shipped scenario named \"{spec}\""),
        )
    };
    Err(Box::new(InputError {
        file: as_path.display().to_string(),
        line: 0,
        column: 0,
        field: String::new(),
        message,
        help: Some(
            match (crate::error::missing_file_help(&as_path, "toml"), crate::text::nearest(spec, builtin::names())) {
                (Some(file), _) => file,
                (None, Some(name)) => did_you_mean_name(name),
                (None, None) => {
                    let names = builtin::names().collect::<Vec<_>>().join(", ");
                    said(format!("các kịch bản có sẵn: {names}"), format!("shipped scenarios: {names}"))
                }
            },
        ),
    }))
}

fn read(origin: &Origin) -> Result<String, Box<InputError>> {
    match origin {
        Origin::Builtin(name) => Ok(builtin::find(name).map(|b| b.text).unwrap_or_default().to_string()),
        Origin::Inline(_, text) => Ok(text.clone()),
        Origin::File(path) => {
            let problem = |message: Said, help: Option<Said>| {
                Box::new(InputError {
                    file: path.display().to_string(),
                    line: 0,
                    column: 0,
                    field: String::new(),
                    message,
                    help,
                })
            };
            let bytes = std::fs::read(path).map_err(|e| {
                problem(said(format!("không đọc được tệp: {e}"), format!("cannot read the file: {e}")), None)
            })?;
            let save_as = || {
                Some(said(
                    "hãy lưu tệp dạng văn bản UTF-8 (trong Notepad: File → Save as… → Encoding: UTF-8)",
                    "save it as UTF-8 text (in Notepad: File → Save as… → Encoding: UTF-8)",
                ))
            };
            if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                return Err(problem(
                    said(
                        "tệp được lưu dạng UTF-16 (\"Unicode\"), không phải UTF-8",
                        "the file is saved as UTF-16 (\"Unicode\"), not UTF-8",
                    ),
                    save_as(),
                ));
            }
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            String::from_utf8(bytes.to_vec()).map_err(|e| {
                let at = e.utf8_error().valid_up_to();
                problem(
                    said(
                        format!("tệp không phải văn bản UTF-8 (byte ở vị trí {at} không phải)"),
                        format!("the file is not UTF-8 text (a byte at position {at} is not)"),
                    ),
                    save_as(),
                )
            })
        }
    }
}

fn load_layer(
    origin: &Origin,
    chain: &mut Vec<String>,
    files: &mut Vec<SourceText>,
    locations: &mut Locations,
    zones_added: &mut Vec<ZonesAdded>,
) -> Result<toml::Table, InputErrors> {
    let text = nfc(&read(origin).map_err(|e| InputErrors(vec![*e]))?);
    let file_index = files.len();
    files.push(SourceText { display_name: origin.display_name(), text });
    let src = &files[file_index];
    let syntax_error = |e: toml::de::Error| {
        let (line, column) = e.span().map_or((1, 1), |s| src.line_column(s.start));
        // 15.000.000 typed the Vietnamese way is not TOML at all: say why.
        // The error may point inside the number: take the whole token around it.
        let token = e.span().map(|s| {
            let in_number = |c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '_');
            let before = src.text[..s.start].char_indices().rev().find(|&(_, c)| !in_number(c));
            let start = before.map_or(0, |(i, c)| i + c.len_utf8());
            let end = src.text[start..].find(|c: char| !in_number(c)).map_or(src.text.len(), |i| start + i);
            &src.text[start..end]
        });
        let help = token.filter(|t| t.matches('.').count() > 1 && looks_like_grouped_thousands_any(t)).map(|t| {
            let digits = t.replace('.', "");
            let grouped = digits_grouped(&digits);
            said(
                format!("TOML không dùng dấu phân cách hàng nghìn: hãy viết {digits} hoặc {grouped}"),
                format!("TOML takes no thousands separator: write {digits} or {grouped}"),
            )
        });
        // Otherwise the value as a planner may have typed it (0,9; 90%;
        // 20 năm; Word's curly quotes): the parser's words do not say.
        let help = help.or_else(|| {
            let line_text = src.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            // Inside `{ … }` the value is the one the parser stopped at.
            let at_error: String = line_text.chars().take(column).collect();
            let inner_value = at_error.rsplit_once('=').map(|(before, _)| {
                let rest = &line_text[before.len() + 1..];
                rest.split([',', '}']).next().unwrap_or(rest)
            });
            header_slip(line_text)
                .or_else(|| line_text.split_once('=').and_then(|(_, value)| value_slip(value)))
                .or_else(|| inner_value.and_then(value_slip))
                .or_else(|| line_text.split_once('=').and_then(|(_, value)| words_slip(value)))
        });
        InputErrors(vec![InputError {
            file: src.display_name.clone(),
            line,
            column,
            field: String::new(),
            message: if let Some((key, first_line)) = duplicate_at(src, &e) {
                let (vi, en) = match first_line {
                    Some(l) => (format!("đã được viết ở dòng {l}"), format!("is already written on line {l}")),
                    None => ("được viết hai lần".to_string(), "is written twice".to_string()),
                };
                said(
                    format!("{key} {vi}; mỗi tên chỉ viết một lần, gộp các thiết lập của nó vào một chỗ"),
                    format!("{key} {en}; write each name once, with all its settings in one place"),
                )
            } else if e.message().contains("as i128") {
                said(
                    "số nguyên này quá lớn (tối đa 9.223.372.036.854.775.807); \
                     nếu không phải số đếm, hãy viết dạng thập phân (1e20)",
                    "this whole number is too large (at most 9,223,372,036,854,775,807); \
                     write a decimal point (1e20) if it is not a count",
                )
            } else {
                // The parser's own words are English; the Vietnamese says what kind of error it is.
                // "string values must be quoted, expected literal string"
                // asks for double quotes and then single: the first is meant.
                let message = e.message().trim();
                let quoted = "string values must be quoted";
                let message = if message.starts_with(quoted) { quoted } else { message };
                said(
                    format!("sai cú pháp TOML (cách viết tệp kịch bản): {}", toml_message_vi(message)),
                    format!("not valid TOML: {message}"),
                )
            },
            help,
        }])
    };
    let spanned = toml::de::DeTable::parse(&src.text).map_err(syntax_error)?;
    let mut layer: toml::Table = toml::from_str(&src.text).map_err(syntax_error)?;
    if layer.is_empty() {
        return Err(InputErrors(vec![InputError {
            file: src.display_name.clone(),
            line: 0,
            column: 0,
            field: String::new(),
            message: said("tệp không có thiết lập nào", "the file holds no settings"),
            help: Some(said(
                "hãy bắt đầu từ một kịch bản có sẵn: viết extends = \"sonla-planned\" và các thiết lập bạn thay đổi, \
                 hoặc chép nguyên một kịch bản bằng agroshift show sonla-planned > my-plan.toml",
                "start from a shipped scenario: write extends = \"sonla-planned\" and the settings you change, \
                 or copy one whole with agroshift show sonla-planned > my-plan.toml",
            )),
        }]));
    }
    let mut layer_locations = Locations::default();
    layer_locations.record_table(file_index, spanned.get_ref(), &FieldPath::root());
    let mut slips = Vec::new();
    thousands_slips(spanned.get_ref(), &FieldPath::root(), &mut slips);
    if !slips.is_empty() {
        let error = |(path, literal, offset): (FieldPath, String, usize)| {
            let (line, column) = src.line_column(offset);
            let plain = literal.parse::<f64>().map_or(literal.clone(), |v| v.to_string());
            let meant = literal.replace('.', "");
            InputError {
                file: src.display_name.clone(),
                line,
                column,
                field: path.to_string(),
                message: said(
                    format!("{literal} được đọc là {plain}: ở đây dấu chấm là dấu thập phân"),
                    format!("{literal} is read as {plain}: the point is a decimal point here"),
                ),
                help: Some(said(
                    format!(
                        "TOML không dùng dấu phân cách hàng nghìn: nếu là {meant}, hãy viết {meant} hoặc {}; \
                         nếu là {plain}, hãy viết {plain}",
                        digits_grouped(&meant)
                    ),
                    format!(
                        "TOML takes no thousands separator: for {meant}, write {meant} or {}; for {plain}, write {plain}",
                        digits_grouped(&meant)
                    ),
                )),
            }
        };
        return Err(InputErrors(slips.into_iter().map(error).collect()));
    }

    chain.push(origin.identity());
    let mut table = match layer.remove("extends") {
        None => toml::Table::new(),
        Some(toml::Value::String(parent_spec)) => {
            let at = |message: Said, help: Option<Said>| {
                key_error(&files[file_index], &layer_locations, "extends", message, help)
            };
            let relative_to = match origin {
                Origin::File(p) => Some(p.as_path()),
                Origin::Builtin(_) | Origin::Inline(..) => None,
            };
            if chain.len() >= MAX_EXTENDS_DEPTH {
                return Err(at(
                    said(
                        format!("không theo chuỗi extends dài quá {MAX_EXTENDS_DEPTH} tệp"),
                        format!("extends chains of more than {MAX_EXTENDS_DEPTH} files are not followed"),
                    ),
                    Some(said(
                        "hãy kế thừa (extends) một kịch bản có sẵn hoặc một tệp chứa cả kịch bản (agroshift show)",
                        "extend a shipped scenario or a file that holds the whole scenario (agroshift show)",
                    )),
                ));
            }
            let parent = resolve(&parent_spec, relative_to).map_err(|e| at(e.message, e.help))?;
            if chain.contains(&parent.identity()) {
                let mut cycle = chain.clone();
                cycle.push(parent.identity());
                let cycle = cycle.join(" → ");
                return Err(at(
                    said(format!("extends tạo thành vòng lặp: {cycle}"), format!("extends forms a cycle: {cycle}")),
                    None,
                ));
            }
            let mut parent_table = load_layer(&parent, chain, files, locations, zones_added)?;
            for key in OWN_KEYS {
                parent_table.remove(key);
            }
            parent_table
        }
        Some(_) => {
            let message = said(
                "cần tên một kịch bản có sẵn hoặc đường dẫn tệp, đặt trong ngoặc kép",
                "expected the name of a shipped scenario or a file path, in quotes",
            );
            return Err(key_error(&files[file_index], &layer_locations, "extends", message, None));
        }
    };
    chain.pop();
    // `replace_zones = true`: this file's zones are the province (say, its
    // communes after 2025 instead of the districts it inherits).
    // `replace_zones = false` says that the zones are meant to be added.
    let replace_zones = match layer.remove("replace_zones") {
        None => None,
        Some(toml::Value::Boolean(replace)) => Some(replace),
        Some(_) => {
            let message = said("cần true hoặc false", "expected true or false");
            return Err(key_error(&files[file_index], &layer_locations, "replace_zones", message, None));
        }
    };
    if replace_zones == Some(true) {
        table.remove("zones");
        locations.forget_below(&FieldPath::keys(&["zones"]));
    } else if let (None, Some(toml::Value::Table(inherited)), Some(toml::Value::Table(own))) =
        (replace_zones, table.get("zones"), layer.get("zones"))
    {
        let added: Vec<String> = own.keys().filter(|name| !inherited.contains_key(*name)).cloned().collect();
        if !added.is_empty() && !inherited.is_empty() {
            zones_added.push(ZonesAdded {
                file: files[file_index].display_name.clone(),
                added,
                inherited: inherited.len(),
            });
        }
    }
    merge(&mut table, std::mem::take(&mut layer), &FieldPath::root(), locations);
    locations.absorb(layer_locations);
    Ok(table)
}

/// An error at the top-level `key` of the file `src` (such as `extends`).
fn key_error(src: &SourceText, locations: &Locations, key: &str, message: Said, help: Option<Said>) -> InputErrors {
    let pos = locations.find(&FieldPath::keys(&[key])).map_or(0, |p| p.offset);
    let (line, column) = src.line_column(pos);
    InputErrors(vec![InputError { file: src.display_name.clone(), line, column, field: key.into(), message, help }])
}

/// For the parser's "duplicate key": the key as written where the error
/// points (`[zones."Mường Bú"]` written twice gives `zones."Mường Bú"`),
/// and the line where the same key was first written: for a table's
/// header anywhere above, for a key within its own table (since its
/// header), for a key inside `{ … }` not at all.
fn duplicate_at(src: &SourceText, e: &toml::de::Error) -> Option<(String, Option<usize>)> {
    if !e.message().trim().starts_with("duplicate key") {
        return None;
    }
    let span = e.span()?;
    let line_start = src.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let written = src.text.get(line_start..span.end)?.trim_start().trim_end_matches(']').trim_end();
    let header = written.starts_with('[');
    if !header && written.contains(['=', '{']) {
        let key = src.text.get(span.clone())?.trim();
        return (!key.is_empty()).then(|| (key.to_string(), None));
    }
    let key = written.trim_start_matches('[').trim();
    if key.is_empty() {
        return None;
    }
    // The same key, not a longer one that starts alike (`[zones."X".policy]`).
    let same_key =
        |l: &str| l.trim_start().strip_prefix(written).is_some_and(|rest| rest.starts_with([']', ' ', '\t', '=']));
    let lines: Vec<&str> = src.text[..line_start].lines().collect();
    let from = if header { 0 } else { lines.iter().rposition(|l| l.trim_start().starts_with('[')).unwrap_or(0) };
    let first_line = (from..lines.len()).rev().find(|&i| same_key(lines[i])).map(|i| i + 1);
    Some((key.to_string(), first_line))
}

/// The TOML parser's message ("unclosed table, expected `]`") in
/// Vietnamese: its description from the parser's list, what it expected
/// as the parser wrote it (symbols). A description not in the list is kept.
fn toml_message_vi(message: &str) -> String {
    const DESCRIPTIONS: [(&str, &str); 53] = [
        ("unclosed table", "bảng [ ] chưa được đóng"),
        ("unclosed array table", "bảng [[ ]] chưa được đóng"),
        ("unclosed inline table", "bảng { } chưa được đóng"),
        ("unclosed array", "danh sách [ ] chưa được đóng"),
        ("missing value", "thiếu giá trị"),
        ("missing value for key", "thiếu giá trị cho thiết lập"),
        ("missing assignment between key-value pairs", "thiếu dấu = giữa tên và giá trị"),
        ("missing comma between array elements", "thiếu dấu phẩy giữa các phần tử của danh sách"),
        ("missing comma between key-value pairs", "thiếu dấu phẩy giữa các cặp tên = giá trị"),
        ("missing opening quote", "thiếu dấu ngoặc kép mở"),
        ("missing key for inline table element", "thiếu tên trong bảng { }"),
        ("missing inline table opening", "thiếu dấu { mở bảng"),
        ("missing array opening", "thiếu dấu [ mở danh sách"),
        ("missing table open", "thiếu dấu [ mở bảng"),
        ("missing comment start", "thiếu dấu # mở đầu ghi chú"),
        ("missing escaped value", "thiếu ký tự sau dấu \\"),
        ("invalid string", "chuỗi ký tự không hợp lệ"),
        ("invalid basic string", "chuỗi ký tự trong ngoặc kép không hợp lệ"),
        ("invalid literal string", "chuỗi ký tự trong ngoặc đơn không hợp lệ"),
        ("invalid key", "tên thiết lập không hợp lệ"),
        (
            "invalid unquoted key",
            "tên thiết lập không hợp lệ (tên có dấu cách hoặc chữ có dấu phải đặt trong ngoặc kép)",
        ),
        ("invalid value", "giá trị không hợp lệ"),
        ("invalid float", "số thập phân không hợp lệ"),
        ("invalid integer number", "số nguyên không hợp lệ"),
        ("invalid fraction", "phần thập phân không hợp lệ"),
        ("invalid exponent", "số mũ không hợp lệ"),
        ("invalid boolean", "giá trị đúng/sai không hợp lệ (viết true hoặc false)"),
        ("invalid table", "bảng không hợp lệ"),
        ("invalid key-value pair", "cặp tên = giá trị không hợp lệ"),
        ("invalid inline table element", "phần tử của bảng { } không hợp lệ"),
        ("invalid comment character", "ký tự không hợp lệ trong ghi chú"),
        ("invalid date-time", "ngày giờ không hợp lệ"),
        ("unexpected content", "có nội dung không mong đợi"),
        ("unexpected content between comment and newline", "có nội dung không mong đợi sau ghi chú"),
        ("unexpected key or value", "có tên hoặc giá trị không mong đợi"),
        ("unexpected leading zero", "số không được bắt đầu bằng chữ số 0"),
        ("unexpected sign", "dấu + hoặc − không đúng chỗ"),
        ("extra comma in array", "thừa dấu phẩy trong danh sách"),
        ("extra comma in inline table", "thừa dấu phẩy trong bảng { }"),
        ("extra assignment between key-value pairs", "thừa dấu = giữa tên và giá trị"),
        ("extra `=`", "thừa dấu ="),
        ("key with no value", "tên thiết lập chưa có giá trị"),
        ("unexpected `=` in array", "có dấu = không mong đợi trong danh sách"),
        ("unquoted keys cannot be empty", "tên thiết lập không có ngoặc không được để trống"),
        ("invalid mantissa", "phần định trị không hợp lệ"),
        ("invalid hexadecimal number", "số thập lục phân không hợp lệ"),
        ("invalid octal number", "số bát phân không hợp lệ"),
        ("invalid binary number", "số nhị phân không hợp lệ"),
        ("invalid multi-line basic string", "chuỗi nhiều dòng trong ngoặc kép không hợp lệ"),
        ("invalid multi-line literal string", "chuỗi nhiều dòng trong ngoặc đơn không hợp lệ"),
        ("string values must be quoted", "chữ phải đặt trong ngoặc kép \"…\""),
        ("invalid date", "ngày không hợp lệ"),
        ("`_` may only go between digits", "dấu _ chỉ được đặt giữa hai chữ số"),
    ];
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, expected)) => (head, Some(expected)),
        None => (message, None),
    };
    let head = match head.strip_prefix("duplicate key") {
        Some(key) => format!("thiết lập bị ghi hai lần{key}"),
        None => DESCRIPTIONS.iter().find(|(en, _)| *en == head).map_or(head.to_string(), |(_, vi)| vi.to_string()),
    };
    // What the parser expected: symbols as written (`]`), words in Vietnamese.
    const EXPECTED: [(&str, &str); 12] = [
        ("nothing", "không có gì thêm"),
        ("key", "tên thiết lập"),
        ("value", "giá trị"),
        ("digits", "chữ số"),
        ("numbers", "chữ số"),
        ("letters", "chữ cái"),
        ("characters", "ký tự"),
        ("printable characters", "ký tự in được"),
        ("literal string", "chuỗi ký tự trong ngoặc đơn"),
        ("basic string", "chuỗi ký tự trong ngoặc kép"),
        ("unquoted string", "chuỗi ký tự không có ngoặc"),
        ("unicode hexadecimal value", "mã unicode thập lục phân"),
    ];
    let in_words =
        |item: &str| EXPECTED.iter().find(|(en, _)| *en == item).map_or(item.to_string(), |(_, vi)| vi.to_string());
    match expected {
        Some(expected) => format!("{head}, cần {}", expected.split(", ").map(in_words).collect::<Vec<_>>().join(", ")),
        None => head,
    }
}

/// Numbers written the Vietnamese way, with a point between thousands
/// (`34.000`, `6.500`), in settings counted in đồng, hectares or households:
/// TOML reads them as decimals (34, 6.5) and the scenario would be valid and
/// wrong. A count of đồng or households has no decimals, and an area written
/// to the thousandth with a trailing zero is far more likely a slip, so such
/// a literal (see [`looks_like_grouped_thousands`]) is refused. Each slip's
/// path, literal and offset in the file.
fn thousands_slips(table: &toml::de::DeTable<'_>, path: &FieldPath, slips: &mut Vec<(FieldPath, String, usize)>) {
    for (key, value) in table.iter() {
        slips_in_value(value, &path.key(key.get_ref()), slips);
    }
}

fn slips_in_value(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    path: &FieldPath,
    slips: &mut Vec<(FieldPath, String, usize)>,
) {
    use toml::de::DeValue;
    match value.get_ref() {
        DeValue::Table(t) => thousands_slips(t, path, slips),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                slips_in_value(item, &path.index(i), slips);
            }
        }
        DeValue::Float(f) if looks_like_grouped_thousands(f.as_str()) => {
            let counted = super::ranges::range_of(path).is_some_and(|r| {
                r.unit.starts_with("VND") || r.unit.starts_with("ha") || matches!(r.unit, "households" | "t")
            });
            if counted {
                slips.push((path.clone(), f.as_str().to_string(), value.span().start));
            }
        }
        _ => {}
    }
}

/// `34.000`, `6.500`: one to three digits (not a lone 0), a point and three
/// digits ending in 0. The final 0 tells a slip from a decimal: no program
/// writes a decimal with a trailing zero (`calibrate` and `show` write the
/// shortest form, 6.125 or 6.5), and people rarely do, while thousands typed
/// the Vietnamese way are mostly round (34.000, 6.500, 1.250).
fn looks_like_grouped_thousands(literal: &str) -> bool {
    looks_like_grouped_thousands_any(literal) && literal.ends_with('0')
}

/// What to write instead of a table's header whose names need quotes
/// (`[zones.Yên Châu.policy]`): each part with accents or spaces in
/// double quotes.
fn header_slip(line: &str) -> Option<Said> {
    let line = line.trim();
    let (open, close) = if line.starts_with("[[") { ("[[", "]]") } else { ("[", "]") };
    let inner = line.strip_prefix(open)?;
    let (inner, after) = inner.split_once(close).unwrap_or((inner, ""));
    // A header holds names and nothing but a comment after it; a row of a
    // list (`[2021 2025],`) holds numbers and commas.
    let header_like = inner.chars().any(char::is_alphabetic)
        && !inner.contains([',', '"', '\'', '='])
        && (after.trim().is_empty() || after.trim_start().starts_with('#'));
    if !header_like {
        return None;
    }
    let bare =
        |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let parts: Vec<&str> = inner.split('.').map(str::trim).collect();
    if parts.iter().all(|p| bare(p)) {
        return None;
    }
    let written: Vec<String> = parts.iter().map(|p| if bare(p) { p.to_string() } else { format!("\"{p}\"") }).collect();
    let header = format!("{open}{}{close}", written.join("."));
    Some(said(
        format!("tên có dấu hoặc dấu cách phải đặt trong ngoặc kép: hãy viết {header}"),
        format!("a name with accents or spaces goes in double quotes: write {header}"),
    ))
}

/// What to write instead of `value` (the text after `=` on the line the
/// parser stopped at) when it is a number or list as a planner types it
/// outside TOML: a decimal comma, a percent sign, a unit after the number,
/// Word's curly quotes, a range of years, a list without commas, a comment
/// that starts with `//`.
pub(crate) fn value_slip(value: &str) -> Option<Said> {
    // A `#` comment after the value (every shipped line has one) is TOML's
    // own; only a `#` inside quotes is part of the value.
    let value = match value.find('#') {
        Some(at) if value[..at].matches('"').count().is_multiple_of(2) => &value[..at],
        _ => value,
    };
    let value = value.trim();
    let number = |t: &str| {
        let t = t.strip_prefix('-').unwrap_or(t);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
    };
    if let Some((whole, fraction)) = value.split_once(',')
        && number(whole)
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
    {
        // 1.234,5 the Vietnamese way: points between thousands, then a comma.
        let whole = whole.replace('.', "");
        let decimal = format!("{whole}.{fraction}");
        return Some(if fraction.len() == 3 {
            let digits = format!("{whole}{fraction}");
            said(
                format!(
                    "TOML dùng dấu chấm thập phân và không có dấu phân cách hàng nghìn: nếu là {}, hãy viết {digits}; nếu là {whole} phẩy {fraction}, hãy viết {decimal}",
                    crate::text::group_thousands(digits.parse().unwrap_or(0.0), 0).replace(',', ".")
                ),
                format!(
                    "TOML takes a decimal point and no thousands separator: for {digits}, write {digits}; for {decimal}, write {decimal}"
                ),
            )
        } else {
            said(
                format!("TOML dùng dấu chấm thập phân: hãy viết {decimal}"),
                format!("TOML takes a decimal point: write {decimal}"),
            )
        });
    }
    if let Some(percent) = value.strip_suffix('%').map(str::trim)
        && number(percent)
        && let Ok(v) = percent.replace('_', "").parse::<f64>()
    {
        let fraction = crate::text::as_written(v / 100.0);
        return Some(said(
            format!("tỷ lệ và lãi suất được viết dạng thập phân, không có dấu %: {percent}% là {fraction}"),
            format!("shares and rates are written as fractions, without %: {percent}% is {fraction}"),
        ));
    }
    if let Some((first, rest)) = value.split_once(char::is_whitespace)
        && number(first)
        && rest.trim_start().chars().next().is_some_and(char::is_alphabetic)
    {
        // "1500 triệu", "2 tỷ": the word multiplies, and the number alone
        // would be a thousand or a million times too small.
        let word = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        let times = match word.as_str() {
            "nghìn" | "ngàn" | "k" | "thousand" => Some(1e3),
            "triệu" | "tr" | "tr.đ" | "million" | "m" => Some(1e6),
            "tỷ" | "tỉ" | "billion" => Some(1e9),
            _ => None,
        };
        if let Some(times) = times
            && let Ok(v) = first.replace('_', "").parse::<f64>()
        {
            let write = crate::text::toml_grouped(v * times);
            return Some(said(
                format!("chỉ ghi số, không kèm chữ: {first} {word} là {write}"),
                format!("write the number alone, without words: {first} {word} is {write}"),
            ));
        }
        return Some(said(
            format!(
                "chỉ ghi số, không kèm đơn vị (đơn vị nằm trong tên thiết lập: _ha, _vnd, _years…): hãy viết {first}"
            ),
            format!(
                "write the number alone, without a unit (the setting's name carries it: _ha, _vnd, _years…): write {first}"
            ),
        ));
    }
    if value.starts_with(['“', '‘']) {
        let straight = value.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
        return Some(said(
            format!("dùng dấu nháy thẳng \" thay cho “ ” (Word tự đổi dấu nháy khi gõ): hãy viết {straight}"),
            format!("use straight quotes \" instead of “ ” (Word curls them as you type): write {straight}"),
        ));
    }
    if let Some((a, b)) = value.split_once('-')
        && a.trim().len() == 4
        && b.trim().len() == 4
        && number(a.trim())
        && number(b.trim())
    {
        let list = format!("[{}, {}]", a.trim(), b.trim());
        return Some(said(
            format!("hai năm đầu và cuối được viết dạng danh sách: hãy viết {list}"),
            format!("a first and last year are written as a list: write {list}"),
        ));
    }
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.split(']').next())
        && !inner.contains(',')
        && inner.split_whitespace().count() > 1
        && inner.split_whitespace().all(number)
    {
        let list = format!("[{}]", inner.split_whitespace().collect::<Vec<_>>().join(", "));
        return Some(said(
            format!("các mục của danh sách cách nhau bằng dấu phẩy: hãy viết {list}"),
            format!("the items of a list are separated by commas: write {list}"),
        ));
    }
    if let Some((before, _)) = value.split_once("//")
        && !before.contains('"')
    {
        let kept = if before.trim().is_empty() { String::new() } else { format!("{} ", before.trim()) };
        return Some(said(
            format!("ghi chú trong TOML bắt đầu bằng #: hãy viết {kept}# …"),
            format!("a TOML comment starts with #: write {kept}# …"),
        ));
    }
    None
}

/// Vietnamese words without quotes (`mode = kế hoạch`): the quotes to add.
/// Only words with marks or spaces, which no number, list or true/false
/// holds; a bare `yes` or `maize` may want another type altogether.
fn words_slip(value: &str) -> Option<Said> {
    let value = value.split('#').next().unwrap_or(value).trim();
    let words = value.chars().next().is_some_and(char::is_alphabetic)
        && value.chars().all(|c| c.is_alphabetic() || c == ' ')
        && value.chars().any(|c| c == ' ' || !c.is_ascii());
    words.then(|| said(format!("hãy viết \"{value}\""), format!("write \"{value}\"")))
}

/// One to three digits (not a lone 0), then groups of a point and three digits.
fn looks_like_grouped_thousands_any(literal: &str) -> bool {
    let mut groups = literal.strip_prefix('-').unwrap_or(literal).split('.');
    let head = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    (1..=3).contains(&head.len())
        && head.bytes().all(|b| b.is_ascii_digit())
        && head != "0"
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `34000` as `34_000`, the separator TOML allows.
fn digits_grouped(digits: &str) -> String {
    crate::text::toml_grouped(digits.parse().unwrap_or(0.0))
}

/// Whether a table at `path` in a file that extends another replaces the
/// inherited one whole instead of merging key by key: a crop mix and the
/// slope shares (which must sum to 1 as written), and a per-crop subsidy (a
/// crop left out of the map gets none, as README says; merged, it kept the
/// inherited subsidy of a crop the planner had left out), in `[policy]` and
/// in a zone's own policy alike.
fn replaces_whole(path: &FieldPath) -> bool {
    let keys: Vec<&str> = path.0.iter().map(|s| if let Segment::Key(k) = s { k.as_str() } else { "" }).collect();
    matches!(
        keys.as_slice(),
        ["policy", "mix" | "subsidy_vnd_ha"]
            | ["zones", _, "policy", "mix" | "subsidy_vnd_ha"]
            | ["crops", _, "slope_share"]
    )
}

fn merge(base: &mut toml::Table, over: toml::Table, path: &FieldPath, locations: &mut Locations) {
    for (key, value) in over {
        let p = path.key(&key);
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !replaces_whole(&p) => merge(b, o, &p, locations),
            (_, value) => {
                locations.forget_below(&p);
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{header_slip, looks_like_grouped_thousands, value_slip, words_slip};

    /// Values typed as outside TOML get the value to write; TOML's own
    /// values and other mistakes get nothing from here.
    #[test]
    fn values_typed_outside_toml_are_answered_with_what_to_write() {
        let help = |v: &str| value_slip(v).map(|h| h.en);
        assert_eq!(help(" 0,9").as_deref(), Some("TOML takes a decimal point: write 0.9"));
        assert!(help("6,500").unwrap().contains("for 6500, write 6500; for 6.500, write 6.500"));
        assert_eq!(
            value_slip("6,500").unwrap().vi.split(':').nth(1).unwrap().trim(),
            "nếu là 6.500, hãy viết 6500; nếu là 6 phẩy 500, hãy viết 6.500"
        );
        assert!(help("90%").unwrap().ends_with("90% is 0.9"));
        assert!(help("20 năm").unwrap().ends_with("write 20"));
        assert!(help("“sonla-planned”").unwrap().ends_with("write \"sonla-planned\""));
        assert!(help("2016-2025").unwrap().ends_with("write [2016, 2025]"));
        assert!(help("[2016 2025]").unwrap().ends_with("write [2016, 2025]"));
        assert!(help("0.3 // ghi chú").unwrap().ends_with("write 0.3 # …"));
        let words = |v: &str| words_slip(v).map(|h| h.en);
        assert_eq!(words(" kế hoạch").as_deref(), Some("write \"kế hoạch\""));
        assert_eq!(words(" kế hoạch # ghi chú").as_deref(), Some("write \"kế hoạch\""));
        // A bare English word may want a list or true/false: no guess.
        for bare in [" yes", " maize", " true", " 12"] {
            assert_eq!(words(bare), None, "{bare}");
        }
        assert_eq!(help(" kế hoạch"), None);
        let header = |line: &str| header_slip(line).map(|h| h.en);
        assert_eq!(
            header("[zones.Yên Châu.policy]").as_deref(),
            Some("a name with accents or spaces goes in double quotes: write [zones.\"Yên Châu\".policy]")
        );
        assert_eq!(header("[zones.\"Yên Châu\".policy]"), None);
        assert_eq!(header("[policy]"), None);
        // A row of a list written over several lines is not a header.
        assert_eq!(header("  [2021 2025],"), None);
        assert_eq!(header("[zones.Mai Sơn.policy] x = 1"), None);
        // A word that multiplies is multiplied, not dropped.
        assert!(help("1500 triệu").unwrap().ends_with("1500 triệu is 1_500_000_000"), "{:?}", help("1500 triệu"));
        assert!(help("2 tỷ  # hạn mức").unwrap().ends_with("2 tỷ is 2_000_000_000"));
        // TOML's own comment after the value is not part of it.
        assert!(help("80%  # tỷ lệ").unwrap().ends_with("80% is 0.8"));
        assert_eq!(help("0,8 # tỷ lệ").as_deref(), Some("TOML takes a decimal point: write 0.8"));
        // Points between thousands before a decimal comma.
        assert_eq!(help("1.234,5").as_deref(), Some("TOML takes a decimal point: write 1234.5"));
        // Curly quotes inside a quoted title are the title's own.
        assert_eq!(help("\"Kế hoạch “xanh”\" // note"), None);
        for fine in ["0.9", "\"a // b\"", "[2016, 2025]", "{ a = 1 }", "1e-5"] {
            assert_eq!(help(fine), None, "{fine}");
        }
    }

    #[test]
    fn only_points_between_thousands_look_like_grouped_thousands() {
        for grouped in ["34.000", "6.500", "-1.500", "100.250", "1.250"] {
            assert!(looks_like_grouped_thousands(grouped), "{grouped}");
        }
        // A decimal as a program writes it (no trailing zero) is left alone.
        for decimal in ["0.200", "6.5", "1.25", "6.125", "234.567", "1234.000", "12.0000", "1e3", ".500", "1.50"] {
            assert!(!looks_like_grouped_thousands(decimal), "{decimal}");
        }
    }
}
