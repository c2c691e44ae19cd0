//! `run`, `plot` and `figures`: simulate a scenario and write its results,
//! re-draw saved results, and draw the shipped scenarios' charts.

use std::path::{Path, PathBuf};

use super::console::{self, RunProgress, note, stopped};
use super::interrupt;
use super::settings::{configure, thread_count, worker_pool};
use crate::cli::RunArgs;
use agroshift::engine::{FinishedRun, simulate};
use agroshift::error::{Error, Result};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::output::Writing;
use agroshift::output::atomic::{StagedDir, absolute, check_target};
use agroshift::output::budget::budget_csv;
use agroshift::output::comparison::write_comparison;
use agroshift::output::csv_out::restyle;
use agroshift::output::findings_text::{findings_json, summary_text};
use agroshift::output::manifest::Manifest;
use agroshift::output::publish::publish;
use agroshift::output::result_set::ResultSet;
use agroshift::output::results::{indicators_csv, key_indicators, key_table, milestone_years};
use agroshift::scenario::{self, Lang, Scenario};
use agroshift::stats::budget::budget;
use agroshift::stats::findings::findings;
use agroshift::text::number_for;

/// `agroshift run`: simulate and write the results.
pub fn run_command(run: &RunArgs, lang: Lang) -> Result<()> {
    let args = &run.options;
    let mut scenario = scenario::open(&run.scenario)?;
    configure(&mut scenario, args, None, None)?;
    let threads = thread_count(args.threads)?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&scenario.name));
    // Everything that can be refused is refused before the simulation.
    let staged = StagedDir::begin(&out, args.force, "run")?;
    let pool = worker_pool(Some(threads))?;
    let sim = &scenario.simulation;
    note(
        args.quiet,
        &format!(
            "{} — {}\n{} {} × {} {} ({}–{}), {} {}, seed {}, {} {}",
            scenario.name,
            scenario.title(lang),
            sim.replicates,
            lang.pick("lần mô phỏng", "replicates"),
            sim.years,
            lang.pick("năm", "years"),
            sim.base_year,
            sim.base_year + sim.years as i32 - 1,
            lang.pick("quy mô", "scale"),
            sim.scale,
            sim.seed,
            threads,
            lang.pick("luồng", "threads"),
        ),
    );
    let progress = RunProgress::new(sim.replicates as u64, args.quiet);
    let result = pool.install(|| simulate(&scenario, &progress)).map_err(stopped)?;
    drop(progress);

    let results = write_run_files(&staged, &scenario, &result, threads, args)?;
    interrupt::check()?;
    publish(&results, lang, staged.path())?;
    let keys = key_indicators(&results, &scenario.focus_scope(), lang);
    interrupt::check()?;
    let written = staged.commit()?;

    if !args.quiet {
        if let Some(found) = &results.findings {
            console::println(&format!("\n{}", summary_text(found, &scenario, lang)))?;
        }
        console::println(&key_table(&scenario, &keys, lang))?;
        let count = |v: f64| number_for(v, 0, lang);
        let (households, parcels) =
            (count(result.province.household_count() as f64), count(result.province.parcel_count() as f64));
        let (seconds, speed) = (number_for(result.wall_time_s, 1, lang), count(result.parcel_years_per_s()));
        let files = "report.html, report.docx, results.xlsx, figures/, indicators.csv, budget.csv";
        console::println(&match lang {
            Lang::Vi => format!(
                "Đã mô phỏng {households} hộ và {parcels} thửa đất trong {seconds} giây ({speed} thửa-năm/giây).\nKết quả: {} ({files})",
                written.display()
            ),
            Lang::En => format!(
                "Simulated {households} households and {parcels} parcels in {seconds} s ({speed} parcel-years/s).\nResults: {} ({files})",
                written.display()
            ),
        })?;
    }
    Ok(())
}

/// Writes the files a run writes first (`indicators.csv`, `budget.csv`,
/// `findings.json`, `manifest.json`) into `staged`, and returns the results
/// read back from them: everything else is drawn from these, exactly as
/// `agroshift plot` draws it later.
pub fn write_run_files(
    staged: &StagedDir,
    scenario: &Scenario,
    result: &FinishedRun,
    threads: usize,
    args: &crate::cli::RunOptions,
) -> Result<ResultSet> {
    let files = ResultFiles::of(scenario, result, threads);
    let style = args.csv_style.into();
    staged.write("indicators.csv", &restyle(&files.indicators_csv, style))?;
    staged.write("budget.csv", &restyle(&files.budget_csv, style))?;
    staged.write("findings.json", files.findings_json.as_bytes())?;
    staged.write("manifest.json", files.manifest_json.as_bytes())?;
    files.read_back()
}

/// The files a run writes first, from which everything else is drawn.
struct ResultFiles {
    indicators_csv: Vec<u8>,
    budget_csv: Vec<u8>,
    findings_json: String,
    manifest_json: String,
}

impl ResultFiles {
    /// The files of `run`, a simulation of `scenario` on `threads` threads.
    fn of(scenario: &Scenario, run: &FinishedRun, threads: usize) -> Self {
        let indicators_csv = indicators_csv(scenario, &run.summary);
        let budget_csv = budget_csv(scenario, &budget(scenario, &run.records));
        let findings_json = findings_json(&findings(scenario, &run.records));
        let manifest_json = pretty_json(&Manifest::of_run(scenario, run, threads, &indicators_csv));
        ResultFiles { indicators_csv, budget_csv, findings_json, manifest_json }
    }

