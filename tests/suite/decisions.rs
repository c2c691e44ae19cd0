//! Households' decisions of MODEL.md §8 computed by hand and compared with
//! the engine's, parcel by parcel: awareness, each option's gain (the plain
//! NPVs of `economics`, the risk term, the taste), the ranking of parcels,
//! affordability with savings and credit, and the adoption draw replayed
//! from the zone's decision stream.

use agroshift::economics::npv;
use agroshift::engine::awareness::spread_awareness;
use agroshift::engine::decide::{DecisionContext, decide};
use agroshift::engine::decision_scratch::{CHANGE_NONE, CHANGE_PLANT, CHANGE_REVERT, CHANGE_TOPWORK};
use agroshift::engine::economy::run_economy;
use agroshift::engine::environment::draw_environment;
use agroshift::engine::record::record_year;
use agroshift::engine::tables::ModelTables;
use agroshift::engine::workspace::Workspace;
use agroshift::engine::year::YearContext;
use agroshift::province::build_province;
use agroshift::rng::{decision_stream, stream_rng};
use agroshift::scenario::{Scenario, Slope};
use agroshift::stats::indicators::Layout;
use rand::RngExt;

use crate::common::{open, test_path};

/// The tiny province with a village of 40 aware households growing maize on
/// three slope classes, longan's price uncertain (so that risk counts),
/// savings and credit such that some can afford a conversion and some not,
/// and an adoption ceiling that leaves the draw something to decide.
fn village() -> Scenario {
    let mut s = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let maize = s.crop_by_key("maize").unwrap().id.index();
    s.crops[maize].slope_share = [0.0, 0.3, 0.4, 0.3];
    s.zones[0].households = 40.0;
    s.zones[0].crop_area_ha[maize] = 60.0;
    let longan_market = s.crops[s.crop_by_key("longan_grafted").unwrap().id.index()].market.index();
    s.markets[longan_market].sigma = 0.2;
    let p = &mut s.parameters;
    p.awareness_initial = 1.0;
    p.adopt_pi_max = 0.6;
    p.savings_median_vnd = 20e6;
    s.policy.credit_limit_vnd = 25e6;
    s
}

/// How often each rule decided something in a hand-checked year.
#[derive(Debug, Default)]
struct Decided {
    planted: usize,
    topworked: usize,
    unaffordable: usize,
    declined: usize,
    ranked_later_parcel_first: usize,
    /// Households with an affordable option on every open parcel but not
    /// every option affordable: the engine draws before it ranks them.
    one_affordable_on_each_parcel: usize,
    /// Households with no affordable option at all: the engine skips them.
    nothing_affordable: usize,
    /// Households with an affordable option on some open parcels and none
    /// on others: the engine ranks them before it draws.
    affordable_depends_on_ranking: usize,
    abandoned: usize,
    kept_despite_losses: usize,
}

