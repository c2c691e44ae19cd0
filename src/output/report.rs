//! The run's report, as one [`Document`] written out twice: `report.html`
//! (self-contained: charts inline as SVG, no external links, fonts or
//! scripts; prints cleanly to A4) and `report.docx` (Word, charts as PNG).

use super::budget_table::{budget_by_zone_table, budget_heading, budget_note, budget_table, capitalised};
use super::charts::Figure as Chart;
use super::document::{Block, Cell, Document, Figure, Table};
use super::result_set::ResultSet;
use super::results::{KeyIndicator, key_indicators};
use super::scenario_summary::{planting_subsidy_amounts, zone_policy_in_words};
use super::setting_words::setting_label;
use super::source_text::shown_source;
use crate::scenario::{Lang, Mode, Scenario, Slope};
use crate::text::number_for;

/// The scenario in plain words, as run with `replicates` over `years` years.
pub fn plain_description(s: &crate::scenario::Scenario, replicates: u32, years: usize, lang: Lang) -> String {
    let p = &s.policy;
    let names = |ids: &[crate::scenario::CropId]| {
        ids.iter().map(|c| s.crops[c.index()].name(lang).to_lowercase()).collect::<Vec<_>>().join(", ")
    };
    let sim = &s.simulation;
    let period = format!("{}–{}", sim.base_year, sim.base_year + years as i32 - 1);
    let households = number_for(s.zones.iter().map(|z| z.households).sum::<f64>(), 0, lang);
    let zones = s.zones.len();
    let from = names(&p.from_crops);
    let to = names(&p.to_crops);
    let slopes =
        Slope::ALL.iter().filter(|sl| p.slopes[sl.index()]).map(|sl| sl.label()).collect::<Vec<_>>().join(", ");
    let credit = number_for(p.credit_limit_vnd / 1e6, 1, lang);
    let rate = number_for(p.credit_rate * 100.0, 1, lang);
    let support = number_for(p.topwork_support_vnd_per_household / 1e6, 1, lang);
    let boost = number_for(p.extension_boost * 100.0, 0, lang);
    let coop = number_for(p.coop_share * 100.0, 0, lang);
    let level = s.zones_word(lang);
    // A run on a sample of the households reports totals for all of them:
    // the reader of a proposal must not take a quick trial for the full run.
    // 0.07 × 100 is 7.000000000000001: at most four decimals, no trailing
    // zeros (7%, 2,5%, 0,25%).
    let sample = crate::text::number_trimmed(sim.scale * 100.0, 4, lang);
    let what = match (sim.scale < 1.0, lang) {
        (false, Lang::Vi) => format!(
            "Mô phỏng {households} hộ và thửa đất của {zones} {level} trong giai đoạn {period}, {replicates} lần với giá cả, thời tiết và mưa đá ngẫu nhiên khác nhau."
        ),
        (false, Lang::En) => format!(
            "Simulates the {households} households and their parcels in {zones} {level} over {period}, {replicates} times with different random prices, weather and hail."
        ),
        (true, Lang::Vi) => format!(
            "Mô phỏng một mẫu {sample}% trong {households} hộ của {zones} {level} cùng thửa đất của họ, trong giai đoạn {period}, {replicates} lần với giá cả, thời tiết và mưa đá ngẫu nhiên khác nhau; diện tích, sản lượng, số hộ và kinh phí được nhân lên cho toàn bộ {households} hộ. Mẫu nhỏ chỉ để thử nhanh: số liệu cho đề xuất nên lấy từ lần chạy với quy mô 1 (--scale 1)."
        ),
        (true, Lang::En) => format!(
            "Simulates a {sample}% sample of the {households} households in {zones} {level} and their parcels over {period}, {replicates} times with different random prices, weather and hail; areas, production, household counts and budgets are scaled up to all {households} households. A small sample is for quick trials: figures for a proposal should come from a run at scale 1 (--scale 1)."
        ),
    };
    let how = match (&p.mode, &p.plan, lang) {
        (Mode::Planned, Some(plan), _) => {
            let (first, last) = plan.target_years;
            let hectares = crate::text::number_trimmed(plan.target_ha_per_year, 2, lang);
            let compliance = number_for(plan.compliance * 100.0, 0, lang);
            // The plan's mix, not the crops households may choose.
            let mix = plan
                .mix
                .iter()
                .map(|(c, share)| {
                    let share = crate::text::number_trimmed(share * 100.0, 1, lang);
                    format!("{} {share}%", s.crops[c.index()].name(lang).to_lowercase())
                })
                .collect::<Vec<_>>()
                .join(", ");
            // Planting follows the decision by a year (MODEL.md §7 step 8).
            match lang {
                Lang::Vi => format!(
                    "Theo kế hoạch, mỗi năm từ {first} đến {last} tỉnh quyết định chuyển đổi {hectares} ha đất trồng {from} trên độ dốc {slopes} sang {mix} (trồng vào năm sau); mỗi chủ đất đồng ý với xác suất {compliance}%."
                ),
                Lang::En => format!(
                    "Each year from {first} to {last} the province decides to convert {hectares} ha of {from} on slopes {slopes} to {mix} (planted the year after); each owner agrees with probability {compliance}%."
                ),
            }
        }
        (_, _, Lang::Vi) => format!(
            "Các hộ biết về cây ăn quả ghép tự cân nhắc chuyển đất trồng {from} trên độ dốc {slopes} sang {to}, theo lợi ích kỳ vọng, khả năng vốn và mức chấp nhận rủi ro."
        ),
        (_, _, Lang::En) => format!(
            "Households that know of grafted fruit decide for themselves whether to convert {from} on slopes {slopes} to {to}, by expected gain, cash and appetite for risk."
        ),
    };
    // The planting subsidy first: most of a budget.
    let subsidy = match (planting_subsidy_amounts(s, p, lang), lang) {
        (None, _) => String::new(),
        (Some(amounts), Lang::Vi) => format!("trồng mới {amounts} triệu đồng/ha, "),
        (Some(amounts), Lang::En) => format!("planting subsidy {amounts} M VND/ha, "),
    };
    // No credit has no rate to speak of.
    let credit = match (p.credit_limit_vnd > 0.0, lang) {
        (false, Lang::Vi) => "không cho vay".to_string(),
        (false, Lang::En) => "no credit".to_string(),
        (true, Lang::Vi) => format!("vay tối đa {credit} triệu đồng/hộ (lãi {rate}%/năm)"),
        (true, Lang::En) => format!("credit up to {credit} M VND per household at {rate}%/yr"),
    };
    // The whole package, not only the subsidy, is for these years' decisions.
    let years = match (p.support_years, lang) {
        (None, _) => String::new(),
        (Some((first, last)), Lang::Vi) => format!(" (áp dụng cho quyết định chuyển đổi năm {first}–{last})"),
        (Some((first, last)), Lang::En) => format!(" (for the conversion decisions of {first}–{last})"),
    };
    let help = match lang {
        Lang::Vi => format!(
            "Hỗ trợ: {subsidy}{credit}, hỗ trợ ghép cải tạo {support} triệu đồng/hộ, khuyến nông +{boost}%/năm, {coop}% hộ tham gia hợp tác xã{years}."
        ),
        Lang::En => format!(
            "Support: {subsidy}{credit}, top-working support {support} M VND per household, extension +{boost}%/yr, {coop}% of households in cooperatives{years}."
        ),
    };
    let own: Vec<String> = s
        .zones
        .iter()
        .filter(|z| z.policy.is_some())
        .map(|z| format!("{}: {}", z.name, zone_policy_in_words(s, z, lang)))
        .collect();
    let own = match (own.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Vi) => format!(" Chính sách riêng của {}: {}.", s.zones_word(lang), own.join(". ")),
        (false, Lang::En) => format!(" {}' own policies: {}.", capitalised(&s.zones_word(lang)), own.join(". ")),
    };
    format!("{what} {how} {help}{own}")
}

