//! `slurm`: a run cut into shards for a Slurm cluster. Writes a job-array
//! batch script (one task per shard, `run --shard K/N`), a merge job that
//! waits for the whole array (`--dependency=afterok`), and `submit.sh`;
//! with `--submit` it submits both with `sbatch` and prints the job ids.
//! Slurm schedules, retries and accounts; the program only runs a shard
//! and merges.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::console::{self, note};
use super::settings::{configure, warn_without_effect};
use crate::cli::{RunOptions, SlurmArgs};
use agroshift::error::{Error, Result, said};
use agroshift::output::atomic::{StagedDir, absolute};
use agroshift::scenario::{self, Lang};
use agroshift::text::number_for;

/// `agroshift slurm`: writes the batch scripts and, if asked, submits them.
pub fn slurm_command(args: &SlurmArgs, lang: Lang) -> Result<()> {
    let mut scenario = scenario::open(&args.scenario)?;
    let options = RunOptions {
        replicates: args.replicates,
        seed: args.seed,
        years: args.years,
        scale: args.scale,
        focus: args.focus.clone(),
        ..RunOptions::default()
    };
    configure(&mut scenario, &options, None, None)?;
    warn_without_effect(&scenario, args.quiet, lang);
    let replicates = scenario.simulation.replicates;
    if args.shards == 0 || args.shards > replicates {
        let shards = args.shards;
        return Err(Error::Usage(said(
            format!("--shards: cần từ 1 đến {replicates} (mỗi phân đoạn ít nhất một lần mô phỏng), nhưng ghi {shards}"),
            format!("--shards: expected 1 to {replicates} (one replicate or more per shard), found {shards}"),
        )));
    }
    if args.cpus_per_task == 0 {
        return Err(Error::Usage(said("--cpus-per-task phải ít nhất là 1", "--cpus-per-task must be at least 1")));
    }
    if !is_slurm_time(&args.time) {
        let time = &args.time;
        return Err(Error::Usage(said(
            format!(
                "--time: `{time}` không phải giới hạn thời gian của Slurm; ghi số phút (90), HH:MM:SS (01:30:00) hoặc \
                 ngày-giờ (1-12, 1-12:00:00)"
            ),
            format!(
                "--time: `{time}` is not a Slurm time limit; write minutes (90), HH:MM:SS (01:30:00) or days-hours \
                 (1-12, 1-12:00:00)"
            ),
        )));
    }
    // Slurm reads two numbers as minutes and seconds: 1:30 or 2:00 would
    // kill every task of a planner who meant hours within minutes.
    if let Some((minutes, seconds)) = args.time.split_once(':').filter(|(m, s)| !m.contains('-') && !s.contains(':'))
        && minutes.parse::<u32>().is_ok_and(|m| m < 10)
    {
        let time = &args.time;
        return Err(Error::Usage(said(
            format!(
                "--time: Slurm hiểu `{time}` là {minutes} phút {seconds} giây; nếu muốn {minutes} giờ {seconds} phút, ghi {minutes}:{seconds}:00"
            ),
            format!(
                "--time: Slurm reads `{time}` as {minutes} min {seconds} s; for {minutes} h {seconds} min write {minutes}:{seconds}:00"
            ),
        )));
    }
    if !is_slurm_memory(&args.mem) {
        let bare = args.mem.parse::<u64>().ok().filter(|_| args.mem.bytes().all(|b| b.is_ascii_digit()));
        let hint = if let Some(n) = bare {
            let (vi, en) = if n >= 1024 {
                (format!("{n}M nếu là megabyte"), format!("{n}M for megabytes"))
            } else {
                (format!("{n}G nếu là gigabyte"), format!("{n}G for gigabytes"))
            };
            said(
                format!(" (Slurm sẽ hiểu số {n} không có đơn vị là megabyte; ghi {vi})"),
                format!(" (Slurm would read a bare {n} as megabytes; write {en})"),
            )
        } else {
            said("", "")
        };
        let mem = &args.mem;
        return Err(Error::Usage(said(
            format!(
                "--mem: `{mem}` không phải dung lượng bộ nhớ của Slurm; ghi một số nguyên kèm đơn vị K, M, G hoặc T: 4G, 500M{}",
                hint.vi
            ),
            format!(
                "--mem: `{mem}` is not a Slurm memory size; write a whole number with its unit, K, M, G or T: 4G, 500M{}",
                hint.en
            ),
        )));
    }
    for (option, value) in [("--partition", &args.partition), ("--account", &args.account)] {
        if let Some(v) = value
            .as_deref()
            .filter(|v| v.is_empty() || v.chars().any(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(c))))
        {
            return Err(Error::Usage(said(
                format!("{option}: `{v}` không phải tên Slurm hợp lệ (chữ cái, chữ số, `_`, `-`, `.`)"),
                format!("{option}: `{v}` is not a Slurm name (letters, digits, `_`, `-`, `.`)"),
            )));
        }
    }
    refuse_beyond_array_limit(args.shards)?;
    let out = absolute(&args.out.clone().unwrap_or_else(|| PathBuf::from("slurm").join(&scenario.name)));
    // Slurm reads `#SBATCH --output=` unquoted and expands `%` in it.
    if out.display().to_string().chars().any(|c| c.is_whitespace() || c == '%') {
        let folder = out.display();
        return Err(Error::Usage(said(
            format!(
                "--out: `{folder}` có dấu cách hoặc `%`, mà đường dẫn nhật ký của Slurm không chấp nhận; chọn thư mục không có chúng"
            ),
            format!(
                "--out: `{folder}` holds a space or `%`, which Slurm's log paths cannot; choose a folder without them"
            ),
        )));
    }
    let staged = StagedDir::begin(&out, args.force, "slurm")?;
    let program = std::env::current_exe().map_err(|e| Error::io("finding this program's path", e))?;
    // A scenario file is named by its absolute path: the tasks run elsewhere.
    let spec = if Path::new(&args.scenario).is_file() {
        absolute(Path::new(&args.scenario)).display().to_string()
    } else {
        args.scenario.clone()
    };
    let scripts = Scripts { args, lang, scenario_name: &scenario.name, program: &program, spec: &spec, out: &out };
    staged.write(ARRAY_SCRIPT, scripts.array().as_bytes())?;
    staged.write(MERGE_SCRIPT, scripts.merge().as_bytes())?;
    staged.write(SUBMIT_SCRIPT, scripts.submit().as_bytes())?;
    let written = staged.commit()?;
    for dir in ["logs", "parts"] {
        std::fs::create_dir_all(written.join(dir)).map_err(|e| Error::io(format!("creating {dir}/"), e))?;
    }
    make_executable(&written)?;
    let sim = &scenario.simulation;
    let (count, dir) = (|v: u32| number_for(f64::from(v), 0, lang), written.display());
    let message = match lang {
        Lang::Vi => format!(
            "{}: {} lần mô phỏng chia thành {} phần (quy mô {}, seed {}), trong {dir}/\n  \
             {ARRAY_SCRIPT}  mảng công việc, mỗi phần một việc\n  \
             {MERGE_SCRIPT}   ghép các phần khi tất cả đã xong\n  \
             {SUBMIT_SCRIPT}      gửi cả hai lên cụm máy (sbatch)\n\
             Kết quả sẽ ở {dir}/results",
            scenario.name,
            count(replicates),
            count(args.shards),
            agroshift::text::scale_text(sim.scale, lang),
            sim.seed
        ),
        Lang::En => format!(
            "{}: {} replicates in {} shards (scale {}, seed {}), in {dir}/\n  \
             {ARRAY_SCRIPT}  the job array, one task per shard\n  \
             {MERGE_SCRIPT}   the merge, once every shard has succeeded\n  \
             {SUBMIT_SCRIPT}      submits both (sbatch)\n\
             Results will be in {dir}/results",
            scenario.name,
            count(replicates),
            count(args.shards),
            sim.scale,
            sim.seed
        ),
    };
    note(args.quiet, &message);
    if !args.submit {
        let how = lang.pick("Gửi lên cụm máy bằng", "Submit with");
        if args.quiet {
            return Ok(());
        }
        return console::println(&format!("{how}: {}", written.join(SUBMIT_SCRIPT).display()));
    }
    let array_id = sbatch(&[&written.join(ARRAY_SCRIPT).display().to_string()])?;
    let merge_id =
        sbatch(&[&format!("--dependency=afterok:{array_id}"), &written.join(MERGE_SCRIPT).display().to_string()])?;
    console::println(&format!("array job {array_id}\nmerge job {merge_id}"))
}

