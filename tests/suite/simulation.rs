//! The simulation: a tiny province whose every number is computed here by
//! hand from MODEL.md's formulas, and invariants on many small random
//! provinces.

use agroshift::province::build_province;
use agroshift::scenario::{Mode, Plan, Scenario};
use agroshift::stats::indicators::Indicator as I;
use proptest::prelude::*;

use crate::common::{crop, mean, open, run, test_path, zone_scope};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn a_tiny_province_matches_hand_computation() {
    let s = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let sim = run(s.clone(), 1.0, 1, 3, 1);
    let maize = crop(&s, "maize");
    let longan = crop(&s, "longan_grafted");
    let slope_zone = zone_scope(&s, "Xã Dốc");
    let orchard_zone = zone_scope(&s, "Xã Vườn");
    let get = |y, scope, ind, key| mean(&sim, y, scope, ind, key).unwrap_or(f64::NAN);

    // Maize on S3: RUSLE loss = RK · LS(S3) · C = 11 · 9.10 · 0.45 t/ha/yr, no recovery.
    let loss_maize = 11.0 * 9.10 * 0.45;
    // Longan (mature) on S2: 11 · 4.97 · 0.08 < 10 t/ha: the soil recovers, capped at 1.
    let loss_longan = 11.0 * 4.97 * 0.08;
    let mut soil = 1.0;
    for y in 0..3 {
        // Yield uses the soil factor before this year's update.
        let gov_maize = 1000.0 * 3.6 * soil * 5600.0;
        assert!(close(get(y, slope_zone, I::AreaHa, maize), 10.0));
        assert!(close(get(y, slope_zone, I::ProductionT, maize), 10.0 * 3.6 * soil), "year {y}");
        assert!(close(get(y, slope_zone, I::GovPerHa, maize), gov_maize), "year {y}");
        assert!(close(get(y, slope_zone, I::NetPerHa, maize), gov_maize - 13e6), "year {y}");
        assert!(close(get(y, slope_zone, I::SoilLossT, 0), loss_maize * 10.0));
        soil -= 0.0005 * loss_maize;
        assert!(close(get(y, slope_zone, I::SoilFactorMean, 0), soil), "year {y}");

        // Grafted longan aged 8 + y: mature (f = 1), price 15,000 VND/kg.
        let gov_longan = 1000.0 * 15.0 * 15_000.0;
        let net_longan = gov_longan - 1000.0 * 15.0 * 2000.0 - 35e6;
        assert!(close(get(y, orchard_zone, I::GovPerHa, longan), gov_longan));
        assert!(close(get(y, orchard_zone, I::MatureGovPerHa, longan), gov_longan));
        assert!(close(get(y, orchard_zone, I::NetPerHa, longan), net_longan));
        assert!(close(get(y, orchard_zone, I::BearingHa, longan), 6.0));
        assert!(close(get(y, orchard_zone, I::SoilLossTPerHa, 0), loss_longan));
        assert!(close(get(y, orchard_zone, I::SoilFactorMean, 0), 1.0));

        // Forest grows by 1% of its base area a year; orchards count as tree cover.
        let forest_slope = 400.0 + 4.0 * y as f64;
        let forest_orchard = 100.0 + 1.0 * y as f64;
        assert!(close(get(y, orchard_zone, I::ForestCoverPct, 0), forest_orchard / 500.0 * 100.0));
        assert!(close(get(y, orchard_zone, I::TreeCoverPct, 0), (forest_orchard + 6.0) / 500.0 * 100.0));
        assert!(close(get(y, 0, I::ForestCoverPct, 0), (forest_slope + forest_orchard) / 1500.0 * 100.0));
        let farm_income = 10.0 * (gov_maize - 13e6) + 6.0 * net_longan;
        assert!(close(get(y, 0, I::FarmIncomeVnd, 0), farm_income), "year {y}");
        assert!(close(get(y, 0, I::PriceVndKg, 0), 5600.0));
        assert_eq!(get(y, 0, I::Households, 0), 9.0);
        assert_eq!(get(y, 0, I::ConvertedHaCum, longan), 0.0, "nobody is aware: nothing converts");
    }
}

