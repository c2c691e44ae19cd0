//! Steps 2–4 of MODEL.md §7, zone by zone, as three kernels a modeller can
//! read against the model:
//!
//! - [`parcel_year`]: one parcel's yield, revenue, costs, net income and
//!   soil (steps 2–3);
//! - [`close_household`]: one household's income, consumption and savings
//!   (step 4);
//! - [`fold_zone`]: the zone's totals, from the parcels' sums by crop and
//!   age (the numbers step 5 records).
//!
//! [`run_economy`] runs them over each zone: a pass over its parcels (which
//! also ages them, lists the parcels open to a decision and sums what each
//! household earned), a pass over its households, then the fold.

use super::decision_scratch::CHANGE_TOPWORK;
use super::tables::{ModelTables, NO_PERIOD};
use super::workspace::Workspace;
use super::year::YearContext;
use super::year_scratch::{AgeSums, CropTotals, OpenParcel, ZoneCrop};

/// A parcel at the start of its year, as [`parcel_year`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct ParcelNow {
    /// Crop.
    pub crop: usize,
    /// Slope class (0 = S1).
    pub slope: usize,
    /// Age of the crop (years).
    pub age: usize,
    /// Area (ha).
    pub area_ha: f64,
    /// Soil factor, last year's.
    pub soil: f64,
    /// Consecutive bearing years with negative net income so far.
    pub loss_years: u16,
    /// `CHANGE_PLANT` / `CHANGE_TOPWORK` in its first year on a new crop, else 0.
    pub first_year: u8,
    /// 1 if its household is a cooperative member (paid the member's price), else 0.
    pub member: usize,
}

/// What one parcel's year comes to (steps 2–3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParcelYear {
    /// Row of the crop-and-age tables: `crop * max_age + age`.
    pub crop_age: usize,
    /// Harvest (t).
    pub harvest_t: f64,
    /// Revenue less harvest cost and upkeep (VND): operating net income.
    pub net_vnd: f64,
    /// Establishment, replanting or top-working paid this year (VND).
    pub capital_vnd: f64,
    /// Soil factor after this year's loss.
    pub soil: f64,
    /// Loss streak after this year.
    pub loss_years: u16,
}

/// The year's conditions in one zone, as every parcel there reads them.
#[derive(Debug, Clone, Copy)]
pub struct ZoneYear<'a> {
    /// Yield multiplier and prices received, by crop.
    pub crop: &'a [ZoneCrop],
    /// Climate-suitability yield factor of each crop in the zone (MODEL.md §11).
    pub suitability: &'a [f64],
    /// R·K·LS of the zone by slope class (t/ha/yr per unit cover).
    pub rk_ls: [f64; 4],
    /// Soil factor lost per t/ha of soil loss.
    pub soil_delta: f64,
    /// Soil factor regained in a year of loss below 10 t/ha.
    pub soil_recovery: f64,
    /// Lowest soil factor.
    pub soil_min: f64,
}

