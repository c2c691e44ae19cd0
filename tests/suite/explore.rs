//! Comparing scenarios, the crop-mix frontier and sensitivity: the
//! properties that make their answers trustworthy.

use calamine::Reader;
use std::process::Command;

use agroshift::engine::{Silent, run_replicates};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::explore::frontier::{Ranking, Target, direction, frontier, frontier_province, mix_scenario};
use agroshift::province::build_province;
use agroshift::stats::indicators::Better;
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
    // A tie is not a win: the twin does better in no replicate; the first
    // has no chance against itself.
    let (first, twin): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.chance_tied.is_none());
    assert_eq!(first.len(), twin.len());
    assert!(first.iter().all(|r| r.chance_better.is_none()), "{first:?}");
    assert!(twin.iter().all(|r| r.chance_tied == Some(1.0)), "{twin:?}");
    assert!(
        twin.iter().all(|r| r.chance_better == if r.outcome == "subsidy_cum_vnd" { None } else { Some(0.0) }),
        "{twin:?}"
    );
    // And a different policy does differ, paired replicate by replicate.
    let runs = vec![run(small("sonla-baseline")), run(small("sonla-planned"))];
    let rows = compare(&runs, &[7], &fruit_crops(&runs));
    let area = rows.iter().find(|r| r.scenario == "sonla-planned" && r.outcome == "fruit_area_ha").unwrap();
    assert!(area.diff_p5 > 0.0, "the plan converts more land in every replicate: {area:?}");
    assert_eq!(area.chance_better, Some(1.0), "so it does better on fruit area in every one: {area:?}");
    // Spending is a cost, with no better side; the plan, which pays
    // support, spends more.
    let spent = rows.iter().find(|r| r.scenario == "sonla-planned" && r.outcome == "subsidy_cum_vnd").unwrap();
    assert!(spent.diff_mean > 0.0 && spent.chance_better.is_none(), "{spent:?}");
}

/// Mean of `indicator` in year index `year` over the replicates of a
/// plain run of `s` on its own province: what a frontier point must equal.
fn standalone_mean(s: &agroshift::scenario::Scenario, indicator: Indicator, year: usize) -> f64 {
    standalone_mean_in(s, indicator, year, 0)
}

