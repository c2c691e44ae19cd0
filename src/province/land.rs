//! Households and parcels as structure-of-arrays: one vector per attribute,
//! indexed by household or parcel id. Parcels of a household are contiguous,
//! and households of a zone are contiguous, so loops run in id order.

use std::ops::Range;

/// [`Province::taste_slot`] of a crop that no household chooses for itself.
pub const NO_TASTE: u16 = u16::MAX;

/// The base-year province at the scenario's scale. Areas in ha, money in VND,
/// all at simulated scale (divide by `scale` for whole-province figures).
#[derive(Debug, Clone, Default)]
pub struct Province {
    /// Share of the province simulated.
    pub scale: f64,
    /// Number of crops in the scenario (width of per-crop tables).
    pub crop_count: usize,

    /// Households of each zone (household ids).
    pub zone_households: Vec<Range<u32>>,
    /// Parcels of each zone (parcel ids).
    pub zone_parcels: Vec<Range<u32>>,
    /// Natural area of each zone, scaled (ha).
    pub zone_natural_area_ha: Vec<f64>,
    /// Base-year forest of each zone, scaled (ha).
    pub zone_forest_ha: Vec<f64>,
    /// Generated farmland of each zone (ha).
    pub zone_farmland_ha: Vec<f64>,
    /// Generated base-year area eligible for planting in each zone (ha).
    pub zone_eligible_ha: Vec<f64>,
    /// Generated base-year area per zone and crop, `zone * crop_count + crop` (ha).
    pub zone_crop_area_ha: Vec<f64>,

    /// Zone of each household.
    pub household_zone: Vec<u16>,
    /// First parcel of each household; `household_parcel_start[h + 1]` ends it.
    pub household_parcel_start: Vec<u32>,
    /// Household size (persons).
    pub household_size: Vec<u16>,
    /// Other income: livestock, wages, forest products, transfers (VND/yr).
    pub household_other_income_vnd: Vec<f64>,
    /// Savings at base year (VND).
    pub household_savings_vnd: Vec<f64>,
    /// Risk aversion λ.
    pub household_risk_aversion: Vec<f64>,
    /// Aware of grafted fruit at base year.
    pub household_aware: Vec<bool>,
    /// Cooperative member.
    pub household_coop: Vec<bool>,
    /// Slot of each crop in the taste rows, or [`NO_TASTE`] for a crop no
    /// household chooses for itself (see `Scenario::choosable_crops`).
    pub taste_slot: Vec<u16>,
    /// Width of a household's taste row: the number of choosable crops.
    pub taste_width: usize,
    /// Taste for each choosable crop, `household * taste_width + taste_slot[crop]`
    /// (VND/ha). Only these are kept: the decisions read a household's row at
    /// random, and a short row costs one cache line instead of two.
    pub household_taste_vnd_per_ha: Vec<f64>,

    /// Owner of each parcel.
    pub parcel_household: Vec<u32>,
    /// Zone of each parcel.
    pub parcel_zone: Vec<u16>,
    /// Area of each parcel (ha).
    pub parcel_area_ha: Vec<f64>,
    /// Slope class of each parcel (0 = S1 … 3 = S4).
    pub parcel_slope: Vec<u8>,
    /// Crop of each parcel at base year.
    pub parcel_crop: Vec<u16>,
    /// Age of each parcel's crop at base year (years; 0 for annual crops).
    pub parcel_age: Vec<u16>,
}

impl Province {
    /// Households simulated.
    pub fn household_count(&self) -> usize {
        self.household_zone.len()
    }

    /// Parcels simulated.
    pub fn parcel_count(&self) -> usize {
        self.parcel_area_ha.len()
    }

    /// Zones.
    pub fn zone_count(&self) -> usize {
        self.zone_households.len()
    }

    /// Household `h`'s tastes, by taste slot (VND/ha).
    #[inline]
    pub fn tastes_of(&self, household: usize) -> &[f64] {
        &self.household_taste_vnd_per_ha[household * self.taste_width..(household + 1) * self.taste_width]
    }

    /// Parcel ids of household `h`.
    pub fn parcels_of(&self, household: usize) -> Range<usize> {
        self.household_parcel_start[household] as usize..self.household_parcel_start[household + 1] as usize
    }
}
