//! `merge`: the shards of a run, frontier or sensitivity analysis
//! (`--shard K/N`) put back together. The parts are checked to be one
//! work's, every shard present once. A run's records are copied in
//! replicate order into one `replicates.parquet`, from which everything
//! else is computed by the code a single run uses; a frontier's mixes and
//! a sensitivity analysis's cases are joined in order and written by the
//! code the single command uses.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::console::note;
use super::explore::{
    CASES_FILE, CaseMeans, MIXES_FILE, finish_frontier, finish_sensitivity, frontier_setup, target, target_args,
};
use super::run::{Timing, finish_run};
use super::settings::{thread_count, worker_pool};
use crate::cli::{MergeArgs, RunOptions};
use agroshift::error::{Error, Result};
use agroshift::explore::frontier::MixResult;
use agroshift::explore::frontier::mix_grid;
use agroshift::explore::sensitivity::case_name;
use agroshift::explore::sensitivity::cases as sensitivity_cases;
use agroshift::output::atomic::StagedDir;
use agroshift::output::atomic::absolute;
use agroshift::province::build_province;
use agroshift::replicates::part::{self, PartManifest, TargetSpec, Work, run_key};
use agroshift::replicates::reader::ReplicatesFile;
use agroshift::replicates::writer::ReplicatesWriter;
use agroshift::replicates::{self};
use agroshift::scenario::{self, Lang, Scenario};
use agroshift::stats::indicators::Layout;
use agroshift::stats::replicate_values::ReplicateValues;

/// `agroshift merge`: checks the parts, copies their records and writes the
/// results of the whole run.
pub fn merge_command(args: &MergeArgs, lang: Lang) -> Result<()> {
    let parts = read_parts(&args.parts)?;
    let ordered = check_parts(&parts)?;
    let first = &ordered[0].1;
    let scenario = rebuild_scenario(first)?;
    let options = RunOptions {
        out: args.out.clone(),
        force: args.force,
        quiet: args.quiet,
        threads: args.threads,
        csv_style: args.csv_style,
        ..RunOptions::default()
    };
    let threads = thread_count(args.threads)?;
    refuse_out_among_parts(args, &ordered, &scenario)?;
    // The shards' wall times added: the machine time the work took.
    let seconds: f64 = ordered.iter().map(|(_, p)| p.wall_time_s).sum();
    match &first.work {
        Work::Run => check_items(&ordered, scenario.simulation.replicates)?,
        Work::Frontier { crops, step, target } => {
            let setup = frontier_setup(&scenario, &crops.join(","), *step, &target_args(target), lang)?;
            check_items(&ordered, setup.mixes)?;
            let grid = mix_grid(setup.crops.len(), *step);
            let mut mixes: Vec<MixResult> = Vec::with_capacity(setup.mixes as usize);
            for (dir, part) in &ordered {
                let theirs: Vec<MixResult> = read_results(dir, MIXES_FILE)?;
                check_count(dir, MIXES_FILE, theirs.len(), part)?;
                let wanted = &grid[part.first as usize..part.end as usize];
                if theirs.iter().zip(wanted).any(|(mix, shares)| mix.shares != *shares) {
                    return Err(Error::Usage(format!(
                        "{}: its mixes are not shard {}'s mixes of the grid",
                        dir.join(MIXES_FILE).display(),
                        part.shard
                    )));
                }
                mixes.extend(theirs);
            }
            let name = format!("frontier-{}", scenario.name);
            let staged = StagedDir::begin(&out_dir(args, &name), args.force, "frontier")?;
            return worker_pool(Some(threads))?
                .install(|| finish_frontier(staged, &scenario, &setup, mixes, seconds, &options, lang));
        }
        Work::Sensitivity { change, target: spec } => {
            let (target, label) = target(&scenario, &target_args(spec), lang)?;
            check_items(&ordered, sensitivity_cases(&scenario, *change).len() as u32)?;
            let mut means = Vec::new();
            for (dir, part) in &ordered {
                let theirs: CaseMeans = read_results(dir, CASES_FILE)?;
                check_count(dir, CASES_FILE, theirs.means.len(), part)?;
                let wanted: Vec<String> = (part.first..part.end).map(|c| case_name(c as usize, *change)).collect();
                if theirs.cases != wanted {
                    return Err(Error::Usage(format!(
                        "{}: its cases are not shard {}'s cases ({})",
                        dir.join(CASES_FILE).display(),
                        part.shard,
                        wanted.join(", ")
                    )));
                }
                means.extend(theirs.means);
            }
            let name = format!("sensitivity-{}", scenario.name);
            let staged = StagedDir::begin(&out_dir(args, &name), args.force, "sensitivity")?;
            return worker_pool(Some(threads))?
                .install(|| finish_sensitivity(staged, &scenario, &means, *change, target, &label, &options, lang));
        }
    }
    let out = out_dir(args, &scenario.name);
    let staged = StagedDir::begin(&out, args.force, "run")?;
    let pool = worker_pool(Some(threads))?;
    note(
        args.quiet,
        &match lang {
            Lang::Vi => format!("{}: ghép {} phần, {} lần mô phỏng", scenario.name, ordered.len(), first.replicates),
            Lang::En => format!("{}: merging {} shards, {} replicates", scenario.name, ordered.len(), first.replicates),
        },
    );
    copy_records(&scenario, &ordered, &staged.path().join(replicates::FILE_NAME))?;
    let province = pool.install(|| build_province(&scenario));
    finish_run(staged, &scenario, &province, Timing { wall_time_s: seconds, threads }, &pool, &options, lang)
}

