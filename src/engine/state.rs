//! MODEL.md §3: the state one replicate carries from year to year, and
//! nothing else. The year's and the decisions' scratch space are their own
//! types (`year_scratch`, `decision_scratch`); `workspace` holds all three.

use super::drivers::Drivers;
use super::tables::{ModelTables, NO_PERIOD};
use crate::province::Province;

/// The state of one replicate (MODEL.md §3), as structure-of-arrays.
/// Allocated once per worker and reset for each replicate.
#[derive(Debug)]
pub struct ReplicateState {
    /// Crop of each parcel.
    pub crop: Vec<u16>,
    /// Age of each parcel's crop (years), this year's all year long: the
    /// economy pass writes next year's into the year's scratch, and step 8
    /// makes it the state.
    pub age: Vec<u16>,
    /// Soil factor of each parcel, in [soil_min, 1]; step 3 moves it on
    /// within the year, after the yield that used last year's.
    pub soil: Vec<f64>,
    /// Consecutive bearing years with negative net income, per parcel.
    pub loss_years: Vec<u16>,
    /// `CHANGE_PLANT` / `CHANGE_TOPWORK` in a parcel's first year on a new
    /// crop (when it pays the establishment or top-working), else 0.
    pub first_year: Vec<u8>,
    /// The parcels whose `first_year` is set, in parcel order: the economy
    /// pass's bookkeeping of a first year (converted and top-worked area,
    /// subsidy, investment) visits only them.
    pub first_year_parcels: Vec<u32>,

    /// Savings of each household (VND; negative = credit used).
    pub savings_vnd: Vec<f64>,
    /// Whether each household is aware of grafted fruit.
    pub aware: Vec<bool>,
    /// The plan period (see [`ModelTables::period_of_year`]) in which each
    /// household was last paid a subsidy or support, or [`NO_PERIOD`].
    pub supported_period: Vec<u16>,

    /// Price and weather state.
    pub drivers: Drivers,
    /// Forest area by zone (ha, scaled).
    pub forest_ha: Vec<f64>,
    /// Cumulative area planted on annual-crop land by `zone * crops + crop` (ha, scaled).
    pub converted_cum_ha: Vec<f64>,
    /// Cumulative top-worked area by `zone * crops + crop` (ha, scaled).
    pub topworked_cum_ha: Vec<f64>,
    /// Cumulative planted (not top-worked) area by zone (ha, scaled): F_z's numerator.
    pub planted_cum_ha: Vec<f64>,
    /// Households paid a subsidy or support so far in the current plan
    /// period, by zone (scaled).
    pub supported_in_period: Vec<f64>,
    /// Expected production per market from the land state, Q̂_m (t), with
    /// one extra slot collecting the crops whose market has no supply
    /// response: MODEL §6's sum, kept in step with the land by
    /// `supply::expected_supply`'s shortcuts.
    pub supply_t: Vec<f64>,
}

impl ReplicateState {
    /// The base-year state of `province`.
    pub fn new(province: &Province, tables: &ModelTables) -> Self {
        let parcels = province.parcel_count();
        let zones = province.zone_count();
        let crops = tables.crops;
        Self {
            crop: province.parcel_crop.clone(),
            age: province.parcel_age.clone(),
            soil: vec![1.0; parcels],
            loss_years: vec![0; parcels],
            first_year: vec![0; parcels],
            first_year_parcels: Vec::with_capacity(parcels),
            savings_vnd: province.household_savings_vnd.clone(),
            aware: province.household_aware.clone(),
            supported_period: vec![NO_PERIOD; province.household_count()],
            drivers: Drivers::new(tables),
            forest_ha: province.zone_forest_ha.clone(),
            converted_cum_ha: vec![0.0; zones * crops],
            topworked_cum_ha: vec![0.0; zones * crops],
            planted_cum_ha: vec![0.0; zones],
            supported_in_period: vec![0.0; zones],
            supply_t: vec![0.0; tables.markets + 1],
        }
    }

    /// Back to the base-year state, keeping the allocations. The expected
    /// supply is left for the caller to compute from the land.
    pub fn reset(&mut self, province: &Province) {
        self.crop.copy_from_slice(&province.parcel_crop);
        self.age.copy_from_slice(&province.parcel_age);
        self.soil.fill(1.0);
        self.loss_years.fill(0);
        self.first_year.fill(0);
        self.first_year_parcels.clear();
        self.savings_vnd.copy_from_slice(&province.household_savings_vnd);
        self.aware.copy_from_slice(&province.household_aware);
        self.supported_period.fill(NO_PERIOD);
        self.drivers.reset();
        self.forest_ha.copy_from_slice(&province.zone_forest_ha);
        self.converted_cum_ha.fill(0.0);
        self.topworked_cum_ha.fill(0.0);
        self.planted_cum_ha.fill(0.0);
        self.supported_in_period.fill(0.0);
        self.supply_t.fill(0.0);
    }
}
