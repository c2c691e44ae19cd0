//! One simulated year (MODEL.md §7), apart from the decisions: prices and
//! weather, parcel economics, soil, household budgets, the record of the
//! year's indicators, and ageing with the decided changes.

use rand::rngs::ChaCha8Rng;

use super::drivers::{q_ref_t, supply_factor};
use super::state::{AgeSums, CHANGE_NONE, CHANGE_REVERT, CHANGE_TOPWORK, CropTotals, OpenParcel, Workspace};
use super::tables::{ModelTables, NO_CROP, NO_PERIOD};
use crate::province::Province;
use crate::scenario::Scenario;
use crate::stats::indicators::{ABSENT, Indicator, Layout, info, is_absent};
use crate::stats::summary::{gini_sorted, percentile_sorted};

/// Read-only context of a year.
pub struct YearContext<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The province.
    pub province: &'a Province,
    /// Look-up tables.
    pub tables: &'a ModelTables,
    /// Layout of the record.
    pub layout: &'a Layout,
    /// Index of the year (0 = base year).
    pub year_index: usize,
}

/// Expected production Q̂_m of every market from the current land state (t):
/// MODEL.md §6's sum over parcels of [`ModelTables::expected_production_t`].
/// Computed in full at the start of a replicate; later years get it from the
/// economy pass (as if nothing changed) and the corrections of
/// `age_and_apply_changes`, which a test holds to this sum.
#[inline(never)]
pub fn expected_supply(ws: &mut Workspace, province: &Province, tables: &ModelTables) {
    ws.supply_t.fill(0.0);
    add_expected_supply(&mut ws.supply_t, &ws.crop, &ws.age, &ws.soil, province, tables);
}

/// [`expected_supply`] of a land state given by its crops, ages and soil
/// factors per parcel, into a new vector (for tests and checks).
pub fn expected_supply_of(
    crop: &[u16],
    age: &[u16],
    soil: &[f64],
    province: &Province,
    tables: &ModelTables,
) -> Vec<f64> {
    let mut supply_t = vec![0.0; tables.markets + 1];
    add_expected_supply(&mut supply_t, crop, age, soil, province, tables);
    supply_t
}

fn add_expected_supply(
    supply_t: &mut [f64],
    crop: &[u16],
    age: &[u16],
    soil: &[f64],
    province: &Province,
    tables: &ModelTables,
) {
    for (z, parcels) in province.zone_parcels.iter().enumerate() {
        let suitability = &tables.suitability[z * tables.crops..(z + 1) * tables.crops];
        for j in parcels.start as usize..parcels.end as usize {
            let c = crop[j] as usize;
            let k = province.parcel_slope[j] as usize;
            supply_t[tables.supply_slot[c]] += tables.expected_production_t(
                c,
                k,
                age[j] as usize,
                province.parcel_area_ha[j],
                soil[j],
                suitability[c],
            );
        }
    }
}

/// Step 1: the year's prices and weather.
#[inline(never)]
pub fn draw_environment(ws: &mut Workspace, ctx: &YearContext<'_>, rng: &mut ChaCha8Rng) {
    let s = ctx.scenario;
    let t = ctx.tables;
    ws.drivers.step(rng, ctx.year_index, t, s);
    for (m, market) in s.markets.iter().enumerate() {
        let q_ref = q_ref_t(market.q_ref_t, market.q_ref_growth, s.simulation.scale, ctx.year_index as f64);
        let factor = supply_factor(ws.supply_t[m], q_ref, market.demand_elasticity, s.parameters.supply_factor_min);
        ws.market_price[m] = market.base_price_vnd_per_kg * ws.drivers.log_price[m].exp() * factor;
    }
    for c in 0..t.crops {
        let m = t.market[c];
        let price = ws.market_price[m] * t.quality[c];
        ws.crop_price[c] = price;
        let premium = if s.markets[m].demand_elasticity.is_some() { 1.0 + s.parameters.coop_premium } else { 1.0 };
        ws.crop_price_coop[c] = price * premium;
    }
    for z in 0..t.zones {
        let w = ws.drivers.weather[z];
        for c in 0..t.crops {
            let cv = t.yield_cv[c];
            ws.weather_mult[z * t.crops + c] = (cv * w - cv * cv / 2.0).exp();
        }
    }
}

