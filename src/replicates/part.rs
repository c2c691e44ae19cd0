//! A shard's share of a run (`run --shard K/N`): which replicates it holds
//! and of what run, in `part.json` beside its `replicates.parquet`, so that
//! `merge` can check that parts belong together and rebuild the run.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
use crate::text::{Said, said};

/// What makes runs the same run (program, resolved scenario, seed,
/// replicates, years, scale, focus), as a 64-bit FNV-1a hash in hex:
/// written into `replicates.parquet`, so that a file from another run put
/// into a shard's folder is told apart.
pub fn run_key(scenario: &Scenario) -> String {
    let sim = &scenario.simulation;
    let focus: Vec<&str> = scenario.focus.iter().map(|z| scenario.zones[z.index()].name.as_str()).collect();
    let text = serde_json::json!({
        "program": format!("agroshift {}", env!("CARGO_PKG_VERSION")),
        "scenario": scenario.name,
        "resolved": scenario.resolved_toml,
        "seed": sim.seed,
        "replicates": sim.replicates,
        "years": sim.years,
        "scale": sim.scale,
        "focus": focus,
    })
    .to_string();
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// File name of a shard's description.
pub const FILE_NAME: &str = "part.json";

/// Which shard of how many: `K/N`, 1 ≤ K ≤ N.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, from 1.
    pub index: u32,
    /// Shards in all.
    pub count: u32,
}

impl Shard {
    /// Reads `K/N`; the error says what was expected.
    pub fn parse(text: &str) -> Result<Shard, Said> {
        let expected = || {
            said(
                format!("cần K/N với 1 ≤ K ≤ N (ví dụ 2/8), nhưng ghi `{text}`"),
                format!("expected K/N with 1 ≤ K ≤ N (for example 2/8), found `{text}`"),
            )
        };
        let (k, n) = text.trim().split_once('/').ok_or_else(expected)?;
        let (index, count) =
            (k.trim().parse::<u32>().map_err(|_| expected())?, n.trim().parse::<u32>().map_err(|_| expected())?);
        if index == 0 || index > count {
            return Err(expected());
        }
        Ok(Shard { index, count })
    }

    /// This shard's items among `items` (replicates, mixes or cases):
    /// contiguous, the shards together holding each item once, sizes
    /// differing by at most one.
    pub fn share(self, items: u32) -> Range<u32> {
        let at = |k: u32| (u64::from(k) * u64::from(items) / u64::from(self.count)) as u32;
        at(self.index - 1)..at(self.index)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What was cut into shards, with the settings every shard must share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Work {
    /// `run`: shards of the replicates, in `replicates.parquet`.
    Run,
    /// `frontier`: shards of the grid of mixes, in `mixes.json`.
    Frontier {
        /// Crops mixed, in the order given.
        crops: Vec<String>,
        /// Step of the shares grid.
        step: f64,
        /// The outcome ranked by.
        target: TargetSpec,
    },
    /// `sensitivity`: shards of the cases (base, each lever low and high),
    /// in `cases.json`.
    Sensitivity {
        /// Relative change of each lever.
        change: f64,
        /// The outcome ranked by.
        target: TargetSpec,
    },
}

/// An exploration's outcome as the command line named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSpec {
    /// Indicator name.
    pub indicator: String,
    /// Crop or market key, if the indicator has one.
    pub key: Option<String>,
    /// Calendar year (default: the last).
    pub year: Option<i32>,
}

impl Work {
    /// What the shards of this work hold, in words.
    pub fn items(&self) -> Said {
        match self {
            Work::Run => said("lần mô phỏng", "replicates"),
            Work::Frontier { .. } => said("cơ cấu cây trồng", "mixes"),
            Work::Sensitivity { .. } => said("trường hợp", "cases"),
        }
    }
}

/// What a shard's folder holds: enough to check it against the other
/// shards and to rebuild the whole run's scenario without its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartManifest {
    /// Program name and version; shards of different versions do not merge.
    pub program: String,
    /// What was cut into shards.
    pub work: Work,
    /// This shard.
    pub shard: Shard,
    /// The first of the shard's items: replicates (run), mixes (frontier)
    /// or cases (sensitivity), numbered from 0.
    pub first: u32,
    /// Past the last item held.
    pub end: u32,
    /// Items of the whole work.
    pub items: u32,
    /// Scenario name.
    pub scenario: String,
    /// Scenario files read, leaf first (as the run's manifest says).
    pub scenario_files: Vec<String>,
    /// The resolved scenario, as TOML: the same bytes in every shard.
    pub resolved_scenario: String,
    /// Random seed of the whole run.
    pub seed: u64,
    /// Replicates of the whole run.
    pub replicates: u32,
    /// Years simulated.
    pub years: u32,
    /// Share of the province simulated.
    pub scale: f64,
    /// Focus zones of the outputs.
    pub focus: Vec<String>,
    /// Wall time of this shard's replicates (s).
    pub wall_time_s: f64,
    /// Worker threads used.
    pub threads: usize,
    /// The machine that ran it.
    pub host: String,
}

impl PartManifest {
    /// The description of `shard` of `work` on `scenario`, cut into
    /// `items` items (replicates, mixes or cases).
    pub fn new(
        scenario: &Scenario,
        work: Work,
        items: u32,
        shard: Shard,
        wall_time_s: f64,
        threads: usize,
        host: String,
    ) -> Self {
        let sim = &scenario.simulation;
        let range = shard.share(items);
        PartManifest {
            program: format!("agroshift {}", env!("CARGO_PKG_VERSION")),
            work,
            shard,
            first: range.start,
            end: range.end,
            items,
            scenario: scenario.name.clone(),
            scenario_files: scenario.files.clone(),
            resolved_scenario: scenario.resolved_toml.clone(),
            seed: sim.seed,
            replicates: sim.replicates,
            years: sim.years,
            scale: sim.scale,
            focus: scenario.focus.iter().map(|z| scenario.zones[z.index()].name.clone()).collect(),
            wall_time_s,
            threads,
            host,
        }
    }

    /// What must be equal in every part of one run: each setting's name
    /// in English and in Vietnamese, and its value as text for messages.
    pub fn run_identity(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("program", "phiên bản chương trình", self.program.clone()),
            ("command", "lệnh", serde_json::to_string(&self.work).unwrap_or_default()),
            ("scenario", "kịch bản", self.scenario.clone()),
            ("resolved scenario", "kịch bản đầy đủ", self.resolved_scenario.clone()),
            ("seed", "seed", self.seed.to_string()),
            ("replicates", "số lần mô phỏng", self.replicates.to_string()),
            ("years", "số năm", self.years.to_string()),
            ("scale", "quy mô", self.scale.to_string()),
            ("focus", "các vùng được chọn (--focus)", self.focus.join(", ")),
            ("shards", "số phân đoạn", self.shard.count.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_hold_every_replicate_once() {
        for replicates in [1u32, 7, 200, 1001] {
            for count in 1..=9u32.min(replicates) {
                let ranges: Vec<_> = (1..=count).map(|index| Shard { index, count }.share(replicates)).collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges.last().unwrap().end, replicates);
                for pair in ranges.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start);
                }
                let sizes: Vec<u32> = ranges.iter().map(|r| r.len() as u32).collect();
                assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "{sizes:?}");
            }
        }
    }

    #[test]
    fn shard_text_is_checked() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3"] {
            assert!(Shard::parse(bad).unwrap_err().en.contains("K/N"), "{bad}");
        }
    }
}
