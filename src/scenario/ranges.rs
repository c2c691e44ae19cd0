//! The plausible range of every number a scenario file may hold, in one
//! table: the setting's path, its unit, its range and why.
//!
//! `check` and every command that simulates refuse a value outside its range
//! before anything runs (exit code 2, with the file, line and column). A
//! range is wider than any real province needs and narrower than what makes
//! the model's arithmetic overflow, an integer wrap or the memory run out. A
//! rate above 1 in a setting measured per year is almost always a percentage
//! typed as such (6.6 for 6.6%), and the error says so.
//!
//! Integer settings are checked here on the value as written, before any
//! conversion to a narrower type.

use super::locate::{FieldPath, Segment};

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
    /// A rate or share per year: a value above 1 is likely a percentage.
    Rate,
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

const fn range(
    path: &'static str,
    unit: &'static str,
    low: End,
    high: End,
    kind: Kind,
    why: &'static str,
) -> SettingRange {
    SettingRange { path, unit, low, high, kind, why }
}

use End::{Excl, Incl};
use Kind::{Number, Rate, Whole};

/// Largest area of one zone or crop (ha): ten times Sơn La's natural area.
const MAX_AREA_HA: f64 = 1.5e7;
/// Largest money amount per hectare (VND/ha): 10 billion, forty times an orchard's establishment.
const MAX_VND_PER_HA: f64 = 1e10;
/// Largest age or span in years: ages are stored in 16 bits, and no orchard lives a century.
const MAX_YEARS: f64 = 100.0;