    /// The results as `plot` reads them from these files.
    fn read_back(&self) -> Result<ResultSet> {
        ResultSet::from_parts(&self.manifest_json, &self.indicators_csv)?
            .with_budget("budget.csv", &self.budget_csv)?
            .with_findings("findings.json", &self.findings_json)
    }
}

/// Pretty JSON of a result file, ending in a newline.
fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// `agroshift plot`: re-draws the charts, report and workbook of a saved run
/// without simulating, into a new folder that is never the run's own.
pub fn plot_command(run_dir: &Path, out: Option<&Path>, force: bool, lang: Lang) -> Result<()> {
    if !run_dir.join("indicators.csv").is_file() || !run_dir.join("manifest.json").is_file() {
        return Err(Error::Usage(format!(
            "{} does not hold the results of a run (indicators.csv and manifest.json)",
            run_dir.display()
        )));
    }
    let suffix = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let target = out.map(PathBuf::from).unwrap_or_else(|| run_dir.join(format!("plots-{suffix}")));
    check_target(&target)?;
    if absolute(run_dir).starts_with(absolute(&target)) {
        return Err(Error::OutputRefused {
            path: target,
            reason: format!("holds the run being plotted ({}), which would be replaced", run_dir.display()),
        });
    }
    // No run may replace the folder being plotted until the plot is in place.
    let _hold = agroshift::output::atomic::hold_folder(run_dir)?;
    let results = ResultSet::read(run_dir)?;
    let staged = StagedDir::begin(&target, force, "plot")?;
    publish(&results, lang, staged.path())?;
    interrupt::check()?;
    let written = staged.commit()?;
    let what = lang
        .pick("Biểu đồ, report.html, report.docx và results.xlsx", "Charts, report.html, report.docx and results.xlsx");
    console::println(&format!("{what}: {}", written.display()))
}

/// `agroshift figures`: runs every shipped scenario and keeps its
/// province-level charts (PNG) in `out/<scenario>/`.
pub fn figures_command(out: &Path, scale: f64, replicates: u32, force: bool, lang: Lang) -> Result<()> {
    let options = crate::cli::RunOptions { scale: Some(scale), replicates: Some(replicates), ..Default::default() };
    let mut scenarios = Vec::new();
    for b in agroshift::scenario::builtin::BUILTINS {
        let mut scenario = scenario::open(b.name)?;
        configure(&mut scenario, &options, None, None)?;
        scenarios.push(scenario);
    }
    let staged = StagedDir::begin(out, force, "figures")?;
    // The README's comparison: restructuring against no support.
    let compared = ["sonla-baseline", "sonla-restructuring"];
    let mut runs = Vec::new();
    // B runs with A's settings, so that the differences are paired.
    if let Some(a) = scenarios.iter().find(|s| s.name == compared[0]).map(|s| s.simulation.clone()) {
        for s in scenarios.iter_mut().filter(|s| s.name == compared[1]) {
            s.simulation = a.clone();
        }
    }
    for scenario in &scenarios {
        let size = match lang {
            Lang::Vi => format!("{replicates} lần mô phỏng, quy mô {scale}"),
            Lang::En => format!("{replicates} replicates at scale {scale}"),
        };
        note(false, &format!("{}: {size}", scenario.name));
        let sim = simulate(scenario, &RunProgress::hidden()).map_err(stopped)?;
        let results = ResultFiles::of(scenario, &sim, rayon::current_num_threads()).read_back()?;
        let scratch = tempfile::tempdir_in(staged.path()).map_err(|e| Error::io("creating a temporary folder", e))?;
        let figures = agroshift::output::charts::draw_all(&results, lang, scratch.path())
            .map_err(|e| Error::Failed(format!("drawing the charts of {}: {e}", scenario.name)))?;
        for f in figures.iter().filter(|f| !f.name.starts_with("land-use-") || f.name.starts_with("land-use-by-zone")) {
            let png = std::fs::read(scratch.path().join(format!("{}.png", f.name)))
                .map_err(|e| Error::io(format!("reading {}.png", f.name), e))?;
            staged.write(&format!("{}/{}.png", scenario.name, f.name), &png)?;
        }
        if compared.contains(&scenario.name.as_str()) {
            runs.push(ScenarioRun { scenario: scenario.clone(), records: sim.records });
        }
        interrupt::check()?;
    }
    if runs.len() != compared.len() {
        return Err(Error::Failed(format!("the shipped scenarios lack one of {}", compared.join(", "))));
    }
    let scratch = tempfile::tempdir_in(staged.path()).map_err(|e| Error::io("creating a temporary folder", e))?;
    let fruit = fruit_crops(&runs);
    let settings = &runs[0].scenario.simulation;
    let rows = compare(&runs, &milestone_years(settings.base_year, settings.years as usize), &fruit);
    write_comparison(scratch.path(), &runs, &rows, &fruit, settings, Writing { lang, csv: Default::default() })?;
    for entry in std::fs::read_dir(scratch.path().join("figures")).map_err(|e| Error::io("reading figures/", e))? {
        let path = entry.map_err(|e| Error::io("reading figures/", e))?.path();
        if path.extension().is_some_and(|x| x == "png") {
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            let png = std::fs::read(&path).map_err(|e| Error::io(format!("reading {name}"), e))?;
            staged.write(&format!("{}/{name}", compared.join("-vs-")), &png)?;
        }
    }
    // Gone before the folder is committed, so that it is not committed too.
    drop(scratch);
    let written = staged.commit()?;
    let what = lang.pick("Biểu đồ của các kịch bản có sẵn", "Charts of the shipped scenarios");
    console::println(&format!("{what}: {}", written.display()))
}
