//! Per-hectare economics: finance functions against hand-computed cases and
//! as properties, and the default crops' figures against MODEL.md §10.

use agroshift::analysis::crops::{cash_flow_profile, crop_table};
use agroshift::economics::{irr, npv, payback_year};
use agroshift::scenario::Slope;
use proptest::prelude::*;

use crate::common::open;

#[test]
fn npv_matches_a_hand_computation() {
    // −100 + 60/1.1 + 60/1.21 = 4.13223…
    let v = npv(&[-100.0, 60.0, 60.0], 0.10);
    assert!((v - 4.132_231_404_958_7).abs() < 1e-9, "{v}");
    assert_eq!(npv(&[5.0, 5.0], 0.0), 10.0);
}

#[test]
fn irr_matches_a_hand_computation() {
    // 60x + 60x² = 100 with x = 1/(1+r): x = (−1 + √(1 + 20/3)) / 2.
    let x = (-1.0 + (1.0f64 + 20.0 / 3.0).sqrt()) / 2.0;
    let expected = 1.0 / x - 1.0;
    let r = irr(&[-100.0, 60.0, 60.0]).unwrap();
    assert!((r - expected).abs() < 1e-9, "{r} vs {expected}");
    assert_eq!(irr(&[-100.0, 110.0]).map(|r| (r * 1e9).round() / 1e9), Some(0.1));
}

#[test]
fn irr_is_none_when_flows_never_change_sign() {
    assert_eq!(irr(&[10.0, 20.0, 30.0]), None);
    assert_eq!(irr(&[-10.0, -20.0]), None);
    assert_eq!(irr(&[]), None);
}

#[test]
fn payback_is_the_first_year_the_running_total_is_not_negative() {
    assert_eq!(payback_year(&[-100.0, 60.0, 60.0]), Some(2));
    assert_eq!(payback_year(&[-100.0, 100.0]), Some(1));
    assert_eq!(payback_year(&[5.0]), Some(0));
    assert_eq!(payback_year(&[-100.0, 10.0]), None);
}

proptest! {
    #[test]
    fn npv_falls_as_the_rate_rises(
        cost in 1.0f64..1e9,
        returns in prop::collection::vec(0.0f64..1e9, 1..30),
        r1 in 0.0f64..0.5,
        dr in 0.001f64..0.5,
    ) {
        let mut flows = vec![-cost];
        flows.extend(returns.iter().copied());
        prop_assume!(returns.iter().any(|&v| v > 0.0));
        prop_assert!(npv(&flows, r1 + dr) < npv(&flows, r1));
    }

    #[test]
    fn npv_at_the_irr_is_zero(
        cost in 1e6f64..1e9,
        returns in prop::collection::vec(1e5f64..1e9, 1..30),
    ) {
        let mut flows = vec![-cost];
        flows.extend(returns.iter().copied());
        if let Some(r) = irr(&flows) {
            let scale: f64 = flows.iter().map(|f| f.abs()).sum();
            prop_assert!(npv(&flows, r).abs() / scale < 1e-8, "npv {} at irr {}", npv(&flows, r), r);
        } else {
            // No root in range: the flows must not change NPV sign over it.
            prop_assert!(npv(&flows, 10.0) > 0.0 || npv(&flows, -0.99) < 0.0);
        }
    }
}

#[test]
fn grafted_orchards_earn_200_to_300_million_gross_on_s1_to_s3() {
    let s = open("sonla-restructuring");
    for slope in [Slope::S1, Slope::S2, Slope::S3] {
        for row in crop_table(&s, slope) {
            let gov_m = row.mature_gov_vnd_per_ha / 1e6;
            match row.crop.as_str() {
                "longan_grafted" | "mango_grafted" => {
                    assert!((200.0..=300.0).contains(&gov_m), "{} on {}: {gov_m}", row.crop, slope.label())
                }
                "maize" | "cassava" | "upland_rice" if slope == Slope::S2 => {
                    assert!((13.0..=27.0).contains(&gov_m), "{} on S2: {gov_m}", row.crop)
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_cash_flow_profile_is_a_j_curve_that_pays_back() {
    let s = open("sonla-baseline");
    let longan = s.crop_by_key("longan_grafted").unwrap();
    let years = cash_flow_profile(&s, longan, Slope::S3);
    assert_eq!(years.len(), 35);
    // Establishment with the S3 terracing multiplier, nothing harvested.
    assert_eq!(years[0].cash_flow_vnd_per_ha, -70e6 * 1.15);
    let lowest = years.iter().map(|y| y.cumulative_vnd_per_ha).fold(f64::INFINITY, f64::min);
    assert!(lowest < -100e6, "deepest point of the J {lowest}");
    let row = crop_table(&s, Slope::S3).into_iter().find(|r| r.crop == "longan_grafted").unwrap();
    let payback = row.payback_year.unwrap();
    assert!(years[payback].cumulative_vnd_per_ha >= 0.0 && years[payback - 1].cumulative_vnd_per_ha < 0.0);
    assert!(row.irr_per_yr.unwrap() > s.parameters.household_discount_rate);
}

proptest! {
    /// The engine's per-parcel reckoning of a year (its age rows: yield,
    /// harvest cost per t, upkeep, establishment) is MODEL.md §5's cash flow
    /// as `economics` defines it, for every crop, slope class and age, at
    /// any soil factor and price.
    #[test]
    fn the_engines_age_rows_give_the_cash_flow_of_economics(
        soil in 0.3f64..1.3,
        price in 500.0f64..40_000.0,
        crop_pick in 0usize..64,
        age_pick in 0usize..64,
        slope in 0usize..4,
    ) {
        let s = open("diversified");
        let t = agroshift::engine::tables::ModelTables::new(&s);
        let c = crop_pick % t.crops;
        let life = (t.lifespan_years[c] as usize).max(1);
        let age = age_pick % life;
        let row = &t.age_rows[t.age_index(c, age)];
        let harvest_t = row.yield_t_per_ha[slope] * soil;
        let establishment = if row.establishing { t.crop_slope[c * 4 + slope].establishment_vnd_per_ha } else { 0.0 };
        let engine = 1000.0 * harvest_t * price - row.harvest_vnd_per_t * harvest_t - row.upkeep_vnd_per_ha - establishment;
        let plain = s.crops[c]
            .hectare_model(Slope::ALL[slope], s.parameters.establish_mult[slope])
            .cash_flow_vnd_per_ha(age as u32, price, soil);
        prop_assert!((engine - plain).abs() <= 1e-9 * plain.abs().max(1.0), "{} age {age}: {engine} vs {plain}", s.crops[c].key);
    }
}
