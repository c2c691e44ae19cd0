//! From the merged TOML to a validated [`Scenario`]: every semantic error is
//! collected in one pass, located, and given a suggestion where one helps.

use indexmap::IndexMap;
use nalgebra::DMatrix;
use serde::de::DeserializeOwned;

use super::load::LoadedScenario;
use super::locate::{FieldPath, Segment};
use super::model::*;
use super::ranges::{Kind, MAX_ENTRIES, MAX_LIST_ITEMS, range_of};
use super::raw::*;
use crate::economics::YieldCurve;
use crate::error::{InputError, InputErrors};
use crate::text::{Lang, Said, did_you_mean, said};

/// Tolerance for a set of shares summing to 1.
pub const SHARE_TOLERANCE: f64 = 1e-6;

/// Checks a loaded scenario and builds the validated [`Scenario`].
///
/// Unknown settings are reported together with the semantic errors; a
/// wrong type or a missing setting stops the checks at that point.
pub fn validate(loaded: &LoadedScenario) -> Result<Scenario, InputErrors> {
    let out_of_range = check_ranges(loaded);
    let (raw, unknown) = match deserialize(loaded) {
        Ok(found) => found,
        Err(InputErrors(mut errors)) => {
            // A whole number too large for its type is reported once, by its range.
            errors.retain(|e| !out_of_range.iter().any(|r| r.field == e.field));
            errors.extend(out_of_range);
            errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            return Err(InputErrors(errors));
        }
    };
    let mut checker = Checker { loaded, errors: unknown };
    checker.errors.extend(out_of_range);
    let scenario = checker.build(&raw);
    match scenario {
        Some(s) if checker.errors.is_empty() => Ok(s),
        _ => {
            let mut errors = checker.errors;
            errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            // A provincial setting the zones' policies inherit is reported once.
            let mut seen = std::collections::HashSet::new();
            errors.retain(|e| seen.insert((e.file.clone(), e.line, e.column, e.message.clone())));
            Err(InputErrors(errors))
        }
    }
}

/// The first character of `text` that no document may hold: a control
/// character other than tab and line breaks, or a noncharacter. Titles,
/// names and notes go into report.docx, the workbook and the page, and
/// XML cannot carry them (Word refuses a file that has one).
fn unprintable(text: &str) -> Option<char> {
    text.chars().find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// The refusal of a text that holds `c`.
fn unprintable_message(c: char) -> Said {
    let code = format!("U+{:04X}", c as u32);
    said(
        format!("có ký tự điều khiển không in được ({code}), thường do sao chép từ tệp khác; hãy gõ lại đoạn chữ này"),
        format!("holds a control character that cannot be printed ({code}), often from copying; type the text again"),
    )
}

/// Every number outside its range in `ranges.rs`, every list longer than
/// [`MAX_LIST_ITEMS`] and every table with more entries than it may hold.
fn check_ranges(loaded: &LoadedScenario) -> Vec<InputError> {
    fn walk(loaded: &LoadedScenario, value: &toml::Value, path: &FieldPath, errors: &mut Vec<InputError>) {
        match value {
            toml::Value::Table(table) => {
                let limit = MAX_ENTRIES.iter().find(|(name, _)| path.0.len() == 1 && path.last_key() == Some(name));
                if let Some(&(_, most)) = limit
                    && table.len() > most
                {
                    let found = table.len();
                    let message = said(
                        format!("tối đa {most} mục, nhưng có {found}"),
                        format!("at most {most} entries, found {found}"),
                    );
                    errors.push(loaded.error_at(path, message, None));
                    return;
                }
                for (key, v) in table {
                    let here = path.key(key);
                    if let Some(c) = unprintable(key) {
                        errors.push(loaded.error_at(&here, unprintable_message(c), None));
                        continue;
                    }
                    walk(loaded, v, &here, errors);
                }
            }
            toml::Value::Array(items) => {
                if items.len() > MAX_LIST_ITEMS {
                    let found = items.len();
                    let message = said(
                        format!("danh sách tối đa {MAX_LIST_ITEMS} mục, nhưng có {found}"),
                        format!("a list of at most {MAX_LIST_ITEMS} items, found {found}"),
                    );
                    errors.push(loaded.error_at(path, message, None));
                    return;
                }
                for (i, v) in items.iter().enumerate() {
                    walk(loaded, v, &path.index(i), errors);
                }
            }
            toml::Value::Integer(i) => check(loaded, path, *i as f64, true, errors),
            toml::Value::Float(f) => check(loaded, path, *f, false, errors),
            toml::Value::String(text) => {
                if let Some(c) = unprintable(text) {
                    errors.push(loaded.error_at(path, unprintable_message(c), None));
                }
            }
            _ => {}
        }
    }
    fn check(loaded: &LoadedScenario, path: &FieldPath, value: f64, integer: bool, errors: &mut Vec<InputError>) {
        let Some(range) = range_of(path) else { return };
        // A float where an integer type belongs is the type check's to
        // report; a whole number the file keeps as a float (households)
        // comes here with its fraction.
        if range.kind == Kind::Whole && !integer {
            return;
        }
        if !range.contains(value) {
            let (message, help) = range.complaint(value);
            errors.push(loaded.error_at(path, message, help));
        } else if let Some((message, help)) = range.unit_slip(value) {
            errors.push(loaded.error_at(path, message, Some(help)));
        }
    }
    let mut errors = Vec::new();
    walk(loaded, &toml::Value::Table(loaded.table.clone()), &FieldPath::root(), &mut errors);
    errors
}

/// Why `name` cannot name an output folder, if it cannot: it must be a
/// plain file name of letters (Vietnamese ones too), digits, `-`, `_` and
/// `.`, not starting with `.`, at most 100 characters.
pub fn plain_name_problem(name: &str) -> Option<Said> {
    if name.is_empty() {
        return Some(said(
            "tên đang trống; tên dùng để đặt tên thư mục kết quả",
            "the name is empty; it names the output folder",
        ));
    }
    // Vietnamese letters take 2 or 3 bytes; folder names may take 255, of
    // which the temporary folder beside it uses 26.
    if name.chars().count() > 100 || name.len() > 200 {
        let (chars, bytes) = (name.chars().count(), name.len());
        return Some(said(
            format!(
                "tên quá dài ({chars} ký tự, {bytes} byte): tên dùng để đặt tên thư mục kết quả; tối đa 100 ký tự và 200 byte"
            ),
            format!(
                "the name is too long ({chars} characters, {bytes} bytes): it names the output folder; at most 100 characters and 200 bytes"
            ),
        ));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))) {
        let name = name.escape_debug();
        return Some(said(
            format!(
                "\"{name}\" chỉ được có chữ cái, chữ số, -, _ và . (tên dùng để đặt tên thư mục kết quả), không có {c:?}"
            ),
            format!("\"{name}\" may hold only letters, digits, -, _ and . (it names the output folder), not {c:?}"),
        ));
    }
    if name.starts_with('.') {
        return Some(said(
            format!("\"{name}\" bắt đầu bằng dấu chấm; tên dùng để đặt tên thư mục kết quả, thư mục đó sẽ bị ẩn"),
            format!("\"{name}\" starts with a dot; it names the output folder, which would be hidden"),
        ));
    }
    None
}

