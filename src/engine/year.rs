//! One simulated year (MODEL.md §7), apart from the decisions: prices and
//! weather, parcel economics, soil, household budgets, the record of the
//! year's indicators, and ageing with the decided changes.

use rand::rngs::ChaCha8Rng;

use super::drivers::{q_ref_t, supply_factor};
use super::state::{CHANGE_NONE, CHANGE_PLANT, CHANGE_REVERT, CHANGE_TOPWORK, Workspace};
use super::tables::{ModelTables, NO_CROP};
use crate::province::Province;
use crate::scenario::Scenario;
use crate::stats::indicators::{Indicator, Layout};
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

/// Adds parcel `j`'s expected production (no weather, no hail) to its
/// market's Q̂, for the markets with a supply response (the only ones that
/// use it).
#[inline]
fn add_expected_supply(ws: &mut Workspace, province: &Province, tables: &ModelTables, j: usize) {
    let c = ws.crop[j] as usize;
    if tables.supply_responsive[c] {
        let k = province.parcel_slope[j] as usize;
        let f = tables.fraction_at(c, ws.age[j] as usize);
        ws.supply_t[tables.market[c]] += province.parcel_area_ha[j] * tables.yield_t_per_ha[c * 4 + k] * f * ws.soil[j];
    }
}

/// Expected production Q̂_m of every market from the current land state (t).
/// Later years get it from the ageing pass, which visits every parcel anyway.
pub fn expected_supply(ws: &mut Workspace, province: &Province, tables: &ModelTables) {
    ws.supply_t.fill(0.0);
    for j in 0..ws.crop.len() {
        add_expected_supply(ws, province, tables, j);
    }
}