/// [`standalone_mean`] in record scope `scope` (0: the province).
fn standalone_mean_in(s: &agroshift::scenario::Scenario, indicator: Indicator, year: usize, scope: usize) -> f64 {
    let records = run_replicates(s, &build_province(s), &Silent).unwrap();
    let layout = &records.layout;
    let values: Vec<f64> = (0..records.replicates)
        .map(|r| records.replicate(r)[layout.index(year, scope, layout.slot(indicator, 0))])
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

/// `--focus` makes a frontier rank the mixes by the focus districts'
/// outcome, not the province's (it once ranked by the province's in silence).
#[test]
fn a_frontier_with_a_focus_ranks_by_the_focus_districts() {
    let mut s = small("sonla-planned");
    s.focus = s.zones_named(&["Mai Sơn".to_string(), "Yên Châu".to_string()]).unwrap();
    let group = s.focus_scope_index();
    assert_eq!(group, 1 + s.zones.len(), "two districts are recorded together");
    let longan = s.crop_by_key("longan_grafted").unwrap().id;
    let province = frontier_province(&s, &[longan]);
    let target = Target { indicator: Indicator::FarmIncomeVnd, key: 0, year: 7, scope: group };
    let ranking = Ranking { target, better: Better::Higher };
    let results = frontier(&s, &province, &[longan], 0.1, ranking, &|_, _| {}, &Silent).unwrap();
    let mixed = mix_scenario(&s, &[longan], &[1.0]);
    let districts = standalone_mean_in(&mixed, Indicator::FarmIncomeVnd, 7, group);
    let whole = standalone_mean_in(&mixed, Indicator::FarmIncomeVnd, 7, 0);
    assert!((results[0].mean - districts).abs() <= 1e-9 * districts.abs(), "{} vs {districts}", results[0].mean);
    assert!(districts < 0.5 * whole, "two districts of twelve earn less than the province: {districts} vs {whole}");
}

#[test]
fn a_frontier_over_one_crop_is_the_plain_run_of_that_crop() {
    let s = small("sonla-planned");
    let longan = s.crop_by_key("longan_grafted").unwrap().id;
    let province = frontier_province(&s, &[longan]);
    let target = Target { indicator: Indicator::FarmIncomeVnd, key: 0, year: 7, scope: 0 };
    let results =
        frontier(&s, &province, &[longan], 0.1, Ranking { target, better: Better::Higher }, &|_, _| {}, &Silent)
            .unwrap();
    assert_eq!(results.len(), 1);
    // The frontier's shared province and its mix give exactly what the
    // mixed scenario gives when run on its own (the taste slots once broke
    // this), and the crash share is a share.
    let alone = standalone_mean(&mix_scenario(&s, &[longan], &[1.0]), Indicator::FarmIncomeVnd, 7);
    assert!((results[0].mean - alone).abs() <= 1e-9 * alone.abs(), "{} vs {alone}", results[0].mean);
    assert!((0.0..=1.0).contains(&results[0].crash_probability));
}

#[test]
fn every_mix_of_a_frontier_is_the_plain_run_of_that_mix() {
    let s = small("sonla-planned");
    let crops = [s.crop_by_key("longan_grafted").unwrap().id, s.crop_by_key("mango_grafted").unwrap().id];
    let province = frontier_province(&s, &crops);
    let target = Target { indicator: Indicator::FarmIncomeVnd, key: 0, year: 7, scope: 0 };
    let results =
        frontier(&s, &province, &crops, 0.5, Ranking { target, better: Better::Higher }, &|_, _| {}, &Silent).unwrap();
    assert_eq!(results.iter().map(|r| r.shares.clone()).collect::<Vec<_>>(), [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]);
    for r in &results {
        let alone = standalone_mean(&mix_scenario(&s, &crops, &r.shares), Indicator::FarmIncomeVnd, 7);
        assert!((r.mean - alone).abs() <= 1e-9 * alone.abs(), "{:?}: {} vs {alone}", r.shares, r.mean);
    }
    // The mixes differ: the crop mix reaches farm income.
    assert!(results[0].mean != results[2].mean);
}

/// A crop's area is better smaller where the policy converts from it,
/// larger where it plants it, and neither for a crop it leaves alone.
#[test]
fn the_frontier_reads_a_crops_area_by_what_the_policy_does_with_it() {
    let s = small("sonla-planned");
    let area_of = |crop: &str| Target {
        indicator: Indicator::AreaHa,
        key: s.crop_by_key(crop).unwrap().id.index(),
        year: 7,
        scope: 0,
    };
    assert_eq!(direction(&s, area_of("maize")), Some(Better::Lower));
    assert_eq!(direction(&s, area_of("old_longan")), Some(Better::Lower), "top-worked onto grafted longan");
    assert_eq!(direction(&s, area_of("longan_grafted")), Some(Better::Higher));
    assert_eq!(direction(&s, area_of("paddy")), None);
    let whole = |indicator| Target { indicator, key: 0, year: 7, scope: 0 };
    assert_eq!(direction(&s, whole(Indicator::HhIncomeGini)), Some(Better::Lower));
    assert_eq!(direction(&s, whole(Indicator::FarmIncomeVnd)), Some(Better::Higher));
    assert_eq!(direction(&s, whole(Indicator::SubsidyVnd)), None);
}

/// Where less is better (the Gini), the frontier's downside is the 95th
/// percentile and the mixes not beaten are the least unequal: checked
/// against the rule applied by hand to frontier.csv's own numbers. An
/// outcome with no better side (money spent) is refused before anything runs.
#[test]
fn a_frontier_where_less_is_better_keeps_the_lowest_mixes() {
    let dir = tempfile::tempdir().unwrap();
    let frontier_of = |indicator: &str, out: &str| {
        Command::new(env!("CARGO_BIN_EXE_agroshift"))
            .args(["frontier", "sonla-planned", "--crops", "longan_grafted,mango_grafted,plum_grafted", "--step"])
            .args(["0.5", "--indicator", indicator, "--scale", "0.01", "--replicates", "4", "--years", "8"])
            .args(["--quiet", "--lang", "en", "--out"])
            .arg(dir.path().join(out))
            .output()
            .unwrap()
    };
    let o = frontier_of("hh_income_gini", "gini");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    // Its manifest says what was run, enough to run it again.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("gini/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["command"], "frontier");
    assert_eq!(manifest["settings"]["crops"], serde_json::json!(["longan_grafted", "mango_grafted", "plum_grafted"]));
    assert_eq!(
        (manifest["settings"]["step"].as_f64(), manifest["settings"]["target"]["indicator"].as_str()),
        (Some(0.5), Some("hh_income_gini"))
    );
    let run = &manifest["scenarios"][0];
    assert_eq!(
        (run["scenario"].as_str(), run["replicates"].as_u64(), run["years"].as_u64()),
        (Some("sonla-planned"), Some(4), Some(8))
    );
    assert_eq!(
        (run["scale"].as_f64(), run["seed"].as_u64()),
        (Some(0.01), Some(open("sonla-planned").simulation.seed))
    );
    assert!(run["resolved_scenario"].as_str().unwrap().contains("[policy]"), "{run}");
    assert!(
        manifest["wall_time_s"].as_f64().unwrap() > 0.0 && manifest["files"].as_array().unwrap().len() > 2,
        "{manifest}"
    );
    let mut file = csv::Reader::from_path(dir.path().join("gini/frontier.csv")).unwrap();
    let header: Vec<String> =
        file.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    assert!(!header.iter().any(|h| h == "p5"), "the downside of a Gini is its 95th percentile: {header:?}");
    let (mean, p95, efficient) = (column("mean"), column("p95"), column("efficient"));
    let rows: Vec<(f64, f64, bool)> = file
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[mean].parse().unwrap(), r[p95].parse().unwrap(), &r[efficient] == "yes")
        })
        .collect();
    assert_eq!(rows.len(), 6);
    for (i, &(m, d, marked)) in rows.iter().enumerate() {
        let beaten = rows.iter().any(|&(m2, d2, _)| m2 <= m && d2 <= d && (m2 < m || d2 < d));
        assert_eq!(marked, !beaten, "mix {i} ({m}, {d}) in {rows:?}");
    }
    let lowest = rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
    let highest = rows.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
    assert!(lowest < highest, "the mixes differ: {rows:?}");
    assert!(rows.iter().any(|r| r.0 == lowest && r.2), "the least unequal mix is not beaten: {rows:?}");
    assert!(rows.iter().any(|r| !r.2), "some mix is beaten: {rows:?}");

    let o = frontier_of("subsidy_vnd", "spent");
    assert_eq!(o.status.code(), Some(2));
    let says = String::from_utf8_lossy(&o.stderr);
    assert!(says.contains("subsidy_vnd") && says.contains("no better side"), "{says}");
    assert!(!dir.path().join("spent").exists(), "nothing written");
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
    let mut file = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = file.headers().unwrap().iter().map(str::to_string).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (effect, se, noise) = (column("effect_high_minus_low"), column("effect_se"), column("within_noise"));
    let rows: Vec<(f64, f64, String)> = file
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[effect].parse().unwrap(), r[se].parse().unwrap(), r[noise].to_string())
        })
        .collect();
    let effects: Vec<f64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(effects.len(), 8);
    // Each effect carries its Monte Carlo error, and is marked where its
    // 95% interval over 4 paired replicates (t with 3 degrees of freedom,
    // 3.182) includes 0.
    assert!(rows.iter().all(|r| r.1.is_finite() && r.1 >= 0.0) && rows.iter().any(|r| r.1 > 0.0), "{rows:?}");
    for (effect, se, noise) in &rows {
        let half_width = 3.182 * se;
        if (effect.abs() - half_width).abs() > 1e-9 * half_width.max(1.0) {
            assert_eq!(noise, if effect.abs() < half_width { "yes" } else { "no" }, "{rows:?}");
        }
    }
    assert!(effects.windows(2).all(|w| w[0].abs() >= w[1].abs()), "{effects:?}");
    assert!(effects[0].abs() > 0.0, "prices or yields move farm income");
    assert!(
        text.contains("prices")
            && dir.path().join("s/tornado.png").exists()
            && dir.path().join("s/tornado.svg").exists()
    );
    // The legend stands right of every bar, and names the base run's value.
    let svg = std::fs::read_to_string(dir.path().join("s/tornado.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let number = |n: roxmltree::Node<'_, '_>, attribute: &str| -> f64 {
        n.attribute(attribute).and_then(|v| v.parse().ok()).unwrap_or(0.0)
    };
    let bars_end = doc
        .descendants()
        // Bars are taller than the legend's swatches (28 px).
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("#FFFFFF") && number(*n, "height") > 40.0)
        .map(|n| number(n, "x") + number(n, "width"))
        .fold(0.0, f64::max);
    let legend: Vec<(String, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| Some((n.text()?.trim().to_string(), number(n, "x"))))
        .filter(|(t, _)| ["Giảm 20%", "Tăng 20%", "Lần chạy cơ sở"].iter().any(|w| t.starts_with(w)))
        .collect();
    assert!(bars_end > 0.0, "no bar found");
    assert_eq!(legend.len(), 3, "{legend:?}");
    assert!(legend.iter().all(|(_, x)| *x > bars_end), "{legend:?} left of a bar's end at {bars_end}");
    // The file's base is in VND (farm income, the default indicator); the
    // chart's in billion VND. The indicator's label may hold commas.
    let first_row = text.lines().nth(1).unwrap();
    assert!(first_row.contains(",VND,"), "{first_row}");
    // From the end: within_noise, effect_se, effect, high, base, low.
    let base_mean: f64 = first_row.rsplit(',').nth(4).unwrap().parse::<f64>().unwrap() / 1e9;
    // The label may wrap after its colon: read the words that follow it.
    let words: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    let words = words.join(" ");
    let base_shown = words
        .split("Lần chạy cơ sở:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|t| t.replace('.', "").replace(',', "."))
        .and_then(|t| t.parse::<f64>().ok())
        .expect("the base run's value beside its label");
    assert!((base_shown - base_mean).abs() <= 0.01 * base_mean.abs(), "{base_shown} against {base_mean}");
    // The largest lever's low and high runs are written at its bars' ends
    // (in billion VND, with the reader's marks).
    let shown_numbers: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text()?.trim().replace('.', "").replace(',', ".").parse::<f64>().ok())
        .collect();
    let fields: Vec<&str> = first_row.rsplit(',').collect();
    let (low, high) = (fields[5].parse::<f64>().unwrap() / 1e9, fields[3].parse::<f64>().unwrap() / 1e9);
    for run in [low, high] {
        assert!(
            shown_numbers.iter().any(|v| (v - run).abs() <= 0.005 * run.abs()),
            "{run} is written at a bar's end: {shown_numbers:?}"
        );
    }
}

