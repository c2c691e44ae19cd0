//! `run`, `plot` and `figures`: simulate a scenario and write its results,
//! re-draw saved results, and draw the shipped scenarios' charts.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::console::{self, RunProgress, note, stopped};
use super::interrupt;
use super::settings::{configure, thread_count, warn_without_effect, worker_pool};
use crate::cli::RunArgs;
use agroshift::engine::{Progress, RunRecords, StreamedRun, parcel_years_per_s, simulate, simulate_into};
use agroshift::error::{Error, Result, said};
use agroshift::explore::compare::{ScenarioRun, compare, fruit_crops};
use agroshift::output::Writing;
use agroshift::output::atomic::{StagedDir, absolute, check_target};
use agroshift::output::budget::budget_csv;
use agroshift::output::budget_table::{budget_heading, budget_note, budget_table, budget_text};
use agroshift::output::comparison::write_comparison;
use agroshift::output::csv_out::restyle;
use agroshift::output::findings_text::{findings_json, summary_text};
use agroshift::output::manifest::Manifest;
use agroshift::output::publish::publish;
use agroshift::output::result_set::ResultSet;
use agroshift::output::results::{TERMINAL_COLUMNS, indicators_csv, key_indicators, key_table, milestone_years};
use agroshift::province::Province;
use agroshift::replicates::{
    self,
    part::{self, PartManifest, Shard, Work},
    reader::ReplicatesFile,
    writer::ReplicatesWriter,
};
use agroshift::scenario::{self, Lang, Scenario};
use agroshift::stats::budget::budget;
use agroshift::stats::findings::findings;
use agroshift::stats::indicators::Layout;
use agroshift::stats::replicate_values::ReplicateValues;
use agroshift::stats::summary::Summary;
use agroshift::text::number_for;

/// `agroshift run`: simulate and write the results.
pub fn run_command(run: &RunArgs, lang: Lang) -> Result<()> {
    let args = &run.options;
    let mut scenario = scenario::open(&run.scenario)?;
    configure(&mut scenario, args, None, None)?;
    warn_without_effect(&scenario, args.quiet, lang);
    let threads = thread_count(args.threads)?;
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&scenario.name));
    // Everything that can be refused is refused before the simulation.
    if let Some(shard) = run.shard
        && shard.count > scenario.simulation.replicates
    {
        let replicates = scenario.simulation.replicates;
        return Err(Error::Usage(said(
            format!(
                "--shard {shard}: không thể chia {replicates} lần mô phỏng thành {} phân đoạn; dùng nhiều nhất {replicates}",
                shard.count
            ),
            format!(
                "--shard {shard}: {replicates} replicates cannot be cut into {} shards; use at most {replicates}",
                shard.count
            ),
        )));
    }
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
            agroshift::text::scale_text(sim.scale, lang),
            sim.seed,
            threads,
            lang.pick("luồng", "threads"),
        ),
    );
    if let Some(shard) = run.shard {
        let range = shard.share(sim.replicates);
        let (first, last, all) = (range.start, range.end - 1, sim.replicates);
        let line = match lang {
            Lang::Vi => format!("Phần {shard}: lần mô phỏng {first}–{last} trong {all} (đánh số từ 0)"),
            Lang::En => format!("Shard {shard}: replicates {first}–{last} of {all} (numbered from 0)"),
        };
        note(args.quiet, &line);
    }
    let ours = run.shard.map_or(sim.replicates, |shard| shard.share(sim.replicates).len() as u32);
    let progress = RunProgress::new(u64::from(ours), args.quiet, lang);
    if let Some(shard) = run.shard {
        return run_shard(&scenario, shard, staged, &pool, &progress, threads, args, lang);
    }
    let path = staged.path().join(replicates::FILE_NAME);
    let result = pool.install(|| simulate_to_file(&scenario, 0..sim.replicates, &progress, &path))?;
    drop(progress);

    let timing = Timing { wall_time_s: result.wall_time_s, threads };
    finish_run(staged, &scenario, &result.province, timing, &pool, args, lang)
}

