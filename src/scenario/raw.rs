//! The scenario file as written: a serde mirror of the TOML, before checks.
//!
//! Every field keeps the name a planner sees in the file and in
//! `../shared/data` (`base_price_vnd_kg`, `yield_t_ha_S1`). Unknown keys are
//! collected separately (see `load.rs`) so that all of them are reported at once.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

pub use super::parameters::RawParameters;

/// A whole scenario after `extends` has been applied.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawScenario {
    /// Short name, used for the output folder.
    pub name: String,
    /// Title in Vietnamese.
    #[serde(default)]
    pub title_vi: Option<String>,
    /// Title in English.
    #[serde(default)]
    pub title_en: Option<String>,
    /// One-paragraph description in Vietnamese.
    #[serde(default)]
    pub description_vi: Option<String>,
    /// One-paragraph description in English.
    #[serde(default)]
    pub description_en: Option<String>,
    /// Run settings.
    pub simulation: RawSimulation,
    /// The conversion policy.
    pub policy: RawPolicy,
    /// Model constants.
    pub parameters: RawParameters,
    /// Source or `est` mark of each setting, by setting name.
    #[serde(default)]
    pub sources: IndexMap<String, String>,
    /// Markets by id.
    pub markets: IndexMap<String, RawMarket>,
    /// Correlations of yearly price movements: `a = { b = 0.4 }`.
    #[serde(default)]
    pub correlations: IndexMap<String, IndexMap<String, f64>>,
    /// Crops (and other land uses) by id, in table order.
    pub crops: IndexMap<String, RawCrop>,
    /// Zones (districts) by name, in table order.
    pub zones: IndexMap<String, RawZone>,
    /// How outputs speak of the scenario.
    #[serde(default)]
    pub report: Option<RawReport>,
}

/// `[report]`: how the outputs speak of the scenario.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawReport {
    /// The zones' level in Vietnamese ("huyện", "xã"); absent: "đơn vị".
    #[serde(default)]
    pub zone_word_vi: Option<String>,
    /// The zones' level in English, singular ("district", "commune"); absent: "zone".
    #[serde(default)]
    pub zone_word_en: Option<String>,
    /// Plan periods of the budget, `[[first, last], …]` in calendar years;
    /// absent: Vietnam's five-year plans (2016–2020, 2021–2025, …).
    #[serde(default)]
    pub periods: Option<Vec<Vec<i32>>>,
    /// The zones the outputs speak of (`--focus` on the command line wins);
    /// absent: the province.
    #[serde(default)]
    pub focus: Option<Vec<String>>,
}

/// `[simulation]`: what to run.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawSimulation {
    /// First simulated year.
    pub base_year: i32,
    /// Years simulated.
    pub years: u32,
    /// Monte Carlo replicates.
    pub replicates: u32,
    /// Random seed.
    pub seed: u64,
    /// Share of the province simulated (0 < scale ≤ 1).
    pub scale: f64,
}

/// A number for every crop, or a number per crop (crops left out get 0).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum PerCrop {
    /// The same value for every crop.
    All(f64),
    /// A value per crop id.
    Each(IndexMap<String, f64>),
}