/// The base year of `s`'s first replicate: its economy, then each
/// household's choice computed by hand (MODEL.md §8) and compared with the
/// engine's decisions, parcel by parcel.
fn hand_check_the_first_decisions(s: &Scenario) -> Decided {
    let p = &s.parameters;
    let province = build_province(s);
    let tables = ModelTables::new(s);
    let layout = Layout::new(s, s.simulation.years as usize);
    let mut ws = Workspace::new(&province, &tables);
    let seed = s.simulation.seed;
    let mut env = ws.start_replicate(&province, &tables, seed, 0);
    // The base year's economy (steps 1–5), then its decisions (steps 6–7).
    let ctx = YearContext { scenario: s, province: &province, tables: &tables, layout: &layout, year_index: 0 };
    let mut record = vec![0.0; layout.record_len()];
    // The year's yields read last year's soil factor; the decisions read
    // this year's, after step 3.
    let soil_last_year = ws.state.soil.clone();
    draw_environment(&mut ws, &ctx, &mut env);
    run_economy(&mut ws, &ctx);
    record_year(&mut ws, &ctx, &mut record);

    // Expected prices: every market with a supply response here is far
    // below its reference production (Q_ref = 10⁹ t), so its supply factor
    // is at its cap of 1; the others have none.
    for (m, market) in s.markets.iter().enumerate() {
        let q_ref_in_5 = market.q_ref_t * s.simulation.scale * (1.0 + market.q_ref_growth).powi(5);
        assert!(market.demand_elasticity.is_none() || ws.year.committed_t[m] < q_ref_in_5, "{}", market.key);
    }
    let price = |c: usize| s.markets[s.crops[c].market.index()].base_price_vnd_per_kg * s.crops[c].quality;
    let horizon = p.planning_horizon_years;
    let rate = p.household_discount_rate;
    let policy = &s.policy;
    let is = |list: &[agroshift::scenario::CropId], c: usize| list.iter().any(|x| x.index() == c);
    // A parcel's options: (target crop, top-working?).
    let options = |j: usize| -> Vec<(usize, bool)> {
        let c = ws.state.crop[j] as usize;
        let k = province.parcel_slope[j] as usize;
        if province.parcel_area_ha[j] < policy.min_parcel_ha {
            return Vec::new();
        }
        let mut out = Vec::new();
        if is(&policy.from_crops, c) && policy.slopes[k] {
            out.extend(policy.to_crops.iter().map(|t| (t.index(), false)));
        }
        if is(&policy.topwork_from, c) {
            out.extend(s.crops[c].topwork_to.map(|t| (t.index(), true)));
        }
        out
    };
    // gain = NPV_target − NPV_current − λ·σ·PV(revenue) + ξ, per ha; a
    // top-working starts at the target's top-working age, pays its cost in
    // the first year and receives the household's support spread over the
    // parcel's area.
    let gain = |h: usize, j: usize, (target, topwork): (usize, bool)| {
        let k = province.parcel_slope[j] as usize;
        let current = ws.state.crop[j] as usize;
        let zone = &s.zones[province.parcel_zone[j] as usize];
        let soil = ws.state.soil[j];
        let model = |c: usize| s.crops[c].hectare_model(Slope::ALL[k], p.establish_mult[k]);
        let npv_from = |c: usize, age: u32| {
            npv(&model(c).flows_vnd_per_ha(age, horizon, price(c), soil * zone.suitability[c]), rate)
        };
        let current_age = if s.crops[current].is_perennial() { u32::from(ws.state.age[j]) } else { 0 };
        let (start, extra) = if topwork {
            let cost = s.crops[target].topwork_vnd_per_ha * p.establish_mult[k];
            (
                s.crops[target].topwork_age_years,
                policy.topwork_support_vnd_per_household / province.parcel_area_ha[j] - cost,
            )
        } else {
            (0, 0.0)
        };
        let revenue: Vec<f64> = (0..horizon)
            .map(|a| {
                let age = model(target).age_after(start, a);
                1000.0 * model(target).yield_at(age, soil * zone.suitability[target]) * price(target)
            })
            .collect();
        let risk = province.household_risk_aversion[h] * s.markets[s.crops[target].market.index()].sigma;
        let taste = province.tastes_of(h)[province.taste_slot[target] as usize];
        npv_from(target, start) + extra - npv_from(current, current_age) - risk * npv(&revenue, rate) + taste
    };
    let cash = |j: usize, (target, topwork): (usize, bool)| {
        let k = province.parcel_slope[j] as usize;
        let area = province.parcel_area_ha[j];
        if topwork {
            s.crops[target].topwork_vnd_per_ha * p.establish_mult[k] * area - policy.topwork_support_vnd_per_household
        } else {
            s.crops[target].establishment_vnd_per_ha * p.establish_mult[k] * area
        }
    };
    let mut expected = vec![None; province.parcel_count()];
    let mut decided = Decided::default();
    // Each zone's decision stream after the hand-made draws.
    let mut hand_streams = Vec::new();
    for z in 0..province.zone_count() {
        let mut rng = stream_rng(seed, decision_stream(0, z));
        let households = province.zone_households[z].clone();
        // Awareness: one uniform per household, aware ones included; every
        // household is aware from the start and stays so.
        for _ in households.clone() {
            let _: f64 = rng.random();
        }
        for h in households.map(|h| h as usize) {
            assert!(ws.state.aware[h], "household {h} is aware");
            let budget = ws.state.savings_vnd[h] + policy.credit_limit_vnd;
            // Each open parcel with its best option, best first (ties:
            // parcel id); one conversion a year.
            let mut ranked: Vec<(f64, usize)> = province
                .parcels_of(h)
                .filter_map(|j| options(j).into_iter().map(|o| gain(h, j, o)).reduce(f64::max).map(|g| (g, j)))
                .collect();
            if ranked.is_empty() {
                continue;
            }
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            // Which of the engine's shortcuts applies (each must decide as
            // this plain computation does).
            let affordable: Vec<(usize, usize)> = ranked
                .iter()
                .map(|&(_, j)| (options(j).iter().filter(|&&o| cash(j, o) <= budget).count(), options(j).len()))
                .collect();
            if affordable.iter().all(|&(ok, _)| ok > 0) && affordable.iter().any(|&(ok, all)| ok < all) {
                decided.one_affordable_on_each_parcel += 1;
            }
            if affordable.iter().all(|&(ok, _)| ok == 0) {
                decided.nothing_affordable += 1;
            }
            if affordable.iter().any(|&(ok, _)| ok == 0) && affordable.iter().any(|&(ok, _)| ok > 0) {
                decided.affordable_depends_on_ranking += 1;
            }
            let first_open = province.parcels_of(h).find(|&j| !options(j).is_empty()).unwrap();
            decided.ranked_later_parcel_first += usize::from(ranked[0].1 != first_open);
            // The considered parcel takes its best affordable option.
            let j = ranked[0].1;
            let best = options(j)
                .into_iter()
                .filter(|&o| cash(j, o) <= budget)
                .map(|o| (gain(h, j, o), o))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((g, (target, topwork))) = best else {
                decided.unaffordable += 1;
                continue;
            };
            let u: f64 = rng.random();
            let probability =
                p.adopt_pi_max / (1.0 + (-(g / 1e6 - p.adopt_theta_mvnd_per_ha) / p.adopt_tau_mvnd_per_ha).exp());
            if u < probability {
                expected[j] = Some((target, if topwork { CHANGE_TOPWORK } else { CHANGE_PLANT }));
                if topwork {
                    decided.topworked += 1;
                } else {
                    decided.planted += 1;
                }
            } else {
                decided.declined += 1;
            }
        }
        // Abandonment, after the conversions: one uniform per orchard whose
        // net income (revenue less harvest and upkeep, at this year's price
        // and soil) was negative for `abandon_years` bearing years — in the
        // base year, only a streak of one can be reached — in parcel order.
        for j in province.zone_parcels[z].start as usize..province.zone_parcels[z].end as usize {
            let c = ws.state.crop[j] as usize;
            let crop = &s.crops[c];
            let share = crop.yield_curve.fraction_at(f64::from(ws.state.age[j]));
            if !crop.is_perennial() || !crop.convertible || share <= 0.0 || p.abandon_years > 1 {
                continue;
            }
            let k = province.parcel_slope[j] as usize;
            let suitability = s.zones[z].suitability[c];
            let output_kg = 1000.0 * crop.yield_t_per_ha[k] * share * soil_last_year[j] * suitability;
            let net = output_kg * (ws.year.crop_price[c] - crop.harvest_vnd_per_kg) - crop.maintenance_vnd_per_ha;
            if net >= 0.0 || expected[j].is_some() {
                continue;
            }
            let u: f64 = rng.random();
            if u < p.abandon_p {
                expected[j] = Some((s.crop_by_key("maize").unwrap().id.index(), CHANGE_REVERT));
                decided.abandoned += 1;
            } else {
                decided.kept_despite_losses += 1;
            }
        }
        hand_streams.push(rng);
    }

    // The engine.
    let dctx = DecisionContext { scenario: s, province: &province, tables: &tables, year_index: 0 };
    let mut rngs = std::mem::take(&mut ws.decision_rngs);
    spread_awareness(&mut ws, &dctx, &mut rngs);
    decide(&mut ws, &dctx, &mut rngs);
    // The engine drew exactly the numbers the hand did, no more: the next
    // number of each zone's stream is the same.
    for (z, (hand, engine)) in hand_streams.iter_mut().zip(rngs.iter_mut()).enumerate() {
        let (a, b): (u64, u64) = (hand.random(), engine.random());
        assert_eq!(a, b, "{}: zone {z}'s decision stream is where the hand left it", s.name);
    }
    for (j, want) in expected.iter().enumerate() {
        let got =
            (ws.decide.change[j] != CHANGE_NONE).then(|| (ws.decide.change_crop[j] as usize, ws.decide.change[j]));
        assert_eq!(got, *want, "{}: parcel {j} of household {}", s.name, province.parcel_household[j]);
    }
    decided
}

