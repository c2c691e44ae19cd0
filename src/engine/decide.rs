//! Conversion decisions (MODEL.md §8): expected values, the behavioural
//! choice of households, the plan's conversions, and abandonment.
//!
//! Every NPV of a parcel is linear in its soil factor `s`, so each year the
//! discounted sums are tabulated once per (crop, slope, age) and a parcel's
//! NPV is `s · a − b`: the per-parcel work is a few multiplications.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::decision_scratch::Pv;
use super::decision_scratch::{CHANGE_NONE, CHANGE_PLANT, CHANGE_REVERT, CHANGE_TOPWORK};
use super::drivers::{q_ref_t, supply_factor};
use super::policy_tables::{OPTION_PLANT, OPTION_TOPWORK, PolicyTables, YearSupport};
use super::tables::ModelTables;
use super::workspace::Workspace;
use super::year_scratch::OpenParcel;
use crate::province::Province;
use crate::scenario::Scenario;

/// Read-only context of a decision step.
pub struct DecisionContext<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The province.
    pub province: &'a Province,
    /// Look-up tables.
    pub tables: &'a ModelTables,
    /// Index of the decision year (0 = base year).
    pub year_index: usize,
}

impl DecisionContext<'_> {
    /// The policy class of zone `z`, its tables, and what its support
    /// gives this year's decisions (MODEL.md §11).
    #[inline]
    pub(super) fn rule(&self, z: usize) -> ZoneRule<'_> {
        let class = self.tables.policies.class_of(self.year_index, z);
        let policy = &self.tables.policies.classes[class];
        ZoneRule { class, policy, support: policy.support[self.year_index] }
    }
}

/// What one zone's decisions follow this year.
#[derive(Clone, Copy)]
pub(super) struct ZoneRule<'a> {
    /// Index of the zone's policy in [`RunPolicies::classes`](super::policy_tables::RunPolicies).
    pub(super) class: usize,
    /// The zone's policy tables.
    pub(super) policy: &'a PolicyTables,
    /// What the support gives this year's decisions in the zone.
    pub(super) support: YearSupport,
}

/// Fills the expected prices and the discounted-value tables of the year.
#[inline(never)]
fn tabulate_values(ws: &mut Workspace, ctx: &DecisionContext<'_>) {
    let t = ctx.tables;
    let s = ctx.scenario;
    let p = &s.parameters;
    let d = &mut ws.decide;
    // Expected supply factor: committed production against Q_ref five years ahead.
    for c in 0..t.crops {
        let m = t.market[c];
        let market = &s.markets[m];
        let q_ref = q_ref_t(market.q_ref_t, market.q_ref_growth, s.simulation.scale, (ctx.year_index + 5) as f64);
        let factor = supply_factor(ws.year.committed_t[m], q_ref, market.demand_elasticity, p.supply_factor_min);
        d.expected_price[c] = market.base_price_vnd_per_kg * factor * t.quality[c];
    }
    let horizon = p.planning_horizon_years;
    let rate = p.household_discount_rate;
    let max_age = t.max_age;
    for c in 0..t.crops {
        let price = d.expected_price[c];
        for k in 0..4 {
            let cs = c * 4 + k;
            let hectare = &t.hectare[cs];
            if !t.perennial[c] {
                d.current[cs * max_age] = hectare.split_present_value(0, horizon, price, rate, 0.0);
                continue;
            }
            let orchard = |start_age: usize, first_cost: f64| {
                hectare.split_present_value(start_age as u32, horizon, price, rate, first_cost)
            };
            // A new orchard's value under each policy, with its subsidy if
            // the year's decisions receive it.
            let unsubsidised = orchard(0, 0.0);
            for (class, policy) in t.policies.classes.iter().enumerate() {
                let mut plant = unsubsidised;
                if policy.support[ctx.year_index].subsidised {
                    plant.costs -= policy.subsidy_vnd_per_ha[c];
                }
                d.plant[class * t.crops * 4 + cs] = plant;
            }
            d.topwork[cs] = orchard(t.topwork_age_years[c] as usize, t.crop_slope[cs].topwork_vnd_per_ha);
            for age in 0..(t.lifespan_years[c] as usize).min(max_age) {
                d.current[cs * max_age + age] = orchard(age, 0.0);
            }
        }
    }
}