/// Warns of each crop whose generated base-year area, in whole-province
/// units, is more than a fifth off the file's: at a small scale every zone
/// fills its land by whole parcels (MODEL.md §4), and with many small
/// zones (communes) the errors add up. `manifest.json` has them by zone.
fn warn_of_generated_areas(s: &Scenario, province: &Province, quiet: bool, lang: Lang) {
    const TOLERANCE: f64 = 0.2;
    let nc = province.crop_count;
    for (c, crop) in s.crops.iter().enumerate() {
        let written: f64 = s.zones.iter().map(|z| z.crop_area_ha[c]).sum();
        let made: f64 =
            (0..s.zones.len()).map(|z| province.zone_crop_area_ha[z * nc + c]).sum::<f64>() / province.scale;
        if written <= 0.0 || (made - written).abs() <= TOLERANCE * written {
            continue;
        }
        let (made, written) = (number_for(made, 0, lang), number_for(written, 0, lang));
        let scale = agroshift::text::scale_text(province.scale, lang);
        let name = crop.name(lang);
        note(
            quiet,
            &match lang {
                Lang::Vi => format!(
                    "cảnh báo: ở quy mô {scale}, năm gốc cả tỉnh có {made} ha {} so với {written} ha trong tệp (mỗi {} chia đất theo từng thửa nguyên; quy mô lớn hơn sẽ sát hơn; manifest.json ghi diện tích theo từng {})",
                    name.to_lowercase(),
                    s.zone_word(lang),
                    s.zone_word(lang)
                ),
                Lang::En => format!(
                    "warning: at scale {scale} the province's base year has {made} ha of {} against {written} ha in the file (each {} is filled by whole parcels; a larger --scale comes closer; manifest.json lists the areas by {})",
                    name.to_lowercase(),
                    s.zone_word(lang),
                    s.zone_word(lang)
                ),
            },
        );
    }
}

/// How long a run's replicates took, on how many threads.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Wall time of the replicates (s).
    pub wall_time_s: f64,
    /// Worker threads used.
    pub threads: usize,
}

/// Computes a run's results from the `replicates.parquet` in `staged`,
/// draws the charts, report and workbook, commits the folder and prints
/// the key table: what `run` and `merge` share, so that they write the
/// same bytes.
pub fn finish_run(
    staged: StagedDir,
    scenario: &Scenario,
    province: &Province,
    timing: Timing,
    pool: &rayon::ThreadPool,
    args: &crate::cli::RunOptions,
    lang: Lang,
) -> Result<()> {
    warn_of_generated_areas(scenario, province, args.quiet, lang);
    let sim = &scenario.simulation;
    let path = staged.path().join(replicates::FILE_NAME);
    let file = ReplicatesFile::open(&path, Layout::new(scenario, sim.years as usize))
        .map_err(|e| Error::io("reading back replicates.parquet", e))?;
    let data = RunData { values: &file, province, wall_time_s: timing.wall_time_s, threads: timing.threads };
    let results = pool.install(|| write_run_files(&staged, scenario, &data, args))?;
    interrupt::check()?;
    publish(&results, lang, staged.path())?;
    let keys = key_indicators(&results, &scenario.focus_scope(), lang);
    interrupt::check()?;
    let written = staged.commit()?;

    if !args.quiet {
        if let Some(found) = &results.findings {
            console::println(&format!("\n{}", summary_text(found, scenario, lang)))?;
        }
        console::println(&key_table(scenario, &keys, lang))?;
        // The plan period's budget, which a planner asks of the run first.
        if let Some(budget) = results.budget.as_ref().filter(|b| !b.periods.is_empty()) {
            let table = budget_table(budget, &scenario.focus_scope(), lang);
            let heading = budget_heading(scenario, lang);
            console::println(&format!("\n{}", budget_text(&heading, &table, budget_note(lang), TERMINAL_COLUMNS)))?;
        }
        let count = |v: f64| number_for(v, 0, lang);
        let (households, parcels) = (count(province.household_count() as f64), count(province.parcel_count() as f64));
        let speed = parcel_years_per_s(province, sim.years as usize, sim.replicates as usize, data.wall_time_s);
        let (seconds, speed) = (number_for(data.wall_time_s, 1, lang), count(speed));
        let files = "report.html, report.docx, results.xlsx, figures/, indicators.csv, budget.csv, replicates.parquet";
        console::println(&match lang {
            Lang::Vi => format!(
                "Đã mô phỏng {households} hộ và {parcels} thửa đất trong {seconds} giây ({speed} thửa-năm/giây).\nKết quả: {}\n  {files}",
                written.display()
            ),
            Lang::En => format!(
                "Simulated {households} households and {parcels} parcels in {seconds} s ({speed} parcel-years/s).\nResults: {}\n  {files}",
                written.display()
            ),
        })?;
    }
    Ok(())
}