#[test]
fn each_households_planting_is_the_one_computed_by_hand() {
    let decided = hand_check_the_first_decisions(&village());
    // Every rule decided something in this village.
    let Decided { planted, unaffordable, declined, ranked_later_parcel_first, .. } = decided;
    assert!(planted > 0 && unaffordable > 0 && declined > 0, "{decided:?}");
    assert!(
        decided.nothing_affordable > 0 && decided.affordable_depends_on_ranking > 0,
        "households with nothing affordable, and with something affordable on some parcels only, occur: {decided:?}"
    );
    assert!(ranked_later_parcel_first > 0, "the ranking put a later parcel first somewhere: {decided:?}");
}

#[test]
fn each_households_top_working_with_support_is_the_one_computed_by_hand() {
    let s = open(test_path("fixtures/orchard-village.toml").to_str().unwrap());
    let decided = hand_check_the_first_decisions(&s);
    assert!(decided.topworked > 0 && decided.unaffordable > 0 && decided.declined > 0, "{decided:?}");
    // Without the support, some top-working is out of reach or not worth it.
    let mut unsupported = s.clone();
    unsupported.policy.topwork_support_vnd_per_household = 0.0;
    let without = hand_check_the_first_decisions(&unsupported);
    assert!(without.topworked < decided.topworked, "{without:?} vs {decided:?}");
}

