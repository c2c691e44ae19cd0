//! `calibrate` (issue 14): known settings recovered from their own
//! simulated means, common random numbers, confounded settings and bounds
//! reported, and bad observed files refused with their line.

use agroshift::calibrate::fit::{FitRuns, calibrate, evaluation_scenario, objective, simulated_means};
use agroshift::calibrate::observed::{Observation, parse_observed, read_observed};
use agroshift::calibrate::setting::{FitSetting, fit_settings};
use agroshift::calibrate::solver::SolverOptions;
use agroshift::engine::{Silent, run_replicates};
use agroshift::province::build_province;
use agroshift::scenario::load::{LoadedScenario, load};
use agroshift::stats::indicators::Indicator;

use crate::common::{agroshift, agroshift_in_english, crop, open, stderr};

const SCENARIO: &str = "sonla-restructuring";

fn runs() -> FitRuns {
    FitRuns { scale: 0.02, replicates: 8, seed: 2017, obs_cv: 0.01, solver: SolverOptions::default() }
}

/// The province's grafted longan and mango areas in every year 2017–2024:
/// observations whose values are filled in by [`observe`].
fn series() -> Vec<Observation> {
    let s = open(SCENARIO);
    let mut out = Vec::new();
    for key in ["longan_grafted", "mango_grafted"] {
        for year in 2017..=2024 {
            out.push(Observation {
                line: out.len() + 2,
                scope_name: "province".into(),
                scope: 0,
                year,
                year_index: (year - 2016) as usize,
                indicator: Indicator::AreaHa,
                keys: vec![crop(&s, key)],
                key_text: key.into(),
                value: 1.0,
                sd: None,
            });
        }
    }
    out
}

/// `observations` with the simulated means of `loaded` at `values` as their values.
fn observe(loaded: &LoadedScenario, settings: &[FitSetting], values: &[f64], observations: &mut [Observation]) {
    let s = evaluation_scenario(loaded, settings, values, observations, &runs()).unwrap();
    let records = run_replicates(&s, &build_province(&s), &Silent).unwrap();
    let means = simulated_means(observations, &records);
    for (o, m) in observations.iter_mut().zip(means) {
        o.value = m;
    }
}