/// Steps 2–4: every parcel's yield, income and soil, then every household's
/// income and savings; fills the year's totals and the committed production
/// of the decisions. In the same pass, every parcel is aged in place and next
/// year's expected production summed as if nothing changed (step 8 corrects
/// both for the parcels that change), and the parcels open to their
/// household's own options are listed for the decisions.
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
    // Parameters read for every parcel, as locals the compiler may keep in registers.
    let (soil_delta, soil_recovery, soil_min) = (p.soil_delta, p.soil_recovery, p.soil_min);
    // Disjoint borrows of the workspace, so the parcel loop can read and
    // write its arrays through slices without repeated bounds checks.
    let Workspace {
        crop,
        age,
        soil,
        loss_years,
        first_year,
        at_risk,
        savings_vnd,
        income_vnd,
        open_parcels,
        open_count,
        drivers,
        supply_t,
        committed_t,
        crop_price,
        crop_price_coop,
        weather_mult,
        zone_crop,
        age_sums,
        converted_cum_ha,
        topworked_cum_ha,
        planted_cum_ha,
        supported_period,
        supported_in_period,
        totals,
        ..
    } = ws;
    // The year's plan period, for counting each household once per period.
    let period = t.period_of_year[year_index];
    if year_index > 0 && t.period_of_year[year_index - 1] != period {
        supported_in_period.fill(0.0);
    }
    totals.clear();
    committed_t.fill(0.0);
    supply_t.fill(0.0);
    at_risk.clear();
    *open_count = 0;
    for z in 0..pr.zone_count() {
        let zc = z * nc;
        let row = zc..zc + nc;
        // The zone's policy (MODEL.md §11). Support is received the year
        // after the decision it pays for; the credit floor holds through the
        // support years and the year after. Outside them no new loans: the
        // floor is the debt.
        let zp = t.policies.of_zone(z);
        let policy = &zp.policy;
        let paid = zp.paid[year_index];
        let topwork_support_vnd = if paid { policy.topwork_support_vnd_per_household } else { 0.0 };
        let lends = zp.lends[year_index];
        let (household_options, min_parcel_ha) = (zp.household_options, policy.min_parcel_ha);
        let option_mask = &zp.option_mask[..nc * 4];
        let subsidy_vnd_per_ha = &zp.subsidy_vnd_per_ha[..nc];
        // Weather and, on orchards, hail: one multiplier per crop for the zone.
        let hail_keep = if drivers.hail[z] { 1.0 - p.hail_loss } else { 1.0 };
        // Climate suitability scales every yield of the crop here (MODEL.md §11).
        let suitability = &t.suitability[zc..zc + nc];
        for (c, zone_crop) in zone_crop.iter_mut().enumerate() {
            let w = weather_mult[zc + c];
            zone_crop.yield_mult = if t.perennial[c] { w * hail_keep } else { w } * suitability[c];
            zone_crop.price_vnd_per_kg = [crop_price[c], crop_price_coop[c]];
        }
        let rk_ls = t.zone_rk_ls[z];
        let crop_totals = &mut totals.crop[row.clone()];
        let converted_cum_row = &mut converted_cum_ha[row.clone()];
        let topworked_cum_row = &mut topworked_cum_ha[row];
        let (mut soil_loss_t, mut soil_factor_area, mut farmland_ha, mut tree_credit_ha) = (0.0, 0.0, 0.0, 0.0);
        let (mut investment_vnd, mut subsidy_vnd, mut credit_vnd) = (0.0, 0.0, 0.0);
        let (mut planting_subsidy_vnd, mut topwork_paid_vnd, mut new_credit_vnd) = (0.0, 0.0, 0.0);
        let (mut supported, mut first_supported) = (0.0, 0.0);
        let (mut above, mut below) = (0.0, 0.0);
        // One pass over the zone's parcels; a household's budget is drawn up
        // after its last parcel (every household has at least one).
        let households = pr.zone_households[z].start as usize..pr.zone_households[z].end as usize;
        let parcels = pr.zone_parcels[z].start as usize..pr.zone_parcels[z].end as usize;
        let first_parcel = parcels.start;
        let mut h = households.start;
        let mut household_end = pr.household_parcel_start[h + 1] as usize;
        let mut member = pr.household_coop[h] as usize;
        let (mut farm_net, mut capital, mut subsidy) = (0.0, 0.0, 0.0);
        let mut topworked = false;
        // Every slice has the zone's length, so indexing them checks nothing.
        let n = parcels.len();
        let crop = &crop[parcels.clone()];
        let age = &mut age[parcels.clone()][..n];
        let slope = &pr.parcel_slope[parcels.clone()][..n];
        let area_ha = &pr.parcel_area_ha[parcels.clone()][..n];
        let first_year = &mut first_year[parcels.clone()][..n];
        let soil = &mut soil[parcels.clone()][..n];
        let loss_years = &mut loss_years[parcels][..n];
        for i in 0..n {
            let j = first_parcel + i;
            let c = crop[i] as usize;
            let k = slope[i] as usize & 3;
            let a = age[i];
            let area = area_ha[i];
            let old_soil = soil[i];
            let ca = t.age_index(c, a as usize);
            let r = &t.age_rows[ca];
            let here = &zone_crop[c];
            let yield_t_per_ha = r.yield_t_per_ha[k] * old_soil * here.yield_mult;
            let harvest_t = yield_t_per_ha * area;
            let revenue = 1000.0 * harvest_t * here.price_vnd_per_kg[member & 1];
            let net = revenue - r.harvest_vnd_per_t * harvest_t - r.upkeep_vnd_per_ha * area;
            let mut cap = if r.establishing { t.crop_slope[c * 4 + k].establishment_vnd_per_ha * area } else { 0.0 };
            if r.counts_losses {
                loss_years[i] = if net < 0.0 { loss_years[i].saturating_add(1) } else { 0 };
            }
            // Annual crops and orchards that may not be replaced never count
            // losses, so their streak stays 0.
            if loss_years[i] >= abandon_after {
                at_risk.push(j as u32);
            }
            if first_year[i] != 0 {
                if first_year[i] == CHANGE_TOPWORK {
                    crop_totals[c].topworked_ha += area;
                    topworked_cum_row[c] += area;
                    cap = t.crop_slope[c * 4 + k].topwork_vnd_per_ha * area;
                    topworked = true;
                } else {
                    crop_totals[c].converted_ha += area;
                    converted_cum_row[c] += area;
                    planted_cum_ha[z] += area;
                    if paid {
                        subsidy += subsidy_vnd_per_ha[c] * area;
                    }
                }
                investment_vnd += cap;
                first_year[i] = 0;
            }
            // Soil (step 3), after the yield that used last year's soil.
            let loss_t_per_ha = rk_ls[k] * r.cover;
            let recovery = if loss_t_per_ha < 10.0 { soil_recovery } else { 0.0 };
            // Comparisons rather than clamp or max/min, which handle NaN (a
            // soil factor never is) at a cost on every parcel.
            let new_soil = old_soil - soil_delta * loss_t_per_ha + recovery;
            let new_soil = if new_soil < soil_min { soil_min } else { new_soil };
            let new_soil = if new_soil > 1.0 { 1.0 } else { new_soil };
            soil[i] = new_soil;
            // Written always, kept only if the parcel is open: no branch.
            let open = option_mask[c * 4 + k] & household_options != 0 && area >= min_parcel_ha;
            open_parcels[*open_count] = OpenParcel {
                parcel: j as u32,
                household: h as u32,
                soil: new_soil,
                area_ha: area,
                crop: c as u16,
                age: a,
                slope: k as u8,
            };
            *open_count += open as usize;
            // Next year's age if nothing changes (see `age_and_apply_changes`).
            age[i] = r.next_age;
            let sums = &mut age_sums[ca];
            sums.area_ha[k] += area;
            sums.soil_area_ha[k] += area * new_soil;
            sums.harvest_t[member & 1] += harvest_t;
            farm_net += net;
            capital += cap;

            if j + 1 < household_end {
                continue;
            }
            // Step 4: the household budget, with the planting subsidy and
            // the top-working support received this year.
            let topwork_paid = if topworked { topwork_support_vnd } else { 0.0 };
            planting_subsidy_vnd += subsidy;
            topwork_paid_vnd += topwork_paid;
            if topworked {
                subsidy += topwork_paid;
            }
            let savings = savings_vnd[h];
            let interest = policy.credit_rate * (-savings).max(0.0);
            let income = farm_net + pr.household_other_income_vnd[h] * other_income_mult + subsidy - interest;
            let subsistence = p.poverty_line_vnd_per_person_yr * pr.household_size[h] as f64;
            let desired = subsistence + p.consumption_propensity * (income - subsistence).max(0.0);
            let consumption = desired.min(income.max(0.0) + savings.max(0.0));
            let floor = if lends { -policy.credit_limit_vnd } else { savings.min(0.0) };
            let new_savings = (savings + income - consumption - capital).max(floor);
            savings_vnd[h] = new_savings;
            income_vnd[h] = income;
            subsidy_vnd += subsidy;
            let debt = (-new_savings).max(0.0);
            credit_vnd += debt;
            // New preferential credit: how much the household's debt rose.
            new_credit_vnd += (debt - (-savings).max(0.0)).max(0.0);
            if subsidy > 0.0 {
                supported += 1.0;
                if period != NO_PERIOD && supported_period[h] != period {
                    supported_period[h] = period;
                    first_supported += 1.0;
                }
            }
            if income >= p.threshold_vnd_per_household_yr {
                above += 1.0;
            }
            if income < subsistence {
                below += 1.0;
            }

            h += 1;
            if h < households.end {
                household_end = pr.household_parcel_start[h + 1] as usize;
                member = pr.household_coop[h] as usize;
            }
            (farm_net, capital, subsidy) = (0.0, 0.0, 0.0);
            topworked = false;
        }
        debug_assert_eq!(h, households.end, "every household has a parcel");
        // The zone's totals from its sums by crop and age.
        for (ca, sums) in age_sums.iter_mut().enumerate() {
            let area_ha: f64 = sums.area_ha.iter().sum();
            if area_ha == 0.0 {
                continue;
            }
            let c = ca / t.max_age;
            let (r, w) = (&t.age_rows[ca], &t.age_weights[ca]);
            let totals = &mut crop_totals[c];
            let price = zone_crop[c].price_vnd_per_kg;
            let harvest_t = sums.harvest_t[0] + sums.harvest_t[1];
            let revenue = 1000.0 * (sums.harvest_t[0] * price[0] + sums.harvest_t[1] * price[1]);
            totals.area_ha += area_ha;
            totals.bearing_ha += area_ha * w.bearing;
            totals.mature_area_ha += area_ha * w.mature;
            totals.production_t += harvest_t;
            totals.revenue_vnd += revenue;
            totals.mature_revenue_vnd += revenue * w.mature;
            totals.net_vnd += revenue - r.harvest_vnd_per_t * harvest_t - r.upkeep_vnd_per_ha * area_ha;
            farmland_ha += area_ha;
            tree_credit_ha += area_ha * w.tree_credit;
            for k in 0..4 {
                let yield_t_per_ha = t.crop_slope[c * 4 + k].yield_t_per_ha * suitability[c];
                soil_loss_t += rk_ls[k] * r.cover * sums.area_ha[k];
                soil_factor_area += sums.soil_area_ha[k];
                committed_t[t.supply_slot[c]] += yield_t_per_ha * sums.soil_area_ha[k];
                // Next year's expected production if nothing changes
                // (`ModelTables::expected_production_t` summed over the
                // bucket's parcels at next year's age); the year's changes
                // correct it (see `age_and_apply_changes`).
                supply_t[t.supply_slot[c]] += yield_t_per_ha * w.next_fraction * sums.soil_area_ha[k];
            }
            *sums = AgeSums::default();
        }
        totals.soil_loss_t[z] = soil_loss_t;
        totals.soil_factor_area[z] = soil_factor_area;
        totals.farmland_ha[z] = farmland_ha;
        totals.tree_credit_ha[z] = tree_credit_ha;
        totals.investment_vnd[z] = investment_vnd;
        totals.subsidy_vnd[z] = subsidy_vnd;
        totals.planting_subsidy_vnd[z] = planting_subsidy_vnd;
        totals.topwork_support_vnd[z] = topwork_paid_vnd;
        totals.new_credit_vnd[z] = new_credit_vnd;
        totals.supported[z] = supported;
        totals.first_supported_in_period[z] = first_supported;
        supported_in_period[z] += first_supported;
        totals.credit_vnd[z] = credit_vnd;
        totals.above_threshold[z] = above;
        totals.below_poverty[z] = below;
    }
}