/// Every numeric setting of a scenario file.
pub const RANGES: &[SettingRange] = &[
    // [simulation]
    range("simulation.base_year", "year", Incl(1900.0), Incl(2200.0), Whole, "first simulated year"),
    range("simulation.years", "years", Incl(1.0), Incl(200.0), Whole, "years simulated; records grow with them"),
    range(
        "simulation.replicates",
        "replicates",
        Incl(1.0),
        Incl(100_000.0),
        Whole,
        "Monte Carlo replicates; 100,000 of the whole province take about a day here",
    ),
    range("simulation.seed", "", Incl(0.0), Incl(9.223_372_036_854_776e18), Whole, "random seed"),
    range(
        "simulation.scale",
        "share",
        Excl(0.0),
        Incl(1.0),
        Number,
        "share of the province simulated; each zone needs at least 20 households",
    ),
    // [policy]
    range("policy.min_parcel_ha", "ha", Incl(0.0), Incl(100.0), Number, "smallest parcel converted"),
    range(
        "policy.max_conversions_per_household",
        "parcels/yr",
        Incl(0.0),
        Incl(100.0),
        Whole,
        "parcels a household converts in a year",
    ),
    range("policy.subsidy_vnd_ha", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "establishment subsidy"),
    range("policy.subsidy_vnd_ha.*", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "establishment subsidy"),
    range("policy.credit_limit_vnd", "VND", Incl(0.0), Incl(1e11), Number, "credit limit per household"),
    range("policy.credit_rate", "per year", Incl(0.0), Incl(1.0), Rate, "interest rate on credit"),
    range("policy.extension_boost", "per year", Incl(0.0), Incl(1.0), Rate, "extra awareness probability a year"),
    range(
        "policy.topwork_support_vnd_household",
        "VND",
        Incl(0.0),
        Incl(1e10),
        Number,
        "support per household that top-works",
    ),
    range("policy.coop_share", "share", Incl(0.0), Incl(1.0), Rate, "share of households in cooperatives"),
    range("policy.target_ha_per_year", "ha/yr", Incl(0.0), Incl(MAX_AREA_HA), Number, "hectares converted a year"),
    range("policy.target_years.*", "year", Incl(1900.0), Incl(2200.0), Whole, "first and last decision year"),
    range("policy.mix.*", "share", Incl(0.0), Incl(1.0), Rate, "share of converted area per crop"),
    range("policy.compliance", "share", Incl(0.0), Incl(1.0), Rate, "probability that an owner complies"),
    // [parameters]
    range("parameters.farmland_cv", "", Incl(0.0), Incl(5.0), Number, "spread of farmland per household"),
    range("parameters.parcels_extra_mean", "parcels", Incl(0.0), Incl(20.0), Number, "parcels beyond the first"),
    range("parameters.parcels_max", "parcels", Incl(1.0), Incl(50.0), Whole, "cap on parcels per household"),
    range(
        "parameters.household_size_extra_mean",
        "persons",
        Incl(0.0),
        Incl(20.0),
        Number,
        "persons beyond the first in a household",
    ),
    range("parameters.other_income_median", "VND/yr", Incl(0.0), Incl(1e10), Number, "median non-farm income"),
    range("parameters.other_income_sigma", "log", Incl(0.0), Incl(3.0), Number, "log spread of non-farm income"),
    range("parameters.savings_median", "VND", Incl(0.0), Incl(1e11), Number, "median savings at base year"),
    range("parameters.savings_sigma", "log", Incl(0.0), Incl(3.0), Number, "log spread of savings"),
    range(
        "parameters.preference_sigma_mvnd_ha",
        "M VND/ha",
        Incl(0.0),
        Incl(1000.0),
        Number,
        "spread of households' crop tastes",
    ),
    range("parameters.risk_aversion_max", "", Incl(0.0), Incl(10.0), Number, "largest risk aversion λ"),
    range("parameters.establish_mult_S*", "", Excl(0.0), Incl(10.0), Number, "establishment cost multiplier"),
    range("parameters.ls_S*", "", Incl(0.0), Incl(100.0), Number, "RUSLE slope-length factor"),
    range("parameters.rk", "t/ha", Incl(0.0), Incl(1000.0), Number, "erosivity × erodibility"),
    range("parameters.soil_delta", "per t/ha", Incl(0.0), Incl(1.0), Number, "soil factor lost per t/ha lost"),
    range("parameters.soil_recovery", "per year", Incl(0.0), Incl(1.0), Rate, "soil factor regained a year"),
    range("parameters.soil_min", "", Excl(0.0), Incl(1.0), Number, "floor of the soil factor"),
    range("parameters.cover_age", "years", Incl(0.0), Incl(MAX_YEARS), Whole, "age from which an orchard is cover"),
    range("parameters.hail_p", "per year", Incl(0.0), Incl(1.0), Rate, "probability of a hail year"),
    range("parameters.hail_loss", "share", Incl(0.0), Incl(1.0), Rate, "yield lost in a hail year"),
    range("parameters.supply_factor_min", "", Excl(0.0), Incl(1.0), Number, "lowest supply factor of a price"),
    range("parameters.poverty_line_vnd_person_yr", "VND", Excl(0.0), Incl(1e9), Number, "poverty line per person"),
    range("parameters.threshold_vnd_household_yr", "VND", Excl(0.0), Incl(1e11), Number, "household income threshold"),
    range("parameters.consumption_propensity", "share", Incl(0.0), Incl(1.0), Rate, "share of spare income consumed"),
    range("parameters.awareness_initial", "share", Incl(0.0), Incl(1.0), Rate, "households aware at base year"),
    range("parameters.awareness_p", "per year", Incl(0.0), Incl(1.0), Rate, "Bass innovation rate"),
    range("parameters.awareness_q", "per year", Incl(0.0), Incl(5.0), Number, "Bass imitation rate"),
    range("parameters.adopt_pi_max", "per year", Incl(0.0), Incl(1.0), Rate, "largest adoption probability"),
    range("parameters.adopt_theta_mvnd_ha", "M VND/ha", Incl(-1000.0), Incl(1000.0), Number, "gain at half adoption"),
    range("parameters.adopt_tau_mvnd_ha", "M VND/ha", Excl(0.0), Incl(1000.0), Number, "spread of the adoption curve"),
    range("parameters.planning_horizon", "years", Incl(1.0), Incl(MAX_YEARS), Whole, "years a household looks ahead"),
    range("parameters.household_discount_rate", "per year", Incl(0.0), Incl(1.0), Rate, "households' discount rate"),
    range("parameters.coop_premium", "share", Incl(0.0), Incl(1.0), Rate, "price premium of cooperative fruit"),
    range("parameters.abandon_years", "years", Incl(0.0), Incl(MAX_YEARS), Whole, "loss years before abandoning"),
    range("parameters.abandon_p", "per year", Incl(0.0), Incl(1.0), Rate, "probability of abandoning then"),
    range("parameters.forest_trend_share", "per year", Incl(-0.1), Incl(0.1), Rate, "yearly forest growth"),
    // [markets.ID]
    range("markets.*.base_price_vnd_kg", "VND/kg", Excl(0.0), Incl(1e7), Number, "median price"),
    range("markets.*.sigma", "log", Incl(0.0), Incl(2.0), Number, "yearly spread of the log price"),
    range("markets.*.phi", "", Excl(-1.0), Excl(1.0), Number, "persistence of the log price"),
    range("markets.*.demand_elasticity", "", Excl(0.0), Incl(50.0), Number, "price response to supply"),
    range("markets.*.q_ref_t", "t", Excl(0.0), Incl(1e9), Number, "tonnes absorbed at the base price"),
    range("markets.*.q_ref_growth", "per year", Excl(-1.0), Incl(1.0), Rate, "yearly growth of that capacity"),
    // [correlations]
    range("correlations.*.*", "", Incl(-1.0), Incl(1.0), Number, "correlation of two markets' price shocks"),
    // [crops.ID]
    range("crops.*.quality", "", Excl(0.0), Incl(10.0), Number, "price as a share of the market price"),
    range("crops.*.yield_t_ha_S*", "t/ha", Incl(0.0), Incl(200.0), Number, "mature yield"),
    range("crops.*.annual_cost_vnd_ha", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "cost of an annual crop"),
    range("crops.*.establishment_vnd_ha", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "establishment cost"),
    range("crops.*.maintenance_vnd_ha", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "yearly maintenance"),
    range("crops.*.harvest_vnd_kg", "VND/kg", Incl(0.0), Incl(1e7), Number, "harvest and marketing cost"),
    range("crops.*.topwork_vnd_ha", "VND/ha", Incl(0.0), Incl(MAX_VND_PER_HA), Number, "cost of top-working"),
    range("crops.*.topwork_age", "years", Incl(0.0), Incl(MAX_YEARS), Whole, "age a top-worked parcel takes"),
    range("crops.*.lifespan", "years", Incl(1.0), Incl(MAX_YEARS), Whole, "age of replanting"),
    range("crops.*.yield_curve.*.0", "years", Incl(0.0), Incl(MAX_YEARS), Number, "age of a yield-curve point"),
    range("crops.*.yield_curve.*.1", "share", Incl(0.0), Incl(1.0), Number, "share of mature yield at that age"),
    range("crops.*.yield_cv", "", Incl(0.0), Incl(2.0), Number, "yield spread from weather"),
    range("crops.*.c_young", "", Incl(0.0), Incl(1.0), Number, "erosion cover factor while young"),
    range("crops.*.c_mature", "", Incl(0.0), Incl(1.0), Number, "erosion cover factor when mature"),
    range("crops.*.cover_credit", "share", Incl(0.0), Incl(1.0), Number, "share counted as tree cover"),
    range("crops.*.initial_age.*", "years", Incl(0.0), Incl(MAX_YEARS), Whole, "orchard ages at base year"),
    range("crops.*.slope_share.*", "share", Incl(0.0), Incl(1.0), Number, "base-year area on a slope class"),
    // [zones."NAME"]
    range("zones.*.natural_area_ha", "ha", Excl(0.0), Incl(MAX_AREA_HA), Number, "natural area"),
    range("zones.*.households", "households", Excl(0.0), Incl(5e6), Number, "households in the zone"),
    range("zones.*.forest_ha", "ha", Incl(0.0), Incl(MAX_AREA_HA), Number, "forest area at base year"),
    range("zones.*.area_ha.*", "ha", Incl(0.0), Incl(MAX_AREA_HA), Number, "area of a crop at base year"),
    range("zones.*.rk", "t/ha", Incl(0.0), Incl(1000.0), Number, "erosivity × erodibility of the zone"),
    range("zones.*.hail_p", "per year", Incl(0.0), Incl(1.0), Rate, "probability of a hail year in the zone"),
];