fn names(paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

#[test]
fn known_settings_are_recovered_within_two_standard_errors() {
    let loaded = load(SCENARIO).unwrap();
    let settings = fit_settings(&loaded, &names(&["parameters.awareness_q", "parameters.adopt_pi_max"]), &[]).unwrap();
    let truth = [1.0, 0.3];
    assert!(settings.iter().zip(truth).all(|(s, t)| (s.start - t).abs() > 0.05), "the fit starts elsewhere");
    let mut observations = series();
    observe(&loaded, &settings, &truth, &mut observations);
    let fit = calibrate(&loaded, &settings, &observations, runs(), &Silent, |_| {}).unwrap();
    assert!(fit.objective < 0.1 * fit.start_objective, "{} → {}", fit.start_objective, fit.objective);
    for (f, t) in fit.settings.iter().zip(truth) {
        assert!(f.se.is_finite() && f.se > 0.0, "{}: se {}", f.setting.path, f.se);
        assert!((f.value - t).abs() <= 2.0 * f.se, "{}: {} ± {} vs {t}", f.setting.path, f.value, f.se);
        assert!(!f.on_bound);
    }
    assert!(fit.confounded.is_empty(), "{:?}", fit.confounded);
}

/// A bound written with a decimal comma, as a Vietnamese reader writes it,
/// is refused with the point to use.
#[test]
fn a_bound_with_a_decimal_comma_is_told_to_use_a_point() {
    let loaded = load(SCENARIO).unwrap();
    let bounds = names(&["parameters.awareness_q=0,1:2"]);
    let Err(agroshift::Error::Usage(said)) = fit_settings(&loaded, &names(&["parameters.awareness_q"]), &bounds) else {
        panic!("a bound of 0,1:2 is refused");
    };
    assert!(said.vi.contains("dùng dấu chấm (0.1:2") && said.en.contains("take a point"), "{said:?}");
    let bounds = names(&["parameters.awareness_q=0.1:2"]);
    let settings = fit_settings(&loaded, &names(&["parameters.awareness_q"]), &bounds).unwrap();
    assert_eq!((settings[0].low, settings[0].high), (0.1, 2.0));
}

#[test]
fn the_objective_is_the_same_for_the_same_settings() {
    let loaded = load(SCENARIO).unwrap();
    let settings = fit_settings(&loaded, &names(&["parameters.awareness_q"]), &[]).unwrap();
    let mut observations = series();
    observe(&loaded, &settings, &[0.9], &mut observations);
    let at = |q: f64| objective(&loaded, &settings, &[q], &observations, &runs(), &Silent).unwrap();
    let first = at(0.7);
    assert_eq!(first.to_bits(), at(0.7).to_bits(), "common random numbers: the same settings, the same objective");
    assert!(first > 0.0 && at(0.9) < first, "{} vs {first}", at(0.9));
}

#[test]
fn settings_the_data_cannot_tell_apart_are_flagged_and_a_bound_is_reported() {
    // Awareness grows by awareness_p + extension_boost a year: only their
    // sum matters. Both start at the same value, so that the fit's steps
    // move them alike.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alike.toml");
    let text =
        "extends = \"sonla-restructuring\"\n[parameters]\nawareness_p = 0.02\n[policy]\nextension_boost = 0.02\n";
    std::fs::write(&file, text).unwrap();
    let loaded = load(file.to_str().unwrap()).unwrap();
    let confounded = fit_settings(&loaded, &names(&["parameters.awareness_p", "policy.extension_boost"]), &[]).unwrap();
    let mut observations = series();
    observe(&loaded, &confounded, &[0.05, 0.04], &mut observations);
    let fit = calibrate(&loaded, &confounded, &observations, runs(), &Silent, |_| {}).unwrap();
    assert_eq!(fit.confounded.len(), 1, "{:?} {}", fit.confounded, fit.correlation);
    assert!(fit.confounded[0].2.abs() > 0.95);
    let loaded = load(SCENARIO).unwrap();

    // The truth lies above the upper bound given.
    let bounded =
        fit_settings(&loaded, &names(&["parameters.adopt_pi_max"]), &names(&["parameters.adopt_pi_max=0.1:0.25"]))
            .unwrap();
    let mut observations = series();
    observe(&loaded, &bounded, &[0.25], &mut observations);
    let high = fit_settings(&loaded, &names(&["parameters.adopt_pi_max"]), &[]).unwrap();
    let mut above = series();
    observe(&loaded, &high, &[0.4], &mut above);
    let fit = calibrate(&loaded, &bounded, &above, runs(), &Silent, |_| {}).unwrap();
    assert!(fit.settings[0].on_bound && fit.settings[0].value == 0.25, "{:?}", fit.settings[0]);
}

#[test]
fn bad_settings_to_fit_are_refused_with_the_nearest_name() {
    let loaded = load(SCENARIO).unwrap();
    let err =
        |fit: &[&str], bounds: &[&str]| fit_settings(&loaded, &names(fit), &names(bounds)).unwrap_err().to_string();
    assert!(err(&["parameters.awarenes_q"], &[]).contains("did you mean \"parameters.awareness_q\""));
    assert!(err(&["parameters.abandon_years"], &[]).contains("whole number"));
    assert!(err(&["simulation.scale"], &[]).contains("not of the model"));
    assert!(err(&["crops.maize.slope_share.S1"], &[]).contains("add up to 1"));
    assert!(err(&["parameters.awareness_q"], &["parameters.awareness_q=0:9"]).contains("plausible range"));
    assert!(err(&["parameters.awareness_q"], &["parameters.adopt_pi_max=0:1"]).contains("not one of the settings"));
    let quoted = fit_settings(&loaded, &names(&["zones.\"Sông Mã\".forest_ha"]), &[]).unwrap();
    assert_eq!((quoted[0].path.as_str(), quoted[0].start), ("zones.\"Sông Mã\".forest_ha", 70000.0));
}

#[test]
fn bad_observed_files_are_refused_with_their_line() {
    let s = open(SCENARIO);
    let header = "scope,year,indicator,key,value\n";
    let cases: [(&str, String, &str); 12] = [
        ("unknown zone", format!("{header}Song Maa,2018,area_ha,longan_grafted,6000\n"), "did you mean \"Sông Mã\""),
        ("bad year", format!("{header}Sông Mã,2050,area_ha,longan_grafted,6000\n"), "outside the simulated years"),
        ("missing column", "scope,year,indicator,value\nSông Mã,2018,area_ha,6000\n".into(), "the header lacks key"),
        ("non-numeric", format!("{header}Sông Mã,2018,area_ha,longan_grafted,sáu nghìn\n"), "not a number"),
        (
            "unknown crop",
            format!("{header}Sông Mã,2018,area_ha,longan_grafed,6000\n"),
            "did you mean \"longan_grafted\"",
        ),
        ("unknown indicator", format!("{header}Sông Mã,2018,area,longan_grafted,6000\n"), "not an indicator"),
        ("empty", String::new(), "empty"),
        // Values in another unit than the indicator's would be fitted as written.
        ("income in millions", format!("{header}province,2018,hh_income_mean,,58\n"), "write 58000000"),
        ("cover as a share", format!("{header}province,2018,tree_cover_pct,,0.48\n"), "write 48"),
        ("gini in percent", format!("{header}province,2018,hh_income_gini,,35\n"), "write 0.35"),
        ("no float noise", format!("{header}province,2018,tree_cover_pct,,0.29\n"), "write 29;"),
        (
            "another unit",
            "scope,year,indicator,key,unit,value\nSông Mã,2018,area_ha,longan_grafted,nghìn ha,5.2\n".into(),
            "is not area_ha's, \"ha\"",
        ),
    ];
    for (what, text, says) in &cases {
        let e = parse_observed("obs.csv", text, &s).unwrap_err().to_string();
        assert!(e.contains(says), "{what}: {e}");
        let line = if text.is_empty() {
            "obs.csv: "
        } else if *what == "missing column" {
            "obs.csv:1:"
        } else {
            "obs.csv:2:"
        };
        assert!(e.contains(line), "{what}: {e}");
    }
    // Rows the run records no value for, or would count twice.
    let refused = [
        ("Sông Mã,2020,price_vnd_kg,longan,15000", "province only"),
        ("province,2020,bearing_ha,maize,100", "orchards only"),
        ("Sông Mã,2020,area_ha,old_longan+old_longan,9000", "named twice"),
        ("Sông Mã,2020,area_ha,maize,-5", "cannot be negative"),
        // A thousands separator splits the value: 6,098 is not 6.
        ("Sông Mã,2020,area_ha,maize,6,098", "6 fields where the header has 5"),
        ("Sông Mã,2020,area_ha,maize,6700,extra", "without a thousands separator"),
        ("Sông Mã,2020,area_ha,maize,1e20", "beyond any number"),
        ("Sông Mã,2020,area_ha,maize,1e308", "beyond any number"),
        ("province,2020,gov_per_ha,old_longan+longan_grafted,100", "not a total"),
    ];
    for (row, says) in refused {
        let e = parse_observed("obs.csv", &format!("{header}{row}\n"), &s).unwrap_err().to_string();
        assert!(e.contains(says) && e.contains("obs.csv:2:"), "{row}: {e}");
    }
    let twice = format!(
        "{header}Sông Mã,2020,area_ha,old_longan+longan_grafted,7000\nSông Mã,2020,area_ha,longan_grafted+old_longan,7000\n"
    );
    // Not a file of statistics: refused before reading (a device or a
    // pipe would be read without end).
    use agroshift::calibrate::observed::read_observed;
    let folder = tempfile::tempdir().unwrap();
    let e = read_observed(folder.path(), &s).unwrap_err().to_string();
    assert!(e.contains("is a folder"), "{e}");
    // /dev/null, not /dev/zero: should the check go, this fails rather than hangs.
    let e = read_observed(std::path::Path::new("/dev/null"), &s).unwrap_err().to_string();
    assert!(e.contains("/dev/null") && e.contains("not a regular file"), "{e}");
    // An sd so small that the fit's residual would overflow.
    let tiny_sd = "scope,year,indicator,key,value,sd\nSông Mã,2020,area_ha,maize,6700,1e-200\n";
    let e = parse_observed("obs.csv", tiny_sd, &s).unwrap_err().to_string();
    assert!(e.contains("obs.csv:2:") && e.contains("too small an sd"), "{e}");
    // Empty trailing fields, as spreadsheets write them under a header as
    // wide, are harmless.
    let trailing = "scope,year,indicator,key,value,sd,,\nSông Mã,2020,area_ha,maize,6700,200,,\n";
    assert_eq!(parse_observed("obs.csv", trailing, &s).unwrap()[0].sd, Some(200.0));
    // A split value with a blank sd after it: one field too many (though
    // empty), or, without the trailing comma, an sd of "098".
    let with_sd = "scope,year,indicator,key,value,sd\n";
    for row in ["Sông Mã,2020,area_ha,maize,6,098,", "Sông Mã,2020,area_ha,maize,6,098"] {
        let e = parse_observed("obs.csv", &format!("{with_sd}{row}\n"), &s).unwrap_err().to_string();
        assert!(e.contains("obs.csv:2:") && e.contains("thousands separator"), "{row}: {e}");
    }
    let e = parse_observed("obs.csv", &twice, &s).unwrap_err().to_string();
    assert!(e.contains("obs.csv:3:") && e.contains("line 2 already"), "{e}");
    // Quoted fields, as Excel writes them.
    let quoted = "\"scope\",\"year\",\"indicator\",\"key\",\"value\"\n\"Sông Mã\",2018,area_ha,\"old_longan+longan_grafted\",\"6098\"\n";
    assert_eq!(parse_observed("q.csv", quoted, &s).unwrap()[0].value, 6098.0);

    // A Vietnamese Excel file: `;` between fields, decimal commas.
    let vi = "scope;year;indicator;key;value;sd\nSông Mã;2018;area_ha;old_longan+longan_grafted;6.098,5;200\n";
    let o = parse_observed("vi.csv", vi, &s).unwrap();
    assert_eq!((o[0].value, o[0].sd, o[0].keys.len()), (6098.5, Some(200.0), 2));
    // There a point groups thousands; 0.35 is not a Vietnamese number.
    let point = "scope;year;indicator;key;value\nprovince;2018;forest_cover_pct;;0.35\n";
    let e = parse_observed("vi.csv", point, &s).unwrap_err().to_string();
    assert!(e.contains("vi.csv:2:") && e.contains("decimals take a comma"), "{e}");

    // Excel's CRLF lines are counted as lines, not one short.
    let crlf = "scope,year,indicator,key,value\r\nSông Mã,2018,area_ha,longan_grafted,5\r\nSông Mã,2019,area_hx,longan_grafted,5\r\n";
    let e = parse_observed("crlf.csv", crlf, &s).unwrap_err().to_string();
    assert!(e.contains("crlf.csv:3:14: indicator"), "{e}");
    // A unit column in Vietnamese or in another case is the indicator's; a
    // low percentage it vouches for is taken as written.
    let units = "scope,year,indicator,key,unit,value\nprovince,2018,hh_below_poverty,,hộ,70000\n\
                 Thành phố Sơn La,2018,forest_cover_pct,,%,0.8\nprovince,2018,area_ha,maize,HA,150000\n";
    let o = parse_observed("units.csv", units, &s).unwrap();
    assert_eq!(o.iter().map(|o| o.value).collect::<Vec<_>>(), [70000.0, 0.8, 150000.0]);
    // A district written without its marks is the one it can only be.
    let unmarked = "scope,year,indicator,key,value\nSong Ma,2018,area_ha,longan_grafted,5\n";
    assert_eq!(parse_observed("o.csv", unmarked, &s).unwrap()[0].scope_name, "Sông Mã");

    // From the command line: exit 2, the file and line, nothing written.
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, text, says)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("observed-{i}.csv"));
        std::fs::write(&file, text).unwrap();
        let out = dir.path().join(format!("out-{i}"));
        let o = agroshift_in_english(
            &[
                "calibrate",
                SCENARIO,
                "--observed",
                file.to_str().unwrap(),
                "--fit",
                "parameters.awareness_q",
                "--out",
                out.to_str().unwrap(),
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        let name = file.display().to_string();
        assert!(stderr(&o).contains(&name) && stderr(&o).contains(says), "{what}: {}", stderr(&o));
        assert!(!out.exists(), "{what}: nothing written");
    }
}