#[test]
fn households_that_may_replant_or_top_work_choose_as_computed_by_hand() {
    // Old orchards may be replanted with grafted longan or top-worked onto
    // it: two options a parcel, of different cash needs, so that a
    // household can afford one option on every parcel without affording
    // every option (the engine then draws before it ranks).
    let mut s = open(test_path("fixtures/orchard-village.toml").to_str().unwrap());
    let old = s.crop_by_key("old_longan").unwrap().id;
    let grafted = s.crop_by_key("longan_grafted").unwrap().id;
    s.policy.from_crops = vec![old];
    s.policy.to_crops = vec![grafted];
    let decided = hand_check_the_first_decisions(&s);
    assert!(decided.one_affordable_on_each_parcel > 0, "{decided:?}");
    assert!(decided.planted + decided.topworked > 0 && decided.declined > 0, "{decided:?}");
}

#[test]
fn households_choosing_between_two_fruit_of_different_cost_choose_as_computed_by_hand() {
    // Maize may be planted to grafted longan (dear) or seedling longan
    // (cheap): a household may afford the cheap target on every parcel and
    // not the dear one, which the engine tells by the cheapest and the
    // dearest cash per ha of its targets.
    let mut s = open(test_path("fixtures/orchard-village.toml").to_str().unwrap());
    let maize = s.crop_by_key("maize").unwrap().id;
    let old = s.crop_by_key("old_longan").unwrap().id;
    let grafted = s.crop_by_key("longan_grafted").unwrap().id;
    s.policy.from_crops = vec![maize];
    s.policy.to_crops = vec![grafted, old];
    s.policy.topwork_from = Vec::new();
    s.crops[maize.index()].slope_share = [0.0, 0.3, 0.4, 0.3];
    s.zones[0].households = 40.0;
    s.zones[0].crop_area_ha[maize.index()] = 60.0;
    s.parameters.savings_median_vnd = 20e6;
    s.policy.credit_limit_vnd = 10e6;
    (s.parameters.adopt_theta_mvnd_per_ha, s.parameters.adopt_tau_mvnd_per_ha) = (10.0, 25.0);
    let decided = hand_check_the_first_decisions(&s);
    assert!(decided.one_affordable_on_each_parcel > 0, "{decided:?}");
    assert!(decided.planted > 0 && decided.declined > 0, "{decided:?}");
}