/// Step 1: the year's prices and weather.
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
/// income and savings; fills the year's totals.
// The zone index addresses a dozen per-zone arrays at once; an iterator
// over one of them would not make the loop clearer.
#[allow(clippy::needless_range_loop)]
pub fn run_economy(ws: &mut Workspace, ctx: &YearContext<'_>) {
    let s = ctx.scenario;
    let p = &s.parameters;
    let policy = &s.policy;
    let pr = ctx.province;
    let t = ctx.tables;
    let nc = t.crops;
    let cover_age = p.cover_age_years as u16;
    let hail_keep = 1.0 - p.hail_loss;
    let abandon_after = p.abandon_years.max(1) as u16;
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
        drivers,
        committed_t,
        crop_price,
        crop_price_coop,
        weather_mult,
        converted_cum_ha,
        planted_cum_ha,
        totals,
        ..
    } = ws;
    totals.clear();
    committed_t.fill(0.0);
    at_risk.clear();
    for z in 0..pr.zone_count() {
        let rk = t.zone_rk[z];
        let hail = drivers.hail[z];
        let zc = z * nc;
        let row = zc..zc + nc;
        let area_row = &mut totals.area_ha[row.clone()];
        let bearing_row = &mut totals.bearing_ha[row.clone()];
        let production_row = &mut totals.production_t[row.clone()];
        let revenue_row = &mut totals.revenue_vnd[row.clone()];
        let mature_revenue_row = &mut totals.mature_revenue_vnd[row.clone()];
        let mature_area_row = &mut totals.mature_area_ha[row.clone()];
        let net_row = &mut totals.net_vnd[row.clone()];
        let converted_row = &mut totals.converted_ha[row.clone()];
        let converted_cum_row = &mut converted_cum_ha[row.clone()];
        let weather_row = &weather_mult[row];
        let (mut soil_loss_t, mut soil_factor_area, mut farmland_ha, mut tree_credit_ha) = (0.0, 0.0, 0.0, 0.0);
        let (mut investment_vnd, mut subsidy_vnd, mut credit_vnd) = (0.0, 0.0, 0.0);
        let (mut above, mut below) = (0.0, 0.0);
        for h in pr.zone_households[z].start as usize..pr.zone_households[z].end as usize {
            let price_row = if pr.household_coop[h] { &crop_price_coop[..] } else { &crop_price[..] };
            let mut farm_net = 0.0;
            let mut capital = 0.0;
            let mut subsidy = 0.0;
            let mut topworked = false;
            let parcels = pr.parcels_of(h);
            let first = parcels.start;
            let parcel_iter = crop[parcels.clone()]
                .iter()
                .zip(&age[parcels.clone()])
                .zip(&pr.parcel_slope[parcels.clone()])
                .zip(&pr.parcel_area_ha[parcels.clone()])
                .zip(&first_year[parcels.clone()])
                .zip(soil[parcels.clone()].iter_mut().zip(&mut loss_years[parcels]));
            for (offset, (((((&crop_id, &a), &slope), &area), &first_year_kind), (soil, loss))) in
                parcel_iter.enumerate()
            {
                let c = crop_id as usize;
                let k = slope as usize;
                let ck = c * 4 + k;
                let old_soil = *soil;
                let perennial = t.perennial[c];
                let f = t.fraction_at(c, a as usize);
                let mut mult = weather_row[c];
                if perennial && hail {
                    mult *= hail_keep;
                }
                let yield_t_per_ha = t.yield_t_per_ha[ck] * f * old_soil * mult;
                let harvest_t = yield_t_per_ha * area;
                let revenue = 1000.0 * harvest_t * price_row[c];
                let (net, cap, cover) = if perennial {
                    let maintenance = if a >= 1 { t.maintenance_vnd_per_ha[c] * area } else { 0.0 };
                    let net = revenue - t.harvest_vnd_per_kg[c] * 1000.0 * harvest_t - maintenance;
                    let cap = match first_year_kind {
                        CHANGE_TOPWORK => t.topwork_vnd_per_ha[ck] * area,
                        _ if a == 0 => t.establishment_vnd_per_ha[ck] * area,
                        _ => 0.0,
                    };
                    if f > 0.0 {
                        bearing_row[c] += area;
                        *loss = if net < 0.0 { loss.saturating_add(1) } else { 0 };
                    }
                    if f >= 1.0 {
                        mature_revenue_row[c] += revenue;
                        mature_area_row[c] += area;
                    }
                    if *loss >= abandon_after && t.convertible[c] {
                        at_risk.push((first + offset) as u32);
                    }
                    let cover = if a < cover_age { t.cover_young[c] } else { t.cover_mature[c] };
                    if a >= cover_age {
                        tree_credit_ha += area * t.cover_credit[c];
                    }
                    (net, cap, cover)
                } else {
                    (revenue - t.annual_cost_vnd_per_ha[c] * area, 0.0, t.cover_young[c])
                };
                match first_year_kind {
                    CHANGE_PLANT => {
                        converted_row[c] += area;
                        converted_cum_row[c] += area;
                        planted_cum_ha[z] += area;
                        investment_vnd += cap;
                        subsidy += t.subsidy_vnd_per_ha[c] * area;
                    }
                    CHANGE_TOPWORK => {
                        converted_row[c] += area;
                        converted_cum_row[c] += area;
                        investment_vnd += cap;
                        topworked = true;
                    }
                    _ => {}
                }
                // Soil (step 3), after the yield that used last year's soil.
                let loss_t_per_ha = rk * p.ls[k] * cover;
                let recovery = if loss_t_per_ha < 10.0 { p.soil_recovery } else { 0.0 };
                let new_soil = (old_soil - p.soil_delta * loss_t_per_ha + recovery).clamp(p.soil_min, 1.0);
                *soil = new_soil;
                if t.supply_responsive[c] {
                    committed_t[t.market[c]] += area * t.yield_t_per_ha[ck] * new_soil;
                }
                area_row[c] += area;
                production_row[c] += harvest_t;
                revenue_row[c] += revenue;
                net_row[c] += net;
                soil_loss_t += loss_t_per_ha * area;
                soil_factor_area += new_soil * area;
                farmland_ha += area;
                farm_net += net;
                capital += cap;
            }
            if topworked {
                subsidy += policy.topwork_support_vnd_per_household;
            }
            // Step 4: the household budget.
            let savings = savings_vnd[h];
            let interest = policy.credit_rate * (-savings).max(0.0);
            let income = farm_net + pr.household_other_income_vnd[h] + subsidy - interest;
            let subsistence = p.poverty_line_vnd_per_person_yr * pr.household_size[h] as f64;
            let desired = subsistence + p.consumption_propensity * (income - subsistence).max(0.0);
            let consumption = desired.min(income.max(0.0) + savings.max(0.0));
            let new_savings = (savings + income - consumption - capital).max(-policy.credit_limit_vnd);
            savings_vnd[h] = new_savings;
            income_vnd[h] = income;
            subsidy_vnd += subsidy;
            credit_vnd += (-new_savings).max(0.0);
            if income >= p.threshold_vnd_per_household_yr {
                above += 1.0;
            }
            if income < subsistence {
                below += 1.0;
            }
        }
        totals.soil_loss_t[z] = soil_loss_t;
        totals.soil_factor_area[z] = soil_factor_area;
        totals.farmland_ha[z] = farmland_ha;
        totals.tree_credit_ha[z] = tree_credit_ha;
        totals.investment_vnd[z] = investment_vnd;
        totals.subsidy_vnd[z] = subsidy_vnd;
        totals.credit_vnd[z] = credit_vnd;
        totals.above_threshold[z] = above;
        totals.below_poverty[z] = below;
    }
}

