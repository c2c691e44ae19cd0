//! The checks of MODEL.md §10 on the default Son La data, run at a small
//! scale (results are reported in whole-province units whatever the scale).

use agroshift::stats::indicators::Indicator as I;

use crate::common::{crop, mean, open, run, zone_scope};

#[test]
fn base_year_mature_grafted_orchards_earn_200_to_300_million_per_ha() {
    let s = open("sonla-restructuring");
    let sim = run(s.clone(), 0.05, 10, 1, 2);
    for key in ["longan_grafted", "mango_grafted"] {
        let gov = mean(&sim, 0, 0, I::MatureGovPerHa, crop(&s, key)).unwrap() / 1e6;
        assert!((200.0..=300.0).contains(&gov), "{key}: {gov} M VND/ha");
    }
}

#[test]
fn bearing_grafted_orchards_earn_3_to_10_times_the_annual_crops_during_conversion() {
    let s = open("sonla-restructuring");
    let sim = run(s.clone(), 0.05, 10, 10, 2);
    for y in 2..10 {
        let (mut revenue, mut bearing) = (0.0, 0.0);
        for key in ["longan_grafted", "mango_grafted"] {
            let c = crop(&s, key);
            let b = mean(&sim, y, 0, I::BearingHa, c).unwrap();
            revenue += mean(&sim, y, 0, I::GovPerHa, c).unwrap() * b;
            bearing += b;
        }
        let orchard = revenue / bearing;
        for key in ["maize", "cassava", "upland_rice"] {
            let ratio = orchard / mean(&sim, y, 0, I::GovPerHa, crop(&s, key)).unwrap();
            assert!((3.0..=10.0).contains(&ratio), "{}: orchards earn {ratio:.2}× {key}", 2016 + y);
        }
    }
}

#[test]
fn maize_on_s3_loses_about_45_tonnes_and_mature_orchards_stay_under_10() {
    let s = open("sonla-baseline");
    let p = &s.parameters;
    let maize = s.crop_by_key("maize").unwrap();
    let loss_maize = p.rk * p.ls[2] * maize.cover_factor_young;
    assert!((40.0..=50.0).contains(&loss_maize), "{loss_maize}");
    for key in ["longan_grafted", "mango_grafted"] {
        let loss = p.rk * p.ls[2] * s.crop_by_key(key).unwrap().cover_factor_mature;
        assert!(loss < 10.0, "{key}: {loss}");
    }
    // And in the simulation: a province of maize on S3 loses that much.
    let mut only_maize = s.clone();
    for zone in &mut only_maize.zones {
        let total = zone.farmland_ha();
        zone.crop_area_ha.iter_mut().for_each(|a| *a = 0.0);
        zone.crop_area_ha[maize.id.index()] = total;
    }
    let maize_id = maize.id.index();
    only_maize.crops[maize_id].slope_share = [0.0, 0.0, 1.0, 0.0];
    let sim = run(only_maize, 0.01, 1, 1, 1);
    let simulated = mean(&sim, 0, 0, I::SoilLossTPerHa, 0).unwrap();
    assert!((simulated - loss_maize).abs() < 1e-9, "{simulated}");
}

#[test]
fn base_year_households_hundreds_above_200_million_and_a_third_poor() {
    // "Hundreds, not thousands" is an order of magnitude; the base year's
    // weather and hail spread the count widely (sd ≈ 350 across replicates),
    // so the typical replicate — the median of 60 — is what is checked, with
    // the mean kept from drifting into the thousands. With base-year plum
    // (MODEL.md §11) the mean sits near 1,000 and the median near 950.
    let s = open("sonla-restructuring");
    let sim = run(s, 0.1, 60, 1, 2);
    let count = sim.summary.get(0, 0, I::HhAboveThreshold, 0).unwrap();
    assert!((100.0..1000.0).contains(&count.p50), "households above 200 M VND, median: {}", count.p50);
    assert!(count.mean < 1200.0, "households above 200 M VND, mean: {}", count.mean);
    let households = mean(&sim, 0, 0, I::Households, 0).unwrap();
    let poor = mean(&sim, 0, 0, I::HhBelowPoverty, 0).unwrap() / households;
    assert!((0.25..=0.42).contains(&poor), "share below the poverty line: {poor}");
}

#[test]
fn song_ma_longan_area_follows_the_observed_series() {
    let s = open("sonla-restructuring");
    let sim = run(s.clone(), 0.1, 20, 9, 2);
    let zone = zone_scope(&s, "Sông Mã");
    let (old, grafted) = (crop(&s, "old_longan"), crop(&s, "longan_grafted"));
    for (year, observed) in [(2018, 6098.0), (2019, 6700.0), (2021, 7200.0), (2022, 7500.0), (2024, 7600.0)] {
        let y = year - 2016;
        let area = mean(&sim, y, zone, I::AreaHa, old).unwrap() + mean(&sim, y, zone, I::AreaHa, grafted).unwrap();
        let error = area / observed - 1.0;
        assert!(error.abs() <= 0.15, "{year}: {area:.0} ha simulated, {observed} observed ({:+.1}%)", error * 100.0);
    }
}

#[test]
fn baseline_poverty_falls_as_other_income_grows() {
    // The province's record: poverty fell over the period. With non-farm
    // income constant the baseline's poverty rose (issue 11).
    let s = open("sonla-baseline");
    assert!(s.parameters.other_income_growth > 0.0);
    let sim = run(s, 0.05, 10, 20, 2);
    let first = mean(&sim, 0, 0, I::HhBelowPoverty, 0).unwrap();
    let last = mean(&sim, 19, 0, I::HhBelowPoverty, 0).unwrap();
    assert!(last < 0.8 * first, "households below the poverty line: {first:.0} in 2016, {last:.0} in 2035");
}

#[test]
fn the_cool_plateaus_plant_plum_and_the_valleys_longan_and_mango() {
    // MODEL.md §11 climate suitability: longan and mango yield half on the
    // plateaus (Mộc Châu, Vân Hồ), plum 0.7 in the warm valleys.
    let s = open("sonla-restructuring");
    let sim = run(s.clone(), 0.05, 8, 20, 2);
    let province = agroshift::province::build_province(&{
        let mut t = s.clone();
        t.simulation.scale = 0.05;
        t
    });
    let last = 19;
    let planted =
        |zone: &str, key: &str| mean(&sim, last, zone_scope(&s, zone), I::ConvertedHaCum, crop(&s, key)).unwrap();
    let per_eligible_ha = |zone: &str, keys: &[&str]| {
        let eligible = province.zone_eligible_ha[zone_scope(&s, zone) - 1] / 0.05;
        keys.iter().map(|k| planted(zone, k)).sum::<f64>() / eligible
    };
    let fruit = ["longan_grafted", "mango_grafted"];
    for plateau in ["Mộc Châu", "Vân Hồ"] {
        for valley in ["Yên Châu", "Sông Mã"] {
            let (high, low) = (per_eligible_ha(plateau, &fruit), per_eligible_ha(valley, &fruit));
            assert!(high < 0.25 * low, "longan and mango per eligible ha: {plateau} {high:.3}, {valley} {low:.3}");
        }
        let plum = planted(plateau, "plum_grafted");
        assert!(plum > 10.0 * planted(plateau, "longan_grafted"), "{plateau} plants plum: {plum:.0} ha");
    }
}
