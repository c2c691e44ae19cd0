//! Step 5 of MODEL.md §7: the year's indicators (§9) for the province,
//! every zone and the focus group, written into the replicate's record.

use super::tables::NO_PERIOD;
use super::workspace::Workspace;
use super::year::YearContext;
use super::year_scratch::CropTotals;
use crate::stats::indicators::{ABSENT, Indicator, info, is_absent};
use crate::stats::summary::{gini_sorted, percentile_sorted};

/// Step 5: writes the year's indicators for the province and every zone
/// into `record` (one replicate's record, see [`Layout`]).
#[inline(never)]
pub fn record_year(ws: &mut Workspace, ctx: &YearContext<'_>, record: &mut [f64]) {
    let pr = ctx.province;
    let layout = ctx.layout;
    let y = ctx.year_index;
    // Incomes sorted province-wide and within zones, in one radix sort.
    let year = &mut ws.year;
    year.income_sorter.sort(&year.income_vnd, &year.zone_starts, &mut year.sorted_income, &mut year.zone_sorted_income);
    for z in 0..pr.zone_count() {
        let incomes = &ws.year.zone_sorted_income[ws.year.zone_starts[z]..ws.year.zone_starts[z + 1]];
        write_scope(ws, ctx, record, 1 + z, std::slice::from_ref(&z), incomes);
    }
    write_scope(ws, ctx, record, 0, &ctx.tables.all_zones, &ws.year.sorted_income);
    let group = &ctx.tables.focus_group;
    if !group.is_empty() {
        // The focus zones together: their sorted incomes merged by a sort
        // of the concatenation (the buffer has their households' length).
        let mut incomes = std::mem::take(&mut ws.year.group_sorted_income);
        incomes.clear();
        for &z in group {
            incomes.extend_from_slice(&ws.year.zone_sorted_income[ws.year.zone_starts[z]..ws.year.zone_starts[z + 1]]);
        }
        incomes.sort_unstable_by(f64::total_cmp);
        write_scope(ws, ctx, record, 1 + pr.zone_count(), group, &incomes);
        ws.year.group_sorted_income = incomes;
    }
    for m in 0..layout.markets {
        record[layout.index(y, 0, layout.slot(Indicator::PriceVndKg, m))] = ws.year.market_price[m];
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
    let tot = &ws.year.totals;
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
            put(I::ConvertedHaCum, c, sum_cum(&ws.state.converted_cum_ha, c));
            put(I::TopworkedHa, c, sum_zc(c, |x| x.topworked_ha));
            put(I::TopworkedHaCum, c, sum_cum(&ws.state.topworked_cum_ha, c));
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
    let forest = sum_z(&ws.state.forest_ha);
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
    put(I::HhSupportedPeriod, 0, if in_period { sum_z(&ws.state.supported_in_period) } else { ABSENT });
}
