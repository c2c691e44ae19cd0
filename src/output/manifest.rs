//! `manifest.json`: what a run was — enough to reproduce it and to judge its
//! speed — and the mark by which `--force` knows a folder is agroshift's.

use serde::Serialize;

use crate::engine::parcel_years_per_s;
use crate::province::Province;
use crate::scenario::Scenario;

/// One scenario as a command ran it: enough to run it again.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ScenarioSettings {
    /// Scenario name.
    pub scenario: String,
    /// Files read, leaf first (empty for a shipped scenario).
    pub scenario_files: Vec<String>,
    /// Random seed.
    pub seed: u64,
    /// Replicates.
    pub replicates: u32,
    /// Years simulated.
    pub years: u32,
    /// First year.
    pub base_year: i32,
    /// Share of the province simulated.
    pub scale: f64,
    /// The zones the outputs speak of (empty: the province).
    pub focus: Vec<String>,
    /// The resolved scenario, as TOML.
    pub resolved_scenario: String,
}

impl ScenarioSettings {
    /// The settings `scenario` runs with.
    pub fn of(scenario: &Scenario) -> ScenarioSettings {
        let sim = &scenario.simulation;
        ScenarioSettings {
            scenario: scenario.name.clone(),
            scenario_files: scenario.files.clone(),
            seed: sim.seed,
            replicates: sim.replicates,
            years: sim.years,
            base_year: sim.base_year,
            scale: sim.scale,
            focus: scenario.focus.iter().map(|z| scenario.zones[z.index()].name.clone()).collect(),
            resolved_scenario: scenario.resolved_toml.clone(),
        }
    }
}

/// `manifest.json` of a command that runs scenarios to compare or rank
/// them (`compare`, `frontier`, `sensitivity`): the command and its own
/// settings, every scenario as it ran, the threads and the wall time.
#[derive(Debug, Clone, Serialize)]
pub struct CommandManifest {
    /// Program name and version.
    pub program: String,
    /// The command (`compare`, `frontier`, `sensitivity`).
    pub command: String,
    /// The command's own settings (crops and step of a frontier, change of
    /// a sensitivity, the outcome ranked by), as its shards record them;
    /// none for `compare`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
    /// Each scenario run, in order.
    pub scenarios: Vec<ScenarioSettings>,
    /// Worker threads used (results do not depend on it; for merged
    /// shards, the threads of the machine that merged them).
    pub threads: usize,
    /// Wall time of the simulations (s; for merged shards, their sum).
    pub wall_time_s: f64,
}

impl CommandManifest {
    /// The manifest of `command` with `settings`, having run `scenarios`
    /// on `threads` threads in `wall_time_s` seconds.
    pub fn new(
        command: &str,
        settings: Option<serde_json::Value>,
        scenarios: &[&Scenario],
        threads: usize,
        wall_time_s: f64,
    ) -> CommandManifest {
        CommandManifest {
            program: format!("agroshift {}", env!("CARGO_PKG_VERSION")),
            command: command.to_string(),
            settings,
            scenarios: scenarios.iter().map(|s| ScenarioSettings::of(s)).collect(),
            threads,
            wall_time_s,
        }
    }
}

/// What a run was: enough to reproduce it and to judge its speed.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Program name and version.
    pub program: String,
    /// Scenario name.
    pub scenario: String,
    /// Files read, leaf first.
    pub scenario_files: Vec<String>,
    /// Random seed.
    pub seed: u64,
    /// Replicates.
    pub replicates: u32,
    /// Years simulated.
    pub years: u32,
    /// First year.
    pub base_year: i32,
    /// Share of the province simulated.
    pub scale: f64,
    /// Worker threads used (results do not depend on it).
    pub threads: usize,
    /// Households simulated (at scale).
    pub households_simulated: usize,
    /// Parcels simulated (at scale).
    pub parcels_simulated: usize,
    /// Wall time of the simulation (s).
    pub wall_time_s: f64,
    /// Parcel-years simulated per second of wall time.
    pub parcel_years_per_s: f64,
    /// Generated base-year area by zone and crop, whole-province units (ha).
    pub generated_area_ha: indexmap::IndexMap<String, indexmap::IndexMap<String, f64>>,
    /// Data rows in `indicators.csv` (without the header), so that `plot`
    /// can tell a truncated file; absent in manifests of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_rows: Option<usize>,
    /// The zones the outputs speak of (empty: the province); absent in
    /// manifests of older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
    /// The resolved scenario, as TOML.
    pub resolved_scenario: String,
}

impl Manifest {
    /// The manifest of a run of `scenario` on `province` that took
    /// `wall_time_s` seconds on `threads` threads and whose `indicators.csv`
    /// is `csv`.
    pub fn of_run(scenario: &Scenario, province: &Province, wall_time_s: f64, threads: usize, csv: &[u8]) -> Manifest {
        let sim = &scenario.simulation;
        Manifest {
            program: format!("agroshift {}", env!("CARGO_PKG_VERSION")),
            scenario: scenario.name.clone(),
            scenario_files: scenario.files.clone(),
            seed: sim.seed,
            replicates: sim.replicates,
            years: sim.years,
            base_year: sim.base_year,
            scale: sim.scale,
            threads,
            households_simulated: province.household_count(),
            parcels_simulated: province.parcel_count(),
            wall_time_s,
            parcel_years_per_s: parcel_years_per_s(province, sim.years as usize, sim.replicates as usize, wall_time_s),
            generated_area_ha: Manifest::generated_areas(scenario, province),
            indicator_rows: Some(csv.iter().filter(|&&b| b == b'\n').count().saturating_sub(1)),
            focus: scenario.focus.iter().map(|z| scenario.zones[z.index()].name.clone()).collect(),
            resolved_scenario: scenario.resolved_toml.clone(),
        }
    }

    /// Generated base-year areas by zone and crop in whole-province units.
    pub fn generated_areas(
        scenario: &Scenario,
        province: &Province,
    ) -> indexmap::IndexMap<String, indexmap::IndexMap<String, f64>> {
        let nc = province.crop_count;
        scenario
            .zones
            .iter()
            .enumerate()
            .map(|(z, zone)| {
                let crops = scenario
                    .crops
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| province.zone_crop_area_ha[z * nc + c] > 0.0)
                    .map(|(c, crop)| {
                        (
                            crop.key.clone(),
                            (province.zone_crop_area_ha[z * nc + c] / province.scale * 10.0).round() / 10.0,
                        )
                    })
                    .collect();
                (zone.name.clone(), crops)
            })
            .collect()
    }
}