/// A shard's run: only its replicates, into `replicates.parquet`, and
/// `part.json` saying which share of what run they are.
#[allow(clippy::too_many_arguments)]
fn run_shard(
    scenario: &Scenario,
    shard: Shard,
    staged: StagedDir,
    pool: &rayon::ThreadPool,
    progress: &RunProgress,
    threads: usize,
    args: &crate::cli::RunOptions,
    lang: Lang,
) -> Result<()> {
    let range = shard.share(scenario.simulation.replicates);
    let path = staged.path().join(replicates::FILE_NAME);
    let result = pool.install(|| simulate_to_file(scenario, range.clone(), progress, &path))?;
    let part = PartManifest::new(
        scenario,
        Work::Run,
        scenario.simulation.replicates,
        shard,
        result.wall_time_s,
        threads,
        host_name(),
    );
    finish_shard(staged, &part, None, args.quiet, lang)
}

/// Writes a shard's `part.json` (and its results file, `(name, JSON)`,
/// for an exploration), commits the folder and says what it holds.
pub fn finish_shard(
    staged: StagedDir,
    part: &PartManifest,
    results: Option<(&str, String)>,
    quiet: bool,
    lang: Lang,
) -> Result<()> {
    staged.write(part::FILE_NAME, pretty_json(part).as_bytes())?;
    let data = match &results {
        Some((name, json)) => {
            staged.write(name, json.as_bytes())?;
            *name
        }
        None => replicates::FILE_NAME,
    };
    interrupt::check()?;
    let written = staged.commit()?;
    let (first, last, seconds) = (part.first, part.end - 1, number_for(part.wall_time_s, 1, lang));
    let message = match lang {
        Lang::Vi => {
            let what = part.work.items().vi;
            format!(
                "Phân đoạn {}: {what} {first}–{last} trong {seconds} giây.\nKết quả: {} ({data}, part.json)\nGhép các phân đoạn bằng: agroshift merge THƯ_MỤC… --out THƯ_MỤC",
                part.shard,
                written.display()
            )
        }
        Lang::En => format!(
            "Shard {}: {} {first}–{last} in {seconds} s.\nResults: {} ({data}, part.json)\nPut the shards together with: agroshift merge DIR… --out DIR",
            part.shard,
            part.work.items().en,
            written.display()
        ),
    };
    note(quiet, &message);
    Ok(())
}

/// This machine's name, for a shard's description; empty if unknown.
pub fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .unwrap_or_default()
}

/// Simulates `replicates` of `scenario` on the current pool, each record
/// written to the Parquet file `path` as it is made.
pub fn simulate_to_file(
    scenario: &Scenario,
    replicates: Range<u32>,
    progress: &dyn Progress,
    path: &Path,
) -> Result<StreamedRun> {
    let io = |e: std::io::Error| Error::io(format!("writing {}", path.display()), e);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer =
        ReplicatesWriter::new(std::io::BufWriter::new(file), scenario, &layout, replicates.clone()).map_err(io)?;
    let result = simulate_into(scenario, replicates, progress, &mut writer).map_err(stopped)?;
    let mut file = writer.finish().map_err(io)?;
    file.flush().map_err(io)?;
    file.get_ref().sync_all().map_err(io)?;
    Ok(result)
}

/// Writes `records`, held in memory, as `replicates.parquet` into `staged`.
pub fn save_records(staged: &StagedDir, scenario: &Scenario, records: &RunRecords) -> Result<()> {
    let mut bytes = Vec::new();
    let mut writer = ReplicatesWriter::new(&mut bytes, scenario, &records.layout, 0..records.replicates as u32)
        .map_err(|e| Error::io("writing replicates.parquet", e))?;
    for rep in 0..records.replicates {
        writer.push(rep as u32, records.replicate(rep)).map_err(|e| Error::io("writing replicates.parquet", e))?;
    }
    writer.finish().map_err(|e| Error::io("writing replicates.parquet", e))?;
    staged.write(replicates::FILE_NAME, &bytes)
}

/// What a run's result files are computed from: every replicate's record
/// (in memory or in `replicates.parquet`), the province, and the time taken.
pub struct RunData<'a> {
    /// Every replicate's record.
    pub values: &'a dyn ReplicateValues,
    /// The province simulated.
    pub province: &'a Province,
    /// Wall time of the replicates (s).
    pub wall_time_s: f64,
    /// Worker threads used.
    pub threads: usize,
}

