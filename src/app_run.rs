//! The `run` command: simulate a scenario and write its results.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use crate::cli::{RunArgs, RunOptions};
use crate::engine::{Progress, RunRecords, Silent, run_replicates};
use crate::error::{Error, Result};
use crate::output::atomic::StagedDir;
use crate::output::publish::publish;
use crate::output::result_set::ResultSet;
use crate::output::results::{Manifest, indicators_csv, key_indicators};
use crate::output::table::TextTable;
use crate::province::{Province, build_province};
use crate::scenario::{self, Lang, Scenario};
use crate::stats::summary::Summary;
use crate::text::{group_thousands, number_for};

/// A finished simulation: the province it ran on, the records and their summary.
pub struct Simulation {
    /// The province, built once.
    pub province: Province,
    /// Every replicate's record.
    pub records: RunRecords,
    /// The records summarised across replicates.
    pub summary: Summary,
    /// Wall time of the replicates (s).
    pub wall_time_s: f64,
}

impl Simulation {
    /// Parcel-years simulated per second of wall time.
    pub fn parcel_years_per_s(&self) -> f64 {
        let n = self.province.parcel_count() as f64 * self.records.layout.years as f64 * self.records.replicates as f64;
        n / self.wall_time_s.max(1e-9)
    }
}

impl Simulation {
    /// The manifest of this simulation of `scenario` on `threads` threads.
    pub fn manifest(&self, scenario: &Scenario, threads: usize) -> Manifest {
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
            households_simulated: self.province.household_count(),
            parcels_simulated: self.province.parcel_count(),
            wall_time_s: self.wall_time_s,
            parcel_years_per_s: self.parcel_years_per_s(),
            generated_area_ha: Manifest::generated_areas(scenario, &self.province),
            resolved_scenario: scenario.resolved_toml.clone(),
        }
    }
}

/// Builds the province of `scenario`, runs its replicates on the current
/// rayon pool and summarises them.
pub fn simulate(scenario: &Scenario, progress: &dyn Progress) -> Simulation {
    let province = build_province(scenario);
    let start = Instant::now();
    let records = run_replicates(scenario, &province, progress);
    let wall_time_s = start.elapsed().as_secs_f64();
    let summary = Summary::from_records(&records);
    Simulation { province, records, summary, wall_time_s }
}

/// Applies the command line's run options to `s`; a command with its own
/// defaults passes them as `default_scale` and `default_replicates`.
pub fn configure(
    s: &mut Scenario,
    args: &RunOptions,
    default_scale: Option<f64>,
    default_replicates: Option<u32>,
) -> Result<()> {
    let sim = &mut s.simulation;
    if let Some(scale) = args.scale.or(default_scale) {
        if !(scale.is_finite() && scale > 0.0 && scale <= 1.0) {
            return Err(Error::Usage(format!("--scale must be above 0 and at most 1, not {scale}")));
        }
        sim.scale = scale;
    }
    if let Some(n) = args.replicates.or(default_replicates) {
        if n == 0 {
            return Err(Error::Usage("--replicates must be at least 1".into()));
        }
        sim.replicates = n;
    }
    if let Some(y) = args.years {
        if !(1..=200).contains(&y) {
            return Err(Error::Usage(format!("--years must be between 1 and 200, not {y}")));
        }
        sim.years = y;
    }
    if let Some(seed) = args.seed {
        sim.seed = seed;
    }
    Ok(())
}

/// Worker threads asked for: `--threads`, else RAYON_NUM_THREADS, else all cores.
pub fn thread_count(threads: Option<usize>) -> Result<usize> {
    match threads {
        Some(0) => Err(Error::Usage("--threads must be at least 1".into())),
        Some(t) => Ok(t),
        None => Ok(std::env::var("RAYON_NUM_THREADS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))),
    }
}

/// A rayon pool of the asked-for size.
pub fn worker_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let n = thread_count(threads)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .map_err(|e| Error::Failed(format!("cannot start {n} worker threads: {e}")))
}

struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn replicate_done(&self, done: usize, _total: usize) {
        self.0.set_position(done as u64);
    }
}

/// `agroshift run`: simulate and write the results.
pub fn run_command(run: &RunArgs, lang: Lang) -> Result<()> {
    let args = &run.options;
    let mut scenario = scenario::open(&run.scenario)?;
    configure(&mut scenario, args, None, None)?;
    let threads = thread_count(args.threads)?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&scenario.name));
    // Refuse to overwrite before spending time on the simulation.
    let staged = StagedDir::begin(&out, args.force)?;
    let pool = worker_pool(Some(threads))?;
    let sim = &scenario.simulation;
    if !args.quiet {
        eprintln!(
            "{} — {}\n{} replicates × {} years ({}–{}), scale {}, seed {}, {} threads",
            scenario.name,
            scenario.title(lang),
            sim.replicates,
            sim.years,
            sim.base_year,
            sim.base_year + sim.years as i32 - 1,
            sim.scale,
            sim.seed,
            threads
        );
    }
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let result = pool.install(|| {
        if show_bar {
            let bar = indicatif::ProgressBar::new(sim.replicates as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} replicates, {elapsed} elapsed, about {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let observer = Bar(bar);
            let r = simulate(&scenario, &observer);
            observer.0.finish_and_clear();
            r
        } else {
            simulate(&scenario, &Silent)
        }
    });

    let manifest = result.manifest(&scenario, threads);
    let csv = indicators_csv(&scenario, &result.summary);
    let manifest_json = pretty_json(&manifest);
    staged.write("indicators.csv", &csv)?;
    staged.write("manifest.json", manifest_json.as_bytes())?;
    // Everything else is drawn from the files just written, exactly as
    // `agroshift plot` draws it later.
    let results = ResultSet::from_parts(&manifest_json, &csv)?;
    publish(&results, lang, staged.path())?;
    let keys = key_indicators(&results, "province", lang);
    let written = staged.commit()?;

    if !args.quiet {
        println!("{}", key_table(&scenario, &keys, lang));
        println!(
            "Simulated {} households and {} parcels in {:.1} s ({} parcel-years/s).\nResults: {} (report.html, results.xlsx, figures/, indicators.csv)",
            group_thousands(result.province.household_count() as f64, 0),
            group_thousands(result.province.parcel_count() as f64, 0),
            result.wall_time_s,
            group_thousands(result.parcel_years_per_s(), 0),
            written.display()
        );
    }
    Ok(())
}

