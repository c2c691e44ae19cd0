//! What one replicate changes, as structure-of-arrays. Allocated once per
//! worker and reset for each replicate, so the yearly loop allocates nothing.

use super::drivers::Drivers;
use super::tables::{ModelTables, NO_CROP, NO_PERIOD};
use crate::province::Province;

/// No change decided for the parcel.
pub const CHANGE_NONE: u8 = 0;
/// The parcel is planted to a new crop.
pub const CHANGE_PLANT: u8 = 1;
/// The parcel is top-worked onto its grafted crop.
pub const CHANGE_TOPWORK: u8 = 2;
/// The orchard is abandoned and reverts to an annual crop.
pub const CHANGE_REVERT: u8 = 3;

/// One crop's totals in one zone and year, in simulated (scaled) units.
#[derive(Debug, Clone, Copy, Default)]
pub struct CropTotals {
    /// Area (ha).
    pub area_ha: f64,
    /// Bearing area (ha).
    pub bearing_ha: f64,
    /// Production (t).
    pub production_t: f64,
    /// Revenue (VND).
    pub revenue_vnd: f64,
    /// Revenue of parcels at full mature yield share (VND).
    pub mature_revenue_vnd: f64,
    /// Area of parcels at full mature yield share (ha).
    pub mature_area_ha: f64,
    /// Net income (VND).
    pub net_vnd: f64,
    /// Area planted on annual-crop land, in its first year on the new crop (ha).
    pub converted_ha: f64,
    /// Area top-worked onto the crop, in its first year after (ha).
    pub topworked_ha: f64,
}

/// Per-year totals by zone, in simulated (scaled) units.
#[derive(Debug, Clone)]
pub struct ZoneTotals {
    /// Totals by `zone * crops + crop`.
    pub crop: Vec<CropTotals>,
    /// Soil lost by zone (t).
    pub soil_loss_t: Vec<f64>,
    /// Σ soil factor × area by zone (ha).
    pub soil_factor_area: Vec<f64>,
    /// Farmland by zone (ha).
    pub farmland_ha: Vec<f64>,
    /// Orchard area counted as tree cover by zone (ha).
    pub tree_credit_ha: Vec<f64>,
    /// Conversion investment by zone (VND).
    pub investment_vnd: Vec<f64>,
    /// Subsidy and support paid by zone (VND).
    pub subsidy_vnd: Vec<f64>,
    /// Planting subsidy paid by zone (VND).
    pub planting_subsidy_vnd: Vec<f64>,
    /// Top-working support paid by zone (VND).
    pub topwork_support_vnd: Vec<f64>,
    /// New preferential credit by zone (VND).
    pub new_credit_vnd: Vec<f64>,
    /// Households paid a subsidy or support, by zone.
    pub supported: Vec<f64>,
    /// Households paid a subsidy or support for the first time in the
    /// year's plan period, by zone.
    pub first_supported_in_period: Vec<f64>,
    /// Credit outstanding by zone (VND).
    pub credit_vnd: Vec<f64>,
    /// Households at or above the income threshold, by zone.
    pub above_threshold: Vec<f64>,
    /// Households below the poverty line, by zone.
    pub below_poverty: Vec<f64>,
}

impl ZoneTotals {
    fn new(zones: usize, crops: usize) -> Self {
        let z = vec![0.0; zones];
        Self {
            crop: vec![CropTotals::default(); zones * crops],
            soil_loss_t: z.clone(),
            soil_factor_area: z.clone(),
            farmland_ha: z.clone(),
            tree_credit_ha: z.clone(),
            investment_vnd: z.clone(),
            subsidy_vnd: z.clone(),
            planting_subsidy_vnd: z.clone(),
            topwork_support_vnd: z.clone(),
            new_credit_vnd: z.clone(),
            supported: z.clone(),
            first_supported_in_period: z.clone(),
            credit_vnd: z.clone(),
            above_threshold: z.clone(),
            below_poverty: z,
        }
    }

    /// Zeroes every total for a new year.
    pub fn clear(&mut self) {
        self.crop.fill(CropTotals::default());
        for v in [
            &mut self.soil_loss_t,
            &mut self.soil_factor_area,
            &mut self.farmland_ha,
            &mut self.tree_credit_ha,
            &mut self.investment_vnd,
            &mut self.subsidy_vnd,
            &mut self.planting_subsidy_vnd,
            &mut self.topwork_support_vnd,
            &mut self.new_credit_vnd,
            &mut self.supported,
            &mut self.first_supported_in_period,
            &mut self.credit_vnd,
            &mut self.above_threshold,
            &mut self.below_poverty,
        ] {
            v.fill(0.0);
        }
    }
}