/// A small random variant of the default province.
fn random_scenario(seed: u64, zones: usize, planned: bool, compliance: f64, target_ha: f64) -> Scenario {
    let mut s = open("sonla-restructuring");
    s.simulation.seed = seed;
    s.zones.truncate(zones);
    if planned {
        s.policy.mode = Mode::Planned;
        s.policy.topwork_from.clear();
        let mix = s.policy.to_crops.iter().map(|&c| (c, 1.0 / s.policy.to_crops.len() as f64)).collect();
        s.policy.plan = Some(Plan {
            target_ha_per_year: target_ha,
            own_target: false,
            target_years: (2016, 2019),
            mix,
            compliance,
            require_feasible: false,
        });
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_on_random_small_provinces(
        seed in 0u64..1_000_000,
        zones in 1usize..4,
        planned in any::<bool>(),
        compliance in 0.2f64..1.0,
        target_ha in 100.0f64..8000.0,
        scale in 0.005f64..0.02,
    ) {
        let s = random_scenario(seed, zones, planned, compliance, target_ha);
        let province = build_province(&{ let mut t = s.clone(); t.simulation.scale = scale; t });
        let sim = run(s.clone(), scale, 2, 6, 2);
        let layout = &sim.records.layout;
        for rep in 0..2 {
            let record = sim.records.replicate(rep);
            let value = |y, scope, ind, key| record[layout.index(y, scope, layout.slot(ind, key))];
            for y in 0..6 {
                for scope in 0..layout.scopes {
                    let farmland: f64 = (0..layout.crops).map(|c| value(y, scope, I::AreaHa, c)).sum();
                    let expected = if scope == 0 {
                        province.zone_farmland_ha.iter().sum::<f64>()
                    } else {
                        province.zone_farmland_ha[scope - 1]
                    } / scale;
                    prop_assert!((farmland - expected).abs() <= 1e-6 * expected, "farmland {farmland} vs {expected}");
                    let households = value(y, scope, I::Households, 0);
                    prop_assert!((households - value(0, scope, I::Households, 0)).abs() < 1e-9, "household count changes");
                    for c in 0..layout.crops {
                        let area = value(y, scope, I::AreaHa, c);
                        prop_assert!(area.is_finite() && area >= 0.0);
                        let bearing = value(y, scope, I::BearingHa, c);
                        prop_assert!(bearing.is_nan() || (bearing >= 0.0 && bearing <= area * (1.0 + 1e-12)));
                        let production = value(y, scope, I::ProductionT, c);
                        prop_assert!(production.is_finite() && production >= 0.0);
                        for ind in [I::GovPerHa, I::MatureGovPerHa, I::ConvertedHa, I::ConvertedHaCum] {
                            let v = value(y, scope, ind, c);
                            prop_assert!(v.is_nan() || (v.is_finite() && v >= 0.0), "{:?} {v}", ind);
                        }
                    }
                    for ind in [I::ForestCoverPct, I::TreeCoverPct] {
                        let v = value(y, scope, ind, 0);
                        prop_assert!((0.0..=100.0).contains(&v), "{:?} = {v}", ind);
                    }
                    for ind in [I::SoilLossT, I::HhAboveThreshold, I::HhBelowPoverty, I::InvestmentVnd, I::SubsidyVnd, I::CreditOutstandingVnd] {
                        let v = value(y, scope, ind, 0);
                        prop_assert!(v.is_finite() && v >= 0.0, "{:?} = {v}", ind);
                    }
                    let soil = value(y, scope, I::SoilFactorMean, 0);
                    prop_assert!(soil >= s.parameters.soil_min - 1e-12 && soil <= 1.0);
                }
                for m in 0..layout.markets {
                    let p = value(y, 0, I::PriceVndKg, m);
                    prop_assert!(p.is_finite() && p > 0.0);
                }
            }
        }
    }
}

#[test]
fn planned_mode_meets_each_zone_target_within_one_parcel() {
    for (seed, target) in [(1u64, 2000.0), (2, 6500.0), (3, 12000.0)] {
        let s = random_scenario(seed, 12, true, 1.0, target);
        let scale = 0.02;
        let mut scaled = s.clone();
        scaled.simulation.scale = scale;
        let province = build_province(&scaled);
        let sim = run(s.clone(), scale, 1, 6, 1);
        let layout = &sim.records.layout;
        let record = sim.records.replicate(0);
        let total_eligible: f64 = province.zone_eligible_ha.iter().sum();
        for z in 0..province.zone_count() {
            let parcels = province.zone_parcels[z].start as usize..province.zone_parcels[z].end as usize;
            let largest = parcels.map(|j| province.parcel_area_ha[j]).fold(0.0, f64::max);
            let zone_target = target * scale * province.zone_eligible_ha[z] / total_eligible;
            // Decisions in 2016–2019 are planted in 2017–2020.
            for y in 1..=4 {
                let converted: f64 = s
                    .policy
                    .to_crops
                    .iter()
                    .map(|c| record[layout.index(y, 1 + z, layout.slot(I::ConvertedHa, c.index()))] * scale)
                    .sum();
                assert_within(converted, zone_target, largest, z, y);
            }
        }
    }
}

fn assert_within(converted: f64, target: f64, largest_parcel: f64, zone: usize, year: usize) {
    assert!(
        converted >= target - 1e-9 && converted < target + largest_parcel + 1e-9,
        "zone {zone}, year {year}: converted {converted} ha for a target of {target} ha (largest parcel {largest_parcel} ha)"
    );
}

#[test]
fn the_population_matches_the_zone_table() {
    let mut s = open("sonla-baseline");
    s.simulation.scale = 0.05;
    let p = build_province(&s);
    for (z, zone) in s.zones.iter().enumerate() {
        let range = &p.zone_households[z];
        assert_eq!((range.end - range.start) as f64, (zone.households * 0.05).round());
        // Every crop's generated area is within one parcel of its target.
        let largest =
            (p.zone_parcels[z].start..p.zone_parcels[z].end).map(|j| p.parcel_area_ha[j as usize]).fold(0.0, f64::max);
        for (c, &area) in zone.crop_area_ha.iter().enumerate() {
            let generated = p.zone_crop_area_ha[z * p.crop_count + c];
            assert!(
                (generated - area * 0.05).abs() <= largest + 1e-9,
                "{} {}: {generated} vs {}",
                zone.name,
                s.crops[c].key,
                area * 0.05
            );
        }
        assert!((p.zone_farmland_ha[z] - zone.farmland_ha() * 0.05).abs() < 1e-6);
    }
    let again = build_province(&s);
    assert_eq!(p.parcel_area_ha, again.parcel_area_ha, "synthesis is deterministic");
}

#[test]
fn scenarios_with_the_same_seed_see_the_same_prices() {
    let a = run(open("sonla-baseline"), 0.01, 3, 6, 2);
    let b = run(open("sonla-restructuring"), 0.01, 3, 6, 2);
    let maize = open("sonla-baseline").markets.iter().position(|m| m.key == "maize").unwrap();
    for rep in 0..3 {
        for y in 0..6 {
            let la = &a.records.layout;
            let pa = a.records.replicate(rep)[la.index(y, 0, la.slot(I::PriceVndKg, maize))];
            let pb = b.records.replicate(rep)[la.index(y, 0, la.slot(I::PriceVndKg, maize))];
            assert_eq!(pa, pb, "maize has no supply response, so its price is common to both");
        }
    }
}

/// The economy pass ages every parcel and sums next year's expected
/// production as if nothing changed; the year's changes then correct only
/// the parcels they touch. Stepping a replicate year by year with the
/// engine's own year (`run_year`), that shortcut must agree with ageing
/// every parcel and summing MODEL.md §6 over parcels from scratch.
#[test]
fn ageing_and_expected_supply_match_a_full_recomputation() {
    use agroshift::engine::replicate::{RunInputs, run_year};
    use agroshift::engine::supply::expected_supply_of;
    use agroshift::engine::tables::ModelTables;
    use agroshift::engine::workspace::Workspace;
    use agroshift::stats::indicators::Layout;

    for name in ["sonla-restructuring", "sonla-planned"] {
        let mut s = open(name);
        s.simulation.scale = 0.02;
        let years = 10;
        let province = build_province(&s);
        let tables = ModelTables::new(&s);
        let layout = Layout::new(&s, years);
        let inputs = RunInputs { scenario: &s, province: &province, tables: &tables, layout: &layout };
        let mut record = vec![0.0; layout.record_len()];
        let mut ws = Workspace::new(&province, &tables);
        let mut env_rng = ws.start_replicate(&province, &tables, s.simulation.seed, 0);
        let mut changes_seen = 0;
        for year_index in 0..years {
            let (crops_before, ages_before) = (ws.state.crop.clone(), ws.state.age.clone());
            run_year(&inputs, 0, year_index, &mut ws, &mut env_rng, &mut record).unwrap();
            for j in 0..ws.state.crop.len() {
                let c = ws.state.crop[j] as usize;
                if ws.state.crop[j] == crops_before[j] {
                    let life = tables.lifespan_years[c];
                    let aged = if tables.perennial[c] { (ages_before[j] + 1) % life.max(1) } else { ages_before[j] };
                    assert_eq!(ws.state.age[j], aged, "{name}: parcel {j} in year {year_index}");
                } else {
                    changes_seen += 1;
                    assert!(
                        ws.state.age[j] == 0 || ws.state.age[j] == tables.topwork_age_years[c],
                        "{name}: parcel {j} changed"
                    );
                }
            }
            let fresh = expected_supply_of(&ws.state.crop, &ws.state.age, &ws.state.soil, &province, &tables);
            for (m, (&kept, &fresh)) in ws.state.supply_t.iter().zip(&fresh).enumerate().take(tables.markets) {
                assert!(
                    (kept - fresh).abs() <= 1e-9 * fresh.abs().max(1.0),
                    "{name}: market {m} year {year_index}: {kept} vs {fresh}"
                );
            }
        }
        assert!(changes_seen > 0, "{name}: the check must see some conversions");
    }
}

#[test]
fn other_income_grows_by_its_yearly_rate() {
    // MODEL.md §11: other_h(t) = other_h(base) · (1 + g)^(t − base). In the
    // tiny province nothing else depends on it (no credit, no conversion),
    // so mean income differs by exactly the mean other income times the growth.
    let flat = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let mut growing = flat.clone();
    growing.parameters.other_income_growth = 0.04;
    let province = build_province(&flat);
    let mean_other: f64 =
        province.household_other_income_vnd.iter().sum::<f64>() / province.household_other_income_vnd.len() as f64;
    let (a, b) = (run(flat, 1.0, 1, 3, 1), run(growing, 1.0, 1, 3, 1));
    for y in 0..3 {
        let difference = mean(&b, y, 0, I::HhIncomeMean, 0).unwrap() - mean(&a, y, 0, I::HhIncomeMean, 0).unwrap();
        let expected = mean_other * (1.04f64.powi(y as i32) - 1.0);
        assert!((difference - expected).abs() < 1e-6 * mean_other, "year {y}: {difference} vs {expected}");
    }
}

#[test]
fn planting_and_top_working_are_counted_apart() {
    // MODEL.md §11: converted_ha counts planting on annual-crop land only;
    // top-working has its own indicators; each cumulates its yearly area.
    let s = open("sonla-restructuring");
    let sim = run(s.clone(), 0.02, 4, 8, 2);
    let (maize, longan) = (crop(&s, "maize"), crop(&s, "longan_grafted"));
    assert!(mean(&sim, 3, 0, I::TopworkedHa, maize).is_none(), "annual crops are never top-worked onto");
    let topworked: f64 = s.crops.iter().filter_map(|c| mean(&sim, 7, 0, I::TopworkedHaCum, c.id.index())).sum();
    let planted = mean(&sim, 7, 0, I::ConvertedHaCum, longan).unwrap();
    assert!(topworked > 0.0 && planted > 0.0, "the restructuring both top-works ({topworked}) and plants ({planted})");
    for c in s.crops.iter().filter(|c| c.is_perennial()).map(|c| c.id.index()) {
        for (yearly, cumulative) in [(I::ConvertedHa, I::ConvertedHaCum), (I::TopworkedHa, I::TopworkedHaCum)] {
            let mut total = 0.0;
            for y in 0..8 {
                total += mean(&sim, y, 0, yearly, c).unwrap();
                let cum = mean(&sim, y, 0, cumulative, c).unwrap();
                assert!((cum - total).abs() <= 1e-6 * total.max(1.0), "crop {c} year {y}: {cum} vs {total}");
            }
        }
    }
}

#[test]
fn climate_suitability_scales_the_zones_yields() {
    // MODEL.md §11: yield(a) = Y · f(a) · s · σ_{z,c}; revenue follows, the
    // per-ha maintenance does not.
    let s = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let (longan, orchards) = (crop(&s, "longan_grafted"), zone_scope(&s, "Xã Vườn"));
    let mut cool = s.clone();
    cool.zones[orchards - 1].suitability[longan] = 0.5;
    let (a, b) = (run(s, 1.0, 1, 2, 1), run(cool, 1.0, 1, 2, 1));
    for y in 0..2 {
        let get = |sim, ind| mean(sim, y, orchards, ind, longan).unwrap();
        assert!(close(get(&b, I::ProductionT), 0.5 * get(&a, I::ProductionT)), "year {y}");
        assert!(close(get(&b, I::GovPerHa), 0.5 * get(&a, I::GovPerHa)), "year {y}");
        // Net: revenue less harvest (both halved) less maintenance (not).
        let maintenance = 35e6;
        assert!(close(get(&b, I::NetPerHa) + maintenance, 0.5 * (get(&a, I::NetPerHa) + maintenance)), "year {y}");
    }
}

#[test]
fn support_years_end_the_subsidy_and_the_new_loans() {
    // MODEL.md §11: decisions in 2017–2020 are supported; their subsidy is
    // paid the year after (through 2021), nothing after; from 2022 no new
    // loans, so no household's debt grows.
    let mut s = open("sonla-restructuring");
    s.policy.support_years = Some((2017, 2020));
    let sim = run(s, 0.02, 4, 10, 2);
    let layout = &sim.records.layout;
    let paid: f64 = (1..=5).map(|y| mean(&sim, y, 0, I::SubsidyVnd, 0).unwrap()).sum();
    assert!(paid > 0.0, "the programme paid subsidy in 2017–2021");
    for y in 6..10 {
        assert_eq!(mean(&sim, y, 0, I::SubsidyVnd, 0), Some(0.0), "subsidy in {}", 2016 + y);
    }
    for r in 0..sim.records.replicates {
        let record = sim.records.replicate(r);
        let debt = |y: usize| record[layout.index(y, 0, layout.slot(I::CreditOutstandingVnd, 0))];
        for y in 6..10 {
            assert!(debt(y) <= debt(y - 1) * (1.0 + 1e-12), "replicate {r}: debt grew in {}", 2016 + y);
        }
    }
}

#[test]
fn a_price_shock_moves_its_market_from_its_year_on_and_nothing_before() {
    // A market without a supply response (the default Son La maize), so
    // that the only difference is the shock: the random prices are the same.
    let base = open("sonla-restructuring");
    let maize = base.markets.iter().position(|m| m.key == "maize").unwrap();
    assert!(base.markets[maize].demand_elasticity.is_none());
    let from = base.simulation.base_year + 4;
    let mut shocked = base.clone();
    shocked.markets[maize].price_shock = -0.3;
    shocked.markets[maize].price_shock_from_year = from;
    let (a, b) = (run(base, 0.01, 3, 8, 2), run(shocked, 0.01, 3, 8, 2));
    let layout = &a.records.layout;
    for rep in 0..3 {
        for year in 0..8 {
            let cell = layout.index(year, 0, layout.slot(I::PriceVndKg, maize));
            let (before, after) = (a.records.replicate(rep)[cell], b.records.replicate(rep)[cell]);
            let factor = if from - 4 + year as i32 >= from { 0.7 } else { 1.0 };
            assert!(
                (after - factor * before).abs() <= 1e-9 * before,
                "year {year}: {after} against {before} × {factor}"
            );
        }
    }
    // A shock needs its year, and its size is checked like any setting.
    let dir = tempfile::tempdir().unwrap();
    for (lines, expected) in [
        ("[markets.maize]\nprice_shock = -0.3\n", "price_shock_from_year"),
        ("[markets.maize]\nprice_shock = -3\nprice_shock_from_year = 2020\n", "price_shock"),
    ] {
        let path = dir.path().join("shock.toml");
        std::fs::write(&path, format!("extends = \"sonla-restructuring\"\nname = \"shock\"\n{lines}")).unwrap();
        let errors = agroshift::scenario::open(path.to_str().unwrap()).unwrap_err().to_string();
        assert!(errors.contains("shock.toml") && errors.contains(expected), "{errors}");
    }
}
