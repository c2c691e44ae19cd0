//! One answer of the page: the changed scenario read by the scenario
//! loader, simulated at the page's size with the loaded scenario's seed,
//! and summarised with the run report's own code: the key table, the
//! charts (SVG), and the paired differences from the scenario as loaded
//! (common random numbers: the same prices and weather).

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::Offered;
use super::whatif::Changes;
use crate::app::run::{RunData, results_of};
use agroshift::engine::{FinishedRun, Progress, RunStopped, simulate};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::explore::outcome::{Better, Outcome};
use agroshift::output::charts::{ChartFiles, draw_all_as};
use agroshift::output::results::{KeyIndicator, key_indicators, milestone_years};
use agroshift::output::units::shown_unit;
use agroshift::scenario::{self, Lang, Scenario};

/// The charts the page shows, by their file names in a run's `figures/`.
pub const CHARTS: [&str; 5] = ["land-use", "households-above-threshold", "poverty", "budget", "prices"];

/// One thing wrong with a page's changes, for the page to show beside
/// the control it concerns.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The setting, as its dotted path in the changed scenario's file
    /// (`policy.target_ha_per_year`, `zones."Mai Sơn".policy.mix`) or the
    /// request's name for it (`apply_to`, `price_shock.market`): the page
    /// names its control from it.
    pub setting: String,
    /// What is wrong, in the page's language, without the file and line
    /// of a file the planner never wrote.
    pub message: String,
}

/// Why an answer could not be given.
#[derive(Debug)]
pub enum Refusal {
    /// The changes make a scenario the checks refuse: the whole message
    /// (as `check` gives it, for a reader of the raw answer) and each
    /// problem on its own.
    Invalid(String, Vec<Problem>),
    /// A newer request of the same client (or Ctrl-C) stopped it.
    Cancelled,
    /// The simulation or the drawing failed.
    Failed(String),
}

/// Stops a simulation when its client asks again or the server stops.
struct Cancel<'a>(&'a AtomicBool);

impl Progress for Cancel<'_> {
    fn replicate_done(&self, _done: usize, _total: usize) {}

    fn cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed) || crate::app::interrupt::requested().is_some()
    }
}

/// A chart of the answer.
#[derive(Debug, Serialize)]
pub struct Chart {
    /// File name in a run's `figures/`.
    pub name: String,
    /// Title.
    pub title: String,
    /// The SVG.
    pub svg: String,
}

/// One outcome's paired difference from the loaded scenario in one year.
#[derive(Debug, Serialize)]
pub struct Difference {
    /// Outcome name.
    pub outcome: &'static str,
    /// Outcome in words.
    pub label: String,
    /// Which way is better: `higher`, `lower`, or none.
    pub better: Option<&'static str>,
    /// Unit as shown.
    pub unit: String,
    /// Calendar year.
    pub year: i32,
    /// Mean with the changes (shown unit).
    pub mean: f64,
    /// Mean of the paired difference (shown unit).
    pub diff_mean: f64,
    /// 5th and 95th percentiles of the paired difference (shown unit).
    pub diff_p5: f64,
    /// 95th percentile.
    pub diff_p95: f64,
}

/// The page's answer.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// Whose figures the key table and the differences are: the province
    /// or the scenario's focus districts, in the page's language.
    pub scope: String,
    /// Districts whose own policy sets what a change for the whole province
    /// changes, each with those settings: there it stays as it is, which
    /// the page says.
    pub own_policy: Vec<KeptOwn>,
    /// Settings of the changed scenario whose years fall after the run's
    /// last (see [`Scenario::years_after_the_run`]).
    pub warnings: Vec<String>,
    /// The key indicators at milestone years (shown units).
    pub key_table: Vec<KeyIndicator>,
    /// The charts, SVG.
    pub charts: Vec<Chart>,
    /// Differences from the scenario as loaded.
    pub differences: Vec<Difference>,
    /// The changed scenario, as a file that `run` accepts.
    pub toml: String,
    /// Its file name.
    pub file_name: String,
    /// The command that reproduces these numbers.
    pub command_same_size: String,
    /// The command that runs it at full scale.
    pub command_full: String,
    /// Simulation size: scale, replicates, seed.
    pub scale: f64,
    /// Replicates.
    pub replicates: u32,
    /// Seed.
    pub seed: u64,
    /// Seconds taken.
    pub seconds: f64,
}

/// The file name of the changed scenario.
fn file_name(offered: &Offered) -> String {
    format!("{}-changed.toml", offered.id)
}

