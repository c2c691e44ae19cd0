//! What a plausible range is: its ends, the kind of number, and how a value
//! outside it is explained to a planner. The tables are in `parameters.rs`
//! (`[parameters]`) and `ranges.rs` (everything else).

/// Largest age or span in years: ages are stored in 16 bits, and no orchard lives a century.
pub const MAX_YEARS: f64 = 100.0;

use crate::text::{Lang, Said, as_written, number_for, number_trimmed, said};
use End::{Excl, Incl};
use Kind::{Rate, Whole};

/// One end of a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum End {
    /// The value itself is allowed.
    Incl(f64),
    /// Only values strictly beyond it are allowed.
    Excl(f64),
}

/// What kind of number a setting is, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any number in the range.
    Number,
    /// A whole number (checked before the cast to the engine's type).
    Whole,
    /// A count the file may write as a float (households): a whole number
    /// whose fraction the range check refuses.
    Count,
    /// A rate or share per year: a value above 1 is likely a percentage.
    Rate,
}

impl Kind {
    /// Whether the setting takes whole numbers only.
    pub fn is_whole(self) -> bool {
        matches!(self, Whole | Kind::Count)
    }
}

/// The range of one setting.
#[derive(Debug, Clone, Copy)]
pub struct SettingRange {
    /// Path of the setting in the file; `*` stands for any one id (a zone,
    /// crop or market) or list position.
    pub path: &'static str,
    /// Unit of the value as written in the file.
    pub unit: &'static str,
    /// Lower end.
    pub low: End,
    /// Upper end.
    pub high: End,
    /// Number, whole number or rate.
    pub kind: Kind,
    /// What the setting is and why the range is what it is.
    pub why: &'static str,
    /// The same in Vietnamese.
    pub why_vi: &'static str,
}

/// A range entry (for the tables; `const` so they are built at compile time).
pub const fn range(
    path: &'static str,
    unit: &'static str,
    low: End,
    high: End,
    kind: Kind,
    why: &'static str,
    why_vi: &'static str,
) -> SettingRange {
    SettingRange { path, unit, low, high, kind, why, why_vi }
}

/// A number as people read it in `lang`: no exponent for ordinary sizes,
/// thousands separated.
fn shown(value: f64, lang: Lang) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.abs() >= 1e13 || (value != 0.0 && value.abs() < 1e-4) {
        format!("{value:e}")
    } else if value.fract() == 0.0 {
        number_for(value, 0, lang)
    } else {
        number_trimmed(value, 6, lang)
    }
}

/// A number of a setting of `kind`: whole numbers in full, however large.
fn shown_as(value: f64, kind: Kind, lang: Lang) -> String {
    if kind.is_whole() && value.is_finite() && value.fract() == 0.0 && value.abs() < 1e21 {
        number_for(value, 0, lang)
    } else {
        shown(value, lang)
    }
}

/// A unit as written in the file, in Vietnamese words where it has them.
fn unit_vi(unit: &str) -> &str {
    match unit {
        "years" => "năm",
        "replicates" => "lần",
        "parcels/yr" => "thửa/năm",
        "parcels" => "thửa",
        "persons" => "người",
        "households" => "hộ",
        "per year" => "mỗi năm",
        "ha/yr" => "ha/năm",
        "VND" => "đồng",
        "VND/ha" => "đồng/ha",
        "VND/kg" => "đồng/kg",
        "VND/yr" => "đồng/năm",
        "M VND/ha" => "triệu đồng/ha",
        "per t/ha" => "trên mỗi t/ha",
        other => other,
    }
}

impl SettingRange {
    /// Whether `value` lies in the range (and is whole, for a whole-number setting).
    pub fn contains(&self, value: f64) -> bool {
        let above = match self.low {
            Incl(v) => value >= v,
            Excl(v) => value > v,
        };
        let below = match self.high {
            Incl(v) => value <= v,
            Excl(v) => value < v,
        };
        // A whole number written with a fraction (12500.5 households) is
        // as wrong as one out of range.
        value.is_finite() && above && below && (!self.kind.is_whole() || value.fract() == 0.0)
    }