/// The raw scenario and the unknown settings found on the way, or the
/// unknown settings and the first type error.
fn deserialize(loaded: &LoadedScenario) -> Result<(RawScenario, Vec<InputError>), InputErrors> {
    let mut unknown = Vec::new();
    let value = toml::Value::Table(loaded.table.clone());
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(ignored_path(&path));
    let ignored = serde_ignored::Deserializer::new(value, &mut record);
    let result: Result<RawScenario, _> = serde_path_to_error::deserialize(ignored);
    let mut errors: Vec<InputError> = unknown
        .iter()
        .map(|path| {
            let key = path.last_key().unwrap_or_default().to_string();
            let known = known_fields(path);
            // A zone's own setting written for the province.
            let zones_only = key == "policy_years" && path.0.first() == Some(&Segment::Key("policy".into()));
            let help = if zones_only {
                Some(said(
                    "policy_years chỉ viết trong chính sách riêng của một vùng: [zones.\"TÊN\".policy]",
                    "policy_years is written in a zone's own policy: [zones.\"NAME\".policy]",
                ))
            } else {
                did_you_mean(&key, known.iter().copied())
            };
            loaded.error_at(
                path,
                said(format!("không có thiết lập nào tên \"{key}\""), format!("unknown setting \"{key}\"")),
                help,
            )
        })
        .collect();
    match result {
        Ok(raw) => Ok((raw, errors)),
        Err(e) => {
            let path = FieldPath(
                e.path()
                    .iter()
                    .filter_map(|seg| match seg {
                        serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                        serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                        _ => None,
                    })
                    .collect(),
            );
            let serde_message = e.inner().to_string();
            let (message, help) = policy_of_no_zone(loaded, &path).unwrap_or_else(|| {
                // A number or list typed in quotes ("15 triệu", "2026-2030"):
                // what to write, as if it had been typed without them.
                let quoted = serde_message
                    .strip_prefix("invalid type: string \"")
                    .and_then(|rest| rest.split_once("\", expected"))
                    .filter(|(_, wanted)| !wanted.starts_with("a string"))
                    .and_then(|(text, _)| super::load::value_slip(text));
                (explain_serde_error(&serde_message), quoted.or_else(|| misspelt_entry(loaded, &path)))
            });
            errors.push(loaded.error_at(&path, message, help));
            Err(InputErrors(errors))
        }
    }
}

/// Rewords serde's messages for people who do not program.
fn explain_serde_error(message: &str) -> Said {
    // toml appends "\nin `path`"; the path is reported separately.
    let first = message.split("\nin `").next().unwrap_or(message).trim();
    if let Some(field) = first.strip_prefix("missing field ") {
        let field = field.trim_matches('`');
        return said(
            format!("thiếu một thiết lập bắt buộc: {field}"),
            format!("a required setting is missing: {field}"),
        );
    }
    if first.contains("data did not match any variant of untagged enum PerCrop") {
        return said(
            "cần một số chung cho mọi cây, hoặc một bảng cây = số",
            "expected a number for every crop, or a map of crop = number",
        );
    }
    // "invalid type: string \"abc\", expected f64": what was found, and what was wanted.
    let kinds =
        [("invalid type: ", "sai kiểu", "wrong type: found "), ("invalid value: ", "sai giá trị", "invalid value: ")];
    for (prefix, wrong_vi, wrong_en) in kinds {
        let Some((found, expected)) = first.strip_prefix(prefix).and_then(|m| m.split_once(", expected ")) else {
            continue;
        };
        let (found_vi, found_en) = match found.split_once(' ') {
            Some(("string", text)) => (format!("chuỗi ký tự {text}"), format!("string {text}")),
            Some(("integer", n)) => (format!("số nguyên {n}"), format!("integer {n}")),
            Some(("floating", rest)) => {
                (format!("số thập phân{}", rest.trim_start_matches("point")), format!("floating {rest}"))
            }
            Some(("boolean", b)) => (format!("giá trị đúng/sai {b}"), format!("boolean {b}")),
            _ => match found {
                "sequence" => ("một danh sách [ … ]".to_string(), found.to_string()),
                "map" => ("một bảng { … }".to_string(), found.to_string()),
                _ => (found.to_string(), found.to_string()),
            },
        };
        let (wanted_vi, wanted_en) = expected_in_words(expected);
        return said(
            format!("{wrong_vi}: cần {wanted_vi}, nhưng ghi {found_vi}"),
            format!("{wrong_en}{found_en}, expected {wanted_en}"),
        );
    }
    let (vi, en) = expected_in_words(first);
    said(vi, en)
}

/// What serde says it expected, in words (Vietnamese, English); anything
/// else as it is.
fn expected_in_words(expected: &str) -> (String, String) {
    let words = match expected {
        "u32" | "u64" => Some(("một số nguyên ≥ 0", "a whole number ≥ 0")),
        "i32" => Some(("một số nguyên (một năm)", "a whole number (a year)")),
        "f64" => Some(("một số", "a number")),
        "a boolean" => Some(("true hoặc false", "true or false")),
        "a string" => Some(("một chuỗi ký tự trong ngoặc kép", "a string")),
        "a sequence" => Some(("một danh sách [ … ]", "a sequence")),
        _ => None,
    };
    match words {
        Some((vi, en)) => (vi.to_string(), en.to_string()),
        None => {
            let en = expected
                .replace("expected u32", "expected a whole number ≥ 0")
                .replace("expected i32", "expected a whole number (a year)")
                .replace("expected u64", "expected a whole number ≥ 0")
                .replace("expected f64", "expected a number")
                .replace("expected a boolean", "expected true or false");
            (en.clone(), en)
        }
    }
}

/// A zone, crop or market that is incomplete is often a misspelt name that
/// started a new entry: suggest the existing entry it resembles.
fn misspelt_entry(loaded: &LoadedScenario, path: &FieldPath) -> Option<Said> {
    let [Segment::Key(table), Segment::Key(name), ..] = path.0.as_slice() else { return None };
    if !matches!(table.as_str(), "zones" | "crops" | "markets") {
        return None;
    }
    let toml::Value::Table(entries) = loaded.table.get(table)? else { return None };
    let others: Vec<&str> = entries.keys().filter(|k| *k != name).map(String::as_str).collect();
    if let Some(c) = crate::text::nearest(name, others.iter().copied()) {
        return Some(said(
            format!("có phải ý bạn là \"{c}\"? \"{name}\" không có trong bảng {table}, nên được đọc là một mục mới"),
            format!("did you mean \"{c}\"? \"{name}\" is not in the {table} table, so it was read as a new entry"),
        ));
    }
    None
}

/// For a zone that sets nothing but its policy and is none of the
/// scenario's zones (`[zones."Huyện Yên Châu".policy]`, `[zones."Nà
/// Nghịu".policy]`): the error to give instead of "a required setting is
/// missing", since it was meant to be one of them, and the help naming the
/// nearest or some of those there are. (A new zone that lacks a setting is
/// just new, and told what it lacks.)
fn policy_of_no_zone(loaded: &LoadedScenario, path: &FieldPath) -> Option<(Said, Option<Said>)> {
    let [Segment::Key(table), Segment::Key(name), ..] = path.0.as_slice() else { return None };
    let toml::Value::Table(zones) = loaded.table.get("zones").filter(|_| table == "zones")? else { return None };
    let policy_only = matches!(zones.get(name), Some(toml::Value::Table(t)) if t.keys().all(|k| k == "policy"));
    let others: Vec<&str> = zones.keys().filter(|k| *k != name).map(String::as_str).collect();
    if !policy_only || others.is_empty() {
        return None;
    }
    let message = said(
        format!("không có vùng nào tên \"{name}\" trong bảng zones; chính sách riêng chỉ đặt được cho một vùng đã có"),
        format!("no zone named \"{name}\" in the zones table; a policy of its own is set for a zone there"),
    );
    let help = match crate::text::nearest(name, others.iter().copied()) {
        Some(zone) => crate::text::did_you_mean_name(zone),
        None => {
            let some = crate::text::first_few(&others, 6, "vùng");
            said(format!("các vùng có: {}", some.vi), format!("the zones are: {}", some.en))
        }
    };
    Some((message, Some(help)))
}

fn ignored_path(path: &serde_ignored::Path<'_>) -> FieldPath {
    use serde_ignored::Path as P;
    match path {
        P::Root => FieldPath::root(),
        P::Seq { parent, index } => ignored_path(parent).index(*index),
        P::Map { parent, key } => ignored_path(parent).key(key),
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => ignored_path(parent),
    }
}

