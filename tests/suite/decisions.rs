//! Households' decisions of MODEL.md §8 computed by hand and compared with
//! the engine's, parcel by parcel: awareness, each option's gain (the plain
//! NPVs of `economics`, the risk term, the taste), the ranking of parcels,
//! affordability with savings and credit, and the adoption draw replayed
//! from the zone's decision stream.

use agroshift::economics::npv;
use agroshift::engine::decide::{DecisionContext, decide, spread_awareness};
use agroshift::engine::state::{CHANGE_NONE, CHANGE_PLANT, Workspace};
use agroshift::engine::tables::ModelTables;
use agroshift::engine::year::{YearContext, draw_environment, expected_supply, record_year, run_economy};
use agroshift::province::build_province;
use agroshift::rng::{decision_stream, environment_stream, reset_decision_streams, stream_rng};
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

#[test]
fn each_households_choice_is_the_one_computed_by_hand() {
    let s = village();
    let p = &s.parameters;
    let maize = s.crop_by_key("maize").unwrap().id.index();
    let longan = s.crop_by_key("longan_grafted").unwrap().id.index();
    let longan_market = s.crops[longan].market.index();
    let province = build_province(&s);
    let tables = ModelTables::new(&s);
    let layout = Layout::new(&s, s.simulation.years as usize);
    let mut ws = Workspace::new(&province, &tables);
    ws.reset(&province);
    let seed = s.simulation.seed;
    let mut env = stream_rng(seed, environment_stream(0));
    reset_decision_streams(&mut ws.decision_rngs, seed, 0);
    expected_supply(&mut ws, &province, &tables);
    // The base year's economy (steps 1–5), then its decisions (steps 6–7).
    let ctx = YearContext { scenario: &s, province: &province, tables: &tables, layout: &layout, year_index: 0 };
    let mut record = vec![0.0; layout.record_len()];
    draw_environment(&mut ws, &ctx, &mut env);
    run_economy(&mut ws, &ctx);
    record_year(&mut ws, &ctx, &mut record);

    // By hand. Expected prices: longan's market is far below its reference
    // production (Q_ref = 10⁹ t), so its supply factor is at its cap of 1;
    // maize's market has no supply response.
    let q_ref_in_5 =
        s.markets[longan_market].q_ref_t * s.simulation.scale * (1.0 + s.markets[longan_market].q_ref_growth).powi(5);
    assert!(ws.committed_t[longan_market] < q_ref_in_5, "the supply factor is 1");
    let price = |c: usize| s.markets[s.crops[c].market.index()].base_price_vnd_per_kg * s.crops[c].quality;
    let horizon = p.planning_horizon_years;
    let rate = p.household_discount_rate;
    let eligible = |j: usize| {
        province.parcel_crop[j] as usize == maize
            && ws.crop[j] as usize == maize
            && province.parcel_slope[j] >= 1
            && province.parcel_area_ha[j] >= s.policy.min_parcel_ha
    };
    // gain = NPV_longan − NPV_maize − λ·σ·PV(revenue) + ξ, per ha.
    let gain = |h: usize, j: usize| {
        let k = province.parcel_slope[j] as usize;
        let zone = &s.zones[province.parcel_zone[j] as usize];
        let soil = ws.soil[j];
        let model = |c: usize| s.crops[c].hectare_model(Slope::ALL[k], p.establish_mult[k]);
        let npv_of = |c: usize| npv(&model(c).flows_vnd_per_ha(0, horizon, price(c), soil * zone.suitability[c]), rate);
        let revenue: Vec<f64> = (0..horizon)
            .map(|a| 1000.0 * model(longan).yield_at(a, soil * zone.suitability[longan]) * price(longan))
            .collect();
        let risk = province.household_risk_aversion[h] * s.markets[longan_market].sigma;
        let taste = province.tastes_of(h)[province.taste_slot[longan] as usize];
        npv_of(longan) - npv_of(maize) - risk * npv(&revenue, rate) + taste
    };
    let mut expected = vec![None; province.parcel_count()];
    let (mut adopted, mut unaffordable, mut declined, mut not_first) = (0, 0, 0, 0);
    for z in 0..province.zone_count() {
        let mut rng = stream_rng(seed, decision_stream(0, z));
        let households = province.zone_households[z].clone();
        // Awareness: one uniform per household, aware ones included; every
        // household is aware from the start and stays so.
        for _ in households.clone() {
            let _: f64 = rng.random();
        }
        for h in households.map(|h| h as usize) {
            assert!(ws.aware[h], "household {h} is aware");
            let mut ranked: Vec<(f64, usize)> =
                province.parcels_of(h).filter(|&j| eligible(j)).map(|j| (gain(h, j), j)).collect();
            if ranked.is_empty() {
                continue;
            }
            // Best gain first; ties by parcel id. One conversion a year.
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            not_first += usize::from(ranked[0].1 != province.parcels_of(h).find(|&j| eligible(j)).unwrap());
            let (best, j) = ranked[0];
            let k = province.parcel_slope[j] as usize;
            let cash = s.crops[longan].establishment_vnd_per_ha * p.establish_mult[k] * province.parcel_area_ha[j];
            if cash > ws.savings_vnd[h] + s.policy.credit_limit_vnd {
                unaffordable += 1;
                continue;
            }
            let u: f64 = rng.random();
            let probability =
                p.adopt_pi_max / (1.0 + (-(best / 1e6 - p.adopt_theta_mvnd_per_ha) / p.adopt_tau_mvnd_per_ha).exp());
            if u < probability {
                expected[j] = Some(longan);
                adopted += 1;
            } else {
                declined += 1;
            }
        }
    }
    // Every rule decided something in this village.
    assert!(
        adopted > 0 && unaffordable > 0 && declined > 0,
        "{adopted} adopted, {unaffordable} unaffordable, {declined} declined"
    );
    assert!(not_first > 0, "the ranking put a later parcel first somewhere");

    // The engine.
    let dctx = DecisionContext { scenario: &s, province: &province, tables: &tables, year_index: 0 };
    let mut rngs = std::mem::take(&mut ws.decision_rngs);
    spread_awareness(&mut ws, &dctx, &mut rngs);
    decide(&mut ws, &dctx, &mut rngs);
    for (j, want) in expected.iter().enumerate() {
        let got = match ws.change[j] {
            CHANGE_NONE => None,
            CHANGE_PLANT => Some(ws.change_crop[j] as usize),
            other => panic!("parcel {j}: change {other}"),
        };
        assert_eq!(got, *want, "parcel {j} of household {}", province.parcel_household[j]);
    }
}