#[test]
fn observations_beyond_the_scenarios_own_years_are_simulated() {
    // With --years 25 an observation in 2038 lies in the run; each
    // evaluation simulates exactly the years the observations need.
    let loaded = load(SCENARIO).unwrap();
    let settings = fit_settings(&loaded, &names(&["parameters.awareness_q"]), &[]).unwrap();
    let mut late = series();
    late[0].year = 2038;
    late[0].year_index = 22;
    let s = evaluation_scenario(&loaded, &settings, &[0.6], &late, &runs()).unwrap();
    assert_eq!(s.simulation.years, 23);
    observe(&loaded, &settings, &[0.6], &mut late);
    assert!(late[0].value > 0.0);
}

#[test]
fn calibrate_writes_a_scenario_that_run_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let observed = crate::common::test_path("../examples/observed-song-ma.csv");
    let out = dir.path().join("cal");
    let o = agroshift(
        &[
            "--lang",
            "en",
            "calibrate",
            SCENARIO,
            "--observed",
            observed.to_str().unwrap(),
            "--fit",
            // Two settings of one table apart: calibrated.toml still has one [parameters].
            "parameters.awareness_initial,markets.longan.sigma,parameters.adopt_pi_max",
            "--scale",
            "0.02",
            "--replicates",
            "4",
            "--max-iterations",
            "2",
            "--check-scale",
            "0.02",
            "--check-replicates",
            "4",
            "--out",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in
        ["calibrated.toml", "fit.csv", "calibration.json", "report.html", "report.docx", "figures/calibration-1.png"]
    {
        assert!(out.join(file).is_file(), "{file}");
    }
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("Calibration to observed data"), "the calibration section");
    // A constant named by its meaning and key, as the table of assumptions names it.
    assert!(
        report.contains("[awareness_initial]") && report.contains("Residual / its sd"),
        "the fitted settings' table"
    );
    let fit = std::fs::read_to_string(out.join("fit.csv")).unwrap();
    assert_eq!(fit.lines().count(), 6, "{fit}");
    // The workbook holds the calibration too: each fitted setting, then
    // each observation against the check run.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("results.xlsx")).unwrap();
    let sheet = book.worksheet_range("Calibration").expect("a Calibration sheet");
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    let fitted: Vec<&Vec<String>> = rows.iter().filter(|r| r[0].ends_with("[awareness_initial]")).collect();
    assert_eq!(fitted.len(), 1, "{rows:?}");
    let observed = rows.iter().filter(|r| r[0].starts_with("Sông Mã") && r[1].parse::<f64>().is_ok()).count();
    assert_eq!(observed, 5, "one row per observation: {rows:?}");
    let toml = std::fs::read_to_string(out.join("calibrated.toml")).unwrap();
    assert!(toml.contains("extends = \"sonla-restructuring\"") && toml.contains("awareness_initial = "), "{toml}");
    assert_eq!(toml.matches("[parameters]").count(), 1, "{toml}");
    let check = agroshift(&["check", out.join("calibrated.toml").to_str().unwrap()], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // A run of it cites the fit as the fitted constants' source, not the
    // estimate it replaced; the constants not fitted keep theirs.
    let fitted = open(out.join("calibrated.toml").to_str().unwrap());
    let source = fitted.source_of("awareness_initial").unwrap_or_default();
    assert!(source.starts_with("fitted by agroshift calibrate to ") && source.contains("observations"), "{source}");
    assert_eq!(fitted.source_of("rk"), open(SCENARIO).source_of("rk"));
    // A market's setting is recorded by its path, and the check run's own
    // report (not only a later run of calibrated.toml) credits the fit.
    assert!(toml.contains("\"markets.longan.sigma\" = \"fitted by agroshift calibrate"), "{toml}");
    assert!(report.contains("sigma: fitted by agroshift calibrate to"), "the market's row cites the fit");
}

/// Calibrating a planner's own file: calibrated.toml extends a copy beside
/// it, so the folder still runs, with the same numbers, after it is moved
/// and the original file is gone.
#[test]
fn a_calibrated_folder_of_an_own_file_runs_wherever_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("my-plan.toml");
    std::fs::write(
        &plan,
        "extends = \"sonla-restructuring\"\nname = \"my-plan\"\n[policy]\ncredit_limit_vnd = 80_000_000\n",
    )
    .unwrap();
    let observed = crate::common::test_path("../examples/observed-song-ma.csv");
    let small = ["--scale", "0.02", "--replicates", "4", "--check-scale", "0.02", "--check-replicates", "4"];
    let mut args = vec!["calibrate", "my-plan.toml", "--observed", observed.to_str().unwrap()];
    args.extend(["--fit", "parameters.awareness_q", "--max-iterations", "1", "--out", "cal"]);
    args.extend(small);
    let o = agroshift_in_english(&args, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = std::fs::read_to_string(dir.path().join("cal/calibrated.toml")).unwrap();
    assert!(toml.contains("extends = \"base-scenario.toml\""), "{toml}");
    // Its comments in both languages, each with its own decimal mark.
    assert!(toml.contains("\n# was 0.6; fitted ± ") && toml.contains("\n#   ban đầu 0,6; hiệu chỉnh ± "), "{toml}");
    assert!(toml.contains("# Hiệu chỉnh bằng `agroshift calibrate` theo "), "{toml}");
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.contains("(calibrated.toml, base-scenario.toml, fit.csv"), "the copy is among the files: {said}");
    // The one-page summary says the run was fitted, and to what.
    let summary = std::fs::read_to_string(dir.path().join("cal/summary.md")).unwrap();
    let fitted = summary.split("## Calibration to observed data").nth(1).expect("a calibration section");
    assert!(fitted.contains("observed-song-ma.csv") && fitted.contains("[awareness_q]: 0.6 → "), "{summary}");
    // Sent on: the folder elsewhere, the plan it came from gone.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path().join("cal"), elsewhere.path().join("cal")).unwrap();
    std::fs::remove_file(&plan).unwrap();
    let moved = open(elsewhere.path().join("cal/calibrated.toml").to_str().unwrap());
    assert_eq!(moved.policy.credit_limit_vnd, 80e6, "the plan's own setting is kept");
    let run = agroshift(
        &["run", "cal/calibrated.toml", "--scale", "0.02", "--replicates", "4", "--out", "again", "--quiet"],
        elsewhere.path(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let read = |p: &std::path::Path| std::fs::read_to_string(p.join("indicators.csv")).unwrap();
    let same = read(&elsewhere.path().join("again")) == read(&elsewhere.path().join("cal"));
    assert!(same, "a run of the moved calibrated.toml repeats the check run's indicators.csv");
}

#[test]
fn a_relative_error_written_as_a_percentage_is_refused() {
    // A hostile pass: `--obs-cv 10` was taken as 1000% error.
    let dir = tempfile::tempdir().unwrap();
    let observed = crate::common::test_path("../examples/observed-song-ma.csv");
    let o = agroshift_in_english(
        &[
            "calibrate",
            SCENARIO,
            "--observed",
            observed.to_str().unwrap(),
            "--fit",
            "parameters.adopt_pi_max",
            "--obs-cv",
            "10",
            "--out",
            "cal",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--obs-cv") && stderr(&o).contains("write 0.1"), "{}", stderr(&o));
    assert!(!dir.path().join("cal").exists());
}

/// Two communes whose names differ only by a mark (common since 2025):
/// the observed file must write the marks, and each name as written is
/// its own commune, never the other.
#[test]
fn communes_that_differ_by_a_mark_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let twin = "extends = \"sonla-restructuring\"\n[zones.\"Sông Mả\"]\nnatural_area_ha = 10000\nhouseholds = 2000\n\
                forest_ha = 3000\narea_ha = { maize = 1500 }\n";
    let path = dir.path().join("twin.toml");
    std::fs::write(&path, twin).unwrap();
    let s = agroshift::scenario::open(path.to_str().unwrap()).unwrap();
    let row = |scope: &str| format!("scope,year,indicator,key,value\n{scope},2018,area_ha,maize,500\n");
    let zone = |scope: &str| parse_observed("o.csv", &row(scope), &s).unwrap()[0].scope_name.clone();
    assert_eq!(zone("Sông Mả"), "Sông Mả");
    assert_eq!(zone("sông mả"), "Sông Mả", "marks kept, case aside");
    assert_eq!(zone("Sông Mã"), "Sông Mã");
    let e = parse_observed("o.csv", &row("Song Ma"), &s).unwrap_err();
    let e = &e.0[0];
    assert_eq!((e.line, e.field.as_str()), (2, "scope"));
    assert!(e.message.en.contains("Sông Mã, Sông Mả") && e.message.vi.contains("chỉ khác nhau ở dấu"), "{e:?}");
}

/// The province's own name is not a zone's end: "Sơn La" (or "tỉnh Sơn
/// La", which the file cannot tell from another province) is answered with
/// `province` and the city it could be, not with the nearest spelling
/// ("Sông Mã"); "toàn tỉnh" is the province.
#[test]
fn the_province_by_its_name_is_not_sent_to_another_zone() {
    let s = open(SCENARIO);
    let row = |scope: &str| format!("scope,year,indicator,key,value\n{scope},2018,area_ha,maize,5000\n");
    for name in ["Sơn La", "tỉnh Sơn La"] {
        let e = parse_observed("o.csv", &row(name), &s).unwrap_err();
        let help = e.0[0].help.clone().expect("a help line");
        assert!(help.en.contains("`province`") && help.en.contains("\"Thành phố Sơn La\""), "{help:?}");
        assert!(!help.en.contains("Sông Mã"), "{help:?}");
    }
    assert!(parse_observed("o.csv", &row("tỉnh Điện Biên"), &s).is_err(), "another province is not this one");
    for province in ["Toàn tỉnh", "province"] {
        assert_eq!(parse_observed("o.csv", &row(province), &s).unwrap()[0].scope, 0, "{province}");
    }
    assert_eq!(parse_observed("o.csv", &row("Thành phố Sơn La"), &s).unwrap()[0].scope_name, "Thành phố Sơn La");
}

/// An area in thousands of hectares, as yearbooks print it (or a
/// Vietnamese thousands point read as a decimal one), is refused with the
/// number to write, unless a unit column vouches for it.
#[test]
fn an_area_in_thousands_of_hectares_is_refused() {
    let s = open(SCENARIO);
    let e = parse_observed("o.csv", "scope,year,indicator,key,value\nprovince,2018,area_ha,longan_grafted,0.801\n", &s)
        .unwrap_err();
    let e = &e.0[0];
    assert_eq!((e.line, e.field.as_str()), (2, "value"));
    assert!(e.message.en.contains("thousands of ha") && e.message.vi.contains("nghìn ha"), "{e:?}");
    assert!(e.help.as_ref().is_some_and(|h| h.en.contains("write 801;")), "{e:?}");
    // In Vietnamese the number is read as a Vietnamese reads it (0,801
    // thousand ha, that is 801 ha), not as 801 thousand.
    assert!(e.message.vi.starts_with("“0.801” ha chưa bằng"), "{e:?}");
    let hint = &e.help.as_ref().unwrap().vi;
    assert!(hint.starts_with("nếu là 0,801 nghìn ha (tức 801 ha), hãy viết 801,"), "{hint}");
    let vouched = "scope,year,indicator,key,value,unit\nprovince,2018,area_ha,longan_grafted,0.801,ha\n";
    assert_eq!(parse_observed("o.csv", vouched, &s).unwrap()[0].value, 0.801);
    let plain = "scope,year,indicator,key,value\nprovince,2018,area_ha,longan_grafted,801\n";
    assert_eq!(parse_observed("o.csv", plain, &s).unwrap()[0].value, 801.0);
    assert!(e.message.vi.contains("dấu chấm ngăn cách hàng nghìn"), "{e:?}");
    // Where a comma is the decimal mark, a point groups thousands already:
    // only the thousands of ha are asked about.
    let comma = "scope;year;indicator;key;value\nprovince;2018;area_ha;longan_grafted;0,801\n";
    let e = parse_observed("o.csv", comma, &s).unwrap_err();
    let message = &e.0[0].message.vi;
    assert!(message.ends_with("có phải nghìn ha?") && !message.contains("dấu chấm"), "{message}");
}

/// A value in another unit is quoted as the file wrote it, read to a
/// Vietnamese reader with a decimal comma, and answered with the number
/// to write in the file's own form: a decimal comma where fields are
/// separated by `;` (a point there groups thousands, so 0.485 would not
/// be read).
#[test]
fn unit_hints_read_numbers_as_the_reader_and_the_file_do() {
    let s = open(SCENARIO);
    let refused = |text: &str| {
        let e = parse_observed("o.csv", text, &s).unwrap_err();
        let e = e.0[0].clone();
        let help = e.help.clone().expect("a hint");
        (e, help)
    };
    let (e, help) = refused("scope,year,indicator,key,value\nprovince,2018,hh_income_mean,,58.5\n");
    assert!(e.message.vi.starts_with("“58.5” VND/yr là dưới một nghìn đồng"), "{e:?}");
    assert!(help.vi.starts_with("nếu là 58,5 triệu đồng, hãy viết 58500000"), "{help:?}");
    assert!(help.en.starts_with("for 58.5 million đồng, write 58500000"), "{help:?}");
    let (e, help) = refused("scope;year;indicator;key;value\nprovince;2018;tree_cover_pct;;0,485\n");
    assert!(e.message.vi.starts_with("“0,485” %"), "{e:?}");
    assert!(help.vi.starts_with("nếu là tỷ lệ 0,485, hãy viết 48,5;"), "{help:?}");
    assert!(help.en.contains("write 48,5;"), "{help:?}");
    // What the hint says to write is read as it says.
    let fixed = "scope;year;indicator;key;value\nprovince;2018;tree_cover_pct;;48,5\n";
    assert_eq!(parse_observed("o.csv", fixed, &s).unwrap()[0].value, 48.5);
    let (_, help) = refused("scope;year;indicator;key;value\nprovince;2018;hh_income_gini;;35,5\n");
    assert!(help.vi.starts_with("nếu là 35,5%, hãy viết 0,355"), "{help:?}");
    let fixed = "scope;year;indicator;key;value\nprovince;2018;hh_income_gini;;0,355\n";
    assert_eq!(parse_observed("o.csv", fixed, &s).unwrap()[0].value, 0.355);
}

/// A crop may be named as the workbook and report name it, in either
/// language; an unknown one is answered with every id and its name.
#[test]
fn crops_are_read_by_their_names_too() {
    let s = open(SCENARIO);
    let row = |key: &str| format!("scope,year,indicator,key,value\nSông Mã,2018,area_ha,{key},6098\n");
    let by_id = parse_observed("o.csv", &row("old_longan+longan_grafted"), &s).unwrap();
    let names = format!("{}+{}", s.crops[crop(&s, "old_longan")].name_vi, s.crops[crop(&s, "longan_grafted")].name_en);
    let by_name = parse_observed("o.csv", &row(&names.to_uppercase()), &s).unwrap();
    assert_eq!((&by_name[0].keys, &by_name[0].key_text), (&by_id[0].keys, &by_id[0].key_text));
    assert_eq!(by_name[0].key_text, "old_longan+longan_grafted", "kept by id");
    let e = parse_observed("o.csv", &row("Sầu riêng"), &s).unwrap_err();
    let help = e.0[0].help.clone().expect("a help");
    assert!(help.vi.contains(&format!("longan_grafted ({})", s.crops[crop(&s, "longan_grafted")].name_vi)), "{help:?}");
}

/// A workbook given as it is, rather than saved as CSV, is named for what
/// it is, not as text in the wrong code page.
#[test]
fn an_excel_workbook_given_as_the_observed_file_is_named() {
    let s = open(SCENARIO);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obs.xlsx");
    std::fs::write(&path, b"PK\x03\x04\x14\x00\x06\x00 rest of a zip archive").unwrap();
    let e = read_observed(&path, &s).unwrap_err();
    let e = &e.0[0];
    assert!(e.message.en.contains("Excel workbook") && e.message.vi.contains("bảng tính Excel"), "{e:?}");
    assert!(e.help.as_ref().is_some_and(|h| h.en.contains("CSV UTF-8")), "{e:?}");
}

/// Excel's plain "CSV (Comma delimited)" writes Vietnamese in a Windows
/// code page: the error says where and how to save the file instead.
#[test]
fn an_observed_file_not_in_utf8_is_explained() {
    let s = open(SCENARIO);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obs.csv");
    // "Sông Mã" with ô as Windows-1258 writes it (one byte, 0xF4).
    let mut bytes = b"scope,year,indicator,key,value\nS".to_vec();
    bytes.extend([0xF4]);
    bytes.extend(b"ng Ma,2018,area_ha,longan_grafted,6098\n");
    std::fs::write(&path, bytes).unwrap();
    let e = read_observed(&path, &s).unwrap_err();
    let e = &e.0[0];
    assert_eq!((e.line, e.column), (2, 2));
    assert!(e.help.as_ref().is_some_and(|h| h.en.contains("CSV UTF-8") && h.vi.contains("CSV UTF-8")), "{e:?}");
}

/// Excel's other text formats, "Unicode Text" (UTF-16) and "Text (Tab
/// delimited)", are named for what they are, with how to save a CSV,
/// rather than as a code page or a header that lacks every column.
#[test]
fn excel_s_unicode_and_tab_delimited_text_are_named() {
    let s = open(SCENARIO);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obs.txt");
    let text = "scope\tyear\tindicator\tkey\tvalue\nprovince\t2018\tarea_ha\tlongan_grafted\t6098\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, utf16).unwrap();
    let e = read_observed(&path, &s).unwrap_err();
    let e = &e.0[0];
    assert!(e.message.en.contains("UTF-16") && e.message.vi.contains("Unicode Text"), "{e:?}");
    assert!(e.help.as_ref().is_some_and(|h| h.en.contains("CSV UTF-8")), "{e:?}");
    let e = parse_observed("obs.txt", text, &s).unwrap_err();
    let e = &e.0[0];
    assert_eq!((e.line, e.column), (1, 6), "at the first tab");
    assert!(e.message.en.contains("separated by tabs") && e.message.vi.contains("dấu tab"), "{e:?}");
}