/// Step 5: writes the year's indicators for the province and every zone
/// into `record` (one replicate's record, see [`Layout`]).
#[inline(never)]
pub fn record_year(ws: &mut Workspace, ctx: &YearContext<'_>, record: &mut [f64]) {
    let pr = ctx.province;
    let layout = ctx.layout;
    let y = ctx.year_index;
    // Incomes sorted province-wide and within zones, in one radix sort.
    ws.income_sorter.sort(&ws.income_vnd, &ws.zone_starts, &mut ws.sorted_income, &mut ws.zone_sorted_income);
    for z in 0..pr.zone_count() {
        let incomes = &ws.zone_sorted_income[ws.zone_starts[z]..ws.zone_starts[z + 1]];
        write_scope(ws, ctx, record, 1 + z, std::slice::from_ref(&z), incomes);
    }
    write_scope(ws, ctx, record, 0, &ctx.tables.all_zones, &ws.sorted_income);
    let group = &ctx.tables.focus_group;
    if !group.is_empty() {
        // The focus zones together: their sorted incomes merged by a sort
        // of the concatenation (the buffer has their households' length).
        let mut incomes = std::mem::take(&mut ws.group_sorted_income);
        incomes.clear();
        for &z in group {
            incomes.extend_from_slice(&ws.zone_sorted_income[ws.zone_starts[z]..ws.zone_starts[z + 1]]);
        }
        incomes.sort_unstable_by(f64::total_cmp);
        write_scope(ws, ctx, record, 1 + pr.zone_count(), group, &incomes);
        ws.group_sorted_income = incomes;
    }
    for m in 0..layout.markets {
        record[layout.index(y, 0, layout.slot(Indicator::PriceVndKg, m))] = ws.market_price[m];
    }
}