/// Steps 2–3 for one parcel: its yield from the year's weather, hail and
/// its soil (last year's factor), revenue at the price its household
/// receives, net income after harvest cost and upkeep, the capital its age
/// or a first year after top-working calls for, its loss streak, and its
/// soil factor after this year's loss (MODEL.md §5, §7).
#[inline(always)]
pub fn parcel_year(t: &ModelTables, zone: &ZoneYear<'_>, p: ParcelNow) -> ParcelYear {
    debug_assert!(p.slope < 4 && p.crop < t.crops && p.member < 2);
    debug_assert!(p.soil >= zone.soil_min && p.soil <= 1.0, "soil factor {} out of range", p.soil);
    let crop_age = t.age_index(p.crop, p.age);
    let r = &t.age_rows[crop_age];
    let here = &zone.crop[p.crop];
    let yield_t_per_ha = r.yield_t_per_ha[p.slope & 3] * p.soil * here.yield_mult;
    let harvest_t = yield_t_per_ha * p.area_ha;
    let revenue = 1000.0 * harvest_t * here.price_vnd_per_kg[p.member & 1];
    let net_vnd = revenue - r.harvest_vnd_per_t * harvest_t - r.upkeep_vnd_per_ha * p.area_ha;
    let capital_vnd = capital_paid_vnd(t, crop_age, p.crop, p.slope, p.first_year, p.area_ha);
    // Annual crops and orchards that may not be replaced never count
    // losses, so their streak stays 0.
    let streak = if net_vnd < 0.0 { p.loss_years.saturating_add(1) } else { 0 };
    let loss_years = if r.counts_losses { streak } else { p.loss_years };
    // Step 3, after the yield that used last year's soil. Comparisons
    // rather than clamp or max/min, which handle NaN (a soil factor never
    // is) at a cost on every parcel.
    let loss_t_per_ha = zone.rk_ls[p.slope & 3] * r.cover;
    let recovery = if loss_t_per_ha < 10.0 { zone.soil_recovery } else { 0.0 };
    let soil = p.soil - zone.soil_delta * loss_t_per_ha + recovery;
    let soil = if soil < zone.soil_min { zone.soil_min } else { soil };
    let soil = if soil > 1.0 { 1.0 } else { soil };
    ParcelYear { crop_age, harvest_t, net_vnd, capital_vnd, soil, loss_years }
}

/// The capital a parcel of `area_ha` on crop row `crop_age` pays this year
/// (VND): top-working in its first year after top-working, establishment
/// (or replanting) in an orchard's establishing year, else nothing
/// (MODEL.md §5).
#[inline(always)]
pub fn capital_paid_vnd(
    t: &ModelTables,
    crop_age: usize,
    crop: usize,
    slope: usize,
    first_year: u8,
    area_ha: f64,
) -> f64 {
    let costs = &t.crop_slope[crop * 4 + (slope & 3)];
    if first_year == CHANGE_TOPWORK {
        costs.topwork_vnd_per_ha * area_ha
    } else if t.age_rows[crop_age].establishing {
        costs.establishment_vnd_per_ha * area_ha
    } else {
        0.0
    }
}

/// A household at its year's end, as [`close_household`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdNow {
    /// Σ net income of its parcels (VND).
    pub farm_net_vnd: f64,
    /// Non-farm income this year (VND).
    pub other_income_vnd: f64,
    /// Subsidy and support received this year (VND).
    pub subsidy_vnd: f64,
    /// Establishment, replanting and top-working paid this year (VND).
    pub capital_vnd: f64,
    /// Savings at the start of the year (VND; negative = credit used).
    pub savings_vnd: f64,
    /// Subsistence: poverty line × household size (VND).
    pub subsistence_vnd: f64,
}

/// The household's rules this year.
#[derive(Debug, Clone, Copy)]
pub struct BudgetRule {
    /// Interest rate on credit used (per year).
    pub credit_rate: f64,
    /// Share of income above subsistence consumed.
    pub consumption_propensity: f64,
    /// Whether new credit is lent this year (up to `credit_limit_vnd`).
    pub lends: bool,
    /// Credit limit (VND).
    pub credit_limit_vnd: f64,
}

/// What a household's year comes to (step 4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HouseholdYear {
    /// Income: farm net + other income + subsidy − interest (VND).
    pub income_vnd: f64,
    /// Savings at the end of the year (VND; negative = credit used).
    pub savings_vnd: f64,
}

/// Step 4 for one household: income with the interest on its credit at the
/// start of the year; consumption of subsistence plus a share of the income
/// above it, never borrowed for; savings after consumption and capital,
/// floored at the credit limit where credit is lent and at the debt
/// already owed where it is not (MODEL.md §7, §11).
#[inline(always)]
pub fn close_household(h: HouseholdNow, rule: BudgetRule) -> HouseholdYear {
    let savings = h.savings_vnd;
    let interest = rule.credit_rate * (-savings).max(0.0);
    let income = h.farm_net_vnd + h.other_income_vnd + h.subsidy_vnd - interest;
    let subsistence = h.subsistence_vnd;
    let desired = subsistence + rule.consumption_propensity * (income - subsistence).max(0.0);
    let consumption = desired.min(income.max(0.0) + savings.max(0.0));
    let floor = if rule.lends { -rule.credit_limit_vnd } else { savings.min(0.0) };
    let new_savings = (savings + income - consumption - h.capital_vnd).max(floor);
    HouseholdYear { income_vnd: income, savings_vnd: new_savings }
}