/// `[policy]`: how conversion happens and what support is given.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawPolicy {
    /// `behavioural` (households decide) or `planned` (the plan sets hectares).
    pub mode: String,
    /// Crops that may be replaced.
    pub from_crops: Vec<String>,
    /// Eligible slope classes (`S1`…`S4`).
    pub slopes: Vec<String>,
    /// Crops that may be planted.
    pub to_crops: Vec<String>,
    /// Old orchards that may be top-worked.
    #[serde(default)]
    pub topwork_from: Vec<String>,
    /// Smallest parcel converted (ha).
    pub min_parcel_ha: f64,
    /// Parcels a household converts per year at most.
    pub max_conversions_per_household: u32,
    /// Establishment subsidy (VND/ha).
    pub subsidy_vnd_ha: PerCrop,
    /// Credit limit per household (VND).
    pub credit_limit_vnd: f64,
    /// Interest rate on credit (per year).
    pub credit_rate: f64,
    /// Extra yearly awareness probability from extension work.
    pub extension_boost: f64,
    /// Support per household that top-works (VND).
    pub topwork_support_vnd_household: f64,
    /// Share of households in cooperatives.
    pub coop_share: f64,
    /// Planned mode: hectares converted per decision year, province total.
    #[serde(default)]
    pub target_ha_per_year: Option<f64>,
    /// Planned mode: first and last decision year.
    #[serde(default)]
    pub target_years: Option<Vec<i32>>,
    /// Planned mode: share of converted area per crop.
    #[serde(default)]
    pub mix: Option<IndexMap<String, f64>>,
    /// Planned mode: probability that an owner complies.
    #[serde(default)]
    pub compliance: Option<f64>,
    /// First and last year of the programme's support (absent: every year).
    #[serde(default)]
    pub support_years: Option<Vec<i32>>,
    /// Planned mode: only owners who can pay convert.
    #[serde(default)]
    pub require_feasible: Option<bool>,
}

/// `[markets.ID]`: where a crop's price is set.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawMarket {
    pub base_price_vnd_kg: f64,
    pub sigma: f64,
    pub phi: f64,
    #[serde(default)]
    pub demand_elasticity: Option<f64>,
    #[serde(default)]
    pub q_ref_t: Option<f64>,
    #[serde(default)]
    pub q_ref_growth: Option<f64>,
    /// A lasting change of the price from `price_shock_from_year` on
    /// (−0.3: 30% lower); not in MODEL.md, an option for "what if".
    #[serde(default)]
    pub price_shock: Option<f64>,
    #[serde(default)]
    pub price_shock_from_year: Option<i32>,
    #[serde(default)]
    pub source: Option<String>,
}

/// `[crops.ID]`: a crop or other land use.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[allow(non_snake_case)]
pub struct RawCrop {
    pub name_vi: String,
    pub name_en: String,
    pub kind: String,
    pub market: String,
    pub quality: f64,
    pub convertible: bool,
    pub yield_t_ha_S1: f64,
    pub yield_t_ha_S2: f64,
    pub yield_t_ha_S3: f64,
    pub yield_t_ha_S4: f64,
    #[serde(default)]
    pub annual_cost_vnd_ha: Option<f64>,
    #[serde(default)]
    pub establishment_vnd_ha: Option<f64>,
    #[serde(default)]
    pub maintenance_vnd_ha: Option<f64>,
    #[serde(default)]
    pub harvest_vnd_kg: Option<f64>,
    #[serde(default)]
    pub topwork_vnd_ha: Option<f64>,
    #[serde(default)]
    pub topwork_age: Option<u32>,
    #[serde(default)]
    pub topwork_to: Option<String>,
    #[serde(default)]
    pub lifespan: Option<u32>,
    #[serde(default)]
    pub yield_curve: Option<Vec<Vec<f64>>>,
    pub yield_cv: f64,
    pub c_young: f64,
    pub c_mature: f64,
    pub cover_credit: f64,
    #[serde(default)]
    pub initial_age: Option<Vec<u32>>,
    pub slope_share: IndexMap<String, f64>,
    #[serde(default)]
    pub source: Option<String>,
}

/// `[zones."NAME"]`: a planning unit (district or commune) in the base year.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawZone {
    pub natural_area_ha: f64,
    pub households: f64,
    pub forest_ha: f64,
    pub area_ha: IndexMap<String, f64>,
    #[serde(default)]
    pub rk: Option<f64>,
    #[serde(default)]
    pub hail_p: Option<f64>,
    /// Climate-suitability yield factor by crop id (absent: 1).
    #[serde(default)]
    pub suitability: Option<IndexMap<String, f64>>,
    /// The zone's own policy: each key set here replaces `[policy]`'s
    /// (MODEL.md §11); absent: the provincial policy.
    #[serde(default)]
    pub policy: Option<RawZonePolicy>,
    #[serde(default)]
    pub source: Option<String>,
}