/// Checks that every part cuts the work's `items` (replicates, mixes or
/// cases) as the scenario says.
fn check_items(parts: &[(PathBuf, PartManifest)], items: u32) -> Result<()> {
    for (dir, part) in parts {
        if part.items != items {
            return Err(Error::Usage(format!(
                "{}: says the work has {} {}, its scenario makes {items}",
                dir.join(part::FILE_NAME).display(),
                part.items,
                part.work.items()
            )));
        }
    }
    Ok(())
}

/// Refuses an output folder that is, holds or lies in a part's folder:
/// replacing it would lose the shard.
fn refuse_out_among_parts(args: &MergeArgs, parts: &[(PathBuf, PartManifest)], scenario: &Scenario) -> Result<()> {
    let name = match &parts[0].1.work {
        Work::Run => scenario.name.clone(),
        Work::Frontier { .. } => format!("frontier-{}", scenario.name),
        Work::Sensitivity { .. } => format!("sensitivity-{}", scenario.name),
    };
    let out = absolute(&out_dir(args, &name));
    for (dir, _) in parts {
        let dir = absolute(dir);
        if out.starts_with(&dir) || dir.starts_with(&out) {
            return Err(Error::OutputRefused {
                path: out,
                reason: agroshift::error::said(
                    format!("chứa hoặc nằm trong thư mục phân đoạn (shard) {}, thư mục này sẽ bị mất", dir.display()),
                    format!("holds or lies in the shard folder {}, which would be lost", dir.display()),
                ),
            });
        }
    }
    Ok(())
}

/// `--out`, or `out/NAME`.
fn out_dir(args: &MergeArgs, name: &str) -> PathBuf {
    args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(name))
}

/// Reads a shard's results file.
fn read_results<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: not a shard's results as this agroshift writes them ({e}); an earlier build may have written it: run that shard again with this one",
            path.display()
        ))
    })
}

/// Checks that a shard's results file holds as many items as its part says.
fn check_count(dir: &Path, name: &str, found: usize, part: &PartManifest) -> Result<()> {
    let expected = (part.end - part.first) as usize;
    if found != expected {
        return Err(Error::Usage(format!(
            "{}: holds {found} {} where shard {} should hold {expected}",
            dir.join(name).display(),
            part.work.items(),
            part.shard
        )));
    }
    Ok(())
}

/// Reads every folder's `part.json`.
fn read_parts(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, PartManifest)>> {
    dirs.iter()
        .map(|dir| {
            let path = dir.join(part::FILE_NAME);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                let what = if dir.join("indicators.csv").is_file() {
                    "holds a finished run, not a shard".to_string()
                } else {
                    format!("has no readable {} ({e})", part::FILE_NAME)
                };
                Error::Usage(format!("{}: {what}\n  help: a shard is the --out of `--shard K/N`", dir.display()))
            })?;
            let manifest: PartManifest = serde_json::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: not a shard's description: {e}", path.display())))?;
            let shard = manifest.shard;
            if shard.index == 0 || shard.index > shard.count {
                return Err(Error::Usage(format!(
                    "{}: shard {}/{} is not a shard (expected 1 ≤ K ≤ N)",
                    path.display(),
                    shard.index,
                    shard.count
                )));
            }
            let data = match manifest.work {
                Work::Run => replicates::FILE_NAME,
                Work::Frontier { .. } => MIXES_FILE,
                Work::Sensitivity { .. } => CASES_FILE,
            };
            if !dir.join(data).is_file() {
                return Err(Error::Usage(format!("{}: {data} is missing; the shard did not finish", dir.display())));
            }
            Ok((dir.clone(), manifest))
        })
        .collect()
}