/// Probability of adopting an option with `gain_vnd_per_ha` (MODEL.md §8).
///
/// `household_choices` relies on this rule's shape to draw before it
/// evaluates a household's options: the probability never reaches
/// `adopt_pi_max`, whatever the gain, so a draw at or above it adopts
/// nothing. A rule that could exceed `adopt_pi_max` must drop that shortcut
/// (a debug assertion at the draw checks it).
#[inline]
fn adoption_probability(gain_vnd_per_ha: f64, scenario: &Scenario) -> f64 {
    let p = &scenario.parameters;
    p.adopt_pi_max / (1.0 + (-(gain_vnd_per_ha / 1e6 - p.adopt_theta_mvnd_per_ha) / p.adopt_tau_mvnd_per_ha).exp())
}

/// Step 7: every decision of the year, in the model's order: household
/// choices (all of them in behavioural mode, top-working only in planned
/// mode), the plan's conversions, then abandonment.
///
/// `rngs` holds the decision stream of each zone.
pub fn decide(ws: &mut Workspace, ctx: &DecisionContext<'_>, rngs: &mut [ChaCha8Rng]) {
    tabulate_values(ws, ctx);
    let planned = ctx.tables.policies.classes.iter().any(PolicyTables::is_planned);
    household_choices(ws, ctx, rngs);
    if planned {
        plan_conversions(ws, ctx, rngs);
    }
    abandonment(ws, ctx, rngs);
}

/// What one option of a parcel would bring (MODEL.md §8), per ha.
#[derive(Debug, Clone, Copy)]
struct CropOption {
    crop: u16,
    gain_vnd_per_ha: f64,
    cash_vnd: f64,
    topwork: bool,
}

/// The planting and top-working options of open parcel `p` of household
/// `h`, handed one by one to `visit`.
#[inline]
fn for_each_option(
    ws: &Workspace,
    ctx: &DecisionContext<'_>,
    rule: ZoneRule<'_>,
    h: usize,
    p: &OpenParcel,
    mut visit: impl FnMut(CropOption),
) {
    let t = ctx.tables;
    let pr = ctx.province;
    let (c, k, area, soil) = (p.crop as usize, p.slope as usize & 3, p.area_ha, p.soil);
    let mask = rule.policy.household_option_mask[c * 4 + k];
    let d = &ws.decide;
    let age = if t.perennial[c] { p.age as usize } else { 0 };
    let cur = d.current[(c * 4 + k) * t.max_age + age.min(t.max_age - 1)];
    // Yields, and so revenues and harvest costs, scale with the climate
    // suitability of each crop in the household's zone (MODEL.md §11).
    let zone = pr.household_zone[h] as usize;
    let suitability = &t.suitability[zone * t.crops..(zone + 1) * t.crops];
    let npv_current = soil * suitability[c] * cur.gross_net - cur.costs;
    // `risk` is λ·σ of the target's market, `taste` the household's taste for
    // it, `suited` its suitability here.
    let gain = |pv: Pv, risk: f64, taste: f64, suited: f64, extra_per_ha: f64| {
        soil * suited * (pv.gross_net - risk * pv.revenue) - pv.costs + extra_per_ha - npv_current + taste
    };
    if mask & OPTION_PLANT != 0 {
        let plant = &d.plant[rule.class * t.crops * 4..(rule.class + 1) * t.crops * 4];
        let targets = rule.policy.plant_targets.iter().zip(&d.target_risk).zip(&d.target_taste);
        for ((&tc, &risk), &taste) in targets {
            let tc = tc as usize;
            let ck = tc * 4 + k;
            visit(CropOption {
                crop: tc as u16,
                gain_vnd_per_ha: gain(plant[ck], risk, taste, suitability[tc], 0.0),
                cash_vnd: t.plant_cash_vnd(rule.policy, tc, k, area, rule.support.subsidised),
                topwork: false,
            });
        }
    }
    if mask & OPTION_TOPWORK != 0 {
        let support = rule.support.topwork_vnd_per_household;
        let tc = t.topwork_to[c] as usize;
        let ck = tc * 4 + k;
        let risk = pr.household_risk_aversion[h] * t.market_sigma[tc];
        let taste = pr.tastes_of(h)[pr.taste_slot[tc] as usize];
        visit(CropOption {
            crop: tc as u16,
            gain_vnd_per_ha: gain(d.topwork[ck], risk, taste, suitability[tc], support / area),
            cash_vnd: topwork_cash_vnd(t, support, tc, k, area),
            topwork: true,
        });
    }
}

