//! `results.xlsx`: what was run, key indicators as in the report, all
//! indicators, per-district results with ranges, the budget and the
//! assumptions, with units in the headers and number formats Excel shows well.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::budget_table::{capitalised, shown_budget_unit};
use super::report::assumptions;
use super::result_set::ResultSet;
use super::results::{indicator_label, key_indicators, milestone_years};
use super::units::{shown_decimals, shown_unit};
use crate::scenario::Lang;
use crate::stats::indicators::{INDICATORS, KeyKind};

/// Writes a table's header in `row` and sets its columns' widths
/// (characters; the last one for every column after it). The row is as
/// tall as its longest wrapped name needs: a spreadsheet program does not
/// always grow it on opening, and a header cut to its last line ("các lần
/// mô phỏng" over three columns) cannot tell its columns apart.
fn header(sheet: &mut Worksheet, row: u32, names: &[&str], widths: &[f64], bold: &Format) -> Result<(), XlsxError> {
    let width_of = |col: usize| widths.get(col).or(widths.last()).copied().unwrap_or(10.0);
    let mut lines = 1;
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, bold)?;
        sheet.set_column_width(col as u16, width_of(col))?;
        lines = lines.max(wrapped_lines(name, width_of(col)));
    }
    sheet.set_row_height(row, 15.0 * lines as f64)?;
    sheet.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

/// Lines `text` takes wrapped at word breaks in a column `width`
/// characters wide (bold letters are a little wider: one character less).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width - 1.0).max(1.0) as usize;
    let (mut lines, mut used) = (1, 0);
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > room {
            lines += 1;
            used = 0;
        }
        used = if used == 0 { n } else { used + 1 + n };
        // A word longer than the column breaks inside itself.
        while used > room {
            lines += 1;
            used -= room;
        }
    }
    lines
}

/// The header of a sheet that is one table: as [`header`], and printed at
/// the top of every page (a sheet of two tables has none, or the second's
/// header would head the first).
fn table_header(sheet: &mut Worksheet, names: &[&str], widths: &[f64], bold: &Format) -> Result<(), XlsxError> {
    header(sheet, 0, names, widths, bold)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A4 paper in Excel's numbering of paper sizes.
const PAPER_A4: u8 = 9;

/// How every sheet prints: A4 landscape, one page wide however many
/// columns (a column alone on a page of its own reads as nothing), the
/// sheet's name and the page number at its foot.
fn set_printing(sheet: &mut Worksheet) {
    sheet.set_paper_size(PAPER_A4).set_landscape().set_print_fit_to_pages(1, 0).set_footer("&L&A&R&P / &N");
}

/// The workbook's bytes, every sheet set up to print (see `set_printing`).
pub fn finished_workbook(mut book: Workbook) -> Result<Vec<u8>, XlsxError> {
    book.worksheets_mut().iter_mut().for_each(set_printing);
    book.save_to_buffer()
}

/// A workbook whose bytes depend only on what it holds: the creation date
/// Excel records is fixed (1 January of the scenario's base year) instead
/// of the clock, so the same run gives the same file.
pub fn reproducible_workbook(base_year: i32) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let year = u16::try_from(base_year).unwrap_or(2000);
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(year, 1, 1)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    Ok(book)
}

/// Decimals of a cell of the all-indicators sheet holding `shown` (an
/// indicator stored in `stored_unit`, shown in `unit` after dividing by
/// `divisor`): three for an index (the Gini, the soil factor), two for
/// billions of VND (four below 0,01, so that a district's few hundred
/// thousand VND of top-working support does not read 0,00), one for
/// millions and the units the report gives a decimal, none otherwise. The
/// cell holds the whole number either way.
fn cell_decimals(stored_unit: &str, unit: &str, divisor: f64, shown: f64) -> usize {
    if stored_unit.is_empty() {
        3
    } else if divisor >= 1e9 {
        if shown != 0.0 && shown.abs() < 0.01 { 4 } else { 2 }
    } else if divisor >= 1e6 || shown_decimals(unit, divisor) > 0 {
        1
    } else {
        0
    }
}

