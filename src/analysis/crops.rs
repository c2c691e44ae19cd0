//! The per-hectare comparison of crops (`agroshift crops`), at base prices.

use serde::Serialize;

use crate::economics::{irr, npv, payback_year};
use crate::scenario::{Crop, CropKind, Scenario, Slope};

/// Per-hectare economics of one crop on one slope at base prices
/// (market median × quality, no shock, no supply response, soil factor 1).
#[derive(Debug, Clone, Serialize)]
pub struct CropRow {
    /// Crop id.
    pub crop: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// "annual" or "perennial".
    pub kind: &'static str,
    /// Slope class.
    pub slope: &'static str,
    /// Yield of an annual, mature yield of a perennial (t/ha).
    pub mature_yield_t_per_ha: f64,
    /// Price received at base prices (VND/kg).
    pub price_vnd_per_kg: f64,
    /// Gross output value at maturity: 1000 · yield · price (VND/ha/yr).
    pub mature_gov_vnd_per_ha: f64,
    /// Net income at maturity: GOV less harvest and running costs (VND/ha/yr).
    pub mature_net_vnd_per_ha: f64,
    /// Establishment cost with the slope multiplier (VND/ha); 0 for annuals.
    pub establishment_vnd_per_ha: f64,
    /// NPV from planting over the planning horizon at the household discount rate, without subsidy (VND/ha).
    pub npv_vnd_per_ha: f64,
    /// Internal rate of return over the lifespan from planting (per year), if the flows change sign.
    pub irr_per_yr: Option<f64>,
    /// First age at which the running total of cash flow is ≥ 0 (years);
    /// `None` for a crop that invests nothing up front (nothing to pay back).
    pub payback_year: Option<usize>,
}

/// Years over which IRR and payback are computed: the lifespan for
/// perennials, the planning horizon for annuals.
fn appraisal_years(crop: &Crop, scenario: &Scenario) -> u32 {
    match crop.kind {
        CropKind::Perennial => crop.lifespan_years,
        CropKind::Annual => scenario.parameters.planning_horizon_years,
    }
}

/// The row of `crop` on `slope`.
pub fn crop_row(scenario: &Scenario, crop: &Crop, slope: Slope) -> CropRow {
    let params = &scenario.parameters;
    let model = crop.hectare_model(slope, params.establish_mult[slope.index()]);
    let price = scenario.base_price_vnd_per_kg(crop);
    let mature_gov = 1000.0 * model.yield_t_per_ha * price;
    let mature_net = match crop.kind {
        CropKind::Annual => mature_gov - crop.annual_cost_vnd_per_ha,
        CropKind::Perennial => {
            1000.0 * model.yield_t_per_ha * (price - crop.harvest_vnd_per_kg) - crop.maintenance_vnd_per_ha
        }
    };
    let horizon = params.planning_horizon_years;
    let npv_flows = model.flows_vnd_per_ha(0, horizon, price, 1.0);
    let life_flows = model.flows_vnd_per_ha(0, appraisal_years(crop, scenario), price, 1.0);
    CropRow {
        crop: crop.key.clone(),
        name_vi: crop.name_vi.clone(),
        name_en: crop.name_en.clone(),
        kind: if crop.is_perennial() { "perennial" } else { "annual" },
        slope: slope.label(),
        mature_yield_t_per_ha: model.yield_t_per_ha,
        price_vnd_per_kg: price,
        mature_gov_vnd_per_ha: mature_gov,
        mature_net_vnd_per_ha: mature_net,
        establishment_vnd_per_ha: model.capital_vnd_per_ha(0),
        npv_vnd_per_ha: npv(&npv_flows, params.household_discount_rate),
        irr_per_yr: irr(&life_flows),
        payback_year: payback_year(&life_flows).filter(|&age| age > 0),
    }
}

/// One row per crop, in table order.
pub fn crop_table(scenario: &Scenario, slope: Slope) -> Vec<CropRow> {
    scenario.crops.iter().map(|c| crop_row(scenario, c, slope)).collect()
}

/// One year of a crop's per-hectare cash flow from planting.
#[derive(Debug, Clone, Serialize)]
pub struct CashFlowYear {
    /// Orchard age (years from planting).
    pub age_years: u32,
    /// Yield (t/ha).
    pub yield_t_per_ha: f64,
    /// Gross output value (VND/ha).
    pub gov_vnd_per_ha: f64,
    /// All costs: establishment, maintenance, harvest (VND/ha).
    pub cost_vnd_per_ha: f64,
    /// Cash flow CF (VND/ha).
    pub cash_flow_vnd_per_ha: f64,
    /// Running total of cash flow since planting (VND/ha).
    pub cumulative_vnd_per_ha: f64,
}

/// The J-curve: cash flow by age from planting, over the lifespan (or the
/// planning horizon for annual crops), at base prices.
pub fn cash_flow_profile(scenario: &Scenario, crop: &Crop, slope: Slope) -> Vec<CashFlowYear> {
    let model = crop.hectare_model(slope, scenario.parameters.establish_mult[slope.index()]);
    let price = scenario.base_price_vnd_per_kg(crop);
    let mut running = 0.0;
    (0..appraisal_years(crop, scenario))
        .map(|age| {
            let gov = model.gross_output_vnd_per_ha(age, price, 1.0);
            let cf = model.cash_flow_vnd_per_ha(age, price, 1.0);
            running += cf;
            CashFlowYear {
                age_years: age,
                yield_t_per_ha: model.yield_at(age, 1.0),
                gov_vnd_per_ha: gov,
                cost_vnd_per_ha: gov - cf,
                cash_flow_vnd_per_ha: cf,
                cumulative_vnd_per_ha: running,
            }
        })
        .collect()
}
