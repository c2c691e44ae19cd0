//! The decision step's scratch space and yearly tables, and the changes it
//! decides for step 8; owned by a worker's workspace and reused from year to
//! year (nothing allocated in the loop).

use super::tables::{ModelTables, NO_CROP};
use crate::province::Province;

/// No change decided for the parcel.
pub const CHANGE_NONE: u8 = 0;
/// The parcel is planted to a new crop.
pub const CHANGE_PLANT: u8 = 1;
/// The parcel is top-worked onto its grafted crop.
pub const CHANGE_TOPWORK: u8 = 2;
/// The orchard is abandoned and reverts to an annual crop.
pub const CHANGE_REVERT: u8 = 3;

/// Discounted sums from which a parcel's NPV is `s · gross_net − costs` and
/// the PV of its revenue is `s · revenue` (VND/ha, per unit soil factor):
/// [`crate::economics::HectareModel::split_present_value`].
pub(super) type Pv = crate::economics::SplitPresentValue;

/// The cash per ha of planting each policy class's targets on each slope
/// class, without and with the subsidy, folded over the targets by `pick`
/// from `empty` (VND/ha): the dearest with `f64::max` from −∞, the
/// cheapest with `f64::min` from +∞.
fn plant_cash_per_ha_by_class(tables: &ModelTables, empty: f64, pick: fn(f64, f64) -> f64) -> Vec<[[f64; 4]; 2]> {
    let classes = tables.policies.classes.iter();
    classes
        .map(|policy| {
            [false, true].map(|subsidised| {
                std::array::from_fn(|k| {
                    let per_ha = policy
                        .plant_targets
                        .iter()
                        .map(|&tc| tables.plant_cash_vnd(policy, tc as usize, k, 1.0, subsidised));
                    per_ha.fold(empty, pick)
                })
            })
        })
        .collect()
}

/// Scratch space and yearly tables of the decision step, and its changes.
#[derive(Debug, Clone)]
pub struct DecisionScratch {
    /// Change decided this year for each parcel (`CHANGE_*`).
    pub change: Vec<u8>,
    /// Crop each decided change leads to, or `NO_CROP`.
    pub change_crop: Vec<u16>,
    /// Parcels with a change decided this year, in the order decided.
    pub changed: Vec<u32>,
    /// Cash committed to plan conversions this year per household (VND).
    pub(super) plan_cash_vnd: Vec<f64>,
    pub(super) expected_price: Vec<f64>,
    /// New orchard, by `(class * crops + crop) * 4 + slope` for each policy
    /// class; costs include −subsidy at k = 0 when the class subsidises.
    pub(super) plant: Vec<Pv>,
    /// Top-working onto a crop, by `crop * 4 + slope`; costs exclude the support.
    pub(super) topwork: Vec<Pv>,
    /// Keeping the current crop, by `(crop * 4 + slope) * max_age + age`.
    pub(super) current: Vec<Pv>,
    /// Candidates of the household being decided: indexes into its open parcels.
    pub(super) cand_index: Vec<u32>,
    pub(super) cand_best: Vec<f64>,
    /// Plan ranking keys: steepest slope first, then lowest soil factor,
    /// then parcel id, packed so that plain integer order is the ranking.
    pub(super) ranked: Vec<u128>,
    pub(super) touched: Vec<u32>,
    pub(super) mix_done_ha: Vec<f64>,
    /// The household being decided: λ·σ of each planting target's market,
    /// in its policy's `plant_targets` order (VND/VND).
    pub(super) target_risk: Vec<f64>,
    /// The household being decided: its taste for each planting target (VND/ha).
    pub(super) target_taste: Vec<f64>,
    /// Cash per ha of the dearest planting target on each slope class
    /// (VND/ha; −∞ with no targets), without and with the subsidy, by
    /// policy class.
    pub(super) max_plant_cash_vnd_per_ha: Vec<[[f64; 4]; 2]>,
    /// Cash per ha of the cheapest planting target, laid out likewise
    /// (VND/ha; +∞ with no targets).
    pub(super) min_plant_cash_vnd_per_ha: Vec<[[f64; 4]; 2]>,
}

impl DecisionScratch {
    /// Scratch sized for `province`.
    pub fn new(province: &Province, tables: &ModelTables) -> Self {
        let per_slope = tables.crops * 4;
        let biggest_zone = province.zone_parcels.iter().map(|r| (r.end - r.start) as usize).max().unwrap_or(0);
        let parcels = province.parcel_count();
        Self {
            change: vec![CHANGE_NONE; parcels],
            change_crop: vec![NO_CROP; parcels],
            changed: Vec::with_capacity(parcels),
            plan_cash_vnd: vec![0.0; province.household_count()],
            expected_price: vec![0.0; tables.crops],
            plant: vec![Pv::default(); per_slope * tables.policies.classes.len()],
            topwork: vec![Pv::default(); per_slope],
            current: vec![Pv::default(); per_slope * tables.max_age],
            cand_index: Vec::with_capacity(64),
            cand_best: Vec::with_capacity(64),
            ranked: Vec::with_capacity(biggest_zone),
            touched: Vec::with_capacity(1024),
            mix_done_ha: vec![0.0; tables.crops],
            target_risk: vec![0.0; tables.policies.most_plant_targets()],
            target_taste: vec![0.0; tables.policies.most_plant_targets()],
            max_plant_cash_vnd_per_ha: plant_cash_per_ha_by_class(tables, f64::NEG_INFINITY, f64::max),
            min_plant_cash_vnd_per_ha: plant_cash_per_ha_by_class(tables, f64::INFINITY, f64::min),
        }
    }

    /// Records that parcel `j` changes (`CHANGE_*`) to `crop` at the end of the year.
    #[inline]
    pub fn record_change(&mut self, j: usize, change: u8, crop: u16) {
        debug_assert_eq!(self.change[j], CHANGE_NONE, "parcel {j} changes once a year");
        self.change[j] = change;
        self.change_crop[j] = crop;
        self.changed.push(j as u32);
    }

    /// Ready for a new replicate (forgetting the changes of one cut short),
    /// keeping the allocations.
    pub fn reset(&mut self) {
        for &j in &self.changed {
            self.change[j as usize] = CHANGE_NONE;
            self.change_crop[j as usize] = NO_CROP;
        }
        self.changed.clear();
        self.plan_cash_vnd.fill(0.0);
    }
}
