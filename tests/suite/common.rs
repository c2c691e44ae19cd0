//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use agroshift::engine::Silent;
use agroshift::engine::{FinishedRun, simulate};
use agroshift::scenario::{self, Scenario};
use agroshift::stats::indicators::Indicator;

/// A path under `tests/`.
pub fn test_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join(relative)
}

/// A shipped or fixture scenario, validated.
pub fn open(spec: &str) -> Scenario {
    scenario::open(spec).unwrap_or_else(|e| panic!("{spec} should validate:\n{e}"))
}

/// Runs `scenario` with the given size on a private pool of `threads`.
pub fn run(mut scenario: Scenario, scale: f64, replicates: u32, years: u32, threads: usize) -> FinishedRun {
    scenario.simulation.scale = scale;
    scenario.simulation.replicates = replicates;
    scenario.simulation.years = years;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| simulate(&scenario, &Silent)).expect("the run should finish")
}

/// Mean of an indicator across replicates, if it exists.
pub fn mean(sim: &FinishedRun, year: usize, scope: usize, indicator: Indicator, key: usize) -> Option<f64> {
    sim.summary.get(year, scope, indicator, key).map(|s| s.mean)
}

/// Index of a crop by key.
pub fn crop(scenario: &Scenario, key: &str) -> usize {
    scenario.crop_by_key(key).unwrap_or_else(|| panic!("no crop {key}")).id.index()
}

/// Scope of a zone by name (1 + its index).
pub fn zone_scope(scenario: &Scenario, name: &str) -> usize {
    1 + scenario.zones.iter().position(|z| z.name == name).unwrap_or_else(|| panic!("no zone {name}"))
}

/// Runs the program with `args` in `dir`, with no thread setting inherited.
pub fn agroshift(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agroshift"))
        .args(args)
        .current_dir(dir)
        .env_remove("RAYON_NUM_THREADS")
        .output()
        .expect("the binary runs")
}

/// Runs the program with `--lang en` before `args`: for the tests that
/// read its English messages (Vietnamese is the default).
pub fn agroshift_in_english(args: &[&str], dir: &Path) -> Output {
    let mut english = vec!["--lang", "en"];
    english.extend_from_slice(args);
    agroshift(&english, dir)
}

/// Standard error of a finished run, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The names in `dir` that start with `.agroshift`: what a run left behind.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".agroshift"))
        .collect()
}

/// Every file under `dir`, by path relative to it, with its bytes; in
/// `manifest.json`, the fields that differ between machines and between a
/// single run and merged shards (timing, threads, host) are left out.
pub fn result_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let mut bytes = std::fs::read(&path).unwrap();
            if name == "manifest.json" {
                let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                for field in ["wall_time_s", "parcel_years_per_s", "threads", "host"] {
                    v.as_object_mut().unwrap().remove(field);
                }
                bytes = v.to_string().into_bytes();
            }
            out.push((name, bytes));
        }
    }
    out.sort();
    out
}

/// Asserts that two folders' [`result_files`] are the same, file for file.
pub fn assert_same_files(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)], what: &str) {
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: the same files");
    for ((name, x), (_, y)) in a.iter().zip(b) {
        assert!(x == y, "{what}: {name} differs");
    }
}