/// Pretty JSON of a result file, ending in a newline.
fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// The key indicators as a text table: mean and 5–95% range per milestone year.
pub fn key_table(scenario: &Scenario, keys: &[crate::output::results::KeyIndicator], lang: Lang) -> String {
    let years: Vec<i32> = keys.first().map(|k| k.values.iter().map(|v| v.year).collect()).unwrap_or_default();
    let mut header = vec![if lang == Lang::Vi { "Chỉ tiêu (tỉnh)" } else { "Indicator (province)" }.to_string()];
    header.extend(years.iter().map(|y| y.to_string()));
    let mut table = TextTable::new(header);
    for k in keys {
        let decimals = k.decimals();
        let mut row = vec![format!("{} ({})", k.label, k.unit)];
        for y in &years {
            row.push(match k.values.iter().find(|v| v.year == *y) {
                Some(v) => format!(
                    "{} ({}–{})",
                    number_for(v.mean, decimals, lang),
                    number_for(v.p5, decimals, lang),
                    number_for(v.p95, decimals, lang)
                ),
                None => "–".to_string(),
            });
        }
        table.row(row);
    }
    let note = if lang == Lang::Vi {
        "Giá trị trung bình (khoảng 5–95%) qua các lần mô phỏng."
    } else {
        "Mean (5–95% range) across replicates."
    };
    format!("\n{}\n{}\n{note}", scenario.title(lang), table.render())
}

/// `agroshift plot`: re-draws the charts, report and workbook of a saved run
/// without simulating, into a new folder.
pub fn plot_command(run_dir: &std::path::Path, out: Option<&std::path::Path>, force: bool, lang: Lang) -> Result<()> {
    if !run_dir.join("indicators.csv").is_file() || !run_dir.join("manifest.json").is_file() {
        return Err(Error::Usage(format!(
            "{} does not hold the results of a run (indicators.csv and manifest.json)",
            run_dir.display()
        )));
    }
    let results = ResultSet::read(run_dir)?;
    let suffix = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let target = out.map(PathBuf::from).unwrap_or_else(|| run_dir.join(format!("plots-{suffix}")));
    let staged = StagedDir::begin(&target, force)?;
    publish(&results, lang, staged.path())?;
    let written = staged.commit()?;
    println!("Charts, report.html and results.xlsx: {}", written.display());
    Ok(())
}

/// `agroshift figures`: runs every shipped scenario and keeps its
/// province-level charts (PNG) in `out/<scenario>/`.
pub fn figures_command(out: &std::path::Path, scale: f64, replicates: u32, force: bool, lang: Lang) -> Result<()> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 1.0) {
        return Err(Error::Usage(format!("--scale must be above 0 and at most 1, not {scale}")));
    }
    if replicates == 0 {
        return Err(Error::Usage("--replicates must be at least 1".into()));
    }
    let staged = StagedDir::begin(out, force)?;
    for b in crate::scenario::builtin::BUILTINS {
        let mut scenario = scenario::open(b.name)?;
        scenario.simulation.scale = scale;
        scenario.simulation.replicates = replicates;
        eprintln!("{}: {replicates} replicates at scale {scale}", b.name);
        let sim = simulate(&scenario, &Silent);
        let manifest = sim.manifest(&scenario, rayon::current_num_threads());
        let manifest_json = pretty_json(&manifest);
        let results = ResultSet::from_parts(&manifest_json, &indicators_csv(&scenario, &sim.summary))?;
        let scratch = tempfile::tempdir_in(staged.path()).map_err(|e| Error::io("creating a temporary folder", e))?;
        let figures = crate::output::charts::draw_all(&results, lang, scratch.path())
            .map_err(|e| Error::Failed(format!("drawing the charts of {}: {e}", b.name)))?;
        for f in figures.iter().filter(|f| !f.name.starts_with("land-use-")) {
            let png = std::fs::read(scratch.path().join(format!("{}.png", f.name)))
                .map_err(|e| Error::io(format!("reading {}.png", f.name), e))?;
            staged.write(&format!("{}/{}.png", b.name, f.name), &png)?;
        }
    }
    let written = staged.commit()?;
    println!("Charts of the shipped scenarios: {}", written.display());
    Ok(())
}
