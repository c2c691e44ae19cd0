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
use agroshift::output::atomic::StagedDir;
use agroshift::province::build_province;
use agroshift::replicates::part::{self, PartManifest, Work};
use agroshift::replicates::reader::ReplicatesFile;
use agroshift::replicates::writer::ReplicatesWriter;
use agroshift::replicates::{self};
use agroshift::scenario::{self, Lang, Scenario};
use agroshift::stats::indicators::Layout;

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
    // The shards' wall times added: the machine time the work took.
    let seconds: f64 = ordered.iter().map(|(_, p)| p.wall_time_s).sum();
    match &first.work {
        Work::Run => {}
        Work::Frontier { crops, step, target } => {
            let setup = frontier_setup(&scenario, &crops.join(","), *step, &target_args(target), lang)?;
            let mut mixes: Vec<MixResult> = Vec::with_capacity(setup.mixes as usize);
            for (dir, part) in &ordered {
                let theirs: Vec<MixResult> = read_results(dir, MIXES_FILE)?;
                check_count(dir, MIXES_FILE, theirs.len(), part)?;
                mixes.extend(theirs);
            }
            let name = format!("frontier-{}", scenario.name);
            let staged = StagedDir::begin(&out_dir(args, &name), args.force, "frontier")?;
            return worker_pool(Some(threads))?
                .install(|| finish_frontier(staged, &scenario, &setup, mixes, seconds, &options, lang));
        }
        Work::Sensitivity { change, target: spec } => {
            let (target, label) = target(&scenario, &target_args(spec), lang)?;
            let mut means = Vec::new();
            for (dir, part) in &ordered {
                let theirs: CaseMeans = read_results(dir, CASES_FILE)?;
                check_count(dir, CASES_FILE, theirs.means.len(), part)?;
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

/// `--out`, or `out/NAME`.
fn out_dir(args: &MergeArgs, name: &str) -> PathBuf {
    args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(name))
}

/// Reads a shard's results file.
fn read_results<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Error::Usage(format!("{}: not a shard's results: {e}", path.display())))
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
                Error::Usage(format!(
                    "{}: no readable {} ({e}); a shard's folder is the --out of `agroshift run --shard K/N`",
                    dir.display(),
                    part::FILE_NAME
                ))
            })?;
            let manifest: PartManifest = serde_json::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: not a shard's description: {e}", path.display())))?;
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
            let values = if what == "resolved scenario" { String::new() } else { format!(": {theirs} against {mine}") };
            return Err(Error::Usage(format!(
                "{} is not a shard of the same run as {}: its {what} differs{values}",
                dir.display(),
                first_dir.display()
            )));
        }
    }
    let count = first.shard.count;
    let mut by_index: Vec<Option<&(PathBuf, PartManifest)>> = vec![None; count as usize];
    for entry in parts {
        let (dir, part) = entry;
        let expected = part.shard.replicates(part.items);
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

/// The whole run's scenario, as the shards ran it: from the resolved
/// scenario they carry, with the command line's settings they record.
fn rebuild_scenario(part: &PartManifest) -> Result<Scenario> {
    let mut scenario = scenario::open_inline(&part.scenario, &part.resolved_scenario)?;
    scenario.name = part.scenario.clone();
    scenario.files = part.scenario_files.clone();
    let sim = &mut scenario.simulation;
    (sim.seed, sim.replicates, sim.years, sim.scale) = (part.seed, part.replicates, part.years, part.scale);
    scenario.focus = scenario.zones_named(&part.focus).map_err(|e| Error::Failed(format!("the shards' focus: {e}")))?;
    Ok(scenario)
}

/// Copies the parts' records, in replicate order, into one Parquet file.
fn copy_records(scenario: &Scenario, parts: &[(PathBuf, PartManifest)], path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::io(format!("writing {}", path.display()), e);
    let layout = Layout::new(scenario, scenario.simulation.years as usize);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut writer =
        ReplicatesWriter::new(std::io::BufWriter::new(file), scenario, &layout, 0..scenario.simulation.replicates)
            .map_err(io)?;
    for (dir, part) in parts {
        let source = dir.join(replicates::FILE_NAME);
        let reading = |e: std::io::Error| Error::Usage(format!("{}: {e}", source.display()));
        let file = ReplicatesFile::open(&source, layout.clone()).map_err(reading)?;
        if file.first_replicate() != part.first {
            return Err(Error::Usage(format!(
                "{}: starts at replicate {}, its part.json says {}",
                source.display(),
                file.first_replicate(),
                part.first
            )));
        }
        file.for_each_record(&mut |rep, record| writer.push(rep, record)).map_err(reading)?;
        super::interrupt::check()?;
    }
    let mut file = writer.finish().map_err(|e| Error::Usage(format!("the shards do not hold every replicate: {e}")))?;
    file.flush().map_err(io)?;
    Ok(())
}