/// The job-array script's name.
pub const ARRAY_SCRIPT: &str = "shards.sbatch";
/// The merge job's script's name.
pub const MERGE_SCRIPT: &str = "merge.sbatch";
/// The script that submits both.
pub const SUBMIT_SCRIPT: &str = "submit.sh";

/// The scripts of one run.
struct Scripts<'a> {
    args: &'a SlurmArgs,
    lang: Lang,
    scenario_name: &'a str,
    program: &'a Path,
    spec: &'a str,
    out: &'a Path,
}

/// `text` quoted for bash.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl Scripts<'_> {
    /// `#SBATCH` lines shared by both jobs.
    fn resources(&self, name: &str, log: &str) -> String {
        let a = self.args;
        let mut lines = vec![
            format!("#SBATCH --job-name={name}"),
            format!("#SBATCH --cpus-per-task={}", a.cpus_per_task),
            format!("#SBATCH --time={}", a.time),
            format!("#SBATCH --mem={}", a.mem),
            format!("#SBATCH --output={}", self.out.join("logs").join(log).display()),
        ];
        if let Some(p) = &a.partition {
            lines.push(format!("#SBATCH --partition={p}"));
        }
        if let Some(account) = &a.account {
            lines.push(format!("#SBATCH --account={account}"));
        }
        lines.join("\n")
    }

    /// `--lang` as this command was given it, for the program's messages and
    /// the merged results.
    fn lang(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "--lang vi",
            Lang::En => "--lang en",
        }
    }

    /// The run settings every shard passes, as the command line gave them.
    fn settings(&self) -> String {
        let o = self.args;
        let mut parts = Vec::new();
        if let Some(v) = o.replicates {
            parts.push(format!("--replicates {v}"));
        }
        if let Some(v) = o.seed {
            parts.push(format!("--seed {v}"));
        }
        if let Some(v) = o.years {
            parts.push(format!("--years {v}"));
        }
        if let Some(v) = o.scale {
            parts.push(format!("--scale {v}"));
        }
        if !o.focus.is_empty() {
            parts.push(format!("--focus {}", quoted(&o.focus.join(","))));
        }
        parts.join(" ")
    }

    fn job_name(&self) -> String {
        let plain: String =
            self.scenario_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        format!("agroshift-{plain}")
    }

    fn array(&self) -> String {
        let n = self.args.shards;
        format!(
            "#!/bin/bash\n\
             # agroshift: shard ${{SLURM_ARRAY_TASK_ID}} of {n} of {scenario}.\n\
             # Each task simulates its share of the replicates; merge.sbatch puts them together.\n\
             {resources}\n\
             #SBATCH --array=1-{n}\n\
             set -euo pipefail\n\
             export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-1}}\"\n\
             exec {program} {lang} run {spec} {settings} \\\n    \
             --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --out {parts}/\"shard-${{SLURM_ARRAY_TASK_ID}}\" --force --quiet\n",
            scenario = self.scenario_name,
            resources = self.resources(&self.job_name(), "shard-%a.out"),
            program = quoted(&self.program.display().to_string()),
            lang = self.lang(),
            spec = quoted(self.spec),
            settings = self.settings(),
            parts = quoted(&self.out.join("parts").display().to_string()),
        )
    }

    fn merge(&self) -> String {
        let n = self.args.shards;
        let csv = match self.args.csv_style {
            crate::cli::CsvStyleArg::Standard => "",
            crate::cli::CsvStyleArg::Vi => " --csv-style vi",
        };
        format!(
            "#!/bin/bash\n\
             # agroshift: the {n} shards of {scenario} put together, once all have finished\n\
             # (submitted with --dependency=afterok on the array job).\n\
             {resources}\n\
             set -euo pipefail\n\
             export RAYON_NUM_THREADS=\"${{SLURM_CPUS_PER_TASK:-1}}\"\n\
             parts={parts}\n\
             exec {program} {lang} merge \"$parts\"/shard-{{1..{n}}} --out {results} --force --quiet{csv}\n",
            scenario = self.scenario_name,
            resources = self.resources(&format!("{}-merge", self.job_name()), "merge.out"),
            parts = quoted(&self.out.join("parts").display().to_string()),
            program = quoted(&self.program.display().to_string()),
            lang = self.lang(),
            results = quoted(&self.out.join("results").display().to_string()),
        )
    }

    fn submit(&self) -> String {
        format!(
            "#!/bin/bash\n\
             # Submits the shards as a job array, then the merge job to start when all succeeded\n\
             # (and to be cancelled, not left waiting, if one fails).\n\
             set -euo pipefail\n\
             array=$(sbatch --parsable {array})\n\
             merge=$(sbatch --parsable --dependency=afterok:\"${{array%%;*}}\" --kill-on-invalid-dep=yes {merge})\n\
             echo \"array job $array\"\n\
             echo \"merge job $merge\"\n",
            array = quoted(&self.out.join(ARRAY_SCRIPT).display().to_string()),
            merge = quoted(&self.out.join(MERGE_SCRIPT).display().to_string()),
        )
    }
}

