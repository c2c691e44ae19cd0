//! Nothing a planner types can crash the program, hang it, or lose a
//! result: one test per class of defect found by a hostile-user pass
//! (issue 9), each run against the real binary where the defect showed.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use agroshift::engine::{RunStopped, Silent, simulate};
use agroshift::scenario;

use crate::common::{agroshift, agroshift_in_english, leftovers, stderr};

/// A quick run's size: the smallest scale at which every Sơn La zone keeps
/// 20 households, two replicates, three years.
const TINY: [&str; 6] = ["--scale", "0.0025", "--replicates", "2", "--years", "3"];

fn with_tiny<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(TINY);
    all
}

/// A tiny frontier of `scenario` at step 0.5 into `dir/f`, with `extra` options.
fn tiny_frontier(dir: &Path, scenario: &str, extra: &[&str]) -> std::process::Output {
    let mut args = with_tiny(&["frontier", scenario, "--step", "0.5", "--out", "f", "--quiet"]);
    args.extend(extra);
    agroshift(&args, dir)
}

/// Writes `text` as `name` in `dir` and returns the path as a string.
fn scenario_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn frontier_runs_on_crops_outside_the_plans_targets() {
    // Class 1: the README's own example panicked when a frontier crop was
    // not among the plan's `to_crops` (taste slots were made for them alone).
    let dir = tempfile::tempdir().unwrap();
    let plan = scenario_file(
        dir.path(),
        "two-crops.toml",
        "extends = \"sonla-planned\"\n[policy]\nto_crops = [\"longan_grafted\", \"mango_grafted\"]\n",
    );
    let o = tiny_frontier(dir.path(), &plan, &["--crops", "longan_grafted,mango_grafted,plum_grafted"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("f/frontier.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 6, "six mixes of three crops at step 0.5:\n{csv}");
    // The file says the outcome's unit; the chart names every mix not
    // beaten, as the terminal does, so that it can be read on its own.
    let header: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().next().unwrap().split(',').collect();
    assert_eq!(header[3..5], ["outcome", "unit"], "{header:?}");
    let svg = std::fs::read_to_string(dir.path().join("f/frontier.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The names stand in the column right of the plot (wrapped there).
    use agroshift::output::charts::style::{LEGEND_COLUMN_PX, WIDTH_PX};
    let column: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter(|n| {
            n.attribute("x")
                .and_then(|x| x.parse::<f64>().ok())
                .is_some_and(|x| x >= f64::from(WIDTH_PX - LEGEND_COLUMN_PX))
        })
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let column = column.join(" ");
    let names = ["Nhãn ghép", "Xoài ghép", "Mận hậu ghép"];
    let mut named = 0;
    for row in csv.lines().skip(1) {
        let shares: Vec<f64> = row.split(',').take(3).map(|v| v.parse().unwrap()).collect();
        if !row.ends_with(",yes") && !shares.contains(&1.0) {
            continue;
        }
        let parts: Vec<String> = shares
            .iter()
            .zip(names)
            .filter(|(s, _)| **s > 0.0)
            .map(|(s, n)| if *s == 1.0 { format!("chỉ {n}") } else { format!("{n} {}%", (s * 100.0).round()) })
            .collect();
        let label = parts.join(", ");
        assert!(column.contains(&label), "frontier.svg names {label} beside the plot: {column}");
        named += 1;
    }
    assert!(named >= 3, "the three single crops at least:\n{csv}");
    // Plum's area is an outcome to rank by (more is better) though only the
    // frontier, not the scenario's plan, plants plum.
    let crops = ["--crops", "longan_grafted,mango_grafted,plum_grafted", "--force"];
    let o =
        tiny_frontier(dir.path(), &plan, &[&crops[..], &["--indicator", "area_ha", "--key", "plum_grafted"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("f/frontier.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains(",p5,"), "more plum is better: {csv}");
}

#[test]
fn a_non_finite_indicator_stops_the_run_naming_it() {
    // Class 2: numbers that overflow are caught by the engine, not written.
    let mut s = scenario::open("sonla-planned").unwrap();
    s.simulation.scale = 0.0025;
    s.simulation.replicates = 3;
    s.simulation.years = 3;
    let longan = s.markets.iter().position(|m| m.key == "longan").unwrap();
    s.markets[longan].sigma = 350.0; // beyond its range: only the library lets it through
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let stopped = pool.install(|| simulate(&s, &Silent)).err().expect("the run must stop");
    let RunStopped::NonFinite(bad) = stopped else { panic!("expected a non-finite value, got {stopped:?}") };
    assert_eq!(bad.replicate, 0, "the lowest replicate is named whatever the threads");
    let text = bad.to_string();
    assert!(text.contains(bad.indicator) && text.contains(&bad.year.to_string()), "{text}");
    assert!(!bad.value.is_finite());
}

#[test]
fn numbers_that_overflow_are_refused_by_check() {
    // Class 2 and 6: what used to hang, abort or wrap is refused up front.
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[markets.longan]\nsigma = 350", "markets.longan.sigma"),
        ("[crops.maize]\nyield_t_ha_S1 = 1e308", "crops.maize.yield_t_ha_S1"),
        ("[parameters]\nother_income_sigma = 1e308", "parameters.other_income_sigma"),
        ("[policy]\ncredit_rate = 1e308", "policy.credit_rate"),
        ("[zones.\"Sông Mã\"]\nhouseholds = 1e308", "zones.\"Sông Mã\".households"),
        ("[zones.\"Sông Mã\"]\nhouseholds = 9.2e18", "zones.\"Sông Mã\".households"),
        ("[crops.longan_grafted]\nlifespan = 4000000000", "crops.longan_grafted.lifespan"),
        ("[crops.longan_grafted]\nlifespan = 65536", "crops.longan_grafted.lifespan"),
        ("[parameters]\nplanning_horizon = 4000000000", "parameters.planning_horizon"),
        ("[parameters]\nhousehold_size_extra_mean = 1e10", "parameters.household_size_extra_mean"),
        ("[simulation]\nreplicates = 4294967295", "simulation.replicates"),
    ];
    for (i, (body, field)) in cases.iter().enumerate() {
        let path = scenario_file(dir.path(), &format!("c{i}.toml"), &format!("extends = \"sonla-planned\"\n{body}\n"));
        let o = agroshift(&["check", &path], dir.path());
        assert_eq!(o.status.code(), Some(2), "{body}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("c{i}.toml:3:")), "{body}: the line is named: {err}");
        assert!(err.contains(field), "{body}: the field is named: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_percent_typed_for_a_rate_is_an_error_that_says_so() {
    // Class 6: `credit_rate = 6.6` passed.
    let dir = tempfile::tempdir().unwrap();
    let path = scenario_file(dir.path(), "p.toml", "extends = \"sonla-planned\"\n[policy]\ncredit_rate = 6.6\n");
    let o = agroshift_in_english(&["check", &path], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("p.toml:3:1: policy.credit_rate") && err.contains("found 6.6"), "{err}");
    assert!(err.contains("if you meant 6.6%, write 0.066"), "{err}");
}

#[test]
fn a_scenario_name_is_a_plain_file_name() {
    // Class 3 and 11: "", "../x", "/abs", ".." and a NUL were used as paths.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::write(dir.path().join("out/keep.txt"), "precious").unwrap();
    for name in ["", "../x", "/tmp/abs", "..", ".", "a\\u0000b", "a/b", ".hidden"] {
        let path = scenario_file(dir.path(), "n.toml", &format!("extends = \"sonla-planned\"\nname = \"{name}\"\n"));
        let o = agroshift(&with_tiny(&["run", &path, "--force", "--quiet"]), dir.path());
        assert_eq!(o.status.code(), Some(2), "name {name:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("n.toml:2:1: name:"), "name {name:?}: {}", stderr(&o));
    }
    assert!(dir.path().join("out/keep.txt").exists(), "nothing deleted");
    assert!(!dir.path().join("x").exists());
    // Vietnamese letters are welcome.
    let path = scenario_file(dir.path(), "v.toml", "extends = \"sonla-planned\"\nname = \"kế-hoạch_Mai.Sơn\"\n");
    let o = agroshift(&["check", &path], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn force_replaces_only_earlier_results_or_empty_folders() {
    // Class 4: `--force` wiped a folder holding a thesis; `plot R --out R`
    // deleted the run's own inputs.
    let dir = tempfile::tempdir().unwrap();
    let thesis = dir.path().join("thesis");
    std::fs::create_dir(&thesis).unwrap();
    std::fs::write(thesis.join("chapter1.tex"), "years of work").unwrap();
    let o = agroshift_in_english(
        &with_tiny(&["run", "sonla-planned", "--out", "thesis", "--force", "--quiet"]),
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(thesis.join("chapter1.tex")).unwrap(), "years of work");

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = agroshift_in_english(&with_tiny(&["run", "sonla-planned", "--out", "empty", "--quiet"]), dir.path());
    assert_eq!(o.status.code(), Some(0), "an empty folder is used: {}", stderr(&o));

    for out in ["empty", "empty/..", "."] {
        let o = agroshift_in_english(&["plot", "empty", "--out", out, "--force"], dir.path());
        assert_eq!(o.status.code(), Some(2), "plot into {out}: {}", stderr(&o));
    }
    assert!(dir.path().join("empty/indicators.csv").exists(), "the run's inputs are kept");
    assert!(thesis.join("chapter1.tex").exists());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn force_keeps_results_saved_inside_an_earlier_result() {
    // A hostile pass: `run --out ketqua --force` deleted a run saved in
    // ketqua/ke-hoach, a note among it included, because a folder with a
    // manifest of its own was taken for part of the earlier result.
    let dir = tempfile::tempdir().unwrap();
    let run =
        |out: &str| agroshift(&with_tiny(&["run", "sonla-planned", "--out", out, "--force", "--quiet"]), dir.path());
    assert_eq!(run("ketqua").status.code(), Some(0));
    assert_eq!(run("ketqua/ke-hoach").status.code(), Some(0));
    let o = run("ketqua");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("ke-hoach/"), "the nested result is named: {}", stderr(&o));
    assert!(dir.path().join("ketqua/ke-hoach/indicators.csv").exists(), "the nested run is kept");
    std::fs::rename(dir.path().join("ketqua/ke-hoach"), dir.path().join("ke-hoach")).unwrap();

    // Charts that `plot` drew inside the run go with it, unless something
    // else was saved among them.
    let plot = agroshift(&["--lang", "en", "plot", "ketqua"], dir.path());
    assert_eq!(plot.status.code(), Some(0), "{}", stderr(&plot));
    std::fs::write(dir.path().join("ketqua/plots-en/ghi-chu.txt"), "ghi chú").unwrap();
    let o = run("ketqua");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("plots-en") && stderr(&o).contains("ghi-chu.txt"), "{}", stderr(&o));
    assert!(dir.path().join("ketqua/plots-en/ghi-chu.txt").exists());
    std::fs::remove_file(dir.path().join("ketqua/plots-en/ghi-chu.txt")).unwrap();
    // Nor a report edited among them: named as edited.
    let report = dir.path().join("ketqua/plots-en/report.docx");
    let written = std::fs::read(&report).unwrap();
    std::fs::write(&report, [written.as_slice(), b"edited"].concat()).unwrap();
    let o = run("ketqua");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("plots-en") && stderr(&o).contains("report.docx"), "{}", stderr(&o));
    std::fs::write(&report, written).unwrap();
    let o = run("ketqua");
    assert_eq!(o.status.code(), Some(0), "the run's own charts are replaced with it: {}", stderr(&o));
    assert!(!dir.path().join("ketqua/plots-en").exists());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

/// Starts the program in the background with piped output.
fn spawn(args: &[&str], dir: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(args)
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (at most 60 s) until `dir` holds an entry whose name starts with `prefix`.
fn wait_for_entry(dir: &Path, prefix: &str, child: &mut Child) {
    let start = Instant::now();
    let seen = || {
        std::fs::read_dir(dir)
            .map(|mut entries| entries.any(|e| e.unwrap().file_name().to_string_lossy().starts_with(prefix)))
            .unwrap_or(false)
    };
    while !seen() {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it was seen working");
        assert!(start.elapsed() < Duration::from_secs(60), "no {prefix}* appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A run long enough to be caught working (a few seconds).
const LONG: [&str; 8] = ["--scale", "0.05", "--replicates", "400", "--years", "20", "--quiet", "--force"];

#[test]
fn of_two_runs_into_one_folder_the_second_is_refused() {
    // Class 5: two runs into the same --out both exited 0 and one result was lost.
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "sonla-planned", "--out", "shared"];
    args.extend(LONG);
    let mut first = spawn(&args, dir.path());
    wait_for_entry(dir.path(), ".agroshift-partial-", &mut first);
    let second = agroshift_in_english(
        &with_tiny(&["run", "sonla-baseline", "--out", "shared", "--force", "--quiet"]),
        dir.path(),
    );
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(stderr(&second).contains("being written by another agroshift run"), "{}", stderr(&second));
    first.kill().unwrap();
    first.wait().unwrap();
}

#[cfg(unix)]
fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([format!("-{name}"), child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_stop_cleanly_and_leave_nothing() {
    // Class 10: an interrupted run left hidden staging folders.
    // The default output folder (out/, created by the run) and a second,
    // impatient Ctrl-C included.
    for (name, code, twice) in [("INT", 130, false), ("TERM", 143, false), ("INT", 130, true)] {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["run", "sonla-planned"];
        args.extend(LONG);
        let mut child = spawn(&args, dir.path());
        wait_for_entry(&dir.path().join("out"), ".agroshift-partial-", &mut child);
        signal(&child, name);
        if twice {
            signal(&child, name);
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{name}");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(names.is_empty(), "SIG{name} left {names:?}");
    }
}

#[cfg(unix)]
#[test]
fn what_a_killed_run_leaves_is_swept_by_the_next() {
    // Class 10: `kill -9` cannot be caught; the next run into the parent cleans up.
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "sonla-planned", "--out", "killed"];
    args.extend(LONG);
    let mut child = spawn(&args, dir.path());
    wait_for_entry(dir.path(), ".agroshift-partial-", &mut child);
    signal(&child, "KILL");
    child.wait().unwrap();
    assert!(!leftovers(dir.path()).is_empty(), "a killed run leaves its staging folder");
    let o = agroshift(&with_tiny(&["run", "sonla-baseline", "--out", "other", "--quiet"]), dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn frontier_refuses_to_plant_a_crop_on_its_own_land() {
    // A crop the plan converts from, offered as a crop to plant: as in a
    // scenario file's to_crops, it would count area and subsidy for nothing.
    let dir = tempfile::tempdir().unwrap();
    let plan = scenario_file(
        dir.path(),
        "old-orchards.toml",
        "extends = \"sonla-planned\"\n[policy]\nfrom_crops = [\"maize\", \"old_longan\"]\n",
    );
    let o = tiny_frontier(dir.path(), &plan, &["--crops", "old_longan,longan_grafted"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let says = stderr(&o);
    assert!(says.contains("\"old_longan\"") && says.contains("from_crops"), "{says}");
    assert!(!dir.path().join("f").exists(), "nothing written");
    // Without it the same frontier runs.
    let o = tiny_frontier(dir.path(), &plan, &["--crops", "longan_grafted,mango_grafted"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn sizes_are_bounded_before_anything_runs() {
    // Class 6 and 7: threads, replicates, frontier grid, extends depth, tiny scale.
    let dir = tempfile::tempdir().unwrap();
    let refused = |args: &[&str], says: &str| {
        let start = Instant::now();
        let o = agroshift_in_english(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(start.elapsed() < Duration::from_secs(20), "{args:?} was refused late");
    };
    refused(&["run", "--threads", "100000"], "at most");
    refused(&["run", "--replicates", "4294967295"], "--replicates");
    refused(&["run", "--scale", "1e-9"], "the smallest scale that works is 0.0025");
    refused(&["frontier", "sonla-planned", "--step", "1e-9"], "--step");
    refused(&["frontier", "sonla-planned", "--step", "0.001"], "mixes");
    refused(&["run", "--years", "100000"], "--years");
    // An extends chain deeper than 32 files.
    scenario_file(dir.path(), "e0.toml", "extends = \"sonla-planned\"\n");
    for i in 1..40 {
        scenario_file(dir.path(), &format!("e{i}.toml"), &format!("extends = \"e{}.toml\"\n", i - 1));
    }
    refused(&["check", "e39.toml"], "extends chains of more than 32 files");
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| e.unwrap().file_name().to_string_lossy().starts_with('e')));
}

/// A finished tiny run in `dir/name`.
fn tiny_run(dir: &Path, name: &str) {
    let o = agroshift_in_english(&with_tiny(&["run", "sonla-planned", "--out", name, "--quiet"]), dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn plot_refuses_damaged_results_naming_file_and_line() {
    // Class 8: an empty or truncated CSV gave an empty report; years = 0 panicked.
    let dir = tempfile::tempdir().unwrap();
    tiny_run(dir.path(), "good");
    let csv = std::fs::read_to_string(dir.path().join("good/indicators.csv")).unwrap();
    let manifest = std::fs::read_to_string(dir.path().join("good/manifest.json")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let damage = |name: &str, csv: String, manifest: String, says: &str| {
        let run = dir.path().join(name);
        std::fs::create_dir(&run).unwrap();
        std::fs::write(run.join("indicators.csv"), csv).unwrap();
        std::fs::write(run.join("manifest.json"), manifest).unwrap();
        let o = agroshift_in_english(&["plot", name], dir.path());
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(!run.join("plots-vi").exists(), "{name}: nothing written");
    };
    damage("empty", String::new(), manifest.clone(), "indicators.csv:1:1: expected the header");
    damage("header-only", format!("{}\n", lines[0]), manifest.clone(), "holds no results");
    damage("truncated", lines[..lines.len() / 2].join("\n") + "\n", manifest.clone(), "rows, but the run wrote");
    let mut inf = lines.clone();
    let cells: Vec<String> = inf[5].split(',').map(String::from).collect();
    let with_inf = [&cells[..5], &["inf".to_string()], &cells[6..]].concat().join(",");
    inf[5] = &with_inf;
    damage("inf", inf.join("\n") + "\n", manifest.clone(), "indicators.csv:6:1: mean: \"inf\" is not a finite number");
    let mut duplicated = lines.clone();
    duplicated[7] = duplicated[6];
    damage("duplicate", duplicated.join("\n") + "\n", manifest.clone(), "indicators.csv:8:1: ");
    let cells: Vec<String> = lines[5].split(',').map(String::from).collect();
    let negative_sd = [&cells[..6], &["-1".to_string()], &cells[7..]].concat().join(",");
    let mut with_negative_sd = lines.clone();
    with_negative_sd[5] = &negative_sd;
    damage(
        "negative-sd",
        with_negative_sd.join("\n") + "\n",
        manifest.clone(),
        "sd: a standard deviation is never negative",
    );
    for (field, bad) in [("years", "0"), ("replicates", "0"), ("scale", "0.0")] {
        let edited = manifest
            .lines()
            .map(|l| {
                if l.trim_start().starts_with(&format!("\"{field}\"")) {
                    format!("  \"{field}\": {bad},")
                } else {
                    l.into()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        damage(&format!("manifest-{field}"), csv.clone(), edited, &format!("manifest.json: {field}: expected"));
    }
    // A file the run's manifest lists, deleted: the report would lose its
    // budget in silence (a hostile pass).
    std::fs::remove_file(dir.path().join("good/budget.csv")).unwrap();
    let o = agroshift_in_english(&["plot", "good"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("budget.csv: is missing, though the run's manifest.json lists it"), "{}", stderr(&o));
    assert!(!dir.path().join("good/plots-vi").exists());
}

#[test]
fn runs_saved_before_a_setting_was_added_can_be_plotted() {
    // `other_income_growth` came in the second wave; a run saved without it
    // was made without growth, which is what its absence means.
    let dir = tempfile::tempdir().unwrap();
    tiny_run(dir.path(), "old");
    let path = dir.path().join("old/manifest.json");
    let manifest = std::fs::read_to_string(&path).unwrap();
    let without: String =
        manifest.split("\\n").filter(|l| !l.starts_with("other_income_growth")).collect::<Vec<_>>().join("\\n");
    assert_ne!(without, manifest, "the manifest held the setting");
    std::fs::write(&path, without).unwrap();
    let o = agroshift(&["plot", "old"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_one_line() {
    // Class 9: `crops | head -1` printed "Broken pipe"; `> /dev/full` panicked.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' crops | head -c 10 > /dev/null; echo \"exit ${{PIPESTATUS:-0}}\"",
            env!("CARGO_BIN_EXE_agroshift")
        ))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(["--lang", "en", "crops", "--cashflow", "longan_grafted"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader leaves before anything is written
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    if Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_agroshift")).arg("crops").stdout(full).output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("No space left") && !err.contains("panicked"), "{err}");
    }
}

#[test]
fn compare_refuses_same_names_and_different_years() {
    // Class 12: rows that could not be told apart; years silently replaced.
    let dir = tempfile::tempdir().unwrap();
    let twin = scenario_file(dir.path(), "twin.toml", "extends = \"sonla-planned\"\nname = \"sonla-planned\"\n");
    let o = agroshift_in_english(&with_tiny(&["compare", "sonla-planned", &twin, "--quiet"]), dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("both named \"sonla-planned\"") && stderr(&o).contains("name ="), "{}", stderr(&o));
    let later =
        scenario_file(dir.path(), "later.toml", "extends = \"sonla-planned\"\n[simulation]\nbase_year = 2018\n");
    let o = agroshift_in_english(
        &["compare", "sonla-baseline", &later, "--scale", "0.0025", "--replicates", "2"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("covers 2018–2037") && stderr(&o).contains("same years"), "{}", stderr(&o));
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| e.unwrap().path().is_file()), "nothing written");
}

#[test]
fn what_can_be_checked_is_checked_before_simulating() {
    // Class 11: a NUL in the name and `--out .` failed only after the whole
    // simulation. Here the run asked for is the whole province, 200
    // replicates (about a minute even in release), so a quick exit 2 proves
    // the refusal came first.
    let dir = tempfile::tempdir().unwrap();
    let nul = scenario_file(dir.path(), "nul.toml", "extends = \"sonla-planned\"\nname = \"a\\u0000b\"\n");
    for args in [vec!["run", nul.as_str()], vec!["run", "--out", "."], vec!["run", "--out", ".."]] {
        let start = Instant::now();
        let o = agroshift(&args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(start.elapsed() < Duration::from_secs(10), "{args:?} was refused only after {:?}", start.elapsed());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the scenario file is there");
}

#[test]
fn exploration_outputs_hold_no_nan() {
    // A per-hectare outcome of a crop a mix does not plant has no value.
    let dir = tempfile::tempdir().unwrap();
    // No plum in the base year, so only mixes with plum have plum figures.
    let mut no_plum = String::from("extends = \"sonla-planned\"\nname = \"no-plum\"\n");
    for zone in &scenario::open("sonla-planned").unwrap().zones {
        no_plum.push_str(&format!("[zones.\"{}\".area_ha]\nplum_grafted = 0\n", zone.name));
    }
    let no_plum = scenario_file(dir.path(), "no-plum.toml", &no_plum);
    let o = tiny_frontier(dir.path(), &no_plum, &["--indicator", "net_per_ha", "--key", "plum_grafted"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("f/frontier.csv")).unwrap();
    assert!(!csv.to_lowercase().contains("nan") && !csv.contains("inf"), "{csv}");
    for row in csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let (plum_share, mean, efficient) = (cells[2], cells[cells.len() - 4], cells[cells.len() - 1]);
        if plum_share == "0" {
            assert!(mean.is_empty() && efficient == "no", "a mix without plum has no plum figure: {row}");
        }
    }
    let args =
        with_tiny(&["sensitivity", "sonla-planned", "--indicator", "mature_gov_per_ha", "--key", "mango_grafted"]);
    let o = agroshift_in_english(&args, dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("has no value in the base run"), "{}", stderr(&o));
    let o = agroshift_in_english(&with_tiny(&["sensitivity", "sonla-planned", "--key", "longan"]), dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("leave out --key"), "{}", stderr(&o));
}

#[test]
fn output_paths_that_cannot_work_are_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    tiny_run(dir.path(), "r");
    std::fs::write(dir.path().join("f.txt"), "a file").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("r", dir.path().join("link")).unwrap();
    let long_name = "ệ".repeat(80);
    let long =
        scenario_file(dir.path(), "long.toml", &format!("extends = \"sonla-planned\"\nname = \"{long_name}\"\n"));
    let mut cases = vec![
        (vec!["run", "sonla-planned", "--out", "f.txt/sub", "--quiet"], "which is a file"),
        (vec!["run", long.as_str(), "--quiet"], "too long"),
    ];
    if cfg!(unix) {
        cases.push((vec!["run", "sonla-planned", "--out", "link", "--force", "--quiet"], "symbolic link"));
        cases.push((vec!["run", "sonla-planned", "--out", "link/", "--force", "--quiet"], "symbolic link"));
    }
    for (args, says) in cases {
        let start = Instant::now();
        let o = agroshift_in_english(&with_tiny(&args), dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(start.elapsed() < Duration::from_secs(20), "{args:?} was refused late");
    }
    assert!(!dir.path().join("out").exists(), "no empty out/ is left behind");
    assert!(dir.path().join("r/indicators.csv").exists());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn the_scale_on_the_command_line_decides_the_size() {
    // A district of 5 million households does not fit at scale 1, but does
    // at the scale asked for; `check` speaks of the file's own scale.
    let dir = tempfile::tempdir().unwrap();
    let big =
        scenario_file(dir.path(), "big.toml", "extends = \"sonla-planned\"\n[zones.\"Sông Mã\"]\nhouseholds = 5e6\n");
    let o = agroshift(&with_tiny(&["run", &big, "--out", "r", "--quiet"]), dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = agroshift(&["check", &big], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("simulation.scale") && stderr(&o).contains("--scale"), "{}", stderr(&o));
}

#[test]
fn files_that_are_not_scenarios_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.toml"), "").unwrap();
    std::fs::write(dir.path().join("u16.toml"), [0xFF, 0xFE, b'e', 0, b'x', 0]).unwrap();
    std::fs::write(dir.path().join("latin.toml"), b"extends = \"sonla-planned\"\nname = \"caf\xe9\"\n").unwrap();
    std::fs::write(
        dir.path().join("big.toml"),
        "extends = \"sonla-planned\"\n[simulation]\nseed = 99999999999999999999\n",
    )
    .unwrap();
    for (file, says) in [
        ("empty.toml", "holds no settings"),
        ("u16.toml", "UTF-16"),
        ("latin.toml", "not UTF-8"),
        ("big.toml", "big.toml:3:8: this whole number is too large"),
    ] {
        let o = agroshift_in_english(&["check", file], dir.path());
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{file}: {}", stderr(&o));
    }
    // A UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") is fine.
    std::fs::write(dir.path().join("bom.toml"), "\u{feff}extends = \"sonla-planned\"\nname = \"bom\"\n").unwrap();
    let o = agroshift_in_english(&["check", "bom.toml"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_earlier_result_moved_aside_by_a_killed_commit_is_put_back() {
    // A commit moves the earlier result aside, then renames the new one into
    // place; killed in between, the next run into the parent restores it.
    let dir = tempfile::tempdir().unwrap();
    tiny_run(dir.path(), "r");
    std::fs::rename(dir.path().join("r"), dir.path().join(".agroshift-old-AbCdEf-r")).unwrap();
    tiny_run(dir.path(), "other");
    assert!(dir.path().join("r/indicators.csv").exists(), "the earlier result is back");
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn a_run_saved_under_an_older_name_rule_can_be_plotted() {
    // Earlier versions took names like "my plan" from file names; a saved
    // scenario's name names no folder, so it is not refused.
    let dir = tempfile::tempdir().unwrap();
    tiny_run(dir.path(), "old");
    let path = dir.path().join("old/manifest.json");
    let manifest = std::fs::read_to_string(&path).unwrap();
    let renamed = manifest.replace("name = \\\"sonla-planned\\\"", "name = \\\"my plan\\\"");
    assert_ne!(renamed, manifest);
    std::fs::write(&path, renamed).unwrap();
    let o = agroshift(&["plot", "old"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
