//! What a plausible range is: its ends, the kind of number, and how a value
//! outside it is explained to a planner. The tables are in `parameters.rs`
//! (`[parameters]`) and `ranges.rs` (everything else).

/// Largest age or span in years: ages are stored in 16 bits, and no orchard lives a century.
pub const MAX_YEARS: f64 = 100.0;

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
}

/// A range entry (for the tables; `const` so they are built at compile time).
pub const fn range(
    path: &'static str,
    unit: &'static str,
    low: End,
    high: End,
    kind: Kind,
    why: &'static str,
) -> SettingRange {
    SettingRange { path, unit, low, high, kind, why }
}

/// A number as people read it: no exponent for ordinary sizes, thousands
/// separated.
fn shown(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.abs() >= 1e13 || (value != 0.0 && value.abs() < 1e-4) {
        format!("{value:e}")
    } else if value.fract() == 0.0 {
        crate::text::group_thousands(value, 0)
    } else {
        crate::text::number_trimmed(value, 6, crate::text::Lang::En)
    }
}

/// A number of a setting of `kind`: whole numbers in full, however large.
fn shown_as(value: f64, kind: Kind) -> String {
    if kind.is_whole() && value.is_finite() && value.fract() == 0.0 && value.abs() < 1e21 {
        crate::text::group_thousands(value, 0)
    } else {
        shown(value)
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

    /// The range in words, with its unit: "0 to 1 per year", "above 0, at most 1".
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            "" | "share" | "log" => String::new(),
            unit => format!(" {unit}"),
        };
        let whole = if self.kind.is_whole() { "a whole number " } else { "" };
        match (self.low, self.high) {
            (Incl(a), Incl(b)) => format!("{whole}from {} to {}{unit}", shown_as(a, self.kind), shown_as(b, self.kind)),
            (Excl(a), Incl(b)) => {
                format!("{whole}above {} and at most {}{unit}", shown_as(a, self.kind), shown_as(b, self.kind))
            }
            (Incl(a), Excl(b)) => {
                format!("{whole}from {} to below {}{unit}", shown_as(a, self.kind), shown_as(b, self.kind))
            }
            (Excl(a), Excl(b)) => format!(
                "{whole}between {} and {} (both excluded){unit}",
                shown_as(a, self.kind),
                shown_as(b, self.kind)
            ),
        }
    }

    /// The message for `value` outside the range, and a hint when the value
    /// looks like a percentage typed for a share or rate.
    pub fn complaint(&self, value: f64) -> (String, Option<String>) {
        let message = format!("expected {} ({}), found {}", self.describe(), self.why, shown_as(value, self.kind));
        let hint = (self.kind == Rate && value > 1.0 && value <= 100.0).then(|| {
            format!(
                "shares and rates are written as fractions here: if you meant {}%, write {}",
                shown(value),
                shown(value / 100.0)
            )
        });
        (message, hint)
    }
}
