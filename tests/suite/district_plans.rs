//! A district's own plan inside the provincial run, programme periods and
//! the budget (issue 11, MODEL.md §11).

use std::path::Path;

use calamine::Reader;

use agroshift::engine::FinishedRun;
use agroshift::province::build_province;
use agroshift::scenario::Scenario;
use agroshift::stats::indicators::Indicator;

use crate::common::{agroshift, crop, open, run, test_path, zone_scope};

/// Mai Sơn's plan of the issue: 1,000 ha a year, 60/40 longan/mango,
/// decisions 2018–2025, with its own subsidy; the other districts decide.
const MAI_SON_PLAN: &str = r#"
[zones."Mai Sơn".policy]
mode = "planned"
target_ha_per_year = 1_000
target_years = [2018, 2025]
mix = { longan_grafted = 0.6, mango_grafted = 0.4 }
subsidy_vnd_ha = { longan_grafted = 15_000_000, mango_grafted = 12_000_000 }
compliance = 0.9
"#;

/// `sonla-restructuring` with `extra` appended, written into `dir`.
fn restructuring_with(dir: &Path, name: &str, extra: &str) -> Scenario {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, format!("extends = \"sonla-restructuring\"\nname = \"{name}\"\n{extra}")).unwrap();
    open(path.to_str().unwrap())
}

/// Every market without a supply response: prices no longer depend on
/// what is planted anywhere.
fn without_market_response(mut s: Scenario) -> Scenario {
    for m in &mut s.markets {
        m.demand_elasticity = None;
    }
    s
}

/// Value of an indicator in one replicate, year index and scope.
fn value(sim: &FinishedRun, rep: usize, year: usize, scope: usize, indicator: Indicator, key: usize) -> f64 {
    let layout = &sim.records.layout;
    sim.records.replicate(rep)[layout.index(year, scope, layout.slot(indicator, key))]
}

const SCALE: f64 = 0.02;
const YEARS: u32 = 12;