/// Step 5: writes the year's indicators for the province and every zone
/// into `record` (one replicate's record, see [`Layout`]).
pub fn record_year(ws: &mut Workspace, ctx: &YearContext<'_>, record: &mut [f64]) {
    let pr = ctx.province;
    let layout = ctx.layout;
    let y = ctx.year_index;
    // Incomes sorted province-wide and within zones, in one radix sort.
    ws.income_sorter.sort(&ws.income_vnd, &ws.zone_starts, &mut ws.sorted_income, &mut ws.zone_sorted_income);
    for z in 0..pr.zone_count() {
        let incomes = &ws.zone_sorted_income[ws.zone_starts[z]..ws.zone_starts[z + 1]];
        write_scope(ws, ctx, record, 1 + z, z..z + 1, incomes);
    }
    write_scope(ws, ctx, record, 0, 0..pr.zone_count(), &ws.sorted_income);
    for m in 0..layout.markets {
        record[layout.index(y, 0, layout.slot(Indicator::PriceVndKg, m))] = ws.market_price[m];
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

fn write_scope(
    ws: &Workspace,
    ctx: &YearContext<'_>,
    record: &mut [f64],
    scope: usize,
    zones: std::ops::Range<usize>,
    incomes: &[f64],
) {
    use Indicator as I;
    let layout = ctx.layout;
    let t = ctx.tables;
    let pr = ctx.province;
    let nc = t.crops;
    let inv_scale = 1.0 / pr.scale;
    let y = ctx.year_index;
    let mut put = |ind: Indicator, key: usize, value: f64| {
        record[layout.index(y, scope, layout.slot(ind, key))] = value;
    };
    let tot = &ws.totals;
    let sum_zc = |v: &[f64], c: usize| zones.clone().map(|z| v[z * nc + c]).sum::<f64>();
    let sum_z = |v: &[f64]| zones.clone().map(|z| v[z]).sum::<f64>();
    for c in 0..nc {
        let area = sum_zc(&tot.area_ha, c);
        let bearing = sum_zc(&tot.bearing_ha, c);
        let revenue = sum_zc(&tot.revenue_vnd, c);
        put(I::AreaHa, c, area * inv_scale);
        put(I::ProductionT, c, sum_zc(&tot.production_t, c) * inv_scale);
        put(I::NetPerHa, c, ratio(sum_zc(&tot.net_vnd, c), area));
        if t.perennial[c] {
            put(I::BearingHa, c, bearing * inv_scale);
            put(I::GovPerHa, c, ratio(revenue, bearing));
            put(I::MatureGovPerHa, c, ratio(sum_zc(&tot.mature_revenue_vnd, c), sum_zc(&tot.mature_area_ha, c)));
            put(I::ConvertedHa, c, sum_zc(&tot.converted_ha, c) * inv_scale);
            put(I::ConvertedHaCum, c, sum_zc(&ws.converted_cum_ha, c) * inv_scale);
        } else {
            put(I::BearingHa, c, f64::NAN);
            put(I::GovPerHa, c, ratio(revenue, area));
            put(I::MatureGovPerHa, c, f64::NAN);
            put(I::ConvertedHa, c, f64::NAN);
            put(I::ConvertedHaCum, c, f64::NAN);
        }
    }
    for m in 0..layout.markets {
        put(I::PriceVndKg, m, f64::NAN);
    }
    let farm_net: f64 = (0..nc).map(|c| sum_zc(&tot.net_vnd, c)).sum();
    put(I::FarmIncomeVnd, 0, farm_net * inv_scale);
    let n = incomes.len().max(1) as f64;
    put(I::HhIncomeMean, 0, incomes.iter().sum::<f64>() / n);
    put(I::HhIncomeP10, 0, percentile_sorted(incomes, 0.10));
    put(I::HhIncomeP50, 0, percentile_sorted(incomes, 0.50));
    put(I::HhIncomeP90, 0, percentile_sorted(incomes, 0.90));
    put(I::HhIncomeGini, 0, gini_sorted(incomes));
    put(I::Households, 0, incomes.len() as f64 * inv_scale);
    put(I::HhAboveThreshold, 0, sum_z(&tot.above_threshold) * inv_scale);
    put(I::HhBelowPoverty, 0, sum_z(&tot.below_poverty) * inv_scale);
    let natural = sum_z(&pr.zone_natural_area_ha);
    let forest = sum_z(&ws.forest_ha);
    put(I::ForestCoverPct, 0, 100.0 * ratio(forest, natural));
    put(I::TreeCoverPct, 0, 100.0 * ratio(forest + sum_z(&tot.tree_credit_ha), natural));
    let farmland = sum_z(&tot.farmland_ha);
    let soil_loss = sum_z(&tot.soil_loss_t);
    put(I::SoilLossT, 0, soil_loss * inv_scale);
    put(I::SoilLossTPerHa, 0, ratio(soil_loss, farmland));
    put(I::SoilFactorMean, 0, ratio(sum_z(&tot.soil_factor_area), farmland));
    put(I::InvestmentVnd, 0, sum_z(&tot.investment_vnd) * inv_scale);
    put(I::SubsidyVnd, 0, sum_z(&tot.subsidy_vnd) * inv_scale);
    put(I::CreditOutstandingVnd, 0, sum_z(&tot.credit_vnd) * inv_scale);
}

/// Step 8: ageing and replanting, the decided changes, next year's forest,
/// and next year's expected supply.
pub fn age_and_apply_changes(ws: &mut Workspace, ctx: &YearContext<'_>) {
    let t = ctx.tables;
    let pr = ctx.province;
    let s = ctx.scenario;
    ws.supply_t.fill(0.0);
    for j in 0..ws.crop.len() {
        let mut c = ws.crop[j] as usize;
        ws.first_year[j] = 0;
        if t.perennial[c] {
            let next = ws.age[j] + 1;
            ws.age[j] = if next >= t.lifespan_years[c] { 0 } else { next };
        }
        let change = ws.change[j];
        if change != CHANGE_NONE {
            c = ws.change_crop[j] as usize;
            ws.crop[j] = c as u16;
            ws.age[j] = if change == CHANGE_TOPWORK { t.topwork_age_years[c] } else { 0 };
            ws.loss_years[j] = 0;
            ws.first_year[j] = if change == CHANGE_REVERT { 0 } else { change };
            ws.change[j] = CHANGE_NONE;
            ws.change_crop[j] = NO_CROP;
        }
        add_expected_supply(ws, pr, t, j);
    }
    let next_year = (ctx.year_index + 1) as f64;
    for z in 0..pr.zone_count() {
        let base = pr.zone_forest_ha[z];
        let trend = s.parameters.forest_trend_share * base;
        let room = pr.zone_natural_area_ha[z] - pr.zone_farmland_ha[z];
        ws.forest_ha[z] = (base + trend * next_year).min(room).max(0.0);
    }
}