/// `num / den`, or [`ABSENT`] when there is nothing to divide by.
fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { ABSENT }
}

/// `num` as a percentage of `den`, or [`ABSENT`] (arithmetic on the mark
/// need not keep it).
fn percent(num: f64, den: f64) -> f64 {
    if den > 0.0 { 100.0 * (num / den) } else { ABSENT }
}

fn write_scope(
    ws: &Workspace,
    ctx: &YearContext<'_>,
    record: &mut [f64],
    scope: usize,
    zones: &[usize],
    incomes: &[f64],
) {
    use Indicator as I;
    let layout = ctx.layout;
    let t = ctx.tables;
    let pr = ctx.province;
    let nc = t.crops;
    let inv_scale = 1.0 / pr.scale;
    let y = ctx.year_index;
    // Totals (the registry's extensive indicators) are simulated on a
    // `scale` share of the province and reported for the whole of it.
    let mut put = |ind: Indicator, key: usize, value: f64| {
        let whole = if info(ind).extensive && !is_absent(value) { value * inv_scale } else { value };
        record[layout.index(y, scope, layout.slot(ind, key))] = whole;
    };
    let tot = &ws.totals;
    let sum_zc =
        |c: usize, field: fn(&CropTotals) -> f64| zones.iter().map(|&z| field(&tot.crop[z * nc + c])).sum::<f64>();
    let sum_cum = |cum: &[f64], c: usize| zones.iter().map(|&z| cum[z * nc + c]).sum::<f64>();
    let sum_z = |v: &[f64]| zones.iter().map(|&z| v[z]).sum::<f64>();
    for c in 0..nc {
        let area = sum_zc(c, |x| x.area_ha);
        let bearing = sum_zc(c, |x| x.bearing_ha);
        let revenue = sum_zc(c, |x| x.revenue_vnd);
        put(I::AreaHa, c, area);
        put(I::ProductionT, c, sum_zc(c, |x| x.production_t));
        put(I::NetPerHa, c, ratio(sum_zc(c, |x| x.net_vnd), area));
        if t.perennial[c] {
            put(I::BearingHa, c, bearing);
            put(I::GovPerHa, c, ratio(revenue, bearing));
            put(I::MatureGovPerHa, c, ratio(sum_zc(c, |x| x.mature_revenue_vnd), sum_zc(c, |x| x.mature_area_ha)));
            put(I::ConvertedHa, c, sum_zc(c, |x| x.converted_ha));
            put(I::ConvertedHaCum, c, sum_cum(&ws.converted_cum_ha, c));
            put(I::TopworkedHa, c, sum_zc(c, |x| x.topworked_ha));
            put(I::TopworkedHaCum, c, sum_cum(&ws.topworked_cum_ha, c));
        } else {
            put(I::BearingHa, c, ABSENT);
            put(I::GovPerHa, c, ratio(revenue, area));
            put(I::MatureGovPerHa, c, ABSENT);
            put(I::ConvertedHa, c, ABSENT);
            put(I::ConvertedHaCum, c, ABSENT);
            put(I::TopworkedHa, c, ABSENT);
            put(I::TopworkedHaCum, c, ABSENT);
        }
    }
    for m in 0..layout.markets {
        put(I::PriceVndKg, m, ABSENT);
    }
    let farm_net: f64 = (0..nc).map(|c| sum_zc(c, |x| x.net_vnd)).sum();
    put(I::FarmIncomeVnd, 0, farm_net);
    let n = incomes.len().max(1) as f64;
    put(I::HhIncomeMean, 0, incomes.iter().sum::<f64>() / n);
    put(I::HhIncomeP10, 0, percentile_sorted(incomes, 0.10));
    put(I::HhIncomeP50, 0, percentile_sorted(incomes, 0.50));
    put(I::HhIncomeP90, 0, percentile_sorted(incomes, 0.90));
    put(I::HhIncomeGini, 0, gini_sorted(incomes));
    put(I::Households, 0, incomes.len() as f64);
    put(I::HhAboveThreshold, 0, sum_z(&tot.above_threshold));
    put(I::HhBelowPoverty, 0, sum_z(&tot.below_poverty));
    let natural = sum_z(&pr.zone_natural_area_ha);
    let forest = sum_z(&ws.forest_ha);
    put(I::ForestCoverPct, 0, percent(forest, natural));
    put(I::TreeCoverPct, 0, percent(forest + sum_z(&tot.tree_credit_ha), natural));
    let farmland = sum_z(&tot.farmland_ha);
    let soil_loss = sum_z(&tot.soil_loss_t);
    put(I::SoilLossT, 0, soil_loss);
    put(I::SoilLossTPerHa, 0, ratio(soil_loss, farmland));
    put(I::SoilFactorMean, 0, ratio(sum_z(&tot.soil_factor_area), farmland));
    put(I::InvestmentVnd, 0, sum_z(&tot.investment_vnd));
    put(I::SubsidyVnd, 0, sum_z(&tot.subsidy_vnd));
    put(I::CreditOutstandingVnd, 0, sum_z(&tot.credit_vnd));
    put(I::PlantingSubsidyVnd, 0, sum_z(&tot.planting_subsidy_vnd));
    put(I::TopworkSupportVnd, 0, sum_z(&tot.topwork_support_vnd));
    put(I::NewCreditVnd, 0, sum_z(&tot.new_credit_vnd));
    put(I::HhSupported, 0, sum_z(&tot.supported));
    let in_period = t.period_of_year[y] != NO_PERIOD;
    put(I::HhSupportedPeriod, 0, if in_period { sum_z(&ws.supported_in_period) } else { ABSENT });
}