/// For two years written last first (`[2030, 2026]`), the pair to write.
fn reversed_years(written: &[i32]) -> Option<Said> {
    match written {
        [first, last] if first > last => {
            Some(said(format!("hãy viết [{last}, {first}]"), format!("write [{last}, {first}]")))
        }
        _ => None,
    }
}

fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    serde_aux::serde_introspection::serde_introspect::<T>()
}

fn known_fields(path: &FieldPath) -> Vec<&'static str> {
    let parent = path.parent().unwrap_or_default();
    let keys: Vec<&str> = parent
        .0
        .iter()
        .map(|s| match s {
            Segment::Key(k) => k.as_str(),
            Segment::Index(_) => "",
        })
        .collect();
    let mut fields = match keys.as_slice() {
        [] => fields_of::<RawScenario>().to_vec(),
        ["simulation"] => fields_of::<RawSimulation>().to_vec(),
        ["policy"] => fields_of::<RawPolicy>().to_vec(),
        ["parameters"] => fields_of::<RawParameters>().to_vec(),
        ["markets", _] => fields_of::<RawMarket>().to_vec(),
        ["crops", _] => fields_of::<RawCrop>().to_vec(),
        ["zones", _] => fields_of::<RawZone>().to_vec(),
        ["zones", _, "policy"] => fields_of::<RawZonePolicy>().to_vec(),
        ["report"] => fields_of::<RawReport>().to_vec(),
        _ => Vec::new(),
    };
    if keys.is_empty() {
        fields.push("extends");
    }
    fields
}

/// Where policy key `key` of `zone`'s policy (`None`: `[policy]`) was
/// written: in the zone's table if it sets the key, else in `[policy]`.
fn policy_path(loaded: &LoadedScenario, zone: Option<&str>, key: &str) -> FieldPath {
    if let Some(zone) = zone {
        let set = loaded.table.get("zones").and_then(|z| z.get(zone)).and_then(|z| z.get("policy"));
        if set.is_some_and(|p| p.get(key).is_some()) {
            return FieldPath::keys(&["zones", zone, "policy", key]);
        }
    }
    FieldPath::keys(&["policy", key])
}

struct Checker<'a> {
    loaded: &'a LoadedScenario,
    errors: Vec<InputError>,
}

