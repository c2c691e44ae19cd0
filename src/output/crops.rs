//! The per-hectare comparison of crops and a crop's year-by-year cash
//! flow, as JSON, CSV (UTF-8 with BOM, for Excel) and terminal text.

use crate::analysis::crops::{CashFlowYear, CropRow};
use crate::output::csv_out::write_csv;
use crate::output::table::TextTable;
use crate::scenario::{Crop, Lang, Scenario, Slope};
use crate::text::number_for;

/// A value, or a dash where there is none.
fn optional(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_string())
}

/// Pretty JSON of any rows, ending in a newline.
pub fn rows_json<T: serde::Serialize>(rows: &T) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_default() + "\n"
}

/// The crops table as CSV.
pub fn crops_csv(rows: &[CropRow]) -> Vec<u8> {
    let header = [
        "crop",
        "name_vi",
        "name_en",
        "kind",
        "slope",
        "mature_yield_t_ha",
        "price_vnd_kg",
        "mature_gov_mvnd_ha",
        "mature_net_mvnd_ha",
        "establishment_mvnd_ha",
        "npv_mvnd_ha",
        "irr_pct_yr",
        "payback_yr",
    ];
    let body = rows.iter().map(|r| {
        vec![
            r.crop.clone(),
            r.name_vi.clone(),
            r.name_en.clone(),
            r.kind.to_string(),
            r.slope.to_string(),
            format!("{:.2}", r.mature_yield_t_per_ha),
            format!("{:.0}", r.price_vnd_per_kg),
            format!("{:.2}", r.mature_gov_vnd_per_ha / 1e6),
            format!("{:.2}", r.mature_net_vnd_per_ha / 1e6),
            format!("{:.2}", r.establishment_vnd_per_ha / 1e6),
            format!("{:.2}", r.npv_vnd_per_ha / 1e6),
            r.irr_per_yr.map(|v| format!("{:.2}", v * 100.0)).unwrap_or_default(),
            r.payback_year.map(|v| v.to_string()).unwrap_or_default(),
        ]
    });
    let mut buf = Vec::new();
    write_csv(&mut buf, &header, body).expect("writing to memory cannot fail");
    buf
}

/// The crops table as text for the terminal, on `slope`.
pub fn crops_text(s: &Scenario, rows: &[CropRow], slope: Slope, lang: Lang) -> String {
    let p = &s.parameters;
    // Short headers, with the units on a line below, so that the table
    // fits 100 columns.
    let mut table = TextTable::new(vec![
        lang.pick("Cây trồng", "Crop").to_string(),
        lang.pick("Năng suất", "Yield").to_string(),
        lang.pick("Giá", "Price").to_string(),
        lang.pick("GTSX", "Gross").to_string(),
        lang.pick("Lãi ròng", "Net").to_string(),
        lang.pick("Trồng mới", "Establish").to_string(),
        "NPV".to_string(),
        "IRR".to_string(),
        lang.pick("Hoàn vốn", "Payback").to_string(),
    ]);
    let npv = format!(
        "NPV {} {} @{}%",
        p.planning_horizon_years,
        lang.pick("năm", "yr"),
        number_for(p.household_discount_rate * 100.0, 0, lang)
    );
    let units = match lang {
        Lang::Vi => format!(
            "Đơn vị: năng suất t/ha; giá đ/kg; GTSX, lãi ròng, trồng mới và {npv}: triệu đồng/ha; IRR %/năm; hoàn vốn: năm."
        ),
        Lang::En => format!(
            "Units: yield t/ha; price VND/kg; gross, net, establishment and {npv}: M VND/ha; IRR %/yr; payback: years."
        ),
    };
    for (row, crop) in rows.iter().zip(&s.crops) {
        table.row(vec![
            crop.name(lang).to_string(),
            number_for(row.mature_yield_t_per_ha, 1, lang),
            number_for(row.price_vnd_per_kg, 0, lang),
            number_for(row.mature_gov_vnd_per_ha / 1e6, 1, lang),
            number_for(row.mature_net_vnd_per_ha / 1e6, 1, lang),
            number_for(row.establishment_vnd_per_ha / 1e6, 1, lang),
            number_for(row.npv_vnd_per_ha / 1e6, 1, lang),
            optional(row.irr_per_yr.map(|v| number_for(v * 100.0, 1, lang))),
            // Nothing to pay back where nothing is invested up front (the
            // annual crops): "–", as for their IRR, rather than year 0.
            optional(row.payback_year.map(|v| v.to_string())),
        ]);
    }
    let note = lang.pick("Giá cơ sở (giá trung vị × hệ số chất lượng), không có trợ cấp; cây lâu năm: năng suất và thu nhập khi cho quả ổn định, IRR và hoàn vốn tính trên cả chu kỳ.",
        "Base prices (market median × quality), no subsidy; perennials: mature yield and income, IRR and payback over the lifespan from planting.",).to_string();
    format!(
        "{} — {} {} ({})\n\n{}{}\n",
        s.name,
        lang.pick("độ dốc", "slope"),
        slope.label(),
        slope_degrees(slope),
        table.render(),
        crate::text::wrap(&format!("{units} {note}"), 100).join("\n")
    )
}

