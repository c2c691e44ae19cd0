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
    #[serde(default)]
    pub source: Option<String>,
}