/// Whether `text` is a time limit as Slurm's `--time` reads it: minutes,
/// `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM` or `D-HH:MM:SS`, or `UNLIMITED`;
/// not zero.
fn is_slurm_time(text: &str) -> bool {
    // Every field but the first counts minutes or seconds, below 60.
    let numbers = |part: &str, most: usize| {
        let fields: Vec<&str> = part.split(':').collect();
        fields.len() <= most
            && fields.iter().all(|f| !f.is_empty() && f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit()))
            && fields[1..].iter().all(|f| f.parse::<u32>().is_ok_and(|v| v < 60))
    };
    // Slurm reads a limit of 0 as none at all, which no one writes on purpose.
    let zero = text.bytes().all(|b| matches!(b, b'0' | b':' | b'-'));
    match text.split_once('-') {
        _ if text.eq_ignore_ascii_case("unlimited") || text.eq_ignore_ascii_case("infinite") => true,
        _ if zero => false,
        Some((days, time)) => {
            numbers(days, 1)
                && numbers(time, 3)
                && time.split(':').next().is_some_and(|h| h.parse::<u32>().is_ok_and(|h| h < 24))
        }
        None => numbers(text, 3),
    }
}

/// Whether `text` is a memory size as this program writes Slurm's `--mem`:
/// a whole number with a unit (K, M, G or T). Slurm reads a bare number as
/// megabytes, which a user writing `--mem 4` does not mean.
fn is_slurm_memory(text: &str) -> bool {
    let Some(number) = text.strip_suffix(['K', 'M', 'G', 'T', 'k', 'm', 'g', 't']) else { return false };
    !number.is_empty()
        && number.len() <= 9
        && number.bytes().all(|b| b.is_ascii_digit())
        && number.bytes().any(|b| b != b'0')
}