/// `[zones."NAME".policy]`: the keys of `[policy]` a zone sets for itself.
/// Each one set replaces the provincial value whole (a map such as
/// `subsidy_vnd_ha` too); each one left out follows `[policy]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RawZonePolicy {
    pub mode: Option<String>,
    pub from_crops: Option<Vec<String>>,
    pub slopes: Option<Vec<String>>,
    pub to_crops: Option<Vec<String>>,
    pub topwork_from: Option<Vec<String>>,
    pub min_parcel_ha: Option<f64>,
    pub max_conversions_per_household: Option<u32>,
    pub subsidy_vnd_ha: Option<PerCrop>,
    pub credit_limit_vnd: Option<f64>,
    pub credit_rate: Option<f64>,
    pub extension_boost: Option<f64>,
    pub topwork_support_vnd_household: Option<f64>,
    pub coop_share: Option<f64>,
    pub target_ha_per_year: Option<f64>,
    pub target_years: Option<Vec<i32>>,
    pub mix: Option<IndexMap<String, f64>>,
    pub compliance: Option<f64>,
    pub support_years: Option<Vec<i32>>,
    pub require_feasible: Option<bool>,
    /// First and last decision year in which the zone follows this policy;
    /// in the others it follows `[policy]` (absent: every year).
    pub policy_years: Option<Vec<i32>>,
}

// The body of both `plan_settings_set` methods (the two policies share
// these fields, not a type).
macro_rules! plan_settings_set {
    ($policy:expr) => {
        [
            $policy.target_ha_per_year.is_some(),
            $policy.target_years.is_some(),
            $policy.mix.is_some(),
            $policy.compliance.is_some(),
            $policy.require_feasible.is_some(),
        ]
    };
}

impl RawPolicy {
    /// Whether each plan setting is written here: `target_ha_per_year`,
    /// `target_years`, `mix`, `compliance`, `require_feasible`, in that order.
    pub fn plan_settings_set(&self) -> [bool; 5] {
        plan_settings_set!(self)
    }
}

impl RawZonePolicy {
    /// Whether each plan setting is written for the zone, in the order of
    /// [`RawPolicy::plan_settings_set`].
    pub fn plan_settings_set(&self) -> [bool; 5] {
        plan_settings_set!(self)
    }

    /// `base` with every key this zone sets replaced by the zone's value.
    pub fn overlay(&self, base: &RawPolicy) -> RawPolicy {
        let pick = |own: &Option<f64>, base: f64| own.unwrap_or(base);
        RawPolicy {
            mode: self.mode.clone().unwrap_or_else(|| base.mode.clone()),
            from_crops: self.from_crops.clone().unwrap_or_else(|| base.from_crops.clone()),
            slopes: self.slopes.clone().unwrap_or_else(|| base.slopes.clone()),
            to_crops: self.to_crops.clone().unwrap_or_else(|| base.to_crops.clone()),
            topwork_from: self.topwork_from.clone().unwrap_or_else(|| base.topwork_from.clone()),
            min_parcel_ha: pick(&self.min_parcel_ha, base.min_parcel_ha),
            max_conversions_per_household: self
                .max_conversions_per_household
                .unwrap_or(base.max_conversions_per_household),
            subsidy_vnd_ha: self.subsidy_vnd_ha.clone().unwrap_or_else(|| base.subsidy_vnd_ha.clone()),
            credit_limit_vnd: pick(&self.credit_limit_vnd, base.credit_limit_vnd),
            credit_rate: pick(&self.credit_rate, base.credit_rate),
            extension_boost: pick(&self.extension_boost, base.extension_boost),
            topwork_support_vnd_household: pick(
                &self.topwork_support_vnd_household,
                base.topwork_support_vnd_household,
            ),
            coop_share: pick(&self.coop_share, base.coop_share),
            target_ha_per_year: self.target_ha_per_year.or(base.target_ha_per_year),
            target_years: self.target_years.clone().or_else(|| base.target_years.clone()),
            mix: self.mix.clone().or_else(|| base.mix.clone()),
            compliance: self.compliance.or(base.compliance),
            support_years: self.support_years.clone().or_else(|| base.support_years.clone()),
            require_feasible: self.require_feasible.or(base.require_feasible),
        }
    }
}