/// Step 8: ageing and replanting, the decided changes, next year's forest,
/// and next year's expected supply. The economy pass already aged every
/// parcel (in place) and summed next year's expected supply as if
/// nothing changed; only the changed parcels are visited here.
#[inline(never)]
pub fn age_and_apply_changes(ws: &mut Workspace, ctx: &YearContext<'_>) {
    let t = ctx.tables;
    let pr = ctx.province;
    let s = ctx.scenario;
    for i in 0..ws.changed.len() {
        let j = ws.changed[i] as usize;
        let area = pr.parcel_area_ha[j];
        let k = pr.parcel_slope[j] as usize;
        let soil = ws.soil[j];
        let old = ws.crop[j] as usize;
        let zone = pr.household_zone[pr.parcel_household[j] as usize] as usize;
        let suitability = &t.suitability[zone * t.crops..(zone + 1) * t.crops];
        ws.supply_t[t.supply_slot[old]] -=
            t.expected_production_t(old, k, ws.age[j] as usize, area, soil, suitability[old]);
        let change = ws.change[j];
        let c = ws.change_crop[j] as usize;
        ws.crop[j] = c as u16;
        ws.age[j] = if change == CHANGE_TOPWORK { t.topwork_age_years[c] } else { 0 };
        ws.loss_years[j] = 0;
        ws.first_year[j] = if change == CHANGE_REVERT { 0 } else { change };
        ws.change[j] = CHANGE_NONE;
        ws.change_crop[j] = NO_CROP;
        ws.supply_t[t.supply_slot[c]] += t.expected_production_t(c, k, ws.age[j] as usize, area, soil, suitability[c]);
    }
    ws.changed.clear();
    let next_year = (ctx.year_index + 1) as f64;
    for z in 0..pr.zone_count() {
        let base = pr.zone_forest_ha[z];
        let trend = s.parameters.forest_trend_share * base;
        let room = pr.zone_natural_area_ha[z] - pr.zone_farmland_ha[z];
        ws.forest_ha[z] = (base + trend * next_year).min(room).max(0.0);
    }
}