impl Checker<'_> {
    fn error(&mut self, path: &FieldPath, message: Said, help: Option<Said>) {
        self.errors.push(self.loaded.error_at(path, message, help));
    }

    fn shares_sum_to_one(&mut self, path: &FieldPath, values: impl Iterator<Item = f64>) {
        let total: f64 = values.sum();
        if (total - 1.0).abs() > SHARE_TOLERANCE {
            let shown = (total * 1e9).round() / 1e9;
            let message = said(
                format!("tổng các tỷ lệ phải bằng 1, nhưng đang bằng {}", shown.to_string().replace('.', ",")),
                format!("shares must sum to 1, but they sum to {shown}"),
            );
            self.error(path, message, None);
        }
    }

    fn crop_ref(&mut self, path: &FieldPath, name: &str, crops: &IndexMap<String, RawCrop>) -> Option<CropId> {
        match crops.get_index_of(name) {
            Some(i) => Some(CropId(i as u16)),
            None => {
                let help = did_you_mean(name, crops.keys().map(String::as_str));
                self.error(
                    path,
                    said(format!("không có cây trồng nào tên \"{name}\""), format!("no crop named \"{name}\"")),
                    help,
                );
                None
            }
        }
    }

    fn build(&mut self, raw: &RawScenario) -> Option<Scenario> {
        let simulation = self.simulation(&raw.simulation);
        let parameters = Parameters::from_raw(&raw.parameters);
        let markets = self.markets(&raw.markets);
        let correlation = self.correlations(&raw.correlations, &raw.markets);
        let crops = self.crops(raw);
        let policy = self.policy(&raw.policy, &raw.crops, &crops, None);
        let zones = self.zones(raw, &parameters, &crops, &policy);
        if let Some(problem) = plain_name_problem(&raw.name).filter(|_| !self.loaded.in_memory) {
            let help =
                Some(said("ví dụ, hãy viết name = \"ke-hoach-cua-toi\"", "write, for example, name = \"my-plan\""));
            self.error(&FieldPath::keys(&["name"]), problem, help);
        }
        if !self.errors.is_empty() {
            return None;
        }
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let report = raw.report.clone().unwrap_or_default();
        let mut word = |key: &str, value: Option<String>, default: &str| -> String {
            match value {
                Some(w) if !w.trim().is_empty() && w.chars().count() <= 30 => w.trim().to_string(),
                Some(_) => {
                    let message = said("cần một từ dài 1 đến 30 ký tự", "expected a word of 1 to 30 characters");
                    self.error(&FieldPath::keys(&["report", key]), message, None);
                    default.to_string()
                }
                None => default.to_string(),
            }
        };
        let zone_word =
            (word("zone_word_vi", report.zone_word_vi, "đơn vị"), word("zone_word_en", report.zone_word_en, "zone"));
        let written_periods = report.periods.as_deref().map(|p| self.plan_periods(p, simulation.base_year));
        self.years_before_the_run(simulation.base_year, &policy, &zones);
        let focus = self.focus(report.focus.as_deref().unwrap_or_default(), &zones);
        let title_vi = raw.title_vi.clone().unwrap_or_else(|| raw.name.clone());
        let title_en = raw.title_en.clone().unwrap_or_else(|| title_vi.clone());
        // A district that plans reads the province's plan settings as its own.
        let everyone_decides = policy.mode == Mode::Behavioural
            && zones.iter().all(|z| z.policy.as_ref().is_none_or(|p| p.mode == Mode::Behavioural));
        // The plan settings (MODEL.md §11) a policy sets, by key, in the
        // order of `plan_settings_set`.
        let plan_keys = |set: [bool; 5]| {
            ["target_ha_per_year", "target_years", "mix", "compliance", "require_feasible"]
                .into_iter()
                .zip(set)
                .filter(|&(_, set)| set)
                .map(|(key, _)| key)
        };
        let provincial = raw.policy.plan_settings_set();
        let mut plan_settings_unused: Vec<String> =
            plan_keys(provincial).filter(|_| everyone_decides).map(|key| format!("policy.{key}")).collect();
        // A district's own plan settings where its households decide.
        for (name, raw_zone) in &raw.zones {
            let Some(own) = &raw_zone.policy else { continue };
            let decides = zones
                .iter()
                .find(|z| &z.name == name)
                .is_some_and(|z| z.policy.as_ref().map_or(policy.mode, |p| p.mode) == Mode::Behavioural);
            plan_settings_unused.extend(
                plan_keys(own.plan_settings_set())
                    .filter(|_| decides)
                    .map(|key| format!("zones.\"{name}\".policy.{key}")),
            );
        }
        let mut file_warnings = self.zones_added_warnings(zones.len());
        // Years of a policy the zone does not have: it follows [policy] in
        // every year whatever they say.
        for z in zones.iter().filter(|z| z.policy.is_none() && z.policy_years.is_some()) {
            file_warnings.push(said(
                format!(
                    "zones.\"{}\".policy.policy_years: vùng không đặt thiết lập riêng nào khác [policy], nên policy_years không có tác dụng",
                    z.name
                ),
                format!(
                    "zones.\"{}\".policy.policy_years: the zone sets nothing of its own that differs from [policy], so policy_years does nothing",
                    z.name
                ),
            ));
        }
        let scenario = Scenario {
            name: raw.name.clone(),
            title_vi,
            title_en,
            description_vi: text(&raw.description_vi),
            description_en: text(&raw.description_en),
            simulation,
            parameters,
            policy,
            crops,
            markets,
            zones,
            correlation,
            sources: raw.sources.clone(),
            zone_word,
            written_periods,
            focus,
            resolved_toml: toml::to_string(&self.loaded.table).unwrap_or_default(),
            files: self.loaded.files.iter().map(|f| f.display_name.clone()).collect(),
            plan_settings_unused,
            file_warnings,
        };
        // Whether the province fits at the scale is checked with the scale
        // a run actually uses (the command line may change it): by
        // `open_at_own_scale` for `check`, by every simulating command.
        Some(scenario)
    }

    /// The zones of `[report] focus`, in table order.
    fn focus(&mut self, names: &[String], zones: &[Zone]) -> Vec<ZoneId> {
        let mut ids = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match zones.iter().find(|z| z.name == crate::text::nfc(name)) {
                Some(z) if !ids.contains(&z.id) => ids.push(z.id),
                Some(_) => {
                    let message = said("được ghi hai lần", "named twice");
                    self.error(&FieldPath::keys(&["report", "focus"]).index(i), message, None);
                }
                None => {
                    let help = did_you_mean(name, zones.iter().map(|z| z.name.as_str()));
                    self.error(
                        &FieldPath::keys(&["report", "focus"]).index(i),
                        said(format!("không có vùng nào tên \"{name}\""), format!("no zone named \"{name}\"")),
                        help,
                    );
                }
            }
        }
        ids.sort();
        ids
    }

    /// The budget's plan periods as written in `[report] periods`, none
    /// wholly before the base year (it would have no rows in the budget).
    fn plan_periods(&mut self, written: &[Vec<i32>], first_year: i32) -> Vec<(i32, i32)> {
        let at = FieldPath::keys(&["report", "periods"]);
        let mut periods: Vec<(i32, i32)> = Vec::new();
        for (i, period) in written.iter().enumerate() {
            let problem = match period.as_slice() {
                [first, last] if first > last => said(
                    "cần [năm đầu, năm cuối], năm đầu không sau năm cuối",
                    "expected [first, last] year, the first not after the last",
                ),
                [_, last] if *last < first_year => said(
                    format!(
                        "{period:?} nằm trước năm mô phỏng đầu tiên, {first_year}, nên bảng ngân sách không có dòng nào cho kỳ này"
                    ),
                    format!(
                        "{period:?} is before the first simulated year, {first_year}, so the budget has no rows for it"
                    ),
                ),
                [first, _] if periods.last().is_some_and(|&(_, end)| end >= *first) => {
                    said("bắt đầu trước khi kỳ trước nó kết thúc", "starts before the period before it ends")
                }
                [first, last] => {
                    periods.push((*first, *last));
                    continue;
                }
                _ => said("cần [năm đầu, năm cuối]", "expected [first, last] year"),
            };
            let help = said(
                "hãy viết mỗi kỳ dạng [năm đầu, năm cuối], theo thứ tự và không chồng nhau, \
                 ví dụ periods = [[2016, 2020], [2021, 2025]]",
                "write each period as [first, last] year, in order and apart, \
                 e.g. periods = [[2016, 2020], [2021, 2025]]",
            );
            self.error(&at.index(i), problem, Some(help));
        }
        periods
    }

    /// A warning for each file that added zones to those it inherits: the
    /// province then counts both (a file of communes extending a shipped
    /// scenario of districts counted the province about twice). The zones
    /// are "vùng"/"zones" here: the inherited ones may be districts and the
    /// added ones communes.
    fn zones_added_warnings(&self, zones: usize) -> Vec<Said> {
        self.loaded
            .zones_added
            .iter()
            .map(|z| {
                let (n, m) = (z.added.len(), z.inherited);
                let quoted: Vec<String> = z.added.iter().map(|a| format!("\"{a}\"")).collect();
                let some = crate::text::first_few(&quoted, 4, "vùng");
                said(
                    format!(
                        "zones: thêm {n} vùng ({}) bên cạnh {m} vùng kế thừa, nên tỉnh có {zones} vùng; nếu chúng thay cho các vùng kế thừa (xã thay huyện chẳng hạn), hãy viết replace_zones = true ở đầu tệp {}; nếu đúng là thêm vào, viết replace_zones = false",
                        some.vi, z.file
                    ),
                    format!(
                        "zones: {n} added ({}) to the {m} inherited, so the province has {zones} zones; if they replace the inherited ones (communes instead of districts, say), write replace_zones = true at the top of {}; if they are meant to be added, replace_zones = false",
                        some.en, z.file
                    ),
                )
            })
            .collect()
    }

    /// Errors for the years written before the first simulated one, where
    /// they would silently do nothing: support or a plan whose years all
    /// come before the base year. Years after the run's last are
    /// [`Scenario::years_after_the_run`]'s warnings: `--years` may lengthen
    /// or shorten a run.
    fn years_before_the_run(&mut self, base_year: i32, policy: &Policy, zones: &[Zone]) {
        let help = Some(said(
            format!(
                "lần chạy bắt đầu từ base_year {base_year} ([simulation] trong kịch bản); hãy ghi các năm từ năm đó trở đi"
            ),
            format!("the run starts in base_year {base_year} ([simulation] in the scenario); write years from it on"),
        ));
        for z in zones {
            if let Some((first, last)) = z.policy_years.filter(|&(_, last)| last < base_year) {
                let message = said(
                    format!(
                        "[{first}, {last}] nằm trước năm mô phỏng đầu tiên, {base_year}, nên vùng không bao giờ theo chính sách riêng"
                    ),
                    format!(
                        "[{first}, {last}] is before the first simulated year, {base_year}, so the zone never follows its own policy"
                    ),
                );
                self.error(&FieldPath::keys(&["zones", &z.name, "policy", "policy_years"]), message, help.clone());
            }
        }
        let province = policy.year_ranges(Lang::En);
        let policies = std::iter::once((None, policy))
            .chain(zones.iter().filter_map(|z| z.policy.as_ref().map(|p| (Some(z.name.as_str()), p))));
        for (zone, policy) in policies {
            let in_vietnamese = policy.year_ranges(Lang::Vi);
            for (i, (key, range, consequence)) in policy.year_ranges(Lang::En).into_iter().enumerate() {
                let path = policy_path(self.loaded, zone, key);
                // A zone's policy repeats the province's years, reported
                // there, unless it sets its own or the province has none (a
                // planned district of a province where households decide).
                let own =
                    zone.is_none() || path.0.first() == Some(&Segment::Key("zones".into())) || province[i].1.is_none();
                // A reversed or missing range is reported as such already.
                let before = |&(first, last): &(i32, i32)| first <= last && last < base_year;
                if let Some((first, last)) = range.filter(|r| own && before(r)) {
                    let message = said(
                        format!(
                            "[{first}, {last}] nằm trước năm mô phỏng đầu tiên, {base_year}, nên {}",
                            in_vietnamese[i].2
                        ),
                        format!("[{first}, {last}] is before the first simulated year, {base_year}, so {consequence}"),
                    );
                    self.error(&path, message, help.clone());
                }
            }
        }
    }

    fn simulation(&mut self, s: &RawSimulation) -> RunSettings {
        // Ranges are checked from the table in `ranges.rs`.
        RunSettings { base_year: s.base_year, years: s.years, replicates: s.replicates, seed: s.seed, scale: s.scale }
    }

    fn markets(&mut self, markets: &IndexMap<String, RawMarket>) -> Vec<Market> {
        if markets.is_empty() {
            self.error(
                &FieldPath::keys(&["markets"]),
                said("cần ít nhất một thị trường", "at least one market is needed"),
                None,
            );
        }
        let mut out = Vec::new();
        for (i, (key, m)) in markets.iter().enumerate() {
            let at = |k: &str| FieldPath::keys(&["markets", key, k]);
            let mut q_ref_t = m.q_ref_t.unwrap_or(0.0);
            if m.demand_elasticity.is_some() {
                match m.q_ref_t {
                    Some(q) => q_ref_t = q,
                    None => self.error(
                        &at("demand_elasticity"),
                        said(
                            "thị trường có độ co giãn cầu (demand_elasticity) cần q_ref_t, số tấn nó tiêu thụ ở giá cơ sở",
                            "a market with a demand elasticity needs q_ref_t, the tonnes it absorbs at the base price",
                        ),
                        None,
                    ),
                }
            }
            let growth = m.q_ref_growth.unwrap_or(0.0);
            let (price_shock, price_shock_from_year) = match (m.price_shock, m.price_shock_from_year) {
                (None, None) => (0.0, i32::MAX),
                (Some(shock), Some(year)) => (shock, year),
                (Some(_), None) => {
                    self.error(
                        &at("price_shock"),
                        said(
                            "cú sốc giá cần price_shock_from_year, năm đầu tiên nó có hiệu lực",
                            "a price shock needs price_shock_from_year, the first year it applies",
                        ),
                        Some(said(
                            "ví dụ price_shock = -0.3 và price_shock_from_year = 2025",
                            "e.g. price_shock = -0.3 and price_shock_from_year = 2025",
                        )),
                    );
                    (0.0, i32::MAX)
                }
                (None, Some(_)) => {
                    self.error(
                        &at("price_shock_from_year"),
                        said(
                            "có price_shock_from_year nhưng không có price_shock, mức thay đổi của giá (−0.3: thấp hơn 30%)",
                            "price_shock_from_year without price_shock, the change of the price (−0.3: 30% lower)",
                        ),
                        None,
                    );
                    (0.0, i32::MAX)
                }
            };
            out.push(Market {
                id: MarketId(i as u16),
                key: key.clone(),
                base_price_vnd_per_kg: m.base_price_vnd_kg,
                sigma: m.sigma,
                phi: m.phi,
                demand_elasticity: m.demand_elasticity,
                q_ref_t,
                q_ref_growth: growth,
                price_shock,
                price_shock_from_year,
                source: m.source.clone().unwrap_or_else(|| "est".into()),
            });
        }
        out
    }

    fn correlations(
        &mut self,
        corr: &IndexMap<String, IndexMap<String, f64>>,
        markets: &IndexMap<String, RawMarket>,
    ) -> Vec<f64> {
        let n = markets.len();
        let mut matrix = DMatrix::<f64>::identity(n, n);
        let mut set = vec![false; n * n];
        for (a, row) in corr {
            let Some(i) = markets.get_index_of(a) else {
                let help = did_you_mean(a, markets.keys().map(String::as_str));
                self.error(&FieldPath::keys(&["correlations", a]), no_market(a), help);
                continue;
            };
            for (b, &value) in row {
                let path = FieldPath::keys(&["correlations", a, b]);
                let Some(j) = markets.get_index_of(b) else {
                    let help = did_you_mean(b, markets.keys().map(String::as_str));
                    self.error(&path, no_market(b), help);
                    continue;
                };
                if !(value.is_finite() && (-1.0..=1.0).contains(&value)) {
                    continue; // reported by the range check
                }
                if i == j {
                    if value != 1.0 {
                        let message = said(
                            "tương quan của một thị trường với chính nó bằng 1",
                            "a market's correlation with itself is 1",
                        );
                        self.error(&path, message, None);
                    }
                    continue;
                }
                if set[j * n + i] && matrix[(j, i)] != value {
                    self.error(
                        &path,
                        said(
                            format!(
                                "ma trận tương quan không đối xứng: {a}–{b} ở đây là {value} nhưng ở chỗ ghi {b}–{a} là {}",
                                matrix[(j, i)]
                            ),
                            format!(
                                "the correlation matrix is not symmetric: {a}–{b} is {value} here but {} where {b}–{a} is given",
                                matrix[(j, i)]
                            ),
                        ),
                        None,
                    );
                    continue;
                }
                matrix[(i, j)] = value;
                matrix[(j, i)] = value;
                set[i * n + j] = true;
            }
        }
        if n > 0 && nalgebra::Cholesky::new(matrix.clone()).is_none() {
            self.error(
                &FieldPath::keys(&["correlations"]),
                said(
                    "các tương quan thị trường không nhất quán với nhau (ma trận không xác định dương)",
                    "the market correlations are not consistent (the matrix is not positive definite)",
                ),
                Some(said(
                    "hãy giảm các tương quan lớn nhất, hoặc kiểm tra xem các cặp của ba thị trường có thể cùng đúng không",
                    "lower the largest correlations, or check that three markets' pairs are possible together",
                )),
            );
        }
        matrix.transpose().iter().copied().collect()
    }

    fn crops(&mut self, raw: &RawScenario) -> Vec<Crop> {
        if raw.crops.is_empty() {
            self.error(
                &FieldPath::keys(&["crops"]),
                said("cần ít nhất một cây trồng", "at least one crop is needed"),
                None,
            );
        }
        let mut out = Vec::new();
        for (i, (key, c)) in raw.crops.iter().enumerate() {
            let at = |k: &str| FieldPath::keys(&["crops", key, k]);
            let market = match raw.markets.get_index_of(&c.market) {
                Some(m) => MarketId(m as u16),
                None => {
                    let help = did_you_mean(&c.market, raw.markets.keys().map(String::as_str));
                    self.error(&at("market"), no_market(&c.market), help);
                    MarketId(0)
                }
            };
            let kind = match c.kind.as_str() {
                "annual" => CropKind::Annual,
                "perennial" => CropKind::Perennial,
                other => {
                    let help = did_you_mean(other, ["annual", "perennial"]);
                    let message = said(
                        format!("cần \"annual\" (hằng năm) hoặc \"perennial\" (lâu năm), nhưng ghi \"{other}\""),
                        format!("expected \"annual\" or \"perennial\", found \"{other}\""),
                    );
                    self.error(&at("kind"), message, help);
                    CropKind::Annual
                }
            };
            let yields = [c.yield_t_ha_S1, c.yield_t_ha_S2, c.yield_t_ha_S3, c.yield_t_ha_S4];
            let mut slope_share = [0.0; 4];
            for (s, &v) in &c.slope_share {
                let path = at("slope_share").key(s);
                match Slope::parse(s) {
                    Some(slope) => slope_share[slope.index()] = v,
                    None => self.error(&path, no_slope_class(s), Some(slope_classes())),
                }
            }
            self.shares_sum_to_one(&at("slope_share"), c.slope_share.values().copied());

            let required = |checker: &mut Self, name: &str, value: Option<f64>| -> f64 {
                match value {
                    Some(v) => v,
                    None => {
                        let message = if kind == CropKind::Annual {
                            said(format!("cây hằng năm cần {name}"), format!("an annual crop needs {name}"))
                        } else {
                            said(format!("cây lâu năm cần {name}"), format!("a perennial crop needs {name}"))
                        };
                        checker.error(&at(name), message, None);
                        0.0
                    }
                }
            };
            let mut crop = Crop {
                id: CropId(i as u16),
                key: key.clone(),
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                kind,
                market,
                quality: c.quality,
                convertible: c.convertible,
                yield_t_per_ha: yields,
                annual_cost_vnd_per_ha: 0.0,
                establishment_vnd_per_ha: 0.0,
                maintenance_vnd_per_ha: 0.0,
                harvest_vnd_per_kg: 0.0,
                topwork_vnd_per_ha: c.topwork_vnd_ha.unwrap_or(0.0),
                topwork_age_years: c.topwork_age.unwrap_or(0),
                topwork_to: None,
                lifespan_years: 0,
                yield_curve: YieldCurve::flat(),
                yield_cv: c.yield_cv,
                cover_factor_young: c.c_young,
                cover_factor_mature: c.c_mature,
                cover_credit: c.cover_credit,
                initial_age_years: (0, 0),
                slope_share,
                source: c.source.clone().unwrap_or_else(|| "est".into()),
            };
            match kind {
                CropKind::Annual => {
                    crop.annual_cost_vnd_per_ha = required(self, "annual_cost_vnd_ha", c.annual_cost_vnd_ha);
                }
                CropKind::Perennial => {
                    crop.establishment_vnd_per_ha = required(self, "establishment_vnd_ha", c.establishment_vnd_ha);
                    crop.maintenance_vnd_per_ha = required(self, "maintenance_vnd_ha", c.maintenance_vnd_ha);
                    crop.harvest_vnd_per_kg = required(self, "harvest_vnd_kg", c.harvest_vnd_kg);
                    crop.lifespan_years = match c.lifespan {
                        Some(l) => l,
                        None => {
                            let message =
                                said("cây lâu năm cần lifespan (số năm)", "a perennial crop needs lifespan (years)");
                            self.error(&at("lifespan"), message, None);
                            1
                        }
                    };
                    crop.yield_curve = self.yield_curve(&at("yield_curve"), c.yield_curve.as_deref());
                    crop.initial_age_years = match c.initial_age.as_deref() {
                        Some([lo, hi]) if lo <= hi && *hi < crop.lifespan_years => (*lo, *hi),
                        Some([lo, hi]) if lo <= hi => {
                            self.error(
                                &at("initial_age"),
                                said(
                                    format!(
                                        "tuổi phải nhỏ hơn lifespan ({} năm), nhưng ghi đến {hi}",
                                        crop.lifespan_years
                                    ),
                                    format!(
                                        "ages must be below the lifespan ({} years), found up to {hi}",
                                        crop.lifespan_years
                                    ),
                                ),
                                None,
                            );
                            (0, 0)
                        }
                        Some(_) => {
                            self.error(
                                &at("initial_age"),
                                said(
                                    "cần [nhỏ nhất, lớn nhất] với nhỏ nhất ≤ lớn nhất, ví dụ [3, 8]",
                                    "expected [youngest, oldest] with youngest ≤ oldest, e.g. [3, 8]",
                                ),
                                None,
                            );
                            (0, 0)
                        }
                        None => {
                            self.error(
                                &at("initial_age"),
                                said(
                                    "cây lâu năm cần initial_age = [nhỏ nhất, lớn nhất] (năm)",
                                    "a perennial crop needs initial_age = [youngest, oldest] (years)",
                                ),
                                None,
                            );
                            (0, 0)
                        }
                    };
                }
            }
            out.push(crop);
        }
        // Top-working targets need the whole table.
        for (i, (key, c)) in raw.crops.iter().enumerate() {
            let Some(target) = &c.topwork_to else { continue };
            let path = FieldPath::keys(&["crops", key, "topwork_to"]);
            if let Some(t) = self.crop_ref(&path, target, &raw.crops) {
                let tc = &raw.crops[t.index()];
                if tc.kind != "perennial" || tc.topwork_vnd_ha.is_none() || tc.topwork_age.is_none() {
                    self.error(
                        &path,
                        said(
                            format!("không ghép cải tạo sang \"{target}\" được: cây này cần kind = \"perennial\", topwork_vnd_ha và topwork_age"),
                            format!("\"{target}\" cannot be top-worked onto: it needs kind = \"perennial\", topwork_vnd_ha and topwork_age"),
                        ),
                        None,
                    );
                } else if tc.topwork_age.unwrap_or(0) >= tc.lifespan.unwrap_or(u32::MAX) {
                    self.error(
                        &FieldPath::keys(&["crops", target, "topwork_age"]),
                        {
                            let (age, lifespan) = (tc.topwork_age.unwrap_or(0), tc.lifespan.unwrap_or(0));
                            said(
                                format!("vườn \"{target}\" ghép cải tạo bắt đầu ở tuổi {age}, không nhỏ hơn lifespan của nó ({lifespan} năm)"),
                                format!("a top-worked orchard of \"{target}\" starts at age {age}, which is not below its lifespan ({lifespan} years)"),
                            )
                        },
                        None,
                    );
                } else {
                    out[i].topwork_to = Some(t);
                }
            }
        }
        out
    }

    fn yield_curve(&mut self, path: &FieldPath, points: Option<&[Vec<f64>]>) -> YieldCurve {
        let Some(points) = points else {
            let message = said(
                "cây lâu năm cần yield_curve = [[tuổi, tỷ lệ], …]",
                "a perennial crop needs yield_curve = [[age, share], …]",
            );
            self.error(path, message, None);
            return YieldCurve::flat();
        };
        if points.is_empty() {
            self.error(
                path,
                said("cần ít nhất một điểm [tuổi, tỷ lệ]", "expected at least one [age, share] point"),
                None,
            );
        }
        let mut out = Vec::new();
        let mut last_age: Option<f64> = None;
        for (i, p) in points.iter().enumerate() {
            let at = path.index(i);
            let [age, share] = p.as_slice() else {
                let n = p.len();
                let message = said(
                    format!("cần một cặp [tuổi, tỷ lệ], nhưng có {n} số"),
                    format!("expected a pair [age, share], found {n} numbers"),
                );
                self.error(&at, message, None);
                continue;
            };
            if let Some(prev) = last_age
                && *age <= prev
            {
                let message = said(
                    format!("tuổi phải tăng dần: {age} đứng sau {prev}"),
                    format!("ages must increase: {age} comes after {prev}"),
                );
                self.error(&at, message, None);
            }
            last_age = Some(*age);
            out.push((*age, *share));
        }
        YieldCurve::new(out)
    }

    fn zones(&mut self, raw: &RawScenario, params: &Parameters, crops: &[Crop], province: &Policy) -> Vec<Zone> {
        if raw.zones.is_empty() {
            self.error(&FieldPath::keys(&["zones"]), said("cần ít nhất một vùng", "at least one zone is needed"), None);
        }
        let mut out = Vec::new();
        for (i, (name, z)) in raw.zones.iter().enumerate() {
            let at = |k: &str| FieldPath::keys(&["zones", name, k]);
            if name.trim() != name || name.is_empty() {
                // `--focus "Mường Bú"` and every table that names the zone
                // would miss "Mường Bú ", which is a second zone beside it.
                self.error(
                    &FieldPath::keys(&["zones", name]),
                    said(
                        format!("tên \"{name}\" có dấu cách ở đầu hoặc cuối, hoặc để trống"),
                        format!("the name \"{name}\" starts or ends with a space, or is empty"),
                    ),
                    Some(said(
                        format!("hãy viết [zones.\"{}\"]", name.trim()),
                        format!("write [zones.\"{}\"]", name.trim()),
                    )),
                );
            }
            // A name with spaces at its ends is told once, above.
            let spaced = name.trim() != name;
            if let Some(same) = raw
                .zones
                .keys()
                .take(i)
                .find(|other| !spaced && other.trim() == other.as_str() && same_place(other, name))
            {
                self.error(
                    &FieldPath::keys(&["zones", name]),
                    said(
                        format!("\"{name}\" và \"{same}\" là cùng một nơi, viết hai lần"),
                        format!("\"{name}\" and \"{same}\" are the same place, written twice"),
                    ),
                    // One inherited, one added: the file's zones were
                    // probably meant to replace the inherited ones.
                    Some(if self.loaded.zones_added.iter().any(|z| z.added.contains(name) != z.added.contains(same)) {
                        said(
                            "nếu các vùng trong tệp này thay cho các vùng kế thừa (xã thay huyện chẳng hạn), hãy viết replace_zones = true ở đầu tệp",
                            "if this file's zones replace the inherited ones (communes instead of districts, say), write replace_zones = true at the top of the file",
                        )
                    } else {
                        said(
                            "mỗi đơn vị chỉ một bảng [zones.\"…\"]; gộp các thiết lập của chúng vào một",
                            "one [zones.\"…\"] table per zone; put their settings into one",
                        )
                    }),
                );
            }
            let mut crop_area_ha = vec![0.0; raw.crops.len()];
            for (crop, &area) in &z.area_ha {
                let path = at("area_ha").key(crop);
                if let Some(c) = self.crop_ref(&path, crop, &raw.crops) {
                    crop_area_ha[c.index()] = area;
                }
            }
            let farmland: f64 = crop_area_ha.iter().sum();
            // Areas to a tenth of a hectare, grouped: a sum of decimals such
            // as 2744.6000000000004 reads 2.744,6 (Vietnamese).
            let ha = |v: f64, lang: Lang| crate::text::number_trimmed(v, 1, lang);
            let room = z.natural_area_ha - z.forest_ha;
            if farmland > room + 1e-9 {
                let culprit = self.loaded.most_derived(&[at("area_ha"), at("forest_ha"), at("natural_area_ha")]);
                self.error(
                    &culprit,
                    said(
                        format!(
                            "đất nông nghiệp ({} ha) lớn hơn diện tích tự nhiên trừ rừng ({} − {} = {} ha)",
                            ha(farmland, Lang::Vi),
                            ha(z.natural_area_ha, Lang::Vi),
                            ha(z.forest_ha, Lang::Vi),
                            ha(room, Lang::Vi)
                        ),
                        format!(
                            "farmland ({} ha) is larger than the natural area less forest ({} − {} = {} ha)",
                            ha(farmland, Lang::En),
                            ha(z.natural_area_ha, Lang::En),
                            ha(z.forest_ha, Lang::En),
                            ha(room, Lang::En)
                        ),
                    ),
                    None,
                );
            }
            let rk = z.rk.map_or(params.rk, |v| v);
            let hail_p = z.hail_p.map_or(params.hail_p, |v| v);
            let mut suitability = vec![1.0; raw.crops.len()];
            for (crop, &factor) in z.suitability.iter().flatten() {
                if let Some(c) = self.crop_ref(&at("suitability").key(crop), crop, &raw.crops) {
                    suitability[c.index()] = factor;
                }
            }
            let policy =
                z.policy.as_ref().map(|own| self.policy(&own.overlay(&raw.policy), &raw.crops, crops, Some(name)));
            // A zone that restates the province's policy has none of its own.
            let policy = policy.filter(|p| p != province);
            let policy_years = z.policy.as_ref().and_then(|own| own.policy_years.as_deref()).and_then(|years| {
                let at = FieldPath::keys(&["zones", name, "policy", "policy_years"]);
                match years {
                    [first, last] if first <= last => Some((*first, *last)),
                    _ => {
                        self.error(
                            &at,
                            said(
                                "cần [năm đầu, năm cuối] vùng theo chính sách riêng, năm đầu ≤ năm cuối, ví dụ [2026, 2030]",
                                "expected [first, last] decision year under the zone's own policy, first ≤ last, e.g. [2026, 2030]",
                            ),
                            reversed_years(years),
                        );
                        None
                    }
                }
            });
            out.push(Zone {
                id: ZoneId(i as u16),
                name: name.clone(),
                natural_area_ha: z.natural_area_ha,
                households: z.households,
                forest_ha: z.forest_ha,
                crop_area_ha,
                rk,
                hail_p,
                suitability,
                policy,
                policy_years,
                source: z.source.clone().unwrap_or_else(|| "est".into()),
            });
        }
        out
    }

    fn crop_list(
        &mut self,
        zone: Option<&str>,
        field: &str,
        names: &[String],
        all: &IndexMap<String, RawCrop>,
    ) -> Vec<CropId> {
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let path = policy_path(self.loaded, zone, field).index(i);
            if let Some(id) = self.crop_ref(&path, name, all) {
                out.push(id);
            }
        }
        out
    }

    /// The policy `p` of `zone` (`None`: the province's `[policy]`).
    fn policy(
        &mut self,
        p: &RawPolicy,
        raw_crops: &IndexMap<String, RawCrop>,
        crops: &[Crop],
        zone: Option<&str>,
    ) -> Policy {
        let loaded = self.loaded;
        let at = |k: &str| policy_path(loaded, zone, k);
        let mode = match p.mode.as_str() {
            "behavioural" | "behavioral" => Mode::Behavioural,
            "planned" => Mode::Planned,
            other => {
                let help = did_you_mean(other, ["behavioural", "planned"]);
                let message = said(
                    format!(
                        "cần \"behavioural\" (hộ tự quyết định) hoặc \"planned\" (theo kế hoạch), nhưng ghi \"{other}\""
                    ),
                    format!("expected \"behavioural\" or \"planned\", found \"{other}\""),
                );
                self.error(&at("mode"), message, help);
                Mode::Behavioural
            }
        };
        let from_crops = self.crop_list(zone, "from_crops", &p.from_crops, raw_crops);
        let to_crops = self.crop_list(zone, "to_crops", &p.to_crops, raw_crops);
        let topwork_from = self.crop_list(zone, "topwork_from", &p.topwork_from, raw_crops);
        let crop_ok = crops.len() == raw_crops.len();
        if crop_ok {
            for (i, c) in p.from_crops.iter().enumerate() {
                if let Some(id) = raw_crops.get_index_of(c)
                    && !crops[id].convertible
                {
                    let message = said(
                        format!("\"{c}\" được đánh dấu convertible = false (không chuyển đổi)"),
                        format!("\"{c}\" is marked convertible = false"),
                    );
                    self.error(&at("from_crops").index(i), message, None);
                }
            }
            for (i, c) in p.to_crops.iter().enumerate() {
                // Planting a parcel to the crop it already grows would count
                // area "converted" and pay subsidy for nothing.
                if p.from_crops.contains(c) {
                    self.error(
                        &at("to_crops").index(i),
                        said(
                            format!("\"{c}\" cũng nằm trong các cây chuyển đổi đi (from_crops); một cây không chuyển đổi sang chính nó"),
                            format!("\"{c}\" is also among the crops converted from (from_crops); a crop is not converted to itself"),
                        ),
                        None,
                    );
                }
                if let Some(id) = raw_crops.get_index_of(c)
                    && !crops[id].is_perennial()
                {
                    self.error(
                        &at("to_crops").index(i),
                        said(
                            format!("\"{c}\" không phải cây lâu năm; chỉ trồng mới vườn cây lâu năm"),
                            format!("\"{c}\" is not a perennial crop; only orchards are planted"),
                        ),
                        None,
                    );
                }
            }
            for (i, c) in p.topwork_from.iter().enumerate() {
                if let Some(id) = raw_crops.get_index_of(c)
                    && crops[id].topwork_to.is_none()
                {
                    self.error(
                        &at("topwork_from").index(i),
                        said(
                            format!("\"{c}\" không có cây topwork_to để ghép cải tạo sang"),
                            format!("\"{c}\" has no topwork_to crop to be top-worked onto"),
                        ),
                        None,
                    );
                }
            }
        }
        let mut slopes = [false; 4];
        for (i, s) in p.slopes.iter().enumerate() {
            match Slope::parse(s) {
                Some(slope) => slopes[slope.index()] = true,
                None => self.error(&at("slopes").index(i), no_slope_class(s), Some(slope_classes())),
            }
        }
        let subsidy_vnd_per_ha = match &p.subsidy_vnd_ha {
            PerCrop::All(v) => vec![*v; raw_crops.len()],
            PerCrop::Each(map) => {
                let mut out = vec![0.0; raw_crops.len()];
                for (crop, &v) in map {
                    let path = at("subsidy_vnd_ha").key(crop);
                    if let Some(id) = self.crop_ref(&path, crop, raw_crops) {
                        out[id.index()] = v;
                    }
                }
                out
            }
        };
        let plan = if mode == Mode::Planned { self.plan(p, raw_crops, zone) } else { None };
        let support_years = match p.support_years.as_deref() {
            None => None,
            Some([first, last]) if first <= last => Some((*first, *last)),
            Some(written) => {
                self.error(
                    &at("support_years"),
                    said(
                        "cần [năm đầu, năm cuối] được hỗ trợ, năm đầu ≤ năm cuối, ví dụ [2017, 2025]",
                        "expected [first, last] year of the support, first ≤ last, e.g. [2017, 2025]",
                    ),
                    reversed_years(written),
                );
                None
            }
        };
        Policy {
            mode,
            from_crops,
            slopes,
            to_crops,
            topwork_from,
            min_parcel_ha: p.min_parcel_ha,
            max_conversions_per_household: p.max_conversions_per_household,
            subsidy_vnd_per_ha,
            credit_limit_vnd: p.credit_limit_vnd,
            credit_rate: p.credit_rate,
            extension_boost: p.extension_boost,
            topwork_support_vnd_per_household: p.topwork_support_vnd_household,
            coop_share: p.coop_share,
            support_years,
            plan,
        }
    }

    fn plan(&mut self, p: &RawPolicy, raw_crops: &IndexMap<String, RawCrop>, zone: Option<&str>) -> Option<Plan> {
        let loaded = self.loaded;
        let at = |k: &str| policy_path(loaded, zone, k);
        let missing = |k: &str, k_vi: &str| match zone {
            Some(zone) => said(
                format!("chế độ theo kế hoạch ở {zone} cần {k_vi}, trong [zones.\"{zone}\".policy] hoặc [policy]"),
                format!("planned mode in {zone} needs {k}, in [zones.\"{zone}\".policy] or [policy]"),
            ),
            None => said(format!("chế độ theo kế hoạch cần {k_vi}"), format!("planned mode needs {k}")),
        };
        let own_target = zone.is_some() && at("target_ha_per_year").0.first() == Some(&Segment::Key("zones".into()));
        let target = match p.target_ha_per_year {
            Some(v) => v,
            None => {
                self.error(
                    &at("mode"),
                    missing(
                        "target_ha_per_year (ha converted per year)",
                        "target_ha_per_year (số ha chuyển đổi mỗi năm)",
                    ),
                    None,
                );
                0.0
            }
        };
        let years = match p.target_years.as_deref() {
            Some([a, b]) if a <= b => (*a, *b),
            Some(written) => {
                self.error(
                    &at("target_years"),
                    said(
                        "cần [năm đầu, năm cuối] quyết định chuyển đổi, năm đầu ≤ năm cuối, ví dụ [2016, 2025]",
                        "expected [first, last] decision year, first ≤ last, e.g. [2016, 2025]",
                    ),
                    reversed_years(written),
                );
                (0, -1)
            }
            None => {
                self.error(
                    &at("mode"),
                    missing("target_years = [first, last]", "target_years = [năm đầu, năm cuối]"),
                    None,
                );
                (0, -1)
            }
        };
        let mut mix = Vec::new();
        match &p.mix {
            Some(m) if !m.is_empty() => {
                for (crop, &share) in m {
                    let path = at("mix").key(crop);
                    if let Some(id) = self.crop_ref(&path, crop, raw_crops) {
                        if !p.to_crops.contains(crop) {
                            // Told where the planner most likely just wrote
                            // (a to_crops without the inherited mix's crop),
                            // with where the other half is written.
                            let to_crops = at("to_crops");
                            let blamed = self.loaded.most_derived(&[path.clone(), to_crops.clone()]);
                            let other = if blamed == to_crops { &path } else { &to_crops };
                            let other_at = self.loaded.written_at(other);
                            let message = said(
                                format!("\"{crop}\" của cơ cấu (mix) không nằm trong policy.to_crops"),
                                format!("\"{crop}\" of the mix is not among policy.to_crops"),
                            );
                            let help = said(
                                format!(
                                    "{other} ở {other_at}; hãy thêm \"{crop}\" vào to_crops, hoặc viết lại mix chỉ với các cây của to_crops"
                                ),
                                format!(
                                    "{other} is at {other_at}; add \"{crop}\" to to_crops, or write a mix of to_crops' crops only"
                                ),
                            );
                            self.error(&blamed, message, Some(help));
                        }
                        mix.push((id, share));
                    }
                }
                self.shares_sum_to_one(&at("mix"), m.values().copied());
            }
            Some(_) => self.error(
                &at("mix"),
                said("cơ cấu cây (mix) đang trống", "the mix is empty"),
                Some(said(
                    "hãy ghi tỷ lệ của từng cây, ví dụ mix = { longan_grafted = 0.6, mango_grafted = 0.4 }",
                    "give each crop its share, e.g. mix = { longan_grafted = 0.6, mango_grafted = 0.4 }",
                )),
            ),
            None => self.error(&at("mode"), missing("mix = { crop = share, … }", "mix = { cây = tỷ lệ, … }"), None),
        }
        let compliance = match p.compliance {
            Some(v) => v,
            None => {
                self.error(
                    &at("mode"),
                    missing("compliance (share of owners who agree)", "compliance (tỷ lệ hộ có đất đồng ý)"),
                    None,
                );
                0.0
            }
        };
        Some(Plan {
            target_ha_per_year: target,
            own_target,
            target_years: years,
            mix,
            compliance,
            require_feasible: p.require_feasible.unwrap_or(false),
        })
    }
}

