//! `slurm`: a run cut into shards for a Slurm cluster. Writes a job-array
//! batch script (one task per shard, `run --shard K/N`), a merge job that
//! waits for the whole array (`--dependency=afterok`), and `submit.sh`;
//! with `--submit` it submits both with `sbatch` and prints the job ids.
//! Slurm schedules, retries and accounts; the program only runs a shard
//! and merges.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::console::{self, note};
use super::settings::configure;
use crate::cli::SlurmArgs;
use agroshift::error::{Error, Result};
use agroshift::output::atomic::{StagedDir, absolute};
use agroshift::scenario::{self, Lang};

/// `agroshift slurm`: writes the batch scripts and, if asked, submits them.
pub fn slurm_command(args: &SlurmArgs, lang: Lang) -> Result<()> {
    let mut scenario = scenario::open(&args.scenario)?;
    configure(&mut scenario, &args.options, None, None)?;
    let replicates = scenario.simulation.replicates;
    if args.shards == 0 || args.shards > replicates {
        return Err(Error::Usage(format!(
            "--shards: expected 1 to {replicates} (one replicate or more per shard), found {}",
            args.shards
        )));
    }
    if args.cpus_per_task == 0 {
        return Err(Error::Usage("--cpus-per-task must be at least 1".into()));
    }
    for (option, value) in [("--time", &args.time), ("--mem", &args.mem)] {
        if value.is_empty() || value.chars().any(|c| !(c.is_ascii_alphanumeric() || ":-.".contains(c))) {
            return Err(Error::Usage(format!(
                "{option}: `{value}` is not a Slurm value (letters, digits, `:`, `-`, `.`; e.g. --time 02:00:00, --mem 4G)"
            )));
        }
    }
    for (option, value) in [("--partition", &args.partition), ("--account", &args.account)] {
        if let Some(v) = value
            .as_deref()
            .filter(|v| v.is_empty() || v.chars().any(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(c))))
        {
            return Err(Error::Usage(format!("{option}: `{v}` is not a Slurm name (letters, digits, `_`, `-`, `.`)")));
        }
    }
    if args.options.threads.is_some() {
        return Err(Error::Usage("--threads: each task runs --cpus-per-task threads; set that instead".into()));
    }
    let out = absolute(&args.options.out.clone().unwrap_or_else(|| PathBuf::from("slurm").join(&scenario.name)));
    let staged = StagedDir::begin(&out, args.options.force, "slurm")?;
    let program = std::env::current_exe().map_err(|e| Error::io("finding this program's path", e))?;
    // A scenario file is named by its absolute path: the tasks run elsewhere.
    let spec = if Path::new(&args.scenario).is_file() {
        absolute(Path::new(&args.scenario)).display().to_string()
    } else {
        args.scenario.clone()
    };
    let scripts = Scripts { args, scenario_name: &scenario.name, program: &program, spec: &spec, out: &out };
    staged.write(ARRAY_SCRIPT, scripts.array().as_bytes())?;
    staged.write(MERGE_SCRIPT, scripts.merge().as_bytes())?;
    staged.write(SUBMIT_SCRIPT, scripts.submit().as_bytes())?;
    let written = staged.commit()?;
    for dir in ["logs", "parts"] {
        std::fs::create_dir_all(written.join(dir)).map_err(|e| Error::io(format!("creating {dir}/"), e))?;
    }
    make_executable(&written)?;
    let sim = &scenario.simulation;
    note(
        args.options.quiet,
        &match lang {
            Lang::Vi => format!(
                "{}: {} lần mô phỏng chia thành {} phần (quy mô {}, seed {}).\nĐã viết {}/{{{ARRAY_SCRIPT}, {MERGE_SCRIPT}, {SUBMIT_SCRIPT}}}; kết quả sẽ ở {}/results",
                scenario.name,
                replicates,
                args.shards,
                sim.scale,
                sim.seed,
                written.display(),
                written.display()
            ),
            Lang::En => format!(
                "{}: {} replicates in {} shards (scale {}, seed {}).\nWrote {}/{{{ARRAY_SCRIPT}, {MERGE_SCRIPT}, {SUBMIT_SCRIPT}}}; results will be in {}/results",
                scenario.name,
                replicates,
                args.shards,
                sim.scale,
                sim.seed,
                written.display(),
                written.display()
            ),
        },
    );
    if !args.submit {
        let how = lang.pick("Gửi lên cụm máy bằng", "Submit with");
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

    /// The run settings every shard passes, as the command line gave them.
    fn settings(&self) -> String {
        let o = &self.args.options;
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
             exec {program} run {spec} {settings} \\\n    \
             --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --out {parts}/\"shard-${{SLURM_ARRAY_TASK_ID}}\" --force --quiet\n",
            scenario = self.scenario_name,
            resources = self.resources(&self.job_name(), "shard-%a.out"),
            program = quoted(&self.program.display().to_string()),
            spec = quoted(self.spec),
            settings = self.settings(),
            parts = quoted(&self.out.join("parts").display().to_string()),
        )
    }

    fn merge(&self) -> String {
        let n = self.args.shards;
        let csv = match self.args.options.csv_style {
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
             exec {program} merge \"$parts\"/shard-{{1..{n}}} --out {results} --force --quiet{csv}\n",
            scenario = self.scenario_name,
            resources = self.resources(&format!("{}-merge", self.job_name()), "merge.out"),
            parts = quoted(&self.out.join("parts").display().to_string()),
            program = quoted(&self.program.display().to_string()),
            results = quoted(&self.out.join("results").display().to_string()),
        )
    }

    fn submit(&self) -> String {
        format!(
            "#!/bin/bash\n\
             # Submits the shards as a job array, then the merge job to start when all succeeded.\n\
             set -euo pipefail\n\
             array=$(sbatch --parsable {array})\n\
             merge=$(sbatch --parsable --dependency=afterok:\"${{array%%;*}}\" {merge})\n\
             echo \"array job $array\"\n\
             echo \"merge job $merge\"\n",
            array = quoted(&self.out.join(ARRAY_SCRIPT).display().to_string()),
            merge = quoted(&self.out.join(MERGE_SCRIPT).display().to_string()),
        )
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