/// Reads `changes` to `offered` as a scenario, by the loader `check` uses
/// (after the checks only the page's request can fail: districts chosen
/// and named once, a market that exists).
pub fn changed_scenario(offered: &Offered, changes: &Changes, lang: Lang) -> Result<(Scenario, String), Refusal> {
    let base = &offered.scenario;
    let mut changes = changes.clone();
    // A problem of the request itself, said in the page's language.
    let refuse = |setting: &str, vi: String, en: String| {
        let message = match lang {
            Lang::Vi => vi,
            Lang::En => en,
        };
        Refusal::Invalid(format!("{setting}: {message}"), vec![Problem { setting: setting.into(), message }])
    };
    if let Some(zones) = &mut changes.apply_to {
        if zones.is_empty() {
            return Err(refuse(
                "apply_to",
                format!(
                    "chưa chọn {} nào; bỏ apply_to khỏi yêu cầu để áp dụng cho toàn tỉnh",
                    base.zone_word(Lang::Vi)
                ),
                format!("no {} chosen; leave it out for the whole province", base.zone_word(Lang::En)),
            ));
        }
        let mut seen = Vec::new();
        zones.retain(|z| {
            let z = agroshift::text::nfc(z);
            let new = !seen.contains(&z);
            seen.push(z);
            new
        });
    }
    if let Some(shock) = &changes.price_shock
        && !base.markets.iter().any(|m| m.key == shock.market)
    {
        let keys = base.markets.iter().map(|m| m.key.as_str()).collect::<Vec<_>>().join(", ");
        return Err(refuse(
            "price_shock.market",
            format!("không có thị trường \"{}\"; các thị trường: {keys}", shock.market),
            format!("no market named \"{}\"; markets: {keys}", shock.market),
        ));
    }
    for zone in changes.apply_to.iter().flatten() {
        if !base.zones.iter().any(|z| z.name == agroshift::text::nfc(zone)) {
            let names = base.zones.iter().map(|z| z.name.as_str()).collect::<Vec<_>>().join(", ");
            return Err(refuse(
                "apply_to",
                format!(
                    "không có {} nào tên \"{zone}\"; các {}: {names}",
                    base.zone_word(Lang::Vi),
                    base.zone_word(Lang::Vi)
                ),
                format!("no {} named \"{zone}\"; {}: {names}", base.zone_word(Lang::En), base.zone_word(Lang::En)),
            ));
        }
    }
    let name = format!("{}-changed", offered.id);
    let titles = [format!("{} (đã thay đổi)", base.title_vi), format!("{} (changed)", base.title_en)];
    let toml = changes.to_toml(&offered.extends, &name, [&titles[0], &titles[1]]);
    let mut s = scenario::open_inline(&file_name(offered), &toml).map_err(|e| {
        let problems = e.0.iter().map(|e| problem_of(e, lang)).collect();
        Refusal::Invalid(e.render(lang), problems)
    })?;
    // The page's size, and the loaded scenario's seed: common random numbers.
    s.simulation = base.simulation.clone();
    if let Some(problem) = s.size_problem() {
        return Err(Refusal::Invalid(problem.get(lang).to_string(), Vec::new()));
    }
    Ok((s, toml))
}

/// A checker's error as the page shows it: the setting it is about, and
/// what is wrong with its help, without the file and line.
fn problem_of(e: &agroshift::error::InputError, lang: Lang) -> Problem {
    let mut message = e.message.get(lang).to_string();
    if let Some(help) = &e.help {
        message = format!("{message} ({}: {})", lang.pick("gợi ý", "help"), help.get(lang));
    }
    Problem { setting: e.field.clone(), message }
}

/// Each district of `scenario` whose own policy sets something, with the
/// settings it sets, from its resolved file (a district's policy inherits
/// the province's, so only what the file writes is its own).
pub fn own_policy_keys(scenario: &Scenario) -> Vec<(String, Vec<String>)> {
    let Ok(table) = scenario.resolved_toml.parse::<toml::Table>() else { return Vec::new() };
    let Some(zones) = table.get("zones").and_then(toml::Value::as_table) else { return Vec::new() };
    zones
        .iter()
        .filter_map(|(name, zone)| {
            let policy = zone.get("policy")?.as_table()?;
            Some((agroshift::text::nfc(name), policy.keys().cloned().collect()))
        })
        .collect()
}

/// A district whose own policy sets some of what the page changed for the
/// whole province, which therefore does not reach it there.
#[derive(Debug, Clone, Serialize)]
pub struct KeptOwn {
    /// The district's (or commune's) name.
    pub zone: String,
    /// Those settings, by their names in a scenario file's `[policy]`
    /// (the page shows its controls' labels).
    pub settings: Vec<String>,
}

