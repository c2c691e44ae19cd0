//! Population synthesis (MODEL.md §4): deterministic from `(seed, stream 0)`,
//! zones in table order, and within a zone the draws in this order: farmland,
//! parcel counts, parcel shares, pool shuffle, ages, household attributes.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Poisson, StandardNormal};

use super::land::{NO_TASTE, Province};
use crate::rng::stream_rng;
use crate::scenario::{CropId, Scenario};

/// Random stream of population synthesis.
pub const POPULATION_STREAM: u64 = 0;

fn poisson<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    match Poisson::new(mean) {
        Ok(d) => d.sample(rng) as u32,
        Err(_) => 0,
    }
}

/// A log-normal draw with the given median and log spread.
fn log_normal_median<R: Rng + ?Sized>(rng: &mut R, median: f64, sigma_log: f64) -> f64 {
    let z: f64 = StandardNormal.sample(rng);
    median * (sigma_log * z).exp()
}

/// Builds the province of `scenario` at its `simulation.scale`.
pub fn build_province(scenario: &Scenario) -> Province {
    let mut rng = stream_rng(scenario.simulation.seed, POPULATION_STREAM);
    let params = &scenario.parameters;
    let scale = scenario.simulation.scale;
    let crop_count = scenario.crops.len();
    let mut p = Province { scale, crop_count, ..Province::default() };
    // Taste slots in crop table order, the order the tastes are drawn in.
    let choosable = scenario.choosable_crops();
    p.taste_slot = vec![NO_TASTE; crop_count];
    for c in 0..crop_count {
        if choosable.contains(&CropId(c as u16)) {
            p.taste_slot[c] = p.taste_width as u16;
            p.taste_width += 1;
        }
    }
    p.household_parcel_start.push(0);

    for zone in &scenario.zones {
        // The zone's own policy, if it has one, sets its cooperatives and
        // its eligible land (MODEL.md §11).
        let policy = zone.policy.as_ref().unwrap_or(&scenario.policy);
        let first_household = p.household_zone.len() as u32;
        let first_parcel = p.parcel_area_ha.len() as u32;
        let households = ((zone.households * scale).round() as usize).max(1);
        let farmland_ha = zone.farmland_ha() * scale;

        // 1. Farmland per household: log-normal with the zone's mean and
        //    farmland_cv, rescaled to the zone's farmland exactly.
        let sigma2 = (1.0 + params.farmland_cv * params.farmland_cv).ln();
        let sigma = sigma2.sqrt();
        let mean = farmland_ha / households as f64;
        let mu = mean.max(f64::MIN_POSITIVE).ln() - sigma2 / 2.0;
        let mut land: Vec<f64> = (0..households)
            .map(|_| {
                let z: f64 = StandardNormal.sample(&mut rng);
                (mu + sigma * z).exp()
            })
            .collect();
        let total: f64 = land.iter().sum();
        if total > 0.0 {
            land.iter_mut().for_each(|l| *l *= farmland_ha / total);
        }

        // 2. Parcels per household, capped.
        let counts: Vec<u32> = (0..households)
            .map(|_| (1 + poisson(&mut rng, params.parcels_extra_mean)).min(params.parcels_max.max(1)))
            .collect();

        // Parcel areas: L_h × Dirichlet(1, …, 1).
        for (h, (&l, &n)) in land.iter().zip(&counts).enumerate() {
            let draws: Vec<f64> = (0..n).map(|_| Exp1.sample(&mut rng)).collect();
            let sum: f64 = draws.iter().sum();
            for d in draws {
                p.parcel_area_ha.push(if sum > 0.0 { l * d / sum } else { l / n as f64 });
                p.parcel_household.push(first_household + h as u32);
                p.parcel_zone.push(zone.id.0);
            }
            p.household_parcel_start.push(p.parcel_area_ha.len() as u32);
        }
        let parcels = first_parcel as usize..p.parcel_area_ha.len();

        // 3. Land pools per (crop, slope), crops in table order, S1 → S4.
        let mut pool_crop = Vec::new();
        let mut pool_slope = Vec::new();
        let mut remaining = Vec::new();
        for crop in &scenario.crops {
            for (s, share) in crop.slope_share.iter().enumerate() {
                pool_crop.push(crop.id.0);
                pool_slope.push(s as u8);
                remaining.push(zone.crop_area_ha[crop.id.index()] * share * scale);
            }
        }
        let mut order: Vec<usize> = parcels.clone().collect();
        order.shuffle(&mut rng);
        let mut assigned = vec![usize::MAX; parcels.len()];
        let mut pool = 0;
        let mut leftovers = Vec::new();
        for &j in &order {
            let area = p.parcel_area_ha[j];
            while pool < remaining.len() && remaining[pool] <= area / 2.0 {
                pool += 1;
            }
            if pool < remaining.len() {
                assigned[j - parcels.start] = pool;
                remaining[pool] -= area;
            } else {
                leftovers.push(j);
            }
        }
        for j in leftovers {
            let mut best = 0;
            for q in 1..remaining.len() {
                if remaining[q] > remaining[best] {
                    best = q;
                }
            }
            assigned[j - parcels.start] = best;
            remaining[best] -= p.parcel_area_ha[j];
        }
        for &q in &assigned {
            p.parcel_crop.push(pool_crop[q]);
            p.parcel_slope.push(pool_slope[q]);
        }

        // 4. Ages of perennials present at base year, in parcel order.
        for j in parcels.clone() {
            let crop = &scenario.crops[p.parcel_crop[j] as usize];
            let age = if crop.is_perennial() {
                let (lo, hi) = crop.initial_age_years;
                rng.random_range(lo..=hi) as u16
            } else {
                0
            };
            p.parcel_age.push(age);
        }

        // 5. Household attributes, household by household.
        for _ in 0..households {
            p.household_zone.push(zone.id.0);
            p.household_size.push((1 + poisson(&mut rng, params.household_size_extra_mean)) as u16);
            p.household_other_income_vnd.push(log_normal_median(
                &mut rng,
                params.other_income_median_vnd,
                params.other_income_sigma,
            ));
            p.household_savings_vnd.push(log_normal_median(&mut rng, params.savings_median_vnd, params.savings_sigma));
            p.household_risk_aversion.push(rng.random::<f64>() * params.risk_aversion_max);
            p.household_aware.push(rng.random::<f64>() < params.awareness_initial);
            p.household_coop.push(rng.random::<f64>() < policy.coop_share);
            // Every crop's taste is drawn, in table order, so that the
            // stream does not depend on which crops are choosable.
            for c in 0..crop_count {
                let z: f64 = StandardNormal.sample(&mut rng);
                if p.taste_slot[c] != NO_TASTE {
                    p.household_taste_vnd_per_ha.push(z * params.preference_sigma_vnd_per_ha);
                }
            }
        }

        // Generated areas, for the report and for the plan's split.
        let mut crop_area = vec![0.0; crop_count];
        let mut eligible = 0.0;
        for j in parcels.clone() {
            let crop = p.parcel_crop[j] as usize;
            let area = p.parcel_area_ha[j];
            crop_area[crop] += area;
            if policy.plantable(CropId(crop as u16), p.parcel_slope[j] as usize, area) {
                eligible += area;
            }
        }
        p.zone_crop_area_ha.extend_from_slice(&crop_area);
        p.zone_households.push(first_household..p.household_zone.len() as u32);
        p.zone_parcels.push(parcels.start as u32..parcels.end as u32);
        p.zone_natural_area_ha.push(zone.natural_area_ha * scale);
        p.zone_forest_ha.push(zone.forest_ha * scale);
        p.zone_farmland_ha.push(crop_area.iter().sum());
        p.zone_eligible_ha.push(eligible);
    }
    p
}