/// Key indicators as a table: indicators as rows, milestone years as
/// columns, each cell the mean with its 5–95% range below.
pub fn key_table_document(keys: &[KeyIndicator], lang: Lang) -> Table {
    let years: Vec<i32> = keys.first().map(|k| k.values.iter().map(|v| v.year).collect()).unwrap_or_default();
    let mut header = vec![lang.pick("Chỉ tiêu", "Indicator").to_string()];
    header.extend(years.iter().map(|y| y.to_string()));
    let rows = keys
        .iter()
        .map(|k| {
            let decimals = k.decimals();
            let mut row = vec![Cell::label(crate::text::with_unit(&k.label, &k.unit))];
            row.extend(years.iter().map(|y| match k.values.iter().find(|v| v.year == *y) {
                Some(v) => Cell::with_range(
                    number_for(v.mean, decimals, lang),
                    format!("{}–{}", number_for(v.p5, decimals, lang), number_for(v.p95, decimals, lang)),
                ),
                None => Cell::number("–"),
            }));
            row
        })
        .collect();
    Table { header, rows }
}

/// One assumption: a setting, its value and its source.
#[derive(Debug, Clone)]
pub struct Assumption {
    /// Section of the scenario file, as the reader calls it ("Mô phỏng",
    /// "Tham số", …).
    pub section: String,
    /// The setting: what it means, then its key in the scenario file in
    /// brackets; a crop or market by name, then its key.
    pub name: String,
    /// Value as the reader reads it: crops by name, lists joined by
    /// commas, numbers with the reader's decimal mark.
    pub value: String,
    /// The value as a number, for a setting that is one number (so that a
    /// workbook cell holds a number, not text).
    pub number: Option<f64>,
    /// Source; the data files' common phrases ("est", "model setting") in
    /// the reader's language, citations as written.
    pub source: String,
}

