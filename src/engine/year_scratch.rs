//! The scratch space of one simulated year (MODEL.md §7 steps 1–5): what
//! the year's steps compute and hand on, none of it carried to the next
//! year. Owned by a worker's [`Workspace`](super::workspace::Workspace) and
//! reused from year to year, so the yearly loop allocates nothing.

use super::tables::ModelTables;
use crate::province::Province;

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

/// What the parcel pass adds up for each household, read by its budget
/// (MODEL.md §7 step 4), by household id.
#[derive(Debug, Clone)]
pub struct HouseholdSums {
    /// Σ net income of the household's parcels (VND).
    pub farm_net_vnd: Vec<f64>,
    /// Establishment, replanting and top-working paid this year (VND).
    pub capital_vnd: Vec<f64>,
    /// Planting subsidy received this year (VND).
    pub subsidy_vnd: Vec<f64>,
    /// Whether one of its parcels is in its first year after top-working,
    /// which brings the household's top-working support.
    pub topworked: Vec<bool>,
}

/// The scratch space of one year.
#[derive(Debug)]
pub struct YearScratch {
    /// This year's market prices P_m(t) (VND/kg).
    pub market_price: Vec<f64>,
    /// Price received per crop by non-members (VND/kg).
    pub crop_price: Vec<f64>,
    /// Price received per crop by cooperative members (VND/kg).
    pub crop_price_coop: Vec<f64>,
    /// Weather yield multiplier by `zone * crops + crop`.
    pub weather_mult: Vec<f64>,
    /// This year's conditions per crop in the zone being simulated.
    pub zone_crop: Vec<ZoneCrop>,
    /// Sums of the zone being simulated by `crop * max_age + age`.
    pub age_sums: Vec<AgeSums>,
    /// Each parcel's age next year if nothing changes (years); step 8
    /// applies the year's changes to it and makes it the state's.
    pub next_age: Vec<u16>,
    /// The parcel pass's sums per household.
    pub households: HouseholdSums,
    /// This year's income of each household (VND).
    pub income_vnd: Vec<f64>,
    /// Incomes sorted within each zone's segment.
    pub zone_sorted_income: Vec<f64>,
    /// Incomes sorted province-wide.
    pub sorted_income: Vec<f64>,
    /// Incomes of the focus group's households, sorted.
    pub group_sorted_income: Vec<f64>,
    /// Buffers of the yearly income sort.
    pub income_sorter: crate::stats::radix::GroupedSorter,
    /// First household of each zone, and the household count at the end.
    pub zone_starts: Vec<usize>,
    /// The parcels open to an option their household weighs itself this
    /// year, in parcel order: the first `open_count` entries, written by the
    /// economy pass for the decisions, which then read them in order
    /// instead of gathering a household's parcels from six arrays.
    pub open_parcels: Vec<OpenParcel>,
    /// Number of valid entries in `open_parcels`.
    pub open_count: usize,
    /// Orchards whose loss streak reached `abandon_years` this year, in parcel order.
    pub at_risk: Vec<u32>,
    /// Committed production per market at full mature yield (t), with the
    /// extra slot of [`ReplicateState::supply_t`](super::state::ReplicateState).
    pub committed_t: Vec<f64>,
    /// The year's totals.
    pub totals: ZoneTotals,
}

impl YearScratch {
    /// Scratch sized for `province`.
    pub fn new(province: &Province, tables: &ModelTables) -> Self {
        let parcels = province.parcel_count();
        let households = province.household_count();
        let zones = province.zone_count();
        let crops = tables.crops;
        Self {
            market_price: vec![0.0; tables.markets],
            crop_price: vec![0.0; crops],
            crop_price_coop: vec![0.0; crops],
            weather_mult: vec![1.0; zones * crops],
            zone_crop: vec![ZoneCrop::default(); crops],
            age_sums: vec![AgeSums::default(); crops * tables.max_age],
            next_age: province.parcel_age.clone(),
            households: HouseholdSums {
                farm_net_vnd: vec![0.0; households],
                capital_vnd: vec![0.0; households],
                subsidy_vnd: vec![0.0; households],
                topworked: vec![false; households],
            },
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
            open_parcels: vec![OpenParcel::default(); parcels],
            open_count: 0,
            at_risk: Vec::with_capacity(parcels),
            committed_t: vec![0.0; tables.markets + 1],
            totals: ZoneTotals::new(zones, crops),
        }
    }
}
