//! A run's results read back from its files (`manifest.json` and
//! `indicators.csv`), so that charts, the report and the workbook are drawn
//! the same way right after a run and later from saved outputs.

use std::collections::HashMap;
use std::path::Path;

use super::results::Manifest;
use crate::error::{Error, Result};
use crate::scenario::{self, Scenario};
use crate::stats::summary::Stat;

/// The summarised indicators of a run with the scenario that produced them.
#[derive(Debug, Clone)]
pub struct ResultSet {
    /// The scenario, re-validated from the manifest's resolved text.
    pub scenario: Scenario,
    /// What was run.
    pub manifest: Manifest,
    /// Calendar years, in order.
    pub years: Vec<i32>,
    cells: HashMap<(String, String, String), Vec<Option<Stat>>>,
}

fn parse_number(text: &str) -> Result<f64> {
    text.parse::<f64>().map_err(|_| Error::Failed(format!("indicators.csv: \"{text}\" is not a number")))
}

impl ResultSet {
    /// Reads `manifest.json` and `indicators.csv` from a run's folder.
    pub fn read(dir: &Path) -> Result<Self> {
        let manifest = std::fs::read_to_string(dir.join("manifest.json"))
            .map_err(|e| Error::io(format!("reading {}", dir.join("manifest.json").display()), e))?;
        let csv = std::fs::read(dir.join("indicators.csv"))
            .map_err(|e| Error::io(format!("reading {}", dir.join("indicators.csv").display()), e))?;
        Self::from_parts(&manifest, &csv)
    }

    /// Builds the set from the two files' contents.
    pub fn from_parts(manifest_json: &str, indicators_csv: &[u8]) -> Result<Self> {
        let manifest: Manifest = serde_json::from_str(manifest_json)
            .map_err(|e| Error::Failed(format!("manifest.json is not a manifest of agroshift: {e}")))?;
        let mut scenario =
            scenario::open_inline(&format!("manifest.json ({})", manifest.scenario), &manifest.resolved_scenario)?;
        scenario.simulation.replicates = manifest.replicates;
        scenario.simulation.seed = manifest.seed;
        scenario.simulation.years = manifest.years;
        scenario.simulation.scale = manifest.scale;
        let base_year = manifest.base_year;
        let years: Vec<i32> = (0..manifest.years as i32).map(|y| base_year + y).collect();
        let text = indicators_csv.strip_prefix(super::csv_out::UTF8_BOM).unwrap_or(indicators_csv);
        let mut reader = csv::Reader::from_reader(text);
        let mut cells: HashMap<(String, String, String), Vec<Option<Stat>>> = HashMap::new();
        for record in reader.records() {
            let r = record.map_err(|e| Error::Failed(format!("indicators.csv: {e}")))?;
            let get = |i: usize| r.get(i).unwrap_or_default();
            let year: i32 =
                get(1).parse().map_err(|_| Error::Failed(format!("indicators.csv: bad year {}", get(1))))?;
            let y = (year - base_year) as usize;
            if y >= years.len() {
                continue;
            }
            let stat = Stat {
                mean: parse_number(get(5))?,
                sd: parse_number(get(6))?,
                p5: parse_number(get(7))?,
                p25: parse_number(get(8))?,
                p50: parse_number(get(9))?,
                p75: parse_number(get(10))?,
                p95: parse_number(get(11))?,
                n: get(12).parse().unwrap_or(0),
            };
            let entry = cells
                .entry((get(0).to_string(), get(2).to_string(), get(3).to_string()))
                .or_insert_with(|| vec![None; years.len()]);
            entry[y] = Some(stat);
        }
        Ok(Self { scenario, manifest, years, cells })
    }

    /// The yearly summaries of `indicator` (with `key`, empty if none) in
    /// `scope` (`province` or a zone name); `None` where absent.
    pub fn series(&self, scope: &str, indicator: &str, key: &str) -> Vec<Option<Stat>> {
        self.cells
            .get(&(scope.to_string(), indicator.to_string(), key.to_string()))
            .cloned()
            .unwrap_or_else(|| vec![None; self.years.len()])
    }

    /// The summary in one year, if present.
    pub fn at(&self, scope: &str, indicator: &str, key: &str, year: i32) -> Option<Stat> {
        let y = usize::try_from(year - self.years.first().copied()?).ok()?;
        self.cells.get(&(scope.to_string(), indicator.to_string(), key.to_string()))?.get(y).copied().flatten()
    }
}