/// The workbook as bytes.
pub fn workbook_xlsx(results: &ResultSet, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = reproducible_workbook(results.scenario.simulation.base_year)?;
    let bold = Format::new().set_bold().set_background_color("#EEF5EE").set_text_wrap();
    let whole = Format::new().set_num_format("#,##0");
    let one = Format::new().set_num_format("#,##0.0");
    let two = Format::new().set_num_format("#,##0.00");
    let precise = Format::new().set_num_format("#,##0.000");
    let four = Format::new().set_num_format("#,##0.0000");
    let decimals_format = |decimals: usize| match decimals {
        0 => &whole,
        1 => &one,
        2 => &two,
        3 => &precise,
        _ => &four,
    };

    // What was run: the facts every other sheet depends on, from the run itself.
    let s = &results.scenario;
    let m = &results.manifest;
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Kịch bản", "Scenario"))?;
    table_header(sheet, &[lang.pick("Mục", "Item"), lang.pick("Giá trị", "Value")], &[34.0, 70.0], &bold)?;
    let sim = &s.simulation;
    let years = format!("{}–{}", sim.base_year, sim.base_year + sim.years as i32 - 1);
    let facts: [(&str, String); 10] = [
        (lang.pick("Kịch bản", "Scenario"), s.name.clone()),
        (lang.pick("Tên", "Title"), s.title(lang).to_string()),
        (lang.pick("Phạm vi kết quả", "Results for"), s.focus_label(lang)),
        (lang.pick("Giai đoạn", "Years"), years),
        (lang.pick("Số lần mô phỏng", "Replicates"), m.replicates.to_string()),
        (lang.pick("Quy mô mô phỏng (tỷ lệ tỉnh)", "Scale (share of the province)"), m.scale.to_string()),
        ("Seed", m.seed.to_string()),
        (lang.pick("Phiên bản chương trình", "Program version"), m.program.clone()),
        (lang.pick("Số liệu gốc (năm)", "Data as of (year)"), sim.base_year.to_string()),
        (lang.pick("Tệp kịch bản", "Scenario files"), m.scenario_files.join(" → ")),
    ];
    for (i, (name, value)) in facts.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, *name)?;
        // Replicates, scale and the data year as numbers, so that Excel can
        // compute with them; the seed as text (a number would lose digits
        // above 2^53, and the run could not be repeated from the sheet).
        match value.parse::<f64>() {
            Ok(v) if matches!(i, 4 | 5 | 8) => sheet.write_number(row, 1, v)?,
            _ => sheet.write_string(row, 1, value)?,
        };
    }

    // Key indicators as in the report: a row per indicator, for each
    // milestone year its mean with the 5–95% range beside it.
    let keys = key_indicators(results, &s.focus_scope(), lang);
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Chỉ tiêu chính", "Key indicators"))?;
    let key_years: Vec<i32> = keys.first().map(|k| k.values.iter().map(|v| v.year).collect()).unwrap_or_default();
    // The first heading names the place, as the sheet is read on its own.
    let mut cols: Vec<String> = vec![
        format!("{} ({})", lang.pick("Chỉ tiêu", "Indicator"), s.focus_label(lang)),
        lang.pick("Đơn vị", "Unit").into(),
    ];
    for y in &key_years {
        cols.push(format!("{y}"));
        cols.push(format!("{y} {}", lang.pick("(5%)", "(5%)")));
        cols.push(format!("{y} {}", lang.pick("(95%)", "(95%)")));
    }
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    table_header(sheet, &col_refs, &[50.0, 12.0, 11.0], &bold)?;
    sheet.set_freeze_panes(1, 1)?;
    let range_style = Format::new().set_num_format("#,##0").set_font_color("#666666");
    let range_one = Format::new().set_num_format("#,##0.0").set_font_color("#666666");
    for (i, k) in keys.iter().enumerate() {
        let row = 1 + i as u32;
        let (f, r) = if k.decimals() > 0 { (&one, &range_one) } else { (&whole, &range_style) };
        sheet.write_string(row, 0, &k.label)?;
        sheet.write_string(row, 1, &k.unit)?;
        for (j, y) in key_years.iter().enumerate() {
            let col = 2 + 3 * j as u16;
            if let Some(v) = k.values.iter().find(|v| v.year == *y) {
                sheet.write_number_with_format(row, col, v.mean, f)?;
                sheet.write_number_with_format(row, col + 1, v.p5, r)?;
                sheet.write_number_with_format(row, col + 2, v.p95, r)?;
            }
        }
    }

    // Every indicator, long format, as in indicators.csv, but in the
    // reader's words and units: names of indicators, crops, markets and the
    // province, money in million or billion VND. The file's codes and unit
    // follow at the right, to match a row with indicators.csv.
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Tất cả chỉ tiêu", "All indicators"))?;
    let cols = match lang {
        Lang::Vi => [
            "Phạm vi",
            "Năm",
            "Chỉ tiêu",
            "Cây trồng / thị trường",
            "Đơn vị",
            "Trung bình các lần mô phỏng",
            "Độ lệch chuẩn",
            "Phân vị 5% các lần mô phỏng",
            "Phân vị 25%",
            "Trung vị",
            "Phân vị 75%",
            "Phân vị 95% các lần mô phỏng",
            "Số lần mô phỏng có giá trị",
            "Mã chỉ tiêu (indicators.csv)",
            "Mã cây / thị trường",
            "Đơn vị trong indicators.csv",
        ],
        Lang::En => [
            "Scope",
            "Year",
            "Indicator",
            "Crop / market",
            "Unit",
            "Mean over replicates",
            "SD",
            "5th percentile of replicates",
            "25th percentile",
            "Median",
            "75th percentile",
            "95th percentile of replicates",
            "Replicates with a value",
            "Indicator code (indicators.csv)",
            "Crop / market code",
            "Unit in indicators.csv",
        ],
    };
    let widths = [18.0, 8.0, 40.0, 24.0, 10.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 24.0, 16.0, 12.0];
    table_header(sheet, &cols, &widths, &bold)?;
    let mut scopes = vec![("province".to_string(), lang.pick("Toàn tỉnh", "Province").to_string())];
    scopes.extend(s.zones.iter().map(|z| (z.name.clone(), z.name.clone())));
    if s.has_focus_group() {
        scopes.push((s.focus_scope(), s.focus_scope()));
    }
    // The place the outputs speak of first, the rest in table order.
    let focus = s.focus_scope();
    scopes.sort_by_key(|(scope, _)| *scope != focus);
    let mut row = 1;
    for (scope, scope_shown) in &scopes {
        for entry in &INDICATORS {
            let keys: Vec<(String, String)> = match entry.key {
                KeyKind::None => vec![(String::new(), String::new())],
                KeyKind::Crop => s.crops.iter().map(|c| (c.key.clone(), c.name(lang).to_string())).collect(),
                KeyKind::Market => s.markets.iter().map(|m| (m.key.clone(), s.market_name(&m.key, lang))).collect(),
            };
            let (unit, divisor) = shown_unit(entry.unit, lang);
            // The Gini and the soil factor are indices from 0 to 1.
            let unit = if unit.is_empty() { lang.pick("hệ số (0–1)", "index (0–1)").to_string() } else { unit };
            // A cell holds the whole number; its format shows enough of it
            // that a small value (a district's support in billions, a net
            // income per ha near 0 in millions) does not read as 0.
            let label = indicator_label(s, entry.indicator, lang);
            for (key, key_shown) in &keys {
                for (y, stat) in results.series(scope, entry.name, key).iter().enumerate() {
                    let Some(st) = stat else { continue };
                    sheet.write_string(row, 0, scope_shown)?;
                    sheet.write_number(row, 1, results.years[y] as f64)?;
                    sheet.write_string(row, 2, &label)?;
                    sheet.write_string(row, 3, key_shown)?;
                    sheet.write_string(row, 4, &unit)?;
                    for (i, v) in [st.mean, st.sd, st.p5, st.p25, st.p50, st.p75, st.p95].iter().enumerate() {
                        let shown = *v / divisor;
                        let f = decimals_format(cell_decimals(entry.unit, &unit, divisor, shown));
                        sheet.write_number_with_format(row, 5 + i as u16, shown, f)?;
                    }
                    // A district's mean of a crop few replicates grow
                    // rests on those few: the count says so.
                    sheet.write_number(row, 12, st.n as f64)?;
                    sheet.write_string(row, 13, entry.name)?;
                    sheet.write_string(row, 14, key)?;
                    sheet.write_string(row, 15, entry.unit)?;
                    row += 1;
                }
            }
        }
    }
    // Filters on the header, to pick a district, an indicator or a year.
    if row > 1 {
        sheet.autofilter(0, 0, row - 1, cols.len() as u16 - 1)?;
    }

    // Per district: key figures at milestone years.
    let sheet = book.add_worksheet();
    let by_zone = match lang {
        Lang::Vi => format!("Theo {}", s.zone_word(lang)),
        Lang::En => format!("By {}", s.zone_word(lang)),
    };
    sheet.set_name(sheet_name(&by_zone))?;
    let grafted: Vec<&crate::scenario::Crop> = s.choosable_crops().iter().map(|c| &s.crops[c.index()]).collect();
    let mut cols: Vec<String> = vec![
        capitalised(s.zone_word(lang)),
        lang.pick("Năm", "Year").into(),
        format!("{} ({})", super::results::threshold_title(s, lang), lang.pick("hộ", "households")),
        // The 5–95% range of the column before, without leading spaces
        // (Excel's filters and sorting show them as part of the name).
        lang.pick("5% (hộ)", "5% (households)").into(),
        lang.pick("95% (hộ)", "95% (households)").into(),
        lang.pick("Hộ dưới chuẩn nghèo (hộ)", "Households below poverty line (households)").into(),
        lang.pick("5% (hộ)", "5% (households)").into(),
        lang.pick("95% (hộ)", "95% (households)").into(),
    ];
    for c in &grafted {
        cols.push(format!("{} (ha)", c.name(lang)));
    }
    cols.push(lang.pick("Che phủ cây xanh (%)", "Tree cover (%)").into());
    cols.push(lang.pick("Xói mòn (tấn/ha/năm)", "Soil loss (t/ha/yr)").into());
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    table_header(sheet, &col_refs, &[18.0, 8.0, 16.0], &bold)?;
    let milestones = milestone_years(results.years[0], results.years.len());
    let mut row = 1;
    for zone in &s.zones {
        for &y in &milestones {
            let year = results.years[y];
            let mean = |ind: &str, key: &str| results.at(&zone.name, ind, key, year).map(|st| st.mean);
            let stat = |ind: &str| results.at(&zone.name, ind, "", year);
            sheet.write_string(row, 0, &zone.name)?;
            sheet.write_number(row, 1, year as f64)?;
            let mut col = 2;
            let mut put = |sheet: &mut Worksheet, v: Option<f64>, f: &Format| -> Result<(), XlsxError> {
                if let Some(v) = v {
                    sheet.write_number_with_format(row, col, v, f)?;
                }
                col += 1;
                Ok(())
            };
            for indicator in ["hh_above_threshold", "hh_below_poverty"] {
                let st = stat(indicator);
                put(sheet, st.map(|s| s.mean), &whole)?;
                put(sheet, st.map(|s| s.p5), &whole)?;
                put(sheet, st.map(|s| s.p95), &whole)?;
            }
            for c in &grafted {
                put(sheet, mean("area_ha", &c.key), &whole)?;
            }
            put(sheet, mean("tree_cover_pct", ""), &one)?;
            put(sheet, mean("soil_loss_t_per_ha", ""), &one)?;
            row += 1;
        }
    }

    // The budget, every scope, period and item, in shown units.
    if let Some(budget) = &results.budget {
        let sheet = book.add_worksheet();
        sheet.set_name(lang.pick("Ngân sách", "Budget"))?;
        let cols = [
            lang.pick("Phạm vi", "Scope"),
            lang.pick("Kỳ / năm", "Period / year"),
            lang.pick("Khoản mục", "Item"),
            lang.pick("Đơn vị", "Unit"),
            lang.pick("Trung bình", "Mean"),
            lang.pick("Độ lệch chuẩn", "Standard deviation"),
            lang.pick("Phân vị 5%", "5th percentile"),
            lang.pick("Trung vị", "Median"),
            lang.pick("Phân vị 95%", "95th percentile"),
        ];
        table_header(sheet, &cols, &[22.0, 12.0, 36.0, 12.0, 14.0], &bold)?;
        let province = lang.pick("Toàn tỉnh", "Province");
        // The place the outputs speak of first, then the rest in order.
        let focus = s.focus_scope();
        let mut rows: Vec<_> = budget.rows.iter().collect();
        rows.sort_by_key(|r| r.scope != focus);
        if !rows.is_empty() {
            sheet.autofilter(0, 0, rows.len() as u32, cols.len() as u16 - 1)?;
        }
        for (i, r) in rows.into_iter().enumerate() {
            let row = 1 + i as u32;
            let (divisor, decimals, unit) = shown_budget_unit(r.item, lang);
            let f = if decimals > 0 { &one } else { &whole };
            sheet.write_string(row, 0, if r.scope == "province" { province } else { &r.scope })?;
            sheet.write_string(row, 1, r.period.replace('-', "–"))?;
            sheet.write_string(row, 2, lang.pick(r.item.label_vi, r.item.label_en))?;
            sheet.write_string(row, 3, unit)?;
            let v = r.value;
            for (col, x) in [v.mean, v.sd, v.p5, v.p50, v.p95].into_iter().enumerate() {
                sheet.write_number_with_format(row, 4 + col as u16, x / divisor, f)?;
            }
        }
    }

    // Assumptions.
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Giả định", "Assumptions"))?;
    let cols = [
        lang.pick("Nhóm", "Section"),
        lang.pick("Mục", "Item"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Nguồn", "Source"),
    ];
    let widths = [14.0, 50.0, 30.0, 60.0];
    table_header(sheet, &cols, &widths, &bold)?;
    // Long names and sources wrap inside their column instead of running
    // past its edge, where a printed page cuts them.
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, a) in assumptions(results, lang).iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string_with_format(row, 0, &a.section, &wrapped)?;
        sheet.write_string_with_format(row, 1, &a.name, &wrapped)?;
        match a.number {
            // Money and other large whole numbers with their thousands
            // grouped, as the report shows them; a year or a rate as it is.
            Some(v) if v.abs() >= 10_000.0 && v.fract() == 0.0 => {
                sheet.write_number_with_format(row, 2, v, &whole.clone().set_align(FormatAlign::Top))?
            }
            Some(v) => sheet.write_number_with_format(row, 2, v, &Format::new().set_align(FormatAlign::Top))?,
            None => sheet.write_string_with_format(row, 2, &a.value, &wrapped)?,
        };
        sheet.write_string_with_format(row, 3, &a.source, &wrapped)?;
        // As tall as its longest cell wrapped: a spreadsheet program need
        // not grow it, and the lines would run over the next row.
        let texts: [&str; 4] = [&a.section, &a.name, if a.number.is_none() { &a.value } else { "" }, &a.source];
        let lines = texts.iter().zip(widths).map(|(t, w)| wrapped_lines(t, w)).max().unwrap_or(1);
        sheet.set_row_height(row, 15.0 * lines as f64)?;
    }

    if let Some(calibration) = &results.calibration {
        calibration_sheet(book.add_worksheet(), calibration, results, lang, &bold)?;
    }
    finished_workbook(book)
}

