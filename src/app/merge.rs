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
    CASES_FILE, CaseValues, MIXES_FILE, Ranked, finish_frontier, finish_sensitivity, frontier_setup, target,
    target_args,
};
use super::run::{Timing, finish_run};
use super::settings::{thread_count, worker_pool};
use crate::cli::{MergeArgs, RunOptions};
use agroshift::error::{Error, Result, Said, said};
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
                    let file = dir.join(MIXES_FILE);
                    return Err(Error::Usage(said(
                        format!(
                            "{}: các cơ cấu trong tệp không phải các cơ cấu của phân đoạn {} trên lưới",
                            file.display(),
                            part.shard
                        ),
                        format!("{}: its mixes are not shard {}'s mixes of the grid", file.display(), part.shard),
                    )));
                }
                mixes.extend(theirs);
            }
            let name = format!("frontier-{}", scenario.name);
            let staged = StagedDir::begin(&out_dir(args, &name), args.force, "frontier")?;
            return worker_pool(Some(threads))?
                .install(|| finish_frontier(staged, &scenario, &setup, &first.work, mixes, seconds, &options, lang));
        }
        Work::Sensitivity { change, target: spec } => {
            let (target, label) = target(&scenario, &target_args(spec), lang)?;
            check_items(&ordered, sensitivity_cases(&scenario, *change).len() as u32)?;
            let mut values = Vec::new();
            let replicates = scenario.simulation.replicates as usize;
            for (dir, part) in &ordered {
                let theirs: CaseValues = read_results(dir, CASES_FILE)?;
                check_count(dir, CASES_FILE, theirs.values.len(), part)?;
                if let Some(found) = theirs.values.iter().map(Vec::len).find(|&n| n != replicates) {
                    let file = dir.join(CASES_FILE);
                    return Err(Error::Usage(said(
                        format!("{}: một trường hợp có {found} lần mô phỏng thay vì {replicates}", file.display()),
                        format!("{}: a case holds {found} replicates instead of {replicates}", file.display()),
                    )));
                }
                let wanted: Vec<String> = (part.first..part.end).map(|c| case_name(c as usize, *change)).collect();
                if theirs.cases != wanted {
                    let (file, cases) = (dir.join(CASES_FILE), wanted.join(", "));
                    return Err(Error::Usage(said(
                        format!(
                            "{}: các trường hợp trong tệp không phải các trường hợp của phân đoạn {} ({cases})",
                            file.display(),
                            part.shard
                        ),
                        format!("{}: its cases are not shard {}'s cases ({cases})", file.display(), part.shard),
                    )));
                }
                values.extend(theirs.values);
            }
            let name = format!("sensitivity-{}", scenario.name);
            let staged = StagedDir::begin(&out_dir(args, &name), args.force, "sensitivity")?;
            let ranked = Ranked { change: *change, target, label: &label, seconds };
            return worker_pool(Some(threads))?
                .install(|| finish_sensitivity(staged, &scenario, &first.work, &values, ranked, &options, lang));
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
            let (file, what) = (dir.join(part::FILE_NAME), part.work.items());
            return Err(Error::Usage(said(
                format!(
                    "{}: ghi rằng công việc có {} {}, nhưng kịch bản của nó tạo ra {items}",
                    file.display(),
                    part.items,
                    what.vi
                ),
                format!("{}: says the work has {} {}, its scenario makes {items}", file.display(), part.items, what.en),
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
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Usage(said(format!("{}: không đọc được ({e})", path.display()), format!("{}: {e}", path.display())))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(said(
            format!(
                "{}: không phải kết quả của một phân đoạn do bản agroshift này ghi ({e}); có thể một bản cũ hơn đã ghi nó: chạy lại phân đoạn đó bằng bản này",
                path.display()
            ),
            format!(
                "{}: not a shard's results as this agroshift writes them ({e}); an earlier build may have written it: run that shard again with this one",
                path.display()
            ),
        ))
    })
}

/// Checks that a shard's results file holds as many items as its part says.
fn check_count(dir: &Path, name: &str, found: usize, part: &PartManifest) -> Result<()> {
    let expected = (part.end - part.first) as usize;
    if found != expected {
        let (file, what) = (dir.join(name), part.work.items());
        return Err(Error::Usage(said(
            format!("{}: có {found} {} trong khi phân đoạn {} phải có {expected}", file.display(), what.vi, part.shard),
            format!("{}: holds {found} {} where shard {} should hold {expected}", file.display(), what.en, part.shard),
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
                    said("là một lần chạy đã xong, không phải một phân đoạn", "holds a finished run, not a shard")
                } else if !dir.is_dir() {
                    said("không có thư mục này", "no such folder")
                } else {
                    said(
                        format!("không có tệp {} đọc được ({e})", part::FILE_NAME),
                        format!("has no readable {} ({e})", part::FILE_NAME),
                    )
                };
                let folder = dir.display();
                Error::Usage(said(
                    format!("{folder}: {}\n  gợi ý: một phân đoạn là thư mục --out của `--shard K/N`", what.vi),
                    format!("{folder}: {}\n  help: a shard is the --out of `--shard K/N`", what.en),
                ))
            })?;
            let manifest: PartManifest = serde_json::from_str(&text).map_err(|e| {
                Error::Usage(said(
                    format!("{}: không phải mô tả của một phân đoạn: {e}", path.display()),
                    format!("{}: not a shard's description: {e}", path.display()),
                ))
            })?;
            let shard = manifest.shard;
            if shard.index == 0 || shard.index > shard.count {
                let (file, k, n) = (path.display(), shard.index, shard.count);
                return Err(Error::Usage(said(
                    format!("{file}: phân đoạn {k}/{n} không hợp lệ (cần 1 ≤ K ≤ N)"),
                    format!("{file}: shard {k}/{n} is not a shard (expected 1 ≤ K ≤ N)"),
                )));
            }
            let data = match manifest.work {
                Work::Run => replicates::FILE_NAME,
                Work::Frontier { .. } => MIXES_FILE,
                Work::Sensitivity { .. } => CASES_FILE,
            };
            if !dir.join(data).is_file() {
                return Err(Error::Usage(said(
                    format!("{}: thiếu {data}; phân đoạn chưa chạy xong", dir.display()),
                    format!("{}: {data} is missing; the shard did not finish", dir.display()),
                )));
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
        let mismatch = first.run_identity().into_iter().zip(part.run_identity()).find(|(a, b)| a.2 != b.2);
        if let Some(((what, what_vi, mine), (_, _, theirs))) = mismatch {
            let shown = |v: &str, none: &str| if v.is_empty() { none.to_string() } else { v.to_string() };
            let values = match what {
                "resolved scenario" => said("các kịch bản khác nhau", "the scenarios differ"),
                "command" => said(
                    format!("là phân đoạn của `{}`, không phải của `{}`", command_of(part), command_of(first)),
                    format!("a shard of `{}`, not of `{}`", command_of(part), command_of(first)),
                ),
                _ => said(
                    format!("{} {} so với {}", what_vi, shown(&theirs, "không có"), shown(&mine, "không có")),
                    format!("{what} {} against {}", shown(&theirs, "none"), shown(&mine, "none")),
                ),
            };
            let (dir, first_dir) = (dir.display(), first_dir.display());
            return Err(Error::Usage(said(
                format!("{dir} không phải phân đoạn của cùng lần chạy với {first_dir}: {}", values.vi),
                format!("{dir} is not a shard of the same run as {first_dir}: {}", values.en),
            )));
        }
    }
    let count = first.shard.count;
    let mut by_index: Vec<Option<&(PathBuf, PartManifest)>> = vec![None; count as usize];
    for entry in parts {
        let (dir, part) = entry;
        let expected = part.shard.share(part.items);
        if (part.first..part.end) != expected {
            let (folder, what) = (dir.display(), part.work.items());
            let (from, to) = (expected.start, expected.end);
            return Err(Error::Usage(said(
                format!(
                    "{folder}: phân đoạn {} phải chứa {} {from}..{to}, nhưng mô tả của nó ghi {}..{}",
                    part.shard, what.vi, part.first, part.end
                ),
                format!(
                    "{folder}: shard {} should hold {} {from}..{to}, its description says {}..{}",
                    part.shard, what.en, part.first, part.end
                ),
            )));
        }
        let slot = &mut by_index[part.shard.index as usize - 1];
        if let Some((other, _)) = slot {
            let (other, dir) = (other.display(), dir.display());
            return Err(Error::Usage(said(
                format!("phân đoạn {} được đưa hai lần: {other} và {dir}", part.shard),
                format!("shard {} is given twice: {other} and {dir}", part.shard),
            )));
        }
        *slot = Some(entry);
    }
    let missing: Vec<String> =
        (1..=count).filter(|k| by_index[*k as usize - 1].is_none()).map(|k| format!("{k}/{count}")).collect();
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() == 1 { ("shard", "is") } else { ("shards", "are") };
        let (list, given) = (missing.join(", "), parts.len());
        return Err(Error::Usage(said(
            format!(
                "thiếu phân đoạn {list} của lần chạy (mới đưa {given} trên {count}); hãy đưa thư mục của mọi phân đoạn"
            ),
            format!("{noun} {list} of the run {verb} missing ({given} of {count} given); give every shard's folder"),
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
        let unreadable = |e: std::io::Error| {
            Error::Usage(said(format!("không đọc được các lần mô phỏng đã lưu: {e}"), e.to_string()))
        };
        let file = ReplicatesFile::open(&source, layout.clone()).map_err(unreadable)?;
        let refuse = |why: Said| {
            Err(Error::Usage(said(
                format!("{}: {}", source.display(), why.vi),
                format!("{}: {}", source.display(), why.en),
            )))
        };
        if file.run_key() != Some(key.as_str()) {
            return refuse(said(
                "chứa kết quả của một lần chạy khác (kịch bản, seed hoặc thiết lập khác với part.json)",
                "holds the records of another run (its scenario, seed or settings differ from part.json's)",
            ));
        }
        let expected = (part.end - part.first) as usize;
        if file.first_replicate() != part.first || file.replicates() != expected {
            let (from, to) = (file.first_replicate(), file.first_replicate() as usize + file.replicates());
            return refuse(said(
                format!("chứa các lần mô phỏng {from}..{to}, nhưng part.json ghi {}..{}", part.first, part.end),
                format!("holds replicates {from}..{to}, its part.json says {}..{}", part.first, part.end),
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
        copied.map_err(unreadable)?;
        super::interrupt::check()?;
    }
    let mut file = writer.finish().map_err(io)?;
    file.flush().map_err(io)?;
    file.get_ref().sync_all().map_err(io)?;
    Ok(())
}