/// The zone's land totals that [`fold_zone`] returns (simulated units).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ZoneLand {
    /// Soil lost (t).
    pub soil_loss_t: f64,
    /// Σ soil factor × area (ha).
    pub soil_factor_area: f64,
    /// Farmland (ha).
    pub farmland_ha: f64,
    /// Orchard area counted as tree cover (ha).
    pub tree_credit_ha: f64,
}

/// The zone's totals by crop, its land totals, its committed production
/// and its share of next year's expected production if nothing changes,
/// from the parcels' sums by crop and age (which it zeroes for the next
/// zone). Everything a parcel adds to them is one of its three sums times
/// a factor of its crop, age and slope, so the fold reads the sums once per
/// zone instead of every parcel.
// `k` indexes the slope classes of four arrays at once.
#[allow(clippy::needless_range_loop)]
pub fn fold_zone(
    t: &ModelTables,
    zone: &ZoneYear<'_>,
    age_sums: &mut [AgeSums],
    crop_totals: &mut [CropTotals],
    committed_t: &mut [f64],
    supply_t: &mut [f64],
) -> ZoneLand {
    let mut land = ZoneLand::default();
    for (ca, sums) in age_sums.iter_mut().enumerate() {
        let area_ha: f64 = sums.area_ha.iter().sum();
        if area_ha == 0.0 {
            continue;
        }
        let c = ca / t.max_age;
        let (r, w) = (&t.age_rows[ca], &t.age_weights[ca]);
        let totals = &mut crop_totals[c];
        let price = zone.crop[c].price_vnd_per_kg;
        let harvest_t = sums.harvest_t[0] + sums.harvest_t[1];
        let revenue = 1000.0 * (sums.harvest_t[0] * price[0] + sums.harvest_t[1] * price[1]);
        totals.area_ha += area_ha;
        totals.bearing_ha += area_ha * w.bearing;
        totals.mature_area_ha += area_ha * w.mature;
        totals.production_t += harvest_t;
        totals.revenue_vnd += revenue;
        totals.mature_revenue_vnd += revenue * w.mature;
        totals.net_vnd += revenue - r.harvest_vnd_per_t * harvest_t - r.upkeep_vnd_per_ha * area_ha;
        land.farmland_ha += area_ha;
        land.tree_credit_ha += area_ha * w.tree_credit;
        for k in 0..4 {
            let yield_t_per_ha = t.crop_slope[c * 4 + k].yield_t_per_ha * zone.suitability[c];
            land.soil_loss_t += zone.rk_ls[k] * r.cover * sums.area_ha[k];
            land.soil_factor_area += sums.soil_area_ha[k];
            committed_t[t.supply_slot[c]] += yield_t_per_ha * sums.soil_area_ha[k];
            // Next year's expected production if nothing changes
            // (`ModelTables::expected_production_t` summed over the
            // bucket's parcels at next year's age); the year's changes
            // correct it (see `land_change::age_and_apply_changes`).
            supply_t[t.supply_slot[c]] += yield_t_per_ha * w.next_fraction * sums.soil_area_ha[k];
        }
        *sums = AgeSums::default();
    }
    land
}

