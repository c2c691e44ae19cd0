//! The command line as a planner uses it: exit codes, messages, outputs
//! written atomically and never silently replaced, and results that do not
//! depend on the number of threads.

use std::process::Command;

use crate::common::{agroshift, agroshift_in_english, stderr, test_path};

#[test]
fn bad_input_exits_with_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = test_path("bad-scenarios/unknown-crop.toml");
    let o = agroshift(&["run", bad.to_str().unwrap(), "--scale", "0.01", "--replicates", "1"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unknown-crop.toml:5:13: policy.to_crops[0]"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn a_missing_file_and_bad_options_exit_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = agroshift_in_english(&["check", "no-such-file.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.toml: no such file"), "{}", stderr(&o));
    let o = agroshift_in_english(&["run", "--scale", "1.5"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--scale: expected above 0 and at most 1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("found 1.5"), "{}", stderr(&o));
    let o = agroshift_in_english(&["run", "--replicates", "many"], dir.path());
    assert_eq!(o.status.code(), Some(2), "clap's usage errors also exit with 2");
}

#[test]
fn errors_speak_the_planners_language() {
    let dir = tempfile::tempdir().unwrap();
    let bad = test_path("bad-scenarios/many-errors.toml");
    let vi = agroshift(&["check", bad.to_str().unwrap()], dir.path());
    let en = agroshift_in_english(&["check", bad.to_str().unwrap()], dir.path());
    assert_eq!((vi.status.code(), en.status.code()), (Some(2), Some(2)));
    let (vi, en) = (stderr(&vi), stderr(&en));
    // The same places, in Vietnamese by default and in English when asked.
    assert!(vi.contains("many-errors.toml:10:1: policy.mode: cần \"behavioural\""), "{vi}");
    assert!(
        vi.contains("gợi ý: có phải ý bạn là \"planned\"?") && vi.contains("4 lỗi; chưa chạy và chưa ghi gì."),
        "{vi}"
    );
    assert!(vi.contains("policy.coop_share: cần từ 0 đến 1") && vi.contains("nhưng ghi 1.5"), "{vi}");
    assert!(!vi.contains("error:") && !vi.contains("help:") && !vi.contains("expected"), "{vi}");
    assert!(en.contains("many-errors.toml:10:1: policy.mode: expected \"behavioural\""), "{en}");
    assert!(
        en.contains("help: did you mean \"planned\"?") && en.contains("4 errors; nothing was run or written."),
        "{en}"
    );
    // A folder that holds results already, the commonest refusal.
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/mine.txt"), "x").unwrap();
    let o = agroshift(&["run", "sonla-planned", "--out", "notes", "--scale", "0.01", "--replicates", "1"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lỗi: notes chứa các tệp không phải do agroshift ghi"), "{}", stderr(&o));
    assert!(stderr(&o).contains("gợi ý: chọn thư mục khác bằng --out"), "{}", stderr(&o));
}

#[test]
fn command_line_mistakes_are_said_in_the_planners_language() {
    let dir = tempfile::tempdir().unwrap();
    // An option's value out of range (this program's check) ...
    let o = agroshift(&["run", "--scale", "1.5"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("lỗi: --scale: cần lớn hơn 0 và tối đa 1"), "{}", stderr(&o));
    // ... a misspelt option and a value that is not a number (clap's).
    let o = agroshift(&["run", "--scael", "0.1"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let said = stderr(&o);
    assert!(said.starts_with("lỗi: không có tuỳ chọn hay đối số '--scael'"), "{said}");
    assert!(said.contains("gợi ý: có phải ý bạn là '--scale'?") && !said.contains("error:"), "{said}");
    let o = agroshift(&["run", "--replicates", "many"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("giá trị 'many' không hợp lệ cho --replicates"), "{}", stderr(&o));
    // English when asked, before or after the command.
    for args in [&["--lang", "en", "run", "--scael", "0.1"][..], &["run", "--scael", "0.1", "--lang=en"]] {
        let o = agroshift(args, dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("error: unexpected argument '--scael'"), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn check_prints_a_summary_of_a_valid_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let o = agroshift(&["--lang", "en", "check", "sonla-planned"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("planned: 6,500 ha/yr decided in 2016–2025"), "{out}");
    assert!(out.contains("OK: the scenario is valid"), "{out}");
    // Vietnamese by default, words and number style.
    let o = agroshift(&["check", "sonla-planned"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("theo kế hoạch: 6.500 ha/năm quyết định trong 2016–2025"), "{out}");
    assert!(out.contains("Hợp lệ") && !out.contains("OK: the scenario"), "{out}");
    // A language named in capitals is the same language.
    let o = agroshift(&["--lang", "EN", "check", "sonla-planned"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("OK: the scenario is valid"));
    // Crops by their names, as the report names them (lines may wrap).
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("cơ cấu Nhãn ghép 50%, Xoài ghép 50%") && !out.contains("longan_grafted"), "{out}");
    assert!(!out.contains("Lưu ý"), "a scenario that converts has nothing to note: {out}");
    assert!(out.lines().all(|l| l.chars().count() <= 100), "within 100 columns:\n{out}");
}

#[test]
fn check_notes_a_valid_scenario_that_changes_no_land() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("none.toml", "extends = \"sonla-restructuring\"\n[policy]\nfrom_crops = []\ntopwork_from = []\n");
    let o = agroshift(&["--lang", "en", "check", "none.toml"], dir.path());
    assert_eq!(o.status.code(), Some(0), "valid, if idle: {}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Note: no land can be converted or top-worked"), "{out}");
    assert!(out.contains("about 0 ha eligible"), "{out}");
    // Top-working alone is still a change, and said as such.
    write("topwork.toml", "extends = \"sonla-restructuring\"\n[policy]\nto_crops = []\n");
    let o = agroshift(&["check", "topwork.toml"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("Lưu ý: không có đất cây hằng năm nào được chuyển đổi"), "{out}");
}

#[test]
fn crops_prints_csv_with_units_in_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let o = agroshift(&["crops", "--format", "csv", "--slope", "S3"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("CSV starts with a BOM for Excel");
    let header = text.lines().next().unwrap();
    assert!(header.contains("mature_gov_mvnd_ha") && header.contains("npv_mvnd_ha"), "{header}");
    assert_eq!(text.lines().count(), 11, "a header and one row per crop");
}

#[test]
fn an_existing_output_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let args =
        ["run", "sonla-baseline", "--scale", "0.01", "--replicates", "2", "--years", "3", "--out", "res", "--quiet"];
    let first = agroshift_in_english(&args, dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let csv = dir.path().join("res/indicators.csv");
    let before = std::fs::read(&csv).unwrap();

    let again = agroshift_in_english(&args, dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already holds results") && stderr(&again).contains("--force"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&csv).unwrap(), before, "nothing touched");

    // Not even with --force while it holds a file agroshift did not write.
    std::fs::write(dir.path().join("res/note.txt"), "mine").unwrap();
    let mut forced = args.to_vec();
    forced.push("--force");
    let o = agroshift_in_english(&forced, dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("note.txt"), "the foreign file is named: {}", stderr(&o));
    assert!(dir.path().join("res/note.txt").exists(), "nothing touched");

    std::fs::remove_file(dir.path().join("res/note.txt")).unwrap();
    // Nor while a file of the result was edited after the run wrote it
    // (a report reworked in Word): --force would lose that work.
    let report = dir.path().join("res/report.docx");
    let written = std::fs::read(&report).unwrap();
    let mut edited = written.clone();
    edited.extend_from_slice(b"the planner's changes");
    std::fs::write(&report, &edited).unwrap();
    let o = agroshift_in_english(&forced, dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("report.docx changed after agroshift wrote it"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&report).unwrap(), edited, "the edited report kept");
    std::fs::write(&report, &written).unwrap();

    let o = agroshift_in_english(&forced, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".agroshift"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders left: {leftovers:?}");
}

#[test]
fn same_seed_gives_identical_bytes_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_agroshift"))
            .args([
                "run",
                "sonla-planned",
                "--scale",
                "0.02",
                "--replicates",
                "6",
                "--years",
                "8",
                "--out",
                out,
                "--quiet",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let read = |f: &str| std::fs::read(dir.path().join(out).join(f)).unwrap();
        (read("indicators.csv"), read("results.xlsx"), read("report.html"), read("report.docx"))
    };
    let one = run("1", "t1");
    let two = run("2", "t2");
    assert!(one.0.len() > 10_000);
    assert!(one.0 == two.0, "indicators.csv differs between 1 and 2 threads");
    assert!(one.1 == two.1, "results.xlsx differs between 1 and 2 threads");
    assert!(one.2 == two.2, "report.html differs between 1 and 2 threads");
    assert!(one.3 == two.3, "report.docx differs between 1 and 2 threads");
    let manifest = std::fs::read_to_string(dir.path().join("t2/manifest.json")).unwrap();
    assert!(manifest.contains("\"threads\": 2"), "the manifest records the threads");
}

#[test]
fn different_seeds_give_different_results() {
    let dir = tempfile::tempdir().unwrap();
    let run = |seed: &str| {
        let out = format!("s{seed}");
        let o = agroshift(
            &[
                "run",
                "sonla-baseline",
                "--scale",
                "0.01",
                "--replicates",
                "2",
                "--years",
                "4",
                "--seed",
                seed,
                "--out",
                &out,
                "--quiet",
            ],
            dir.path(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read(dir.path().join(out).join("indicators.csv")).unwrap()
    };
    assert_ne!(run("1"), run("2"));
}

#[test]
fn show_prints_the_file_with_its_comments_or_resolved_with_origins() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = agroshift(&["show", "sonla-planned"], dir.path());
    assert_eq!(shipped.status.code(), Some(0), "{}", stderr(&shipped));
    let text = String::from_utf8(shipped.stdout).unwrap();
    let file = std::fs::read_to_string(test_path("../scenarios/sonla-planned.toml")).unwrap();
    assert_eq!(text, file, "a shipped scenario is shown as its file, comments and all");

    let resolved = agroshift(&["show", "--resolved", "sonla-planned"], dir.path());
    assert_eq!(resolved.status.code(), Some(0), "{}", stderr(&resolved));
    let text = String::from_utf8(resolved.stdout).unwrap();
    assert!(text.contains("target_ha_per_year = 6500  # built-in:sonla-planned"), "own values name their file");
    assert!(text.contains("replicates = 200  # built-in:sonla-baseline"), "inherited ones theirs");
    // Either form is a scenario that runs.
    std::fs::write(dir.path().join("copy.toml"), text.replace("name = \"sonla-planned\"", "name = \"copy\"")).unwrap();
    let check = agroshift(&["check", "copy.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn crops_tables_fit_100_columns_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    for (args, number) in [
        (vec!["crops"], "15.000"),
        (vec!["--lang", "en", "crops"], "15,000"),
        (vec!["crops", "--cashflow", "longan_grafted"], "-70,0"),
    ] {
        let o = agroshift(&args, dir.path());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains(number), "{args:?}: no {number} in\n{text}");
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 100, "{args:?}: a line of {widest} characters");
        // An annual crop invests nothing up front: no payback year (not 0).
        if args == ["crops"] {
            let maize = text.lines().find(|l| l.starts_with("Ngô")).expect("a maize row");
            assert!(maize.trim_end().ends_with('–'), "maize's payback: {maize}");
        }
    }
    // Nor in the file for R and Excel: an empty field, as for its IRR.
    let o = agroshift(&["crops", "--format", "csv"], dir.path());
    let text = String::from_utf8(o.stdout).unwrap();
    let maize = text.lines().find(|l| l.starts_with("maize,")).expect("a maize row");
    assert!(maize.ends_with(",,"), "maize's IRR and payback: {maize}");
}

/// A decimal typed the Vietnamese way on the command line is refused with
/// the number as it should be written; nothing runs.
#[test]
fn a_decimal_comma_on_the_command_line_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let o = agroshift(&["run", "--scale", "0,02", "--out", "r"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("số thập phân viết bằng dấu chấm (0.02)"), "{}", stderr(&o));
    let o = agroshift_in_english(&["run", "--scale", "0,02", "--out", "r"], dir.path());
    assert!(stderr(&o).contains("decimals take a point (0.02)"), "{}", stderr(&o));
    assert!(!dir.path().join("r").exists());
    let o = agroshift(&["frontier", "sonla-planned", "--step", "abc"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("\"abc\" không phải là một số"), "{}", stderr(&o));
    assert!(stderr(&o).contains("Xem hướng dẫn đầy đủ: agroshift frontier --help"), "{}", stderr(&o));
}

/// Slips a hostile pass found on the command line: each is refused (exit
/// 2) by the option it concerns, before anything runs.
#[test]
fn command_line_slips_name_their_option() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["frontier", "sonla-planned", "--crops", "longan_grafted,longan_grafted"],
            "--crops: \"longan_grafted\" is named twice",
        ),
        (&["run", "--scale", "-0.02"], "--scale: expected above 0"),
        (&["slurm", "sonla-planned", "--shards", "2", "--time", "1:30"], "for 1 h 30 min write 1:30:00"),
        (&["slurm", "sonla-planned", "--shards", "2", "--time", "99:99:99"], "is not a Slurm time limit"),
        (&["slurm", "sonla-planned", "--shards", "2", "--time", "2:00"], "for 2 h 00 min write 2:00:00"),
    ];
    for (args, says) in cases {
        let o = agroshift_in_english(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    // --quiet prints nothing but errors.
    let o = agroshift(&["slurm", "sonla-planned", "--shards", "2", "--quiet", "--out", "jobs"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// `--help` speaks the planner's language: Vietnamese by default, clap's
/// headings and defaults included; English when the command line asks.
#[test]
fn help_is_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let vi = agroshift(&["run", "--help"], dir.path());
    let en = agroshift(&["run", "--help", "--lang", "en"], dir.path());
    assert_eq!((vi.status.code(), en.status.code()), (Some(0), Some(0)));
    let (vi, en) = (String::from_utf8(vi.stdout).unwrap(), String::from_utf8(en.stdout).unwrap());
    assert!(vi.starts_with("Mô phỏng một kịch bản"), "{vi}");
    assert!(vi.contains("Cách dùng: agroshift run") && vi.contains("[mặc định: sonla-restructuring]"), "{vi}");
    assert!(!vi.contains("Usage:") && !vi.contains("[default:"), "{vi}");
    assert!(en.starts_with("Simulate a scenario") && en.contains("Usage: agroshift run"), "{en}");
    let widest = vi.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 100, "a help line of {widest} characters");
}

/// A scenario saved by Notepad on Windows is often "plan.toml.txt" with
/// the ending hidden: the refusal names the file that is there.
#[test]
fn a_hidden_txt_ending_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.toml.txt"), "").unwrap();
    let o = agroshift(&["check", "plan.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("gợi ý: tệp có tên thật là plan.toml.txt (Windows thường ẩn đuôi .txt)"),
        "{}",
        stderr(&o)
    );
}

/// A quick run whose scale leaves a crop's base-year area far from the
/// file's says so (grafted mango, 600 ha in a few districts, comes out at
/// about half at scale 0.01), and still runs.
#[test]
fn a_base_year_area_far_from_the_files_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let o = crate::common::agroshift_in_english(
        &["run", "sonla-restructuring", "--scale", "0.01", "--replicates", "1", "--years", "1", "--out", "o"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    let said = crate::common::stderr(&o);
    let line = said
        .lines()
        .find(|l| l.contains("of grafted mango against 600 ha in the file"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(line.starts_with("warning: at scale 0.01 the province's base year has "), "{line}");
    assert!(!said.contains("of maize against"), "maize, on thousands of parcels, comes out close: {said}");
}

#[test]
fn a_run_prints_its_plan_periods_budget_within_100_columns() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["run", "sonla-restructuring", "--scale", "0.01", "--replicates", "2", "--years", "7", "--out", "r"];
    let o = agroshift(&args, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let budget = text.split("Ngân sách theo kỳ kế hoạch (").nth(1).expect("a budget table after the key table");
    // The periods as far as the run reaches (2016–2022), and the items of the report.
    let header = budget.lines().nth(1).unwrap_or_default();
    assert!(header.contains("2016–2020") && header.contains("2021–2022"), "{budget}");
    assert!(budget.contains("Tổng kinh phí hỗ trợ (tỷ đồng)") && budget.contains("Dư nợ cuối kỳ"), "{budget}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 100, "a line of {widest} characters:\n{text}");
}
