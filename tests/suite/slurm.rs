//! `agroshift slurm` (issue 15): the batch scripts it writes, run by bash
//! as Slurm would run them, and a real one-node cluster (started by
//! `.ci/slurm-up`) running a 4-shard job array and its merge job, whose
//! results equal a single run's byte for byte.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{agroshift, agroshift_in_english, assert_same_files, result_files, stderr};

/// The run both ways: shipped scenario, tiny size.
const SETTINGS: [&str; 7] = ["sonla-restructuring", "--scale", "0.01", "--replicates", "8", "--years", "5"];

fn single_run(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let args: Vec<&str> = ["run"].iter().chain(&SETTINGS).chain(&["--out", "single", "--quiet"]).copied().collect();
    let out = agroshift(&args, dir);
    assert!(out.status.success(), "{}", stderr(&out));
    result_files(&dir.join("single"))
}

fn write_scripts(dir: &Path, extra: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["slurm"]
        .iter()
        .chain(&SETTINGS)
        .chain(&["--shards", "4", "--cpus-per-task", "1", "--mem", "1G", "--time", "00:10:00", "--out", "cluster"])
        .chain(extra)
        .copied()
        .collect();
    agroshift(&args, dir)
}

#[test]
fn the_batch_scripts_run_as_slurm_would_run_them_give_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = write_scripts(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cluster = dir.path().join("cluster");
    let array = std::fs::read_to_string(cluster.join("shards.sbatch")).unwrap();
    assert!(array.contains("#SBATCH --array=1-4"), "{array}");
    assert!(array.contains("#SBATCH --cpus-per-task=1") && array.contains("#SBATCH --mem=1G"), "{array}");
    assert!(array.contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\""), "{array}");
    let submit = std::fs::read_to_string(cluster.join("submit.sh")).unwrap();
    assert!(submit.contains("--dependency=afterok:") && submit.contains("--kill-on-invalid-dep=yes"), "{submit}");
    let merge = std::fs::read_to_string(cluster.join("merge.sbatch")).unwrap();
    assert!(merge.contains("--lang vi merge"), "the merged results speak the command's language: {merge}");
    // Each array task as Slurm starts it: the script with its task id.
    for task in 1..=4 {
        let status = Command::new("bash")
            .arg(cluster.join("shards.sbatch"))
            .env("SLURM_ARRAY_TASK_ID", task.to_string())
            .env("SLURM_CPUS_PER_TASK", "1")
            .status()
            .unwrap();
        assert!(status.success(), "task {task}");
    }
    let status = Command::new("bash").arg(cluster.join("merge.sbatch")).status().unwrap();
    assert!(status.success());
    assert_same_files(&single_run(dir.path()), &result_files(&cluster.join("results")), "bash-run scripts");
    // The finished work is not deleted by writing the scripts again.
    std::fs::remove_dir_all(cluster.join("logs")).unwrap();
    let again = write_scripts(dir.path(), &["--force"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("results/"), "{}", stderr(&again));
    assert!(cluster.join("results/indicators.csv").exists() && cluster.join("parts").read_dir().unwrap().count() == 4);
}

#[test]
fn bad_slurm_settings_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, expected) in [
        (&["--shards", "9"][..], "--shards: expected 1 to 8"),
        (&["--shards", "0"][..], "--shards: expected 1 to 8"),
        (&["--shards", "2", "--time", "1h; rm -rf /"][..], "--time"),
        (&["--shards", "2", "--partition", "a b"][..], "--partition"),
        (&["--shards", "2", "--mem=-4G"][..], "--mem"),
        (&["--shards", "2", "--mem", "4"][..], "as megabytes; write 4G"),
        (&["--shards", "2", "--time", "2h"][..], "not a Slurm time limit"),
        (&["--shards", "2", "--out", "a b"][..], "a space or `%`"),
        (&["--shards", "2", "--out", "logs%x"][..], "a space or `%`"),
    ] {
        let out_given = extra.contains(&"--out");
        let tail: &[&str] = if out_given { &[] } else { &["--out", "c"] };
        let args: Vec<&str> = ["slurm"].iter().chain(&SETTINGS).chain(extra).chain(tail).copied().collect();
        let out = agroshift_in_english(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{extra:?}: {}", stderr(&out));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{extra:?} wrote something");
    }
}

/// Whether a Slurm cluster answers here (`.ci/slurm-up` starts one).
fn cluster_is_up() -> bool {
    Command::new("sinfo").args(["-h", "-o", "%T"]).output().is_ok_and(|o| {
        o.status.success()
            && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "idle" || l.trim() == "mixed")
    })
}

#[test]
fn a_four_shard_job_array_on_a_real_cluster_equals_a_single_run() {
    if !cluster_is_up() {
        // `.ci/run` starts the cluster and sets this, so that CI cannot skip.
        assert!(
            std::env::var_os("AGROSHIFT_REQUIRE_SLURM").is_none(),
            "AGROSHIFT_REQUIRE_SLURM is set but no Slurm cluster answers (see .ci/slurm-up)"
        );
        eprintln!("SKIPPED: no Slurm cluster answers here (start one as root with .ci/slurm-up)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = write_scripts(dir.path(), &["--submit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let id = |what: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(what))
            .map(|id| id.trim().to_string())
            .unwrap_or_else(|| panic!("no `{what}` in {printed}"))
    };
    let (array, merge) = (id("array job "), id("merge job "));
    assert!(array.parse::<u64>().is_ok() && merge.parse::<u64>().is_ok(), "{printed}");
    // Wait for the merge job to leave the queue.
    let start = Instant::now();
    loop {
        let queue = Command::new("squeue").args(["-h", "-j", &format!("{array},{merge}")]).output().unwrap();
        if String::from_utf8_lossy(&queue.stdout).trim().is_empty() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(600), "the jobs did not finish in 10 minutes");
        std::thread::sleep(Duration::from_millis(500));
    }
    let cluster = dir.path().join("cluster");
    let results_dir = cluster.join("results");
    if !results_dir.is_dir() {
        let logs: String = std::fs::read_dir(cluster.join("logs"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        format!("{}:\n{}", e.path().display(), std::fs::read_to_string(e.path()).unwrap_or_default())
                    })
                    .collect()
            })
            .unwrap_or_default();
        panic!("the merge job wrote no results; logs:\n{logs}");
    }
    for task in 1..=4 {
        assert!(cluster.join(format!("parts/shard-{task}/part.json")).is_file(), "shard {task}");
    }
    assert_same_files(&single_run(dir.path()), &result_files(&results_dir), "the Slurm cluster");
}