/// The calibration that made these results, for a planner who works in
/// Excel: the fitted settings with their standard errors and bounds, then
/// each observation against the check run, in the report's units.
fn calibration_sheet(
    sheet: &mut Worksheet,
    file: &super::calibration::CalibrationFile,
    results: &ResultSet,
    lang: Lang,
    bold: &Format,
) -> Result<(), XlsxError> {
    use super::calibration_report::{setting_words, unit_words};
    sheet.set_name(lang.pick("Hiệu chỉnh", "Calibration"))?;
    let cols = [
        lang.pick("Tham số", "Setting"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Ban đầu", "Start"),
        lang.pick("Hiệu chỉnh", "Fitted"),
        lang.pick("Sai số chuẩn (trống: số liệu không xác định được)", "Standard error (empty: not identified)"),
        lang.pick("Giới hạn dưới", "Lower bound"),
        lang.pick("Giới hạn trên", "Upper bound"),
        lang.pick("Nằm ở giới hạn", "On a bound"),
    ];
    let widths = [60.0, 16.0];
    header(sheet, 0, &cols, &widths, bold)?;
    let mut row = 1;
    for s in &file.settings {
        sheet.write_string(row, 0, setting_words(&s.path, lang))?;
        sheet.write_string(row, 1, unit_words(&s.unit, lang))?;
        sheet.write_number(row, 2, s.start)?;
        sheet.write_number(row, 3, s.value)?;
        if let Some(se) = s.se {
            sheet.write_number(row, 4, se)?;
        }
        sheet.write_number(row, 5, s.low)?;
        sheet.write_number(row, 6, s.high)?;
        sheet.write_string(row, 7, if s.on_bound { lang.pick("có", "yes") } else { lang.pick("không", "no") })?;
        row += 1;
    }
    row += 1;
    let cols = [
        lang.pick("Số liệu quan sát", "Observation"),
        lang.pick("Năm", "Year"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Quan sát", "Observed"),
        lang.pick("Sai số của số liệu (sd)", "Its uncertainty (sd)"),
        lang.pick("Mô phỏng: trung bình", "Simulated: mean"),
        lang.pick("Mô phỏng: 5%", "Simulated: 5%"),
        lang.pick("Mô phỏng: 95%", "Simulated: 95%"),
        lang.pick("Chênh lệch (mô phỏng − quan sát)", "Residual (simulated − observed)"),
        lang.pick("Chênh lệch / sd", "Residual / sd"),
    ];
    header(sheet, row, &cols, &widths, bold)?;
    let one_decimal = Format::new().set_num_format("0.0");
    for r in &file.fit {
        row += 1;
        let (unit, divisor) = shown_unit(&r.unit, lang);
        // Each number as the report shows it: ha whole, money in its unit's decimals.
        let shown = match shown_decimals(&r.unit, divisor) {
            0 => "#,##0".to_string(),
            d => format!("#,##0.{}", "0".repeat(d)),
        };
        let shown = Format::new().set_num_format(&shown);
        let label = super::calibration::observed_label(&r.scope, &r.indicator, &r.key, &results.scenario, lang);
        sheet.write_string(row, 0, label)?;
        sheet.write_number(row, 1, r.year as f64)?;
        sheet.write_string(row, 2, unit)?;
        sheet.write_number_with_format(row, 3, r.observed / divisor, &shown)?;
        sheet.write_number_with_format(row, 4, r.sd / divisor, &shown)?;
        if let Some(s) = r.simulated {
            for (col, v) in [(5, s.mean), (6, s.p5), (7, s.p95)] {
                sheet.write_number_with_format(row, col, v / divisor, &shown)?;
            }
        }
        if let Some(e) = r.residual {
            sheet.write_number_with_format(row, 8, e / divisor, &shown)?;
            if r.sd > 0.0 {
                sheet.write_number_with_format(row, 9, e / r.sd, &one_decimal)?;
            }
        }
    }
    sheet.write_string(
        row + 2,
        0,
        lang.pick(
            "Từ calibration.json và fit.csv của lần hiệu chỉnh; kết quả ở các trang khác là lần chạy kiểm tra với giá trị đã hiệu chỉnh.",
            "From the calibration's calibration.json and fit.csv; the other sheets are the check run with the fitted values.",
        ),
    )?;
    Ok(())
}

/// `text` as Excel takes a sheet's name: at most 31 characters, none of
/// `\ / ? * [ ] :` (a zone word such as "huyện/thành phố" reads
/// "huyện, thành phố"), and no apostrophe at either end.
fn sheet_name(text: &str) -> String {
    let name: String = text
        .replace('/', ", ")
        .chars()
        .filter(|c| !matches!(c, '?' | '*' | '[' | ']'))
        .map(|c| if matches!(c, '\\' | ':') { '-' } else { c })
        .take(31)
        .collect();
    name.trim_matches('\'').trim().to_string()
}

#[cfg(test)]
mod cell_decimals_tests {
    use super::{cell_decimals, sheet_name, wrapped_lines};

    #[test]
    fn a_sheet_name_is_one_excel_takes() {
        assert_eq!(sheet_name("Theo huyện/thành phố"), "Theo huyện, thành phố");
        assert_eq!(sheet_name("By zone: [all]?"), "By zone- all");
        assert_eq!(sheet_name("Theo đơn vị hành chính cấp xã mới"), "Theo đơn vị hành chính cấp xã m");
        let mut book = rust_xlsxwriter::Workbook::new();
        for name in ["Theo huyện/thành phố", "'By 'zone'", "a\\b*c"] {
            assert!(book.add_worksheet().set_name(sheet_name(name)).is_ok(), "{name:?}");
        }
    }

    #[test]
    fn lines_are_counted_at_word_breaks() {
        assert_eq!(wrapped_lines("Năm", 8.0), 1);
        // "Trung bình" / "các lần mô" / "phỏng" in 11 characters of room.
        assert_eq!(wrapped_lines("Trung bình các lần mô phỏng", 12.0), 3);
        assert_eq!(wrapped_lines("Phân vị 95% các lần mô phỏng", 40.0), 1);
        // A word longer than the column breaks inside itself.
        assert_eq!(wrapped_lines("indicators.csv", 8.0), 2);
        assert_eq!(wrapped_lines("", 10.0), 1);
    }

    #[test]
    fn small_billions_keep_their_digits_and_indices_their_hundredths() {
        assert_eq!(cell_decimals("VND", "tỷ đồng", 1e9, 12.5), 2);
        assert_eq!(cell_decimals("VND", "tỷ đồng", 1e9, 0.0002), 4, "200,000 VND of support");
        assert_eq!(cell_decimals("VND", "tỷ đồng", 1e9, -0.003), 4);
        assert_eq!(cell_decimals("VND", "tỷ đồng", 1e9, 0.0), 2, "nothing paid reads 0,00");
        assert_eq!(cell_decimals("", "hệ số (0–1)", 1.0, 0.31), 3);
        assert_eq!(cell_decimals("VND/yr", "tr.đ/năm", 1e6, 48.2), 1);
        assert_eq!(cell_decimals("households", "hộ", 1.0, 18_345.0), 0);
        assert_eq!(cell_decimals("%", "%", 1.0, 45.1), 1);
    }
}