#[test]
fn a_policy_with_nothing_to_plant_draws_no_adoption_number() {
    // Maize may be converted, but to no crop: the households' parcels are
    // open yet have no option, so no household draws (MODEL.md §8: one draw
    // per considered parcel with a feasible target).
    let mut s = village();
    s.policy.to_crops = Vec::new();
    let decided = hand_check_the_first_decisions(&s);
    assert_eq!(decided.planted + decided.topworked + decided.declined, 0, "{decided:?}");
}

/// The orchard village whose old seedling longan costs `maintenance_vnd_per_ha`
/// a year (more than it earns) and may not be top-worked.
fn losing_orchards(maintenance_vnd_per_ha: f64) -> Scenario {
    let mut s = open(test_path("fixtures/orchard-village.toml").to_str().unwrap());
    let old = s.crop_by_key("old_longan").unwrap().id.index();
    s.crops[old].maintenance_vnd_per_ha = maintenance_vnd_per_ha;
    s.policy.topwork_from.clear();
    s
}

#[test]
fn orchards_losing_money_are_abandoned_as_computed_by_hand() {
    // Old seedling longan whose upkeep exceeds what it earns: every bearing
    // orchard loses money; after one such year each is at risk, and half of
    // them, by the zone's draws, revert to maize.
    let mut s = losing_orchards(70e6);
    s.parameters.abandon_years = 1;
    s.parameters.abandon_p = 0.5;
    let decided = hand_check_the_first_decisions(&s);
    assert!(decided.abandoned > 0 && decided.kept_despite_losses > 0, "{decided:?}");
}

/// A workspace at the start of `s`'s first replicate, with the context
/// each year's steps read.
struct Replicate {
    province: agroshift::province::Province,
    tables: ModelTables,
    layout: Layout,
    ws: Workspace,
    env: rand::rngs::ChaCha8Rng,
    record: Vec<f64>,
}

impl Replicate {
    fn start(s: &Scenario) -> Self {
        let province = build_province(s);
        let tables = ModelTables::new(s);
        let layout = Layout::new(s, s.simulation.years as usize);
        let mut ws = Workspace::new(&province, &tables);
        let env = ws.start_replicate(&province, &tables, s.simulation.seed, 0);
        let record = vec![0.0; layout.record_len()];
        Self { province, tables, layout, ws, env, record }
    }

    /// Steps 1–5 of year `y`.
    fn economy(&mut self, s: &Scenario, y: usize) {
        let ctx = YearContext {
            scenario: s,
            province: &self.province,
            tables: &self.tables,
            layout: &self.layout,
            year_index: y,
        };
        draw_environment(&mut self.ws, &ctx, &mut self.env);
        run_economy(&mut self.ws, &ctx);
        record_year(&mut self.ws, &ctx, &mut self.record);
    }

    /// Steps 6–8 of year `y`.
    fn decide_and_change(&mut self, s: &Scenario, y: usize) {
        let dctx = DecisionContext { scenario: s, province: &self.province, tables: &self.tables, year_index: y };
        let mut rngs = std::mem::take(&mut self.ws.decision_rngs);
        spread_awareness(&mut self.ws, &dctx, &mut rngs);
        decide(&mut self.ws, &dctx, &mut rngs);
        self.ws.decision_rngs = rngs;
        let ctx = YearContext {
            scenario: s,
            province: &self.province,
            tables: &self.tables,
            layout: &self.layout,
            year_index: y,
        };
        agroshift::engine::land_change::age_and_apply_changes(&mut self.ws, &ctx);
    }
}