/// Most entries a table of zones, crops or markets, or any list, may hold.
pub const MAX_ENTRIES: &[(&str, usize)] = &[("zones", 5000), ("crops", 200), ("markets", 200)];

/// Most items in any list of a scenario file (a yield curve, `to_crops`).
pub const MAX_LIST_ITEMS: usize = 1000;

/// Whether `pattern` (with `*` wildcards) matches `path`.
fn matches(pattern: &str, path: &FieldPath) -> bool {
    let parts: Vec<&str> = pattern.split('.').collect();
    if parts.len() != path.0.len() {
        return false;
    }
    parts.iter().zip(&path.0).all(|(p, seg)| {
        let text = match seg {
            Segment::Key(k) => k.clone(),
            Segment::Index(i) => i.to_string(),
        };
        match p.strip_suffix('*') {
            Some(prefix) => text.starts_with(prefix),
            None => *p == text,
        }
    })
}

/// The range of the setting at `path`, if it is a numeric setting.
pub fn range_of(path: &FieldPath) -> Option<&'static SettingRange> {
    RANGES.iter().find(|r| matches(r.path, path))
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
        crate::text::group_thousands(value, 6).trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl SettingRange {
    /// Whether `value` lies in the range.
    pub fn contains(&self, value: f64) -> bool {
        let above = match self.low {
            Incl(v) => value >= v,
            Excl(v) => value > v,
        };
        let below = match self.high {
            Incl(v) => value <= v,
            Excl(v) => value < v,
        };
        value.is_finite() && above && below
    }

    /// The range in words, with its unit: "0 to 1 per year", "above 0, at most 1".
    pub fn describe(&self) -> String {
        let unit = match self.unit {
            "" | "share" | "log" => String::new(),
            unit => format!(" {unit}"),
        };
        let whole = if self.kind == Whole { "a whole number " } else { "" };
        match (self.low, self.high) {
            (Incl(a), Incl(b)) => format!("{whole}from {} to {}{unit}", shown(a), shown(b)),
            (Excl(a), Incl(b)) => format!("{whole}above {} and at most {}{unit}", shown(a), shown(b)),
            (Incl(a), Excl(b)) => format!("{whole}from {} to below {}{unit}", shown(a), shown(b)),
            (Excl(a), Excl(b)) => format!("{whole}between {} and {} (both excluded){unit}", shown(a), shown(b)),
        }
    }

    /// The message for `value` outside the range, and a hint when the value
    /// looks like a percentage typed for a share or rate.
    pub fn complaint(&self, value: f64) -> (String, Option<String>) {
        let message = format!("expected {} ({}), found {}", self.describe(), self.why, shown(value));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_ids_and_list_positions() {
        let p = FieldPath::keys(&["crops", "longan_grafted", "yield_t_ha_S3"]);
        assert_eq!(range_of(&p).map(|r| r.path), Some("crops.*.yield_t_ha_S*"));
        let point = FieldPath::keys(&["crops", "mango", "yield_curve"]).index(2).index(1);
        assert_eq!(range_of(&point).map(|r| r.path), Some("crops.*.yield_curve.*.1"));
        assert!(range_of(&FieldPath::keys(&["crops", "mango", "name_vi"])).is_none());
    }

    #[test]
    fn a_percent_typed_for_a_rate_gets_a_hint() {
        let r = range_of(&FieldPath::keys(&["policy", "credit_rate"])).unwrap();
        assert!(r.contains(0.066) && !r.contains(6.6) && !r.contains(f64::NAN));
        let (message, hint) = r.complaint(6.6);
        assert!(message.contains("found 6.6"), "{message}");
        assert!(hint.unwrap().contains("0.066"));
    }

    #[test]
    fn every_pattern_is_declared_once() {
        for (i, a) in RANGES.iter().enumerate() {
            assert!(RANGES[i + 1..].iter().all(|b| b.path != a.path), "{} twice", a.path);
            assert!(!a.why.is_empty());
        }
    }
}