/// A setting's value as the reader reads it: a crop by its name, a list
/// joined by commas, a number with the reader's decimal mark (thousands
/// grouped, except in a setting of `years`: 2016, not 2.016), a per-crop
/// amount as "name amount"; other words (a mode, a slope class) as written.
fn shown_value(value: &toml::Value, years: bool, s: &Scenario, lang: Lang) -> String {
    match value {
        toml::Value::String(t) => s.crop_by_key(t).map_or_else(|| t.clone(), |c| c.name(lang).to_string()),
        toml::Value::Integer(i) if !years && i.abs() >= 1_000 => number_for(*i as f64, 0, lang),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => crate::text::number_trimmed(*f, 6, lang),
        toml::Value::Boolean(b) => match (b, lang) {
            (true, Lang::Vi) => "có".into(),
            (false, Lang::Vi) => "không".into(),
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
        },
        toml::Value::Array(items) => {
            // "0,5; 0,3" rather than "0,5, 0,3" where the decimal mark is a comma.
            let joint = if items.iter().any(toml::Value::is_float) { "; " } else { ", " };
            items.iter().map(|v| shown_value(v, years, s, lang)).collect::<Vec<_>>().join(joint)
        }
        toml::Value::Table(t) => t
            .iter()
            .map(|(k, v)| {
                let name = s.crop_by_key(k).map_or(k.as_str(), |c| c.name(lang));
                format!("{name} {}", shown_value(v, k.contains("year"), s, lang))
            })
            .collect::<Vec<_>>()
            .join("; "),
        toml::Value::Datetime(d) => d.to_string(),
    }
}