/// What the parcels of one crop and age add up to in the zone being
/// simulated. The parcel loop adds three numbers per parcel here; the
/// per-crop totals, soil and supply sums are derived once per zone, since
/// everything else a parcel contributes is one of these times a factor of
/// its crop, age and slope.
#[derive(Debug, Clone, Copy, Default)]
pub struct AgeSums {
    /// Area by slope class (ha).
    pub area_ha: [f64; 4],
    /// Σ area × soil factor after this year's loss, by slope class (ha).
    pub soil_area_ha: [f64; 4],
    /// Harvest of non-members, then of cooperative members (t).
    pub harvest_t: [f64; 2],
}

/// A parcel open to an option its household weighs itself, with everything
/// the decisions read of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenParcel {
    /// Parcel id.
    pub parcel: u32,
    /// Owner (household id).
    pub household: u32,
    /// Soil factor after this year's loss.
    pub soil: f64,
    /// Area (ha).
    pub area_ha: f64,
    /// Crop.
    pub crop: u16,
    /// Age of the crop (years).
    pub age: u16,
    /// Slope class (0 = S1).
    pub slope: u8,
}

/// A crop's conditions this year in the zone being simulated.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZoneCrop {
    /// Weather multiplier of yields, with the hail loss on orchards.
    pub yield_mult: f64,
    /// Price received (VND/kg): by non-members, then by cooperative members.
    pub price_vnd_per_kg: [f64; 2],
}

/// The mutable state of one replicate plus the scratch space of its year.
#[derive(Debug)]
pub struct Workspace {
    /// Crop of each parcel.
    pub crop: Vec<u16>,
    /// Age of each parcel's crop (years). The economy pass ages every
    /// parcel in place, so from then to the end of the year this is next
    /// year's age if nothing changes; the decisions read the year's own age
    /// from `open_parcels`, and no pass over every parcel is needed for ageing.
    pub age: Vec<u16>,
    /// Soil factor of each parcel, in [soil_min, 1].
    pub soil: Vec<f64>,
    /// Consecutive bearing years with negative net income.
    pub loss_years: Vec<u16>,
    /// `CHANGE_PLANT` / `CHANGE_TOPWORK` in a parcel's first year on a new crop, else 0.
    pub first_year: Vec<u8>,
    /// Orchards whose loss streak reached `abandon_years` this year, in parcel order.
    pub at_risk: Vec<u32>,
    /// Change decided this year (`CHANGE_*`).
    pub change: Vec<u8>,
    /// Parcels with a change decided this year, in the order decided.
    pub changed: Vec<u32>,
    /// Crop the decided change leads to.
    pub change_crop: Vec<u16>,

    /// Savings of each household (VND; negative = credit used).
    pub savings_vnd: Vec<f64>,
    /// Aware of grafted fruit.
    pub aware: Vec<bool>,
    /// The parcels open to an option their household weighs itself this
    /// year, in parcel order: the first `open_count` entries, written by the
    /// economy pass for the decisions, which then read them in order
    /// instead of gathering a household's parcels from six arrays.
    pub open_parcels: Vec<OpenParcel>,
    /// Number of valid entries in `open_parcels`.
    pub open_count: usize,
    /// This year's income of each household (VND).
    pub income_vnd: Vec<f64>,
    /// Incomes sorted within each zone's segment (scratch).
    pub zone_sorted_income: Vec<f64>,
    /// Incomes sorted province-wide (scratch).
    pub sorted_income: Vec<f64>,
    /// Incomes of the focus group's households, sorted (scratch).
    pub group_sorted_income: Vec<f64>,
    /// Buffers of the yearly income sort.
    pub income_sorter: crate::stats::radix::GroupedSorter,
    /// First household of each zone, and the household count at the end.
    pub zone_starts: Vec<usize>,
    /// Cash committed to plan conversions this year per household (VND).
    pub plan_cash_vnd: Vec<f64>,
    /// The plan period (see [`ModelTables::period_of_year`]) in which each
    /// household was last paid a subsidy or support, or [`NO_PERIOD`].
    pub supported_period: Vec<u16>,
    /// Households paid a subsidy or support so far in the current plan
    /// period, by zone (scaled).
    pub supported_in_period: Vec<f64>,

