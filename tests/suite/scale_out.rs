//! Past one machine (issue 15): every run's per-replicate data in
//! `replicates.parquet`, summaries computed from it exactly, shards of a
//! run merged into the single run's bytes, and parts that do not belong
//! together refused.

use std::path::Path;

use agroshift::replicates::reader::ReplicatesFile;
use agroshift::replicates::schema::UNITS_KEY;
use agroshift::replicates::writer::ReplicatesWriter;
use agroshift::stats::indicators::{ABSENT, Indicator};
use agroshift::stats::replicate_values::ReplicateValues;
use agroshift::stats::summary::Summary;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use crate::common::{
    agroshift, agroshift_in_english, assert_same_files, leftovers, open, result_files, run, stderr, test_path,
};

const RUN: [&str; 9] =
    ["run", "sonla-restructuring", "--scale", "0.01", "--replicates", "7", "--years", "6", "--quiet"];

fn run_with(dir: &Path, extra: &[&str]) -> std::process::Output {
    let args: Vec<&str> = RUN.iter().chain(extra).copied().collect();
    let out = agroshift(&args, dir);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

#[test]
fn shards_merged_equal_a_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    run_with(dir.path(), &["--out", "single", "--threads", "2"]);
    // Shards on different thread counts, given to merge out of order.
    for (k, threads) in [("1/3", "1"), ("2/3", "2"), ("3/3", "1")] {
        let out = format!("part-{}", &k[..1]);
        run_with(dir.path(), &["--shard", k, "--out", &out, "--threads", threads]);
        let names: Vec<String> = result_files(&dir.path().join(&out)).into_iter().map(|(n, _)| n).collect();
        // manifest.json here only lists the files: the mark of agroshift's folders.
        assert_eq!(names, ["manifest.json", "part.json", "replicates.parquet"], "a shard writes its part only");
    }
    let merged = agroshift(&["merge", "part-3", "part-1", "part-2", "--out", "merged", "--quiet"], dir.path());
    assert!(merged.status.success(), "{}", stderr(&merged));

    let (single, merged) = (result_files(&dir.path().join("single")), result_files(&dir.path().join("merged")));
    assert_same_files(&single, &merged, "a single run against merged shards");
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert!(names(&single).iter().any(|n| n == "replicates.parquet"));
    assert!(names(&single).iter().any(|n| n.ends_with(".png")));
}