    /// The range in words, with its unit, in `lang`: "from 0 to 1 per
    /// year", "above 0 and at most 1".
    pub fn describe(&self, lang: Lang) -> String {
        let unit = match (self.unit, lang) {
            // A year says what it is before its ends ("a year from 1900").
            ("" | "share" | "log" | "year", _) => String::new(),
            (unit, Lang::En) => format!(" {unit}"),
            (unit, Lang::Vi) => format!(" {}", unit_vi(unit)),
        };
        let (a, b) = (self.low, self.high);
        // A year is written as one (2016), never grouped like a count.
        let end = |e: End| match e {
            Incl(v) | Excl(v) if self.unit == "year" => format!("{v}"),
            Incl(v) | Excl(v) => shown_as(v, self.kind, lang),
        };
        let (low, high) = (end(a), end(b));
        match lang {
            Lang::En => {
                let whole = match self.unit {
                    "year" => "a year ",
                    _ if self.kind.is_whole() => "a whole number ",
                    _ => "",
                };
                match (a, b) {
                    (Incl(_), Incl(_)) => format!("{whole}from {low} to {high}{unit}"),
                    (Excl(_), Incl(_)) => format!("{whole}above {low} and at most {high}{unit}"),
                    (Incl(_), Excl(_)) => format!("{whole}from {low} to below {high}{unit}"),
                    (Excl(_), Excl(_)) => format!("{whole}between {low} and {high} (both excluded){unit}"),
                }
            }
            Lang::Vi => {
                let whole = match self.unit {
                    // "Năm" alone is also "five", "một năm" "one year".
                    "year" => "năm dương lịch ",
                    _ if self.kind.is_whole() => "một số nguyên ",
                    _ => "",
                };
                match (a, b) {
                    (Incl(_), Incl(_)) => format!("{whole}từ {low} đến {high}{unit}"),
                    (Excl(_), Incl(_)) => format!("{whole}lớn hơn {low} và tối đa {high}{unit}"),
                    (Incl(_), Excl(_)) => format!("{whole}từ {low} đến dưới {high}{unit}"),
                    (Excl(_), Excl(_)) => format!("{whole}nằm giữa {low} và {high} (không kể hai đầu){unit}"),
                }
            }
        }
    }

    /// The message for `value` outside the range, and a hint when the value
    /// looks like a percentage typed for a share or rate. The Vietnamese
    /// gives the value as the file writes it (12500.5), the range in
    /// Vietnamese numbers.
    pub fn complaint(&self, value: f64) -> (Said, Option<Said>) {
        // A year as it is written (20255), never grouped like a count.
        let found_en = if self.unit == "year" { as_written(value) } else { shown_as(value, self.kind, Lang::En) };
        let message = said(
            format!("cần {} ({}), nhưng ghi {}", self.describe(Lang::Vi), self.why_vi, as_written(value)),
            format!("expected {} ({}), found {found_en}", self.describe(Lang::En), self.why),
        );
        let hint = (self.kind == Rate && value > 1.0 && value <= 100.0).then(|| {
            // The fraction to write is TOML, with a decimal point in either language.
            let fraction = as_written(value / 100.0);
            said(
                format!(
                    "tỷ lệ và lãi suất ở đây được viết dạng thập phân: nếu ý bạn là {}%, hãy viết {fraction}",
                    shown(value, Lang::Vi)
                ),
                format!(
                    "shares and rates are written as fractions here: if you meant {}%, write {fraction}",
                    shown(value, Lang::En)
                ),
            )
        });
        (message, hint)
    }
}

