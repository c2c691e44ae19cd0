//! `check`, `show`, `scenarios` and `crops`: look at scenarios and crops
//! without simulating.

use super::console;
use crate::cli::{CropsArgs, Format};
use agroshift::analysis::crops::{cash_flow_profile, crop_table};
use agroshift::error::{Error, Result, said};
use agroshift::output::crops::{cash_flow_csv, cash_flow_text, crops_csv, crops_text, rows_json};
use agroshift::output::csv_out::restyle;
use agroshift::output::scenario_summary::summary;
use agroshift::output::table::TextTable;
use agroshift::scenario::{self, Lang, Slope, builtin};

/// `agroshift check`: validates each file, prints a summary of each valid one.
/// Every file is checked even when an earlier one fails.
pub fn check(files: &[String], lang: Lang) -> Result<()> {
    let mut all_errors = Vec::new();
    for spec in files {
        match scenario::open_at_own_scale(spec) {
            Ok(s) => {
                console::print(&summary(&s, lang))?;
                for warning in s.settings_without_effect(lang) {
                    console::note(false, &format!("{}: {spec}: {warning}", lang.pick("cảnh báo", "warning")));
                }
            }
            Err(e) => all_errors.extend(e.0),
        }
    }
    if all_errors.is_empty() { Ok(()) } else { Err(Error::Input(agroshift::error::InputErrors(all_errors))) }
}

/// `agroshift show`: the scenario file as written, or (`--resolved`) with
/// everything inherited written out and each value's origin.
pub fn show(spec: &str, resolved: bool) -> Result<()> {
    let text =
        if resolved { scenario::origins::resolved_with_origins(spec)? } else { scenario::origins::as_written(spec)? };
    console::print(&text)
}

/// `agroshift scenarios`: the shipped scenarios and what each extends.
pub fn list_scenarios(lang: Lang) -> Result<()> {
    let header = [lang.pick("kịch bản", "scenario"), lang.pick("kế thừa", "extends"), lang.pick("tên", "title")];
    let mut table = TextTable::new(header.iter().map(|h| h.to_string()).collect());
    for b in builtin::BUILTINS {
        let s = scenario::open(b.name)?;
        let parent = s.files.get(1).map(|f| f.trim_start_matches("built-in:").to_string()).unwrap_or_default();
        table.row(vec![b.name.to_string(), parent, s.title(lang).to_string()]);
    }
    let default = builtin::DEFAULT_SCENARIO;
    console::print(&match lang {
        Lang::Vi => format!(
            "{}\nMặc định: {default}. Chạy một kịch bản: `agroshift run TÊN`; sao chép: `agroshift show TÊN > cua-toi.toml`.\n",
            table.render()
        ),
        Lang::En => format!(
            "{}\nDefault: {default}. Run one with `agroshift run NAME`; copy one with `agroshift show NAME > my.toml`.\n",
            table.render()
        ),
    })
}

/// `agroshift crops`: the per-hectare comparison, or one crop's cash flow.
pub fn crops(args: &CropsArgs, lang: Lang) -> Result<()> {
    let s = scenario::open(&args.scenario)?;
    let slope = Slope::parse(&args.slope).ok_or_else(|| {
        Error::Usage(said(
            format!("không có cấp độ dốc {} (S1, S2, S3 hoặc S4)", args.slope),
            format!("no slope class {} (S1, S2, S3 or S4)", args.slope),
        ))
    })?;
    if let Some(key) = &args.cashflow {
        let crop = s.crop_by_key(key).ok_or_else(|| {
            let help = agroshift::text::did_you_mean(key, s.crops.iter().map(|c| c.key.as_str())).unwrap_or_default();
            Error::Usage(said(
                format!("không có cây trồng tên \"{key}\" trong {}; {}", s.name, help.vi),
                format!("no crop named \"{key}\" in {}; {}", s.name, help.en),
            ))
        })?;
        let years = cash_flow_profile(&s, crop, slope);
        return match args.format {
            Format::Json => console::print(&rows_json(&years)),
            Format::Csv => console::print_bytes(&restyle(&cash_flow_csv(&years), args.csv_style.into())),
            Format::Table => console::print(&cash_flow_text(&s, crop, slope, &years, lang)),
        };
    }
    let rows = crop_table(&s, slope);
    match args.format {
        Format::Json => console::print(&rows_json(&rows)),
        Format::Csv => console::print_bytes(&restyle(&crops_csv(&rows), args.csv_style.into())),
        Format::Table => console::print(&crops_text(&s, &rows, slope, lang)),
    }
}
