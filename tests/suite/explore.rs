//! Comparing scenarios, the crop-mix frontier and sensitivity: the
//! properties that make their answers trustworthy.

use std::process::Command;

use agroshift::engine::{Silent, run_replicates};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::explore::frontier::{Target, frontier, frontier_province};
use agroshift::province::build_province;
use agroshift::stats::indicators::Indicator;

use crate::common::open;

fn small(name: &str) -> agroshift::scenario::Scenario {
    let mut s = open(name);
    s.simulation.scale = 0.01;
    s.simulation.replicates = 6;
    s.simulation.years = 8;
    s
}

fn run(s: agroshift::scenario::Scenario) -> ScenarioRun {
    let province = build_province(&s);
    let records = run_replicates(&s, &province, &Silent).unwrap();
    ScenarioRun { scenario: s, records }
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let runs = vec![run(small("sonla-restructuring")), run(small("sonla-restructuring"))];
    let fruit = fruit_crops(&runs);
    let rows = compare(&runs, &[0, 3, 7], &fruit);
    assert!(rows.len() >= 2 * 7 * 3 - 2, "{} rows", rows.len());
    for r in &rows {
        assert_eq!((r.diff_mean, r.diff_p5, r.diff_p95), (0.0, 0.0, 0.0), "{} {} {}", r.scenario, r.outcome, r.year);
    }
    // And a different policy does differ, paired replicate by replicate.
    let runs = vec![run(small("sonla-baseline")), run(small("sonla-planned"))];
    let rows = compare(&runs, &[7], &fruit_crops(&runs));
    let area = rows.iter().find(|r| r.scenario == "sonla-planned" && r.outcome == "fruit_area_ha").unwrap();
    assert!(area.diff_p5 > 0.0, "the plan converts more land in every replicate: {area:?}");
}

#[test]
fn a_frontier_over_one_crop_is_one_point() {
    let s = small("sonla-planned");
    let longan = s.crop_by_key("longan_grafted").unwrap().id;
    let province = frontier_province(&s, &[longan]);
    let target = Target { indicator: Indicator::FarmIncomeVnd, key: 0, year: 7 };
    let results = frontier(&s, &province, &[longan], 0.1, target, &|_, _| {}, &Silent).unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].shares, vec![1.0]);
    assert!(results[0].efficient && results[0].mean.is_finite());
    assert!((0.0..=1.0).contains(&results[0].crash_probability));
}

#[test]
fn a_frontier_of_two_crops_marks_at_least_one_efficient_mix() {
    let s = small("sonla-planned");
    let crops = [s.crop_by_key("longan_grafted").unwrap().id, s.crop_by_key("mango_grafted").unwrap().id];
    let province = frontier_province(&s, &crops);
    let target = Target { indicator: Indicator::FarmIncomeVnd, key: 0, year: 7 };
    let results = frontier(&s, &province, &crops, 0.5, target, &|_, _| {}, &Silent).unwrap();
    assert_eq!(results.len(), 3);
    assert!(results.iter().any(|r| r.efficient));
    for r in results.iter().filter(|r| !r.efficient) {
        let beaten = results.iter().any(|o| o.shares != r.shares && o.mean >= r.mean && o.p5 >= r.p5);
        assert!(beaten, "an inefficient mix is beaten by another mix");
    }
}

#[test]
fn the_tornado_is_ranked_by_the_size_of_effect() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args([
            "sensitivity",
            "sonla-restructuring",
            "--scale",
            "0.01",
            "--replicates",
            "4",
            "--years",
            "6",
            "--quiet",
            "--out",
        ])
        .arg(dir.path().join("s"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(dir.path().join("s/sensitivity.csv")).unwrap();
    let effects: Vec<f64> = text.lines().skip(1).map(|l| l.rsplit(',').next().unwrap().parse().unwrap()).collect();
    assert_eq!(effects.len(), 8);
    assert!(effects.windows(2).all(|w| w[0].abs() >= w[1].abs()), "{effects:?}");
    assert!(effects[0].abs() > 0.0, "prices or yields move farm income");
    assert!(
        text.contains("prices")
            && dir.path().join("s/tornado.png").exists()
            && dir.path().join("s/tornado.svg").exists()
    );
}

#[test]
fn compare_writes_its_files_and_frontier_refuses_a_behavioural_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args([
            "compare",
            "sonla-baseline",
            "sonla-restructuring",
            "--scale",
            "0.01",
            "--replicates",
            "3",
            "--years",
            "5",
            "--quiet",
            "--out",
        ])
        .arg(dir.path().join("c"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "comparison.csv",
        "report.html",
        "comparison.xlsx",
        "figures/households-above-threshold.png",
        "figures/subsidy-spent.svg",
    ] {
        assert!(dir.path().join("c").join(f).exists(), "{f} missing");
    }
    let html = std::fs::read_to_string(dir.path().join("c/report.html")).unwrap();
    assert!(!html.contains("http") && !html.contains("<script"), "self-contained");
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["frontier", "sonla-restructuring", "--scale", "0.01", "--replicates", "2", "--out"])
        .arg(dir.path().join("f"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in planned mode"));
    assert!(!dir.path().join("f").exists(), "nothing written");
}