/// Steps 2–4 for every zone: fills the year's totals, the households'
/// incomes and savings, the committed production the decisions read, and
/// next year's expected production as if nothing changed; lists the
/// parcels open to their household's own options and the orchards at risk
/// of abandonment; writes every parcel's age next year if nothing changes
/// (step 8 corrects both for the parcels that change).
// The zone index addresses a dozen per-zone arrays at once; an iterator
// over one of them would not make the loop clearer.
#[allow(clippy::needless_range_loop)]
#[inline(never)]
pub fn run_economy(ws: &mut Workspace, ctx: &YearContext<'_>) {
    let s = ctx.scenario;
    let p = &s.parameters;
    let pr = ctx.province;
    let t = ctx.tables;
    let nc = t.crops;
    let year_index = ctx.year_index;
    let abandon_after = p.abandon_years.max(1) as u16;
    // Non-farm income grows in real terms (MODEL.md §11); a factor of 1 at
    // growth 0 leaves every income exactly as §7 has it.
    let other_income_mult = (1.0 + p.other_income_growth).powi(ctx.year_index as i32);
    let Workspace { state, year, .. } = ws;
    debug_assert!(
        state.first_year_parcels.is_sorted_by(|a, b| a < b)
            && state.first_year_parcels.iter().all(|&j| state.first_year[j as usize] != 0)
            && state.first_year.iter().filter(|&&f| f != 0).count() == state.first_year_parcels.len(),
        "the first-year list holds exactly the parcels in their first year, in order"
    );
    let crop_price = &year.crop_price;
    let crop_price_coop = &year.crop_price_coop;
    // The year's plan period, for counting each household once per period.
    let period = t.period_of_year[year_index];
    if year_index > 0 && t.period_of_year[year_index - 1] != period {
        state.supported_in_period.fill(0.0);
    }
    year.totals.clear();
    year.committed_t.fill(0.0);
    state.supply_t.fill(0.0);
    year.at_risk.clear();
    year.open_count = 0;
    for z in 0..pr.zone_count() {
        let zc = z * nc;
        let row = zc..zc + nc;
        // The zone's policy (MODEL.md §11). Support is received the year
        // after the decision it pays for; the credit floor holds through the
        // support years and the year after. Outside them no new loans: the
        // floor is the debt. Last year's decisions are paid for, and lent
        // to, under the policy they were decided under (`paying`); this
        // year's are open under this year's (`deciding`). The two differ
        // only in the year after a zone's `policy_years` begin or end.
        let deciding = t.policies.of_zone(year_index, z);
        let paying = t.policies.paying(year_index, z);
        let paid = paying.paid[year_index];
        let topwork_support_vnd = if paid { paying.policy.topwork_support_vnd_per_household } else { 0.0 };
        let lending = |c: &super::policy_tables::PolicyTables| c.lends[year_index].then_some(c.policy.credit_limit_vnd);
        let credit_limit_vnd = match (lending(paying), lending(deciding)) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let budget_rule = BudgetRule {
            credit_rate: paying.policy.credit_rate,
            consumption_propensity: p.consumption_propensity,
            lends: credit_limit_vnd.is_some(),
            credit_limit_vnd: credit_limit_vnd.unwrap_or(paying.policy.credit_limit_vnd),
        };
        let min_parcel_ha = deciding.policy.min_parcel_ha;
        let household_option_mask = &deciding.household_option_mask[..nc * 4];
        let subsidy_vnd_per_ha = &paying.subsidy_vnd_per_ha[..nc];
        // Weather and, on orchards, hail: one multiplier per crop for the zone.
        let hail_keep = if state.drivers.hail[z] { 1.0 - p.hail_loss } else { 1.0 };
        // Climate suitability scales every yield of the crop here (MODEL.md §11).
        let suitability = &t.suitability[zc..zc + nc];
        for (c, zone_crop) in year.zone_crop.iter_mut().enumerate() {
            let w = year.weather_mult[zc + c];
            zone_crop.yield_mult = if t.perennial[c] { w * hail_keep } else { w } * suitability[c];
            zone_crop.price_vnd_per_kg = [crop_price[c], crop_price_coop[c]];
        }
        let zone = ZoneYear {
            crop: &year.zone_crop,
            suitability,
            rk_ls: t.zone_rk_ls[z],
            soil_delta: p.soil_delta,
            soil_recovery: p.soil_recovery,
            soil_min: p.soil_min,
        };
        let crop_totals = &mut year.totals.crop[row.clone()];
        let converted_cum_row = &mut state.converted_cum_ha[row.clone()];
        let topworked_cum_row = &mut state.topworked_cum_ha[row];
        let mut investment_vnd = 0.0;

        // The parcel pass: steps 2–3 for each parcel, summed by household.
        let households = pr.zone_households[z].start as usize..pr.zone_households[z].end as usize;
        let first_household = households.start;
        let nh = households.len();
        let sums = &mut year.households;
        let farm_net_vnd = &mut sums.farm_net_vnd[households.clone()][..nh];
        let capital_vnd = &mut sums.capital_vnd[households.clone()][..nh];
        let subsidy_vnd = &mut sums.subsidy_vnd[households.clone()][..nh];
        let topworked = &mut sums.topworked[households.clone()][..nh];
        farm_net_vnd.fill(0.0);
        capital_vnd.fill(0.0);
        subsidy_vnd.fill(0.0);
        topworked.fill(false);
        let coop = &pr.household_coop[households.clone()][..nh];
        let parcels = pr.zone_parcels[z].start as usize..pr.zone_parcels[z].end as usize;
        let first_parcel = parcels.start;
        // Every slice has the zone's length, so indexing them checks nothing.
        let n = parcels.len();
        let crop = &state.crop[parcels.clone()][..n];
        let age = &state.age[parcels.clone()][..n];
        let next_age = &mut year.next_age[parcels.clone()][..n];
        let slope = &pr.parcel_slope[parcels.clone()][..n];
        let area_ha = &pr.parcel_area_ha[parcels.clone()][..n];
        let owner = &pr.parcel_household[parcels.clone()][..n];
        let first_year = &mut state.first_year[parcels.clone()][..n];
        let soil = &mut state.soil[parcels.clone()][..n];
        let loss_years = &mut state.loss_years[parcels][..n];
        let open_parcels = &mut year.open_parcels[..];
        let mut open_count = year.open_count;
        for i in 0..n {
            let j = first_parcel + i;
            let h = owner[i] as usize;
            let hl = h - first_household;
            debug_assert!(hl < nh, "parcel {j} belongs to a household of its zone");
            let (c, k, area) = (crop[i] as usize, slope[i] as usize & 3, area_ha[i]);
            let now = ParcelNow {
                crop: c,
                slope: k,
                age: age[i] as usize,
                area_ha: area,
                soil: soil[i],
                loss_years: loss_years[i],
                first_year: first_year[i],
                member: coop[hl] as usize,
            };
            let y = parcel_year(t, &zone, now);
            loss_years[i] = y.loss_years;
            if y.loss_years >= abandon_after {
                year.at_risk.push(j as u32);
            }
            soil[i] = y.soil;
            // Written always, kept only if the parcel is open: no branch.
            let open = household_option_mask[c * 4 + k] != 0 && area >= min_parcel_ha;
            open_parcels[open_count] = OpenParcel {
                parcel: j as u32,
                household: h as u32,
                soil: y.soil,
                area_ha: area,
                crop: c as u16,
                age: age[i],
                slope: k as u8,
            };
            open_count += open as usize;
            next_age[i] = t.age_rows[y.crop_age].next_age;
            let bucket = &mut year.age_sums[y.crop_age];
            bucket.area_ha[k] += area;
            bucket.soil_area_ha[k] += area * y.soil;
            bucket.harvest_t[now.member] += y.harvest_t;
            farm_net_vnd[hl] += y.net_vnd;
            capital_vnd[hl] += y.capital_vnd;
        }
        year.open_count = open_count;

        // The parcels in their first year on a new crop (few, listed in
        // parcel order by step 8): the area converted or top-worked, the
        // planting subsidy and the top-working flag of their households, and
        // the investment paid, as the model counts them.
        let first_year_here = state.first_year_parcels.partition_point(|&j| (j as usize) < first_parcel)
            ..state.first_year_parcels.partition_point(|&j| (j as usize) < first_parcel + n);
        for &j in &state.first_year_parcels[first_year_here] {
            let i = j as usize - first_parcel;
            let (c, k, area) = (crop[i] as usize, slope[i] as usize & 3, area_ha[i]);
            let hl = owner[i] as usize - first_household;
            let change = first_year[i];
            debug_assert!(change != 0, "parcel {j} is in its first year");
            if change == CHANGE_TOPWORK {
                crop_totals[c].topworked_ha += area;
                topworked_cum_row[c] += area;
                topworked[hl] = true;
            } else {
                crop_totals[c].converted_ha += area;
                converted_cum_row[c] += area;
                state.planted_cum_ha[z] += area;
                if paid {
                    subsidy_vnd[hl] += subsidy_vnd_per_ha[c] * area;
                }
            }
            investment_vnd += capital_paid_vnd(t, t.age_index(c, age[i] as usize), c, k, change, area);
            first_year[i] = 0;
        }

        // The household pass: step 4, with the planting subsidy and the
        // top-working support received this year.
        let (mut subsidy_paid_vnd, mut planting_subsidy_vnd, mut topwork_paid_vnd) = (0.0, 0.0, 0.0);
        let (mut credit_vnd, mut new_credit_vnd) = (0.0, 0.0);
        let (mut supported, mut first_supported, mut above, mut below) = (0.0, 0.0, 0.0, 0.0);
        for hl in 0..nh {
            let h = first_household + hl;
            let topwork_paid = if topworked[hl] { topwork_support_vnd } else { 0.0 };
            planting_subsidy_vnd += subsidy_vnd[hl];
            topwork_paid_vnd += topwork_paid;
            let subsidy = if topworked[hl] { subsidy_vnd[hl] + topwork_paid } else { subsidy_vnd[hl] };
            let savings = state.savings_vnd[h];
            let subsistence = p.poverty_line_vnd_per_person_yr * pr.household_size[h] as f64;
            let now = HouseholdNow {
                farm_net_vnd: farm_net_vnd[hl],
                other_income_vnd: pr.household_other_income_vnd[h] * other_income_mult,
                subsidy_vnd: subsidy,
                capital_vnd: capital_vnd[hl],
                savings_vnd: savings,
                subsistence_vnd: subsistence,
            };
            let y = close_household(now, budget_rule);
            state.savings_vnd[h] = y.savings_vnd;
            year.income_vnd[h] = y.income_vnd;
            subsidy_paid_vnd += subsidy;
            let debt = (-y.savings_vnd).max(0.0);
            credit_vnd += debt;
            // New preferential credit: how much the household's debt rose.
            new_credit_vnd += (debt - (-savings).max(0.0)).max(0.0);
            if subsidy > 0.0 {
                supported += 1.0;
                if period != NO_PERIOD && state.supported_period[h] != period {
                    state.supported_period[h] = period;
                    first_supported += 1.0;
                }
            }
            if y.income_vnd >= p.threshold_vnd_per_household_yr {
                above += 1.0;
            }
            if y.income_vnd < subsistence {
                below += 1.0;
            }
        }

        let land = fold_zone(t, &zone, &mut year.age_sums, crop_totals, &mut year.committed_t, &mut state.supply_t);
        let totals = &mut year.totals;
        totals.soil_loss_t[z] = land.soil_loss_t;
        totals.soil_factor_area[z] = land.soil_factor_area;
        totals.farmland_ha[z] = land.farmland_ha;
        totals.tree_credit_ha[z] = land.tree_credit_ha;
        totals.investment_vnd[z] = investment_vnd;
        totals.subsidy_vnd[z] = subsidy_paid_vnd;
        totals.planting_subsidy_vnd[z] = planting_subsidy_vnd;
        totals.topwork_support_vnd[z] = topwork_paid_vnd;
        totals.new_credit_vnd[z] = new_credit_vnd;
        totals.supported[z] = supported;
        totals.first_supported_in_period[z] = first_supported;
        state.supported_in_period[z] += first_supported;
        totals.credit_vnd[z] = credit_vnd;
        totals.above_threshold[z] = above;
        totals.below_poverty[z] = below;
    }
    // Their first year is over.
    state.first_year_parcels.clear();
}