/// Refuses more shards than the cluster's largest job array, when this
/// machine can ask Slurm (`scontrol show config`, `MaxArraySize`).
fn refuse_beyond_array_limit(shards: u32) -> Result<()> {
    let Ok(output) = Command::new("scontrol").args(["show", "config"]).output() else { return Ok(()) };
    let config = String::from_utf8_lossy(&output.stdout);
    let limit = config.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        (key.trim() == "MaxArraySize").then(|| value.trim().parse::<u32>().ok()).flatten()
    });
    match limit {
        // Task ids run from 0 to MaxArraySize − 1; the array is 1..=shards.
        Some(limit) if shards >= limit => {
            let last = limit - 1;
            Err(Error::Usage(said(
                format!(
                    "--shards {shards}: mảng tác vụ của cụm máy này dừng ở tác vụ {last} (MaxArraySize = {limit}); dùng nhiều nhất {last} phân đoạn"
                ),
                format!(
                    "--shards {shards}: this cluster's job arrays stop at task {last} (MaxArraySize = {limit}); use at most {last} shards"
                ),
            )))
        }
        _ => Ok(()),
    }
}

/// Lets the owner run the scripts.
fn make_executable(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    for name in [ARRAY_SCRIPT, MERGE_SCRIPT, SUBMIT_SCRIPT] {
        use std::os::unix::fs::PermissionsExt;
        let path: PathBuf = dir.join(name);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io(format!("making {name} executable"), e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Submits with `sbatch --parsable` and returns the job id.
fn sbatch(args: &[&str]) -> Result<String> {
    let output = Command::new("sbatch").arg("--parsable").args(args).output().map_err(|e| {
        Error::Failed(format!(
            "cannot run sbatch ({e}); is this a Slurm login node? The scripts are written: submit them there"
        ))
    })?;
    if !output.status.success() {
        return Err(Error::Failed(format!(
            "sbatch {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    // `--parsable` prints "id" or "id;cluster".
    Ok(text.trim().split(';').next().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits_and_memory_sizes_as_slurm_reads_them() {
        for ok in ["90", "10080", "01:30:00", "30:00", "1-12", "1-12:00", "2-00:00:00", "UNLIMITED"] {
            assert!(is_slurm_time(ok), "{ok}");
        }
        for bad in ["2h", "", "1-", "-5", "1:2:3:4", "01:00:00; rm", "1.5", "0", "00:00:00", "0-0", "99:99:99", "1-25"]
        {
            assert!(!is_slurm_time(bad), "{bad}");
        }
        for ok in ["4G", "500M", "1t", "64000K"] {
            assert!(is_slurm_memory(ok), "{ok}");
        }
        for bad in ["4", "4GB", "-4G", "G", "0G", "1.5G", ""] {
            assert!(!is_slurm_memory(bad), "{bad}");
        }
    }
}