/// Cash needed to top-work `area` ha on slope class `k` onto crop `tc`,
/// less the household's support (VND).
#[inline]
fn topwork_cash_vnd(t: &ModelTables, support_vnd: f64, tc: usize, k: usize, area: f64) -> f64 {
    t.crop_slope[tc * 4 + k].topwork_vnd_per_ha * area - support_vnd
}

/// What a household's first choice of the year can pay for, out of its
/// budget with nothing taken yet, known without the gains (see
/// [`first_choice_affordability`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affordability {
    /// Every parcel with an option to weigh has one it can pay for:
    /// whichever parcel ranks first, the first choice finds an affordable
    /// option and draws (the options' gains being numbers, which they are
    /// for a validated scenario; a debug assertion checks it).
    SureToDraw,
    /// No option it can pay for on any parcel, or no option at all: the
    /// first choice finds none and draws nothing.
    Nothing,
    /// Some parcels have an affordable option and some have none: which
    /// parcel ranks first decides.
    DependsOnRanking,
}

/// Whether the first choice of a household with these open parcels is sure
/// to find an option it can pay for out of `budget_vnd` (its first
/// top-working receiving the support), or sure not to: the test phase 2 of
/// [`household_choices`] makes with nothing taken yet, for every parcel.
fn first_choice_affordability(
    ws: &Workspace,
    ctx: &DecisionContext<'_>,
    rule: ZoneRule<'_>,
    parcels: &[OpenParcel],
    budget_vnd: f64,
) -> Affordability {
    let t = ctx.tables;
    let d = &ws.decide;
    let support = rule.support.topwork_vnd_per_household;
    let subsidised = rule.support.subsidised as usize;
    let max_plant_cash = &d.max_plant_cash_vnd_per_ha[rule.class][subsidised];
    let min_plant_cash = &d.min_plant_cash_vnd_per_ha[rule.class][subsidised];
    let (mut every_option, mut each_parcel_one, mut no_option) = (true, true, true);
    for p in parcels {
        let (c, k, area) = (p.crop as usize, p.slope as usize & 3, p.area_ha);
        let mask = rule.policy.household_option_mask[c * 4 + k];
        let (plants, topworks) = (mask & OPTION_PLANT != 0, mask & OPTION_TOPWORK != 0);
        // The dearest and the cheapest target per ha times the area are the
        // dearest and the cheapest option, exactly: rounding a product by a
        // positive area keeps the order.
        let topwork_ok = topworks && topwork_cash_vnd(t, support, t.topwork_to[c] as usize, k, area) <= budget_vnd;
        let all_ok = (!plants || max_plant_cash[k] * area <= budget_vnd) && (!topworks || topwork_ok);
        let one_ok = (plants && min_plant_cash[k] * area <= budget_vnd) || topwork_ok;
        every_option &= all_ok;
        each_parcel_one &= one_ok;
        no_option &= !one_ok;
    }
    if no_option {
        Affordability::Nothing
    } else if every_option || each_parcel_one {
        Affordability::SureToDraw
    } else {
        Affordability::DependsOnRanking
    }
}

