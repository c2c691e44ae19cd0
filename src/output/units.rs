//! How the stored units of indicators and budget items are shown to
//! people: the unit's words, the divisor from the stored value, and the
//! decimals, the same in every table, chart and workbook.

use crate::scenario::Lang;

/// How a stored unit is shown to people, as in the report's key table:
/// the unit's words and the divisor from the stored value (money totals in
/// billion VND, per ha and per household in million VND).
pub fn shown_unit(unit: &str, lang: Lang) -> (String, f64) {
    match unit {
        "VND" => (lang.pick("tỷ đồng", "billion VND").to_string(), 1e9),
        "VND/kg" => (lang.pick("đ/kg", "VND/kg").to_string(), 1.0),
        "VND/ha" => (lang.pick("tr.đ/ha", "M VND/ha").to_string(), 1e6),
        "VND/yr" => (lang.pick("tr.đ/năm", "M VND/yr").to_string(), 1e6),
        "households" => (lang.pick("hộ", "households").to_string(), 1.0),
        "t" => (lang.pick("tấn", "t").to_string(), 1.0),
        // The one indicator per ha in tonnes is a year's soil loss.
        "t/ha" => (lang.pick("tấn/ha/năm", "t/ha/yr").to_string(), 1.0),
        other => (other.to_string(), 1.0),
    }
}

/// Decimals shown for a value in the shown unit `unit` (divided by
/// `divisor`): three for an index without a unit (a Gini, a soil factor,
/// which move in their hundredths), one for percentages, yields and
/// billions, none otherwise.
pub fn shown_decimals(unit: &str, divisor: f64) -> usize {
    if unit.is_empty() {
        3
    } else if unit.contains('%') || matches!(unit, "t/ha" | "tấn/ha" | "t/ha/yr" | "tấn/ha/năm") || divisor >= 1e9
    {
        1
    } else {
        0
    }
}