#[test]
fn a_district_plans_its_own_hectares_and_mix_while_the_others_decide() {
    let dir = tempfile::tempdir().unwrap();
    let planned = restructuring_with(dir.path(), "mai-son", MAI_SON_PLAN);
    let mai_son = zone_scope(&planned, "Mai Sơn");
    let (longan, mango) = (crop(&planned, "longan_grafted"), crop(&planned, "mango_grafted"));
    let province = build_province(&{
        let mut s = planned.clone();
        s.simulation.scale = SCALE;
        s
    });
    let parcels = province.zone_parcels[mai_son - 1].clone();
    let largest_parcel_ha =
        province.parcel_area_ha[parcels.start as usize..parcels.end as usize].iter().copied().fold(0.0, f64::max)
            / SCALE;
    let sim = run(planned.clone(), SCALE, 2, YEARS, 2);
    let perennials: Vec<usize> = planned.crops.iter().filter(|c| c.is_perennial()).map(|c| c.id.index()).collect();
    for rep in 0..2 {
        for year in 0..YEARS as usize {
            let calendar = 2016 + year as i32;
            let planted: f64 =
                perennials.iter().map(|&c| value(&sim, rep, year, mai_son, Indicator::ConvertedHa, c)).sum();
            // Decisions of 2018–2025 stand as new orchards in 2019–2026.
            if (2019..=2026).contains(&calendar) {
                assert!(
                    (1000.0..1000.0 + largest_parcel_ha).contains(&planted),
                    "{calendar}: Mai Sơn planted {planted} ha, not 1,000 within one parcel ({largest_parcel_ha} ha)"
                );
                let longan_ha = value(&sim, rep, year, mai_son, Indicator::ConvertedHa, longan);
                let mango_ha = value(&sim, rep, year, mai_son, Indicator::ConvertedHa, mango);
                assert!((longan_ha + mango_ha - planted).abs() < 1e-6, "only the mix's crops are planted");
                assert!(
                    (longan_ha - 0.6 * planted).abs() <= largest_parcel_ha,
                    "{calendar}: {longan_ha} ha of longan is not 60% of {planted} within one parcel"
                );
            } else {
                assert_eq!(planted, 0.0, "{calendar}: a planned district plants only by its plan");
            }
        }
    }

    // Its own subsidy: 60% at 15 M and 40% at 12 M VND/ha, on what it planted.
    let year = 2020 - 2016;
    let subsidy = value(&sim, 0, year, mai_son, Indicator::PlantingSubsidyVnd, 0);
    let paid_for = |c: usize, rate: f64| rate * value(&sim, 0, year, mai_son, Indicator::ConvertedHa, c);
    let expected = paid_for(longan, 15e6) + paid_for(mango, 12e6);
    assert!((subsidy - expected).abs() <= 1e-6 * expected, "subsidy {subsidy} VND, expected {expected}");

    // The other districts: with markets that do not respond to supply, the
    // plan cannot reach them, and every number of theirs is the same bit
    // for bit as without the plan. With responsive markets it reaches them
    // through the prices alone.
    let without = restructuring_with(dir.path(), "no-plan", "");
    let a = run(without_market_response(planned.clone()), SCALE, 2, YEARS, 2);
    let b = run(without_market_response(without.clone()), SCALE, 2, YEARS, 2);
    let layout = &a.records.layout;
    for rep in 0..2 {
        for year in 0..YEARS as usize {
            for scope in (1..layout.scopes).filter(|&s| s != mai_son) {
                let start = layout.index(year, scope, 0);
                let (x, y) = (&a.records.replicate(rep)[start..], &b.records.replicate(rep)[start..]);
                for slot in 0..layout.slots() {
                    assert_eq!(
                        x[slot].to_bits(),
                        y[slot].to_bits(),
                        "scope {scope}, year {year}, slot {slot}: the plan reached another district"
                    );
                }
            }
        }
    }
    let c = run(without, SCALE, 2, YEARS, 2);
    let longan_market = planned.crops[longan].market.index();
    let prices = |sim: &FinishedRun| {
        (0..YEARS as usize).map(|y| value(sim, 0, y, 0, Indicator::PriceVndKg, longan_market)).collect::<Vec<_>>()
    };
    assert_ne!(prices(&sim), prices(&c), "Mai Sơn's plan moves the province's longan price");
    let song_ma = zone_scope(&planned, "Sông Mã");
    let income = |sim: &FinishedRun| value(sim, 0, YEARS as usize - 1, song_ma, Indicator::HhIncomeMean, 0);
    assert_ne!(income(&sim), income(&c), "through the prices, the plan reaches Sông Mã's incomes");
}

/// The rows of a `budget.csv` as (scope, period, item, mean).
fn budget_rows(path: &Path) -> Vec<(String, String, String, f64)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let scope = r[0].trim_start_matches('\u{feff}').to_string();
            (scope, r[1].to_string(), r[2].to_string(), r[4].parse().unwrap())
        })
        .collect()
}