#[test]
fn awareness_spreads_as_computed_by_hand() {
    // The village with a third of households aware at first: after a year
    // of their plantings, F_z (the zone's planted area over its base-year
    // eligible area) raises every unaware household's chance.
    let mut s = village();
    let p = &mut s.parameters;
    (p.awareness_initial, p.awareness_p, p.awareness_q) = (0.3, 0.05, 2.0);
    s.policy.extension_boost = 0.05;
    // The engine's replicate, and a twin in the same state whose decision
    // streams the test draws from by hand.
    let (mut r, mut twin) = (Replicate::start(&s), Replicate::start(&s));
    for one in [&mut r, &mut twin] {
        one.economy(&s, 0);
        one.decide_and_change(&s, 0);
    }
    let planted_in_base_year: Vec<bool> = r.ws.state.first_year.iter().map(|&f| f == CHANGE_PLANT).collect();
    r.economy(&s, 1);
    twin.economy(&s, 1);
    let aware_before = r.ws.state.aware.clone();
    let streams = &mut twin.ws.decision_rngs;
    let (mut by_contagion, mut stayed_unaware) = (0, 0);
    let mut expected = aware_before.clone();
    for (z, households) in r.province.zone_households.iter().enumerate() {
        let parcels = r.province.zone_parcels[z].start as usize..r.province.zone_parcels[z].end as usize;
        let planted_ha: f64 = parcels.filter(|&j| planted_in_base_year[j]).map(|j| r.province.parcel_area_ha[j]).sum();
        let eligible = r.province.zone_eligible_ha[z];
        let share = if eligible > 0.0 { (planted_ha / eligible).min(1.0) } else { 0.0 };
        let p = &s.parameters;
        let without_contagion = p.awareness_p + s.policy.extension_boost;
        let chance = without_contagion + p.awareness_q * share;
        // One uniform per household, aware ones included, in order.
        for h in households.start as usize..households.end as usize {
            let u: f64 = streams[z].random();
            if aware_before[h] {
                continue;
            }
            if u < chance {
                expected[h] = true;
                by_contagion += usize::from(u >= without_contagion);
            } else {
                stayed_unaware += 1;
            }
        }
    }
    r.decide_and_change(&s, 1);
    assert_eq!(r.ws.state.aware, expected);
    assert!(by_contagion > 0 && stayed_unaware > 0, "{by_contagion} by contagion, {stayed_unaware} unaware");
}

#[test]
fn loss_streaks_over_several_years_put_orchards_at_risk_as_computed_by_hand() {
    // Old seedling longan whose upkeep exceeds what it earns, abandoned
    // after two losing years in a row: each year the test keeps every
    // orchard's streak by hand (reset by a year that pays, and by a change
    // of crop) and the engine lists at risk exactly the orchards whose
    // streak reached two; only those revert, and they start again at 0.
    let mut s = losing_orchards(60e6);
    let old = s.crop_by_key("old_longan").unwrap().id.index();
    (s.parameters.abandon_years, s.parameters.abandon_p) = (2, 0.3);
    s.simulation.years = 5;
    let mut r = Replicate::start(&s);
    let parcels = r.province.parcel_count();
    let mut streak = vec![0u16; parcels];
    let (mut losing_orchards, mut reverted) = (0, 0);
    for y in 0..5 {
        let soil_last_year = r.ws.state.soil.clone();
        r.economy(&s, y);
        let mut at_risk = Vec::new();
        for j in 0..parcels {
            let c = r.ws.state.crop[j] as usize;
            let crop = &s.crops[c];
            let share = crop.yield_curve.fraction_at(f64::from(r.ws.state.age[j]));
            if !crop.is_perennial() || !crop.convertible || share <= 0.0 {
                streak[j] = 0;
                continue;
            }
            let z = r.province.parcel_zone[j] as usize;
            let k = r.province.parcel_slope[j] as usize;
            let output_kg = 1000.0 * crop.yield_t_per_ha[k] * share * soil_last_year[j] * s.zones[z].suitability[c];
            let net = output_kg * (r.ws.year.crop_price[c] - crop.harvest_vnd_per_kg) - crop.maintenance_vnd_per_ha;
            if net < 0.0 {
                streak[j] += 1;
                losing_orchards += 1;
            } else {
                streak[j] = 0;
            }
            if streak[j] >= 2 {
                at_risk.push(j as u32);
            }
        }
        assert_eq!(r.ws.year.at_risk, at_risk, "year {y}");
        assert_eq!(r.ws.state.loss_years, streak, "year {y}");
        if y == 0 {
            assert!(at_risk.is_empty(), "one losing year is not enough");
        }
        r.decide_and_change(&s, y);
        for (j, streak) in streak.iter_mut().enumerate() {
            if r.ws.state.crop[j] as usize != old && *streak > 0 {
                assert!(at_risk.contains(&(j as u32)), "parcel {j} reverted without being at risk in year {y}");
                *streak = 0;
                reverted += 1;
            }
        }
    }
    assert!(losing_orchards > 0 && reverted > 0, "{losing_orchards} losing, {reverted} reverted");
}
