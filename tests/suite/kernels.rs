//! The economy pass's kernels against the model's plain definitions: each
//! parcel's year is MODEL.md §5's cash flow and §7's soil step; each
//! household's budget is §7 step 4; and the zone totals folded from the
//! sums by crop and age (with the households' sums and the expected supply
//! kept by shortcuts) equal the parcels summed one by one, on the states a
//! real run reaches.

use agroshift::engine::decision_scratch::{CHANGE_PLANT, CHANGE_TOPWORK};
use agroshift::engine::economy::{
    BudgetRule, HouseholdNow, ParcelNow, ZoneYear, close_household, parcel_year, run_economy,
};
use agroshift::engine::environment::draw_environment;
use agroshift::engine::replicate::{RunInputs, run_year};
use agroshift::engine::tables::ModelTables;
use agroshift::engine::workspace::Workspace;
use agroshift::engine::year::YearContext;
use agroshift::engine::year_scratch::ZoneCrop;
use agroshift::province::build_province;
use agroshift::scenario::Slope;
use agroshift::stats::indicators::Layout;
use proptest::prelude::*;

use crate::common::open;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    /// `parcel_year` on a hectare at any soil factor and price is the
    /// year's cash flow of `economics` (revenue less harvest cost, upkeep and
    /// establishment), for every crop, slope class and age; its soil step is
    /// §7 step 3 as written; its loss streak counts only bearing orchards'
    /// losses.
    #[test]
    fn parcel_year_is_the_models_cash_flow_and_soil_step(
        soil in 0.5f64..=1.0,
        price in 500.0f64..40_000.0,
        crop_pick in 0usize..64,
        age_pick in 0usize..64,
        slope in 0usize..4,
        streak in 0u16..5,
    ) {
        let s = open("diversified");
        let p = &s.parameters;
        let t = ModelTables::new(&s);
        let c = crop_pick % t.crops;
        let life = (t.lifespan_years[c] as usize).max(1);
        let age = age_pick % life;
        let crop = vec![ZoneCrop { yield_mult: 1.0, price_vnd_per_kg: [price, 2.0 * price] }; t.crops];
        let suitability = vec![1.0; t.crops];
        let rk_ls = t.zone_rk_ls[0];
        let zone = ZoneYear {
            crop: &crop, suitability: &suitability, rk_ls,
            soil_delta: p.soil_delta, soil_recovery: p.soil_recovery, soil_min: p.soil_min,
        };
        let parcel = ParcelNow {
            crop: c, slope, age, area_ha: 1.0, soil, loss_years: streak, first_year: 0, member: 0,
        };
        let y = parcel_year(&t, &zone, parcel);
        let plain = s.crops[c]
            .hectare_model(Slope::ALL[slope], p.establish_mult[slope])
            .cash_flow_vnd_per_ha(age as u32, price, soil);
        let engine = y.net_vnd - y.capital_vnd;
        prop_assert!(close(engine, plain), "{} age {age}: {engine} vs {plain}", s.crops[c].key);
        // A cooperative member is paid its own price.
        let member = parcel_year(&t, &zone, ParcelNow { member: 1, ..parcel });
        prop_assert!(close(member.net_vnd - y.net_vnd, 1000.0 * y.harvest_t * price));

        let crop_def = &s.crops[c];
        let cover = if !crop_def.is_perennial() || age < p.cover_age_years as usize {
            crop_def.cover_factor_young
        } else {
            crop_def.cover_factor_mature
        };
        let loss = s.zones[0].rk * p.ls[slope] * cover;
        let moved = soil - p.soil_delta * loss + if loss < 10.0 { p.soil_recovery } else { 0.0 };
        prop_assert_eq!(y.soil, moved.clamp(p.soil_min, 1.0));

        let bearing_orchard = crop_def.is_perennial() && crop_def.convertible
            && crop_def.yield_curve.fraction_at(age as f64) > 0.0;
        let want = if !bearing_orchard { streak } else if y.net_vnd < 0.0 { streak + 1 } else { 0 };
        prop_assert_eq!(y.loss_years, want, "{} age {}", crop_def.key, age);

        // A first year after top-working pays the top-working, not the establishment.
        let topworked = parcel_year(&t, &zone, ParcelNow { first_year: CHANGE_TOPWORK, area_ha: 2.0, ..parcel });
        let cost = crop_def.topwork_vnd_per_ha * p.establish_mult[slope];
        prop_assert!(close(topworked.capital_vnd, 2.0 * cost), "{} vs {}", topworked.capital_vnd, 2.0 * cost);
    }

    /// `close_household` is MODEL.md §7 step 4: consumption never borrowed
    /// for, savings floored at the credit limit where credit is lent and at
    /// the debt already owed where it is not, interest on the debt at the
    /// start of the year.
    #[test]
    fn close_household_is_step_4_of_the_model(
        farm_net in -80e6f64..400e6,
        other in 0.0f64..100e6,
        subsidy in prop_oneof![Just(0.0), 0.0f64..50e6],
        capital in prop_oneof![Just(0.0), 0.0f64..150e6],
        savings in -100e6f64..100e6,
        size in 1u16..9,
        lends in any::<bool>(),
    ) {
        let subsistence = 8.4e6 * size as f64;
        let rule = BudgetRule { credit_rate: 0.066, consumption_propensity: 0.6, lends, credit_limit_vnd: 100e6 };
        let now = HouseholdNow {
            farm_net_vnd: farm_net, other_income_vnd: other, subsidy_vnd: subsidy,
            capital_vnd: capital, savings_vnd: savings, subsistence_vnd: subsistence,
        };
        let y = close_household(now, rule);
        let debt_before = if savings < 0.0 { -savings } else { 0.0 };
        let income = farm_net + other + subsidy - 0.066 * debt_before;
        prop_assert!(close(y.income_vnd, income));
        let wanted = if income > subsistence { subsistence + 0.6 * (income - subsistence) } else { subsistence };
        let can_pay = income.max(0.0) + savings.max(0.0);
        let consumption = if wanted < can_pay { wanted } else { can_pay };
        let unfloored = savings + income - consumption - capital;
        let floor = if lends { -100e6 } else if savings < 0.0 { savings } else { 0.0 };
        let want = if unfloored < floor { floor } else { unfloored };
        prop_assert!(close(y.savings_vnd, want), "{} vs {}", y.savings_vnd, want);
        // Without new credit, the debt never grows.
        if !lends {
            prop_assert!(y.savings_vnd >= savings.min(0.0));
        }
    }
}