#[test]
fn support_years_end_the_subsidy_and_zones_add_up_to_the_province() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("short.toml");
    std::fs::write(
        &file,
        format!(
            "extends = \"sonla-restructuring\"\nname = \"short\"\n[policy]\nsupport_years = [2016, 2019]\n{MAI_SON_PLAN}\
             support_years = [2018, 2021]\n"
        ),
    )
    .unwrap();
    let out = agroshift(
        &["run", "short.toml", "--scale", "0.01", "--replicates", "2", "--years", "12", "--quiet", "--out", "r"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = budget_rows(&dir.path().join("r/budget.csv"));
    let get = |scope: &str, period: &str, item: &str| {
        rows.iter()
            .find(|r| r.0 == scope && r.1 == period && r.2 == item)
            .unwrap_or_else(|| panic!("no row {scope}, {period}, {item}"))
            .3
    };
    // Paid the year after the decision: through 2020 in the province's
    // other districts, through 2022 in Mai Sơn, nothing after.
    for year in 2017..=2027 {
        let mai_son = get("Mai Sơn", &year.to_string(), "planting_subsidy_vnd");
        let song_ma = get("Sông Mã", &year.to_string(), "planting_subsidy_vnd");
        assert_eq!(song_ma > 0.0, year <= 2020, "Sông Mã's subsidy in {year}: {song_ma}");
        assert_eq!(mai_son > 0.0, (2019..=2022).contains(&year), "Mai Sơn's subsidy in {year}: {mai_son}");
        if year > 2022 {
            assert_eq!(get("province", &year.to_string(), "support_total_vnd"), 0.0, "{year}");
        }
    }
    // Preferential credit: new loans through the year after the last
    // support year, each district by its own support years.
    for year in 2021..=2027 {
        let (mai_son, song_ma) =
            (get("Mai Sơn", &year.to_string(), "new_credit_vnd"), get("Sông Mã", &year.to_string(), "new_credit_vnd"));
        assert_eq!(song_ma, 0.0, "Sông Mã lends through 2020 only, not in {year}");
        if year > 2022 {
            assert_eq!(mai_son, 0.0, "Mai Sơn lends through 2022 only, not in {year}");
        }
    }
    assert!(get("Mai Sơn", "2021", "new_credit_vnd") + get("Mai Sơn", "2022", "new_credit_vnd") > 0.0);
    // The default plan periods, cut to the run's years.
    for period in ["2016-2020", "2021-2025", "2026-2027"] {
        assert!(rows.iter().any(|r| r.1 == period), "no plan period {period}");
    }
    // Every row of the province is the sum of its districts' rows (means).
    let zones = agroshift::scenario::open("sonla-restructuring").unwrap().zones;
    let mut checked = 0;
    for (scope, period, item, mean) in rows.iter().filter(|r| r.0 == "province") {
        let sum: f64 = zones.iter().map(|z| get(&z.name, period, item)).sum();
        // The file keeps 6 decimals: each district's row may be off by half a millionth.
        assert!(
            (sum - mean).abs() <= 1e-9 * mean.abs() + 1e-6 * zones.len() as f64,
            "{scope} {period} {item}: districts sum to {sum}, the province has {mean}"
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} rows checked");
}

#[test]
fn a_tiny_planned_province_budget_checks_by_hand() {
    // The tiny province plans 3 ha a year in 2020 and 2021 (of its 10 ha of
    // maize) with a subsidy of 10 M VND/ha, support for both years'
    // decisions, and credit up to 100 M VND per household.
    let dir = tempfile::tempdir().unwrap();
    let tiny = test_path("fixtures/tiny.toml");
    std::fs::write(
        dir.path().join("plan.toml"),
        format!(
            "extends = \"{}\"\nname = \"plan\"\n[policy]\nmode = \"planned\"\ntarget_ha_per_year = 3\n\
             target_years = [2020, 2021]\nmix = {{ longan_grafted = 1.0 }}\ncompliance = 1.0\n\
             subsidy_vnd_ha = 10_000_000\ncredit_limit_vnd = 100_000_000\nsupport_years = [2020, 2021]\n\
             [report]\nperiods = [[2020, 2022], [2023, 2023]]\n",
            tiny.display().to_string().replace('\\', "/")
        ),
    )
    .unwrap();
    let out = agroshift(&["run", "plan.toml", "--years", "4", "--quiet", "--out", "r"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = budget_rows(&dir.path().join("r/budget.csv"));
    let get = |period: &str, item: &str| {
        rows.iter().find(|r| r.0 == "province" && r.1 == period && r.2 == item).map(|r| r.3).unwrap()
    };
    // Each year's 3 ha (up to a parcel more) stand the year after and are
    // paid then, at 10 M VND each; the file keeps hectares to a millionth
    // (10 VND at 10 M VND/ha).
    assert_eq!(get("2020", "planted_ha"), 0.0);
    for year in ["2021", "2022"] {
        let planted = get(year, "planted_ha");
        assert!((3.0..=6.0).contains(&planted), "planted {planted} ha in {year}");
        assert!((get(year, "planting_subsidy_vnd") - 10e6 * planted).abs() <= 10.0, "{year}");
    }
    assert_eq!(get("2023", "planting_subsidy_vnd"), 0.0, "support ended with the 2021 decisions");
    let period_subsidy = get("2021", "planting_subsidy_vnd") + get("2022", "planting_subsidy_vnd");
    assert!((get("2020-2022", "planting_subsidy_vnd") - period_subsidy).abs() < 1e-3, "a period's flow is its sum");
    // Households start without debt, so the first year's new credit is its
    // outstanding credit; a period's credit is the stock at its end.
    assert_eq!(get("2020", "new_credit_vnd"), get("2020", "credit_outstanding_vnd"));
    assert_eq!(get("2020-2022", "credit_outstanding_vnd"), get("2022", "credit_outstanding_vnd"));
    // After the support years and the year after: no new loans, debt is only repaid.
    assert_eq!(get("2023", "new_credit_vnd"), 0.0);
    assert!(get("2023", "credit_outstanding_vnd") <= get("2022", "credit_outstanding_vnd"));
    // A household paid in both years counts once in the period.
    let (first, second) = (get("2021", "households_supported"), get("2022", "households_supported"));
    let period = get("2020-2022", "households_supported");
    assert!(
        period >= first.max(second) && period < first + second,
        "{first} + {second} households, {period} in the period"
    );
}

#[test]
fn focus_speaks_of_chosen_districts_and_survives_plot() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["run", "sonla-restructuring", "--scale", "0.01", "--replicates", "2", "--years", "4", "--quiet"];
    let out = agroshift(&[&args[..], &["--focus", "Yên Châu,Mai Sơn", "--out", "r"]].concat(), dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The two districts together, named in table order, as one more scope.
    let csv = std::fs::read_to_string(dir.path().join("r/indicators.csv")).unwrap();
    let mean = |scope: &str, indicator: &str, key: &str| -> f64 {
        let prefix = format!("{scope},2019,{indicator},{key},");
        let line = csv.lines().find(|l| l.trim_start_matches('\u{feff}').starts_with(&prefix)).unwrap();
        line.split(',').nth(5).unwrap().parse().unwrap()
    };
    let group = "Mai Sơn + Yên Châu";
    for (indicator, key) in [("area_ha", "longan_grafted"), ("households", ""), ("hh_below_poverty", "")] {
        let sum = mean("Mai Sơn", indicator, key) + mean("Yên Châu", indicator, key);
        assert!((mean(group, indicator, key) - sum).abs() < 1e-5, "{indicator}: the group is the sum of its districts");
    }
    let summary = std::fs::read_to_string(dir.path().join("r/summary.json")).unwrap();
    assert!(summary.contains(&format!("\"scope\": \"{group}\"")), "{summary}");
    let report = std::fs::read_to_string(dir.path().join("r/report.html")).unwrap();
    assert!(report.contains(&format!("Chỉ tiêu chính ({group})")), "the report speaks of the focus");
    // So does the workbook: its key sheet names the place, and the budget
    // and every indicator start with the focus's rows.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("r/results.xlsx")).unwrap();
    let keys = book.worksheet_range("Chỉ tiêu chính").unwrap();
    assert_eq!(keys.get((0, 0)).map(|c| c.to_string()), Some(format!("Chỉ tiêu ({group})")));
    for sheet in ["Ngân sách", "Tất cả chỉ tiêu"] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(range.get((1, 0)).map(|c| c.to_string()), Some(group.to_string()), "{sheet} starts with the focus");
    }

    // Drawn again later, the focus is kept; a run saved before budget.csv
    // existed (its manifest does not list it) still plots, without its budget.
    std::fs::remove_file(dir.path().join("r/budget.csv")).unwrap();
    let manifest_path = dir.path().join("r/manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let older: String = manifest.lines().filter(|l| l.trim() != "\"budget.csv\",").collect::<Vec<_>>().join("\n");
    assert_ne!(older, manifest, "the manifest listed budget.csv");
    std::fs::write(&manifest_path, older).unwrap();
    let out = agroshift(&["--lang", "en", "plot", "r"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let english = std::fs::read_to_string(dir.path().join("r/plots-en/report.html")).unwrap();
    assert!(english.contains(&format!("Key indicators ({group})")));
    assert!(!english.contains("Budget by plan period") && !dir.path().join("r/plots-en/figures/budget.svg").exists());
}

/// Yên Châu's plan for one plan period, 2026–2030, in a 14-year run
/// (2016–2029) cut short so that the plan's first years are inside it.
fn yen_chau_plan(policy_years: &str) -> String {
    format!(
        r#"
[zones."Yên Châu".policy]
mode = "planned"
target_ha_per_year = 600
target_years = [2024, 2026]
mix = {{ longan_grafted = 0.5, mango_grafted = 0.5 }}
subsidy_vnd_ha = 15_000_000
credit_limit_vnd = 150_000_000
compliance = 1.0
support_years = [2024, 2026]
{policy_years}
"#
    )
}

#[test]
fn a_zone_s_policy_years_leave_its_other_years_to_the_province_s_policy() {
    let dir = tempfile::tempdir().unwrap();
    let base = restructuring_with(dir.path(), "base", "");
    let bounded = restructuring_with(dir.path(), "bounded", &yen_chau_plan("policy_years = [2024, 2026]"));
    let whole = restructuring_with(dir.path(), "whole", &yen_chau_plan(""));
    let yen_chau = zone_scope(&bounded, "Yên Châu");
    let years = 14;
    let (base, bounded_run, whole) =
        (run(base, SCALE, 2, years, 2), run(bounded.clone(), SCALE, 2, years, 2), run(whole, SCALE, 2, years, 2));
    let layout = &base.records.layout;
    let perennials: Vec<usize> = bounded.crops.iter().filter(|c| c.is_perennial()).map(|c| c.id.index()).collect();
    let planted = |sim: &FinishedRun, rep: usize, year: usize| -> f64 {
        perennials.iter().map(|&c| value(sim, rep, year, yen_chau, Indicator::ConvertedHa, c)).sum()
    };
    for rep in 0..2 {
        // Before its policy years the zone follows [policy]: every value
        // of every scope, 2016–2023, is the scenario's without the plan,
        // bit for bit. (In 2024 the plan's credit is already lent, as in
        // a first support year, MODEL.md §11.)
        let before = 2024 - 2016;
        let slice = |sim: &FinishedRun| {
            sim.records.replicate(rep)[..layout.index(before, 0, 0)].iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert!(
            slice(&bounded_run) == slice(&base),
            "replicate {rep}: 2016–2023 differ from the scenario without the plan"
        );
        // Households there converted on their own before the plan; with
        // the plan for the whole run they did not.
        let own: f64 = (1..=before).map(|y| planted(&base, rep, y)).sum();
        assert!(own > 0.0, "households in Yên Châu convert before 2024 without a plan");
        assert!((1..=before).all(|y| planted(&whole, rep, y) == 0.0), "a whole-run plan plants nothing before 2025");
        // The plan's decisions of 2024–2026 stand in 2025–2027 in both.
        for calendar in 2025..=2027 {
            let y = (calendar - 2016) as usize;
            for sim in [&bounded_run, &whole] {
                assert!(planted(sim, rep, y) >= 600.0, "{calendar}: the plan plants its 600 ha");
            }
        }
        // A year's planting is paid under the policy it was decided under:
        // 2024 pays for 2023's households at the province's 10 M VND/ha on
        // longan and mango; 2027 for the plan's 2026 decisions at 15 M.
        let (longan, mango) = (crop(&bounded, "longan_grafted"), crop(&bounded, "mango_grafted"));
        let paid = |y: usize| value(&bounded_run, rep, y, yen_chau, Indicator::PlantingSubsidyVnd, 0);
        let converted = |y: usize, c: usize| value(&bounded_run, rep, y, yen_chau, Indicator::ConvertedHa, c);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        let y2024 = before;
        let provincial = 10e6 * (converted(y2024, longan) + converted(y2024, mango));
        assert!(provincial > 0.0 && close(paid(y2024), provincial), "2024: {} against {provincial}", paid(y2024));
        let y2027 = 2027 - 2016;
        let own = 15e6 * planted(&bounded_run, rep, y2027);
        assert!(close(paid(y2027), own), "2027: {} against {own}", paid(y2027));
        // After them the zone's households decide again under [policy].
        let after = |sim: &FinishedRun| (2028 - 2016..years as usize).map(|y| planted(sim, rep, y)).sum::<f64>();
        assert!(after(&bounded_run) > 0.0, "households plant again after the plan");
        assert_eq!(after(&whole), 0.0, "nobody plants after a whole-run plan");
    }
}

#[test]
fn a_plan_that_leaves_years_idle_or_unsupported_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let whole = restructuring_with(dir.path(), "whole", &yen_chau_plan(""));
    let warnings = whole.settings_without_effect(agroshift::scenario::Lang::En).join("\n");
    assert!(
        warnings
            .contains("in decision years 2016–2023 and 2027–2034 (outside target_years [2024, 2026]) nobody plants")
            && warnings.contains("write policy_years = [2024, 2026]"),
        "{warnings}"
    );
    let bounded = restructuring_with(dir.path(), "bounded", &yen_chau_plan("policy_years = [2024, 2026]"));
    assert!(bounded.settings_without_effect(agroshift::scenario::Lang::En).is_empty());
    // Policy years wider than the plan leave their other years idle too.
    let wide = restructuring_with(dir.path(), "wide", &yen_chau_plan("policy_years = [2016, 2030]"));
    let warnings = wide.settings_without_effect(agroshift::scenario::Lang::En).join("\n");
    assert!(
        warnings.contains("plans in policy_years [2016, 2030], so in decision years 2016–2023 and 2027–2030"),
        "{warnings}"
    );
    // A run too short to decide anything has no idle years to speak of.
    let mut short = whole.clone();
    short.simulation.years = 1;
    assert!(!short.settings_without_effect(agroshift::scenario::Lang::En).join("\n").contains("nobody plants"));
    // Years of a policy that is the province's own do nothing.
    let alone = restructuring_with(dir.path(), "alone", "[zones.\"Yên Châu\".policy]\npolicy_years = [2026, 2030]\n");
    let warnings = alone.settings_without_effect(agroshift::scenario::Lang::En).join("\n");
    assert!(
        warnings.contains("zones.\"Yên Châu\".policy.policy_years: the zone sets nothing of its own"),
        "{warnings}"
    );
    let narrow = restructuring_with(dir.path(), "narrow", &yen_chau_plan("policy_years = [2025, 2026]"));
    let warnings = narrow.settings_without_effect(agroshift::scenario::Lang::En).join("\n");
    assert!(warnings.contains("target_years [2024, 2026] reach outside policy_years [2025, 2026]"), "{warnings}");
    let unsupported = restructuring_with(
        dir.path(),
        "unsupported",
        &yen_chau_plan("policy_years = [2024, 2026]")
            .replace("support_years = [2024, 2026]", "support_years = [2020, 2023]"),
    );
    let warnings = unsupported.settings_without_effect(agroshift::scenario::Lang::Vi).join("\n");
    assert!(
        warnings.contains("support_years [2020, 2023] không trùng năm nào với target_years [2024, 2026]"),
        "{warnings}"
    );
    // A reversed range is an error of the file, with its line.
    let path = dir.path().join("reversed.toml");
    std::fs::write(
        &path,
        format!("extends = \"sonla-restructuring\"\nname = \"r\"\n{}", yen_chau_plan("policy_years = [2026, 2024]")),
    )
    .unwrap();
    let out = agroshift(&["--lang", "en", "check", path.to_str().unwrap()], dir.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("policy_years") && said.contains("first ≤ last") && said.contains(":13:"), "{said}");
}
