//! `report.html`: one self-contained file (charts inline as SVG, no external
//! links, fonts or scripts) that prints cleanly to PDF from a browser.

use std::fmt::Write;

use super::budget_table::{budget_by_zone_html, budget_table_html, capitalised};
use super::charts::Figure;
use super::result_set::ResultSet;
use super::results::{KeyIndicator, key_indicators};
use super::scenario_summary::policy_in_words;
use crate::scenario::{Lang, Mode, Slope};
use crate::text::number_for;

pub use super::html::escape;

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 2px solid #2e7d32; padding-bottom: 0.2em; }
.meta { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #eef5ee; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.range { color: #666; font-size: 0.85em; }
figure { margin: 1.2em 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  @page { size: A4; margin: 15mm; }
}
"#;

/// The opening of a report page up to `<body>`: language, title and the
/// shared style sheet (screen and A4 print). Every report starts with it.
pub fn page_head(title: &str, lang: Lang) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.pick("vi", "en"),
        escape(title)
    )
}

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
    let boost = format!("{:.0}", p.extension_boost * 100.0);
    let coop = format!("{:.0}", p.coop_share * 100.0);
    let what = match lang {
        Lang::Vi => format!(
            "Mô phỏng {households} hộ và thửa đất của {zones} {level} trong giai đoạn {period}, {replicates} lần với giá cả, thời tiết và mưa đá ngẫu nhiên khác nhau.",
            level = s.zones_word(lang)
        ),
        Lang::En => format!(
            "Simulates the {households} households and their parcels in {zones} {level} over {period}, {replicates} times with different random prices, weather and hail.",
            level = s.zones_word(lang)
        ),
    };
    let how = match (&p.mode, &p.plan, lang) {
        (Mode::Planned, Some(plan), _) => {
            let (first, last) = plan.target_years;
            let hectares = number_for(plan.target_ha_per_year, 0, lang);
            let compliance = format!("{:.0}", plan.compliance * 100.0);
            match lang {
                Lang::Vi => format!(
                    "Theo kế hoạch, mỗi năm từ {first} đến {last} tỉnh chuyển đổi {hectares} ha đất trồng {from} trên độ dốc {slopes} sang {to}; mỗi chủ đất đồng ý với xác suất {compliance}%."
                ),
                Lang::En => format!(
                    "Each year from {first} to {last} the province converts {hectares} ha of {from} on slopes {slopes} to {to}; each owner agrees with probability {compliance}%."
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
    let help = match lang {
        Lang::Vi => format!(
            "Hỗ trợ: vay tối đa {credit} triệu đồng/hộ (lãi {rate}%/năm), hỗ trợ ghép cải tạo {support} triệu đồng/hộ, khuyến nông +{boost}%/năm, {coop}% hộ tham gia hợp tác xã."
        ),
        Lang::En => format!(
            "Support: credit up to {credit} M VND per household at {rate}%/yr, top-working support {support} M VND per household, extension +{boost}%/yr, {coop}% of households in cooperatives."
        ),
    };
    let own: Vec<String> = s
        .zones
        .iter()
        .filter_map(|z| z.policy.as_ref().map(|p| format!("{}: {}", z.name, policy_in_words(s, p, lang))))
        .collect();
    let own = match (own.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Vi) => format!(" Chính sách riêng của {}: {}.", s.zones_word(lang), own.join(". ")),
        (false, Lang::En) => format!(" {}' own policies: {}.", capitalised(&s.zones_word(lang)), own.join(". ")),
    };
    format!("{what} {how} {help}{own}")
}

/// Key indicators as an HTML table.
pub fn key_table_html(keys: &[KeyIndicator], lang: Lang) -> String {
    let years: Vec<i32> = keys.first().map(|k| k.values.iter().map(|v| v.year).collect()).unwrap_or_default();
    let mut out = String::from("<table><thead><tr><th>");
    out.push_str(lang.pick("Chỉ tiêu", "Indicator"));
    out.push_str("</th>");
    for y in &years {
        let _ = write!(out, "<th>{y}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for k in keys {
        let decimals = k.decimals();
        let _ = write!(out, "<tr><td>{} ({})</td>", escape(&k.label), escape(&k.unit));
        for y in &years {
            match k.values.iter().find(|v| v.year == *y) {
                Some(v) => {
                    let _ = write!(
                        out,
                        "<td class=\"num\">{}<br><span class=\"range\">{}–{}</span></td>",
                        number_for(v.mean, decimals, lang),
                        number_for(v.p5, decimals, lang),
                        number_for(v.p95, decimals, lang)
                    );
                }
                None => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// One assumption: a setting, its value and its source.
#[derive(Debug, Clone)]
pub struct Assumption {
    /// Section (`simulation`, `policy`, `parameters`, `markets`, …).
    pub section: String,
    /// Setting name as in the scenario file.
    pub name: String,
    /// Value as written.
    pub value: String,
    /// Source, or `est`.
    pub source: String,
}

/// Every setting of the resolved scenario with its value and source.
pub fn assumptions(results: &ResultSet, lang: Lang) -> Vec<Assumption> {
    let s = &results.scenario;
    let table: toml::Table = toml::from_str(&s.resolved_toml).unwrap_or_default();
    let mut out = Vec::new();
    let show = |v: &toml::Value| match v {
        toml::Value::String(t) => t.clone(),
        other => other.to_string(),
    };
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
        out.push(Assumption { section: "simulation".into(), name: name.into(), value, source });
    }
    for section in ["policy", "parameters"] {
        if let Some(toml::Value::Table(t)) = table.get(section) {
            for (name, value) in t {
                let source = s.source_of(name).unwrap_or("—").to_string();
                out.push(Assumption { section: section.into(), name: name.clone(), value: show(value), source });
            }
        }
    }
    for m in &s.markets {
        let elasticity = m.demand_elasticity.map_or("—".to_string(), |e| e.to_string());
        let value = format!(
            "{} {}, σ {}, φ {}, ε {elasticity}, Q_ref {} t",
            number_for(m.base_price_vnd_per_kg, 0, lang),
            lang.pick("đ/kg", "VND/kg"),
            m.sigma,
            m.phi,
            number_for(m.q_ref_t, 0, lang)
        );
        out.push(Assumption { section: "markets".into(), name: m.key.clone(), value, source: m.source.clone() });
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
        let value = format!("{} S1–S4: {yields} t/ha; {costs}", lang.pick("năng suất", "yield"));
        out.push(Assumption { section: "crops".into(), name: c.key.clone(), value, source: c.source.clone() });
    }
    for z in &s.zones {
        let value = format!(
            "{} {} ha, {} {} ha, {} {} ha, {} {}",
            lang.pick("diện tích tự nhiên", "natural area"),
            number_for(z.natural_area_ha, 0, lang),
            lang.pick("rừng", "forest"),
            number_for(z.forest_ha, 0, lang),
            lang.pick("đất nông nghiệp", "farmland"),
            number_for(z.farmland_ha(), 0, lang),
            number_for(z.households, 0, lang),
            lang.pick("hộ", "households")
        );
        out.push(Assumption { section: "zones".into(), name: z.name.clone(), value, source: z.source.clone() });
    }
    out
}

/// The whole report. `svg_of(name)` returns the SVG text of a figure.
pub fn report_html(results: &ResultSet, figures: &[Figure], lang: Lang, svg_of: &dyn Fn(&str) -> String) -> String {
    let s = &results.scenario;
    let m = &results.manifest;
    let mut out = page_head(s.title(lang), lang);
    let _ = write!(out, "<h1>{}</h1>", escape(s.title(lang)));
    let _ = write!(
        out,
        "<p class=\"meta\">{} <b>{}</b> · {} {} · seed {} · {} {} · {}</p>",
        lang.pick("Kịch bản", "Scenario"),
        escape(&s.name),
        m.replicates,
        lang.pick("lần mô phỏng", "replicates"),
        m.seed,
        lang.pick("quy mô", "scale"),
        m.scale,
        escape(&m.program)
    );
    if let Some(found) = &results.findings {
        out.push_str(&super::findings_text::summary_html(found, s, lang));
    }
    let _ = write!(out, "<h2>{}</h2>", lang.pick("Kịch bản", "The scenario"));
    if !s.description(lang).is_empty() {
        let _ = write!(out, "<p>{}</p>", escape(s.description(lang)));
    }
    let _ =
        write!(out, "<p>{}</p>", escape(&plain_description(s, results.manifest.replicates, results.years.len(), lang)));
    let focus = s.focus_label(lang);
    let _ = write!(out, "<h2>{} ({})</h2>", lang.pick("Chỉ tiêu chính", "Key indicators"), escape(&focus));
    out.push_str(&key_table_html(&key_indicators(results, &s.focus_scope(), lang), lang));
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p>",
        lang.pick(
            "Mỗi ô: giá trị trung bình qua các lần mô phỏng; dòng dưới: khoảng 5–95%. Tiền theo giá cố định năm gốc.",
            "Each cell: the mean across replicates; below it, the 5–95% range. Money in constant base-year VND."
        )
    );
    if let Some(budget) = results.budget.as_ref().filter(|b| !b.periods.is_empty()) {
        let _ = write!(
            out,
            "<h2>{} ({})</h2>",
            lang.pick("Ngân sách theo kỳ kế hoạch", "Budget by plan period"),
            escape(&focus)
        );
        out.push_str(&budget_table_html(budget, &s.focus_scope(), lang));
        let _ = write!(
            out,
            "<p class=\"meta\">{}</p>",
            lang.pick(
                "Cộng trong kỳ, trừ dư nợ (cuối kỳ); mỗi hộ được hỗ trợ tính một lần trong kỳ. Hỗ trợ được chi vào năm sau năm quyết định trồng. Trung bình qua các lần mô phỏng; dòng dưới: khoảng 5–95%. Chi tiết theo năm và theo đơn vị: budget.csv.",
                "Sums over the period, except credit outstanding (at its end); each household supported counts once per period. Support is paid the year after the planting decision. Mean across replicates; below it, the 5–95% range. Per year and per zone: budget.csv."
            )
        );
        let by_zone = match lang {
            Lang::Vi => format!("Kinh phí hỗ trợ theo {} (tỷ đồng)", s.zone_word(lang)),
            Lang::En => format!("Support paid by {} (billion VND)", s.zone_word(lang)),
        };
        let _ = write!(out, "<h3>{}</h3>", escape(&by_zone));
        out.push_str(&budget_by_zone_html(budget, s, lang));
    }
    let _ = write!(out, "<h2>{}</h2>", lang.pick("Biểu đồ", "Charts"));
    for (i, f) in figures.iter().enumerate() {
        let svg = svg_of(&f.name);
        let svg = svg.trim_start_matches(|c| c != '<');
        let svg = match svg.find("<svg") {
            Some(at) => &svg[at..],
            None => svg,
        };
        // Inline SVG needs no namespace; leaving it out keeps the file free
        // of anything that looks like an address.
        let svg = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        let _ = write!(
            out,
            "<figure id=\"{}\">{svg}<figcaption><b>{} {}.</b> {}. {}</figcaption></figure>",
            escape(&f.name),
            lang.pick("Hình", "Figure"),
            i + 1,
            escape(&f.title),
            escape(&f.caption)
        );
    }
    let _ = write!(out, "<h2>{}</h2>", lang.pick("Giả định và nguồn số liệu", "Assumptions and sources"));
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick(
            "“est”: số ước tính, người lập kế hoạch có thể thay trong tệp kịch bản.",
            "“est”: an estimate that a planner can override in the scenario file."
        ),
        lang.pick("Nhóm", "Section"),
        lang.pick("Tham số", "Setting"),
        lang.pick("Giá trị", "Value"),
        lang.pick("Nguồn", "Source")
    );
    for a in assumptions(results, lang) {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.section),
            escape(&a.name),
            escape(&a.value),
            escape(&a.source)
        );
    }
    out.push_str("</tbody></table></body></html>\n");
    out
}