/// A run's state after a few years of the default restructuring at a small
/// scale; then one more year's economy pass, checked against every parcel
/// and household summed one by one with the kernels and the plain §6 sum.
#[test]
fn the_zone_fold_and_the_households_sums_equal_the_parcels_summed_one_by_one() {
    let mut s = open("sonla-restructuring");
    s.simulation.scale = 0.01;
    let p = s.parameters.clone();
    let province = build_province(&s);
    let t = ModelTables::new(&s);
    let years = 6;
    let layout = Layout::new(&s, years);
    let inputs = RunInputs { scenario: &s, province: &province, tables: &t, layout: &layout };
    let mut record = vec![0.0; layout.record_len()];
    let mut ws = Workspace::new(&province, &t);
    let mut env_rng = ws.start_replicate(&province, &t, s.simulation.seed, 0);
    let last = years - 1;
    for year_index in 0..last {
        run_year(&inputs, 0, year_index, &mut ws, &mut env_rng, &mut record).unwrap();
    }
    let ctx = YearContext { scenario: &s, province: &province, tables: &t, layout: &layout, year_index: last };
    draw_environment(&mut ws, &ctx, &mut env_rng);
    let before = (
        ws.state.crop.clone(),
        ws.state.age.clone(),
        ws.state.soil.clone(),
        ws.state.loss_years.clone(),
        ws.state.first_year.clone(),
        ws.state.savings_vnd.clone(),
    );
    let (crop, age, soil, loss_years, first_year, savings) = before;
    assert!(first_year.contains(&CHANGE_PLANT), "the check needs parcels in their first year");
    run_economy(&mut ws, &ctx);

    let nc = t.crops;
    let mut supply_next = vec![0.0; t.markets + 1];
    for z in 0..province.zone_count() {
        let hail_keep = if ws.state.drivers.hail[z] { 1.0 - p.hail_loss } else { 1.0 };
        let suitability = &t.suitability[z * nc..(z + 1) * nc];
        let zone_crop: Vec<ZoneCrop> = (0..nc)
            .map(|c| {
                let w = ws.year.weather_mult[z * nc + c];
                ZoneCrop {
                    yield_mult: if t.perennial[c] { w * hail_keep } else { w } * suitability[c],
                    price_vnd_per_kg: [ws.year.crop_price[c], ws.year.crop_price_coop[c]],
                }
            })
            .collect();
        let zone = ZoneYear {
            crop: &zone_crop,
            suitability,
            rk_ls: t.zone_rk_ls[z],
            soil_delta: p.soil_delta,
            soil_recovery: p.soil_recovery,
            soil_min: p.soil_min,
        };
        let (mut area, mut production, mut revenue, mut net) =
            (vec![0.0; nc], vec![0.0; nc], vec![0.0; nc], vec![0.0; nc]);
        let (mut soil_loss_t, mut soil_area, mut farmland) = (0.0, 0.0, 0.0);
        let households = province.zone_households[z].start as usize..province.zone_households[z].end as usize;
        let mut farm_net = vec![0.0; households.len()];
        let mut capital = vec![0.0; households.len()];
        for j in province.zone_parcels[z].start as usize..province.zone_parcels[z].end as usize {
            let h = province.parcel_household[j] as usize;
            let (c, k, a) = (crop[j] as usize, province.parcel_slope[j] as usize, age[j] as usize);
            let parcel = ParcelNow {
                crop: c,
                slope: k,
                age: a,
                area_ha: province.parcel_area_ha[j],
                soil: soil[j],
                loss_years: loss_years[j],
                first_year: first_year[j],
                member: province.household_coop[h] as usize,
            };
            let y = parcel_year(&t, &zone, parcel);
            assert_eq!((ws.state.soil[j], ws.state.loss_years[j]), (y.soil, y.loss_years), "parcel {j}");
            assert_eq!(ws.year.next_age[j], t.age_rows[y.crop_age].next_age, "parcel {j}");
            area[c] += parcel.area_ha;
            production[c] += y.harvest_t;
            revenue[c] += 1000.0 * y.harvest_t * zone_crop[c].price_vnd_per_kg[parcel.member];
            net[c] += y.net_vnd;
            soil_loss_t += t.zone_rk_ls[z][k] * t.age_rows[y.crop_age].cover * parcel.area_ha;
            soil_area += parcel.area_ha * y.soil;
            farmland += parcel.area_ha;
            farm_net[h - households.start] += y.net_vnd;
            capital[h - households.start] += y.capital_vnd;
            supply_next[t.supply_slot[c]] += t.expected_production_t(
                c,
                k,
                t.age_rows[y.crop_age].next_age as usize,
                parcel.area_ha,
                y.soil,
                suitability[c],
            );
        }
        let totals = &ws.year.totals;
        for c in 0..nc {
            let got = &totals.crop[z * nc + c];
            assert!(close(got.area_ha, area[c]), "zone {z} crop {c} area {} vs {}", got.area_ha, area[c]);
            assert!(close(got.production_t, production[c]), "zone {z} crop {c} production");
            assert!(close(got.revenue_vnd, revenue[c]), "zone {z} crop {c} revenue");
            assert!(close(got.net_vnd, net[c]), "zone {z} crop {c} net {} vs {}", got.net_vnd, net[c]);
        }
        assert!(close(totals.soil_loss_t[z], soil_loss_t), "zone {z} soil loss");
        assert!(close(totals.soil_factor_area[z], soil_area), "zone {z} soil factor × area");
        assert!(close(totals.farmland_ha[z], farmland), "zone {z} farmland");
        // Each household's budget from its parcels summed one by one.
        let zp = t.policies.of_zone(last, z);
        let rule = BudgetRule {
            credit_rate: zp.policy.credit_rate,
            consumption_propensity: p.consumption_propensity,
            lends: zp.lends[last],
            credit_limit_vnd: zp.policy.credit_limit_vnd,
        };
        let growth = (1.0 + p.other_income_growth).powi(last as i32);
        for (i, h) in households.clone().enumerate() {
            let now = HouseholdNow {
                farm_net_vnd: farm_net[i],
                other_income_vnd: province.household_other_income_vnd[h] * growth,
                subsidy_vnd: ws.year.households.subsidy_vnd[h]
                    + if ws.year.households.topworked[h] { zp.policy.topwork_support_vnd_per_household } else { 0.0 },
                capital_vnd: capital[i],
                savings_vnd: savings[h],
                subsistence_vnd: p.poverty_line_vnd_per_person_yr * province.household_size[h] as f64,
            };
            let y = close_household(now, rule);
            assert!(close(ws.year.income_vnd[h], y.income_vnd), "household {h} income");
            assert!(close(ws.state.savings_vnd[h], y.savings_vnd), "household {h} savings");
        }
    }
    // Next year's expected supply as if nothing changed: the fold's
    // shortcut equals MODEL §6's sum over parcels at next year's ages.
    for (m, (&kept, &summed)) in ws.state.supply_t.iter().zip(&supply_next).enumerate().take(t.markets) {
        assert!(close(kept, summed), "market {m}: {kept} vs {summed}");
    }
}