/// Each aware household's conversions (MODEL.md §8, behavioural mode).
///
/// Choice where the model is silent: the top-working support lowers the
/// cash need of the household's first top-working of the year only, as it
/// is paid once per household and year.
#[inline(never)]
fn household_choices(ws: &mut Workspace, ctx: &DecisionContext<'_>, rngs: &mut [ChaCha8Rng]) {
    let pr = ctx.province;
    let s = ctx.scenario;
    let mut cand_index = std::mem::take(&mut ws.decide.cand_index);
    let mut cand_best = std::mem::take(&mut ws.decide.cand_best);
    let open_parcels = std::mem::take(&mut ws.year.open_parcels);
    // Households in order, each with its run of open parcels.
    for household_parcels in open_parcels[..ws.year.open_count].chunk_by(|a, b| a.household == b.household) {
        let h = household_parcels[0].household as usize;
        if !ws.state.aware[h] {
            continue;
        }
        let zone = pr.household_zone[h] as usize;
        let rule = ctx.rule(zone);
        let rng = &mut rngs[zone];
        let YearSupport { credit_limit_vnd: credit, topwork_vnd_per_household: support, .. } = rule.support;
        let max_conversions = rule.policy.max_conversions;
        // With one conversion a year the household's only draw is its first
        // choice's, made if the parcel that ranks first has an option it can
        // pay for. Where that is sure whatever the ranking, draw first: a
        // draw at or above `adopt_pi_max` adopts nothing whatever the gains,
        // so the evaluation is skipped. Where it is sure not to, there is
        // nothing to evaluate. The stream and the result are the same.
        let budget = ws.state.savings_vnd[h] + credit;
        let mut drawn: Option<f64> = None;
        if max_conversions == 1 {
            match first_choice_affordability(ws, ctx, rule, household_parcels, budget) {
                Affordability::SureToDraw => {
                    let u: f64 = rng.random();
                    if u >= s.parameters.adopt_pi_max {
                        continue;
                    }
                    drawn = Some(u);
                }
                Affordability::Nothing => continue,
                Affordability::DependsOnRanking => {}
            }
        }
        // What the household weighs in every planting option, once for all its parcels.
        let (lambda, tastes) = (pr.household_risk_aversion[h], pr.tastes_of(h));
        let d = &mut ws.decide;
        let targets = d.target_risk.iter_mut().zip(d.target_taste.iter_mut()).zip(&rule.policy.plant_targets);
        for ((risk, taste), &tc) in targets {
            *risk = lambda * ctx.tables.market_sigma[tc as usize];
            *taste = tastes[pr.taste_slot[tc as usize] as usize];
        }
        // Phase 1: each open parcel's best gain, for the ranking.
        cand_index.clear();
        cand_best.clear();
        for (i, p) in household_parcels.iter().enumerate() {
            let mut best = f64::NEG_INFINITY;
            for_each_option(ws, ctx, rule, h, p, |o| best = best.max(o.gain_vnd_per_ha));
            if best > f64::NEG_INFINITY {
                cand_index.push(i as u32);
                cand_best.push(best);
            }
        }
        debug_assert!(
            drawn.is_none() || !cand_index.is_empty(),
            "household {h} drew first but ranks no parcel: an option's gain is not a number"
        );
        if cand_index.is_empty() {
            continue;
        }
        // Phase 2: the first `max_conversions` parcels by best gain (ties:
        // parcel id, which is candidate order), each with its best
        // affordable option.
        let mut taken = 0.0;
        let mut topworked = false;
        for _ in 0..max_conversions.min(cand_index.len()) {
            let mut pick = 0;
            for i in 1..cand_index.len() {
                if cand_best[i] > cand_best[pick] {
                    pick = i;
                }
            }
            if cand_best[pick] == f64::NEG_INFINITY {
                break;
            }
            cand_best[pick] = f64::NEG_INFINITY;
            let p = &household_parcels[cand_index[pick] as usize];
            let mut chosen: Option<CropOption> = None;
            for_each_option(ws, ctx, rule, h, p, |o| {
                // The support is received once per household and year.
                let cash = if o.topwork && topworked { o.cash_vnd + support } else { o.cash_vnd };
                if cash + taken <= budget && chosen.is_none_or(|b| o.gain_vnd_per_ha > b.gain_vnd_per_ha) {
                    chosen = Some(CropOption { cash_vnd: cash, ..o });
                }
            });
            let Some(o) = chosen else { continue };
            let u: f64 = drawn.take().unwrap_or_else(|| rng.random());
            debug_assert!(adoption_probability(o.gain_vnd_per_ha, s) <= s.parameters.adopt_pi_max);
            // The probability never exceeds `adopt_pi_max`, so most draws are
            // settled without the exponential.
            if u < s.parameters.adopt_pi_max && u < adoption_probability(o.gain_vnd_per_ha, s) {
                taken += o.cash_vnd;
                topworked |= o.topwork;
                ws.decide.record_change(
                    p.parcel as usize,
                    if o.topwork { CHANGE_TOPWORK } else { CHANGE_PLANT },
                    o.crop,
                );
            }
        }
    }
    ws.year.open_parcels = open_parcels;
    ws.decide.cand_index = cand_index;
    ws.decide.cand_best = cand_best;
}