/// `sensitivity` and `frontier` print their summaries in the language
/// asked for, with the crops' and levers' names rather than file keys,
/// within the terminal's 100 columns.
#[test]
fn sensitivity_and_frontier_summaries_speak_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
            .args(args)
            .args(["--scale", "0.01", "--replicates", "2", "--years", "6", "--out"])
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= 100), "a line over 100 columns:\n{text}");
        text
    };
    let vi = run(&["sensitivity", "sonla-restructuring"], "s-vi");
    assert!(vi.contains("lần chạy cơ sở") && vi.contains("Giá bán") && vi.contains("chênh lệch"), "{vi}");
    assert!(!vi.contains("effect") && !vi.contains("prices"), "{vi}");
    let en = run(&["sensitivity", "sonla-restructuring", "--lang", "en"], "s-en");
    assert!(en.contains("base run") && en.contains("Prices") && en.contains("effect"), "{en}");
    let crops = ["--crops", "longan_grafted,mango_grafted,plum_grafted", "--step", "0.5"];
    let frontier = run(&[&["frontier", "sonla-planned"][..], &crops[..]].concat(), "f-vi");
    assert!(
        frontier.contains("tổ hợp") && frontier.contains("Nhãn ghép") && frontier.contains("Kết quả"),
        "{frontier}"
    );
    assert!(!frontier.contains("longan_grafted") && !frontier.contains("mixes"), "{frontier}");
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
            "--out",
        ])
        .arg(dir.path().join("c"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "comparison.csv",
        "report.html",
        "report.docx",
        "comparison.xlsx",
        "figures/difference-households-above-threshold.png",
        "figures/difference-households-below-poverty.png",
        "figures/difference-subsidy-spent.svg",
    ] {
        assert!(dir.path().join("c").join(f).exists(), "{f} missing");
    }
    // The manifest names both scenarios as they ran, paired.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("c/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["command"], "compare");
    let runs = manifest["scenarios"].as_array().unwrap();
    let names: Vec<&str> = runs.iter().map(|r| r["scenario"].as_str().unwrap()).collect();
    assert_eq!(names, ["sonla-baseline", "sonla-restructuring"]);
    assert!(runs.iter().all(|r| r["replicates"] == 3 && r["years"] == 5 && r["seed"] == runs[0]["seed"]), "{manifest}");
    let html = std::fs::read_to_string(dir.path().join("c/report.html")).unwrap();
    assert!(!html.contains("http") && !html.contains("<script"), "self-contained");
    // Read by people: indicators by name, money in billions, the chance of
    // doing better, the poverty difference charted.
    for code in ["hh_above_threshold", "hh_below_poverty", "subsidy_cum_vnd", "farm_income_vnd"] {
        assert!(!html.contains(code), "the report names {code}");
    }
    let text = html.split("<figure").next().unwrap();
    let digits_in_a_row = text
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .map(|run| run.chars().filter(char::is_ascii_digit).count())
        .max()
        .unwrap();
    assert!(digits_in_a_row <= 9, "a number of {digits_in_a_row} digits: money not in billions");
    assert!(html.contains("Khả năng B tốt hơn") && html.contains("Số hộ dưới chuẩn nghèo (hộ)"));
    assert!(html.contains("Chênh lệch so với A: số hộ dưới chuẩn nghèo"), "the poverty difference is charted");
    // The fruit area says which crops it counts and which orchards it leaves out.
    assert!(
        html.contains("Diện tích các cây ăn quả chuyển đổi sang: nhãn ghép, xoài ghép, mận hậu ghép")
            && html.contains("nhãn giống cũ (cây thực sinh)")
            && html.contains("kể cả vườn chưa thuần thục, nên không so được"),
        "the fruit crops are named"
    );
    // Both outcomes of the fruit crops name them the same way: the crops
    // converted to, not "converted" area.
    assert!(html.contains("Giá trị sản xuất trên 1 ha đang cho quả của các cây ăn quả chuyển đổi sang"));
    assert!(!html.contains("cây ăn quả chuyển đổi đang cho quả"));
    // The workbook keeps the chance of a tie beside the chance of doing better.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("c/comparison.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[10..], ["Khả năng tốt hơn", "Khả năng bằng nhau", "Phạm vi"]);
    let base_year_tie = sheet
        .rows()
        .find(|r| r[0] == calamine::Data::String("sonla-restructuring".into()) && r[3] == calamine::Data::Float(2016.0))
        .map(|r| r[11].clone());
    assert!(matches!(base_year_tie, Some(calamine::Data::Float(t)) if (0.0..=1.0).contains(&t)), "{base_year_tie:?}");
    // The terminal prints the tables, within 100 columns.
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("Chênh lệch B − A") && stdout.contains("Số hộ dưới chuẩn nghèo"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() <= 100), "{stdout}");
    // And what each costs in the plan period: the baseline pays no support,
    // restructuring does, so B − A is the programme's whole cost.
    assert!(stdout.contains("Ngân sách theo kỳ kế hoạch (toàn tỉnh)"), "{stdout}");
    let support = stdout
        .lines()
        .find(|l| l.starts_with("2016–2020: Tổng kinh phí hỗ trợ (tỷ đồng)"))
        .unwrap_or_else(|| panic!("no support row:\n{stdout}"));
    let cells: Vec<&str> = support.split_whitespace().rev().take(3).collect();
    assert_eq!(cells[2], "0,0", "{support}");
    assert!(cells[0].starts_with('+') && cells[0][1..] == *cells[1], "B − A is B's cost: {support}");
    assert!(html.contains("Ngân sách theo kỳ kế hoạch (toàn tỉnh)"), "the budget in the report");
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["frontier", "sonla-restructuring", "--scale", "0.01", "--replicates", "2", "--out"])
        .arg(dir.path().join("f"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // Said in the planner's language, Vietnamese unless told otherwise.
    let says = String::from_utf8_lossy(&o.stderr);
    assert!(says.starts_with("lỗi: sonla-restructuring không ở chế độ kế hoạch"), "{says}");
    assert!(!dir.path().join("f").exists(), "nothing written");
}

/// `sensitivity --focus` measures the focus district's outcome and says so.
#[test]
fn a_sensitivity_with_a_focus_measures_the_focus_district() {
    let dir = tempfile::tempdir().unwrap();
    let base_of = |focus: &[&str], out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
            .args(["sensitivity", "sonla-restructuring", "--indicator", "area_ha", "--key", "longan_grafted"])
            .args(["--year", "2018", "--scale", "0.01", "--replicates", "2", "--years", "3", "--quiet", "--out", out])
            .args(focus)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let text = std::fs::read_to_string(dir.path().join(out).join("sensitivity.csv")).unwrap();
        let row: Vec<String> = text.lines().nth(1).unwrap().split(',').map(String::from).collect();
        let label = text.lines().nth(1).unwrap().split('"').nth(1).unwrap().to_string();
        // The base is the fifth field from the end (low, base, high, effect, error, mark).
        (row[row.len() - 5].parse::<f64>().unwrap(), label)
    };
    let (province, province_label) = base_of(&[], "all");
    let (district, district_label) = base_of(&["--focus", "Mai Sơn"], "mai-son");
    assert!(district > 0.0 && district < 0.5 * province, "Mai Sơn {district} ha of the province's {province} ha");
    assert!(district_label.contains("Mai Sơn") && !province_label.contains("Mai Sơn"), "{district_label}");
}