/// The slope class in degrees.
fn slope_degrees(slope: Slope) -> &'static str {
    match slope {
        Slope::S1 => "< 8°",
        Slope::S2 => "8–15°",
        Slope::S3 => "15–25°",
        Slope::S4 => "> 25°",
    }
}

/// The cash flow of a new orchard as CSV.
pub fn cash_flow_csv(years: &[CashFlowYear]) -> Vec<u8> {
    let header = ["age_yr", "yield_t_ha", "gov_mvnd_ha", "cost_mvnd_ha", "cash_flow_mvnd_ha", "cumulative_mvnd_ha"];
    let body = years.iter().map(|y| {
        vec![
            y.age_years.to_string(),
            format!("{:.3}", y.yield_t_per_ha),
            format!("{:.3}", y.gov_vnd_per_ha / 1e6),
            format!("{:.3}", y.cost_vnd_per_ha / 1e6),
            format!("{:.3}", y.cash_flow_vnd_per_ha / 1e6),
            format!("{:.3}", y.cumulative_vnd_per_ha / 1e6),
        ]
    });
    let mut buf = Vec::new();
    write_csv(&mut buf, &header, body).expect("writing to memory cannot fail");
    buf
}

/// The cash flow of a new orchard of `crop` on `slope` as terminal text.
pub fn cash_flow_text(s: &Scenario, crop: &Crop, slope: Slope, years: &[CashFlowYear], lang: Lang) -> String {
    let mut table = TextTable::new(vec![
        lang.pick("Tuổi", "Age (yr)").to_string(),
        lang.pick("Năng suất (t/ha)", "Yield (t/ha)").to_string(),
        lang.pick("GTSX (tr.đ/ha)", "Gross (M VND/ha)").to_string(),
        lang.pick("Chi phí (tr.đ/ha)", "Costs (M VND/ha)").to_string(),
        lang.pick("Dòng tiền (tr.đ/ha)", "Cash flow (M VND/ha)").to_string(),
        lang.pick("Luỹ kế (tr.đ/ha)", "Cumulative (M VND/ha)").to_string(),
    ]);
    for y in years {
        table.row(vec![
            y.age_years.to_string(),
            number_for(y.yield_t_per_ha, 2, lang),
            number_for(y.gov_vnd_per_ha / 1e6, 1, lang),
            number_for(y.cost_vnd_per_ha / 1e6, 1, lang),
            number_for(y.cash_flow_vnd_per_ha / 1e6, 1, lang),
            number_for(y.cumulative_vnd_per_ha / 1e6, 1, lang),
        ]);
    }
    let payback = years.iter().find(|y| y.cumulative_vnd_per_ha >= 0.0).map(|y| y.age_years);
    let payback_text = match (payback, lang) {
        (Some(a), Lang::Vi) => format!("Hoàn vốn ở tuổi {a}."),
        (Some(a), Lang::En) => format!("Pays back at age {a}."),
        (None, Lang::Vi) => "Không hoàn vốn trong chu kỳ.".to_string(),
        (None, Lang::En) => "Does not pay back within its lifespan.".to_string(),
    };
    format!(
        "{} — {} {}, {} {} {}\n\n{}\n{payback_text}\n",
        crop.name(lang),
        lang.pick("độ dốc", "slope"),
        slope.label(),
        lang.pick("giá", "price"),
        number_for(s.base_price_vnd_per_kg(crop), 0, lang),
        lang.pick("đ/kg", "VND/kg"),
        table.render()
    )
}