/// The plans' conversions in a decision year (MODEL.md §8, planned mode;
/// §11, zone plans).
///
/// A zone with a target of its own converts that; the planned zones
/// without one share the province's target by their eligible area.
///
/// Choice where the model is silent: a zone's draws stop once its target is
/// met, so a parcel past that point consumes no random number.
#[inline(never)]
fn plan_conversions(ws: &mut Workspace, ctx: &DecisionContext<'_>, rngs: &mut [ChaCha8Rng]) {
    let s = ctx.scenario;
    let year = s.simulation.base_year + ctx.year_index as i32;
    let t = ctx.tables;
    let pr = ctx.province;
    // The planned zones that share the province's target this year.
    let shares_province_target = |z: usize| {
        let plan = ctx.rule(z).policy.policy.plan.as_ref().filter(|_| ctx.rule(z).policy.is_planned());
        plan.is_some_and(|p| !p.own_target && (p.target_years.0..=p.target_years.1).contains(&year))
    };
    let sharing_eligible: f64 =
        (0..pr.zone_count()).filter(|&z| shares_province_target(z)).map(|z| pr.zone_eligible_ha[z]).sum();
    for (z, rng) in rngs.iter_mut().enumerate() {
        let rule = ctx.rule(z);
        let Some(plan) = rule.policy.policy.plan.as_ref().filter(|_| rule.policy.is_planned()) else { continue };
        if year < plan.target_years.0 || year > plan.target_years.1 {
            continue;
        }
        let target = if plan.own_target {
            plan.target_ha_per_year * pr.scale
        } else if sharing_eligible > 0.0 {
            plan.target_ha_per_year * pr.scale * pr.zone_eligible_ha[z] / sharing_eligible
        } else {
            continue;
        };
        let min_parcel_ha = rule.policy.policy.min_parcel_ha;
        ws.decide.ranked.clear();
        for j in pr.zone_parcels[z].start as usize..pr.zone_parcels[z].end as usize {
            let c = ws.state.crop[j] as usize;
            let k = pr.parcel_slope[j] as usize & 3;
            if ws.decide.change[j] == CHANGE_NONE
                && rule.policy.option_mask[c * 4 + k] & OPTION_PLANT != 0
                && pr.parcel_area_ha[j] >= min_parcel_ha
            {
                // A soil factor is positive, so its bits order like its value.
                let steepness = 3 - pr.parcel_slope[j].min(3) as u128;
                ws.decide.ranked.push(steepness << 96 | (ws.state.soil[j].to_bits() as u128) << 32 | j as u128);
            }
        }
        ws.decide.ranked.sort_unstable();
        ws.decide.mix_done_ha.fill(0.0);
        let mut done_ha = 0.0;
        for r in 0..ws.decide.ranked.len() {
            if done_ha >= target {
                break;
            }
            let j = (ws.decide.ranked[r] & 0xFFFF_FFFF) as usize;
            let u: f64 = rng.random();
            if u >= plan.compliance {
                continue;
            }
            // The crop whose converted area lags its share most (ties: mix order).
            let mut pick = plan.mix[0].0.index();
            let mut worst = f64::NEG_INFINITY;
            for &(crop, share) in &plan.mix {
                let lag = share * done_ha - ws.decide.mix_done_ha[crop.index()];
                if lag > worst {
                    worst = lag;
                    pick = crop.index();
                }
            }
            let h = pr.parcel_household[j] as usize;
            let area = pr.parcel_area_ha[j];
            let k = pr.parcel_slope[j] as usize;
            if plan.require_feasible {
                let cash = t.plant_cash_vnd(rule.policy, pick, k, area, rule.support.subsidised);
                if ws.decide.plan_cash_vnd[h] + cash > ws.state.savings_vnd[h] + rule.support.credit_limit_vnd {
                    continue;
                }
                if ws.decide.plan_cash_vnd[h] == 0.0 {
                    ws.decide.touched.push(h as u32);
                }
                ws.decide.plan_cash_vnd[h] += cash;
            }
            ws.decide.record_change(j, CHANGE_PLANT, pick as u16);
            done_ha += area;
            ws.decide.mix_done_ha[pick] += area;
        }
    }
    for &h in &ws.decide.touched {
        ws.decide.plan_cash_vnd[h as usize] = 0.0;
    }
    ws.decide.touched.clear();
}

#[inline(never)]
fn abandonment(ws: &mut Workspace, ctx: &DecisionContext<'_>, rngs: &mut [ChaCha8Rng]) {
    let t = ctx.tables;
    let pr = ctx.province;
    let p = &ctx.scenario.parameters;
    // The economy pass listed, in parcel order, the orchards whose loss
    // streak reached `abandon_years` this year.
    for i in 0..ws.year.at_risk.len() {
        let j = ws.year.at_risk[i] as usize;
        if ws.decide.change[j] == CHANGE_NONE {
            let zone = pr.household_zone[pr.parcel_household[j] as usize] as usize;
            let u: f64 = rngs[zone].random();
            if u < p.abandon_p {
                ws.decide.record_change(j, CHANGE_REVERT, t.revert_crop);
            }
        }
    }
}