#[test]
fn merge_refuses_missing_duplicated_and_foreign_shards() {
    let dir = tempfile::tempdir().unwrap();
    for k in ["1/3", "2/3", "3/3"] {
        run_with(dir.path(), &["--shard", k, "--out", &format!("part-{}", &k[..1])]);
    }
    run_with(dir.path(), &["--shard", "3/3", "--out", "other-seed", "--seed", "99"]);
    run_with(dir.path(), &["--shard", "2/2", "--out", "two-shards"]);
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["part-1", "part-2"], "shard 3/3 of the run is missing"),
        (&["part-1", "part-2", "part-2", "part-3"], "shard 2/3 is given twice"),
        (&["part-1", "part-2", "other-seed"], "seed 99 against 2017"),
        (&["part-1", "part-2", "two-shards"], "shards 2 against 3"),
        (&["part-1", "part-2", "empty"], "no readable part.json"),
        (&["part-1", "part-2", "nowhere"], "nowhere: no such folder"),
    ];
    for (parts, expected) in cases {
        let mut args = vec!["merge"];
        args.extend(parts);
        args.extend(["--out", "merged"]);
        let out = agroshift_in_english(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{parts:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{parts:?}: {}", stderr(&out));
        assert!(!dir.path().join("merged").exists(), "{parts:?} wrote an output");
        assert!(leftovers(dir.path()).is_empty());
    }
    // Another run's records put in a shard's folder are told apart.
    run_with(dir.path(), &["--shard", "2/3", "--out", "seed-99-part-2", "--seed", "99"]);
    let swapped = dir.path().join("swapped");
    std::fs::create_dir(&swapped).unwrap();
    std::fs::copy(dir.path().join("part-2/part.json"), swapped.join("part.json")).unwrap();
    std::fs::copy(dir.path().join("seed-99-part-2/replicates.parquet"), swapped.join("replicates.parquet")).unwrap();
    let out = agroshift_in_english(&["merge", "part-1", "swapped", "part-3", "--out", "merged"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("holds the records of another run"), "{}", stderr(&out));
    assert!(!dir.path().join("merged").exists());
    // A part.json edited by hand is refused, not a crash.
    let text = std::fs::read_to_string(swapped.join("part.json")).unwrap();
    std::fs::write(swapped.join("part.json"), text.replacen("\"index\": 2", "\"index\": 0", 1)).unwrap();
    let out = agroshift_in_english(&["merge", "part-1", "swapped", "part-3", "--out", "merged"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a shard (expected 1 ≤ K ≤ N)"), "{}", stderr(&out));
    // The merged run may not replace a shard.
    let out = agroshift_in_english(&["merge", "part-1", "part-2", "part-3", "--out", "part-1", "--force"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("would be lost"), "{}", stderr(&out));
    assert!(dir.path().join("part-1/part.json").is_file());
    // A shard whose data were cut short is named, and nothing is written.
    let parquet = dir.path().join("part-2/replicates.parquet");
    let bytes = std::fs::read(&parquet).unwrap();
    std::fs::write(&parquet, &bytes[..bytes.len() / 2]).unwrap();
    let out = agroshift_in_english(&["merge", "part-1", "part-2", "part-3", "--out", "merged"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("part-2/replicates.parquet"), "{}", stderr(&out));
    assert!(!dir.path().join("merged").exists());
}

#[test]
fn a_shard_is_checked_before_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    for (shard, expected) in
        [("0/3", "K/N"), ("4/3", "K/N"), ("x", "K/N"), ("8/8", "7 replicates cannot be cut into 8 shards")]
    {
        let out = agroshift_in_english(&[&RUN[..], &["--shard", shard, "--out", "p"]].concat(), dir.path());
        assert_eq!(out.status.code(), Some(2), "{shard}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{shard}: {}", stderr(&out));
        assert!(!dir.path().join("p").exists());
    }
}

#[test]
fn the_parquet_file_holds_every_record_exactly() {
    let scenario = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let sim = run(scenario.clone(), 1.0, 5, 4, 2);
    let records = &sim.records;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replicates.parquet");
    let mut writer =
        ReplicatesWriter::new(std::fs::File::create(&path).unwrap(), &scenario, &records.layout, 0..5).unwrap();
    for rep in 0..5 {
        writer.push(rep, records.replicate(rep as usize)).unwrap();
    }
    // Out of order or past the end is refused.
    assert!(writer.push(7, records.replicate(0)).is_err());
    writer.finish().unwrap();

    // Read back by our reader: bit for bit, absent values included.
    let file = ReplicatesFile::open(&path, records.layout.clone()).unwrap();
    let mut all = Vec::new();
    file.for_each_record(&mut |_, record| {
        all.extend_from_slice(record);
        Ok(())
    })
    .unwrap();
    assert_eq!(all.len(), records.values.len());
    assert!(all.iter().zip(&records.values).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(records.values.iter().any(|v| v.to_bits() == ABSENT.to_bits()), "the test needs absent values");

    // Read by the Parquet crate's own row reader, by column name: the long
    // format a user sees in R or pandas.
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let units = reader.metadata().file_metadata().key_value_metadata().unwrap();
    let units = units.iter().find(|kv| kv.key == UNITS_KEY).unwrap().value.clone().unwrap();
    assert!(units.contains("\"area_ha\":\"ha\""), "{units}");
    let layout = &records.layout;
    let scope = 1; // the first zone
    let (year, slot) = (3, layout.slot(Indicator::AreaHa, 0));
    let cell = layout.index(year, scope, slot);
    let mut found = 0;
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let fields: std::collections::BTreeMap<String, Field> =
            row.get_column_iter().map(|(n, f)| (n.clone(), f.clone())).collect();
        let text = |name: &str| match &fields[name] {
            Field::Str(s) => s.clone(),
            other => panic!("{name} is {other:?}"),
        };
        let int = |name: &str| match &fields[name] {
            Field::Int(i) => *i,
            other => panic!("{name} is {other:?}"),
        };
        if text("scope") == scenario.zones[0].name
            && int("year") == scenario.simulation.base_year + year as i32
            && text("indicator") == "area_ha"
            && text("key") == scenario.crops[0].key
        {
            let rep = int("replicate") as usize;
            let expected = records.replicate(rep)[cell];
            match &fields["value"] {
                Field::Double(v) => assert_eq!(v.to_bits(), expected.to_bits()),
                Field::Null => assert!(expected.is_nan()),
                other => panic!("value is {other:?}"),
            }
            found += 1;
        }
    }
    assert_eq!(found, 5, "one row per replicate");
}

#[test]
fn summaries_from_the_file_equal_those_from_memory_whatever_the_blocks() {
    let scenario = open(test_path("fixtures/tiny.toml").to_str().unwrap());
    let sim = run(scenario.clone(), 1.0, 9, 5, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replicates.parquet");
    let mut writer =
        ReplicatesWriter::new(std::fs::File::create(&path).unwrap(), &scenario, &sim.records.layout, 0..9).unwrap();
    for rep in 0..9 {
        writer.push(rep, sim.records.replicate(rep as usize)).unwrap();
    }
    writer.finish().unwrap();
    let file = ReplicatesFile::open(&path, sim.records.layout.clone()).unwrap();
    assert_eq!(file.replicates(), 9);
    let in_memory = Summary::from_records(&sim.records);
    let bits = |s: &Summary| -> Vec<Option<[u64; 8]>> {
        s.cells
            .iter()
            .map(|c| c.map(|c| [c.mean, c.sd, c.p5, c.p25, c.p50, c.p75, c.p95, c.n as f64].map(f64::to_bits)))
            .collect()
    };
    for block_values in [1, 7, 1000, usize::MAX / 2] {
        let from_file = Summary::from_values_in_blocks(&file, block_values).unwrap();
        assert_eq!(bits(&from_file), bits(&in_memory), "blocks of {block_values} values");
    }
    let budget = |v: &dyn ReplicateValues| {
        agroshift::stats::budget::budget(&scenario, v)
            .unwrap()
            .iter()
            .map(|r| (r.scope, r.stat.mean.to_bits(), r.stat.p95.to_bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(budget(&file), budget(&sim.records));
    assert_eq!(
        agroshift::stats::findings::findings(&scenario, &file).unwrap(),
        agroshift::stats::findings::findings(&scenario, &sim.records).unwrap()
    );
    // A file of another layout is refused with its name.
    let other = agroshift::stats::indicators::Layout::new(&scenario, 6);
    let refused = ReplicatesFile::open(&path, other).unwrap_err().to_string();
    assert!(refused.contains("replicates.parquet") && refused.contains("numbers"), "{refused}");
}

#[test]
fn frontier_and_sensitivity_shards_merge_into_the_single_commands_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let size = ["--scale", "0.01", "--replicates", "4", "--years", "5", "--quiet"];
    let commands: [(&str, Vec<&str>); 2] = [
        ("frontier", [&["frontier", "sonla-planned", "--step", "0.5"][..], &size[..]].concat()),
        ("sensitivity", [&["sensitivity", "sonla-restructuring", "--change", "0.3"][..], &size[..]].concat()),
    ];
    for (name, args) in &commands {
        let single = format!("{name}-single");
        let out = agroshift(&[&args[..], &["--out", &single]].concat(), dir.path());
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        for k in 1..=3 {
            let part = format!("{name}-{k}");
            let out = agroshift(&[&args[..], &["--shard", &format!("{k}/3"), "--out", &part]].concat(), dir.path());
            assert!(out.status.success(), "{name} shard {k}: {}", stderr(&out));
        }
        let parts: Vec<String> = [2, 3, 1].iter().map(|k| format!("{name}-{k}")).collect();
        let merged = format!("{name}-merged");
        let mut merge = vec!["merge"];
        merge.extend(parts.iter().map(String::as_str));
        merge.extend(["--out", &merged, "--quiet"]);
        let out = agroshift(&merge, dir.path());
        assert!(out.status.success(), "{name} merge: {}", stderr(&out));
        let (a, b) = (result_files(&dir.path().join(&single)), result_files(&dir.path().join(&merged)));
        assert_same_files(&a, &b, name);
        assert!(a.iter().any(|(f, _)| f.ends_with(".csv")) && a.iter().any(|(f, _)| f.ends_with(".png")), "{name}");
    }
    // A frontier shard among sensitivity shards is foreign.
    let out =
        agroshift_in_english(&["merge", "sensitivity-1", "sensitivity-2", "frontier-3", "--out", "mixed"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("a shard of `frontier --crops"), "{}", stderr(&out));
    // A shard's mixes swapped for another's are told apart.
    std::fs::copy(dir.path().join("frontier-2/mixes.json"), dir.path().join("frontier-1/mixes.json")).unwrap();
    let out =
        agroshift_in_english(&["merge", "frontier-1", "frontier-2", "frontier-3", "--out", "swapped"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("mixes.json"), "{}", stderr(&out));
    assert!(!dir.path().join("mixed").exists());
    // More shards than mixes is refused before anything runs.
    let out =
        agroshift_in_english(&[&commands[0].1[..], &["--shard", "7/7", "--out", "too-many"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("6 mixes cannot be cut into 7 shards"), "{}", stderr(&out));
}