/// A setting that is one number, as a number.
fn as_number(value: &toml::Value) -> Option<f64> {
    match value {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// The source of a crop's, market's or zone's row: its own, then that of
/// each of its settings a calibration fitted (`[sources]` holds those by
/// path, `crops.longan_grafted.maintenance_vnd_ha`), so that a fitted
/// value is never credited to the estimate it replaced.
fn row_source(s: &Scenario, own: &str, table: &str, key: &str, lang: Lang) -> String {
    let prefix = format!("{}.", crate::calibrate::setting::path_text(&[table.to_string(), key.to_string()]));
    let mut out = shown_source(own, lang);
    for (path, source) in &s.sources {
        if let Some(field) = path.strip_prefix(&prefix) {
            out.push_str(&format!("; {field}: {}", shown_source(source, lang)));
        }
    }
    out
}

/// A section of the scenario file (`[simulation]`, `[policy]`, …) as the
/// reader calls it.
fn section_name(section: &str, s: &Scenario, lang: Lang) -> String {
    match section {
        "simulation" => lang.pick("Mô phỏng", "Simulation").into(),
        "policy" => lang.pick("Chính sách", "Policy").into(),
        "parameters" => lang.pick("Tham số", "Parameters").into(),
        "markets" => lang.pick("Thị trường", "Markets").into(),
        "crops" => lang.pick("Cây trồng", "Crops").into(),
        "zones" => capitalised(&s.zones_word(lang)),
        other => other.into(),
    }
}

/// Every setting of the resolved scenario with its value and source; each
/// setting by what it means with its key in the scenario file, crops and
/// markets by name with their keys.
pub fn assumptions(results: &ResultSet, lang: Lang) -> Vec<Assumption> {
    let s = &results.scenario;
    let table: toml::Table = toml::from_str(&s.resolved_toml).unwrap_or_default();
    let mut out = Vec::new();
    // The run's own settings, not the file's: the command line may have
    // changed any of them, and the manifest records what was run.
    let sim = &s.simulation;
    for (name, value) in [
        ("base_year", sim.base_year.to_string()),
        ("years", sim.years.to_string()),
        ("replicates", sim.replicates.to_string()),
        ("seed", sim.seed.to_string()),
        ("scale", sim.scale.to_string()),
    ] {
        let source = lang.pick("lần chạy này", "this run").to_string();
        let section = section_name("simulation", s, lang);
        // The seed stays text: a float would round a large seed, and
        // grouping its digits would make it hard to copy.
        let number = value.parse::<f64>().ok().filter(|_| name != "seed");
        // The scale as the reader writes it (0,01); the rest are whole numbers.
        let value = number.filter(|_| name == "scale").map_or(value, |v| crate::text::scale_text(v, lang));
        out.push(Assumption { section, name: setting_label("simulation", name, lang), value, number, source });
    }
    for section in ["policy", "parameters"] {
        if let Some(toml::Value::Table(t)) = table.get(section) {
            for (name, value) in t {
                out.push(Assumption {
                    section: section_name(section, s, lang),
                    name: setting_label(section, name, lang),
                    value: shown_value(value, name.contains("year"), s, lang),
                    number: as_number(value),
                    // A per-crop subsidy fitted crop by crop adds its own source.
                    source: row_source(s, s.source_of(name).unwrap_or("—"), section, name, lang),
                });
            }
        }
    }
    for m in &s.markets {
        // Numbers as the reader writes them (0,12 in Vietnamese), so the
        // parts are set apart by semicolons; a market without a supply
        // response has no elasticity or capacity.
        let elasticity = m.demand_elasticity.map_or("—".to_string(), |e| number_for(e, 1, lang));
        let capacity =
            if m.q_ref_t > 0.0 { format!("{} t", number_for(m.q_ref_t, 0, lang)) } else { "—".to_string() };
        let value = format!(
            "{} {}; σ {}; φ {}; ε {elasticity}; Q_ref {capacity}",
            number_for(m.base_price_vnd_per_kg, 0, lang),
            lang.pick("đ/kg", "VND/kg"),
            number_for(m.sigma, 2, lang),
            number_for(m.phi, 2, lang),
        );
        let name = format!("{} [{}]", s.market_name(&m.key, lang), m.key);
        let source = row_source(s, &m.source, "markets", &m.key, lang);
        out.push(Assumption { section: section_name("markets", s, lang), name, value, number: None, source });
    }
    for c in &s.crops {
        let yields = c.yield_t_per_ha.iter().map(|y| number_for(*y, 1, lang)).collect::<Vec<_>>().join(" / ");
        let costs = if c.is_perennial() {
            let (e, m) = (
                number_for(c.establishment_vnd_per_ha / 1e6, 1, lang),
                number_for(c.maintenance_vnd_per_ha / 1e6, 1, lang),
            );
            match lang {
                Lang::Vi => format!("trồng mới {e} tr.đ/ha, chăm sóc {m} tr.đ/ha/năm, chu kỳ {} năm", c.lifespan_years),
                Lang::En => {
                    format!("{e} M VND/ha establishment, {m} M VND/ha/yr maintenance, lifespan {} yr", c.lifespan_years)
                }
            }
        } else {
            let k = number_for(c.annual_cost_vnd_per_ha / 1e6, 1, lang);
            match lang {
                Lang::Vi => format!("chi phí {k} tr.đ/ha/năm"),
                Lang::En => format!("{k} M VND/ha/yr costs"),
            }
        };
        // Harvest cost is paid per kg harvested: with the yield it is the
        // rest of the gap between gross output and net income.
        let harvest = if c.harvest_vnd_per_kg > 0.0 {
            let h = number_for(c.harvest_vnd_per_kg, 0, lang);
            match lang {
                Lang::Vi => format!(", chi phí thu hoạch {h} đ/kg"),
                Lang::En => format!(", harvest cost {h} VND/kg"),
            }
        } else {
            String::new()
        };
        let value = format!("{} S1–S4: {yields} t/ha; {costs}{harvest}", lang.pick("năng suất", "yield"));
        let name = format!("{} [{}]", c.name(lang), c.key);
        let source = row_source(s, &c.source, "crops", &c.key, lang);
        out.push(Assumption { section: section_name("crops", s, lang), name, value, number: None, source });
    }
    for z in &s.zones {
        let value = format!(
            "{} {} ha, {} {} ha, {} {} ha, {} {}",
            lang.pick("diện tích tự nhiên", "natural area"),
            number_for(z.natural_area_ha, 0, lang),
            lang.pick("rừng", "forest"),
            number_for(z.forest_ha, 0, lang),
            lang.pick("đất sản xuất nông nghiệp", "farmland"),
            number_for(z.farmland_ha(), 0, lang),
            number_for(z.households, 0, lang),
            lang.pick("hộ", "households")
        );
        // The zone's own policy, which `[policy]`'s rows above do not hold.
        let value = if z.policy.is_some() {
            format!("{value}; {} {}", lang.pick("chính sách riêng:", "own policy:"), zone_policy_in_words(s, z, lang))
        } else {
            value
        };
        out.push(Assumption {
            section: section_name("zones", s, lang),
            name: z.name.clone(),
            value,
            number: None,
            source: row_source(s, &z.source, "zones", &z.name, lang),
        });
    }
    out
}

/// The whole report: the run's facts, the findings, the scenario in words,
/// the key table, the budget, the charts and the assumptions with sources.
pub fn report_document(results: &ResultSet, charts: &[Chart], lang: Lang) -> Document {
    let s = &results.scenario;
    let m = &results.manifest;
    let mut doc = Document::new(s.title(lang), lang);
    doc.heading(1, s.title(lang));
    doc.note(format!(
        "{} {} · {} {} · seed {} · {} {} · {}",
        lang.pick("Kịch bản", "Scenario"),
        s.name,
        m.replicates,
        lang.pick("lần mô phỏng", "replicates"),
        m.seed,
        lang.pick("quy mô", "scale"),
        crate::text::scale_text(m.scale, lang),
        m.program
    ));
    // A calibration leads the report of its check run, its charts first.
    let is_calibration = |c: &&Chart| c.name.starts_with("calibration-");
    let mut number = 0;
    if let Some(calibration) = &results.calibration {
        let own: Vec<Figure> = charts
            .iter()
            .filter(is_calibration)
            .map(|c| {
                number += 1;
                Figure { name: c.name.clone(), number, title: c.title.clone(), caption: c.caption.clone() }
            })
            .collect();
        doc.blocks.extend(super::calibration_report::calibration_blocks(calibration, &own, s, lang));
    }
    if let Some(found) = &results.findings {
        doc.blocks.extend(super::findings_text::summary_blocks(found, s, lang));
    }
    doc.heading(2, lang.pick("Kịch bản", "The scenario"));
    if !s.description(lang).is_empty() {
        doc.paragraph(s.description(lang));
    }
    doc.paragraph(plain_description(s, results.manifest.replicates, results.years.len(), lang));
    let focus = s.focus_label(lang);
    doc.heading(2, format!("{} ({focus})", lang.pick("Chỉ tiêu chính", "Key indicators")));
    doc.push(Block::Table(key_table_document(&key_indicators(results, &s.focus_scope(), lang), lang)));
    doc.note(lang.pick(
        "Mỗi ô: giá trị trung bình qua các lần mô phỏng; dòng dưới: khoảng 5–95%. Tiền theo giá cố định năm gốc.",
        "Each cell: the mean across replicates; below it, the 5–95% range. Money in constant base-year VND.",
    ));
    if let Some(budget) = results.budget.as_ref().filter(|b| !b.periods.is_empty()) {
        doc.heading(2, budget_heading(s, lang));
        doc.push(Block::Table(budget_table(budget, &s.focus_scope(), lang)));
        doc.note(budget_note(lang));
        let by_zone = match lang {
            Lang::Vi => format!("Kinh phí hỗ trợ theo {} (tỷ đồng)", s.zone_word(lang)),
            Lang::En => format!("Support paid by {} (billion VND)", s.zone_word(lang)),
        };
        doc.heading(3, by_zone);
        doc.push(Block::Table(budget_by_zone_table(budget, s, lang)));
    }
    doc.heading(2, lang.pick("Biểu đồ", "Charts"));
    for c in charts.iter().filter(|c| !is_calibration(c)) {
        number += 1;
        doc.push(Block::Figure(Figure {
            name: c.name.clone(),
            number,
            title: c.title.clone(),
            caption: c.caption.clone(),
        }));
    }
    doc.heading(2, lang.pick("Giả định và nguồn số liệu", "Assumptions and sources"));
    doc.note(lang.pick(
        "“Ước tính” (est trong tệp số liệu): số ước tính, người lập kế hoạch có thể thay trong tệp kịch bản. Tài liệu trích dẫn giữ nguyên văn.",
        "“est”: an estimate that a planner can override in the scenario file.",
    ));
    let header = [
        lang.pick("Nhóm", "Section"),
        lang.pick("Mục", "Item"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Nguồn", "Source"),
    ];
    let rows = assumptions(results, lang)
        .into_iter()
        .map(|a| vec![Cell::label(a.section), Cell::label(a.name), Cell::label(a.value), Cell::label(a.source)])
        .collect();
    doc.push(Block::Table(Table { header: header.iter().map(|h| h.to_string()).collect(), rows }));
    doc
}