/// Checks that `parts` are the shards of one run, each once and all there,
/// and returns them in shard order.
fn check_parts(parts: &[(PathBuf, PartManifest)]) -> Result<Vec<(PathBuf, PartManifest)>> {
    let (first_dir, first) = &parts[0];
    for (dir, part) in &parts[1..] {
        let mismatch = first.run_identity().into_iter().zip(part.run_identity()).find(|(a, b)| a.1 != b.1);
        if let Some(((what, mine), (_, theirs))) = mismatch {
            let shown = |v: &str| if v.is_empty() { "none".to_string() } else { v.to_string() };
            let values = match what {
                "resolved scenario" => "the scenarios differ".to_string(),
                "command" => format!("a shard of `{}`, not of `{}`", command_of(part), command_of(first)),
                _ => format!("{what} {} against {}", shown(&theirs), shown(&mine)),
            };
            return Err(Error::Usage(format!(
                "{} is not a shard of the same run as {}: {values}",
                dir.display(),
                first_dir.display()
            )));
        }
    }
    let count = first.shard.count;
    let mut by_index: Vec<Option<&(PathBuf, PartManifest)>> = vec![None; count as usize];
    for entry in parts {
        let (dir, part) = entry;
        let expected = part.shard.share(part.items);
        if (part.first..part.end) != expected {
            return Err(Error::Usage(format!(
                "{}: shard {} should hold {} {}..{}, its description says {}..{}",
                dir.display(),
                part.shard,
                part.work.items(),
                expected.start,
                expected.end,
                part.first,
                part.end
            )));
        }
        let slot = &mut by_index[part.shard.index as usize - 1];
        if let Some((other, _)) = slot {
            return Err(Error::Usage(format!(
                "shard {} is given twice: {} and {}",
                part.shard,
                other.display(),
                dir.display()
            )));
        }
        *slot = Some(entry);
    }
    let missing: Vec<String> =
        (1..=count).filter(|k| by_index[*k as usize - 1].is_none()).map(|k| format!("{k}/{count}")).collect();
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() == 1 { ("shard", "is") } else { ("shards", "are") };
        return Err(Error::Usage(format!(
            "{noun} {} of the run {verb} missing ({} of {count} given); give every shard's folder",
            missing.join(", "),
            parts.len()
        )));
    }
    Ok(by_index.into_iter().flatten().cloned().collect())
}

/// The command a part is a shard of, with its settings when it is not `run`.
fn command_of(part: &PartManifest) -> String {
    match &part.work {
        Work::Run => "run".to_string(),
        Work::Frontier { crops, step, target } => {
            format!("frontier --crops {} --step {step} {}", crops.join(","), target_words(target))
        }
        Work::Sensitivity { change, target } => format!("sensitivity --change {change} {}", target_words(target)),
    }
}

/// An exploration's outcome as command-line options.
fn target_words(target: &TargetSpec) -> String {
    let mut words = format!("--indicator {}", target.indicator);
    if let Some(key) = &target.key {
        words.push_str(&format!(" --key {key}"));
    }
    if let Some(year) = target.year {
        words.push_str(&format!(" --year {year}"));
    }
    words
}

/// The whole run's scenario, as the shards ran it: from the resolved
/// scenario they carry, with the command line's settings they record.
fn rebuild_scenario(part: &PartManifest) -> Result<Scenario> {
    let mut scenario = scenario::open_inline(&part.scenario, &part.resolved_scenario)?;
    scenario.name = part.scenario.clone();
    scenario.files = part.scenario_files.clone();
    let sim = &mut scenario.simulation;
    (sim.seed, sim.replicates, sim.years, sim.scale) = (part.seed, part.replicates, part.years, part.scale);
    scenario.focus =
        scenario.zones_named(&part.focus).map_err(|e| Error::Failed(format!("the shards' focus: {}", e.en)))?;
    Ok(scenario)
}

/// Copies the parts' records, in replicate order, into one Parquet file,
/// checking that each part's file is of this run and holds what its
/// `part.json` says.
fn copy_records(scenario: &Scenario, parts: &[(PathBuf, PartManifest)], path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::io(format!("writing {}", path.display()), e);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer =
        ReplicatesWriter::new(std::io::BufWriter::new(file), scenario, &layout, 0..scenario.simulation.replicates)
            .map_err(io)?;
    let key = run_key(scenario);
    for (dir, part) in parts {
        let source = dir.join(replicates::FILE_NAME);
        // The reader's errors name the file.
        let file = ReplicatesFile::open(&source, layout.clone()).map_err(|e| Error::Usage(e.to_string()))?;
        let refuse = |why: String| Err(Error::Usage(format!("{}: {why}", source.display())));
        if file.run_key() != Some(key.as_str()) {
            return refuse(
                "holds the records of another run (its scenario, seed or settings differ from part.json's)".into(),
            );
        }
        let expected = (part.end - part.first) as usize;
        if file.first_replicate() != part.first || file.replicates() != expected {
            return refuse(format!(
                "holds replicates {}..{}, its part.json says {}..{}",
                file.first_replicate(),
                file.first_replicate() as usize + file.replicates(),
                part.first,
                part.end
            ));
        }
        let mut write_error = None;
        let copied = file.for_each_record(&mut |rep, record| {
            writer.push(rep, record).map_err(|e| {
                write_error = Some(e);
                std::io::Error::other("the merged file could not be written")
            })
        });
        if let Some(e) = write_error {
            return Err(io(e));
        }
        copied.map_err(|e| Error::Usage(e.to_string()))?;
        super::interrupt::check()?;
    }
    let mut file = writer.finish().map_err(io)?;
    file.flush().map_err(io)?;
    file.get_ref().sync_all().map_err(io)?;
    Ok(())
}
