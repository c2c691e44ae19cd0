//! The policies of a run laid out for the yearly loop (MODEL.md §11): one
//! table per distinct policy (the province's, then each zone's own), the
//! class of each zone, and what the support gives in every year.

use crate::scenario::{Mode, Policy, Scenario};

/// Bit of [`PolicyTables::option_mask`]: the parcel may be planted to a new crop.
pub const OPTION_PLANT: u8 = 1;
/// Bit of [`PolicyTables::option_mask`]: the parcel may be top-worked.
pub const OPTION_TOPWORK: u8 = 2;

/// What the support package gives one year's decisions: all of it in the
/// support years, nothing outside them (MODEL.md §11).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearSupport {
    /// Whether planting is subsidised.
    pub subsidised: bool,
    /// Support per household that top-works (VND).
    pub topwork_vnd_per_household: f64,
    /// How far a household may borrow (VND).
    pub credit_limit_vnd: f64,
    /// Extra yearly awareness probability.
    pub extension_boost: f64,
}

impl YearSupport {
    /// The support of decisions taken in `year` under `policy`.
    pub fn of(policy: &Policy, year: i32) -> Self {
        if policy.supports(year) {
            YearSupport {
                subsidised: true,
                topwork_vnd_per_household: policy.topwork_support_vnd_per_household,
                credit_limit_vnd: policy.credit_limit_vnd,
                extension_boost: policy.extension_boost,
            }
        } else {
            YearSupport {
                subsidised: false,
                topwork_vnd_per_household: 0.0,
                credit_limit_vnd: 0.0,
                extension_boost: 0.0,
            }
        }
    }
}

/// One policy's tables.
#[derive(Debug, Clone)]
pub struct PolicyTables {
    /// The policy itself.
    pub policy: Policy,
    /// Subsidy per crop (VND/ha).
    pub subsidy_vnd_per_ha: Vec<f64>,
    /// Crops a household may plant, in the policy's `to_crops` order.
    pub plant_targets: Vec<u16>,
    /// Options open to a parcel of a crop on a slope class, by
    /// `crop * 4 + slope`: [`OPTION_PLANT`] and [`OPTION_TOPWORK`] bits
    /// (the parcel-size rule is checked apart).
    pub option_mask: Vec<u8>,
    /// The options a household weighs itself on a parcel of a crop on a
    /// slope class, laid out like `option_mask`: both in behavioural mode,
    /// top-working only in planned mode, where the plan does the planting;
    /// planting only where the policy has crops to plant. A parcel with
    /// none is not open to its household's decision.
    pub household_option_mask: Vec<u8>,
    /// Most parcels a household converts in a year.
    pub max_conversions: usize,
    /// What the support gives the decisions of each year, by year index.
    pub support: Vec<YearSupport>,
    /// Whether the support decided the year before is paid, by year index.
    pub paid: Vec<bool>,
    /// Whether the credit floor is `−credit_limit_vnd`, by year index.
    pub lends: Vec<bool>,
}

impl PolicyTables {
    /// The tables of `policy` in `scenario`.
    fn new(policy: &Policy, scenario: &Scenario) -> Self {
        let crops = scenario.crops.len();
        let mut option_mask = vec![0; crops * 4];
        for (c, crop) in scenario.crops.iter().enumerate() {
            let topwork = policy.topwork_from.contains(&crop.id) && crop.topwork_to.is_some();
            for (k, open) in policy.slopes.into_iter().enumerate() {
                let plant = policy.from_crops.contains(&crop.id) && open;
                option_mask[c * 4 + k] =
                    if plant { OPTION_PLANT } else { 0 } | if topwork { OPTION_TOPWORK } else { 0 };
            }
        }
        let household_options = match policy.mode {
            Mode::Planned => OPTION_TOPWORK,
            Mode::Behavioural if policy.to_crops.is_empty() => OPTION_TOPWORK,
            Mode::Behavioural => OPTION_PLANT | OPTION_TOPWORK,
        };
        let household_option_mask = option_mask.iter().map(|&mask| mask & household_options).collect();
        let sim = &scenario.simulation;
        let years = (0..sim.years as i32).map(|i| sim.base_year + i);
        PolicyTables {
            policy: policy.clone(),
            subsidy_vnd_per_ha: policy.subsidy_vnd_per_ha.clone(),
            plant_targets: policy.to_crops.iter().map(|c| c.0).collect(),
            option_mask,
            household_option_mask,
            max_conversions: policy.max_conversions_per_household as usize,
            support: years.clone().map(|year| YearSupport::of(policy, year)).collect(),
            // Support is received the year after the decision it pays for.
            paid: years.clone().map(|year| policy.supports(year - 1)).collect(),
            lends: years.map(|year| policy.lends(year)).collect(),
        }
    }

    /// Whether the policy's plan converts land.
    pub fn is_planned(&self) -> bool {
        self.policy.mode == Mode::Planned && self.policy.plan.is_some()
    }
}

/// Every distinct policy of a run and the class of each zone in each year.
#[derive(Debug, Clone)]
pub struct RunPolicies {
    /// Class 0 is `[policy]`; the others are zones' own policies.
    pub classes: Vec<PolicyTables>,
    /// Class of each zone's decisions in each year, by `year_index *
    /// zones + zone`: its own policy's in its `policy_years` (every year
    /// without them), else class 0.
    zone_class: Vec<usize>,
    /// Zones.
    zones: usize,
}

impl RunPolicies {
    /// The policies of `scenario`; zones with the same policy share a class.
    pub fn new(scenario: &Scenario) -> Self {
        let mut classes = vec![PolicyTables::new(&scenario.policy, scenario)];
        let mut own_class = Vec::with_capacity(scenario.zones.len());
        for zone in &scenario.zones {
            let policy = zone.policy.as_ref().unwrap_or(&scenario.policy);
            let class = match classes.iter().position(|c| c.policy == *policy) {
                Some(class) => class,
                None => {
                    classes.push(PolicyTables::new(policy, scenario));
                    classes.len() - 1
                }
            };
            own_class.push(class);
        }
        let sim = &scenario.simulation;
        let zone_class = (0..sim.years as i32)
            .flat_map(|i| {
                let year = sim.base_year + i;
                scenario.zones.iter().zip(&own_class).map(move |(zone, &class)| {
                    let follows_own = zone.policy_years.is_none_or(|(first, last)| (first..=last).contains(&year));
                    if follows_own { class } else { 0 }
                })
            })
            .collect();
        RunPolicies { classes, zone_class, zones: scenario.zones.len() }
    }

    /// The class of zone `z`'s decisions in year `year_index`.
    #[inline]
    pub fn class_of(&self, year_index: usize, z: usize) -> usize {
        self.zone_class[year_index * self.zones + z]
    }

    /// The tables of the policy of zone `z`'s decisions in year `year_index`.
    #[inline]
    pub fn of_zone(&self, year_index: usize, z: usize) -> &PolicyTables {
        &self.classes[self.class_of(year_index, z)]
    }

    /// The tables of the policy that pays, in year `year_index`, for zone
    /// `z`'s decisions of the year before (subsidy, support, the loan they
    /// were decided with): the policy they were decided under. The base
    /// year pays under its own.
    #[inline]
    pub fn paying(&self, year_index: usize, z: usize) -> &PolicyTables {
        self.of_zone(year_index.saturating_sub(1), z)
    }

    /// Most planting targets of any policy.
    pub fn most_plant_targets(&self) -> usize {
        self.classes.iter().map(|c| c.plant_targets.len()).max().unwrap_or(0)
    }
}