/// `compare --focus` reads every run in the districts it names: a
/// district's households are fewer than the province's, and every row says
/// where it speaks of. A scenario without the district is refused before
/// anything runs.
#[test]
fn a_focused_comparison_speaks_of_its_districts() {
    let runs = vec![run(small("sonla-baseline")), run(small("sonla-restructuring"))];
    let fruit = fruit_crops(&runs);
    let province = compare(&runs, &[7], &fruit);
    let mut in_mai_son = runs;
    for r in &mut in_mai_son {
        r.scenario.focus = r.scenario.zones_named(&["Mai Sơn".to_string()]).unwrap();
    }
    let district = compare(&in_mai_son, &[7], &fruit);
    assert_eq!(province.len(), district.len());
    assert!(province.iter().all(|r| r.scope == "province") && district.iter().all(|r| r.scope == "Mai Sơn"));
    let poor = |rows: &[agroshift::explore::compare::ComparisonRow]| {
        rows.iter().find(|r| r.scenario == "sonla-baseline" && r.outcome == "hh_below_poverty").unwrap().mean
    };
    assert!(
        poor(&district) > 0.0 && poor(&district) < 0.5 * poor(&province),
        "{} {}",
        poor(&district),
        poor(&province)
    );
    // Two districts together: a scope the runs record when the focus is
    // set before them, as `compare --focus` sets it.
    let two = ["Mai Sơn".to_string(), "Yên Châu".to_string()];
    let focused = |name: &str| {
        let mut s = small(name);
        s.focus = s.zones_named(&two).unwrap();
        run(s)
    };
    let together = compare(&[focused("sonla-baseline"), focused("sonla-restructuring")], &[7], &fruit);
    assert!(together.iter().all(|r| r.scope == "Mai Sơn + Yên Châu"), "{:?}", together[0].scope);
    assert!(poor(&together) > poor(&district) && poor(&together) < poor(&province));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("communes.toml"),
        "extends = \"sonla-restructuring\"\nname = \"communes\"\nreplace_zones = true\n[zones.\"Mường Bú\"]\n\
         natural_area_ha = 30000\nforest_ha = 10000\nhouseholds = 3000\narea_ha = { maize = 4000, paddy = 500 }\n",
    )
    .unwrap();
    let o = crate::common::agroshift_in_english(
        &["compare", "sonla-baseline", "communes.toml", "--focus", "Mai Sơn", "--scale", "0.01", "--replicates", "2"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", crate::common::stderr(&o));
    let said = crate::common::stderr(&o);
    assert!(said.contains("communes.toml: --focus:") && said.contains("Mai Sơn"), "{said}");
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, ["communes.toml"], "nothing written");
}

#[test]
fn a_later_scenario_s_own_focus_is_said_to_give_way_to_the_first_s() {
    let dir = tempfile::tempdir().unwrap();
    let focused = dir.path().join("focused.toml");
    std::fs::write(
        &focused,
        "extends = \"sonla-restructuring\"\nname = \"focused\"\n[report]\nfocus = [\"Mai Sơn\"]\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["--lang", "en", "compare", "sonla-baseline"])
        .arg(&focused)
        .args(["--scale", "0.01", "--replicates", "2", "--years", "3", "--out"])
        .arg(dir.path().join("c"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stderr).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("speaks of Mai Sơn, but the comparison speaks of the province")
            && said.contains("add --focus \"Mai Sơn\""),
        "{said}"
    );
}