/// "no market named …".
fn no_market(name: &str) -> Said {
    said(format!("không có thị trường nào tên \"{name}\""), format!("no market named \"{name}\""))
}

/// "no slope class …".
fn no_slope_class(name: &str) -> Said {
    said(format!("không có cấp độ dốc nào tên \"{name}\""), format!("no slope class \"{name}\""))
}

/// The slope classes there are.
fn slope_classes() -> Said {
    said("các cấp độ dốc là S1, S2, S3, S4", "slope classes are S1, S2, S3, S4")
}

/// Whether two zone names name the same place: the same but for case, the
/// spaces around them and an administrative prefix that only one of them
/// has ("Xã Mường Bú" and "Mường Bú"). Two different prefixes are two
/// places (a town and a commune may share a name), and marks are kept:
/// Chiềng Ban and Chiềng Bằng are two communes.
fn same_place(a: &str, b: &str) -> bool {
    // Each prefix, and the level it names ("tp." is "thành phố").
    const PREFIXES: [(&str, &str); 7] = [
        ("xã ", "xã"),
        ("phường ", "phường"),
        ("thị trấn ", "thị trấn"),
        ("thị xã ", "thị xã"),
        ("huyện ", "huyện"),
        ("thành phố ", "thành phố"),
        ("tp. ", "thành phố"),
    ];
    let split = |name: &str| {
        let name = crate::text::nfc(name.trim()).to_lowercase();
        let (level, rest) = PREFIXES
            .iter()
            .find_map(|(prefix, level)| name.strip_prefix(prefix).map(|rest| (Some(*level), rest.to_string())))
            .unwrap_or((None, name.clone()));
        (level, rest.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let ((level_a, a), (level_b, b)) = (split(a), split(b));
    a == b && (level_a.is_none() || level_b.is_none() || level_a == level_b)
}

#[cfg(test)]
mod tests {
    use super::same_place;

    #[test]
    fn the_same_place_is_told_apart_from_a_namesake() {
        assert!(same_place("Mường Bú", "Xã  mường bú"));
        assert!(same_place("Thành phố Sơn La", "TP. Sơn La"));
        assert!(same_place("Thành phố Sơn La", "Sơn La"));
        // A town and a commune of one name, and two names told apart by marks.
        assert!(!same_place("Thị trấn Mộc Châu", "Xã Mộc Châu"));
        assert!(!same_place("Chiềng Ban", "Chiềng Bằng"));
        assert!(!same_place("Mường Bú", "Mường Bon"));
    }
}