/// Writes the files a run writes first (`indicators.csv`, `budget.csv`,
/// `findings.json`, `manifest.json`) into `staged`, and returns the results
/// read back from them: everything else is drawn from these, exactly as
/// `agroshift plot` draws it later.
pub fn write_run_files(
    staged: &StagedDir,
    scenario: &Scenario,
    data: &RunData,
    args: &crate::cli::RunOptions,
) -> Result<ResultSet> {
    let files = ResultFiles::of(scenario, data)?;
    let style = args.csv_style.into();
    staged.write("indicators.csv", &restyle(&files.indicators_csv, style))?;
    staged.write("budget.csv", &restyle(&files.budget_csv, style))?;
    staged.write("findings.json", files.findings_json.as_bytes())?;
    staged.write("manifest.json", files.manifest_json.as_bytes())?;
    files.read_back()
}

/// The results of a run, as `plot` would read them from its files, without
/// writing any (the `serve` page draws from these).
pub fn results_of(scenario: &Scenario, data: &RunData) -> Result<ResultSet> {
    ResultFiles::of(scenario, data)?.read_back()
}

/// The files a run writes first, from which everything else is drawn.
struct ResultFiles {
    indicators_csv: Vec<u8>,
    budget_csv: Vec<u8>,
    findings_json: String,
    manifest_json: String,
}

impl ResultFiles {
    /// The files of a run of `scenario`.
    fn of(scenario: &Scenario, data: &RunData) -> Result<Self> {
        let reading = |e| Error::io("reading the replicates' records", e);
        let summary = Summary::from_values(data.values).map_err(reading)?;
        let indicators_csv = indicators_csv(scenario, &summary);
        let budget_csv = budget_csv(scenario, &budget(scenario, data.values).map_err(reading)?);
        let findings_json = findings_json(&findings(scenario, data.values).map_err(reading)?);
        let manifest = Manifest::of_run(scenario, data.province, data.wall_time_s, data.threads, &indicators_csv);
        let manifest_json = pretty_json(&manifest);
        Ok(ResultFiles { indicators_csv, budget_csv, findings_json, manifest_json })
    }

    /// The results as `plot` reads them from these files.
    fn read_back(&self) -> Result<ResultSet> {
        ResultSet::from_parts(&self.manifest_json, &self.indicators_csv)?
            .with_budget("budget.csv", &self.budget_csv)?
            .with_findings("findings.json", &self.findings_json)
    }
}

/// Pretty JSON of a result file, ending in a newline.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// `agroshift plot`: re-draws the charts, report and workbook of a saved run
/// without simulating, into a new folder that is never the run's own.
pub fn plot_command(run_dir: &Path, out: Option<&Path>, force: bool, quiet: bool, lang: Lang) -> Result<()> {
    if !run_dir.join("indicators.csv").is_file() || !run_dir.join("manifest.json").is_file() {
        let folder = run_dir.display();
        let missing = if run_dir.is_dir() {
            said(
                "không chứa kết quả của một lần chạy (indicators.csv và manifest.json)",
                "does not hold the results of a run (indicators.csv and manifest.json)",
            )
        } else {
            said("không có thư mục này", "no such folder")
        };
        return Err(Error::Usage(said(format!("{folder}: {}", missing.vi), format!("{folder}: {}", missing.en))));
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
            reason: agroshift::error::said(
                format!("chứa lần chạy đang được vẽ lại ({}), lần chạy này sẽ bị thay thế", run_dir.display()),
                format!("holds the run being plotted ({}), which would be replaced", run_dir.display()),
            ),
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
    if quiet {
        return Ok(());
    }
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
            Lang::Vi => {
                format!("{replicates} lần mô phỏng, quy mô {}", agroshift::text::scale_text(scale, lang))
            }
            Lang::En => format!("{replicates} replicates at scale {scale}"),
        };
        note(false, &format!("{}: {size}", scenario.name));
        let sim = simulate(scenario, &RunProgress::hidden()).map_err(stopped)?;
        let data = RunData {
            values: &sim.records,
            province: &sim.province,
            wall_time_s: sim.wall_time_s,
            threads: rayon::current_num_threads(),
        };
        let results = ResultFiles::of(scenario, &data)?.read_back()?;
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