    /// Price and weather state.
    pub drivers: Drivers,
    /// Expected production per market this year, Q̂_m (t); one extra slot
    /// collects the crops whose market has no supply response.
    pub supply_t: Vec<f64>,
    /// Committed production per market at full mature yield (t), with the
    /// same extra slot.
    pub committed_t: Vec<f64>,
    /// This year's market prices P_m(t) (VND/kg).
    pub market_price: Vec<f64>,
    /// Price received per crop (VND/kg), non-members then cooperative members.
    pub crop_price: Vec<f64>,
    /// Price received per crop by cooperative members (VND/kg).
    pub crop_price_coop: Vec<f64>,
    /// Weather yield multiplier by `zone * crops + crop`.
    pub weather_mult: Vec<f64>,
    /// This year's conditions per crop in the zone being simulated (scratch).
    pub zone_crop: Vec<ZoneCrop>,
    /// Sums of the zone being simulated by `crop * max_age + age` (scratch).
    pub age_sums: Vec<AgeSums>,
    /// Forest area by zone (ha, scaled).
    pub forest_ha: Vec<f64>,
    /// Cumulative area planted on annual-crop land by `zone * crops + crop` (ha, scaled).
    pub converted_cum_ha: Vec<f64>,
    /// Cumulative top-worked area by `zone * crops + crop` (ha, scaled).
    pub topworked_cum_ha: Vec<f64>,
    /// Cumulative planted (not top-worked) area by zone (ha, scaled).
    pub planted_cum_ha: Vec<f64>,
    /// The year's totals.
    pub totals: ZoneTotals,
    /// Decision scratch space.
    pub decide: super::decision_scratch::DecisionScratch,
    /// The replicate's decision generators, one per zone (see
    /// [`crate::rng::decision_stream`]).
    pub decision_rngs: Vec<rand::rngs::ChaCha8Rng>,
}

impl Workspace {
    /// A workspace sized for `province`.
    pub fn new(province: &Province, tables: &ModelTables) -> Self {
        let parcels = province.parcel_count();
        let households = province.household_count();
        let zones = province.zone_count();
        let crops = tables.crops;
        Self {
            crop: province.parcel_crop.clone(),
            age: province.parcel_age.clone(),
            soil: vec![1.0; parcels],
            loss_years: vec![0; parcels],
            first_year: vec![0; parcels],
            at_risk: Vec::with_capacity(parcels / 8),
            change: vec![CHANGE_NONE; parcels],
            changed: Vec::with_capacity(parcels / 16),
            change_crop: vec![NO_CROP; parcels],
            savings_vnd: province.household_savings_vnd.clone(),
            aware: province.household_aware.clone(),
            open_parcels: vec![OpenParcel::default(); parcels],
            open_count: 0,
            income_vnd: vec![0.0; households],
            zone_sorted_income: vec![0.0; households],
            sorted_income: vec![0.0; households],
            group_sorted_income: Vec::with_capacity(
                tables.focus_group.iter().map(|&z| province.zone_households[z].len()).sum(),
            ),
            income_sorter: crate::stats::radix::GroupedSorter::new(households),
            zone_starts: province
                .zone_households
                .iter()
                .map(|r| r.start as usize)
                .chain(std::iter::once(households))
                .collect(),
            plan_cash_vnd: vec![0.0; households],
            supported_period: vec![NO_PERIOD; households],
            supported_in_period: vec![0.0; zones],
            drivers: Drivers::new(tables),
            supply_t: vec![0.0; tables.markets + 1],
            committed_t: vec![0.0; tables.markets + 1],
            market_price: vec![0.0; tables.markets],
            crop_price: vec![0.0; crops],
            crop_price_coop: vec![0.0; crops],
            weather_mult: vec![1.0; zones * crops],
            zone_crop: vec![ZoneCrop::default(); crops],
            age_sums: vec![AgeSums::default(); crops * tables.max_age],
            forest_ha: province.zone_forest_ha.clone(),
            converted_cum_ha: vec![0.0; zones * crops],
            topworked_cum_ha: vec![0.0; zones * crops],
            planted_cum_ha: vec![0.0; zones],
            totals: ZoneTotals::new(zones, crops),
            decide: super::decision_scratch::DecisionScratch::new(province, tables),
            decision_rngs: (0..zones).map(|z| crate::rng::stream_rng(0, crate::rng::decision_stream(0, z))).collect(),
        }
    }

    /// Records that parcel `j` changes (`CHANGE_*`) to `crop` at the end of the year.
    #[inline]
    pub fn decide_change(&mut self, j: usize, change: u8, crop: u16) {
        self.change[j] = change;
        self.change_crop[j] = crop;
        self.changed.push(j as u32);
    }

    /// Back to the base-year state, keeping the allocations.
    pub fn reset(&mut self, province: &Province) {
        self.crop.copy_from_slice(&province.parcel_crop);
        self.age.copy_from_slice(&province.parcel_age);
        self.soil.fill(1.0);
        self.loss_years.fill(0);
        self.first_year.fill(0);
        self.at_risk.clear();
        self.change.fill(CHANGE_NONE);
        self.changed.clear();
        self.change_crop.fill(NO_CROP);
        self.savings_vnd.copy_from_slice(&province.household_savings_vnd);
        self.aware.copy_from_slice(&province.household_aware);
        self.plan_cash_vnd.fill(0.0);
        self.supported_period.fill(NO_PERIOD);
        self.supported_in_period.fill(0.0);
        self.drivers.reset();
        self.forest_ha.copy_from_slice(&province.zone_forest_ha);
        self.converted_cum_ha.fill(0.0);
        self.topworked_cum_ha.fill(0.0);
        self.planted_cum_ha.fill(0.0);
    }
}