/// The districts of `offered` whose own policy sets one of `keys`, each
/// with those settings: a change of them for the whole province does not
/// reach these districts.
pub fn districts_keeping_their_own(offered: &Offered, keys: &[&str]) -> Vec<KeptOwn> {
    offered
        .own_policy_keys
        .iter()
        .filter_map(|(name, set)| {
            let own: Vec<String> = keys.iter().filter(|k| set.iter().any(|s| s == *k)).map(|k| k.to_string()).collect();
            (!own.is_empty()).then(|| KeptOwn { zone: name.clone(), settings: own })
        })
        .collect()
}

/// Simulates `s` unless `cancel` is raised.
pub fn run(s: &Scenario, cancel: &AtomicBool) -> Result<FinishedRun, Refusal> {
    simulate(s, &Cancel(cancel)).map_err(|stop| match stop {
        RunStopped::Cancelled => Refusal::Cancelled,
        other => Refusal::Failed(format!("{other:?}")),
    })
}

/// The answer for `changed` (run as `run`) against `base` (the loaded
/// scenario, run at the same size and seed). Its districts with a policy
/// of their own are for the caller to name (see [`Answer::own_policy`]).
pub fn answer(
    offered: &Offered,
    changed: &Scenario,
    toml: String,
    run: FinishedRun,
    base: &FinishedRun,
    lang: Lang,
    seconds: f64,
) -> Result<Answer, Refusal> {
    let failed = |e: agroshift::error::Error| Refusal::Failed(e.to_string());
    let data = RunData { values: &run.records, province: &run.province, wall_time_s: run.wall_time_s, threads: 1 };
    let results = results_of(changed, &data).map_err(failed)?;
    let key_table = key_indicators(&results, &changed.focus_scope(), lang);

    let dir = tempfile::tempdir().map_err(|e| Refusal::Failed(e.to_string()))?;
    let figures =
        draw_all_as(&results, lang, dir.path(), ChartFiles::SvgOnly).map_err(|e| Refusal::Failed(e.to_string()))?;
    let charts = CHARTS
        .iter()
        .filter_map(|name| figures.iter().find(|f| f.name == *name))
        .map(|f| {
            let svg = std::fs::read_to_string(dir.path().join(format!("{}.svg", f.name))).unwrap_or_default();
            Chart { name: f.name.clone(), title: f.title.clone(), svg }
        })
        .collect();

    let sim = &changed.simulation;
    let runs = [
        ScenarioRun { scenario: offered.scenario.clone(), records: base.records.clone() },
        ScenarioRun { scenario: changed.clone(), records: run.records },
    ];
    let years = milestone_years(sim.base_year, sim.years as usize);
    // The differences speak of the scope the key table does: both runs
    // share the offered scenario's focus.
    let differences = compare(&runs, &years, &fruit_crops(&runs))
        .into_iter()
        .filter(|row| row.scenario == changed.name)
        .map(|row| {
            let (unit, divisor) = shown_unit(row.unit, lang);
            let outcome = Outcome::COMPARED.iter().find(|o| o.name() == row.outcome);
            // The threshold named, as in the key table above (the page
            // cannot change it, so both runs count by the same one).
            let label = match outcome {
                Some(Outcome::HouseholdsAboveThreshold) => agroshift::output::results::threshold_short(changed, lang),
                Some(o) => o.label(lang).to_string(),
                None => row.outcome.to_string(),
            };
            let better = outcome.and_then(|o| o.better()).map(|b| match b {
                Better::Higher => "higher",
                Better::Lower => "lower",
            });
            Difference {
                outcome: row.outcome,
                label,
                better,
                unit,
                year: row.year,
                mean: row.mean / divisor,
                diff_mean: row.diff_mean / divisor,
                diff_p5: row.diff_p5 / divisor,
                diff_p95: row.diff_p95 / divisor,
            }
        })
        .collect();
    let file = file_name(offered);
    let size = format!("--scale {} --replicates {} --seed {}", sim.scale, sim.replicates, sim.seed);
    let lang_flag = match lang {
        Lang::Vi => "",
        Lang::En => "--lang en ",
    };
    Ok(Answer {
        scope: changed.focus_label(lang),
        own_policy: Vec::new(),
        warnings: changed.years_after_the_run(lang),
        key_table,
        charts,
        differences,
        toml,
        command_same_size: format!("agroshift {lang_flag}run {file} {size}"),
        command_full: format!("agroshift {lang_flag}run {file} --scale 1 --seed {}", sim.seed),
        file_name: file,
        scale: sim.scale,
        replicates: sim.replicates,
        seed: sim.seed,
        seconds,
    })
}