impl SettingRange {
    /// The message and hint for a sum of money that is almost surely
    /// written in millions (or, per kg, thousands) of đồng: a positive
    /// amount below a thousand đồng (a hundred per kg), which no setting
    /// of money in the model means. The range alone lets it through (0 is
    /// a valid subsidy), and it would run to nonsense: a threshold of 200
    /// counts every household above it.
    pub fn unit_slip(&self, value: f64) -> Option<(Said, Said)> {
        // Below what, in words; and what the number was likely counted in.
        let ((below, below_vi, below_en), (times, times_vi, times_en)) = match self.unit {
            "VND" | "VND/ha" | "VND/yr" => {
                ((1000.0, "một nghìn đồng", "a thousand đồng"), (1e6, "triệu đồng", "million đồng"))
            }
            "VND/kg" => ((100.0, "một trăm đồng", "a hundred đồng"), (1e3, "nghìn đồng/kg", "thousand đồng per kg")),
            _ => return None,
        };
        if !(value > 0.0 && value < below) {
            return None;
        }
        let (found, meant) = (as_written(value), value * times);
        let grouped = crate::text::toml_grouped(meant);
        let write = if grouped.contains('_') { format!("{grouped} (hoặc {})", as_written(meant)) } else { grouped };
        let write_en = write.replace("hoặc", "or");
        let unit_vi = unit_vi(self.unit);
        let message = said(
            format!("{found} {unit_vi} là dưới {below_vi}: {} tính bằng đồng", self.why_vi),
            format!("{found} {} is less than {below_en}: {} is in đồng", self.unit, self.why),
        );
        let hint = said(
            format!("nếu ý bạn là {} {times_vi}, hãy viết {write}", shown(value, Lang::Vi)),
            format!("if you meant {} {times_en}, write {write_en}", shown(value, Lang::En)),
        );
        Some((message, hint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Money written in millions is answered with the number to write.
    #[test]
    fn money_in_millions_is_a_slip_and_zero_is_not() {
        let threshold = range("x", "VND", Excl(0.0), Incl(1e11), Kind::Number, "income threshold", "ngưỡng thu nhập");
        let (message, hint) = threshold.unit_slip(200.0).expect("200 đồng is a slip");
        assert!(message.en.starts_with("200 VND is less than a thousand đồng"), "{message:?}");
        assert_eq!(hint.vi, "nếu ý bạn là 200 triệu đồng, hãy viết 200_000_000 (hoặc 200000000)");
        assert_eq!(
            threshold.unit_slip(8.4).unwrap().1.en,
            "if you meant 8.4 million đồng, write 8_400_000 (or 8400000)"
        );
        assert!(threshold.unit_slip(0.0).is_none() && threshold.unit_slip(200_000_000.0).is_none());
        let price = range("x", "VND/kg", Excl(0.0), Incl(1e7), Kind::Number, "price", "giá");
        assert_eq!(price.unit_slip(15.0).unwrap().1.vi, "nếu ý bạn là 15 nghìn đồng/kg, hãy viết 15_000 (hoặc 15000)");
        assert!(price.unit_slip(150.0).is_none());
        let share = range("x", "share", Incl(0.0), Incl(1.0), Kind::Number, "share", "tỷ lệ");
        assert!(share.unit_slip(0.5).is_none());
    }

    #[test]
    fn a_year_out_of_range_is_said_as_a_year() {
        let years = range("policy.target_years.*", "year", Incl(1900.0), Incl(2200.0), Whole, "last year", "năm cuối");
        let (message, _) = years.complaint(20255.0);
        assert_eq!(message.en, "expected a year from 1900 to 2200 (last year), found 20255");
        assert_eq!(message.vi, "cần năm dương lịch từ 1900 đến 2200 (năm cuối), nhưng ghi 20255");
        // A count keeps its word and its grouping.
        let people = range("x", "persons", Incl(1.0), Incl(20.0), Whole, "size", "cỡ");
        assert_eq!(people.complaint(12500.0).0.en, "expected a whole number from 1 to 20 persons (size), found 12,500");
    }
}
